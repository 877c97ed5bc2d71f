/*
 * epoll, ppoll and pipes under concurrency: threads write to pipes, wait
 * for them with epoll_wait and ppoll, modify and delete and re-add items,
 * and make and close watched pipes, all at once. Every byte written must
 * be read, through wake-ups alone, and nothing may crash or hang.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <time.h>

#include "guest.h"

#define PIPES 4
#define BYTES 3000
#define MS 1000000L

static int ep, rd[PIPES], wr[PIPES];
static volatile int writing_done, stop;
static volatile long read_total, ppoll_wakes, churned;

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245 + 12345;
	return *s >> 16;
}

static void *writer(void *arg)
{
	unsigned seed = 1;

	(void)arg;
	for (int i = 0; i < BYTES; i++) {
		if (SYS(SYS_write, wr[next_rand(&seed) % PIPES], "x", 1) != 1)
			say("write failed\n");
		if (i % 50 == 0)
			sleep_ms(2); /* let the others run between bursts */
	}
	writing_done = 1;
	return 0;
}

static void *reader(void *arg)
{
	struct epoll_event ev[PIPES];
	char buf[256];

	(void)arg;
	while (!stop) {
		long n = SYS(SYS_epoll_pwait, ep, ev, PIPES, 100, 0, 8);

		for (long i = 0; i < n; i++) {
			long r;

			if (ev[i].data.u64 >= PIPES)
				continue; /* a churner's pipe */
			r = SYS(SYS_read, rd[ev[i].data.u64], buf, sizeof(buf));
			if (r > 0)
				__atomic_fetch_add(&read_total, r,
						   __ATOMIC_RELAXED);
		}
	}
	return 0;
}

/* MOD and DEL+ADD keep every pipe watched, with a look at each change. */
static void *modifier(void *arg)
{
	struct epoll_event ev;
	unsigned seed = 7;

	(void)arg;
	while (!stop) {
		int i = next_rand(&seed) % PIPES;

		ev.events = EPOLLIN;
		ev.data.u64 = i;
		if (next_rand(&seed) & 1) {
			SYS(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, rd[i], &ev);
		} else {
			SYS(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, rd[i], 0);
			SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, rd[i], &ev);
		}
		SYS(SYS_sched_yield);
	}
	return 0;
}

static void *poller(void *arg)
{
	struct pollfd p[PIPES];
	struct timespec ts = { 0, 5 * MS };

	(void)arg;
	for (int i = 0; i < PIPES; i++)
		p[i] = (struct pollfd){ rd[i], POLLIN, 0 };
	while (!stop) {
		if (SYS(SYS_ppoll, p, PIPES, &ts, 0, 8) > 0)
			ppoll_wakes++;
		ts = (struct timespec){ 0, 5 * MS };
		SYS(SYS_sched_yield);
	}
	return 0;
}

/* Watched pipes whose descriptors close: their items must just go. */
static void *churner(void *arg)
{
	struct epoll_event ev = { EPOLLIN | EPOLLOUT, { .u64 = 99 } };
	int fds[2];

	(void)arg;
	while (!stop) {
		if (SYS(SYS_pipe2, fds, O_NONBLOCK))
			continue;
		SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], &ev);
		SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[1], &ev);
		SYS(SYS_write, fds[1], "y", 1);
		SYS(SYS_close, fds[0]);
		SYS(SYS_close, fds[1]);
		churned++;
		SYS(SYS_sched_yield);
	}
	return 0;
}

int main(void)
{
	void *(*fns[])(void *) = { writer, reader, modifier, poller, churner };
	pthread_t t[5];
	struct epoll_event ev;
	long start;
	int fds[2];

	ep = SYS(SYS_epoll_create1, 0);
	CHECK(ep >= 0);
	for (int i = 0; i < PIPES; i++) {
		CHECK_EQ(SYS(SYS_pipe2, fds, O_NONBLOCK), 0);
		rd[i] = fds[0];
		wr[i] = fds[1];
		ev.events = EPOLLIN;
		ev.data.u64 = i;
		CHECK_EQ(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, rd[i], &ev), 0);
	}
	for (int i = 0; i < 5; i++)
		CHECK_EQ(pthread_create(&t[i], 0, fns[i], 0), 0);
	start = mono_ns();
	while ((!writing_done || read_total < BYTES) &&
	       mono_ns() - start < 10000 * MS)
		sleep_ms(10);
	/* The others go on for a while after the last byte. */
	sleep_ms(50);
	stop = 1;
	for (int i = 0; i < 5; i++)
		CHECK_EQ(pthread_join(t[i], 0), 0);
	CHECK_EQ(read_total, BYTES);
	CHECK(churned > 0);
	/* Only the four pipes are left in the set. */
	{
		struct epoll_event evs[8];

		CHECK_EQ(SYS(SYS_epoll_pwait, ep, evs, 8, 0, 0, 8), 0);
	}
	return check_done();
}
