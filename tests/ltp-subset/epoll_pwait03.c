/*
 * epoll_pwait03: epoll_pwait(2) and epoll_pwait2(2) time out correctly:
 * with an idle socket registered they return 0 after no less than the
 * timeout, and not much more.
 */
#include "epoll_pwait_var.h"

static int efd = -1, sfd[2] = { -1, -1 };

static int sample(long long usec)
{
	struct timespec ts = { usec / 1000000, usec % 1000000 * 1000 };
	struct epoll_event e;

	TEST(do_epoll_pwait(efd, &e, 1, &ts, NULL));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "%s returned %ld on timeout",
			variant_name(), TST_RET);
		return 1;
	}
	return 0;
}

static void run(unsigned int n)
{
	if (!set_variant(n))
		return;
	tst_timer_test(variant_name(), sample);
}

static void setup(void)
{
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_STREAM, 0, sfd);
	efd = TST_EPOLL_WATCH(sfd[0], EPOLLIN);
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
