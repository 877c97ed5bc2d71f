/*
 * Time syscalls: clocks, sleeping, the wall clock and adjtimex, interval
 * timers, POSIX timers and timerfd. The cores are kernel/time.c,
 * kernel/itimer.c and kernel/timerfd.c.
 */
#include "abi/linux/syscalls.h"
#include "abi/linux/time.h"
#include "kernel/include/irq.h"
#include "kernel/include/ktime.h"
#include "kernel/include/lib.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

static void ns_to_timespec(s64 ns, struct linux_timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

/* timespec64_valid(): what every call taking a timespec accepts. */
static bool timespec_valid(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && (u64)ts->tv_nsec < NSEC_PER_SEC;
}

static s64 timespec_to_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

SYSCALL_DEFINE(clock_gettime)
{
	struct linux_timespec ts;
	struct kclock k;
	s64 ns;

	if (clock_lookup((int)a0, CLOCK_OP_GET, &k) || kclock_read(&k, &ns))
		return -EINVAL;
	ns_to_timespec(ns, &ts);
	return copy_to_user((void *)a1, &ts, sizeof(ts));
}

SYSCALL_DEFINE(clock_getres)
{
	struct linux_timespec ts;
	struct kclock k;

	if (clock_lookup((int)a0, CLOCK_OP_GET, &k))
		return -EINVAL;
	ns_to_timespec(kclock_res(&k), &ts);
	if (!a1)
		return 0;
	return copy_to_user((void *)a1, &ts, sizeof(ts));
}

SYSCALL_DEFINE(clock_settime)
{
	struct linux_timespec ts;
	struct kclock k;
	int clk = (int)a0;

	/* Only the wall clock can be set; CPU clocks are checked, then refused. */
	if (clk >= 0 && clock_lookup(clk, CLOCK_OP_SET, &k))
		return -EINVAL;
	if (copy_from_user(&ts, (void *)a1, sizeof(ts)))
		return -EFAULT;
	if (clk < 0)
		return (clk & CLOCKFD_MASK) == CLOCKFD ?
			       -EINVAL : clock_lookup(clk, CLOCK_OP_SET, &k);
	return do_settimeofday(&ts, NULL);
}

/* Sleeps as hrtimer_nanosleep(); rem gets the time left on a signal. */
static long nanosleep_common(const struct kclock *k, int flags, u64 ureq,
			     u64 urem)
{
	struct linux_timespec req, rem;
	bool abs = flags & TIMER_ABSTIME;
	s64 left = 0;
	long err;

	if (copy_from_user(&req, (void *)ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	/* The alarm clocks take no other flag and need CAP_WAKE_ALARM. */
	if (k->alarm && (flags & ~TIMER_ABSTIME))
		return -EINVAL;
	if (k->alarm && current_proc()->euid != 0)
		return -EPERM;
	err = do_clock_nanosleep(k, abs, timespec_to_ns(&req), &left);
	if (err == -ERESTARTNOHAND && !abs && urem) {
		ns_to_timespec(left, &rem);
		if (copy_to_user((void *)urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return err;
}

SYSCALL_DEFINE(nanosleep)
{
	struct kclock mono = { .base = CLOCK_BASE_MONO };

	return nanosleep_common(&mono, 0, a0, a1);
}

SYSCALL_DEFINE(clock_nanosleep)
{
	struct kclock k;
	long err;

	err = clock_lookup((int)a0, CLOCK_OP_NSLEEP, &k);
	if (err)
		return err;
	/* Flags other than TIMER_ABSTIME are ignored, as on Linux. */
	return nanosleep_common(&k, (int)a1, a2, a3);
}

SYSCALL_DEFINE(gettimeofday)
{
	struct linux_timeval tv;
	struct linux_timezone tz;
	struct linux_timespec ts;

	if (a0) {
		ktime_get_real(&ts);
		tv.tv_sec = ts.tv_sec;
		tv.tv_usec = ts.tv_nsec / NSEC_PER_USEC;
		if (copy_to_user((void *)a0, &tv, sizeof(tv)))
			return -EFAULT;
	}
	if (a1) {
		get_timezone(&tz);
		if (copy_to_user((void *)a1, &tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(settimeofday)
{
	struct linux_timeval tv;
	struct linux_timespec ts;
	struct linux_timezone tz;

	if (a0) {
		if (copy_from_user(&tv, (void *)a0, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_usec > USEC_PER_SEC || tv.tv_usec < 0)
			return -EINVAL;
		ts.tv_sec = tv.tv_sec;
		ts.tv_nsec = tv.tv_usec * NSEC_PER_USEC;
	}
	if (a1 && copy_from_user(&tz, (void *)a1, sizeof(tz)))
		return -EFAULT;
	return do_settimeofday(a0 ? &ts : NULL, a1 ? &tz : NULL);
}

static long adjtime_common(int clk, u64 utx)
{
	struct linux_timex tx;
	struct kclock k;
	long ret;

	if (copy_from_user(&tx, (void *)utx, sizeof(tx)))
		return -EFAULT;
	ret = clock_lookup(clk, CLOCK_OP_ADJ, &k);
	if (ret)
		return ret;
	ret = do_adjtimex(&tx);
	if (ret >= 0 && copy_to_user((void *)utx, &tx, sizeof(tx)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE(adjtimex)
{
	return adjtime_common(CLOCK_REALTIME, a0);
}

SYSCALL_DEFINE(clock_adjtime)
{
	return adjtime_common((int)a0, a1);
}

SYSCALL_DEFINE(getitimer)
{
	struct linux_itimerval val;
	long err;

	err = do_getitimer((int)a0, &val);
	if (!err && copy_to_user((void *)a1, &val, sizeof(val)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE(setitimer)
{
	struct linux_itimerval val = { 0 }, old;
	long err;

	/* A NULL new value disarms, a misfeature Linux still supports. */
	if (a1 && copy_from_user(&val, (void *)a1, sizeof(val)))
		return -EFAULT;
	err = do_setitimer((int)a0, &val, a2 ? &old : NULL);
	if (err || !a2)
		return err;
	return copy_to_user((void *)a2, &old, sizeof(old));
}

SYSCALL_DEFINE(timer_create)
{
	struct linux_sigevent ev;
	int id;

	if (a1 && copy_from_user(&ev, (void *)a1, sizeof(ev)))
		return -EFAULT;
	id = posix_timer_create((int)a0, a1 ? &ev : NULL);
	if (id < 0)
		return id;
	if (copy_to_user((void *)a2, &id, sizeof(id))) {
		posix_timer_discard(id);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(timer_settime)
{
	struct linux_itimerspec v, old;
	long err;

	if (!a2)
		return -EINVAL;
	if (copy_from_user(&v, (void *)a2, sizeof(v)))
		return -EFAULT;
	if (!timespec_valid(&v.it_value) || !timespec_valid(&v.it_interval))
		return -EINVAL;
	err = posix_timer_settime((int)a0, (int)a1, &v, a3 ? &old : NULL);
	if (!err && a3 && copy_to_user((void *)a3, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE(timer_gettime)
{
	struct linux_itimerspec cur;
	long err;

	err = posix_timer_gettime((int)a0, &cur);
	if (!err && copy_to_user((void *)a1, &cur, sizeof(cur)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE(timer_getoverrun)
{
	return posix_timer_getoverrun((int)a0);
}

SYSCALL_DEFINE(timer_delete)
{
	return posix_timer_delete((int)a0);
}

SYSCALL_DEFINE(timerfd_create)
{
	return timerfd_create((int)a0, (int)a1);
}

SYSCALL_DEFINE(timerfd_settime)
{
	struct linux_itimerspec v, old;
	long err;

	if (copy_from_user(&v, (void *)a2, sizeof(v)))
		return -EFAULT;
	err = timerfd_settime((int)a0, (int)a1, &v, &old);
	if (!err && a3 && copy_to_user((void *)a3, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE(timerfd_gettime)
{
	struct linux_itimerspec cur;
	long err;

	err = timerfd_gettime((int)a0, &cur);
	if (!err && copy_to_user((void *)a1, &cur, sizeof(cur)))
		err = -EFAULT;
	return err;
}
