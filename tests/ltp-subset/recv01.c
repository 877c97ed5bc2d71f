/*
 * recv01: recv() results on a connected TCP socket with data waiting:
 * EBADF, ENOTSOCK, EFAULT for a bad buffer, EINVAL for MSG_OOB without
 * urgent data, EAGAIN for MSG_ERRQUEUE with an empty error queue; then the
 * data itself.
 */
#include "sock_common.h"

#define DATALEN 16

static int bad_fd = 400, devnull_fd = -1, cli = -1, srv = -1;
static char buf[1024];

static struct tcase {
	int *fd;
	void *buf;
	int flags;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, buf, 0, EBADF, "bad file descriptor" },
	{ &devnull_fd, buf, 0, ENOTSOCK, "invalid socket" },
	{ &cli, (void *)-1, 0, EFAULT, "invalid recv buffer" },
	{ &cli, buf, MSG_OOB, EINVAL, "invalid MSG_OOB flag set" },
	{ &cli, buf, MSG_ERRQUEUE, EAGAIN, "invalid MSG_ERRQUEUE flag set" },
	{ &cli, buf, 0, 0, "data" },
};

static void setup(void)
{
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_tcp_pair(&cli, &srv);
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (cli >= 0)
		SAFE_CLOSE(cli);
	if (srv >= 0)
		SAFE_CLOSE(srv);
}

/* Leaves exactly DATALEN bytes waiting on cli. */
static void refill(void)
{
	char junk[256];

	while (recv(cli, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	SAFE_SEND(1, srv, "0123456789abcdef", DATALEN, 0);
	/* Let the bytes cross loopback before the call looks. */
	TEST(recv(cli, junk, 1, MSG_PEEK));
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	refill();
	if (tc->exp_errno) {
		TST_EXP_FAIL2(recv(*tc->fd, tc->buf, sizeof(buf), tc->flags),
			      tc->exp_errno, "%s", tc->desc);
		return;
	}
	TST_EXP_VAL(recv(*tc->fd, tc->buf, sizeof(buf), tc->flags), DATALEN,
		    "%s", tc->desc);
	TST_EXP_EXPR(!memcmp(buf, "0123456789abcdef", DATALEN),
		     "the bytes sent");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
