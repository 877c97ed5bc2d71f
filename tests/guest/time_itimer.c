/*
 * Interval timers: ITIMER_REAL sends SIGALRM (si_code SI_KERNEL) once or
 * periodically, getitimer and the old value report what is left, alarm()
 * returns the seconds left; ITIMER_PROF and ITIMER_VIRTUAL count CPU time
 * only (one tick added, as Linux does); SIGALRM's default action kills;
 * fork starts without timers and execve keeps them; EINVAL and EFAULT.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L
#define TICK (4 * MS) /* Linux's jiffy on Debian arm64 */

static volatile int hits[_NSIG];
static volatile int last_code;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits[sig]++;
	last_code = si->si_code;
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(sig, &sa, 0), 0);
}

static void block(int sig, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK_EQ(sigprocmask(how, &set, 0), 0);
}

/* Waits in sigsuspend until sig has been handled n times in all. */
static void wait_hits(int sig, int n)
{
	sigset_t none;

	sigemptyset(&none);
	while (hits[sig] < n)
		sigsuspend(&none);
}

static long tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * NSEC + tv->tv_usec * 1000L;
}

static void set_timer(int which, long value_ms, long interval_ms)
{
	struct itimerval it = {
		{ interval_ms / 1000, interval_ms % 1000 * 1000 },
		{ value_ms / 1000, value_ms % 1000 * 1000 },
	};

	CHECK_EQ(SYS(SYS_setitimer, which, &it, 0), 0);
}

static long get_value(int which, long *interval)
{
	struct itimerval it;

	CHECK_EQ(SYS(SYS_getitimer, which, &it), 0);
	CHECK(it.it_value.tv_usec >= 0 && it.it_value.tv_usec < 1000000);
	if (interval)
		*interval = tv_ns(&it.it_interval);
	return tv_ns(&it.it_value);
}

static long cpu_ns(void)
{
	struct timespec ts;

	CHECK_EQ(SYS(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void check_real(void)
{
	struct itimerval it = { { 0, 0 }, { 2, 0 } }, old;
	long start, took, v, iv;

	catch(SIGALRM);
	block(SIGALRM, SIG_BLOCK);

	/* One shot: SIGALRM no earlier than asked, from the kernel. */
	hits[SIGALRM] = 0;
	start = mono_ns();
	set_timer(ITIMER_REAL, 60, 0);
	wait_hits(SIGALRM, 1);
	took = mono_ns() - start;
	CHECK(took >= 60 * MS);
	CHECK(took < 2 * NSEC);
	CHECK_EQ(last_code, SI_KERNEL);
	CHECK_EQ(get_value(ITIMER_REAL, &iv), 0);
	CHECK_EQ(iv, 0);

	/* What is left counts down; the old value comes back when re-set. */
	CHECK_EQ(SYS(SYS_setitimer, ITIMER_REAL, &it, 0), 0);
	v = get_value(ITIMER_REAL, &iv);
	CHECK(v > 1500 * MS && v <= 2 * NSEC);
	CHECK_EQ(iv, 0);
	it.it_value.tv_sec = 0;
	it.it_interval.tv_usec = 5000;
	CHECK_EQ(SYS(SYS_setitimer, ITIMER_REAL, &it, &old), 0);
	CHECK(tv_ns(&old.it_value) > 1500 * MS);
	CHECK(tv_ns(&old.it_value) <= 2 * NSEC);
	CHECK_EQ(tv_ns(&old.it_interval), 0);
	/* A zero value disarms, and then the interval reads as 0 too. */
	CHECK_EQ(get_value(ITIMER_REAL, &iv), 0);
	CHECK_EQ(iv, 0);

	/* Periodic: five alarms 20 ms apart, then disarmed. */
	hits[SIGALRM] = 0;
	start = mono_ns();
	set_timer(ITIMER_REAL, 20, 20);
	v = get_value(ITIMER_REAL, &iv);
	CHECK_EQ(iv, 20 * MS);
	CHECK(v > 0 && v <= 20 * MS);
	wait_hits(SIGALRM, 5);
	took = mono_ns() - start;
	CHECK(took >= 100 * MS);
	CHECK(took < 3 * NSEC);
	v = get_value(ITIMER_REAL, &iv);
	CHECK_EQ(iv, 20 * MS);
	CHECK(v > 0 && v <= 20 * MS);
	set_timer(ITIMER_REAL, 0, 0);
	CHECK_EQ(get_value(ITIMER_REAL, 0), 0);

	/* alarm() is setitimer underneath: seconds left, rounded up. */
	CHECK_EQ(alarm(5), 0);
	CHECK_EQ(alarm(0), 5);
	CHECK_EQ(alarm(0), 0);

	/* A NULL new value disarms (a misfeature Linux keeps). */
	set_timer(ITIMER_REAL, 3000, 0);
	CHECK_EQ(SYS(SYS_setitimer, ITIMER_REAL, 0, &old), 0);
	CHECK(tv_ns(&old.it_value) > 2 * NSEC);
	CHECK_EQ(get_value(ITIMER_REAL, 0), 0);

	block(SIGALRM, SIG_UNBLOCK);
	signal(SIGALRM, SIG_DFL);
}

/* Spins until sig arrives; returns the process CPU time used meanwhile. */
static long spin_until(int sig)
{
	long start = cpu_ns(), deadline = mono_ns() + 20 * NSEC;
	volatile unsigned long sink = 0;

	while (!hits[sig] && mono_ns() < deadline)
		for (int i = 0; i < 10000; i++)
			sink += i;
	return cpu_ns() - start;
}

static void check_cpu(int which, int sig)
{
	long v, iv, used, start;

	catch(sig);
	/* Linux arms CPU itimers one tick late. */
	set_timer(which, 1000, 0);
	v = get_value(which, &iv);
	CHECK(v > 900 * MS && v <= NSEC + TICK);
	CHECK_EQ(iv, 0);

	/* Sleeping uses no CPU time: nothing fires, little is used up. */
	hits[sig] = 0;
	set_timer(which, 40, 0);
	start = mono_ns();
	sleep_ms(200);
	CHECK(mono_ns() - start >= 200 * MS);
	CHECK_EQ(hits[sig], 0);
	v = get_value(which, 0);
	CHECK(v > 0);

	/* Spinning does: the signal comes once 40 ms of CPU are used. */
	used = spin_until(sig);
	CHECK_EQ(hits[sig], 1);
	CHECK(used >= 30 * MS);
	CHECK_EQ(last_code, SI_KERNEL);
	CHECK_EQ(get_value(which, 0), 0);

	/* Periodic CPU timers reload. */
	hits[sig] = 0;
	set_timer(which, 10, 10);
	v = get_value(which, &iv);
	CHECK_EQ(iv, 10 * MS);
	spin_until(sig);
	hits[sig] = 0;
	spin_until(sig);
	CHECK(hits[sig] >= 1);
	/* A zero value disarms but keeps the interval it was given. */
	set_timer(which, 0, 10);
	CHECK_EQ(get_value(which, &iv), 0);
	CHECK_EQ(iv, 10 * MS);
	set_timer(which, 0, 0);
	CHECK_EQ(get_value(which, &iv), 0);
	CHECK_EQ(iv, 0);
	signal(sig, SIG_DFL);
}

static void check_errors(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } }, bad[4] = {
		{ { 0, 0 }, { 0, 1000000 } }, { { 0, 0 }, { 0, -1 } },
		{ { 0, 0 }, { -1, 0 } }, { { 0, 1000000 }, { 1, 0 } } };
	size_t i;

	for (i = 0; i < 4; i++) {
		CHECK_ERR(SYS(SYS_setitimer, ITIMER_REAL, &bad[i], 0), EINVAL);
		CHECK_ERR(SYS(SYS_setitimer, ITIMER_PROF, &bad[i], 0), EINVAL);
	}
	CHECK_ERR(SYS(SYS_setitimer, 3, &it, 0), EINVAL);
	CHECK_ERR(SYS(SYS_setitimer, -1, &it, 0), EINVAL);
	CHECK_ERR(SYS(SYS_getitimer, 3, &it), EINVAL);
	CHECK_ERR(SYS(SYS_getitimer, -1, 0), EINVAL);
	CHECK_ERR(SYS(SYS_setitimer, ITIMER_REAL, KERNEL_ADDR, 0), EFAULT);
	CHECK_ERR(SYS(SYS_setitimer, ITIMER_REAL, unmapped_addr(), 0), EFAULT);
	CHECK_ERR(SYS(SYS_getitimer, ITIMER_REAL, 0), EFAULT);
	CHECK_ERR(SYS(SYS_getitimer, ITIMER_PROF, KERNEL_ADDR), EFAULT);
	CHECK_ERR(SYS(SYS_getitimer, ITIMER_VIRTUAL, unmapped_addr()), EFAULT);
	/* The timer is set before the old value fails to copy out. */
	it.it_value.tv_sec = 5;
	CHECK_ERR(SYS(SYS_setitimer, ITIMER_REAL, &it, KERNEL_ADDR), EFAULT);
	CHECK(get_value(ITIMER_REAL, 0) > 4 * NSEC);
	set_timer(ITIMER_REAL, 0, 0);
}

static void child_alarm(void *arg)
{
	(void)arg;
	signal(SIGALRM, SIG_DFL);
	set_timer(ITIMER_REAL, 30, 0);
	sleep_ms(3000);
}

static void child_no_timers(void *arg)
{
	(void)arg;
	CHECK_EQ(get_value(ITIMER_REAL, 0), 0);
	CHECK_EQ(get_value(ITIMER_PROF, 0), 0);
}

static void check_processes(void)
{
	char *argv[] = { "time_itimer", "after-exec", 0 };
	char *envp[] = { 0 };
	long pid;

	/* SIGALRM's default action terminates. */
	CHECK_SIGNALED(run_in_child(child_alarm, 0), SIGALRM);

	/* A child starts with no timers of its own. */
	set_timer(ITIMER_REAL, 5000, 0);
	set_timer(ITIMER_PROF, 5000, 0);
	CHECK_EXITED(run_in_child(child_no_timers, 0), 0);
	set_timer(ITIMER_REAL, 0, 0);
	set_timer(ITIMER_PROF, 0, 0);

	/* execve keeps them. */
	pid = must_fork();
	if (pid == 0) {
		set_timer(ITIMER_REAL, 5000, 0);
		execve("/tests/time_itimer", argv, envp);
		_exit(99);
	}
	CHECK_EXITED(must_wait(pid), 0);
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		/* Re-executed by check_processes with ITIMER_REAL armed. */
		long v = get_value(ITIMER_REAL, 0);

		CHECK(v > 3 * NSEC && v <= 5 * NSEC);
		set_timer(ITIMER_REAL, 0, 0);
		return check_done();
	}
	check_real();
	check_cpu(ITIMER_PROF, SIGPROF);
	check_cpu(ITIMER_VIRTUAL, SIGVTALRM);
	check_errors();
	check_processes();
	return check_done();
}
