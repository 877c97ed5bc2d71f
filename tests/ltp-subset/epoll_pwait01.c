/*
 * epoll_pwait01: epoll_pwait(2) and epoll_pwait2(2) with a sigmask that
 * blocks SIGUSR1 are not interrupted by it and return the event that
 * follows; without a sigmask the same signal interrupts them (EINTR).
 */
#include "epoll_pwait_var.h"

static int efd = -1, sfd[2] = { -1, -1 };
static sigset_t signalset;

static void handler(int sig)
{
	(void)sig;
}

static void run(unsigned int n)
{
	struct epoll_event e;
	pid_t parent = getpid();
	char b;

	if (!set_variant(n / 2))
		return;
	if (!SAFE_FORK()) {
		struct timespec d = { 0, 10000000 };

		TST_PROCESS_STATE_WAIT(parent, 'S', 10000);
		SAFE_KILL(parent, SIGUSR1);
		nanosleep(&d, NULL);
		SAFE_WRITE(1, sfd[1], "w", 1);
		_exit(0);
	}
	if (n % 2 == 0) {
		TEST(do_epoll_pwait(efd, &e, 1, NULL, &signalset));
		if (TST_RET == 1)
			tst_res(TPASS, "%s with sigmask blocked the signal",
				variant_name());
		else
			tst_res(TFAIL | TTERRNO, "%s with sigmask returned %ld, "
				"wanted 1", variant_name(), TST_RET);
	} else {
		TST_EXP_FAIL2(do_epoll_pwait(efd, &e, 1, NULL, NULL), EINTR,
			      "%s without sigmask", variant_name());
	}
	SAFE_READ(1, sfd[0], &b, 1);
	tst_reap_children();
}

static void setup(void)
{
	struct sigaction sa;

	sigemptyset(&signalset);
	sigaddset(&signalset, SIGUSR1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	SAFE_SIGACTION(SIGUSR1, &sa, NULL);
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_STREAM, 0, sfd);
	efd = TST_EPOLL_WATCH(sfd[0], EPOLLIN);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(efd, sfd);
}

static struct tst_test test = {
	.tcnt = 2 * TEST_VARIANTS,
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.forks_child = 1,
};
