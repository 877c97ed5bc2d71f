/*
 * epoll_ctl04: epoll instances nest at most 5 deep (EP_MAX_NESTS): with a
 * chain of five above a pipe, adding the top one to a sixth fails. Linux
 * 6.1, the reference, refuses it in its loop check with ELOOP; LTP's test
 * of the same name expects the EINVAL that later kernels give.
 */
#include "tst_test.h"

#define MAX_DEPTH 5

static int fds[2] = { -1, -1 }, epfds[MAX_DEPTH], top = -1;

static void setup(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	SAFE_PIPE(fds);
	top = fds[0];
	for (i = 0; i < MAX_DEPTH; i++) {
		epfds[i] = SAFE_EPOLL_CREATE1(0);
		ev.data.fd = top;
		SAFE_EPOLL_CTL(epfds[i], EPOLL_CTL_ADD, top, &ev);
		top = epfds[i];
	}
}

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = top };
	int epfd = SAFE_EPOLL_CREATE1(0);

	TST_EXP_FAIL(epoll_ctl(epfd, EPOLL_CTL_ADD, top, &ev), ELOOP,
		     "epoll_ctl(EPOLL_CTL_ADD) making the nesting 6 deep");
	SAFE_CLOSE(epfd);
}

static void cleanup(void)
{
	int i;

	for (i = 0; i < MAX_DEPTH; i++)
		if (epfds[i] > 0)
			close(epfds[i]);
	if (fds[0] >= 0) {
		SAFE_CLOSE(fds[0]);
		SAFE_CLOSE(fds[1]);
	}
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
