/*
 * getpeername01: getpeername() errors (EBADF, ENOTSOCK, ENOTCONN, EFAULT
 * for a bad address or length pointer, EINVAL for a negative length) and
 * the peer's address of a connected TCP socket.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, unconn_fd = -1;
static int cli_fd = -1, srv_fd = -1;
static struct sockaddr_in fsin;
static socklen_t sinlen, neglen;

static struct tcase {
	int *fd;
	struct sockaddr *addr;
	socklen_t *len;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, (struct sockaddr *)&fsin, &sinlen, EBADF, "bad file descriptor" },
	{ &devnull_fd, (struct sockaddr *)&fsin, &sinlen, ENOTSOCK, "fd is not a socket" },
	{ &unconn_fd, (struct sockaddr *)&fsin, &sinlen, ENOTCONN, "socket not connected" },
	{ &cli_fd, (struct sockaddr *)-1, &sinlen, EFAULT, "invalid socket buffer" },
	{ &cli_fd, (struct sockaddr *)&fsin, (socklen_t *)-1, EFAULT, "invalid aligned salen" },
	{ &cli_fd, (struct sockaddr *)&fsin, (socklen_t *)1, EFAULT, "invalid unaligned salen" },
	{ &cli_fd, (struct sockaddr *)&fsin, &neglen, EINVAL, "negative salen" },
};

static void setup(void)
{
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	unconn_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	sock_tcp_pair(&cli_fd, &srv_fd);
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (unconn_fd >= 0)
		SAFE_CLOSE(unconn_fd);
	if (cli_fd >= 0)
		SAFE_CLOSE(cli_fd);
	if (srv_fd >= 0)
		SAFE_CLOSE(srv_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_in name, peer;
	socklen_t nlen = sizeof(name);

	sinlen = sizeof(fsin);
	neglen = (socklen_t)-1;
	TST_EXP_FAIL(getpeername(*tc->fd, tc->addr, tc->len), tc->exp_errno,
		     "%s", tc->desc);
	if (n != ARRAY_SIZE(tcases) - 1)
		return;
	SAFE_GETSOCKNAME(srv_fd, (struct sockaddr *)&name, &nlen);
	sinlen = sizeof(peer);
	TST_EXP_PASS(getpeername(cli_fd, (struct sockaddr *)&peer, &sinlen));
	TST_EXP_EQ_LU(sinlen, sizeof(peer));
	TST_EXP_EXPR(peer.sin_family == AF_INET &&
		     peer.sin_port == name.sin_port &&
		     peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		     "the peer is the accepting socket (127.0.0.1:%d)",
		     ntohs(name.sin_port));
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
