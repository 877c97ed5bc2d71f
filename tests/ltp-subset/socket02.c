/*
 * socket02: socket() and socketpair() type flags. SOCK_CLOEXEC sets
 * FD_CLOEXEC and SOCK_NONBLOCK sets O_NONBLOCK on the new descriptors,
 * each exactly when given; another flag bit is EINVAL.
 */
#include "sock_common.h"

static struct tcase {
	int domain;
	int type;
	int flags;
	const char *desc;
} tcases[] = {
	{ AF_INET, SOCK_STREAM, 0, "TCP, no flags" },
	{ AF_INET, SOCK_STREAM, SOCK_CLOEXEC, "TCP, SOCK_CLOEXEC" },
	{ AF_INET, SOCK_DGRAM, SOCK_NONBLOCK, "UDP, SOCK_NONBLOCK" },
	{ AF_UNIX, SOCK_STREAM, SOCK_CLOEXEC | SOCK_NONBLOCK, "UNIX stream, both flags" },
};

/* The same flags on both ends of a socketpair(). */
static void check_pair(struct tcase *tc)
{
	int sv[2], i, fdfl, fl;

	SAFE_SOCKETPAIR(AF_UNIX, SOCK_STREAM | tc->flags, 0, sv);
	for (i = 0; i < 2; i++) {
		fdfl = fcntl(sv[i], F_GETFD);
		fl = fcntl(sv[i], F_GETFL);
		TST_EXP_EXPR(!!(fdfl & FD_CLOEXEC) == !!(tc->flags & SOCK_CLOEXEC) &&
			     !!(fl & O_NONBLOCK) == !!(tc->flags & SOCK_NONBLOCK),
			     "%s: socketpair() fds[%d] flags", tc->desc, i);
		SAFE_CLOSE(sv[i]);
	}
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	int fd, fdfl, fl;

	fd = SAFE_SOCKET(tc->domain, tc->type | tc->flags, 0);
	fdfl = fcntl(fd, F_GETFD);
	fl = fcntl(fd, F_GETFL);
	TST_EXP_EXPR(!!(fdfl & FD_CLOEXEC) == !!(tc->flags & SOCK_CLOEXEC),
		     "%s: FD_CLOEXEC %s", tc->desc,
		     (fdfl & FD_CLOEXEC) ? "set" : "clear");
	TST_EXP_EXPR(!!(fl & O_NONBLOCK) == !!(tc->flags & SOCK_NONBLOCK),
		     "%s: O_NONBLOCK %s", tc->desc,
		     (fl & O_NONBLOCK) ? "set" : "clear");
	TST_EXP_EXPR((fl & O_ACCMODE) == O_RDWR, "%s: O_RDWR", tc->desc);
	SAFE_CLOSE(fd);
	check_pair(tc);
	if (n == ARRAY_SIZE(tcases) - 1)
		TST_EXP_FAIL2(socket(AF_INET, SOCK_STREAM | 0x400, 0), EINVAL,
			      "socket() with flag bit 0x400");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.test = run,
};
