/*
 * epoll_wait14: level-triggered items stay ready and epoll_wait(2)
 * rotates them fairly: 13 pipes kept readable, maxevents 3, and over four
 * full rounds (52 events) every pipe is reported exactly four times.
 */
#include "tst_test.h"

#define NREADY 13
#define MAXEVENTS 3
#define ROUNDS 4

static int epfd = -1, ready[NREADY][2];

static void run(void)
{
	struct epoll_event evs[MAXEVENTS];
	int count[NREADY] = { 0 }, got = 0, target = ROUNDS * NREADY, i;
	uint64_t idx;

	while (got < target) {
		TEST(epoll_wait(epfd, evs, MAXEVENTS, 0));
		if (TST_RET != MAXEVENTS) {
			tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld, "
				"wanted %d", TST_RET, MAXEVENTS);
			return;
		}
		for (i = 0; i < TST_RET && got < target; i++) {
			idx = evs[i].data.u64;
			if (idx >= NREADY) {
				tst_res(TFAIL, "bogus data %llu",
					(unsigned long long)idx);
				return;
			}
			count[idx]++;
			got++;
		}
	}
	for (i = 0; i < NREADY; i++) {
		if (count[i] != ROUNDS) {
			tst_res(TFAIL, "pipe %d reported %d times, wanted %d",
				i, count[i], ROUNDS);
			return;
		}
	}
	tst_res(TPASS, "each of %d pipes reported exactly %d times", NREADY,
		ROUNDS);
}

static void setup(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	epfd = SAFE_EPOLL_CREATE1(0);
	for (i = 0; i < NREADY; i++) {
		SAFE_PIPE(ready[i]);
		SAFE_WRITE(1, ready[i][1], "x", 1);
		ev.data.u64 = i;
		SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, ready[i][0], &ev);
	}
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
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
