/*
 * epoll_create1_01: epoll_create1(EPOLL_CLOEXEC) returns a descriptor with
 * FD_CLOEXEC set; epoll_create1(0) one without.
 */
#include "tst_test.h"

static struct tcase {
	int flags;
	int exp_cloexec;
	const char *desc;
} tcases[] = {
	{ EPOLL_CLOEXEC, FD_CLOEXEC, "EPOLL_CLOEXEC" },
	{ 0, 0, "0" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	int fd = SAFE_EPOLL_CREATE1(tc->flags);
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0)
		tst_brk(TBROK | TERRNO, "fcntl(F_GETFD)");
	if ((flags & FD_CLOEXEC) == tc->exp_cloexec)
		tst_res(TPASS, "epoll_create1(%s): FD_CLOEXEC %s", tc->desc,
			tc->exp_cloexec ? "set" : "clear");
	else
		tst_res(TFAIL, "epoll_create1(%s): FD flags 0x%x", tc->desc,
			flags);
	SAFE_CLOSE(fd);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.test = run,
};
