/*
 * epoll_pwait05: epoll_pwait2(2) fails with EINVAL for an invalid
 * timespec: tv_sec < 0, tv_nsec < 0, tv_nsec >= 1e9 (an event is ready).
 */
#include "epoll_pwait_var.h"

static int efd = -1, sfd[2] = { -1, -1 };

static struct tcase {
	struct timespec ts;
	const char *desc;
} tcases[] = {
	{ { -1, 0 }, "ts.tv_sec < 0" },
	{ { 0, -1 }, "ts.tv_nsec < 0" },
	{ { 0, 1000000000L }, "ts.tv_nsec >= NSEC_PER_SEC" },
};

static void run(unsigned int n)
{
	struct epoll_event e;

	if (!set_variant(1))
		return;
	TST_EXP_FAIL2(epoll_pwait2_raw(efd, &e, 1, &tcases[n].ts, NULL), EINVAL,
		      "epoll_pwait2() with %s", tcases[n].desc);
}

static void setup(void)
{
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_STREAM, 0, sfd);
	efd = TST_EPOLL_WATCH(sfd[0], EPOLLIN);
	SAFE_WRITE(1, sfd[1], "w", 1);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(efd, sfd);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
