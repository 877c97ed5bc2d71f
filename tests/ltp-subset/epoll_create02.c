/*
 * epoll_create02: the epoll_create(2) system call fails with EINVAL when
 * size is not greater than zero (0 and -1). arm64 has no epoll_create
 * system call (only epoll_create1), so there the test is TCONF, as LTP's
 * is; the C library's epoll_create wrapper is not what is tested.
 */
#include <sys/syscall.h>
#include "tst_test.h"

static int sizes[] = { 0, -1 };

static void run(unsigned int n)
{
#ifdef SYS_epoll_create
	TST_EXP_FAIL2(syscall(SYS_epoll_create, sizes[n]), EINVAL,
		      "epoll_create(%d)", sizes[n]);
#else
	(void)n;
	tst_brk(TCONF, "no epoll_create system call on this architecture");
#endif
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(sizes),
	.test = run,
};
