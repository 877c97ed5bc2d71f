/*
 * epoll_wait01: epoll_wait(2) reports EPOLLOUT for the write end of a
 * pipe, EPOLLIN for its read end once the pipe is filled (and then not
 * EPOLLOUT), and both when there is some data, with the data.fd given at
 * EPOLL_CTL_ADD and exactly those event bits.
 */
#include <poll.h>
#include "tst_test.h"

static int write_size, epfd = -1, fds[2] = { -1, -1 };

/* The pipe's capacity: write pages until poll says it is full. */
static int get_writesize(void)
{
	struct pollfd pfd = { .fd = fds[1], .events = POLLOUT };
	static char buf[4096], drain[1 << 20];
	int size = 0, nfd;

	memset(buf, 'a', sizeof(buf));
	do {
		size += SAFE_WRITE(0, fds[1], buf, sizeof(buf));
		nfd = poll(&pfd, 1, 1);
		if (nfd < 0)
			tst_brk(TBROK | TERRNO, "poll()");
	} while (nfd > 0);
	SAFE_READ(1, fds[0], drain, size);
	tst_res(TINFO, "Pipe buffer size is %d bytes", size);
	return size;
}

static int has_event(struct epoll_event *evs, int n, int fd, uint32_t ev)
{
	int i;

	for (i = 0; i < n; i++)
		if (evs[i].data.fd == fd && evs[i].events == ev)
			return 1;
	return 0;
}

static void verify_epollout(void)
{
	struct epoll_event ev = { 0 };

	TEST(epoll_wait(epfd, &ev, 1, -1));
	if (TST_RET != 1)
		tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld, wanted 1",
			TST_RET);
	else if (ev.data.fd != fds[1] || ev.events != EPOLLOUT)
		tst_res(TFAIL, "fd %d events 0x%x, wanted fd %d EPOLLOUT",
			ev.data.fd, ev.events, fds[1]);
	else
		tst_res(TPASS, "epoll_wait() epollout");
}

static void verify_epollin(void)
{
	static char buf[1 << 20];
	struct epoll_event ev = { 0 };

	memset(buf, 'a', write_size);
	SAFE_WRITE(1, fds[1], buf, write_size);
	TEST(epoll_wait(epfd, &ev, 1, -1));
	if (TST_RET != 1)
		tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld, wanted 1",
			TST_RET);
	else if (ev.data.fd != fds[0] || ev.events != EPOLLIN)
		tst_res(TFAIL, "fd %d events 0x%x, wanted fd %d EPOLLIN",
			ev.data.fd, ev.events, fds[0]);
	else
		tst_res(TPASS, "epoll_wait() epollin");
	SAFE_READ(1, fds[0], buf, write_size);
}

static void verify_epollio(void)
{
	char buf[] = "Testing";
	struct epoll_event evs[2];
	uint32_t left = EPOLLIN | EPOLLOUT;
	int matched;

	SAFE_WRITE(1, fds[1], buf, sizeof(buf));
	while (left) {
		memset(evs, 0, sizeof(evs));
		TEST(epoll_wait(epfd, evs, 2, -1));
		if (TST_RET <= 0) {
			tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld",
				TST_RET);
			goto end;
		}
		matched = 0;
		if ((left & EPOLLIN) && has_event(evs, 2, fds[0], EPOLLIN)) {
			matched++;
			left &= ~EPOLLIN;
		}
		if ((left & EPOLLOUT) && has_event(evs, 2, fds[1], EPOLLOUT)) {
			matched++;
			left &= ~EPOLLOUT;
		}
		if (TST_RET != matched) {
			tst_res(TFAIL, "epoll_wait() returned unexpected "
				"events: fd %d 0x%x, fd %d 0x%x", evs[0].data.fd,
				evs[0].events, evs[1].data.fd, evs[1].events);
			goto end;
		}
	}
	tst_res(TPASS, "epoll_wait() epollio");
end:
	SAFE_READ(1, fds[0], buf, sizeof(buf));
}

static void (*const cases[])(void) = {
	verify_epollout, verify_epollin, verify_epollio,
};

static void run(unsigned int n)
{
	cases[n]();
}

static void setup(void)
{
	struct epoll_event evs[2] = {
		{ .events = EPOLLIN }, { .events = EPOLLOUT },
	};

	SAFE_PIPE(fds);
	evs[0].data.fd = fds[0];
	evs[1].data.fd = fds[1];
	write_size = get_writesize();
	epfd = SAFE_EPOLL_CREATE1(0);
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[0], &evs[0]);
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[1], &evs[1]);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fds);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(cases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
