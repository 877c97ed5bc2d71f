/*
 * poll04: poll(2) reports POLLNVAL, and nothing else, for a closed file
 * descriptor, counts it in its return value and does not fail; a negative
 * fd beside it is ignored (revents 0).
 */
#include <poll.h>
#include "tst_test.h"

static int invalid_fd = -1;

static void run(void)
{
	struct pollfd pfd[] = {
		{ .fd = invalid_fd, .events = POLLIN },
		{ .fd = -1, .events = POLLIN, .revents = 0x7fff },
	};

	TST_EXP_VAL(poll(pfd, 1, 0), 1, "poll() on a closed fd");
	TST_EXP_EQ_LI(pfd[0].revents, POLLNVAL);
	pfd[0].revents = 0;
	TST_EXP_VAL(poll(pfd, 2, 0), 1, "poll() on a closed and a negative fd");
	TST_EXP_EQ_LI(pfd[0].revents, POLLNVAL);
	TST_EXP_EQ_LI(pfd[1].revents, 0);
}

static void setup(void)
{
	int fds[2];

	SAFE_PIPE(fds);
	invalid_fd = fds[0];
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
}

static struct tst_test test = {
	.setup = setup,
	.test_all = run,
};
