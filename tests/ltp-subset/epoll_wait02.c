/*
 * epoll_wait02: epoll_wait(2) times out correctly: with the read end of
 * an empty pipe registered it returns 0 after no less than the timeout,
 * and not much more.
 */
#include "tst_test.h"

static int epfd = -1, fds[2] = { -1, -1 };

static int sample(long long usec)
{
	struct epoll_event ev;

	TEST(epoll_wait(epfd, &ev, 1, usec / 1000));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld on timeout",
			TST_RET);
		return 1;
	}
	return 0;
}

static void run(void)
{
	tst_timer_test("epoll_wait()", sample);
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
