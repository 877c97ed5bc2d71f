/* rt_sigtimedwait: taking a blocked signal synchronously, and timeouts. */
#include <signal.h>

#include "guest.h"

static long sigtimedwait_raw(unsigned long *set, siginfo_t *info,
			     struct timespec *ts)
{
	return SYS(SYS_rt_sigtimedwait, set, info, ts, KERNEL_SIGSET_SIZE);
}

int main(void)
{
	unsigned long set = 1UL << (SIGUSR1 - 1) | 1UL << (SIGUSR2 - 1);
	struct timespec zero = { 0, 0 }, short_wait = { 0, 50 * 1000 * 1000 };
	siginfo_t info;
	long start;

	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0,
		     KERNEL_SIGSET_SIZE), 0);
	/* Nothing pending: a zero timeout returns EAGAIN at once. */
	CHECK_ERR(sigtimedwait_raw(&set, &info, &zero), EAGAIN);
	start = mono_ns();
	CHECK_ERR(sigtimedwait_raw(&set, &info, &short_wait), EAGAIN);
	CHECK(mono_ns() - start >= 50 * 1000 * 1000);
	/* A pending blocked signal is taken with its sender's details. */
	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), SIGUSR2), 0);
	CHECK_EQ(sigtimedwait_raw(&set, &info, 0), SIGUSR2);
	CHECK_EQ(info.si_signo, SIGUSR2);
	CHECK_EQ(info.si_code, SI_USER);
	CHECK_EQ(info.si_pid, SYS(SYS_getpid));
	/* It is gone now. */
	CHECK_ERR(sigtimedwait_raw(&set, &info, &zero), EAGAIN);
	/* The lowest pending one comes first. */
	SYS(SYS_kill, SYS(SYS_getpid), SIGUSR2);
	SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1);
	CHECK_EQ(sigtimedwait_raw(&set, 0, 0), SIGUSR1);
	CHECK_EQ(sigtimedwait_raw(&set, 0, 0), SIGUSR2);
	/* Errors. */
	CHECK_ERR(SYS(SYS_rt_sigtimedwait, &set, 0, 0, 4), EINVAL);
	CHECK_ERR(sigtimedwait_raw(unmapped_addr(), 0, 0), EFAULT);
	CHECK_ERR(sigtimedwait_raw(&set, 0, unmapped_addr()), EFAULT);
	zero.tv_nsec = 1000000000;
	CHECK_ERR(sigtimedwait_raw(&set, 0, &zero), EINVAL);
	return check_done();
}
