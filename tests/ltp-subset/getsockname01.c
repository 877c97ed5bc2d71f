/*
 * getsockname01: getsockname() errors (EBADF, ENOTSOCK, EFAULT for a bad
 * address or length pointer, EINVAL for a negative length) and the name
 * of a bound socket, cut to a short length with the full length returned.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, sock_fd = -1;
static struct sockaddr_in fsin, bound;
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
	{ &sock_fd, (struct sockaddr *)-1, &sinlen, EFAULT, "invalid socket buffer" },
	{ &sock_fd, (struct sockaddr *)&fsin, (socklen_t *)-1, EFAULT, "invalid aligned salen" },
	{ &sock_fd, (struct sockaddr *)&fsin, (socklen_t *)1, EFAULT, "invalid unaligned salen" },
	{ &sock_fd, (struct sockaddr *)&fsin, &neglen, EINVAL, "negative salen" },
};

static void setup(void)
{
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_fd = sock_udp_bound(&bound);
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
	unsigned char buf[sizeof(struct sockaddr_in)];

	sinlen = sizeof(fsin);
	neglen = (socklen_t)-1;
	TST_EXP_FAIL(getsockname(*tc->fd, tc->addr, tc->len), tc->exp_errno,
		     "%s", tc->desc);
	if (n != ARRAY_SIZE(tcases) - 1)
		return;
	memset(&fsin, 0, sizeof(fsin));
	sinlen = sizeof(fsin);
	TST_EXP_PASS(getsockname(sock_fd, (struct sockaddr *)&fsin, &sinlen));
	TST_EXP_EQ_LU(sinlen, sizeof(fsin));
	TST_EXP_EXPR(fsin.sin_family == AF_INET &&
		     fsin.sin_port == bound.sin_port && fsin.sin_port != 0 &&
		     fsin.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		     "the name is 127.0.0.1:%d", ntohs(bound.sin_port));
	memset(buf, 0xaa, sizeof(buf));
	sinlen = 4;
	TST_EXP_PASS(getsockname(sock_fd, (struct sockaddr *)buf, &sinlen),
		     "with a 4-byte buffer");
	TST_EXP_EQ_LU(sinlen, sizeof(fsin));
	TST_EXP_EXPR(!memcmp(buf, &fsin, 4) && buf[4] == 0xaa,
		     "4 bytes written, the rest untouched");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
