/*
 * nanosleep sleeps at least as long as asked, a zero sleep returns at
 * once, sleeping processes let others run, and bad requests give EINVAL
 * or EFAULT without sleeping.
 */
#include <time.h>

#include "guest.h"

#define MS	1000000L

static long sleep_for(long sec, long nsec)
{
	struct timespec ts = { sec, nsec };
	long start = mono_ns(), r;

	r = SYS(SYS_nanosleep, &ts, 0);
	CHECK_EQ(r, 0);
	return mono_ns() - start;
}

int main(void)
{
	static const long asks_ms[] = { 1, 2, 5, 10, 20, 50, 120 };
	struct timespec ts, rem = { 77, 77 };
	long took, start, pids[2];
	size_t i;

	for (i = 0; i < sizeof(asks_ms) / sizeof(asks_ms[0]); i++) {
		took = sleep_for(0, asks_ms[i] * MS);
		if (took < asks_ms[i] * MS)
			check_fail(__FILE__, __LINE__,
				   "asked %ld ms, slept %ld ns", asks_ms[i],
				   took);
		CHECK(took < asks_ms[i] * MS + 2000 * MS);
	}
	/* tv_sec counts too. */
	took = sleep_for(1, 0);
	CHECK(took >= 1000 * MS);
	CHECK(took < 4000 * MS);

	/* A zero sleep returns promptly; rem is untouched when not interrupted. */
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	start = mono_ns();
	CHECK_EQ(SYS(SYS_nanosleep, &ts, &rem), 0);
	CHECK(mono_ns() - start < 500 * MS);
	ts.tv_nsec = 1000;
	CHECK_EQ(SYS(SYS_nanosleep, &ts, &rem), 0);
	CHECK_EQ(rem.tv_sec, 77);
	CHECK_EQ(rem.tv_nsec, 77);

	/* Bad requests fail at once. */
	start = mono_ns();
	ts.tv_sec = 1;
	ts.tv_nsec = 1000000000;
	CHECK_ERR(SYS(SYS_nanosleep, &ts, 0), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(SYS(SYS_nanosleep, &ts, 0), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(SYS(SYS_nanosleep, &ts, 0), EINVAL);
	CHECK_ERR(SYS(SYS_nanosleep, 0, 0), EFAULT);
	CHECK_ERR(SYS(SYS_nanosleep, KERNEL_ADDR, 0), EFAULT);
	CHECK_ERR(SYS(SYS_nanosleep, unmapped_addr(), 0), EFAULT);
	CHECK(mono_ns() - start < 500 * MS);

	/*
	 * Sleepers overlap: three processes sleeping 300 ms each take about
	 * 300 ms in all, where taking turns would need 900 ms.
	 */
	start = mono_ns();
	for (i = 0; i < 2; i++) {
		pids[i] = must_fork();
		if (pids[i] == 0) {
			sleep_for(0, 300 * MS);
			SYS(SYS_exit_group, 0);
		}
	}
	sleep_for(0, 300 * MS);
	for (i = 0; i < 2; i++)
		CHECK_EXITED(must_wait(pids[i]), 0);
	took = mono_ns() - start;
	CHECK(took >= 300 * MS);
	CHECK(took < 600 * MS);
	return check_done();
}
