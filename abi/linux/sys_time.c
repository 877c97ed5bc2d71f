/* Time syscalls: clocks, sleeping. */
#include "abi/linux/stat.h"
#include "abi/linux/syscalls.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

u64 ktime_get_ns(void);
s64 ktime_get_real_ns(void);

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define NSEC_PER_SEC 1000000000L
#define COARSE_RES_NS 4000000 /* a 250 Hz tick, as Debian's kernel */

static s64 cpu_time_ns(bool whole_process)
{
	struct thread *self = current_thread(), *t;
	u64 ticks = 0;

	/*
	 * The running thread's current slice is not in runtime yet. Read
	 * both with interrupts off, so that no switch falls in between.
	 */
	irq_push_off();
	ticks += timer_now() - self->switched_in + self->runtime;
	irq_pop_off();
	if (!whole_process)
		return ticks_to_ns(ticks);
	spin_lock(&proc_lock);
	list_for_each_entry(t, &self->proc->threads, proc_link) {
		if (t != self)
			ticks += t->runtime;
	}
	spin_unlock(&proc_lock);
	return ticks_to_ns(ticks);
}

/* Returns nanoseconds on clk, or -EINVAL for a clock Linux lacks. */
static s64 clock_ns(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
		return ktime_get_real_ns();
	case CLOCK_TAI:
		return ktime_get_real_ns(); /* TAI offset 0, as Linux at boot */
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		return ktime_get_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
		return cpu_time_ns(true);
	case CLOCK_THREAD_CPUTIME_ID:
		return cpu_time_ns(false);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(clock_gettime)
{
	s64 ns = clock_ns((int)a0);
	struct linux_timespec ts;

	if (ns == -EINVAL)
		return -EINVAL;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user((void *)a1, &ts,
			    sizeof(ts));
}

SYSCALL_DEFINE(clock_getres)
{
	int clk = (int)a0;
	struct linux_timespec ts = { 0, 1 };

	if (clock_ns(clk) == -EINVAL)
		return -EINVAL;
	if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = COARSE_RES_NS;
	if (!a1)
		return 0;
	return copy_to_user((void *)a1, &ts, sizeof(ts));
}

struct linux_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

SYSCALL_DEFINE(gettimeofday)
{
	s64 ns = ktime_get_real_ns();
	struct linux_timeval tv = { ns / NSEC_PER_SEC,
				    (ns % NSEC_PER_SEC) / 1000 };
	static const int tz[2] = { 0, 0 }; /* no time zone set */

	if (a0 && copy_to_user((void *)a0, &tv, sizeof(tv)))
		return -EFAULT;
	if (a1 && copy_to_user((void *)a1, tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(nanosleep)
{
	struct linux_timespec req;
	u64 deadline;
	long err;

	if (copy_from_user(&req, (void *)a0, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/* Sleep at least as asked: round the deadline up by one tick. */
	deadline = timer_now() + 1 +
		   ns_to_ticks(MIN((u64)req.tv_sec, 1UL << 32) * NSEC_PER_SEC +
			       req.tv_nsec);
	for (;;) {
		current_thread()->state = TASK_INTERRUPTIBLE;
		err = schedule_until(deadline);
		if (err == -ETIMEDOUT)
			return 0;
		if (err == -ERESTARTSYS)
			break;
	}
	if (a1) {
		u64 left = ticks_to_ns(deadline - MIN(deadline, timer_now()));
		struct linux_timespec rem = { left / NSEC_PER_SEC,
					      left % NSEC_PER_SEC };

		if (copy_to_user((void *)a1, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return -EINTR;
}
