/*
 * connect03: connect() to an AF_UNIX path, as a user who is not root:
 * a datagram socket to a stream listener is EPROTOTYPE; a stream socket
 * without write permission on the node is EACCES.
 */
#include "sock_common.h"

#define SOCK_FILE "sock_file"
#define NOBODY_UID 65534

static int fd_server = -1, fd_dgram = -1, fd_stream = -1;
static struct sockaddr_un sock_un;

static struct tcase {
	int *fd;
	int exp_errno;
	mode_t mode;
	const char *desc;
} tcases[] = {
	{ &fd_dgram, EPROTOTYPE, 0700, "socket type does not support the protocol" },
	{ &fd_stream, EACCES, 0500, "write permission is denied on the socket file" },
};

static void setup(void)
{
	sock_tmpdir_enter("connect03");
	if (chmod(".", 0777) < 0)
		tst_brk(TBROK | TERRNO, "chmod");
	if (geteuid() == 0 && seteuid(NOBODY_UID) < 0)
		tst_brk(TBROK | TERRNO, "seteuid(%d)", NOBODY_UID);
	sock_un.sun_family = AF_UNIX;
	strcpy(sock_un.sun_path, SOCK_FILE);
	fd_server = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	SAFE_BIND(fd_server, (struct sockaddr *)&sock_un, sizeof(sock_un));
	if (chmod(SOCK_FILE, 0700) < 0)
		tst_brk(TBROK | TERRNO, "chmod");
	SAFE_LISTEN(fd_server, 5);
	fd_dgram = SAFE_SOCKET(AF_UNIX, SOCK_DGRAM, 0);
	fd_stream = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
}

static void cleanup(void)
{
	if (fd_dgram >= 0)
		SAFE_CLOSE(fd_dgram);
	if (fd_stream >= 0)
		SAFE_CLOSE(fd_stream);
	if (fd_server >= 0)
		SAFE_CLOSE(fd_server);
	if (geteuid() != 0 && seteuid(0) < 0)
		tst_res(TWARN | TERRNO, "seteuid(0)");
	sock_tmpdir_leave();
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	if (chmod(SOCK_FILE, tc->mode) < 0)
		tst_brk(TBROK | TERRNO, "chmod");
	TST_EXP_FAIL(connect(*tc->fd, (struct sockaddr *)&sock_un,
			     sizeof(sock_un)), tc->exp_errno, "%s", tc->desc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
