/*
 * POSIX clocks and the timers built on them (kernel/time.c), the per-process
 * interval and POSIX timers (kernel/itimer.c) and timerfd (kernel/timerfd.c).
 *
 * Times are signed nanoseconds on a clock. MONOTONIC is the virtual counter
 * (BOOTTIME equals it: the machine never suspends); REALTIME is MONOTONIC
 * plus an offset that settimeofday steps and adjtimex slews; TAI is
 * REALTIME plus the TAI offset; CPU clocks count the counter ticks threads
 * spent on a CPU.
 */
#ifndef AKUMA_KTIME_H
#define AKUMA_KTIME_H

#include "list.h"
#include "sched.h"
#include "types.h"

struct linux_timex;
struct linux_timezone;
struct process;

/* Linux's jiffy on Debian's arm64 kernel (HZ=250): coarse clocks and CPU timers tick at it. */
#define TICK_NSEC 4000000L

enum clock_base {
	CLOCK_BASE_MONO,
	CLOCK_BASE_REAL,
	CLOCK_BASE_TAI,
	CLOCK_BASE_CPU,
};

/* A clockid_t resolved: what it measures and, for CPU clocks, whose. */
struct kclock {
	u8 base;     /* enum clock_base */
	bool coarse; /* reads at tick granularity */
	bool thread; /* CPU clock of one thread (tid), else of a process (pid) */
	int target;  /* CPU clocks: the pid or tid */
	bool rel_mono; /* CLOCK_REALTIME: relative times count on MONOTONIC */
	bool alarm;  /* the _ALARM clocks: CAP_WAKE_ALARM, ABSTIME only */
};

/* Operations of Linux's struct k_clock that clock_lookup() checks for. */
enum clock_op {
	CLOCK_OP_GET = 1,
	CLOCK_OP_SET = 2,
	CLOCK_OP_ADJ = 4,
	CLOCK_OP_NSLEEP = 8,
	CLOCK_OP_TIMER = 16,
};

/*
 * Resolves clockid for op as Linux does: 0, -EINVAL for a clock that does
 * not exist (or a CPU clock whose pid/tid does not), -EOPNOTSUPP for one
 * that cannot do op, -EPERM for setting a CPU clock.
 */
int clock_lookup(int clockid, int op, struct kclock *k);
/* Reads k in ns: 0, or -ESRCH when a CPU clock's owner has gone. */
int kclock_read(const struct kclock *k, s64 *ns);
s64 kclock_res(const struct kclock *k);

/*
 * A timer that fires when a clock reaches expires. fn runs in interrupt
 * context (no sleeping) with no lock held; it may re-arm the timer. Wall
 * clock timers follow clock_settime; CPU clock timers poll the clock at
 * the time the CPU time could be reached at the earliest (at least a tick
 * apart, the granularity of Linux's CPU timers).
 *
 * Lock: time_lock (kernel/time.c) protects armed, expires and wall_link.
 * Callers serialise arm and cancel of one timer with their own lock.
 */
struct clock_timer {
	struct ktimer kt;
	struct kclock clock;
	s64 expires;               /* ns on clock, while armed */
	bool armed;
	struct list_head wall_link; /* wall_timers, for REAL and TAI timers */
	void (*fn)(struct clock_timer *ct);
};

void clock_timer_init(struct clock_timer *ct, const struct kclock *k,
		      void (*fn)(struct clock_timer *ct));
/* Arms ct to fire when its clock reaches expires (ns, absolute). */
void clock_timer_arm(struct clock_timer *ct, s64 expires);
void clock_timer_cancel(struct clock_timer *ct);

/*
 * Sleeps until k reaches t (absolute) or for t ns (relative). Returns 0,
 * or -ERESTARTNOHAND on a signal with the time left in *left (relative
 * sleeps), as Linux's hrtimer_nanosleep.
 */
long do_clock_nanosleep(const struct kclock *k, bool abs, s64 t, s64 *left);

/*
 * The wall clock (kernel/time.c), as do_sys_settimeofday64: either
 * argument may be NULL. euid 0 stands for CAP_SYS_TIME.
 */
struct linux_timespec;
int do_settimeofday(const struct linux_timespec *ts,
		    const struct linux_timezone *tz);
void get_timezone(struct linux_timezone *tz);
/* adjtimex(2) on CLOCK_REALTIME: the clock state (TIME_*) or -errno. */
int do_adjtimex(struct linux_timex *tx);

/* Timers of a process (kernel/itimer.c). */
struct linux_itimerval;
struct linux_itimerspec;
struct linux_sigevent;
long do_getitimer(int which, struct linux_itimerval *val);
long do_setitimer(int which, const struct linux_itimerval *val,
		  struct linux_itimerval *old);
/* Returns the new timer's id, or -errno. ev NULL: SIGALRM with the id. */
long posix_timer_create(int clockid, const struct linux_sigevent *ev);
/* Undoes posix_timer_create when the id could not be stored. */
void posix_timer_discard(int id);
long posix_timer_settime(int id, int flags, const struct linux_itimerspec *v,
			 struct linux_itimerspec *old);
long posix_timer_gettime(int id, struct linux_itimerspec *cur);
long posix_timer_getoverrun(int id);
long posix_timer_delete(int id);
/* At exit every timer stops; execve deletes the POSIX timers only. */
void timers_exit(struct process *p);
void posix_timers_exec(struct process *p);

/* timerfd (kernel/timerfd.c). */
long timerfd_create(int clockid, int flags);
long timerfd_settime(int fd, int flags, const struct linux_itimerspec *v,
		     struct linux_itimerspec *old);
long timerfd_gettime(int fd, struct linux_itimerspec *cur);
/* The wall clock was stepped: cancel-on-set timerfds wake with ECANCELED. */
void timerfd_clock_was_set(void);

#endif
