/*
 * Signal state without delivery: rt_sigaction stores and returns actions
 * exactly (minus SIGKILL/SIGSTOP in the mask and unknown flag bits), every
 * signal starts at SIG_DFL with an empty mask, rt_sigprocmask's three
 * operations, inheritance across fork, the execve rules (handlers reset,
 * SIG_IGN and the mask kept), and SIGCHLD set to SIG_IGN reaping children.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "guest.h"

#define SELF		"/tests/sigstate"
#define SZ		KERNEL_SIGSET_SIZE
#define BIT(sig)	(1UL << ((sig) - 1))

static void handler(int sig)
{
	(void)sig;
}

static void restorer(void)
{
}

static long get_action(int sig, struct kernel_sigaction *old)
{
	memset(old, 0x5a, sizeof(*old));
	return SYS(SYS_rt_sigaction, sig, 0, old, SZ);
}

static uint64_t get_mask(void)
{
	uint64_t m = 0x5a5a5a5a5a5a5a5aUL;

	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_BLOCK, 0, &m, SZ), 0);
	return m;
}

static void check_initial(void)
{
	struct kernel_sigaction old;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		CHECK_EQ(get_action(sig, &old), 0);
		if (old.handler != KERNEL_SIG_DFL)
			check_fail(__FILE__, __LINE__,
				   "signal %d starts with handler 0x%lx", sig,
				   old.handler);
	}
	CHECK_EQ(get_mask(), 0);
}

static void check_actions(void)
{
	struct kernel_sigaction sa, old;

	sa.handler = (unsigned long)handler;
	sa.flags = SA_RESTART | SA_SIGINFO | KERNEL_SA_RESTORER;
	sa.restorer = (unsigned long)restorer;
	sa.mask = BIT(SIGUSR2) | BIT(SIGTERM) | BIT(SIGKILL) | BIT(SIGSTOP) |
		  BIT(64);
	CHECK_EQ(SYS(SYS_rt_sigaction, SIGUSR1, &sa, &old, SZ), 0);
	CHECK_EQ(old.handler, KERNEL_SIG_DFL);

	/* Read back: the same action, minus SIGKILL and SIGSTOP in the mask. */
	CHECK_EQ(get_action(SIGUSR1, &old), 0);
	CHECK_EQ(old.handler, (unsigned long)handler);
	CHECK_EQ(old.flags, SA_RESTART | SA_SIGINFO | KERNEL_SA_RESTORER);
	CHECK_EQ(old.restorer, (unsigned long)restorer);
	CHECK_EQ(old.mask, BIT(SIGUSR2) | BIT(SIGTERM) | BIT(64));

	/* Replacing returns the previous action. */
	sa.handler = KERNEL_SIG_IGN;
	sa.flags = SA_NODEFER | SA_RESETHAND | SA_UNSUPPORTED;
	sa.mask = 0;
	CHECK_EQ(SYS(SYS_rt_sigaction, SIGUSR1, &sa, &old, SZ), 0);
	CHECK_EQ(old.handler, (unsigned long)handler);
	/* Unknown flag bits are dropped, so programs can detect them. */
	CHECK_EQ(get_action(SIGUSR1, &old), 0);
	CHECK_EQ(old.handler, KERNEL_SIG_IGN);
	CHECK_EQ(old.flags, SA_NODEFER | SA_RESETHAND);
	CHECK_EQ(old.mask, 0);

	/* Real-time signals are as good as any. */
	sa.handler = (unsigned long)handler;
	sa.flags = KERNEL_SA_RESTORER;
	CHECK_EQ(SYS(SYS_rt_sigaction, 64, &sa, 0, SZ), 0);
	CHECK_EQ(get_action(64, &old), 0);
	CHECK_EQ(old.handler, (unsigned long)handler);

	/* SIGKILL and SIGSTOP keep SIG_DFL. */
	CHECK_ERR(SYS(SYS_rt_sigaction, SIGKILL, &sa, 0, SZ), EINVAL);
	CHECK_EQ(get_action(SIGKILL, &old), 0);
	CHECK_EQ(old.handler, KERNEL_SIG_DFL);
}

static void check_mask(void)
{
	uint64_t set, old;

	set = BIT(SIGTERM) | BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGINT);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, SZ), 0);
	CHECK_EQ(old, 0);
	/* SIGKILL and SIGSTOP cannot be blocked; they are silently dropped. */
	CHECK_EQ(get_mask(), BIT(SIGTERM) | BIT(SIGINT));

	set = BIT(SIGINT) | BIT(SIGUSR1);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &old, SZ), 0);
	CHECK_EQ(old, BIT(SIGTERM) | BIT(SIGINT));
	CHECK_EQ(get_mask(), BIT(SIGTERM));

	set = BIT(SIGHUP) | BIT(40);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, SZ), 0);
	CHECK_EQ(old, BIT(SIGTERM));
	CHECK_EQ(get_mask(), BIT(SIGHUP) | BIT(40));
	set = 0;
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_SETMASK, &set, 0, SZ), 0);
	CHECK_EQ(get_mask(), 0);
}

/* Runs in the re-executed image: what survived execve. */
static int after_exec(void)
{
	struct kernel_sigaction old;

	CHECK_EQ(get_action(SIGUSR1, &old), 0);
	CHECK_EQ(old.handler, KERNEL_SIG_DFL);
	CHECK_EQ(get_action(SIGUSR2, &old), 0);
	CHECK_EQ(old.handler, KERNEL_SIG_IGN);
	CHECK_EQ(get_mask(), BIT(SIGTERM));
	return check_done();
}

static void check_inheritance(void)
{
	struct kernel_sigaction sa = { (unsigned long)handler, KERNEL_SA_RESTORER,
				       (unsigned long)restorer, 0 };
	struct kernel_sigaction ign = { KERNEL_SIG_IGN, 0, 0, 0 };
	struct kernel_sigaction dfl = { KERNEL_SIG_DFL, 0, 0, 0 };
	char *argv[] = { "sigstate", "after-exec", NULL };
	char *envp[] = { NULL };
	uint64_t set = BIT(SIGTERM);
	long pid;

	SYS(SYS_rt_sigaction, SIGUSR1, &sa, 0, SZ);
	SYS(SYS_rt_sigaction, SIGUSR2, &ign, 0, SZ);
	SYS(SYS_rt_sigprocmask, SIG_SETMASK, &set, 0, SZ);

	/* fork copies actions and mask as they are. */
	pid = must_fork();
	if (pid == 0) {
		struct kernel_sigaction old;
		int bad = get_action(SIGUSR1, &old) != 0 ||
			  old.handler != (unsigned long)handler ||
			  get_action(SIGUSR2, &old) != 0 ||
			  old.handler != KERNEL_SIG_IGN ||
			  get_mask() != BIT(SIGTERM);

		SYS(SYS_exit_group, bad);
	}
	CHECK_EXITED(must_wait(pid), 0);

	/* execve resets handlers to SIG_DFL but keeps SIG_IGN and the mask. */
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_execve, SELF, argv, envp);
		SYS(SYS_exit_group, 99);
	}
	CHECK_EXITED(must_wait(pid), 0);

	SYS(SYS_rt_sigaction, SIGUSR1, &dfl, 0, SZ);
	SYS(SYS_rt_sigaction, SIGUSR2, &dfl, 0, SZ);
	set = 0;
	SYS(SYS_rt_sigprocmask, SIG_SETMASK, &set, 0, SZ);
}

/* With SIGCHLD ignored, exited children are reaped by the kernel. */
static void check_sigchld_ignored(void)
{
	struct kernel_sigaction ign = { KERNEL_SIG_IGN, 0, 0, 0 };
	struct kernel_sigaction dfl = { KERNEL_SIG_DFL, 0, 0, 0 };
	int status;
	long pid;

	SYS(SYS_rt_sigaction, SIGCHLD, &ign, 0, SZ);
	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, 0);
	/* wait4 blocks until the child is gone, then finds nothing to reap. */
	CHECK_ERR(SYS(SYS_wait4, pid, &status, 0, 0), ECHILD);
	SYS(SYS_rt_sigaction, SIGCHLD, &dfl, 0, SZ);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "after-exec") == 0)
		return after_exec();
	check_initial();
	check_actions();
	check_mask();
	check_inheritance();
	check_sigchld_ignored();
	return check_done();
}
