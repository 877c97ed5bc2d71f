/*
 * poll03: poll(2) reports POLLHUP, and nothing else, on the read end of a
 * pipe whose write end is closed, even with an infinite timeout.
 */
#include <poll.h>
#include "tst_test.h"

static int fds[2] = { -1, -1 };

static void run(void)
{
	struct pollfd pfd = { .fd = fds[0], .events = POLLIN };

	TST_EXP_VAL(poll(&pfd, 1, -1), 1, "poll() on a hung-up pipe");
	TST_EXP_EQ_LI(pfd.revents, POLLHUP);
}

static void setup(void)
{
	SAFE_PIPE(fds);
	SAFE_CLOSE(fds[1]);
}

static void cleanup(void)
{
	if (fds[0] >= 0)
		SAFE_CLOSE(fds[0]);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
