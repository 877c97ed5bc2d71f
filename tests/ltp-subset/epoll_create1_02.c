/*
 * epoll_create1_02: epoll_create1(2) fails with EINVAL for flags other
 * than EPOLL_CLOEXEC (-1 and EPOLL_CLOEXEC + 1).
 */
#include "tst_test.h"

static int flags[] = { -1, EPOLL_CLOEXEC + 1 };

static void run(unsigned int n)
{
	TST_EXP_FAIL2(epoll_create1(flags[n]), EINVAL, "epoll_create1(0x%x)",
		      flags[n]);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(flags),
	.test = run,
};
