/*
 * accept4_01: accept4() flags. The accepted descriptor has FD_CLOEXEC
 * exactly when SOCK_CLOEXEC was given and O_NONBLOCK exactly when
 * SOCK_NONBLOCK was; the peer's address is returned; an unknown flag is
 * EINVAL.
 */
#include "sock_common.h"

#include <sys/syscall.h>

static int lst_fd = -1;
static struct sockaddr_in lst_addr;

static struct tcase {
	int flags;
	const char *desc;
} tcases[] = {
	{ 0, "no flags" },
	{ SOCK_CLOEXEC, "SOCK_CLOEXEC" },
	{ SOCK_NONBLOCK, "SOCK_NONBLOCK" },
	{ SOCK_CLOEXEC | SOCK_NONBLOCK, "SOCK_CLOEXEC | SOCK_NONBLOCK" },
};

static void setup(void)
{
	lst_fd = sock_tcp_listener(&lst_addr, 5);
}

static void cleanup(void)
{
	if (lst_fd >= 0)
		SAFE_CLOSE(lst_fd);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_in peer, cli_name;
	socklen_t len = sizeof(peer), clen = sizeof(cli_name);
	int cli, fd, fdfl, fl;

	cli = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(cli, (struct sockaddr *)&lst_addr, sizeof(lst_addr));
	SAFE_GETSOCKNAME(cli, (struct sockaddr *)&cli_name, &clen);

	TEST(accept4(lst_fd, (struct sockaddr *)&peer, &len, tc->flags));
	if (TST_RET < 0) {
		tst_res(TFAIL | TTERRNO, "accept4(%s)", tc->desc);
		SAFE_CLOSE(cli);
		return;
	}
	fd = TST_RET;
	fdfl = fcntl(fd, F_GETFD);
	fl = fcntl(fd, F_GETFL);
	TST_EXP_EXPR(!!(fdfl & FD_CLOEXEC) == !!(tc->flags & SOCK_CLOEXEC),
		     "%s: FD_CLOEXEC is %s", tc->desc,
		     (fdfl & FD_CLOEXEC) ? "set" : "clear");
	TST_EXP_EXPR(!!(fl & O_NONBLOCK) == !!(tc->flags & SOCK_NONBLOCK),
		     "%s: O_NONBLOCK is %s", tc->desc,
		     (fl & O_NONBLOCK) ? "set" : "clear");
	TST_EXP_EQ_LU(len, sizeof(peer));
	TST_EXP_EXPR(peer.sin_family == AF_INET &&
		     peer.sin_port == cli_name.sin_port &&
		     peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		     "%s: the peer address is the client's", tc->desc);
	SAFE_CLOSE(fd);
	SAFE_CLOSE(cli);

	if (n == ARRAY_SIZE(tcases) - 1) {
		len = sizeof(peer);
		/* Raw: the C library may retry an EINVAL as accept(). */
		TST_EXP_FAIL2(syscall(SYS_accept4, lst_fd, &peer, &len, O_RDWR),
			      EINVAL, "accept4() with flag O_RDWR");
	}
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
