/*
 * Process groups, sessions, stop and continue, and the console as a
 * controlling terminal: what a job-control shell relies on.
 */
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "guest.h"

#ifndef TIOCSCTTY
#define TIOCSCTTY 0x540E
#endif
#ifndef TIOCGSID
#define TIOCGSID 0x5429
#endif

static void idle_forever(void *arg)
{
	for (;;)
		sleep_ms(1000);
}

static void check_groups(void)
{
	long me = SYS(SYS_getpid), pid;
	int status;

	CHECK_EQ(SYS(SYS_getpgid, 0), SYS(SYS_getpgid, me));
	CHECK_EQ(SYS(SYS_getsid, 0), SYS(SYS_getsid, me));
	CHECK_ERR(SYS(SYS_getpgid, 0x3fffffff), ESRCH);
	CHECK_ERR(SYS(SYS_getsid, 0x3fffffff), ESRCH);
	CHECK_ERR(SYS(SYS_setpgid, 0, -1), EINVAL);
	CHECK_ERR(SYS(SYS_setpgid, 0x3fffffff, 0), ESRCH);

	/* A child becomes the leader of its own group, by itself or by us. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(300);
		SYS(SYS_exit_group, SYS(SYS_getpgid, 0) == SYS(SYS_getpid) ? 0 : 1);
	}
	CHECK_EQ(SYS(SYS_setpgid, pid, pid), 0);
	CHECK_EQ(SYS(SYS_getpgid, pid), pid);
	/* A group in our session that does not exist: EPERM. */
	CHECK_ERR(SYS(SYS_setpgid, pid, 0x3ffffffe), EPERM);
	status = must_wait(pid);
	CHECK_EXITED(status, 0);

	/* A new session: sid = pgid = pid, and a group leader may not. */
	pid = must_fork();
	if (pid == 0) {
		long r = SYS(SYS_setsid);

		if (r != SYS(SYS_getpid) || SYS(SYS_getsid, 0) != r ||
		    SYS(SYS_getpgid, 0) != r)
			SYS(SYS_exit_group, 1);
		/* Now a leader: a second setsid fails. */
		SYS(SYS_exit_group, SYS(SYS_setsid) == -EPERM ? 0 : 2);
	}
	status = must_wait(pid);
	CHECK_EXITED(status, 0);

	/* Another session's process may not be moved: EPERM. */
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_setsid);
		sleep_ms(400);
		SYS(SYS_exit_group, 0);
	}
	sleep_ms(100);
	CHECK_ERR(SYS(SYS_setpgid, pid, me), EPERM);
	must_wait(pid);
}

/*
 * Runs in a new session, with the stopped child in a group of its own:
 * a group whose members' parents are all outside the session (or init)
 * is orphaned, and Linux discards SIGTSTP for it.
 */
static void stop_continue_in_session(void)
{
	long pid;
	int status = 0;

	SYS(SYS_setsid);
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_setpgid, 0, 0);
		idle_forever(NULL);
	}
	SYS(SYS_setpgid, pid, pid);
	/* Nothing to report yet. */
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WNOHANG | WUNTRACED, 0), 0);
	CHECK_EQ(SYS(SYS_kill, pid, SIGSTOP), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WUNTRACED, 0), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(WSTOPSIG(status), SIGSTOP);
	/* Reported once only. */
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WNOHANG | WUNTRACED, 0), 0);
	CHECK_EQ(SYS(SYS_kill, pid, SIGCONT), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WCONTINUED, 0), pid);
	CHECK(WIFCONTINUED(status));
	/* SIGTSTP stops by default as well. */
	CHECK_EQ(SYS(SYS_kill, pid, SIGTSTP), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WUNTRACED, 0), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(WSTOPSIG(status), SIGTSTP);
	/* A stopped process still dies of SIGKILL. */
	CHECK_EQ(SYS(SYS_kill, pid, SIGKILL), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_SIGNALED(status, SIGKILL);
	SYS(SYS_exit_group, check_done());
}

static void check_stop_continue(void)
{
	long pid = must_fork();
	int status = 0;

	if (pid == 0)
		stop_continue_in_session();
	CHECK_EXITED(must_wait(pid), 0);

	/* Our own group is orphaned (our parent is init): TSTP is dropped. */
	pid = must_fork();
	if (pid == 0)
		idle_forever(NULL);
	CHECK_EQ(SYS(SYS_kill, pid, SIGTSTP), 0);
	sleep_ms(200);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WNOHANG | WUNTRACED, 0), 0);
	CHECK_EQ(SYS(SYS_kill, pid, SIGSTOP), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WUNTRACED, 0), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(SYS(SYS_kill, pid, SIGKILL), 0);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_SIGNALED(status, SIGKILL);
}

/* The console has no session until a session leader claims it. */
static void check_controlling_tty(void)
{
	long pid;
	int status;
	int pgrp;

	CHECK_ERR(SYS(SYS_ioctl, 0, TIOCGPGRP, &pgrp), ENOTTY);
	/* Not a session leader: EPERM. */
	CHECK_ERR(SYS(SYS_ioctl, 0, TIOCSCTTY, 0), EPERM);
	pid = must_fork();
	if (pid == 0) {
		struct kernel_sigaction ign = { (unsigned long)SIG_IGN, 0, 0, 0 };
		long sid = SYS(SYS_setsid);
		int got = 0, gsid = 0, bad = -1, absent = 0x3ffffffe;

		if (SYS(SYS_ioctl, 0, TIOCSCTTY, 0) != 0)
			SYS(SYS_exit_group, 1);
		if (SYS(SYS_ioctl, 0, TIOCGPGRP, &got) != 0 || got != sid)
			SYS(SYS_exit_group, 2);
		if (SYS(SYS_ioctl, 0, TIOCGSID, &gsid) != 0 || gsid != sid)
			SYS(SYS_exit_group, 3);
		if (SYS(SYS_ioctl, 0, TIOCGPGRP, (void *)8) != -EFAULT)
			SYS(SYS_exit_group, 4);
		if (SYS(SYS_ioctl, 0, TIOCSPGRP, &bad) != -EINVAL)
			SYS(SYS_exit_group, 5);
		if (SYS(SYS_ioctl, 0, TIOCSPGRP, &absent) != -ESRCH)
			SYS(SYS_exit_group, 6);
		/*
		 * Giving the terminal up sends SIGHUP to the foreground group
		 * (ours); exiting with it still ours would hang it up for all.
		 */
		SYS(SYS_rt_sigaction, SIGHUP, &ign, 0, KERNEL_SIGSET_SIZE);
		if (SYS(SYS_ioctl, 0, TIOCNOTTY, 0) != 0)
			SYS(SYS_exit_group, 7);
		if (SYS(SYS_ioctl, 0, TIOCGPGRP, &got) != -ENOTTY)
			SYS(SYS_exit_group, 8);
		SYS(SYS_exit_group, 0);
	}
	status = must_wait(pid);
	CHECK_EXITED(status, 0);
}

int main(void)
{
	check_groups();
	check_stop_continue();
	check_controlling_tty();
	return check_done();
}
