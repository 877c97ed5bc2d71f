/*
 * epoll_wait16: EPOLLEXCLUSIVE: a pipe added with EPOLLEXCLUSIVE to eight
 * epoll instances, each with a child blocked in epoll_wait(2); each byte
 * written wakes exactly one of them (Linux 4.5 and later).
 */
#include "tst_test.h"

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1u << 28)
#endif
#define NWAITERS 8

static int fds[2] = { -1, -1 }, woke_fds[2] = { -1, -1 };
static int *woken;

static void child(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET | EPOLLEXCLUSIVE };
	int efd = SAFE_EPOLL_CREATE1(0);

	SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, fds[0], &ev);
	TEST(epoll_wait(efd, &ev, 1, 2000));
	if (TST_RET == 1) {
		__atomic_fetch_add(woken, 1, __ATOMIC_SEQ_CST);
		SAFE_WRITE(1, woke_fds[1], "w", 1);
	} else {
		tst_res(TWARN | TTERRNO, "epoll_wait() returned %ld, wanted 1",
			TST_RET);
	}
	_exit(0);
}

static void run(void)
{
	pid_t pids[NWAITERS];
	int i, round, n;
	char c;

	*woken = 0;
	SAFE_PIPE(fds);
	SAFE_PIPE(woke_fds);
	for (i = 0; i < NWAITERS; i++) {
		pids[i] = SAFE_FORK();
		if (!pids[i])
			child();
	}
	for (i = 0; i < NWAITERS; i++)
		TST_PROCESS_STATE_WAIT(pids[i], 'S', 10000);
	for (round = 0; round < NWAITERS; round++) {
		SAFE_WRITE(1, fds[1], "x", 1);
		SAFE_READ(1, woke_fds[0], &c, 1);
		n = __atomic_load_n(woken, __ATOMIC_SEQ_CST);
		if (n != round + 1) {
			tst_res(TFAIL, "event %d woke %d waiters in all, "
				"wanted %d", round + 1, n, round + 1);
			break;
		}
		SAFE_READ(1, fds[0], &c, 1);
	}
	if (round == NWAITERS)
		tst_res(TPASS, "each event woke exactly one waiter");
	tst_reap_children();
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
	SAFE_CLOSE(woke_fds[0]);
	SAFE_CLOSE(woke_fds[1]);
}

static void setup(void)
{
	woken = SAFE_MMAP(NULL, sizeof(*woken), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

static struct tst_test test = {
	.setup = setup,
	.test_all = run,
	.forks_child = 1,
	.min_kver = "4.5",
};
