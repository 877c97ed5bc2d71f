/*
 * epoll_wait04: a timeout of zero makes epoll_wait(2) return 0 at once
 * when nothing is ready (the quickest of five calls within 1 ms).
 */
#include "tst_test.h"

#define USEC_PRECISION 1000

static int epfd = -1, fds[2] = { -1, -1 };

static void run(void)
{
	struct epoll_event ev;
	struct timespec t0, t1;
	long long us, best = -1;
	int i;

	for (i = 0; i < 5; i++) {
		t0 = tst_now();
		TEST(epoll_wait(epfd, &ev, 1, 0));
		t1 = tst_now();
		if (TST_RET != 0) {
			tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld",
				TST_RET);
			return;
		}
		us = (long long)tst_timespec_diff_us(t1, t0);
		if (best < 0 || us < best)
			best = us;
	}
	if (best <= USEC_PRECISION)
		tst_res(TPASS, "epoll_wait() with timeout 0 returned in %lld us",
			best);
	else
		tst_res(TFAIL, "epoll_wait() with timeout 0 took %lld us", best);
}

static void setup(void)
{
	SAFE_PIPE(fds);
	epfd = TST_EPOLL_WATCH(fds[0], EPOLLIN);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fds);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
