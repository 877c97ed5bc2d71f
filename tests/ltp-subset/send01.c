/*
 * send01: send() errors: EBADF, ENOTSOCK, EFAULT for a bad buffer on TCP,
 * EMSGSIZE for a UDP datagram over 64 KiB, EOPNOTSUPP for MSG_OOB on UDP,
 * EDESTADDRREQ on an unconnected UDP socket, EPIPE after SHUT_WR.
 */
#include "sock_common.h"

#define BIG (128 * 1024)

static int bad_fd = 400, devnull_fd = -1;
static int tcp_cli = -1, tcp_srv = -1, udp_conn = -1, udp_free = -1;
static int tcp_shut = -1, tcp_shut_srv = -1;
static char buf[1024];
static char *bigbuf;

static struct tcase {
	int *fd;
	void **buf;
	size_t len;
	int flags;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, NULL, sizeof(buf), 0, EBADF, "bad file descriptor" },
	{ &devnull_fd, NULL, sizeof(buf), 0, ENOTSOCK, "invalid socket" },
	{ &tcp_cli, (void **)-1, sizeof(buf), 0, EFAULT, "invalid send buffer" },
	{ &udp_conn, (void **)&bigbuf, BIG, 0, EMSGSIZE, "UDP message too big" },
	{ &tcp_shut, NULL, sizeof(buf), 0, EPIPE, "local endpoint shutdown" },
	{ &udp_conn, NULL, sizeof(buf), MSG_OOB, EOPNOTSUPP, "invalid flags set" },
	{ &udp_free, NULL, sizeof(buf), 0, EDESTADDRREQ, "UDP, no destination" },
};

static void setup(void)
{
	struct sockaddr_in a;
	int rcv;

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
	rcv = sock_udp_bound(&a);
	udp_conn = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_CONNECT(udp_conn, (struct sockaddr *)&a, sizeof(a));
	SAFE_CLOSE(rcv);
	udp_free = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	bigbuf = SAFE_MALLOC(BIG);
	memset(bigbuf, 'b', BIG);
}

static void cleanup(void)
{
	int *fds[] = { &devnull_fd, &tcp_cli, &tcp_srv, &udp_conn, &udp_free,
		       &tcp_shut, &tcp_shut_srv };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			SAFE_CLOSE(*fds[i]);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	void *b = tc->buf == (void **)-1 ? (void *)-1 :
		  tc->buf ? *tc->buf : buf;

	TST_EXP_FAIL2(send(*tc->fd, b, tc->len, tc->flags), tc->exp_errno,
		      "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
