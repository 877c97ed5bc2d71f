/*
 * epoll_wait09: epoll_wait(2) through nested epoll instances, 2 to 5
 * deep: with data in a pipe at the bottom, every level from the top down
 * reports EPOLLIN for the level below it.
 */
#include "tst_test.h"

#define MAX_DEPTH 5

static int epfds[MAX_DEPTH], fds[2] = { -1, -1 };

static void run(unsigned int n)
{
	struct epoll_event ev;
	int depth = n + 2, prev = fds[0], i, want;
	char c;

	for (i = 0; i < depth; i++) {
		epfds[i] = SAFE_EPOLL_CREATE1(0);
		ev.events = EPOLLIN;
		ev.data.fd = prev;
		SAFE_EPOLL_CTL(epfds[i], EPOLL_CTL_ADD, prev, &ev);
		prev = epfds[i];
	}
	SAFE_WRITE(1, fds[1], "x", 1);
	for (i = depth - 1; i >= 0; i--) {
		want = i > 0 ? epfds[i - 1] : fds[0];
		TEST(epoll_wait(epfds[i], &ev, 1, 1000));
		if (TST_RET != 1) {
			tst_res(TFAIL | TTERRNO, "depth %d/%d: epoll_wait() "
				"returned %ld, wanted 1", depth - i, depth,
				TST_RET);
			goto end;
		}
		if (ev.data.fd != want || !(ev.events & EPOLLIN)) {
			tst_res(TFAIL, "depth %d/%d: fd %d events 0x%x, wanted "
				"fd %d EPOLLIN", depth - i, depth, ev.data.fd,
				ev.events, want);
			goto end;
		}
	}
	tst_res(TPASS, "epoll_wait() with %d nested levels", depth);
end:
	SAFE_READ(1, fds[0], &c, 1);
	for (i = depth - 1; i >= 0; i--) {
		SAFE_CLOSE(epfds[i]);
	}
}

static void setup(void)
{
	SAFE_PIPE(fds);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(-1, fds);
}

static struct tst_test test = {
	.tcnt = MAX_DEPTH - 1,
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
