/*
 * clock_gettime and gettimeofday through the raw system calls (musl would
 * use the vDSO on Linux): every supported clock answers with a normalised
 * timespec, the monotonic clocks never go backwards, they agree with each
 * other and with the wall clock over a sleep, and the wall clock holds a
 * plausible date.
 */
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"

#define NSEC	1000000000L
#define ROUNDS	200
/* 2020-01-01T00:00:00Z: any real clock is later than this. */
#define Y2020	1577836800L

static const struct {
	long id;
	const char *name;
	int monotonic;
} clocks[] = {
	{ CLOCK_REALTIME, "REALTIME", 0 },
	{ CLOCK_MONOTONIC, "MONOTONIC", 1 },
	{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID", 1 },
	{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID", 1 },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", 1 },
	{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE", 0 },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", 1 },
	{ CLOCK_BOOTTIME, "BOOTTIME", 1 },
};

static long ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static long read_clock(long id)
{
	struct timespec ts = { -1, -1 };
	long r = SYS(SYS_clock_gettime, id, &ts);

	if (r != 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC || ts.tv_sec < 0) {
		check_fail(__FILE__, __LINE__,
			   "clock %ld: ret %ld, tv_sec %ld, tv_nsec %ld", id, r,
			   (long)ts.tv_sec, ts.tv_nsec);
		return 0;
	}
	return ns(&ts);
}

static void check_each_clock(void)
{
	size_t c;
	long prev, now;
	int i;

	for (c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
		prev = read_clock(clocks[c].id);
		for (i = 0; i < ROUNDS; i++) {
			now = read_clock(clocks[c].id);
			if (clocks[c].monotonic && now < prev) {
				check_fail(__FILE__, __LINE__,
					   "%s went back from %ld to %ld",
					   clocks[c].name, prev, now);
				break;
			}
			prev = now;
		}
	}
}

static volatile unsigned long spin_sink;

static void check_intervals(void)
{
	struct timespec nap = { 0, 200000000 };
	long mono0, boot0, raw0, real0, mono1, boot1, raw1, real1, cpu0, cpu1;
	long d_mono;
	unsigned long i;

	mono0 = read_clock(CLOCK_MONOTONIC);
	boot0 = read_clock(CLOCK_BOOTTIME);
	raw0 = read_clock(CLOCK_MONOTONIC_RAW);
	real0 = read_clock(CLOCK_REALTIME);
	CHECK_EQ(SYS(SYS_nanosleep, &nap, 0), 0);
	mono1 = read_clock(CLOCK_MONOTONIC);
	boot1 = read_clock(CLOCK_BOOTTIME);
	raw1 = read_clock(CLOCK_MONOTONIC_RAW);
	real1 = read_clock(CLOCK_REALTIME);

	/* Every clock saw the 200 ms sleep, and they agree within 100 ms. */
	d_mono = mono1 - mono0;
	CHECK(d_mono >= 200000000L);
	CHECK(d_mono < 5 * NSEC);
	CHECK(boot1 - boot0 >= 200000000L);
	CHECK(raw1 - raw0 >= 150000000L);
	CHECK(real1 - real0 >= 150000000L);
	CHECK(labs((boot1 - boot0) - d_mono) < 100000000L);
	CHECK(labs((raw1 - raw0) - d_mono) < 100000000L);
	CHECK(labs((real1 - real0) - d_mono) < 100000000L);
	/* Nothing suspended the machine, so BOOTTIME is MONOTONIC plus a constant. */
	CHECK(boot0 >= mono0);

	/* Sleeping uses (almost) no CPU time; spinning does. */
	cpu0 = read_clock(CLOCK_PROCESS_CPUTIME_ID);
	CHECK_EQ(SYS(SYS_nanosleep, &nap, 0), 0);
	cpu1 = read_clock(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(cpu1 - cpu0 < 100000000L);
	mono0 = read_clock(CLOCK_MONOTONIC);
	do {
		for (i = 0; i < 100000; i++)
			spin_sink += i;
	} while (read_clock(CLOCK_MONOTONIC) - mono0 < 100000000L);
	cpu1 = read_clock(CLOCK_THREAD_CPUTIME_ID);
	CHECK(cpu1 - cpu0 >= 20000000L);
}

static void check_wall_clock(void)
{
	struct timeval tv = { -1, -1 };
	struct timezone tz = { -1, -1 };
	long real, tv_ns;

	real = read_clock(CLOCK_REALTIME);
	CHECK(real / NSEC > Y2020);
	CHECK(read_clock(CLOCK_REALTIME_COARSE) / NSEC > Y2020);

	CHECK_EQ(SYS(SYS_gettimeofday, &tv, &tz), 0);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	tv_ns = tv.tv_sec * NSEC + tv.tv_usec * 1000L;
	CHECK(labs(tv_ns - real) < NSEC);
	/* Nobody set a timezone, so the kernel's is zero. */
	CHECK_EQ(tz.tz_minuteswest, 0);
	CHECK_EQ(tz.tz_dsttime, 0);
	CHECK_EQ(SYS(SYS_gettimeofday, &tv, 0), 0);
	CHECK_EQ(SYS(SYS_gettimeofday, 0, &tz), 0);

	/* The libc wrappers agree (vDSO or not). */
	CHECK(labs(time(NULL) - real / NSEC) <= 2);
}

int main(void)
{
	check_each_clock();
	check_intervals();
	check_wall_clock();
	return check_done();
}
