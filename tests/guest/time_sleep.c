/*
 * clock_nanosleep: relative and absolute sleeps on every clock that can
 * sleep, at least as long as asked; EINVAL, EOPNOTSUPP and EFAULT as
 * Linux gives them; and interruption by a signal handler, which returns
 * EINTR with the time left whether or not the handler asked for
 * SA_RESTART (Linux restarts sleeps only when no handler runs).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L
#define SLACK (2000 * MS) /* QEMU on a shared host can be slow */

static long clock_now(long clk)
{
	struct timespec ts;

	CHECK_EQ(SYS(SYS_clock_gettime, clk, &ts), 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static struct timespec ts_of(long ns)
{
	struct timespec ts = { ns / NSEC, ns % NSEC };

	return ts;
}

/* Relative sleeps of 30 ms on clk take at least 30 ms of MONOTONIC time. */
static void check_relative(long clk)
{
	struct timespec ts = ts_of(30 * MS);
	long start = mono_ns(), took;

	CHECK_EQ(SYS(SYS_clock_nanosleep, clk, 0, &ts, 0), 0);
	took = mono_ns() - start;
	if (took < 30 * MS || took > 30 * MS + SLACK)
		check_fail(__FILE__, __LINE__, "clock %ld: 30 ms took %ld ns",
			   clk, took);
}

/* Absolute sleeps end when clk reads at least the target. */
static void check_absolute(long clk)
{
	long target = clock_now(clk) + 40 * MS, after;
	struct timespec ts = ts_of(target), rem = { 77, 77 };

	CHECK_EQ(SYS(SYS_clock_nanosleep, clk, TIMER_ABSTIME, &ts, &rem), 0);
	after = clock_now(clk);
	if (after < target || after > target + SLACK)
		check_fail(__FILE__, __LINE__,
			   "clock %ld: woke at %ld for %ld", clk, after, target);
	/* A target in the past returns at once; rem is never written. */
	ts = ts_of(target / 2);
	CHECK_EQ(SYS(SYS_clock_nanosleep, clk, TIMER_ABSTIME, &ts, &rem), 0);
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	CHECK_EQ(SYS(SYS_clock_nanosleep, clk, TIMER_ABSTIME, &ts, &rem), 0);
	CHECK_EQ(rem.tv_sec, 77);
	CHECK_EQ(rem.tv_nsec, 77);
}

static void check_clocks(void)
{
	static const long sleepers[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
					 CLOCK_BOOTTIME, CLOCK_TAI };
	struct timespec ts = ts_of(0);
	size_t i;

	for (i = 0; i < sizeof(sleepers) / sizeof(sleepers[0]); i++) {
		check_relative(sleepers[i]);
		check_absolute(sleepers[i]);
	}
	/* Flags other than TIMER_ABSTIME are ignored. */
	ts = ts_of(MS);
	CHECK_EQ(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 2, &ts, 0), 0);
	CHECK_EQ(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0xf0, &ts, 0), 0);
	/* The alarm clocks sleep like REALTIME and BOOTTIME, without odd flags. */
	check_relative(CLOCK_REALTIME_ALARM);
	check_absolute(CLOCK_BOOTTIME_ALARM);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_BOOTTIME_ALARM, 2, &ts, 0),
		  EINVAL);
	/* The process CPU clock sleeps too: a past absolute time returns. */
	ts = ts_of(0);
	CHECK_EQ(SYS(SYS_clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID,
		     TIMER_ABSTIME, &ts, 0), 0);
	/* ~0 << 3 | 2: the caller's process clock by its CPU clock id. */
	CHECK_EQ(SYS(SYS_clock_nanosleep, -6L, TIMER_ABSTIME, &ts, 0), 0);
}

static void check_errors(void)
{
	struct timespec ts = ts_of(MS), bad[3] = {
		{ 0, NSEC }, { 0, -1 }, { -1, 0 } };
	long start = mono_ns();
	size_t i;

	for (i = 0; i < 3; i++) {
		CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad[i],
			      0), EINVAL);
		CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_REALTIME,
			      TIMER_ABSTIME, &bad[i], 0), EINVAL);
	}
	/* Unknown clocks, and clocks that cannot sleep. */
	CHECK_ERR(SYS(SYS_clock_nanosleep, 10, 0, &ts, 0), EINVAL);
	CHECK_ERR(SYS(SYS_clock_nanosleep, 12, 0, &ts, 0), EINVAL);
	CHECK_ERR(SYS(SYS_clock_nanosleep, 1000, 0, &ts, 0), EINVAL);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts, 0),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &ts, 0),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_REALTIME_COARSE, 0, &ts, 0),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC_COARSE, 0, &ts, 0),
		  EOPNOTSUPP);
	/* Sleeping on one's own thread CPU clock would never end. */
	CHECK_ERR(SYS(SYS_clock_nanosleep, -2L, TIMER_ABSTIME, &ts, 0), EINVAL);
	/* Clocks behind descriptors (id & 7 == 3) cannot sleep. */
	CHECK_ERR(SYS(SYS_clock_nanosleep, -5L, 0, &ts, 0), EOPNOTSUPP);
	/* Bad pointers for the request. */
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, 0, 0), EFAULT);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, KERNEL_ADDR, 0),
		  EFAULT);
	CHECK_ERR(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, unmapped_addr(),
		      0), EFAULT);
	/* An uninterrupted sleep never writes rem, bad or not. */
	CHECK_EQ(SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts,
		     unmapped_addr()), 0);
	CHECK(mono_ns() - start < SLACK);
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void set_alarm_handler(int flags)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGALRM, &sa, 0), 0);
}

/* Arms ITIMER_REAL for ms milliseconds, once. */
static void arm_alarm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, ms % 1000 * 1000 } };

	CHECK_EQ(SYS(SYS_setitimer, ITIMER_REAL, &it, 0), 0);
}

/* A handler ends the sleep with EINTR and the rest of the time in rem. */
static void check_interrupted(long nr, long clk, int sa_flags)
{
	struct timespec ts = ts_of(2 * NSEC), rem = { -1, -1 };
	long start, took, r, left;

	set_alarm_handler(sa_flags);
	alarms = 0;
	start = mono_ns();
	arm_alarm_ms(100);
	if (nr == SYS_nanosleep)
		r = SYS(SYS_nanosleep, &ts, &rem);
	else
		r = SYS(SYS_clock_nanosleep, clk, 0, &ts, &rem);
	took = mono_ns() - start;
	CHECK_ERR(r, EINTR);
	CHECK_EQ(alarms, 1);
	CHECK(took >= 100 * MS);
	CHECK(took < 2 * NSEC);
	left = rem.tv_sec * NSEC + rem.tv_nsec;
	CHECK(rem.tv_nsec >= 0 && rem.tv_nsec < NSEC);
	/* What is left plus what was slept is the request, within slack. */
	CHECK(left > 0 && left < 2 * NSEC - 50 * MS);
	CHECK(labs(left + took - 2 * NSEC) < 100 * MS);
}

static void check_signals(void)
{
	struct timespec ts, rem = { 5, 5 };
	long r, target;

	check_interrupted(SYS_nanosleep, 0, 0);
	check_interrupted(SYS_nanosleep, 0, SA_RESTART);
	check_interrupted(SYS_clock_nanosleep, CLOCK_MONOTONIC, SA_RESTART);
	check_interrupted(SYS_clock_nanosleep, CLOCK_REALTIME, 0);

	/* An absolute sleep is interrupted too, and rem stays untouched. */
	set_alarm_handler(SA_RESTART);
	alarms = 0;
	target = clock_now(CLOCK_MONOTONIC) + 2 * NSEC;
	ts = ts_of(target);
	arm_alarm_ms(50);
	r = SYS(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, &rem);
	CHECK_ERR(r, EINTR);
	CHECK_EQ(alarms, 1);
	CHECK(clock_now(CLOCK_MONOTONIC) < target);
	CHECK_EQ(rem.tv_sec, 5);
	CHECK_EQ(rem.tv_nsec, 5);

	/* An interrupted sleep that cannot store rem fails with EFAULT. */
	alarms = 0;
	ts = ts_of(2 * NSEC);
	arm_alarm_ms(50);
	CHECK_ERR(SYS(SYS_nanosleep, &ts, KERNEL_ADDR), EFAULT);
	CHECK_EQ(alarms, 1);

	/* An ignored signal does not end a sleep. */
	signal(SIGALRM, SIG_IGN);
	ts = ts_of(150 * MS);
	target = mono_ns();
	arm_alarm_ms(30);
	CHECK_EQ(SYS(SYS_nanosleep, &ts, &rem), 0);
	CHECK(mono_ns() - target >= 150 * MS);
	signal(SIGALRM, SIG_DFL);
}

int main(void)
{
	check_clocks();
	check_errors();
	check_signals();
	return check_done();
}
