/*
 * getsockopt01: getsockopt() errors: EBADF, ENOTSOCK, EFAULT for a bad
 * value or length pointer, EINVAL for a negative length, EOPNOTSUPP for a
 * level TCP does not know (passed on to IP, which answers so in Linux 6.1),
 * ENOPROTOOPT for unknown names at the IP and TCP levels,
 * ENOTCONN for SO_PEERNAME of an unconnected socket; SO_PEERNAME of a
 * connected one, and EINVAL for a buffer longer than the address.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, sock_fd = -1;
static int optval;
static socklen_t optlen, neglen;

static struct tcase {
	int *fd;
	int level;
	int optname;
	void *optval;
	socklen_t *optlen;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, SOL_SOCKET, SO_OOBINLINE, &optval, &optlen, EBADF, "bad file descriptor" },
	{ &devnull_fd, SOL_SOCKET, SO_OOBINLINE, &optval, &optlen, ENOTSOCK, "fd is not a socket" },
	{ &sock_fd, SOL_SOCKET, SO_OOBINLINE, NULL, &optlen, EFAULT, "invalid option buffer" },
	{ &sock_fd, SOL_SOCKET, SO_OOBINLINE, &optval, NULL, EFAULT, "invalid optlen pointer" },
	{ &sock_fd, SOL_SOCKET, SO_OOBINLINE, &optval, &neglen, EINVAL, "negative optlen" },
	{ &sock_fd, 500, SO_OOBINLINE, &optval, &optlen, EOPNOTSUPP, "invalid level (IP answers it)" },
	{ &sock_fd, IPPROTO_UDP, SO_OOBINLINE, &optval, &optlen, EOPNOTSUPP, "UDP level on a TCP socket (IP answers it)" },
	{ &sock_fd, IPPROTO_IP, -1, &optval, &optlen, ENOPROTOOPT, "invalid option name (IP)" },
	{ &sock_fd, IPPROTO_TCP, -1, &optval, &optlen, ENOPROTOOPT, "invalid option name (TCP)" },
	{ &sock_fd, SOL_SOCKET, SO_PEERNAME, &optval, &optlen, ENOTCONN, "SO_PEERNAME of an unconnected socket" },
};

static void setup(void)
{
	struct sockaddr_in a = sock_lo_addr(0);

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

/* SO_PEERNAME of a connected socket: the peer, and a buffer longer than
 * the address is EINVAL. */
static void check_peername(void)
{
	struct sockaddr_in peer, name;
	socklen_t len = sizeof(peer), nlen = sizeof(name);
	char big[sizeof(peer) + 16];
	int cli, srv;

	sock_tcp_pair(&cli, &srv);
	SAFE_GETSOCKNAME(srv, (struct sockaddr *)&name, &nlen);
	TST_EXP_PASS(getsockopt(cli, SOL_SOCKET, SO_PEERNAME, &peer, &len),
		     "SO_PEERNAME of a connected socket");
	TST_EXP_EQ_LU(len, sizeof(peer));
	TST_EXP_EXPR(peer.sin_family == AF_INET &&
		     peer.sin_port == name.sin_port &&
		     peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		     "SO_PEERNAME is the accepting socket's name");
	len = sizeof(big);
	TST_EXP_FAIL(getsockopt(cli, SOL_SOCKET, SO_PEERNAME, big, &len),
		     EINVAL, "SO_PEERNAME into a buffer longer than the address");
	SAFE_CLOSE(cli);
	SAFE_CLOSE(srv);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	optlen = sizeof(optval);
	neglen = (socklen_t)-1;
	TST_EXP_FAIL(getsockopt(*tc->fd, tc->level, tc->optname, tc->optval,
				tc->optlen), tc->exp_errno, "%s", tc->desc);
	if (tc->optname == SO_PEERNAME)
		check_peername();
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
