/*
 * setsockopt01: setsockopt() errors: EBADF, ENOTSOCK, EFAULT for a bad
 * value, EINVAL for a short length, ENOPROTOOPT for an unknown level and
 * for unknown names at the UDP, IP and TCP levels.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, sock_fd = -1;
static int optval = 1;

static struct tcase {
	int *fd;
	int level;
	int optname;
	void *optval;
	socklen_t optlen;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, SOL_SOCKET, SO_OOBINLINE, &optval, sizeof(optval), EBADF, "bad file descriptor" },
	{ &devnull_fd, SOL_SOCKET, SO_OOBINLINE, &optval, sizeof(optval), ENOTSOCK, "fd is not a socket" },
	{ &sock_fd, SOL_SOCKET, SO_OOBINLINE, NULL, sizeof(optval), EFAULT, "invalid option buffer" },
	{ &sock_fd, SOL_SOCKET, SO_OOBINLINE, &optval, 0, EINVAL, "invalid optlen" },
	{ &sock_fd, 500, SO_OOBINLINE, &optval, sizeof(optval), ENOPROTOOPT, "invalid level" },
	{ &sock_fd, IPPROTO_UDP, SO_OOBINLINE, &optval, sizeof(optval), ENOPROTOOPT, "invalid option name (UDP)" },
	{ &sock_fd, IPPROTO_IP, -1, &optval, sizeof(optval), ENOPROTOOPT, "invalid option name (IP)" },
	{ &sock_fd, IPPROTO_TCP, -1, &optval, sizeof(optval), ENOPROTOOPT, "invalid option name (TCP)" },
};

static void setup(void)
{
	struct sockaddr_in a;

	tst_init_sockaddr_inet_bin(&a, INADDR_ANY, 0);
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_BIND(sock_fd, (struct sockaddr *)&a, sizeof(a));
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (sock_fd >= 0)
		SAFE_CLOSE(sock_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL(setsockopt(*tc->fd, tc->level, tc->optname, tc->optval,
				tc->optlen), tc->exp_errno, "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
