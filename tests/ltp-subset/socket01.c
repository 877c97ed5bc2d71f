/*
 * socket01: socket() with good and bad domain, type and protocol: an
 * unknown domain is EAFNOSUPPORT, an unknown type EINVAL, a protocol that
 * does not go with the type EPROTONOSUPPORT; UNIX datagram, UDP and TCP
 * sockets are made.
 */
#include "sock_common.h"

static struct tcase {
	int domain;
	int type;
	int proto;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ 0, 0, 0, EAFNOSUPPORT, "invalid domain" },
	{ PF_INET, 75, 0, EINVAL, "invalid type" },
	{ PF_UNIX, SOCK_DGRAM, 0, 0, "UNIX domain dgram" },
	{ PF_INET, SOCK_RAW, 0, EPROTONOSUPPORT, "raw open, protocol 0" },
	{ PF_INET, SOCK_DGRAM, 17, 0, "UDP socket" },
	{ PF_INET, SOCK_STREAM, 17, EPROTONOSUPPORT, "UDP stream" },
	{ PF_INET, SOCK_DGRAM, 6, EPROTONOSUPPORT, "TCP dgram" },
	{ PF_INET, SOCK_STREAM, 6, 0, "TCP socket" },
	{ PF_INET, SOCK_STREAM, 1, EPROTONOSUPPORT, "ICMP stream" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	if (tc->exp_errno) {
		TST_EXP_FAIL2(socket(tc->domain, tc->type, tc->proto),
			      tc->exp_errno, "%s", tc->desc);
		return;
	}
	TST_EXP_FD(socket(tc->domain, tc->type, tc->proto), "%s", tc->desc);
	if (TST_PASS)
		close(TST_RET);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.test = run,
};
