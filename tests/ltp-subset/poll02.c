/*
 * poll02: poll(2) times out correctly: on the read end of an empty pipe it
 * returns 0 after no less than the timeout, and not much more, for
 * timeouts from 1 ms to 300 ms.
 */
#include <poll.h>
#include "tst_test.h"

static int fds[2] = { -1, -1 };

static int sample(long long usec)
{
	struct pollfd pfd = { .fd = fds[0], .events = POLLIN };

	TEST(poll(&pfd, 1, usec / 1000));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "poll() returned %ld on timeout",
			TST_RET);
		return 1;
	}
	return 0;
}

static void run(void)
{
	tst_timer_test("poll()", sample);
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
