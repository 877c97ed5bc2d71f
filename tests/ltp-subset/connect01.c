/*
 * connect01: connect() errors on AF_INET: EBADF, EFAULT for a bad
 * address, EINVAL for a short length, ENOTSOCK, EISCONN for a connected
 * socket, ECONNREFUSED for a port nobody listens on, EAFNOSUPPORT for an
 * unknown family.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, fresh_fd = -1, conn_fd = -1;
static int lst_fd = -1, acc_fd = -1;
static struct sockaddr_in lst_addr, refused_addr, bad_family;

static struct tcase {
	int *fd;
	struct sockaddr *addr;
	socklen_t len;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, (struct sockaddr *)&lst_addr, sizeof(lst_addr), EBADF, "bad file descriptor" },
	{ &fresh_fd, (struct sockaddr *)-1, sizeof(lst_addr), EFAULT, "invalid socket buffer" },
	{ &fresh_fd, (struct sockaddr *)&lst_addr, 3, EINVAL, "invalid salen" },
	{ &devnull_fd, (struct sockaddr *)&lst_addr, sizeof(lst_addr), ENOTSOCK, "invalid socket" },
	{ &conn_fd, (struct sockaddr *)&lst_addr, sizeof(lst_addr), EISCONN, "already connected" },
	{ &fresh_fd, (struct sockaddr *)&refused_addr, sizeof(refused_addr), ECONNREFUSED, "connection refused" },
	{ &fresh_fd, (struct sockaddr *)&bad_family, sizeof(bad_family), EAFNOSUPPORT, "invalid address family" },
};

static void setup(void)
{
	int tmp;

	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	lst_fd = sock_tcp_listener(&lst_addr, 5);
	conn_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(conn_fd, (struct sockaddr *)&lst_addr, sizeof(lst_addr));
	acc_fd = SAFE_ACCEPT(lst_fd, NULL, NULL);
	/* A port that was just free: bound, then closed without listening. */
	tmp = sock_udp_bound(&refused_addr);
	SAFE_CLOSE(tmp);
	bad_family = lst_addr;
	bad_family.sin_family = 47;
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (fresh_fd >= 0)
		SAFE_CLOSE(fresh_fd);
	if (conn_fd >= 0)
		SAFE_CLOSE(conn_fd);
	if (acc_fd >= 0)
		SAFE_CLOSE(acc_fd);
	if (lst_fd >= 0)
		SAFE_CLOSE(lst_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	/* Each case gets a socket that never tried to connect. */
	if (fresh_fd >= 0)
		SAFE_CLOSE(fresh_fd);
	fresh_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	TST_EXP_FAIL(connect(*tc->fd, tc->addr, tc->len), tc->exp_errno,
		     "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
