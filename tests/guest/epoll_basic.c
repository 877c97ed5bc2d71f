/*
 * epoll: epoll_create1, epoll_ctl's errors in Linux's order, level- and
 * edge-triggered reports, EPOLLONESHOT, the data word, maxevents and the
 * order items come back in, items leaving the set when their file goes
 * (and not when only one descriptor of it is closed), nested instances,
 * loops, polling an epoll descriptor, timeouts, and EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>

#include "guest.h"

#define MS 1000000L

static long ctl(int ep, int op, int fd, unsigned events, unsigned long data)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = data;
	return SYS(SYS_epoll_ctl, ep, op, fd, &ev);
}

static long wait_ms(int ep, struct epoll_event *evs, int max, int ms)
{
	return SYS(SYS_epoll_pwait, ep, evs, max, ms, 0, 8);
}

static int new_epoll(void)
{
	long ep = SYS(SYS_epoll_create1, 0);

	CHECK(ep >= 0);
	return (int)ep;
}

/* One wait with a zero timeout that must return exactly one event. */
static void expect_one(int ep, unsigned events, unsigned long data)
{
	struct epoll_event ev[4];

	memset(ev, 0, sizeof(ev));
	CHECK_EQ(wait_ms(ep, ev, 4, 0), 1);
	CHECK_EQ(ev[0].events, events);
	CHECK_EQ(ev[0].data.u64, data);
}

static void expect_none(int ep)
{
	struct epoll_event ev[4];

	CHECK_EQ(wait_ms(ep, ev, 4, 0), 0);
}

static void check_create(void)
{
	int ep;

	CHECK_ERR(SYS(SYS_epoll_create1, 1), EINVAL);
	CHECK_ERR(SYS(SYS_epoll_create1, O_NONBLOCK), EINVAL);
	CHECK_ERR(SYS(SYS_epoll_create1, EPOLL_CLOEXEC | 1), EINVAL);
	ep = SYS(SYS_epoll_create1, EPOLL_CLOEXEC);
	CHECK(ep >= 0);
	/* Not readable or writable; seeking is allowed and does nothing. */
	{
		char buf[16];

		CHECK_ERR(SYS(SYS_read, ep, buf, sizeof(buf)), EINVAL);
		CHECK_ERR(SYS(SYS_write, ep, buf, sizeof(buf)), EINVAL);
		CHECK_EQ(SYS(SYS_lseek, ep, 100, SEEK_SET), 0);
	}
	/* An empty instance never reports anything. */
	expect_none(ep);
	SYS(SYS_close, ep);
}

static void check_ctl_errors(void)
{
	int ep = new_epoll(), ep2 = new_epoll(), fds[2], file;
	struct epoll_event ev = { EPOLLIN, { 0 } };

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	file = open("/tests/data/lines.txt", O_RDONLY);
	CHECK(file >= 0);

	/* EBADF for either descriptor, before anything else. */
	CHECK_ERR(ctl(99, EPOLL_CTL_ADD, fds[0], EPOLLIN, 0), EBADF);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, 99, EPOLLIN, 0), EBADF);
	CHECK_ERR(ctl(-1, EPOLL_CTL_ADD, fds[0], EPOLLIN, 0), EBADF);
	CHECK_ERR(ctl(99, 77, 99, EPOLLIN, 0), EBADF);
	/* Files that cannot be polled: EPERM, even for DEL. */
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, file, EPOLLIN, 0), EPERM);
	CHECK_ERR(ctl(ep, EPOLL_CTL_DEL, file, 0, 0), EPERM);
	/* Not an epoll instance, or itself: EINVAL. */
	CHECK_ERR(ctl(fds[0], EPOLL_CTL_ADD, fds[1], EPOLLIN, 0), EINVAL);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), EINVAL);
	/* Unknown operations. */
	CHECK_ERR(ctl(ep, 0, fds[0], EPOLLIN, 0), EINVAL);
	CHECK_ERR(ctl(ep, 4, fds[0], EPOLLIN, 0), EINVAL);
	/* The event is read first for every operation but DEL. */
	CHECK_ERR(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], 0), EFAULT);
	CHECK_ERR(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, 99, unmapped_addr()),
		  EFAULT);
	CHECK_ERR(SYS(SYS_epoll_ctl, 99, 77, 99, KERNEL_ADDR), EFAULT);
	CHECK_ERR(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, fds[0], 0), ENOENT);
	/* ENOENT and EEXIST. */
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN, 0), ENOENT);
	CHECK_EQ(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], &ev), 0);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLOUT, 0), EEXIST);
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLOUT, 0), 0);
	CHECK_EQ(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, fds[0], 0), 0);
	CHECK_ERR(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, fds[0], 0), ENOENT);
	/* EPOLLEXCLUSIVE: ADD only, on plain files, with few events. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLEXCLUSIVE, 0), 0);
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLEXCLUSIVE, 0),
		  EINVAL);
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN, 0), EINVAL);
	CHECK_EQ(ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0), 0);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, fds[0],
		      EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 0), EINVAL);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, fds[0],
		      EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDNORM, 0), EINVAL);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE, 0),
		  EINVAL);
	/* Unknown event bits are kept but never reported. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[1], 0x00ff0000 | EPOLLOUT, 7), 0);
	expect_one(ep, EPOLLOUT, 7);
	/* Two instances may watch each other in one direction only. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN, 0), 0);
	CHECK_ERR(ctl(ep2, EPOLL_CTL_ADD, ep, EPOLLIN, 0), ELOOP);
	SYS(SYS_close, file);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
	SYS(SYS_close, ep2);
	SYS(SYS_close, ep);
}

static void check_triggers(void)
{
	int ep = new_epoll(), fds[2];
	char buf[8];

	CHECK_EQ(SYS(SYS_pipe2, fds, O_NONBLOCK), 0);
	/* Level-triggered: reported for as long as it holds. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 0x1122334455667788UL),
		 0);
	expect_none(ep);
	SYS(SYS_write, fds[1], "ab", 2);
	expect_one(ep, EPOLLIN, 0x1122334455667788UL);
	expect_one(ep, EPOLLIN, 0x1122334455667788UL);
	SYS(SYS_read, fds[0], buf, 2);
	expect_none(ep);

	/* Edge-triggered: once per wake-up of the file. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLET, 2), 0);
	expect_none(ep);
	SYS(SYS_write, fds[1], "a", 1);
	expect_one(ep, EPOLLIN, 2);
	expect_none(ep);
	/* Every write to a pipe is a new edge, even if data was waiting. */
	SYS(SYS_write, fds[1], "b", 1);
	expect_one(ep, EPOLLIN, 2);
	expect_none(ep);
	/* MOD looks again: still readable, so reported once more. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLET, 3), 0);
	expect_one(ep, EPOLLIN, 3);
	expect_none(ep);
	SYS(SYS_read, fds[0], buf, 2);

	/* One-shot: reported once, then disabled until MOD. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLONESHOT, 4), 0);
	SYS(SYS_write, fds[1], "c", 1);
	expect_one(ep, EPOLLIN, 4);
	expect_none(ep);
	SYS(SYS_write, fds[1], "d", 1);
	expect_none(ep);
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLONESHOT, 5), 0);
	expect_one(ep, EPOLLIN, 5);
	expect_none(ep);
	SYS(SYS_read, fds[0], buf, 2);
	CHECK_EQ(ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0), 0);

	/* The write end: writable; errors and hang-ups come unasked. */
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[1], EPOLLOUT | EPOLLRDHUP, 6), 0);
	expect_one(ep, EPOLLOUT, 6);
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[1], EPOLLIN, 6), 0);
	expect_none(ep);
	SYS(SYS_close, fds[0]);
	expect_one(ep, EPOLLERR, 6);
	CHECK_EQ(ctl(ep, EPOLL_CTL_MOD, fds[1], EPOLLOUT, 6), 0);
	expect_one(ep, EPOLLOUT | EPOLLERR, 6);
	SYS(SYS_close, fds[1]);

	/* The read end after the writer left: EPOLLHUP, even with ET. */
	CHECK_EQ(SYS(SYS_pipe2, fds, O_NONBLOCK), 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLET, 8), 0);
	expect_none(ep);
	SYS(SYS_write, fds[1], "e", 1);
	SYS(SYS_close, fds[1]);
	expect_one(ep, EPOLLIN | EPOLLHUP, 8);
	expect_none(ep);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, ep);
}

static void check_order(void)
{
	struct epoll_event ev[8];
	int ep = new_epoll(), p[3][2];

	/*
	 * Three ready level-triggered items and one event at a time: each
	 * comes in turn, since a reported item goes to the back.
	 */
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(SYS(SYS_pipe2, p[i], 0), 0);
		CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, p[i][1], EPOLLOUT, 10 + i), 0);
	}
	for (int round = 0; round < 7; round++) {
		CHECK_EQ(wait_ms(ep, ev, 1, 0), 1);
		CHECK_EQ(ev[0].data.u64, 10 + round % 3);
	}
	CHECK_EQ(wait_ms(ep, ev, 8, 0), 3);
	/* The padding after events is left alone. */
	memset(ev, 0xa5, sizeof(ev));
	CHECK_EQ(wait_ms(ep, ev, 8, 0), 3);
	for (int i = 0; i < 3; i++) {
		unsigned char *pad = (unsigned char *)&ev[i] + 4;

		CHECK_EQ(ev[i].events, EPOLLOUT);
		CHECK_EQ(pad[0] == 0xa5 && pad[3] == 0xa5, 1);
	}
	CHECK_EQ(((unsigned char *)&ev[3])[0], 0xa5);
	for (int i = 0; i < 3; i++) {
		SYS(SYS_close, p[i][0]);
		SYS(SYS_close, p[i][1]);
	}
	SYS(SYS_close, ep);
}

static void check_close(void)
{
	struct epoll_event ev[4];
	int ep = new_epoll(), a[2], b[2], num;
	long pid;

	/* Closing the only descriptor of a file takes it out of the set. */
	CHECK_EQ(SYS(SYS_pipe2, a, 0), 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, a[1], EPOLLOUT, 1), 0);
	expect_one(ep, EPOLLOUT, 1);
	num = a[1];
	SYS(SYS_close, a[1]);
	expect_none(ep);
	/* So the descriptor number can be added again. */
	CHECK_EQ(SYS(SYS_pipe2, b, 0), 0);
	CHECK_EQ(b[0], num);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, b[0], EPOLLIN, 2), 0);
	SYS(SYS_close, a[0]);
	SYS(SYS_close, b[0]);
	SYS(SYS_close, b[1]);

	/*
	 * While another descriptor of the file lives (the child's copy here),
	 * the item stays after close and still reports, with its old data;
	 * its descriptor is gone, so DEL is EBADF.
	 */
	CHECK_EQ(SYS(SYS_pipe2, a, 0), 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, a[0], EPOLLIN, 3), 0);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(300);
		SYS(SYS_exit_group, 0);
	}
	SYS(SYS_close, a[0]);
	SYS(SYS_write, a[1], "x", 1);
	CHECK_EQ(wait_ms(ep, ev, 4, 0), 1);
	CHECK_EQ(ev[0].data.u64, 3);
	CHECK_ERR(ctl(ep, EPOLL_CTL_DEL, a[0], 0, 0), EBADF);
	/* Once the child's copy goes too, the item goes. */
	CHECK_EXITED(must_wait(pid), 0);
	expect_none(ep);
	SYS(SYS_close, a[1]);
	SYS(SYS_close, ep);
}

static void check_nested(void)
{
	struct pollfd p;
	struct timespec zero = { 0, 0 };
	int outer = new_epoll(), inner = new_epoll(), fds[2];
	char c;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	CHECK_EQ(ctl(inner, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1), 0);
	CHECK_EQ(ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN | EPOLLOUT, 2), 0);
	/* An instance is readable when one of its items is ready. */
	p = (struct pollfd){ inner, POLLIN | POLLOUT, 0 };
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &zero, 0, 8), 0);
	expect_none(outer);
	SYS(SYS_write, fds[1], "x", 1);
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &zero, 0, 8), 1);
	CHECK_EQ(p.revents, POLLIN);
	expect_one(outer, EPOLLIN, 2);
	expect_one(inner, EPOLLIN, 1);
	SYS(SYS_read, fds[0], &c, 1);
	expect_none(outer);
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &zero, 0, 8), 0);
	/* A loop through a third instance is refused too. */
	{
		int third = new_epoll();

		CHECK_EQ(ctl(third, EPOLL_CTL_ADD, outer, EPOLLIN, 0), 0);
		CHECK_ERR(ctl(inner, EPOLL_CTL_ADD, third, EPOLLIN, 0), ELOOP);
		SYS(SYS_close, third);
	}
	/* Closing the inner instance takes it out of the outer one. */
	SYS(SYS_close, inner);
	SYS(SYS_write, fds[1], "y", 1);
	expect_none(outer);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
	SYS(SYS_close, outer);
}

static void check_wait(void)
{
	struct epoll_event ev[2];
	struct timespec ts;
	int ep = new_epoll(), fds[2], efd;
	long start, took, pid;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1), 0);
	/* Timeouts: at least as long as asked. */
	start = mono_ns();
	CHECK_EQ(wait_ms(ep, ev, 2, 100), 0);
	took = mono_ns() - start;
	CHECK(took >= 100 * MS);
	CHECK(took < 1000 * MS);
	ts = (struct timespec){ 0, 80 * MS };
	start = mono_ns();
	CHECK_EQ(SYS(SYS_epoll_pwait2, ep, ev, 2, &ts, 0, 8), 0);
	CHECK(mono_ns() - start >= 80 * MS);
	ts = (struct timespec){ 0, 0 };
	CHECK_EQ(SYS(SYS_epoll_pwait2, ep, ev, 2, &ts, 0, 8), 0);
	/* Woken by another process. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_write, fds[1], "z", 1);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	CHECK_EQ(wait_ms(ep, ev, 2, -1), 1);
	CHECK(mono_ns() - start >= 90 * MS);
	CHECK_EQ(ev[0].data.u64, 1);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_epoll_pwait2, ep, ev, 2, 0, 0, 8), 1);
	/* eventfds work as well. */
	efd = SYS(SYS_eventfd2, 0, 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLOUT, 9), 0);
	CHECK_EQ(ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0), 0);
	expect_one(ep, EPOLLOUT, 9);
	{
		unsigned long one = 1;

		SYS(SYS_write, efd, &one, 8);
	}
	expect_one(ep, EPOLLIN | EPOLLOUT, 9);

	/* Errors. */
	CHECK_ERR(wait_ms(ep, ev, 0, 0), EINVAL);
	CHECK_ERR(wait_ms(ep, ev, -1, 0), EINVAL);
	CHECK_ERR(wait_ms(ep, ev, 0x7fffffff, 0), EINVAL);
	CHECK_ERR(wait_ms(99, ev, 1, 0), EBADF);
	CHECK_ERR(wait_ms(fds[0], ev, 1, 0), EINVAL);
	CHECK_ERR(wait_ms(ep, (void *)KERNEL_ADDR, 1, 0), EFAULT);
	/* A bad array faults only when there is something to write. */
	CHECK_ERR(wait_ms(ep, 0, 1, 0), EFAULT);
	CHECK_ERR(wait_ms(ep, unmapped_addr(), 1, 0), EFAULT);
	CHECK_EQ(ctl(ep, EPOLL_CTL_DEL, efd, 0, 0), 0);
	CHECK_EQ(wait_ms(ep, 0, 1, 0), 0);
	CHECK_EQ(wait_ms(ep, unmapped_addr(), 1, 0), 0);
	/* The mask is checked first, even before the descriptor. */
	CHECK_ERR(SYS(SYS_epoll_pwait, 99, ev, 1, 0, &ts, 4), EINVAL);
	CHECK_ERR(SYS(SYS_epoll_pwait, 99, ev, 1, 0, unmapped_addr(), 8),
		  EFAULT);
	CHECK_ERR(SYS(SYS_epoll_pwait, 99, ev, 1, 0, 0, 4), EBADF);
	/* epoll_pwait2's timeout. */
	ts = (struct timespec){ 0, 1000000000L };
	CHECK_ERR(SYS(SYS_epoll_pwait2, ep, ev, 1, &ts, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_epoll_pwait2, ep, ev, 1, unmapped_addr(), 0, 8),
		  EFAULT);
	SYS(SYS_close, efd);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
	SYS(SYS_close, ep);
}

int main(void)
{
	check_create();
	check_ctl_errors();
	check_triggers();
	check_order();
	check_close();
	check_nested();
	check_wait();
	return check_done();
}
