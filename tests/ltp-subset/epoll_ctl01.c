/*
 * epoll_ctl01: EPOLL_CTL_ADD, MOD and DEL on the ends of a pipe, checked
 * through epoll_wait(2): what is reported, with which events and data,
 * after each change.
 */
#include "tst_test.h"

static int epfd = -1, fds[2] = { -1, -1 };

/* Waits without blocking; passes when exactly want[] (in any order). */
static void expect(const char *what, int n, const struct epoll_event *want)
{
	struct epoll_event got[4];
	int i, j, found;

	memset(got, 0, sizeof(got));
	TEST(epoll_wait(epfd, got, 4, 0));
	if (TST_RET != n) {
		tst_res(TFAIL | TTERRNO, "%s: epoll_wait() returned %ld, "
			"wanted %d", what, TST_RET, n);
		return;
	}
	for (i = 0; i < n; i++) {
		found = 0;
		for (j = 0; j < n; j++)
			if (got[j].data.u64 == want[i].data.u64 &&
			    got[j].events == want[i].events)
				found = 1;
		if (!found) {
			tst_res(TFAIL, "%s: no event 0x%x for data %llu", what,
				want[i].events,
				(unsigned long long)want[i].data.u64);
			return;
		}
	}
	tst_res(TPASS, "%s: %d event(s) as expected", what, n);
}

static void run(void)
{
	struct epoll_event in = { .events = EPOLLIN, .data.u64 = 100 };
	struct epoll_event out = { .events = EPOLLOUT, .data.u64 = 200 };
	struct epoll_event want[2];
	char c;

	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_ADD, fds[0], &in),
		     "EPOLL_CTL_ADD read end for EPOLLIN");
	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_ADD, fds[1], &out),
		     "EPOLL_CTL_ADD write end for EPOLLOUT");
	want[0] = out;
	expect("empty pipe", 1, want);

	SAFE_WRITE(1, fds[1], "x", 1);
	want[1] = in;
	expect("pipe with data", 2, want);

	in.events = EPOLLOUT;
	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_MOD, fds[0], &in),
		     "EPOLL_CTL_MOD read end to EPOLLOUT");
	expect("read end watched for EPOLLOUT", 1, want);

	in.events = EPOLLIN;
	in.data.u64 = 300;
	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_MOD, fds[0], &in),
		     "EPOLL_CTL_MOD read end back to EPOLLIN, new data");
	want[1] = in;
	expect("read end with new data", 2, want);

	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_DEL, fds[0], NULL),
		     "EPOLL_CTL_DEL read end");
	expect("read end removed", 1, want);
	TST_EXP_PASS(epoll_ctl(epfd, EPOLL_CTL_DEL, fds[1], NULL),
		     "EPOLL_CTL_DEL write end");
	expect("both removed", 0, want);
	SAFE_READ(1, fds[0], &c, 1);
}

static void setup(void)
{
	epfd = SAFE_EPOLL_CREATE1(0);
	SAFE_PIPE(fds);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fds);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
