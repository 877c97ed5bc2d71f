/*
 * epoll_wait11: a child blocked in epoll_wait(2) on the read end of a
 * pipe is woken with EPOLLHUP when the last write end is closed.
 */
#include "tst_test.h"

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int fds[2], efd;
	pid_t pid;

	SAFE_PIPE(fds);
	efd = SAFE_EPOLL_CREATE1(0);
	ev.data.fd = fds[0];
	SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, fds[0], &ev);

	pid = SAFE_FORK();
	if (!pid) {
		SAFE_CLOSE(fds[1]);
		TEST(epoll_wait(efd, &ev, 1, 5000));
		if (TST_RET != 1)
			tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld, "
				"wanted 1", TST_RET);
		else if (ev.data.fd != fds[0])
			tst_res(TFAIL, "data.fd %d, wanted %d", ev.data.fd,
				fds[0]);
		else if (!(ev.events & EPOLLHUP))
			tst_res(TFAIL, "events 0x%x without EPOLLHUP",
				ev.events);
		else
			tst_res(TPASS, "epoll_wait() reported EPOLLHUP on "
				"pipe hangup (events 0x%x)", ev.events);
		_exit(0);
	}
	TST_PROCESS_STATE_WAIT(pid, 'S', 10000);
	SAFE_CLOSE(fds[1]);
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(efd);
}

static struct tst_test test = {
	.test_all = run,
	.forks_child = 1,
};
