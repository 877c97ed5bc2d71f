/*
 * bind03: AF_UNIX path names. Binding a second socket to a path in use is
 * EADDRINUSE; binding a bound socket again, to a new path, is EINVAL and
 * makes no node; the first name stays the socket's.
 */
#include "sock_common.h"

static int sock1 = -1, sock2 = -1;
static struct sockaddr_un addr1, addr2;

static void setup(void)
{
	sock_tmpdir_enter("bind03");
	addr1.sun_family = AF_UNIX;
	strcpy(addr1.sun_path, "socket1");
	addr2.sun_family = AF_UNIX;
	strcpy(addr2.sun_path, "socket2");
}

static void cleanup(void)
{
	if (sock1 >= 0)
		SAFE_CLOSE(sock1);
	if (sock2 >= 0)
		SAFE_CLOSE(sock2);
	sock_tmpdir_leave();
}

static void run(void)
{
	struct sockaddr_un name;
	socklen_t len = sizeof(name);
	struct stat st;

	sock1 = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	sock2 = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	SAFE_BIND(sock1, (struct sockaddr *)&addr1, sizeof(addr1));

	TST_EXP_FAIL(bind(sock2, (struct sockaddr *)&addr1, sizeof(addr1)),
		     EADDRINUSE, "bind() to a path in use");
	TST_EXP_FAIL(bind(sock1, (struct sockaddr *)&addr2, sizeof(addr2)),
		     EINVAL, "bind() of a bound socket to a new path");
	TST_EXP_FAIL(stat("socket2", &st), ENOENT,
		     "the failed bind() made no node");
	TST_EXP_PASS(getsockname(sock1, (struct sockaddr *)&name, &len));
	TST_EXP_EXPR(name.sun_family == AF_UNIX &&
		     !strcmp(name.sun_path, "socket1"),
		     "the socket is still named socket1 (%s)", name.sun_path);
	TST_EXP_EQ_LU(len, offsetof(struct sockaddr_un, sun_path) + 8);
	SAFE_CLOSE(sock1);
	SAFE_CLOSE(sock2);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
