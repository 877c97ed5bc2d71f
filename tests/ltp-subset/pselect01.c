/*
 * pselect01: pselect(2) with no descriptors times out correctly: it
 * returns 0 after no less than the timeout, and not much more.
 */
#include <sys/select.h>
#include "tst_test.h"

static int sample(long long usec)
{
	struct timespec ts = { usec / 1000000, usec % 1000000 * 1000 };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(0, &r);
	TEST(pselect(0, &r, NULL, NULL, &ts, NULL));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "pselect() returned %ld on timeout",
			TST_RET);
		return 1;
	}
	return 0;
}

static void run(void)
{
	tst_timer_test("pselect()", sample);
}

static struct tst_test test = {
	.test_all = run,
};
