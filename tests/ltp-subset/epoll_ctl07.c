/*
 * epoll_ctl07: two epoll instances watching each other are refused: the
 * second EPOLL_CTL_ADD fails with ELOOP.
 */
#include "tst_test.h"

static int ep_a = -1, ep_b = -1;

static void setup(void)
{
	struct epoll_event ev = { .events = EPOLLIN };

	ep_a = SAFE_EPOLL_CREATE1(0);
	ep_b = SAFE_EPOLL_CREATE1(0);
	ev.data.fd = ep_b;
	SAFE_EPOLL_CTL(ep_a, EPOLL_CTL_ADD, ep_b, &ev);
}

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = ep_a };

	TST_EXP_FAIL(epoll_ctl(ep_b, EPOLL_CTL_ADD, ep_a, &ev), ELOOP,
		     "epoll_ctl(EPOLL_CTL_ADD) closing a two-instance cycle");
}

static void cleanup(void)
{
	if (ep_a >= 0)
		SAFE_CLOSE(ep_a);
	if (ep_b >= 0)
		SAFE_CLOSE(ep_b);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
