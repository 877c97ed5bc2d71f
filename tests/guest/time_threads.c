/*
 * Timers and threads: SIGEV_THREAD_ID signals reach the named thread even
 * when other threads could take them, the C library's SIGEV_THREAD timers
 * (a helper thread waiting in sigwaitinfo for SI_TIMER signals) call their
 * function, and a thread's CPU clock can be read from another thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define MS 1000000L
#define NSEC 1000000000L

struct ksigevent {
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};
#define KSIGEV_THREAD_ID 4

static atomic_int worker_tid, handled_by, stop_worker;

static void on_usr2(int sig)
{
	(void)sig;
	atomic_store(&handled_by, (int)SYS(SYS_gettid));
}

static void *worker(void *arg)
{
	volatile unsigned long sink = 0;
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &set, 0);
	atomic_store(&worker_tid, (int)SYS(SYS_gettid));
	/* Spin, so that this thread also has CPU time to read. */
	while (!atomic_load(&stop_worker))
		for (int i = 0; i < 1000; i++)
			sink += i;
	return 0;
}

static atomic_int callbacks;
static volatile int callback_value;

static void on_timer(union sigval v)
{
	callback_value = v.sival_int;
	atomic_fetch_add(&callbacks, 1);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr2 };
	struct ksigevent ev = { .notify = KSIGEV_THREAD_ID, .signo = SIGUSR2 };
	struct itimerspec its = { { 0, 20 * MS }, { 0, 20 * MS } };
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD };
	struct timespec ts;
	clockid_t cpu;
	sigset_t set;
	pthread_t th;
	timer_t lt;
	long deadline;
	int id;

	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGUSR2, &sa, 0), 0);
	/* The main thread blocks SIGUSR2; the worker takes it. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_EQ(pthread_sigmask(SIG_BLOCK, &set, 0), 0);
	CHECK_EQ(pthread_create(&th, 0, worker, 0), 0);
	deadline = mono_ns() + 5 * NSEC;
	while (!atomic_load(&worker_tid) && mono_ns() < deadline)
		sched_yield();
	CHECK(atomic_load(&worker_tid) > 0);

	/* A timer aimed at the worker by tid. */
	ev.tid = atomic_load(&worker_tid);
	CHECK_EQ(SYS(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), 0);
	its.it_interval.tv_nsec = 0;
	CHECK_EQ(SYS(SYS_timer_settime, id, 0, &its, 0), 0);
	deadline = mono_ns() + 5 * NSEC;
	while (!atomic_load(&handled_by) && mono_ns() < deadline)
		sleep_ms(5);
	CHECK_EQ(atomic_load(&handled_by), atomic_load(&worker_tid));
	CHECK_EQ(SYS(SYS_timer_delete, id), 0);

	/* The worker's CPU clock, read from here, moves. */
	CHECK_EQ(pthread_getcpuclockid(th, &cpu), 0);
	CHECK(cpu < 0);
	CHECK_EQ(SYS(SYS_clock_gettime, cpu, &ts), 0);
	CHECK(ts.tv_sec > 0 || ts.tv_nsec > 0);
	/* Thread 1's clock, (~1 << 3) | 6: not a thread of this process. */
	CHECK_ERR(SYS(SYS_clock_gettime, -10L, &ts), EINVAL);

	atomic_store(&stop_worker, 1);
	CHECK_EQ(pthread_join(th, 0), 0);

	/* SIGEV_THREAD through the C library: the function runs each period. */
	sev.sigev_notify_function = on_timer;
	sev.sigev_value.sival_int = 4242;
	CHECK_EQ(timer_create(CLOCK_MONOTONIC, &sev, &lt), 0);
	its.it_interval.tv_nsec = 20 * MS;
	CHECK_EQ(timer_settime(lt, 0, &its, 0), 0);
	deadline = mono_ns() + 5 * NSEC;
	while (atomic_load(&callbacks) < 3 && mono_ns() < deadline)
		sleep_ms(5);
	CHECK(atomic_load(&callbacks) >= 3);
	CHECK_EQ(callback_value, 4242);
	CHECK_EQ(timer_delete(lt), 0);
	return check_done();
}
