/*
 * poll01: poll(2) on the two ends of a pipe: the write end of an empty
 * pipe is POLLOUT only, the read end is not ready, and once data is
 * written the read end is POLLIN only; both in one call count as two.
 */
#include <poll.h>
#include "tst_test.h"

static int fds[2] = { -1, -1 };

static void check(struct pollfd *pfd, int nfds, int exp_ret,
		  const short *exp_revents, const char *what)
{
	int i, ok = 1;

	TEST(poll(pfd, nfds, 0));
	if (TST_RET != exp_ret) {
		tst_res(TFAIL | TTERRNO, "%s: poll() returned %ld, wanted %d",
			what, TST_RET, exp_ret);
		return;
	}
	for (i = 0; i < nfds; i++) {
		if (pfd[i].revents != exp_revents[i]) {
			tst_res(TFAIL, "%s: fd %d revents 0x%x, wanted 0x%x",
				what, pfd[i].fd, pfd[i].revents,
				exp_revents[i]);
			ok = 0;
		}
	}
	if (ok)
		tst_res(TPASS, "%s: poll() returned %d with the right revents",
			what, exp_ret);
}

static void run(void)
{
	struct pollfd out[] = { { .fd = fds[1], .events = POLLOUT } };
	struct pollfd in[] = { { .fd = fds[0], .events = POLLIN } };
	struct pollfd both[] = {
		{ .fd = fds[0], .events = POLLIN | POLLOUT },
		{ .fd = fds[1], .events = POLLIN | POLLOUT },
	};
	static const short r_out[] = { POLLOUT }, r_none[] = { 0 },
		r_in[] = { POLLIN }, r_both[] = { POLLIN, POLLOUT };
	char c;

	check(out, 1, 1, r_out, "write end of an empty pipe");
	check(in, 1, 0, r_none, "read end of an empty pipe");
	SAFE_WRITE(1, fds[1], "x", 1);
	check(in, 1, 1, r_in, "read end with data");
	check(both, 2, 2, r_both, "both ends, events POLLIN|POLLOUT");
	SAFE_READ(1, fds[0], &c, 1);
	check(in, 1, 0, r_none, "read end drained again");
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
