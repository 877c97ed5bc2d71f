/*
 * epoll_pwait04: epoll_pwait(2) and epoll_pwait2(2) fail with EFAULT when
 * the sigmask points at an unmapped page (even with an event ready).
 */
#include "epoll_pwait_var.h"

static int efd = -1, sfd[2] = { -1, -1 };
static void *bad_addr;

static void run(unsigned int n)
{
	struct epoll_event e;

	if (!set_variant(n))
		return;
	TST_EXP_FAIL2(do_epoll_pwait(efd, &e, 1, NULL, bad_addr), EFAULT,
		      "%s with an invalid sigmask pointer", variant_name());
}

static void setup(void)
{
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_STREAM, 0, sfd);
	efd = TST_EPOLL_WATCH(sfd[0], EPOLLIN);
	SAFE_WRITE(1, sfd[1], "w", 1);
	bad_addr = tst_get_bad_addr(NULL);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(efd, sfd);
}

static struct tst_test test = {
	.tcnt = TEST_VARIANTS,
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
