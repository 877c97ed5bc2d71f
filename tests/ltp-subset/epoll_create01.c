/*
 * epoll_create01: epoll_create(2) succeeds for any size greater than zero
 * (1 and INT_MAX), returning a descriptor without FD_CLOEXEC. On arm64
 * the C library makes it epoll_create1(0) after checking the size.
 */
#include <limits.h>
#include "tst_test.h"

static int sizes[] = { 1, INT_MAX };

static void run(unsigned int n)
{
	TST_EXP_FD(epoll_create(sizes[n]), "epoll_create(%d)", sizes[n]);
	if (!TST_PASS)
		return;
	TST_EXP_EQ_LI(fcntl(TST_RET, F_GETFD) & FD_CLOEXEC, 0);
	SAFE_CLOSE(TST_RET);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(sizes),
	.test = run,
};
