/*
 * Signals and waiting: ppoll, pselect6 and epoll_pwait are interrupted
 * by a handled signal with EINTR, SA_RESTART or not; their temporary
 * signal mask is in force during the wait, the handler runs with it while
 * its frame holds the caller's mask, and the caller's mask is back
 * afterwards. A call that returns events puts the caller's mask back at
 * once, so a signal only the temporary mask let through stays pending.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <ucontext.h>

#include "guest.h"

#define MS 1000000L
#define BIT(sig) (1UL << ((sig) - 1))

static volatile int got;
static volatile unsigned long frame_mask, handler_mask;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long cur = 0;

	(void)sig;
	(void)si;
	got++;
	memcpy((void *)&frame_mask, &uc->uc_sigmask, sizeof(frame_mask));
	SYS(SYS_rt_sigprocmask, SIG_BLOCK, 0, &cur, KERNEL_SIGSET_SIZE);
	handler_mask = cur;
}

static void set_handler(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(sig, &sa, 0), 0);
}

static void set_mask(unsigned long m)
{
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_SETMASK, &m, 0,
		     KERNEL_SIGSET_SIZE), 0);
}

static unsigned long get_mask(void)
{
	unsigned long m = 0;

	SYS(SYS_rt_sigprocmask, SIG_BLOCK, 0, &m, KERNEL_SIGSET_SIZE);
	return m;
}

static unsigned long pending(void)
{
	unsigned long m = 0;

	SYS(SYS_rt_sigpending, &m, KERNEL_SIGSET_SIZE);
	return m;
}

struct sigset_argpack {
	unsigned long *ss;
	unsigned long ss_len;
};

/* The three waits, on one empty pipe's read end, with a temporary mask. */
enum which { PPOLL, PSELECT, EPOLL };

static int rfd, wfd, epfd;

static long wait_with_mask(enum which w, unsigned long *mask,
			   struct timespec *ts)
{
	struct pollfd p = { rfd, POLLIN, 0 };
	struct sigset_argpack pack = { mask, 8 };
	struct epoll_event ev;
	fd_set r;
	long ms = ts ? ts->tv_sec * 1000 + ts->tv_nsec / MS : -1;

	switch (w) {
	case PPOLL:
		return SYS(SYS_ppoll, &p, 1, ts, mask, 8);
	case PSELECT:
		FD_ZERO(&r);
		FD_SET(rfd, &r);
		return SYS(SYS_pselect6, rfd + 1, &r, 0, 0, ts, &pack);
	case EPOLL:
		return SYS(SYS_epoll_pwait, epfd, &ev, 1, ms, mask, 8);
	}
	return -1;
}

/* A child that sends sig to its parent every 30 ms until killed. */
static long start_pinger(int sig)
{
	long pid = must_fork(), parent;

	if (pid == 0) {
		parent = SYS(SYS_getppid);
		for (;;) {
			sleep_ms(30);
			SYS(SYS_kill, parent, sig);
		}
	}
	return pid;
}

static void stop_child(long pid)
{
	SYS(SYS_kill, pid, SIGKILL);
	CHECK_SIGNALED(must_wait(pid), SIGKILL);
}

static void check_one(enum which w)
{
	unsigned long orig = BIT(SIGUSR1) | BIT(SIGUSR2);
	unsigned long temp = BIT(SIGTERM);
	struct timespec ts;
	long r, pid;

	/* A blocked signal pending; the temporary mask lets it in: EINTR. */
	set_mask(orig);
	got = 0;
	SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1);
	CHECK_EQ(got, 0);
	r = wait_with_mask(w, &temp, 0);
	CHECK_ERR(r, EINTR);
	CHECK_EQ(got, 1);
	/* The handler ran under the temporary mask plus its signal ... */
	CHECK_EQ(handler_mask, temp | BIT(SIGUSR1));
	/* ... and its frame held the caller's, which is back now. */
	CHECK_EQ(frame_mask, orig);
	CHECK_EQ(get_mask(), orig);
	CHECK_EQ(pending(), 0);

	/* Ready at once: the caller's mask comes back before any delivery. */
	SYS(SYS_write, wfd, "x", 1);
	SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1);
	r = wait_with_mask(w, &temp, 0);
	CHECK_EQ(r, 1);
	CHECK_EQ(got, 1);
	CHECK_EQ(get_mask(), orig);
	CHECK_EQ(pending(), BIT(SIGUSR1));
	/* A temporary mask that blocks it too: nothing happens. */
	r = wait_with_mask(w, &orig, 0);
	CHECK_EQ(r, 1);
	CHECK_EQ(got, 1);
	{
		char c;

		SYS(SYS_read, rfd, &c, 1);
	}
	/* Unblocking delivers it now. */
	set_mask(0);
	CHECK_EQ(got, 2);
	CHECK_EQ(pending(), 0);

	/* A signal during a wait with no timeout: EINTR even with SA_RESTART. */
	set_handler(SIGUSR1, SA_RESTART);
	got = 0;
	pid = start_pinger(SIGUSR1);
	r = wait_with_mask(w, 0, 0);
	stop_child(pid);
	CHECK_ERR(r, EINTR);
	CHECK(got >= 1);
	set_handler(SIGUSR1, 0);

	/* With a timeout: EINTR, and ppoll and pselect6 say what was left. */
	got = 0;
	pid = start_pinger(SIGUSR1);
	ts = (struct timespec){ 10, 0 };
	r = wait_with_mask(w, 0, &ts);
	stop_child(pid);
	CHECK_ERR(r, EINTR);
	if (w != EPOLL) {
		CHECK(ts.tv_sec >= 5 && ts.tv_sec <= 9);
		CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
	}

	/*
	 * A blocked signal does not interrupt; the timeout ends the wait. One
	 * is pending from the start, so the check does not depend on the
	 * pinger being scheduled within the wait on a busy host.
	 */
	set_mask(orig);
	got = 0;
	kill(getpid(), SIGUSR1);
	pid = start_pinger(SIGUSR1);
	ts = (struct timespec){ 0, 150 * MS };
	r = wait_with_mask(w, &orig, &ts);
	CHECK_EQ(r, 0);
	stop_child(pid);
	CHECK_EQ(got, 0);
	set_mask(0);
	CHECK_EQ(got, 1);
}

int main(void)
{
	struct epoll_event ev = { EPOLLIN, { 0 } };
	int fds[2];

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	rfd = fds[0];
	wfd = fds[1];
	epfd = SYS(SYS_epoll_create1, 0);
	CHECK(epfd >= 0);
	CHECK_EQ(SYS(SYS_epoll_ctl, epfd, EPOLL_CTL_ADD, rfd, &ev), 0);
	set_handler(SIGUSR1, 0);
	check_one(PPOLL);
	check_one(PSELECT);
	check_one(EPOLL);
	return check_done();
}
