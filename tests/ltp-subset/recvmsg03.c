/*
 * recvmsg03: RDS over loopback (the rds_recvmsg address leak): a message
 * received with recvmsg() names its sender in a sockaddr_in whose padding
 * is zero, whatever the buffer held before. Needs AF_RDS (TCONF without).
 */
#include "sock_common.h"

#ifndef AF_RDS
#define AF_RDS 21
#endif

static int rcv = -1, snd = -1;

static void setup(void)
{
	rcv = socket(AF_RDS, SOCK_SEQPACKET, 0);
	if (rcv < 0 && (errno == EAFNOSUPPORT || errno == ESOCKTNOSUPPORT ||
			errno == EPROTONOSUPPORT))
		tst_brk(TCONF | TERRNO, "AF_RDS sockets not supported");
	if (rcv < 0)
		tst_brk(TBROK | TERRNO, "socket(AF_RDS)");
	snd = SAFE_SOCKET(AF_RDS, SOCK_SEQPACKET, 0);
}

static void cleanup(void)
{
	if (rcv >= 0)
		SAFE_CLOSE(rcv);
	if (snd >= 0)
		SAFE_CLOSE(snd);
}

static void run(void)
{
	struct sockaddr_in ra = sock_lo_addr(4000), sa = sock_lo_addr(4001);
	struct sockaddr_in from;
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};

	SAFE_BIND(rcv, (struct sockaddr *)&ra, sizeof(ra));
	SAFE_BIND(snd, (struct sockaddr *)&sa, sizeof(sa));
	SAFE_SENDTO(1, snd, "rds", 3, 0, (struct sockaddr *)&ra, sizeof(ra));
	memset(&from, 0xff, sizeof(from));
	TST_EXP_VAL(recvmsg(rcv, &msg, 0), 3);
	TST_EXP_EXPR(from.sin_family == AF_INET && from.sin_port == sa.sin_port,
		     "the sender is 127.0.0.1:4001");
	TST_EXP_EXPR(!memcmp(from.sin_zero, "\0\0\0\0\0\0\0\0", 8),
		     "sin_zero cleared");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
