/*
 * epoll_create03: epoll_create(2) and epoll_create1(2) fail with EMFILE
 * when the per-process limit of open descriptors is reached. The soft
 * RLIMIT_NOFILE is lowered to 64 first so that filling the table is quick.
 */
#include <sys/resource.h>
#include "tst_test.h"

#define LIMIT 64

static int fds[LIMIT];
static int nfds;

static void setup(void)
{
	struct rlimit rl;
	int fd;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		tst_brk(TBROK | TERRNO, "getrlimit(RLIMIT_NOFILE)");
	rl.rlim_cur = LIMIT;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		tst_brk(TBROK | TERRNO, "setrlimit(RLIMIT_NOFILE, %d)", LIMIT);
	fds[0] = SAFE_OPEN("epoll_create03_file", O_RDWR | O_CREAT, 0600);
	nfds = 1;
	while (nfds < LIMIT) {
		fd = dup(fds[0]);
		if (fd < 0)
			break;
		fds[nfds++] = fd;
	}
	if (fd >= 0 || errno != EMFILE)
		tst_brk(TBROK | TERRNO, "dup() did not reach EMFILE");
}

static void run(void)
{
	TST_EXP_FAIL2(epoll_create(1), EMFILE,
		      "epoll_create(1) with no descriptor left");
	if (TST_RET >= 0)
		SAFE_CLOSE(TST_RET);
	TST_EXP_FAIL2(epoll_create1(0), EMFILE,
		      "epoll_create1(0) with no descriptor left");
	if (TST_RET >= 0)
		SAFE_CLOSE(TST_RET);
}

static void cleanup(void)
{
	int i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	unlink("epoll_create03_file");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
