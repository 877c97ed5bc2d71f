/*
 * sendto01: sendto() results: EBADF, ENOTSOCK, EFAULT for a bad buffer,
 * a connected TCP socket sends all (the address is ignored), an
 * unconnected TCP socket is EPIPE, a negative address length EINVAL, a
 * bad address EFAULT, a UDP datagram over 64 KiB EMSGSIZE, EPIPE after
 * SHUT_WR, EOPNOTSUPP for MSG_OOB on UDP; a UDP datagram arrives whole.
 */
#include "sock_common.h"

#define BIG (128 * 1024)

static int bad_fd = 400, devnull_fd = -1;
static int tcp_cli = -1, tcp_srv = -1, tcp_unconn = -1, udp_fd = -1;
static int udp_rcv = -1, tcp_shut = -1, tcp_shut_srv = -1;
static struct sockaddr_in udp_addr, any_addr;
static char buf[1024];
static char *bigbuf;

static struct tcase {
	int *fd;
	int bad_buf;
	size_t len;
	int flags;
	struct sockaddr *to;
	socklen_t tolen;
	int exp_ret;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EBADF, "bad file descriptor" },
	{ &devnull_fd, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, ENOTSOCK, "invalid socket" },
	{ &udp_fd, 1, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EFAULT, "invalid send buffer" },
	{ &tcp_cli, 0, sizeof(buf), 0, (struct sockaddr *)&any_addr, sizeof(any_addr), sizeof(buf), 0, "connected TCP" },
	{ &tcp_unconn, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EPIPE, "not connected TCP" },
	{ &udp_fd, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, (socklen_t)-1, -1, EINVAL, "invalid to buffer length" },
	{ &udp_fd, 0, sizeof(buf), 0, (struct sockaddr *)-1, sizeof(udp_addr), -1, EFAULT, "invalid to buffer" },
	{ &udp_fd, 0, BIG, 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EMSGSIZE, "UDP message too big" },
	{ &tcp_shut, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EPIPE, "local endpoint shutdown" },
	{ &udp_fd, 0, sizeof(buf), MSG_OOB, (struct sockaddr *)&udp_addr, sizeof(udp_addr), -1, EOPNOTSUPP, "invalid flags set" },
	{ &udp_fd, 0, sizeof(buf), 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr), sizeof(buf), 0, "UDP datagram" },
};

static void setup(void)
{
	SAFE_SIGNAL(SIGPIPE, SIG_IGN);
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_tcp_pair(&tcp_cli, &tcp_srv);
	/*
	 * The peer stays open, as LTP's server does: with it closed, the
	 * local FIN could meet a reset and the send give ECONNRESET (seen
	 * on Linux), which is not what this case is about.
	 */
	sock_tcp_pair(&tcp_shut, &tcp_shut_srv);
	if (shutdown(tcp_shut, SHUT_WR) < 0)
		tst_brk(TBROK | TERRNO, "shutdown");
	tcp_unconn = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	udp_rcv = sock_udp_bound(&udp_addr);
	udp_fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	tst_init_sockaddr_inet(&any_addr, "192.0.2.1", 9);
	bigbuf = SAFE_MALLOC(BIG);
	memset(buf, 'a', sizeof(buf));
}

static void cleanup(void)
{
	int *fds[] = { &devnull_fd, &tcp_cli, &tcp_srv, &tcp_unconn, &udp_fd,
		       &udp_rcv, &tcp_shut, &tcp_shut_srv };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			SAFE_CLOSE(*fds[i]);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	const void *b = tc->bad_buf ? (void *)-1 :
			tc->len == BIG ? bigbuf : buf;
	char rbuf[2048];

	if (tc->exp_ret < 0) {
		TST_EXP_FAIL2(sendto(*tc->fd, b, tc->len, tc->flags, tc->to,
				     tc->tolen), tc->exp_errno, "%s", tc->desc);
		return;
	}
	TST_EXP_VAL(sendto(*tc->fd, b, tc->len, tc->flags, tc->to, tc->tolen),
		    tc->exp_ret, "%s", tc->desc);
	if (*tc->fd == udp_fd)
		TST_EXP_VAL(recv(udp_rcv, rbuf, sizeof(rbuf), 0), sizeof(buf),
			    "the datagram arrives whole");
	else
		TST_EXP_VAL(recv(tcp_srv, rbuf, sizeof(buf), MSG_WAITALL),
			    sizeof(buf), "the data arrives at the peer");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
