/*
 * epoll_wait06: edge-triggered EPOLLIN and EPOLLOUT on a non-blocking
 * pipe of one page: filling it reports EPOLLIN on the read end only (the
 * write end, ready when added, is no longer writable when harvested);
 * reading half reports nothing new; reading the rest reports EPOLLOUT.
 */
#include "tst_test.h"

static size_t write_size, read_size;
static int fds[2] = { -1, -1 }, epfd = -1;

static void run(void)
{
	static char buf[65536];
	struct epoll_event ev, got;

	epfd = SAFE_EPOLL_CREATE1(0);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = fds[0];
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[0], &ev);
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.fd = fds[1];
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[1], &ev);

	memset(buf, 'a', write_size);
	SAFE_WRITE(0, fds[1], buf, write_size);
	TST_EXP_FAIL2(write(fds[1], buf, write_size), EAGAIN,
		      "write() to the full pipe");

	TST_EXP_VAL(epoll_wait(epfd, &got, 1, 0), 1, "epoll_wait() after write");
	TST_EXP_EQ_LI(got.data.fd, fds[0]);
	TST_EXP_EQ_LI(got.events & EPOLLIN, EPOLLIN);

	SAFE_READ(1, fds[0], buf, read_size);
	TST_EXP_VAL(epoll_wait(epfd, &got, 1, 0), 0,
		    "epoll_wait() after reading half");

	SAFE_READ(1, fds[0], buf + read_size, read_size);
	TST_EXP_FAIL2(read(fds[0], buf, read_size), EAGAIN,
		      "read() from the empty pipe");
	TST_EXP_VAL(epoll_wait(epfd, &got, 1, 0), 1,
		    "epoll_wait() after reading all");
	TST_EXP_EQ_LI(got.data.fd, fds[1]);
	TST_EXP_EQ_LI(got.events & EPOLLOUT, EPOLLOUT);
}

static void setup(void)
{
	write_size = getpagesize();
	read_size = write_size / 2;
	SAFE_PIPE2(fds, O_NONBLOCK);
	if (fcntl(fds[1], F_SETPIPE_SZ, write_size) < 0)
		tst_brk(TBROK | TERRNO, "fcntl(F_SETPIPE_SZ, %zu)", write_size);
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
