/*
 * epoll_wait12: a child blocked in epoll_wait(2) for EPOLLOUT on the write
 * end of a full pipe is woken with EPOLLERR when the last read end is
 * closed.
 */
#include <poll.h>
#include "tst_test.h"

static void fill_pipe(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	char buf[4096];

	memset(buf, 'a', sizeof(buf));
	do {
		SAFE_WRITE(0, fd, buf, sizeof(buf));
	} while (poll(&pfd, 1, 0) > 0);
}

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLOUT };
	int fds[2], efd;
	pid_t pid;

	SAFE_PIPE(fds);
	fill_pipe(fds[1]);
	efd = SAFE_EPOLL_CREATE1(0);
	ev.data.fd = fds[1];
	SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, fds[1], &ev);

	pid = SAFE_FORK();
	if (!pid) {
		SAFE_CLOSE(fds[0]);
		TST_EXP_VAL(epoll_wait(efd, &ev, 1, 5000), 1,
			    "epoll_wait() on the full pipe");
		if (ev.data.fd != fds[1])
			tst_res(TFAIL, "data.fd %d, wanted %d", ev.data.fd,
				fds[1]);
		else if (!(ev.events & EPOLLERR))
			tst_res(TFAIL, "events 0x%x without EPOLLERR",
				ev.events);
		else
			tst_res(TPASS, "epoll_wait() reported EPOLLERR on a "
				"broken pipe (events 0x%x)", ev.events);
		_exit(0);
	}
	TST_PROCESS_STATE_WAIT(pid, 'S', 10000);
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
	SAFE_CLOSE(efd);
}

static struct tst_test test = {
	.test_all = run,
	.forks_child = 1,
};
