/*
 * recvmmsg01: recvmmsg() on a UDP socket: EBADF, EFAULT for a bad vector,
 * EINVAL for a timeout with bad nanoseconds, EFAULT for a bad timeout
 * pointer; then two waiting datagrams in one call, with their lengths.
 * Raw system calls, as the C library may read the arguments itself.
 */
#include "sock_common.h"

#include <sys/syscall.h>

static int bad_fd = 400, rcv = -1, snd = -1;
static struct sockaddr_in addr;
static char buf1[16], buf2[16];
static struct iovec iov[2] = { { buf1, sizeof(buf1) }, { buf2, sizeof(buf2) } };
static struct mmsghdr msgs[2];
static struct timespec ts_ok = { 1, 0 }, ts_bad = { 0, -1 };

static struct tcase {
	int *fd;
	void *vec;
	void *timeout;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, msgs, &ts_ok, EBADF, "bad file descriptor" },
	{ &rcv, (void *)-1, &ts_ok, EFAULT, "bad message vector address" },
	{ &rcv, msgs, &ts_bad, EINVAL, "negative timeout nanoseconds" },
	{ &rcv, msgs, (void *)-1, EFAULT, "bad timeout address" },
};

static void setup(void)
{
	int i;

	rcv = sock_udp_bound(&addr);
	snd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	for (i = 0; i < 2; i++) {
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
}

static void cleanup(void)
{
	if (rcv >= 0)
		SAFE_CLOSE(rcv);
	if (snd >= 0)
		SAFE_CLOSE(snd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL2(syscall(SYS_recvmmsg, *tc->fd, tc->vec, 2, 0,
			      tc->timeout), tc->exp_errno, "%s", tc->desc);
	if (n != ARRAY_SIZE(tcases) - 1)
		return;
	SAFE_SENDTO(1, snd, "one", 3, 0, (struct sockaddr *)&addr, sizeof(addr));
	SAFE_SENDTO(1, snd, "three", 5, 0, (struct sockaddr *)&addr,
		    sizeof(addr));
	TST_EXP_VAL(syscall(SYS_recvmmsg, rcv, msgs, 2, 0, &ts_ok), 2,
		    "two datagrams waiting");
	TST_EXP_EQ_LU(msgs[0].msg_len, 3);
	TST_EXP_EQ_LU(msgs[1].msg_len, 5);
	TST_EXP_EXPR(!memcmp(buf1, "one", 3) && !memcmp(buf2, "three", 5),
		     "the data of both");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
