/*
 * Setting the wall clock: settimeofday and clock_settime move REALTIME
 * (and TAI) but not MONOTONIC, the time zone is kept and read back,
 * adjtimex reads and writes the NTP state as Linux does and ADJ_SETOFFSET
 * steps the clock. Every change is undone before the test ends.
 */
#include <stdlib.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L
#define SLACK (500 * MS)

static long now_on(long clk)
{
	struct timespec ts;

	CHECK_EQ(SYS(SYS_clock_gettime, clk, &ts), 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

/* REALTIME - MONOTONIC: what setting the clock changes. */
static long wall_offset(void)
{
	long m0 = now_on(CLOCK_MONOTONIC), r = now_on(CLOCK_REALTIME);
	long m1 = now_on(CLOCK_MONOTONIC);

	return r - (m0 + m1) / 2;
}

static void settod_ns(long ns)
{
	struct timeval tv = { ns / NSEC, ns % NSEC / 1000 };

	CHECK_EQ(SYS(SYS_settimeofday, &tv, 0), 0);
}

static void check_offset(long want, const char *what)
{
	long got = wall_offset();

	if (labs(got - want) > SLACK)
		check_fail(__FILE__, __LINE__, "%s: offset %ld, wanted %ld",
			   what, got, want);
}

static void check_set(void)
{
	long off0 = wall_offset(), mono0 = now_on(CLOCK_MONOTONIC), m;
	long tai0 = now_on(CLOCK_TAI) - now_on(CLOCK_REALTIME);
	struct timespec ts;

	/* An hour ahead: REALTIME and TAI move, MONOTONIC and BOOTTIME do not. */
	settod_ns(now_on(CLOCK_REALTIME) + 3600 * NSEC);
	check_offset(off0 + 3600 * NSEC, "settimeofday +1h");
	m = now_on(CLOCK_MONOTONIC);
	CHECK(m >= mono0 && m - mono0 < SLACK);
	CHECK(labs(now_on(CLOCK_TAI) - now_on(CLOCK_REALTIME) - tai0) < SLACK);
	CHECK(labs(now_on(CLOCK_REALTIME_COARSE) - now_on(CLOCK_REALTIME)) <
	      SLACK);
	CHECK(labs(now_on(CLOCK_BOOTTIME) - now_on(CLOCK_MONOTONIC)) < SLACK);
	/* gettimeofday and time() follow. */
	CHECK(labs(time(0) - now_on(CLOCK_REALTIME) / NSEC) <= 2);

	/* clock_settime back, to the nanosecond field. */
	m = now_on(CLOCK_REALTIME) - 3600 * NSEC;
	ts.tv_sec = m / NSEC;
	ts.tv_nsec = m % NSEC;
	CHECK_EQ(SYS(SYS_clock_settime, CLOCK_REALTIME, &ts), 0);
	CHECK(labs(now_on(CLOCK_REALTIME) -
		   (ts.tv_sec * NSEC + ts.tv_nsec)) < SLACK);
	check_offset(off0, "clock_settime back");
}

static void check_set_errors(void)
{
	struct timeval bad_tv[] = { { 1700000000, 1000000 },
				    { 1700000000, 1000001 },
				    { 1700000000, -1 },
				    { -1, 0 },
				    /* Before boot: REALTIME below MONOTONIC. */
				    { 0, 0 } };
	struct timespec bad_ts[] = { { 1700000000, NSEC }, { 1700000000, -1 },
				     { -1, 0 }, { 0, 0 } };
	struct timespec ts = { 1700000000, 0 };
	struct timezone tz = { 16 * 60, 0 };
	long off0 = wall_offset();
	size_t i;

	for (i = 0; i < sizeof(bad_tv) / sizeof(bad_tv[0]); i++)
		CHECK_ERR(SYS(SYS_settimeofday, &bad_tv[i], 0), EINVAL);
	for (i = 0; i < sizeof(bad_ts) / sizeof(bad_ts[0]); i++)
		CHECK_ERR(SYS(SYS_clock_settime, CLOCK_REALTIME, &bad_ts[i]),
			  EINVAL);
	/* Time zones more than 15 hours off are refused. */
	CHECK_ERR(SYS(SYS_settimeofday, 0, &tz), EINVAL);
	tz.tz_minuteswest = -16 * 60;
	CHECK_ERR(SYS(SYS_settimeofday, 0, &tz), EINVAL);
	CHECK_ERR(SYS(SYS_settimeofday, KERNEL_ADDR, 0), EFAULT);
	CHECK_ERR(SYS(SYS_settimeofday, 0, unmapped_addr()), EFAULT);
	CHECK_EQ(SYS(SYS_settimeofday, 0, 0), 0);
	/* Only REALTIME can be set; CPU clocks by id are refused with EPERM. */
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_MONOTONIC, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_BOOTTIME, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_TAI, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_REALTIME_COARSE, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_PROCESS_CPUTIME_ID, &ts),
		  EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, 10, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, 99, &ts), EINVAL);
	CHECK_ERR(SYS(SYS_clock_settime, -6L, &ts), EPERM);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_REALTIME, 0), EFAULT);
	CHECK_ERR(SYS(SYS_clock_settime, CLOCK_REALTIME, KERNEL_ADDR), EFAULT);
	check_offset(off0, "after refused sets");
}

static void check_timezone(void)
{
	struct timeval tv;
	struct timezone tz = { -60, 1 }, got = { 7, 7 };

	/*
	 * With a time given along: Linux warps the clock once if the first
	 * zone ever set comes without one.
	 */
	CHECK_EQ(SYS(SYS_gettimeofday, &tv, 0), 0);
	CHECK_EQ(SYS(SYS_settimeofday, &tv, &tz), 0);
	CHECK_EQ(SYS(SYS_gettimeofday, 0, &got), 0);
	CHECK_EQ(got.tz_minuteswest, -60);
	CHECK_EQ(got.tz_dsttime, 1);
	tz.tz_minuteswest = 0;
	tz.tz_dsttime = 0;
	CHECK_EQ(SYS(SYS_settimeofday, 0, &tz), 0);
	CHECK_EQ(SYS(SYS_gettimeofday, 0, &got), 0);
	CHECK_EQ(got.tz_minuteswest, 0);
	CHECK_EQ(got.tz_dsttime, 0);
}

static long adjtimex_raw(struct timex *tx)
{
	return SYS(SYS_adjtimex, tx);
}

static void check_adjtimex_read(void)
{
	struct timex tx = { 0 };
	long r, real;

	r = adjtimex_raw(&tx);
	real = now_on(CLOCK_REALTIME);
	/* Never synchronised (and every clock step clears the state). */
	CHECK_EQ(r, TIME_ERROR);
	CHECK(tx.status & STA_UNSYNC);
	CHECK_EQ(tx.precision, 1);
	CHECK_EQ(tx.tolerance, 32768000);
	CHECK_EQ(tx.tick, 10000);
	CHECK_EQ(tx.maxerror, 16000000);
	CHECK_EQ(tx.esterror, 16000000);
	CHECK_EQ(tx.offset, 0);
	CHECK(tx.time.tv_usec >= 0 && tx.time.tv_usec < 1000000);
	CHECK(labs(tx.time.tv_sec * NSEC + tx.time.tv_usec * 1000L - real) <
	      SLACK);
	/* clock_adjtime on REALTIME is the same call. */
	tx.modes = 0;
	CHECK_EQ(SYS(SYS_clock_adjtime, CLOCK_REALTIME, &tx), TIME_ERROR);
	/* adjtime(3)'s read-only query. */
	tx.modes = ADJ_OFFSET_SS_READ;
	tx.offset = 99;
	CHECK_EQ(adjtimex_raw(&tx), TIME_ERROR);
	CHECK_EQ(tx.offset, 0);
}

static void check_adjtimex_write(void)
{
	struct timex tx = { 0 };
	long off0 = wall_offset();

	/* Frequency, in ppm << 16, reads back as set. */
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 10 << 16;
	CHECK_EQ(adjtimex_raw(&tx), TIME_ERROR);
	CHECK_EQ(tx.freq, 10 << 16);
	tx.modes = ADJ_FREQUENCY;
	tx.freq = -(25 << 16);
	adjtimex_raw(&tx);
	CHECK_EQ(tx.freq, -(25 << 16));
	/* Beyond 500 ppm is clamped. */
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 1000L << 16;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.freq, 500L << 16);
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 0;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.freq, 0);

	/* Error estimates; maxerror grows by 500 us a second. */
	tx.modes = ADJ_MAXERROR | ADJ_ESTERROR;
	tx.maxerror = 1000;
	tx.esterror = 300;
	adjtimex_raw(&tx);
	CHECK(tx.maxerror >= 1000 && tx.maxerror <= 2000);
	CHECK_EQ(tx.esterror, 300);

	/* The time constant gains 4 in microsecond mode. */
	tx.modes = ADJ_TIMECONST;
	tx.constant = 3;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.constant, 7);
	tx.modes = ADJ_NANO | ADJ_TIMECONST;
	tx.constant = 2;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.constant, 2);
	CHECK(tx.status & STA_NANO);
	tx.modes = ADJ_MICRO;
	adjtimex_raw(&tx);
	CHECK(!(tx.status & STA_NANO));

	/* The PLL takes a phase offset and slews it away. */
	tx.modes = ADJ_STATUS;
	tx.status = STA_PLL;
	adjtimex_raw(&tx);
	CHECK(tx.status & STA_PLL);
	tx.modes = ADJ_OFFSET;
	tx.offset = 100; /* us */
	adjtimex_raw(&tx);
	CHECK(tx.offset >= 0 && tx.offset <= 100);
	/* Synchronised now: TIME_OK until the PLL is switched off. */
	tx.modes = ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR;
	tx.status = STA_PLL;
	tx.maxerror = 1000;
	tx.esterror = 1000;
	CHECK_EQ(adjtimex_raw(&tx), TIME_OK);
	tx.modes = ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR | ADJ_FREQUENCY;
	tx.status = STA_UNSYNC;
	tx.maxerror = tx.esterror = 16000000;
	tx.freq = 0;
	CHECK_EQ(adjtimex_raw(&tx), TIME_ERROR);
	CHECK_EQ(tx.status, STA_UNSYNC);
	CHECK_EQ(tx.freq, 0);

	/* adjtime(3): a single-shot slew of 2 ms, 500 us a second. */
	tx.modes = ADJ_OFFSET_SINGLESHOT;
	tx.offset = 2000;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.offset, 0);
	tx.modes = ADJ_OFFSET_SS_READ;
	adjtimex_raw(&tx);
	CHECK(tx.offset > 1000 && tx.offset <= 2000);
	tx.modes = ADJ_OFFSET_SINGLESHOT;
	tx.offset = 0;
	adjtimex_raw(&tx);
	CHECK(tx.offset > 1000 && tx.offset <= 2000);

	/* TAI = UTC + the TAI offset. */
	tx.modes = ADJ_TAI;
	tx.constant = 37;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.tai, 37);
	CHECK(labs(now_on(CLOCK_TAI) - now_on(CLOCK_REALTIME) - 37 * NSEC) <
	      SLACK);
	tx.modes = ADJ_TAI;
	tx.constant = 0;
	adjtimex_raw(&tx);
	CHECK_EQ(tx.tai, 0);
	CHECK(labs(now_on(CLOCK_TAI) - now_on(CLOCK_REALTIME)) < SLACK);

	/* ADJ_SETOFFSET steps REALTIME by (sec, usec or nsec). */
	tx.modes = ADJ_SETOFFSET;
	tx.time.tv_sec = 2;
	tx.time.tv_usec = 500000;
	adjtimex_raw(&tx);
	check_offset(off0 + 2500 * MS, "ADJ_SETOFFSET +2.5 s");
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_sec = -3;
	tx.time.tv_usec = 500000000; /* nanoseconds: -2.5 s in all */
	adjtimex_raw(&tx);
	check_offset(off0, "ADJ_SETOFFSET -2.5 s");
	tx.modes = ADJ_MICRO;
	adjtimex_raw(&tx);
	CHECK(!(tx.status & STA_NANO));
	check_offset(off0, "after adjtimex");
}

static void check_adjtimex_errors(void)
{
	struct timex tx = { 0 };
	long off0 = wall_offset();

	tx.modes = ADJ_TICK;
	tx.tick = 8999;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	tx.tick = 11001;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	/* ADJ_ADJTIME (0x8000) must come with ADJ_OFFSET_SINGLESHOT. */
	tx.modes = 0x8000;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	tx.modes = ADJ_SETOFFSET;
	tx.time.tv_sec = 1;
	tx.time.tv_usec = -1;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	tx.time.tv_usec = 1000000;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_usec = NSEC;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	/* A step to before boot. */
	tx.modes = ADJ_SETOFFSET;
	tx.time.tv_sec = -(now_on(CLOCK_REALTIME) / NSEC);
	tx.time.tv_usec = 0;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	/* A frequency whose scaling would overflow. */
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 0x7fffffffffffffffL / 65536000 + 1;
	CHECK_ERR(adjtimex_raw(&tx), EINVAL);
	CHECK_ERR(SYS(SYS_adjtimex, 0), EFAULT);
	CHECK_ERR(SYS(SYS_adjtimex, KERNEL_ADDR), EFAULT);
	CHECK_ERR(SYS(SYS_adjtimex, unmapped_addr()), EFAULT);
	/* Only REALTIME can be adjusted. */
	tx.modes = 0;
	CHECK_ERR(SYS(SYS_clock_adjtime, CLOCK_MONOTONIC, &tx), EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_adjtime, CLOCK_TAI, &tx), EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_adjtime, CLOCK_PROCESS_CPUTIME_ID, &tx),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_clock_adjtime, 10, &tx), EINVAL);
	CHECK_ERR(SYS(SYS_clock_adjtime, 64, &tx), EINVAL);
	CHECK_ERR(SYS(SYS_clock_adjtime, CLOCK_REALTIME, 0), EFAULT);
	check_offset(off0, "after refused adjtimex");
}

int main(void)
{
	check_set();
	check_set_errors();
	check_timezone();
	check_adjtimex_read();
	check_adjtimex_write();
	check_adjtimex_errors();
	return check_done();
}
