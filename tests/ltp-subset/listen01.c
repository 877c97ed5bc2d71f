/*
 * listen01: listen() errors (EBADF, ENOTSOCK, EOPNOTSUPP on UDP) and a
 * TCP listener that reports SO_ACCEPTCONN.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, udp_fd = -1, tcp_fd = -1;

static struct tcase {
	int *fd;
	int backlog;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, 0, EBADF, "bad file descriptor" },
	{ &devnull_fd, 0, ENOTSOCK, "not a socket" },
	{ &udp_fd, 0, EOPNOTSUPP, "UDP listen" },
	{ &tcp_fd, 5, 0, "TCP listen" },
};

static void setup(void)
{
	struct sockaddr_in a = sock_lo_addr(0);

	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	udp_fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_BIND(udp_fd, (struct sockaddr *)&a, sizeof(a));
	tcp_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_BIND(tcp_fd, (struct sockaddr *)&a, sizeof(a));
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (udp_fd >= 0)
		SAFE_CLOSE(udp_fd);
	if (tcp_fd >= 0)
		SAFE_CLOSE(tcp_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	int val = 0;
	socklen_t len = sizeof(val);

	if (tc->exp_errno) {
		TST_EXP_FAIL(listen(*tc->fd, tc->backlog), tc->exp_errno,
			     "%s", tc->desc);
		return;
	}
	TST_EXP_PASS(listen(*tc->fd, tc->backlog), "%s", tc->desc);
	SAFE_GETSOCKOPT(*tc->fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &len);
	TST_EXP_EQ_LI(val, 1);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
