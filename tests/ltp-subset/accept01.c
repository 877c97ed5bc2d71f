/*
 * accept01: accept() errors. A closed fd is EBADF, /dev/null ENOTSOCK,
 * a bound TCP socket that is not listening EINVAL whatever the address
 * buffer or its length, a UDP socket EOPNOTSUPP; a bad address buffer
 * with a queued connection is EFAULT.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, tcp_fd = -1, udp_fd = -1;
static int lst_fd = -1, cli_fd = -1;
static struct sockaddr_in sa;
static socklen_t salen = sizeof(sa), bad_len = (socklen_t)-1;

static struct tcase {
	int *fd;
	struct sockaddr *addr;
	socklen_t *len;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, (struct sockaddr *)&sa, &salen, EBADF, "bad file descriptor" },
	{ &devnull_fd, (struct sockaddr *)&sa, &salen, ENOTSOCK, "fd is not a socket" },
	{ &tcp_fd, (struct sockaddr *)3, &salen, EINVAL, "invalid socket buffer" },
	{ &tcp_fd, (struct sockaddr *)&sa, &bad_len, EINVAL, "invalid salen" },
	{ &tcp_fd, (struct sockaddr *)&sa, &salen, EINVAL, "no queued connections (not listening)" },
	{ &udp_fd, (struct sockaddr *)&sa, &salen, EOPNOTSUPP, "UDP accept" },
	{ &lst_fd, (struct sockaddr *)3, &salen, EFAULT, "queued connection, bad address buffer" },
};

static void setup(void)
{
	struct sockaddr_in a = sock_lo_addr(0);

	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	tcp_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_BIND(tcp_fd, (struct sockaddr *)&a, sizeof(a));
	udp_fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_BIND(udp_fd, (struct sockaddr *)&a, sizeof(a));
	lst_fd = sock_tcp_listener(&a, 1);
	cli_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(cli_fd, (struct sockaddr *)&a, sizeof(a));
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (tcp_fd >= 0)
		SAFE_CLOSE(tcp_fd);
	if (udp_fd >= 0)
		SAFE_CLOSE(udp_fd);
	if (lst_fd >= 0)
		SAFE_CLOSE(lst_fd);
	if (cli_fd >= 0)
		SAFE_CLOSE(cli_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	salen = sizeof(sa);
	TST_EXP_FAIL2(accept(*tc->fd, tc->addr, tc->len), tc->exp_errno,
		      "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
