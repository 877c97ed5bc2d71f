/*
 * epoll_ctl05: closing a chain of epoll instances into a loop fails with
 * ELOOP: each of three instances watches the next, and adding the first
 * to the last is refused.
 */
#include "tst_test.h"

#define CHAIN 3

static int epfds[CHAIN] = { -1, -1, -1 };

static void setup(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	for (i = 0; i < CHAIN; i++)
		epfds[i] = SAFE_EPOLL_CREATE1(0);
	for (i = 0; i < CHAIN - 1; i++) {
		ev.data.fd = epfds[i + 1];
		SAFE_EPOLL_CTL(epfds[i], EPOLL_CTL_ADD, epfds[i + 1], &ev);
	}
}

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = epfds[0] };

	TST_EXP_FAIL(epoll_ctl(epfds[CHAIN - 1], EPOLL_CTL_ADD, epfds[0], &ev),
		     ELOOP, "epoll_ctl(EPOLL_CTL_ADD) closing a loop of %d",
		     CHAIN);
}

static void cleanup(void)
{
	int i;

	for (i = 0; i < CHAIN; i++)
		if (epfds[i] >= 0)
			SAFE_CLOSE(epfds[i]);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
