/*
 * POSIX timers: timer_create on the clocks that have timers, ids counting
 * up per process, one-shot, periodic and absolute expiry with SI_TIMER
 * signals carrying the timer id, timer_gettime and old values, overruns
 * while the signal is blocked, SIGEV_NONE and SIGEV_THREAD_ID, timers on
 * CPU clocks, none after fork or execve; EINVAL, EOPNOTSUPP and EFAULT.
 */
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L

/* The kernel's struct sigevent (musl's has the same 64-byte layout). */
struct ksigevent {
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};
_Static_assert(sizeof(struct ksigevent) == 64, "sigevent");

#define KSIGEV_THREAD_ID 4

static volatile int hits[_NSIG];
static volatile int last_code, last_timerid, last_overrun;
/* For check_overrun: what the first signal of watch_timer saw. */
static volatile int watch_timer = -1, first_overrun, first_getoverrun;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits[sig]++;
	last_code = si->si_code;
	last_timerid = si->si_timerid;
	last_overrun = si->si_overrun;
	if (watch_timer >= 0 && si->si_timerid == watch_timer &&
	    hits[sig] == 1) {
		first_overrun = si->si_overrun;
		first_getoverrun = SYS(SYS_timer_getoverrun, watch_timer);
	}
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

static void wait_hits(int sig, int n)
{
	sigset_t none;

	sigemptyset(&none);
	while (hits[sig] < n)
		sigsuspend(&none);
}

static long now_on(long clk)
{
	struct timespec ts;

	CHECK_EQ(SYS(SYS_clock_gettime, clk, &ts), 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static int create(long clk, int notify, int signo)
{
	struct ksigevent ev = { .notify = notify, .signo = signo };
	int id = -1;

	ev.value.sival_int = 1234;
	CHECK_EQ(SYS(SYS_timer_create, clk, &ev, &id), 0);
	return id;
}

static void arm(int id, int flags, long value, long interval)
{
	struct itimerspec its = { { interval / NSEC, interval % NSEC },
				  { value / NSEC, value % NSEC } };

	CHECK_EQ(SYS(SYS_timer_settime, id, flags, &its, 0), 0);
}

static long left(int id, long *interval)
{
	struct itimerspec its;

	CHECK_EQ(SYS(SYS_timer_gettime, id, &its), 0);
	if (interval)
		*interval = ts_ns(&its.it_interval);
	return ts_ns(&its.it_value);
}

static void check_basics(void)
{
	struct itimerspec its = { { 0, 0 }, { 3, 0 } }, old;
	int id, id2, bad = -1;
	long start, took, v, iv;
	struct ksigevent ev = { .notify = SIGEV_SIGNAL, .signo = 0 };

	catch(SIGALRM);
	block(SIGALRM, SIG_BLOCK);

	/* No sigevent: SIGALRM. A one-shot timer fires once, not early. */
	CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, 0, &id), 0);
	CHECK(id >= 0);
	CHECK_EQ(left(id, &iv), 0);
	hits[SIGALRM] = 0;
	start = mono_ns();
	arm(id, 0, 50 * MS, 0);
	wait_hits(SIGALRM, 1);
	took = mono_ns() - start;
	CHECK(took >= 50 * MS && took < 2 * NSEC);
	CHECK_EQ(last_code, SI_TIMER);
	CHECK_EQ(last_timerid, id);
	CHECK_EQ(last_overrun, 0);
	CHECK_EQ(left(id, &iv), 0);
	CHECK_EQ(iv, 0);

	/* Ids count up; a failed create uses one up as well. */
	CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, 0, &id2), 0);
	CHECK_EQ(id2, id + 1);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &bad), EINVAL);
	CHECK_EQ(bad, -1);
	CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, 0, &bad), 0);
	CHECK_EQ(bad, id2 + 2);
	CHECK_EQ(SYS(SYS_timer_delete, bad), 0);

	/* timer_gettime counts down; settime returns the old setting. */
	CHECK_EQ(SYS(SYS_timer_settime, id2, 0, &its, 0), 0);
	v = left(id2, &iv);
	CHECK(v > 2 * NSEC && v <= 3 * NSEC);
	CHECK_EQ(iv, 0);
	its.it_value.tv_sec = 0;
	its.it_interval.tv_sec = 1;
	CHECK_EQ(SYS(SYS_timer_settime, id2, 0, &its, &old), 0);
	CHECK(ts_ns(&old.it_value) > 2 * NSEC);
	CHECK_EQ(ts_ns(&old.it_interval), 0);
	/* Disarmed, it reports nothing left and no interval. */
	CHECK_EQ(left(id2, &iv), 0);
	CHECK_EQ(iv, 0);

	/* Periodic: five signals 20 ms apart; the interval is reported. */
	hits[SIGALRM] = 0;
	start = mono_ns();
	arm(id2, 0, 20 * MS, 20 * MS);
	wait_hits(SIGALRM, 5);
	took = mono_ns() - start;
	CHECK(took >= 100 * MS && took < 3 * NSEC);
	CHECK_EQ(last_timerid, id2);
	v = left(id2, &iv);
	CHECK_EQ(iv, 20 * MS);
	CHECK(v > 0 && v <= 20 * MS);
	CHECK_EQ(SYS(SYS_timer_delete, id2), 0);
	CHECK_ERR(SYS(SYS_timer_delete, id2), EINVAL);
	CHECK_ERR(SYS(SYS_timer_gettime, id2, &its), EINVAL);

	/* Absolute times on REALTIME and MONOTONIC. */
	for (long clk = 0; clk < 2; clk++) {
		int t = create(clk, SIGEV_SIGNAL, SIGALRM);
		long target = now_on(clk) + 40 * MS;

		hits[SIGALRM] = 0;
		arm(t, TIMER_ABSTIME, target, 0);
		v = left(t, 0);
		CHECK(v > 0 && v <= 40 * MS);
		wait_hits(SIGALRM, 1);
		CHECK(now_on(clk) >= target);
		/* A time already past fires at once. */
		arm(t, TIMER_ABSTIME, 1000, 0);
		wait_hits(SIGALRM, 2);
		CHECK_EQ(SYS(SYS_timer_delete, t), 0);
	}
	CHECK_EQ(SYS(SYS_timer_delete, id), 0);
	block(SIGALRM, SIG_UNBLOCK);
}

/*
 * A periodic timer whose signal stays blocked counts the expiries it could
 * not deliver; the signal, once unblocked, carries the count, and
 * timer_getoverrun reports it from then on.
 */
static void check_overrun(void)
{
	int id = create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1);
	long start;

	catch(SIGUSR1);
	block(SIGUSR1, SIG_BLOCK);
	hits[SIGUSR1] = 0;
	watch_timer = id;
	start = mono_ns();
	arm(id, 0, 10 * MS, 10 * MS);
	sleep_ms(200);
	/* Nothing delivered yet, so nothing to report. */
	CHECK_EQ(SYS(SYS_timer_getoverrun, id), 0);
	block(SIGUSR1, SIG_UNBLOCK);
	block(SIGUSR1, SIG_BLOCK);
	CHECK(hits[SIGUSR1] >= 1);
	if (first_overrun < 10 || first_overrun > (mono_ns() - start) / (10 * MS))
		check_fail(__FILE__, __LINE__, "overrun %d after %ld ms",
			   first_overrun, (mono_ns() - start) / MS);
	CHECK_EQ(first_getoverrun, first_overrun);
	watch_timer = -1;
	/* Setting the timer again clears the count. */
	arm(id, 0, 0, 0);
	CHECK_EQ(SYS(SYS_timer_getoverrun, id), 0);
	CHECK_EQ(SYS(SYS_timer_delete, id), 0);
	block(SIGUSR1, SIG_UNBLOCK);
	signal(SIGUSR1, SIG_DFL);
}

static void check_notify(void)
{
	int id, r;
	long v, iv;

	/* SIGEV_NONE never signals but still counts down. */
	id = create(CLOCK_MONOTONIC, SIGEV_NONE, 0);
	arm(id, 0, 60 * MS, 0);
	v = left(id, 0);
	CHECK(v > 0 && v <= 60 * MS);
	sleep_ms(80);
	CHECK_EQ(left(id, &iv), 0);
	/* Periodic ones keep their phase. */
	arm(id, 0, 30 * MS, 30 * MS);
	sleep_ms(50);
	v = left(id, &iv);
	CHECK(v > 0 && v <= 30 * MS);
	CHECK_EQ(iv, 30 * MS);
	CHECK_EQ(SYS(SYS_timer_delete, id), 0);

	/* SIGEV_THREAD_ID: to one thread of the process (here the only one). */
	catch(SIGUSR2);
	block(SIGUSR2, SIG_BLOCK);
	{
		struct ksigevent ev = { .notify = KSIGEV_THREAD_ID,
					.signo = SIGUSR2 };

		ev.tid = SYS(SYS_gettid);
		CHECK_EQ(SYS(SYS_timer_create, CLOCK_BOOTTIME, &ev, &id), 0);
		hits[SIGUSR2] = 0;
		arm(id, 0, 20 * MS, 0);
		wait_hits(SIGUSR2, 1);
		CHECK_EQ(last_code, SI_TIMER);
		CHECK_EQ(last_timerid, id);
		CHECK_EQ(SYS(SYS_timer_delete, id), 0);
		/* A thread of another process is refused. */
		ev.tid = 1;
		CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id),
			  EINVAL);
		ev.tid = SYS(SYS_gettid);
		ev.notify = KSIGEV_THREAD_ID | SIGEV_NONE;
		CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id),
			  EINVAL);
		/* SIGEV_THREAD is the C library's; the kernel signals. */
		ev.notify = SIGEV_THREAD;
		CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), 0);
		hits[SIGUSR2] = 0;
		arm(id, 0, 10 * MS, 0);
		wait_hits(SIGUSR2, 1);
		CHECK_EQ(SYS(SYS_timer_delete, id), 0);
	}
	block(SIGUSR2, SIG_UNBLOCK);
	signal(SIGUSR2, SIG_DFL);

	/* Timers on CPU clocks count CPU time. */
	catch(SIGUSR1);
	for (long clk = CLOCK_PROCESS_CPUTIME_ID; clk <= CLOCK_THREAD_CPUTIME_ID;
	     clk++) {
		volatile unsigned long sink = 0;
		long cpu0 = now_on(clk), deadline = mono_ns() + 20 * NSEC;

		id = create(clk, SIGEV_SIGNAL, SIGUSR1);
		hits[SIGUSR1] = 0;
		arm(id, 0, 30 * MS, 0);
		v = left(id, 0);
		CHECK(v > 0 && v <= 30 * MS);
		while (!hits[SIGUSR1] && mono_ns() < deadline)
			for (int i = 0; i < 10000; i++)
				sink += i;
		CHECK_EQ(hits[SIGUSR1], 1);
		CHECK(now_on(clk) - cpu0 >= 30 * MS);
		r = SYS(SYS_timer_delete, id);
		CHECK_EQ(r, 0);
	}
	signal(SIGUSR1, SIG_DFL);
}

static void check_errors(void)
{
	struct ksigevent ev = { .notify = SIGEV_SIGNAL, .signo = SIGUSR1 };
	struct itimerspec its = { { 0, 0 }, { 1, 0 } }, bad[4] = {
		{ { 0, 0 }, { 0, NSEC } }, { { 0, 0 }, { -1, 0 } },
		{ { 0, -1 }, { 1, 0 } }, { { 0, NSEC }, { 0, 0 } } };
	int id = -1, t;
	size_t i;

	CHECK_ERR(SYS(SYS_timer_create, 10, &ev, &id), EINVAL);
	CHECK_ERR(SYS(SYS_timer_create, 16, &ev, &id), EINVAL);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC_RAW, &ev, &id),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_REALTIME_COARSE, &ev, &id),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC_COARSE, &ev, &id),
		  EOPNOTSUPP);
	ev.signo = 65;
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
	ev.signo = -1;
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
	ev.signo = SIGUSR1;
	ev.notify = 3;
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
	ev.notify = SIGEV_SIGNAL;
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, KERNEL_ADDR, &id),
		  EFAULT);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, unmapped_addr(), &id),
		  EFAULT);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, 0), EFAULT);
	CHECK_ERR(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, KERNEL_ADDR),
		  EFAULT);
	CHECK_EQ(id, -1);
	/* SIGEV_NONE does not look at the signal number. */
	ev.notify = SIGEV_NONE;
	ev.signo = 65;
	CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &t), 0);

	CHECK_ERR(SYS(SYS_timer_settime, t, 0, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_timer_settime, t, 0, KERNEL_ADDR, 0), EFAULT);
	for (i = 0; i < 4; i++)
		CHECK_ERR(SYS(SYS_timer_settime, t, 0, &bad[i], 0), EINVAL);
	/* Unknown flags are ignored. */
	CHECK_EQ(SYS(SYS_timer_settime, t, 0x70, &its, 0), 0);
	/* The timer is set before the old value fails to copy out. */
	its.it_value.tv_sec = 7;
	CHECK_ERR(SYS(SYS_timer_settime, t, 0, &its, KERNEL_ADDR), EFAULT);
	CHECK(left(t, 0) > 6 * NSEC);
	CHECK_ERR(SYS(SYS_timer_gettime, t, 0), EFAULT);
	CHECK_ERR(SYS(SYS_timer_gettime, t, unmapped_addr()), EFAULT);
	CHECK_EQ(SYS(SYS_timer_delete, t), 0);

	/* Ids that name no timer. */
	static const long ids[] = { -1, 12345, 0x7fffffff };
	for (i = 0; i < 3; i++) {
		CHECK_ERR(SYS(SYS_timer_settime, ids[i], 0, &its, 0), EINVAL);
		CHECK_ERR(SYS(SYS_timer_gettime, ids[i], &its), EINVAL);
		CHECK_ERR(SYS(SYS_timer_getoverrun, ids[i]), EINVAL);
		CHECK_ERR(SYS(SYS_timer_delete, ids[i]), EINVAL);
	}
}

static int inherited_id;

static void child_has_none(void *arg)
{
	struct itimerspec its;

	(void)arg;
	CHECK_ERR(SYS(SYS_timer_gettime, inherited_id, &its), EINVAL);
}

static void check_processes(void)
{
	char id_arg[16], *argv[] = { "time_posix", id_arg, 0 }, *envp[] = { 0 };
	long pid;

	inherited_id = create(CLOCK_MONOTONIC, SIGEV_NONE, 0);
	arm(inherited_id, 0, 10 * NSEC, 0);
	CHECK_EXITED(run_in_child(child_has_none, 0), 0);
	CHECK_EQ(SYS(SYS_timer_delete, inherited_id), 0);

	/* execve deletes every POSIX timer. */
	pid = must_fork();
	if (pid == 0) {
		int id = create(CLOCK_MONOTONIC, SIGEV_NONE, 0);

		arm(id, 0, 10 * NSEC, 0);
		id_arg[0] = '0' + id % 10;
		id_arg[1] = 0;
		execve("/tests/time_posix", argv, envp);
		_exit(99);
	}
	CHECK_EXITED(must_wait(pid), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		struct itimerspec its;

		CHECK_ERR(SYS(SYS_timer_gettime, atoi(argv[1]), &its), EINVAL);
		return check_done();
	}
	check_basics();
	check_overrun();
	check_notify();
	check_errors();
	check_processes();
	return check_done();
}
