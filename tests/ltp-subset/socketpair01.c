/*
 * socketpair01: socketpair() errors (EAFNOSUPPORT, EINVAL for an unknown
 * type, EOPNOTSUPP for AF_INET, EFAULT for a bad vector, EPROTONOSUPPORT
 * for a protocol AF_UNIX does not have) and UNIX stream and datagram
 * pairs.
 */
#include "sock_common.h"

static int sv[2];

static struct tcase {
	int domain;
	int type;
	int proto;
	int *sv;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ 0, 0, 0, sv, EAFNOSUPPORT, "invalid domain" },
	{ PF_UNIX, 75, 0, sv, EINVAL, "invalid type" },
	{ PF_INET, SOCK_DGRAM, 0, sv, EOPNOTSUPP, "AF_INET dgram" },
	{ PF_INET, SOCK_STREAM, 0, sv, EOPNOTSUPP, "AF_INET stream" },
	{ PF_UNIX, SOCK_STREAM, 0, (int *)-1, EFAULT, "invalid sv" },
	{ PF_UNIX, SOCK_STREAM, 0, sv, 0, "UNIX domain stream" },
	{ PF_UNIX, SOCK_DGRAM, 0, sv, 0, "UNIX domain dgram" },
	{ PF_UNIX, SOCK_STREAM, 6, sv, EPROTONOSUPPORT, "UNIX stream, protocol 6" },
	{ PF_UNIX, SOCK_DGRAM, 17, sv, EPROTONOSUPPORT, "UNIX dgram, protocol 17" },
	{ PF_INET, SOCK_STREAM, 1, sv, EPROTONOSUPPORT, "ICMP stream" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	char c = 0;

	if (tc->exp_errno) {
		TST_EXP_FAIL(socketpair(tc->domain, tc->type, tc->proto, tc->sv),
			     tc->exp_errno, "%s", tc->desc);
		return;
	}
	TST_EXP_PASS(socketpair(tc->domain, tc->type, tc->proto, tc->sv),
		     "%s", tc->desc);
	if (!TST_PASS)
		return;
	SAFE_WRITE(1, sv[0], "x", 1);
	TST_EXP_VAL(read(sv[1], &c, 1), 1, "%s: one byte across", tc->desc);
	TST_EXP_EQ_LI(c, 'x');
	SAFE_CLOSE(sv[0]);
	SAFE_CLOSE(sv[1]);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.test = run,
};
