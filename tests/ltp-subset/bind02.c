/*
 * bind02: a process without CAP_NET_BIND_SERVICE (root turned into
 * nobody) may not bind a port below 1024: EACCES; a port above is fine.
 */
#include "sock_common.h"

#define NOBODY_UID 65534
#define PRIV_PORT 1023

static void run(void)
{
	struct sockaddr_in a = sock_lo_addr(PRIV_PORT);
	int fd;

	if (!SAFE_FORK()) {
		SAFE_SETUID(NOBODY_UID);
		fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
		TST_EXP_FAIL(bind(fd, (struct sockaddr *)&a, sizeof(a)), EACCES,
			     "bind() to port %d as uid %d", PRIV_PORT,
			     NOBODY_UID);
		a = sock_lo_addr(0);
		TST_EXP_PASS(bind(fd, (struct sockaddr *)&a, sizeof(a)),
			     "bind() to an ephemeral port as uid %d",
			     NOBODY_UID);
		SAFE_CLOSE(fd);
		_exit(0);
	}
	tst_reap_children();
}

static struct tst_test test = {
	.needs_root = 1,
	.forks_child = 1,
	.test_all = run,
};
