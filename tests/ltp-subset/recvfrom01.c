/*
 * recvfrom01: recvfrom() results with data waiting: EBADF, ENOTSOCK,
 * EFAULT for a bad buffer, EINVAL for a negative address length, EINVAL
 * for MSG_OOB without urgent data, EAGAIN for MSG_ERRQUEUE (TCP); EFAULT
 * for a bad address buffer and the sender's address (UDP).
 */
#include "sock_common.h"

#define DATALEN 16

static int bad_fd = 400, devnull_fd = -1, cli = -1, srv = -1;
static int udp_rcv = -1, udp_snd = -1;
static struct sockaddr_in udp_addr, from;
static socklen_t fromlen, neglen;
static char buf[1024];

static struct tcase {
	int *fd;
	void *buf;
	int flags;
	struct sockaddr *from;
	socklen_t *fromlen;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, buf, 0, (struct sockaddr *)&from, &fromlen, EBADF, "bad file descriptor" },
	{ &devnull_fd, buf, 0, (struct sockaddr *)&from, &fromlen, ENOTSOCK, "invalid socket" },
	{ &cli, (void *)-1, 0, (struct sockaddr *)&from, &fromlen, EFAULT, "invalid socket buffer" },
	{ &cli, buf, 0, (struct sockaddr *)&from, &neglen, EINVAL, "invalid socket length" },
	{ &cli, buf, MSG_OOB, (struct sockaddr *)&from, &fromlen, EINVAL, "invalid MSG_OOB flag set" },
	{ &cli, buf, MSG_ERRQUEUE, (struct sockaddr *)&from, &fromlen, EAGAIN, "invalid MSG_ERRQUEUE flag set" },
	{ &udp_rcv, buf, 0, (struct sockaddr *)-1, &fromlen, EFAULT, "UDP, invalid from buffer" },
	{ &udp_rcv, buf, 0, (struct sockaddr *)&from, &fromlen, 0, "UDP with the sender's address" },
};

static void setup(void)
{
	struct sockaddr_in a = sock_lo_addr(0);

	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_tcp_pair(&cli, &srv);
	udp_rcv = sock_udp_bound(&udp_addr);
	udp_snd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_BIND(udp_snd, (struct sockaddr *)&a, sizeof(a));
}

static void cleanup(void)
{
	int *fds[] = { &devnull_fd, &cli, &srv, &udp_rcv, &udp_snd };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			SAFE_CLOSE(*fds[i]);
}

static void refill(void)
{
	char junk[256];

	while (recv(cli, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	while (recv(udp_rcv, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	SAFE_SEND(1, srv, "0123456789abcdef", DATALEN, 0);
	SAFE_SENDTO(1, udp_snd, "0123456789abcdef", DATALEN, 0,
		    (struct sockaddr *)&udp_addr, sizeof(udp_addr));
	TEST(recv(cli, junk, 1, MSG_PEEK));
	TEST(recv(udp_rcv, junk, 1, MSG_PEEK));
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_in snd_name;
	socklen_t slen = sizeof(snd_name);

	refill();
	fromlen = sizeof(from);
	neglen = (socklen_t)-1;
	if (tc->exp_errno) {
		TST_EXP_FAIL2(recvfrom(*tc->fd, tc->buf, sizeof(buf), tc->flags,
				       tc->from, tc->fromlen), tc->exp_errno,
			      "%s", tc->desc);
		return;
	}
	memset(&from, 0, sizeof(from));
	TST_EXP_VAL(recvfrom(*tc->fd, tc->buf, sizeof(buf), tc->flags,
			     tc->from, tc->fromlen), DATALEN, "%s", tc->desc);
	SAFE_GETSOCKNAME(udp_snd, (struct sockaddr *)&snd_name, &slen);
	TST_EXP_EQ_LU(fromlen, sizeof(from));
	TST_EXP_EXPR(from.sin_family == AF_INET &&
		     from.sin_port == snd_name.sin_port &&
		     from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		     "the sender is 127.0.0.1:%d", ntohs(snd_name.sin_port));
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
