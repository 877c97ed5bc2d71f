/*
 * sendmmsg02: sendmmsg() errors: EBADF for a bad descriptor, EFAULT for a
 * bad message vector (nothing sent); a bad second message after a good
 * first returns 1, the count sent.
 */
#include "sock_common.h"

#include <sys/syscall.h>

static int bad_fd = 400, snd = -1, rcv = -1;
static struct iovec iov = { "data", 4 };
static struct mmsghdr msgs[2];

static struct tcase {
	int *fd;
	void *vec;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, msgs, EBADF, "bad file descriptor" },
	{ &snd, (void *)-1, EFAULT, "bad message vector address" },
};

static void setup(void)
{
	struct sockaddr_in addr;

	rcv = sock_udp_bound(&addr);
	snd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_CONNECT(snd, (struct sockaddr *)&addr, sizeof(addr));
	msgs[0].msg_hdr.msg_iov = &iov;
	msgs[0].msg_hdr.msg_iovlen = 1;
	msgs[1].msg_hdr.msg_iov = (struct iovec *)-1;
	msgs[1].msg_hdr.msg_iovlen = 1;
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
	char b[8];

	TST_EXP_FAIL2(syscall(SYS_sendmmsg, *tc->fd, tc->vec, 2, 0),
		      tc->exp_errno, "%s", tc->desc);
	if (n != ARRAY_SIZE(tcases) - 1)
		return;
	TST_EXP_VAL(syscall(SYS_sendmmsg, snd, msgs, 2, 0), 1,
		    "good message then bad iovec: the count sent");
	TST_EXP_VAL(recv(rcv, b, sizeof(b), MSG_DONTWAIT), 4,
		    "the first message arrived");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
