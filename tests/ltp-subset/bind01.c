/*
 * bind01: bind() errors on AF_INET and AF_UNIX: EBADF, ENOTSOCK, EFAULT
 * for a bad address, EINVAL for a short length and for a socket bound
 * twice, EADDRNOTAVAIL for an address no interface has, EAFNOSUPPORT for
 * another family, EADDRINUSE for a port or path taken, ENOTDIR for a path
 * through a file, EINVAL for AF_UNIX lengths and families; a good bind
 * returns 0.
 */
#include "sock_common.h"

static int bad_fd = 400, devnull_fd = -1, inet_fd = -1, unix_fd = -1;
static int bound_fd = -1, unix2_fd = -1;
static struct sockaddr_in lo_any, lo_taken, nonlocal, wrong_family;
static struct sockaddr_un un_addr, un_addr2, un_dot, un_enotdir;

static struct tcase {
	int *fd;
	struct sockaddr *addr;
	socklen_t len;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, (struct sockaddr *)&lo_any, sizeof(lo_any), EBADF, "bad file descriptor" },
	{ &devnull_fd, (struct sockaddr *)&lo_any, sizeof(lo_any), ENOTSOCK, "fd is not a socket" },
	{ &inet_fd, (struct sockaddr *)-1, sizeof(lo_any), EFAULT, "invalid sockaddr" },
	{ &inet_fd, (struct sockaddr *)&lo_any, 3, EINVAL, "invalid salen" },
	{ &inet_fd, (struct sockaddr *)&nonlocal, sizeof(nonlocal), EADDRNOTAVAIL, "non-local address" },
	{ &inet_fd, (struct sockaddr *)&wrong_family, sizeof(wrong_family), EAFNOSUPPORT, "AF_UNIX address on an AF_INET socket" },
	{ &inet_fd, (struct sockaddr *)&un_dot, sizeof(un_dot), EAFNOSUPPORT, "UNIX-domain of current directory" },
	{ &inet_fd, (struct sockaddr *)&lo_taken, sizeof(lo_taken), EADDRINUSE, "port in use" },
	{ &inet_fd, (struct sockaddr *)&lo_any, sizeof(lo_any), 0, "127.0.0.1, any port" },
	{ &inet_fd, (struct sockaddr *)&lo_any, sizeof(lo_any), EINVAL, "already bound" },
	{ &unix_fd, (struct sockaddr *)&un_addr, 1, EINVAL, "AF_UNIX, salen shorter than the family" },
	{ &unix_fd, (struct sockaddr *)&un_addr, sizeof(un_addr) + 1, EINVAL, "AF_UNIX, salen over sizeof(sockaddr_un)" },
	{ &unix_fd, (struct sockaddr *)&lo_any, sizeof(lo_any), EINVAL, "AF_INET address on an AF_UNIX socket" },
	{ &unix_fd, (struct sockaddr *)&un_enotdir, sizeof(un_enotdir), ENOTDIR, "a component of addr prefix is not a directory" },
	{ &unix_fd, (struct sockaddr *)&un_addr, sizeof(un_addr), 0, "AF_UNIX path" },
	{ &unix_fd, (struct sockaddr *)&un_addr2, sizeof(un_addr2), EINVAL, "AF_UNIX already bound, new path" },
	{ &unix2_fd, (struct sockaddr *)&un_addr, sizeof(un_addr), EADDRINUSE, "AF_UNIX path in use" },
};

static void setup(void)
{
	socklen_t len = sizeof(lo_taken);

	sock_tmpdir_enter("bind01");
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	inet_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	unix_fd = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	unix2_fd = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	lo_any = sock_lo_addr(0);
	/* 192.0.2.0/24 is TEST-NET-1: never an interface's address here. */
	tst_init_sockaddr_inet(&nonlocal, "192.0.2.1", 0);
	wrong_family = sock_lo_addr(0);
	wrong_family.sin_family = AF_UNIX;
	bound_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	lo_taken = sock_lo_addr(0);
	SAFE_BIND(bound_fd, (struct sockaddr *)&lo_taken, sizeof(lo_taken));
	SAFE_LISTEN(bound_fd, 1);
	SAFE_GETSOCKNAME(bound_fd, (struct sockaddr *)&lo_taken, &len);
	un_addr.sun_family = AF_UNIX;
	strcpy(un_addr.sun_path, "bind01.sock");
	un_dot.sun_family = AF_UNIX;
	strcpy(un_dot.sun_path, ".");
	close(SAFE_OPEN("dir_enotdir", O_CREAT | O_WRONLY, 0777));
	un_enotdir.sun_family = AF_UNIX;
	strcpy(un_enotdir.sun_path, "dir_enotdir/test_enotdir");
	un_addr2.sun_family = AF_UNIX;
	strcpy(un_addr2.sun_path, "bind01.sock2");
}

static void cleanup(void)
{
	if (devnull_fd >= 0)
		SAFE_CLOSE(devnull_fd);
	if (inet_fd >= 0)
		SAFE_CLOSE(inet_fd);
	if (unix_fd >= 0)
		SAFE_CLOSE(unix_fd);
	if (bound_fd >= 0)
		SAFE_CLOSE(bound_fd);
	if (unix2_fd >= 0)
		SAFE_CLOSE(unix2_fd);
	sock_tmpdir_leave();
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	if (tc->exp_errno)
		TST_EXP_FAIL(bind(*tc->fd, tc->addr, tc->len), tc->exp_errno,
			     "%s", tc->desc);
	else
		TST_EXP_PASS(bind(*tc->fd, tc->addr, tc->len), "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
