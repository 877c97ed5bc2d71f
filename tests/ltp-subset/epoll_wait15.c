/*
 * epoll_wait15: one event on a pipe watched by eight epoll instances (one
 * per child, EPOLLIN | EPOLLET, no EPOLLEXCLUSIVE) wakes all eight
 * children blocked in epoll_wait(2).
 */
#include "tst_test.h"

#define NWAITERS 8

static int fds[2] = { -1, -1 }, ready_fds[2] = { -1, -1 };
static int *woken;

static void child(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int efd = SAFE_EPOLL_CREATE1(0);

	SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, fds[0], &ev);
	SAFE_WRITE(1, ready_fds[1], "r", 1);
	TEST(epoll_wait(efd, &ev, 1, 2000));
	if (TST_RET == 1)
		__atomic_fetch_add(woken, 1, __ATOMIC_SEQ_CST);
	else
		tst_res(TWARN | TTERRNO, "epoll_wait() returned %ld, wanted 1",
			TST_RET);
	_exit(0);
}

static void run(void)
{
	pid_t pids[NWAITERS];
	int i, n;
	char c;

	*woken = 0;
	SAFE_PIPE(fds);
	SAFE_PIPE(ready_fds);
	for (i = 0; i < NWAITERS; i++) {
		pids[i] = SAFE_FORK();
		if (!pids[i])
			child();
		SAFE_READ(1, ready_fds[0], &c, 1);
	}
	for (i = 0; i < NWAITERS; i++)
		TST_PROCESS_STATE_WAIT(pids[i], 'S', 10000);
	SAFE_WRITE(1, fds[1], "x", 1);
	tst_reap_children();
	n = __atomic_load_n(woken, __ATOMIC_SEQ_CST);
	if (n == NWAITERS)
		tst_res(TPASS, "one event woke all %d waiters", NWAITERS);
	else
		tst_res(TFAIL, "one event woke %d of %d waiters", n, NWAITERS);
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
	SAFE_CLOSE(ready_fds[0]);
	SAFE_CLOSE(ready_fds[1]);
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
};
