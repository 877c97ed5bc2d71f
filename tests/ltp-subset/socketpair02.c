/*
 * socketpair02: socketpair() type flags. SOCK_CLOEXEC and SOCK_NONBLOCK
 * go on both descriptors, each exactly when given; another flag bit is
 * EINVAL.
 */
#include "sock_common.h"

static struct tcase {
	int type;
	int flags;
	const char *desc;
} tcases[] = {
	{ SOCK_STREAM, 0, "no flags" },
	{ SOCK_STREAM, SOCK_CLOEXEC, "SOCK_CLOEXEC" },
	{ SOCK_DGRAM, SOCK_NONBLOCK, "SOCK_NONBLOCK" },
	{ SOCK_SEQPACKET, SOCK_CLOEXEC | SOCK_NONBLOCK, "both flags" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	int sv[2], i, fdfl, fl;

	SAFE_SOCKETPAIR(AF_UNIX, tc->type | tc->flags, 0, sv);
	for (i = 0; i < 2; i++) {
		fdfl = fcntl(sv[i], F_GETFD);
		fl = fcntl(sv[i], F_GETFL);
		TST_EXP_EXPR(!!(fdfl & FD_CLOEXEC) == !!(tc->flags & SOCK_CLOEXEC),
			     "%s: sv[%d] FD_CLOEXEC %s", tc->desc, i,
			     (fdfl & FD_CLOEXEC) ? "set" : "clear");
		TST_EXP_EXPR(!!(fl & O_NONBLOCK) == !!(tc->flags & SOCK_NONBLOCK),
			     "%s: sv[%d] O_NONBLOCK %s", tc->desc, i,
			     (fl & O_NONBLOCK) ? "set" : "clear");
	}
	SAFE_CLOSE(sv[0]);
	SAFE_CLOSE(sv[1]);
	if (n == ARRAY_SIZE(tcases) - 1)
		TST_EXP_FAIL(socketpair(AF_UNIX, SOCK_STREAM | 0x400, 0, sv),
			     EINVAL, "socketpair() with flag bit 0x400");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.test = run,
};
