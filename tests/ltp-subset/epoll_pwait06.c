/*
 * epoll_pwait06: short timeouts are never taken for infinity: for every
 * kind of descriptor epoll accepts, epoll_pwait(2) and epoll_pwait2(2)
 * with timeouts of 100 ms down to 1 ns and 0 return (an alarm of one
 * second would end the test otherwise).
 */
#include "epoll_pwait_var.h"

static int efd = -1;

static int skipped(enum tst_fd_type t)
{
	return t == TST_FD_FILE || t == TST_FD_PATH || t == TST_FD_DIR ||
	       t == TST_FD_DEV_ZERO || t == TST_FD_PROC_MAPS ||
	       t == TST_FD_MEMFD;
}

static void run(unsigned int n)
{
	struct timespec ts;
	struct epoll_event e = { .events = EPOLLIN };
	struct tst_fd fd;
	int t;

	if (!set_variant(n))
		return;
	tst_res(TINFO, "Testing %s", variant_name());
	for (t = 0; t < TST_FD_MAX; t++) {
		if (skipped(t) || tst_fd_open(&fd, t))
			continue;
		SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, fd.fd, &e);
		ts.tv_sec = 0;
		ts.tv_nsec = 1000000000L;
		do {
			alarm(1);
			ts.tv_nsec /= 10;
			do_epoll_pwait(efd, &e, 1, &ts, NULL);
			alarm(0);
		} while (ts.tv_nsec);
		SAFE_EPOLL_CTL(efd, EPOLL_CTL_DEL, fd.fd, &e);
		tst_fd_close(&fd);
	}
	tst_res(TPASS, "%s: timeouts work on every kind of descriptor",
		variant_name());
}

static void setup(void)
{
	efd = SAFE_EPOLL_CREATE1(0);
}

static void cleanup(void)
{
	if (efd >= 0)
		SAFE_CLOSE(efd);
}

static struct tst_test test = {
	.tcnt = TEST_VARIANTS,
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
