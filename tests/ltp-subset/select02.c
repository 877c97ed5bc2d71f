/*
 * select02: select(2) times out correctly: with the read end of an empty
 * pipe it returns 0 after no less than the timeout, and not much more.
 */
#include <sys/select.h>
#include "tst_test.h"

static int fds[2] = { -1, -1 };

static int sample(long long usec)
{
	struct timeval tv = { usec / 1000000, usec % 1000000 };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	TEST(select(fds[0] + 1, &r, NULL, NULL, &tv));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "select() returned %ld on timeout",
			TST_RET);
		return 1;
	}
	return 0;
}

static void run(void)
{
	tst_timer_test("select()", sample);
}

static void setup(void)
{
	SAFE_PIPE(fds);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(-1, fds);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
