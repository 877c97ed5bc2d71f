/*
 * shutdown02: shutdown() errors: EBADF, ENOTSOCK, EINVAL for a bad "how"
 * (checked before the state), ENOTCONN for an unconnected TCP socket.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, tcp_fd = -1;

static struct tcase {
	int *fd;
	int how;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, SHUT_RDWR, EBADF, "bad file descriptor" },
	{ &devnull_fd, SHUT_RDWR, ENOTSOCK, "not a socket" },
	{ &tcp_fd, -1, EINVAL, "how = -1" },
	{ &tcp_fd, 3, EINVAL, "how = 3" },
	{ &tcp_fd, SHUT_RDWR, ENOTCONN, "unconnected TCP socket" },
};

static void setup(void)
{
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	tcp_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (tcp_fd >= 0)
		SAFE_CLOSE(tcp_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL(shutdown(*tc->fd, tc->how), tc->exp_errno, "%s",
		     tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
