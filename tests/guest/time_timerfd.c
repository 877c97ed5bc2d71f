/*
 * timerfd: reads return the 8-byte count of expiries (blocking until the
 * first, EAGAIN without O_NONBLOCK's patience), periodic timers count the
 * periods missed between reads, poll reports POLLIN, absolute timers
 * follow clock steps and CANCEL_ON_SET ones fail with ECANCELED; ioctl
 * TFD_IOC_SET_TICKS; EINVAL, EBADF and EFAULT as Linux gives them.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L
#define TFD_IOC_SET_TICKS 0x40085400UL

static long now_on(long clk)
{
	struct timespec ts;

	CHECK_EQ(SYS(SYS_clock_gettime, clk, &ts), 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static int make(long clk, int flags)
{
	long fd = SYS(SYS_timerfd_create, clk, flags);

	CHECK(fd >= 0);
	return (int)fd;
}

static void arm(int fd, int flags, long value, long interval)
{
	struct itimerspec its = { { interval / NSEC, interval % NSEC },
				  { value / NSEC, value % NSEC } };

	CHECK_EQ(SYS(SYS_timerfd_settime, fd, flags, &its, 0), 0);
}

static long left(int fd, long *interval)
{
	struct itimerspec its;

	CHECK_EQ(SYS(SYS_timerfd_gettime, fd, &its), 0);
	if (interval)
		*interval = ts_ns(&its.it_interval);
	return ts_ns(&its.it_value);
}

/* read(2) of the expiry count, or -errno. */
static long read_ticks(int fd, uint64_t *ticks)
{
	*ticks = 0;
	return SYS(SYS_read, fd, ticks, sizeof(*ticks));
}

static void check_create(void)
{
	static const long ok[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
				   CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM,
				   CLOCK_BOOTTIME_ALARM };
	static const long bad[] = { CLOCK_PROCESS_CPUTIME_ID,
				    CLOCK_THREAD_CPUTIME_ID,
				    CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
				    CLOCK_MONOTONIC_COARSE, 10, CLOCK_TAI, 12,
				    -6 };
	size_t i;
	int fd;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		fd = make(ok[i], TFD_CLOEXEC | TFD_NONBLOCK);
		CHECK_EQ(left(fd, 0), 0);
		close(fd);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_ERR(SYS(SYS_timerfd_create, bad[i], 0), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_create, CLOCK_MONOTONIC, 1), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_create, CLOCK_MONOTONIC, O_RDWR), EINVAL);
}

static void check_one_shot(void)
{
	int fd = make(CLOCK_MONOTONIC, 0), nb;
	long start, took, v, iv;
	uint64_t ticks;
	char small[4];

	/* A blocking read waits for the expiry and takes the count. */
	start = mono_ns();
	arm(fd, 0, 50 * MS, 0);
	v = left(fd, &iv);
	CHECK(v > 0 && v <= 50 * MS);
	CHECK_EQ(iv, 0);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	took = mono_ns() - start;
	CHECK_EQ(ticks, 1);
	CHECK(took >= 50 * MS && took < 3 * NSEC);
	CHECK_EQ(left(fd, 0), 0);

	/* Non-blocking: EAGAIN until it fires. */
	nb = make(CLOCK_MONOTONIC, TFD_NONBLOCK);
	CHECK_ERR(read_ticks(nb, &ticks), EAGAIN);
	arm(nb, 0, 20 * MS, 0);
	CHECK_ERR(read_ticks(nb, &ticks), EAGAIN);
	sleep_ms(40);
	CHECK_ERR(SYS(SYS_read, nb, small, sizeof(small)), EINVAL);
	CHECK_ERR(SYS(SYS_read, nb, unmapped_addr(), 8), EFAULT);
	/* The failed copy consumed the count, as on Linux. */
	CHECK_ERR(read_ticks(nb, &ticks), EAGAIN);

	/* Absolute times, on MONOTONIC and on the wall clock. */
	arm(nb, TFD_TIMER_ABSTIME, now_on(CLOCK_MONOTONIC) + 30 * MS, 0);
	sleep_ms(50);
	CHECK_EQ(read_ticks(nb, &ticks), 8);
	CHECK_EQ(ticks, 1);
	close(nb);
	nb = make(CLOCK_REALTIME, 0);
	start = now_on(CLOCK_REALTIME) + 40 * MS;
	arm(nb, TFD_TIMER_ABSTIME, start, 0);
	CHECK_EQ(read_ticks(nb, &ticks), 8);
	CHECK(now_on(CLOCK_REALTIME) >= start);
	close(nb);

	/* Not a seekable or writable file. */
	CHECK_ERR(SYS(SYS_write, fd, &ticks, 8), EINVAL);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 0);
	close(fd);
}

static void check_periodic(void)
{
	int fd = make(CLOCK_BOOTTIME, TFD_NONBLOCK);
	struct itimerspec its = { { 0, 0 }, { 0, 0 } }, old;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec wait = { 2, 0 };
	long start, v, iv, periods;
	uint64_t ticks;

	/* Every period counts, read or not. */
	start = mono_ns();
	arm(fd, 0, 10 * MS, 10 * MS);
	sleep_ms(75);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	periods = (mono_ns() - start) / (10 * MS);
	if ((long)ticks < 7 || (long)ticks > periods)
		check_fail(__FILE__, __LINE__, "%lu ticks in %ld periods",
			   (unsigned long)ticks, periods);
	v = left(fd, &iv);
	CHECK(v > 0 && v <= 10 * MS);
	CHECK_EQ(iv, 10 * MS);
	/* gettime re-arms without losing the ticks. */
	sleep_ms(35);
	v = left(fd, &iv);
	CHECK(v > 0 && v <= 10 * MS);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	CHECK(ticks >= 3 && ticks <= 10);

	/* poll reports POLLIN once a period has passed. */
	CHECK_EQ(SYS(SYS_ppoll, &pfd, 1, &wait, 0, 8), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	CHECK(ticks >= 1);

	/* settime reports the old setting and clears the count. */
	CHECK_EQ(SYS(SYS_timerfd_settime, fd, 0, &its, &old), 0);
	CHECK(ts_ns(&old.it_value) > 0 && ts_ns(&old.it_value) <= 10 * MS);
	CHECK_EQ(ts_ns(&old.it_interval), 10 * MS);
	CHECK_EQ(left(fd, &iv), 0);
	CHECK_EQ(iv, 0);
	CHECK_ERR(read_ticks(fd, &ticks), EAGAIN);
	wait.tv_sec = 0;
	wait.tv_nsec = 30 * MS;
	pfd.revents = 0;
	CHECK_EQ(SYS(SYS_ppoll, &pfd, 1, &wait, 0, 8), 0);
	CHECK_EQ(pfd.revents, 0);

	/* epoll sees an expiry that happens while it waits. */
	{
		struct epoll_event ee = { .events = EPOLLIN, .data.u64 = 77 };
		int ep = (int)SYS(SYS_epoll_create1, 0);

		CHECK(ep >= 0);
		CHECK_EQ(SYS(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fd, &ee), 0);
		arm(fd, 0, 30 * MS, 0);
		ee.events = 0;
		ee.data.u64 = 0;
		CHECK_EQ(SYS(SYS_epoll_pwait, ep, &ee, 1, 2000, 0, 8), 1);
		CHECK_EQ(ee.events, EPOLLIN);
		CHECK_EQ(ee.data.u64, 77);
		CHECK_EQ(read_ticks(fd, &ticks), 8);
		CHECK_EQ(ticks, 1);
		CHECK_EQ(SYS(SYS_epoll_pwait, ep, &ee, 1, 0, 0, 8), 0);
		close(ep);
	}

	/* TFD_IOC_SET_TICKS sets the count read next. */
	ticks = 3;
	CHECK_EQ(SYS(SYS_ioctl, fd, TFD_IOC_SET_TICKS, &ticks), 0);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	CHECK_EQ(ticks, 3);
	ticks = 0;
	CHECK_ERR(SYS(SYS_ioctl, fd, TFD_IOC_SET_TICKS, &ticks), EINVAL);
	CHECK_ERR(SYS(SYS_ioctl, fd, TFD_IOC_SET_TICKS, KERNEL_ADDR), EFAULT);
	close(fd);
}

static void settod_ns(long ns)
{
	struct timeval tv = { ns / NSEC, ns % NSEC / 1000 };

	CHECK_EQ(SYS(SYS_settimeofday, &tv, 0), 0);
}

static void check_clock_steps(void)
{
	int fd = make(CLOCK_REALTIME, TFD_NONBLOCK);
	int mono = make(CLOCK_MONOTONIC, TFD_NONBLOCK);
	long real = now_on(CLOCK_REALTIME);
	uint64_t ticks;

	/* An absolute REALTIME timer fires when the clock is stepped past it. */
	arm(fd, TFD_TIMER_ABSTIME, real + 60 * NSEC, 0);
	arm(mono, 0, 60 * NSEC, 0);
	settod_ns(now_on(CLOCK_REALTIME) + 61 * NSEC);
	sleep_ms(30);
	CHECK_EQ(read_ticks(fd, &ticks), 8);
	CHECK_EQ(ticks, 1);
	/* A MONOTONIC one does not. */
	CHECK_ERR(read_ticks(mono, &ticks), EAGAIN);
	settod_ns(now_on(CLOCK_REALTIME) - 61 * NSEC);

	/* CANCEL_ON_SET: a step of the clock makes the next read ECANCELED. */
	arm(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
	    now_on(CLOCK_REALTIME) + 60 * NSEC, 0);
	CHECK_ERR(read_ticks(fd, &ticks), EAGAIN);
	settod_ns(now_on(CLOCK_REALTIME));
	CHECK_ERR(read_ticks(fd, &ticks), ECANCELED);
	CHECK_ERR(read_ticks(fd, &ticks), EAGAIN);
	/* Without ABSTIME the flag means nothing. */
	arm(fd, TFD_TIMER_CANCEL_ON_SET, 60 * NSEC, 0);
	settod_ns(now_on(CLOCK_REALTIME));
	CHECK_ERR(read_ticks(fd, &ticks), EAGAIN);
	close(fd);
	close(mono);
}

static void check_errors(void)
{
	int fd = make(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 0 }, { 1, 0 } }, bad[3] = {
		{ { 0, 0 }, { 0, NSEC } }, { { 0, 0 }, { -1, 0 } },
		{ { 0, -1 }, { 1, 0 } } };
	size_t i;

	for (i = 0; i < 3; i++)
		CHECK_ERR(SYS(SYS_timerfd_settime, fd, 0, &bad[i], 0), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_settime, fd, 4, &its, 0), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_settime, fd, 0, 0, 0), EFAULT);
	CHECK_ERR(SYS(SYS_timerfd_settime, fd, 0, KERNEL_ADDR, 0), EFAULT);
	/* Descriptors that are not timerfds, or not open. */
	CHECK_ERR(SYS(SYS_timerfd_settime, 0, 0, &its, 0), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_settime, 999, 0, &its, 0), EBADF);
	CHECK_ERR(SYS(SYS_timerfd_settime, -1, 0, &its, 0), EBADF);
	CHECK_ERR(SYS(SYS_timerfd_gettime, 0, &its), EINVAL);
	CHECK_ERR(SYS(SYS_timerfd_gettime, 999, &its), EBADF);
	CHECK_ERR(SYS(SYS_timerfd_gettime, fd, 0), EFAULT);
	CHECK_ERR(SYS(SYS_timerfd_gettime, fd, unmapped_addr()), EFAULT);
	/* The timer is set before the old value fails to copy out. */
	CHECK_ERR(SYS(SYS_timerfd_settime, fd, 0, &its, KERNEL_ADDR), EFAULT);
	CHECK(left(fd, 0) > 0);
	/* Other ioctls are not the timerfd's. */
	CHECK_ERR(SYS(SYS_ioctl, fd, 0x5401, &its), ENOTTY);
	close(fd);
}

int main(void)
{
	check_create();
	check_one_shot();
	check_periodic();
	check_clock_steps();
	check_errors();
	return check_done();
}
