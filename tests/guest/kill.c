/*
 * kill with default signal actions: SIGKILL, SIGTERM, SIGUSR1 and a sent
 * SIGSEGV terminate (even a sleeping process, at once); SIGCHLD and SIGURG
 * are ignored by default; an ignored or blocked SIGTERM does not kill, and
 * a blocked one kills when unblocked. Signal 0 probes for existence, and
 * bad pids and signals give ESRCH and EINVAL. No handler is ever needed.
 */
#include <signal.h>
#include <sys/wait.h>

#include "guest.h"

/* Long enough that a child killed in its sleep is clearly cut short. */
#define LONG_SLEEP_MS	3000
/* Long enough that the signal arrives while the child sleeps. */
#define SHORT_SLEEP_MS	200

static long sleeper(long ms)
{
	long pid = must_fork();

	if (pid == 0) {
		sleep_ms(ms);
		SYS(SYS_exit_group, 0);
	}
	return pid;
}

/* Sends sig to a child sleeping for ms and returns the child's status. */
static int status_after(int sig, long ms)
{
	long pid = sleeper(ms);

	sleep_ms(20);
	CHECK_EQ(SYS(SYS_kill, pid, sig), 0);
	return must_wait(pid);
}

static void set_action(int sig, unsigned long handler)
{
	struct kernel_sigaction sa = { handler, 0, 0, 0 };

	CHECK_EQ(SYS(SYS_rt_sigaction, sig, &sa, 0, KERNEL_SIGSET_SIZE), 0);
}

static void set_blocked(int how, int sig)
{
	uint64_t set = 1UL << (sig - 1);

	CHECK_EQ(SYS(SYS_rt_sigprocmask, how, &set, 0, KERNEL_SIGSET_SIZE), 0);
}

static void check_terminating(void)
{
	static const int sigs[] = { SIGKILL, SIGTERM, SIGUSR1, SIGSEGV, SIGINT };
	long start;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		start = mono_ns();
		CHECK_SIGNALED(status_after(sigs[i], LONG_SLEEP_MS), sigs[i]);
		/* The sleep was cut short, not waited out. */
		CHECK(mono_ns() - start < LONG_SLEEP_MS * 1000000L / 2);
	}
}

static void check_ignored(void)
{
	long pid;

	/* Ignored by default: the child sleeps on and exits normally. */
	CHECK_EXITED(status_after(SIGCHLD, SHORT_SLEEP_MS), 0);
	CHECK_EXITED(status_after(SIGURG, SHORT_SLEEP_MS), 0);
	CHECK_EXITED(status_after(SIGWINCH, SHORT_SLEEP_MS), 0);

	/* SIG_IGN is inherited across fork; SIGKILL cannot be ignored. */
	set_action(SIGTERM, KERNEL_SIG_IGN);
	CHECK_EXITED(status_after(SIGTERM, SHORT_SLEEP_MS), 0);
	CHECK_SIGNALED(status_after(SIGKILL, LONG_SLEEP_MS), SIGKILL);
	set_action(SIGTERM, KERNEL_SIG_DFL);

	/* Blocked: pending until the child exits, so it exits normally. */
	set_blocked(SIG_BLOCK, SIGTERM);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(SHORT_SLEEP_MS);
		SYS(SYS_exit_group, 0);
	}
	set_blocked(SIG_UNBLOCK, SIGTERM);
	CHECK_EQ(SYS(SYS_kill, pid, SIGTERM), 0);
	CHECK_EXITED(must_wait(pid), 0);

	/* Blocked, then unblocked: the pending SIGTERM kills at that moment. */
	set_blocked(SIG_BLOCK, SIGTERM);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(SHORT_SLEEP_MS);
		set_blocked(SIG_UNBLOCK, SIGTERM);
		SYS(SYS_exit_group, 0);
	}
	set_blocked(SIG_UNBLOCK, SIGTERM);
	CHECK_EQ(SYS(SYS_kill, pid, SIGTERM), 0);
	CHECK_SIGNALED(must_wait(pid), SIGTERM);
}

static void check_probe_and_errors(void)
{
	long pid = sleeper(LONG_SLEEP_MS);

	/* Signal 0 checks that the process exists and sends nothing. */
	CHECK_EQ(SYS(SYS_kill, pid, 0), 0);
	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), 0), 0);
	CHECK_EQ(SYS(SYS_kill, pid, SIGKILL), 0);
	CHECK_SIGNALED(must_wait(pid), SIGKILL);
	/* Reaped: the pid is gone. */
	CHECK_ERR(SYS(SYS_kill, pid, 0), ESRCH);
	CHECK_ERR(SYS(SYS_kill, pid, SIGKILL), ESRCH);
	CHECK_ERR(SYS(SYS_kill, 99999, 0), ESRCH);
	CHECK_ERR(SYS(SYS_kill, 0x3fffffff, SIGTERM), ESRCH);
	CHECK_ERR(SYS(SYS_kill, SYS(SYS_getpid), 65), EINVAL);
	CHECK_ERR(SYS(SYS_kill, SYS(SYS_getpid), 1000), EINVAL);
}

int main(void)
{
	check_terminating();
	check_ignored();
	check_probe_and_errors();
	return check_done();
}
