/*
 * epoll_wait08: epoll_wait(2) blocked with an infinite timeout fails with
 * EINTR when a handled signal arrives.
 */
#include "tst_test.h"

static int efd = -1;

static void handler(int sig)
{
	(void)sig;
}

static void run(void)
{
	pid_t pid = SAFE_FORK();

	if (!pid) {
		struct epoll_event ev;

		TST_EXP_FAIL2(epoll_wait(efd, &ev, 1, -1), EINTR,
			      "epoll_wait() interrupted by a signal");
		_exit(0);
	}
	TST_PROCESS_STATE_WAIT(pid, 'S', 10000);
	SAFE_KILL(pid, SIGUSR1);
}

static void setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	SAFE_SIGACTION(SIGUSR1, &sa, NULL);
	efd = SAFE_EPOLL_CREATE1(0);
}

static void cleanup(void)
{
	if (efd >= 0)
		SAFE_CLOSE(efd);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.forks_child = 1,
};
