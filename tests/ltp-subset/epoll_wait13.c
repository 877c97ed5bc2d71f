/*
 * epoll_wait13: epoll_wait(2) returns at most maxevents events; with 13
 * ready pipes and maxevents 3, calls return 3, 3, 3, 3, 1 until each
 * ready pipe has been reported once (each is drained when reported), and
 * five registered pipes without data are never reported.
 */
#include "tst_test.h"

#define NREADY 13
#define NQUIET 5
#define MAXEVENTS 3

static int epfd = -1, ready[NREADY][2], quiet[NQUIET][2];

static void add(int fds[][2], int n, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	for (i = 0; i < n; i++) {
		SAFE_PIPE(fds[i]);
		ev.data.u64 = tag + i;
		SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fds[i][0], &ev);
	}
}

static void run(void)
{
	struct epoll_event evs[MAXEVENTS];
	int seen[NREADY] = { 0 }, total = 0, calls = 0, i, want;
	uint64_t idx;
	char c;

	for (i = 0; i < NREADY; i++)
		SAFE_WRITE(1, ready[i][1], "x", 1);
	while (total < NREADY) {
		TEST(epoll_wait(epfd, evs, MAXEVENTS, 0));
		calls++;
		want = NREADY - total < MAXEVENTS ? NREADY - total : MAXEVENTS;
		if (TST_RET != want) {
			tst_res(TFAIL | TTERRNO, "call %d: epoll_wait() returned "
				"%ld, wanted %d", calls, TST_RET, want);
			return;
		}
		for (i = 0; i < TST_RET; i++) {
			idx = evs[i].data.u64;
			if (idx >= NREADY) {
				tst_res(TFAIL, "quiet pipe %llu reported",
					(unsigned long long)idx - NREADY);
				return;
			}
			if (seen[idx]) {
				tst_res(TFAIL, "ready pipe %llu reported twice",
					(unsigned long long)idx);
				return;
			}
			seen[idx] = 1;
			total++;
			SAFE_READ(1, ready[idx][0], &c, 1);
		}
	}
	TST_EXP_VAL(epoll_wait(epfd, evs, MAXEVENTS, 0), 0,
		    "epoll_wait() once all are drained");
	tst_res(TPASS, "all %d ready pipes reported in %d calls", NREADY,
		calls);
}

static void setup(void)
{
	epfd = SAFE_EPOLL_CREATE1(0);
	add(ready, NREADY, 0);
	add(quiet, NQUIET, NREADY);
}

static void cleanup(void)
{
	int i;

	if (epfd >= 0)
		SAFE_CLOSE(epfd);
	for (i = 0; i < NREADY; i++) {
		close(ready[i][0]);
		close(ready[i][1]);
	}
	for (i = 0; i < NQUIET; i++) {
		close(quiet[i][0]);
		close(quiet[i][1]);
	}
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
