/*
 * sendmmsg01: sendmmsg() of two messages (the first gathered from two
 * iovecs) on a connected UDP socket: both sent, msg_len filled in; the
 * receiver gets them with recvmmsg() and a timeout, then nothing more
 * (EAGAIN with MSG_DONTWAIT).
 */
#include "sock_common.h"

#include <sys/syscall.h>

static int rcv = -1, snd = -1;

static void setup(void)
{
	struct sockaddr_in addr;

	rcv = sock_udp_bound(&addr);
	snd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_CONNECT(snd, (struct sockaddr *)&addr, sizeof(addr));
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
	struct iovec msg1[2] = { { "one", 3 }, { "two", 3 } };
	struct iovec msg2 = { "three", 5 };
	struct mmsghdr smsg[2], rmsg[2];
	char rb1[16], rb2[16];
	struct iovec riov[2] = { { rb1, sizeof(rb1) }, { rb2, sizeof(rb2) } };
	struct timespec ts = { 1, 0 };
	int i;

	memset(smsg, 0, sizeof(smsg));
	memset(rmsg, 0, sizeof(rmsg));
	smsg[0].msg_hdr.msg_iov = msg1;
	smsg[0].msg_hdr.msg_iovlen = 2;
	smsg[1].msg_hdr.msg_iov = &msg2;
	smsg[1].msg_hdr.msg_iovlen = 1;
	TST_EXP_VAL(syscall(SYS_sendmmsg, snd, smsg, 2, 0), 2,
		    "sendmmsg() of two messages");
	/* recvmmsg()'s timeout does not cover the wait for the first
	 * datagram: without the messages it would block for good. */
	if (!TST_PASS)
		return;
	TST_EXP_EQ_LU(smsg[0].msg_len, 6);
	TST_EXP_EQ_LU(smsg[1].msg_len, 5);

	for (i = 0; i < 2; i++) {
		rmsg[i].msg_hdr.msg_iov = &riov[i];
		rmsg[i].msg_hdr.msg_iovlen = 1;
	}
	TST_EXP_VAL(syscall(SYS_recvmmsg, rcv, rmsg, 2, 0, &ts), 2,
		    "recvmmsg() with a timeout");
	TST_EXP_EQ_LU(rmsg[0].msg_len, 6);
	TST_EXP_EQ_LU(rmsg[1].msg_len, 5);
	TST_EXP_EXPR(!memcmp(rb1, "onetwo", 6) && !memcmp(rb2, "three", 5),
		     "the data of both messages");
	TST_EXP_FAIL2(syscall(SYS_recvmmsg, rcv, rmsg, 2, MSG_DONTWAIT, NULL),
		      EAGAIN, "nothing more");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
