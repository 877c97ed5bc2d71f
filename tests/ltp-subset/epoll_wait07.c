/*
 * epoll_wait07: EPOLLONESHOT: the first write to a pipe reports EPOLLIN
 * once; after that nothing is reported, not even for a second write.
 */
#include "tst_test.h"

static void run(void)
{
	struct epoll_event ev, got;
	int fds[2], epfd;
	char c = 'a';

	SAFE_PIPE(fds);
	epfd = SAFE_EPOLL_CREATE1(0);
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.fd = fds[0];
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[0], &ev);

	SAFE_WRITE(0, fds[1], &c, 1);
	TST_EXP_VAL(epoll_wait(epfd, &got, 10, 0), 1, "first write");
	TST_EXP_EQ_LI(got.events & EPOLLIN, EPOLLIN);
	TST_EXP_EQ_LI(got.data.fd, fds[0]);
	SAFE_READ(1, fds[0], &c, 1);
	TST_EXP_VAL(epoll_wait(epfd, &got, 10, 0), 0, "after the read");
	SAFE_WRITE(0, fds[1], &c, 1);
	TST_EXP_VAL(epoll_wait(epfd, &got, 10, 0), 0, "second write");

	SAFE_CLOSE(epfd);
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
}

static struct tst_test test = {
	.test_all = run,
};
