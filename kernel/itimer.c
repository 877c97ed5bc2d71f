/*
 * A process's timers: the three interval timers of setitimer(2) and the
 * POSIX timers of timer_create(2), as kernel/time/itimer.c and
 * posix-timers.c have them.
 *
 * ITIMER_REAL counts MONOTONIC time and sends SIGALRM. ITIMER_VIRTUAL
 * (SIGVTALRM) and ITIMER_PROF (SIGPROF) count the process's CPU time;
 * Akuma does not tell user from system time, so both count all of it.
 * Like Linux, a CPU itimer starts one tick (4 ms) late and is checked at
 * most once a tick.
 *
 * Linux re-arms a periodic timer when its signal is dequeued and counts the
 * periods missed meanwhile as overruns. Akuma re-arms at expiry instead: an
 * expiry that finds the previous signal still pending adds one overrun
 * (written into the pending siginfo, as Linux's si_overrun), and while the
 * signal stays pending or ignored the timer is checked at most once a tick.
 * The signal carries si_code, the timer id and the overrun; si_value needs
 * a value slot in struct ksiginfo that the signal code does not have yet.
 *
 * Interval timers survive execve and POSIX timers do not; neither is
 * inherited by fork, and both stop at exit.
 */
#include "ktime.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "spinlock.h"
#include "abi/linux/errno.h"
#include "abi/linux/sigframe.h"
#include "abi/linux/signal.h"
#include "abi/linux/time.h"

struct cpu_itimer {
	struct clock_timer ct;     /* on the process's CPU clock */
	struct proc_timers *owner;
	int sig;                   /* SIGVTALRM or SIGPROF */
	s64 expires;               /* process CPU time ns; 0 = off */
	s64 incr;
};

struct posix_timer {
	struct list_head link;     /* proc_timers.posix; its lock */
	struct proc_timers *owner;
	int id;
	struct kclock clock;       /* what it was created on */
	bool rel_mono;             /* CLOCK_REALTIME: relative times on MONOTONIC */
	struct clock_timer ct;     /* armed on the clock of the last settime */
	int notify;                /* SIGEV_* */
	int signo;
	u64 value;                 /* sigev_value */
	int tid;                   /* SIGEV_THREAD_ID target */
	s64 interval;              /* ns; 0 for a one-shot timer */
	bool active;               /* set and not yet expired (or periodic) */
	bool queued;               /* its signal went out and may be pending */
	int overrun;               /* expiries while its signal was pending */
	int overrun_last;          /* what timer_getoverrun reports */
};

/*
 * Lock: lock protects every field and the timers' state. Order: lock,
 * then proc_lock, then the clock locks. Timer callbacks take lock.
 */
struct proc_timers {
	struct spinlock lock;
	struct process *proc;
	struct clock_timer real;   /* ITIMER_REAL, on MONOTONIC */
	s64 real_incr;
	struct cpu_itimer cpu[2];  /* ITIMER_VIRTUAL, ITIMER_PROF */
	struct list_head posix;    /* struct posix_timer */
	int next_id;
};

/*
 * Queues sig for the process, or for thread tid (> 0), with si_code code,
 * si_timerid/si_overrun id and overrun. Returns 1 if it is now pending,
 * 0 if it was ignored, -ESRCH if the thread is gone. *was_pending says
 * whether it already was. Caller holds proc_lock.
 */
static int send_timer_signal_locked(struct process *p, int tid, int sig,
				    int code, int id, int overrun,
				    bool *was_pending)
{
	struct thread *to = NULL, *t;
	u64 *pending = &p->sigpending;

	if (tid > 0) {
		list_for_each_entry(t, &p->threads, proc_link) {
			if (t->tid == tid)
				to = t;
		}
		if (!to)
			return -ESRCH;
		pending = &to->sigpending;
	}
	*was_pending = *pending & sigbit(sig);
	send_signal_to_locked(p, to, sig, code);
	if (!(*pending & sigbit(sig)))
		return 0;
	/* A timer's siginfo: si_timerid and si_overrun where kill's pid and uid are. */
	p->siginfo[sig - 1] = (struct ksiginfo){ code, id, (u32)overrun, 0 };
	return 1;
}

static void itimer_real_fire(struct clock_timer *ct);
static void cpu_itimer_fire(struct clock_timer *ct);

/* The process's timer state, created on first use; NULL if out of memory. */
static struct proc_timers *get_timers(void)
{
	struct process *p = current_proc();
	struct proc_timers *pt = READ_ONCE(p->timers);
	struct kclock mono = { .base = CLOCK_BASE_MONO };
	struct kclock cpu = { .base = CLOCK_BASE_CPU, .target = p->pid };

	if (pt)
		return pt;
	pt = kmalloc(sizeof(*pt));
	if (!pt)
		return NULL;
	spin_init(&pt->lock, "timers");
	pt->proc = p;
	clock_timer_init(&pt->real, &mono, itimer_real_fire);
	for (int i = 0; i < 2; i++) {
		clock_timer_init(&pt->cpu[i].ct, &cpu, cpu_itimer_fire);
		pt->cpu[i].owner = pt;
		pt->cpu[i].sig = i ? SIGPROF : SIGVTALRM;
	}
	list_init(&pt->posix);
	spin_lock(&proc_lock);
	if (p->timers) {
		/* Another thread of the process was first. */
		spin_unlock(&proc_lock);
		kfree(pt);
		return p->timers;
	}
	p->timers = pt;
	spin_unlock(&proc_lock);
	return pt;
}

/*
 * Moves a periodic timer's expiry past now, as hrtimer_forward(): returns
 * the number of periods it moved (the missed ones plus this one).
 */
static s64 forward(s64 *expires, s64 now, s64 interval)
{
	s64 n;

	if (now < *expires)
		return 0;
	n = (now - *expires) / interval + 1;
	if (*expires > INT64_MAX - n * interval)
		*expires = INT64_MAX; /* never again, in practice */
	else
		*expires += n * interval;
	return n;
}

/*
 * Re-arms a periodic timer after an expiry. When its signal did not go
 * through (still pending, or ignored) it is checked at most once a tick,
 * as Linux does for ignored timers, so a tiny interval cannot flood the
 * CPU with interrupts.
 */
static void rearm_periodic(struct clock_timer *ct, s64 interval,
			   bool delivered, int *overrun)
{
	s64 expires = ct->expires, now, n;

	if (kclock_read(&ct->clock, &now))
		return;
	n = forward(&expires, delivered || interval >= TICK_NSEC ?
				      now : now + TICK_NSEC, interval);
	if (overrun && n > 1)
		*overrun = (int)MIN((s64)*overrun + n - 1, (s64)INT32_MAX);
	clock_timer_arm(ct, expires);
}

static void itimer_real_fire(struct clock_timer *ct)
{
	struct proc_timers *pt = container_of(ct, struct proc_timers, real);
	bool was_pending;
	int queued;

	spin_lock(&pt->lock);
	spin_lock(&proc_lock);
	queued = send_timer_signal_locked(pt->proc, 0, SIGALRM, SI_KERNEL, 0,
					  0, &was_pending);
	spin_unlock(&proc_lock);
	if (pt->real_incr)
		rearm_periodic(ct, pt->real_incr, queued > 0 && !was_pending,
			       NULL);
	spin_unlock(&pt->lock);
}

static void cpu_itimer_fire(struct clock_timer *ct)
{
	struct cpu_itimer *it = container_of(ct, struct cpu_itimer, ct);
	struct proc_timers *pt = it->owner;
	bool was_pending;

	spin_lock(&pt->lock);
	if (it->expires) {
		spin_lock(&proc_lock);
		send_timer_signal_locked(pt->proc, 0, it->sig, SI_KERNEL, 0, 0,
					 &was_pending);
		spin_unlock(&proc_lock);
		/* Linux adds the interval to the old expiry, missed or not. */
		if (it->incr) {
			it->expires += it->incr;
			clock_timer_arm(ct, it->expires);
		} else {
			it->expires = 0;
		}
	}
	spin_unlock(&pt->lock);
}

static void ns_to_timeval(s64 ns, struct linux_timeval *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC;
}

static s64 timeval_to_ns(const struct linux_timeval *tv)
{
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * NSEC_PER_USEC;
}

/* Reads one interval timer. Caller holds pt->lock. */
static void get_itimer_locked(struct proc_timers *pt, int which,
			      struct linux_itimerval *val)
{
	s64 now, left = 0, incr;

	if (which == ITIMER_REAL) {
		incr = pt->real_incr;
		if (pt->real.armed) {
			kclock_read(&pt->real.clock, &now);
			/* An expired timer still armed reads as 1 us, as Linux's. */
			left = MAX(pt->real.expires - now, NSEC_PER_USEC);
		}
	} else {
		struct cpu_itimer *it = &pt->cpu[which - 1];

		incr = it->incr;
		if (it->expires) {
			kclock_read(&it->ct.clock, &now);
			left = it->expires <= now ? TICK_NSEC : it->expires - now;
		}
	}
	ns_to_timeval(left, &val->it_value);
	ns_to_timeval(incr, &val->it_interval);
}

long do_getitimer(int which, struct linux_itimerval *val)
{
	struct proc_timers *pt;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	memset(val, 0, sizeof(*val));
	pt = READ_ONCE(current_proc()->timers);
	if (!pt)
		return 0;
	spin_lock(&pt->lock);
	get_itimer_locked(pt, which, val);
	spin_unlock(&pt->lock);
	return 0;
}

static bool timeval_valid(const struct linux_timeval *tv)
{
	return tv->tv_sec >= 0 && (u64)tv->tv_usec < USEC_PER_SEC;
}

long do_setitimer(int which, const struct linux_itimerval *val,
		  struct linux_itimerval *old)
{
	s64 value = timeval_to_ns(&val->it_value);
	s64 incr = timeval_to_ns(&val->it_interval);
	struct proc_timers *pt;
	s64 now;

	if (!timeval_valid(&val->it_value) || !timeval_valid(&val->it_interval))
		return -EINVAL;
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	pt = get_timers();
	if (!pt)
		return -ENOMEM;
	spin_lock(&pt->lock);
	if (old)
		get_itimer_locked(pt, which, old);
	if (which == ITIMER_REAL) {
		clock_timer_cancel(&pt->real);
		pt->real_incr = value ? incr : 0;
		if (value) {
			kclock_read(&pt->real.clock, &now);
			clock_timer_arm(&pt->real, now + value);
		}
	} else {
		struct cpu_itimer *it = &pt->cpu[which - 1];

		clock_timer_cancel(&it->ct);
		it->expires = 0;
		it->incr = incr;
		if (value && !kclock_read(&it->ct.clock, &now)) {
			/* Linux starts a CPU itimer one tick late. */
			it->expires = now + value + TICK_NSEC;
			clock_timer_arm(&it->ct, it->expires);
		}
	}
	spin_unlock(&pt->lock);
	return 0;
}

/* POSIX timers. */

/* Whether t's last signal is still pending. Caller holds proc_lock. */
static bool signal_still_pending(struct posix_timer *t)
{
	struct process *p = t->owner->proc;
	struct ksiginfo *ki = &p->siginfo[t->signo - 1];
	u64 pending = p->sigpending;
	struct thread *th;

	if (!t->queued)
		return false;
	list_for_each_entry(th, &p->threads, proc_link)
		pending |= th->sigpending;
	return (pending & sigbit(t->signo)) && ki->code == SI_TIMER &&
	       ki->pid == t->id;
}

/* Notes that t's last signal was delivered. Caller holds both locks. */
static void settle_overrun(struct posix_timer *t)
{
	if (t->queued && !signal_still_pending(t)) {
		t->overrun_last = t->overrun;
		t->overrun = 0;
		t->queued = false;
	}
}

static void posix_timer_fire(struct clock_timer *ct)
{
	struct posix_timer *t = container_of(ct, struct posix_timer, ct);
	struct proc_timers *pt = t->owner;
	bool was_pending, delivered = false;
	int sent;

	spin_lock(&pt->lock);
	if (!t->active) {
		spin_unlock(&pt->lock);
		return;
	}
	spin_lock(&proc_lock);
	if (signal_still_pending(t)) {
		t->overrun = (int)MIN((s64)t->overrun + 1, (s64)INT32_MAX);
		pt->proc->siginfo[t->signo - 1].uid = t->overrun;
		sent = 1;
	} else {
		settle_overrun(t);
		sent = send_timer_signal_locked(pt->proc, t->tid, t->signo,
						SI_TIMER, t->id, 0,
						&was_pending);
		t->queued = sent > 0;
		delivered = sent > 0 && !was_pending;
	}
	spin_unlock(&proc_lock);
	/* A timer whose thread is gone stops, as Linux's. */
	if (t->interval && sent >= 0) {
		rearm_periodic(ct, t->interval, delivered, &t->overrun);
		if (t->queued && t->overrun) {
			spin_lock(&proc_lock);
			if (signal_still_pending(t))
				pt->proc->siginfo[t->signo - 1].uid = t->overrun;
			spin_unlock(&proc_lock);
		}
	} else {
		t->active = false;
	}
	spin_unlock(&pt->lock);
}

/* Caller holds pt->lock. */
static struct posix_timer *find_timer(struct proc_timers *pt, int id)
{
	struct posix_timer *t;

	list_for_each_entry(t, &pt->posix, link) {
		if (t->id == id)
			return t;
	}
	return NULL;
}

/* Linux's good_sigevent(). Caller holds proc_lock. */
static int check_sigevent(const struct linux_sigevent *ev)
{
	struct thread *th;
	bool found = false;

	switch (ev->sigev_notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID:
		list_for_each_entry(th, &current_proc()->threads, proc_link) {
			if (th->tid == ev->un._tid)
				found = true;
		}
		if (!found)
			return -EINVAL;
		/* FALLTHROUGH */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev->sigev_signo <= 0 || ev->sigev_signo > _NSIG)
			return -EINVAL;
		/* FALLTHROUGH */
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

long posix_timer_create(int clockid, const struct linux_sigevent *ev)
{
	struct proc_timers *pt;
	struct posix_timer *t;
	struct kclock k;
	int err, first;

	err = clock_lookup(clockid, CLOCK_OP_TIMER, &k);
	if (err)
		return err;
	pt = get_timers();
	t = kmalloc(sizeof(*t));
	if (!pt || !t) {
		kfree(t);
		return -EAGAIN;
	}
	t->owner = pt;
	t->clock = k;
	t->rel_mono = k.rel_mono;
	clock_timer_init(&t->ct, &k, posix_timer_fire);

	spin_lock(&pt->lock);
	/* Ids count up per process, skipping ones in use; failures use one up too. */
	first = pt->next_id;
	do {
		t->id = pt->next_id;
		if (++pt->next_id < 0)
			pt->next_id = 0;
		if (!find_timer(pt, t->id))
			break;
		if (pt->next_id == first) {
			spin_unlock(&pt->lock);
			kfree(t);
			return -EAGAIN;
		}
	} while (1);
	if (ev) {
		spin_lock(&proc_lock);
		err = check_sigevent(ev);
		spin_unlock(&proc_lock);
		if (err) {
			spin_unlock(&pt->lock);
			kfree(t);
			return err;
		}
		t->notify = ev->sigev_notify;
		t->signo = ev->sigev_signo;
		t->value = ev->sigev_value;
		t->tid = ev->sigev_notify & SIGEV_THREAD_ID ? ev->un._tid : 0;
	}
	/* Alarm timers need CAP_WAKE_ALARM, which root has. */
	if (k.alarm && current_proc()->euid != 0) {
		spin_unlock(&pt->lock);
		kfree(t);
		return -EPERM;
	}
	if (!ev) {
		t->notify = SIGEV_SIGNAL;
		t->signo = SIGALRM;
		t->value = t->id;
	}
	list_add_tail(&t->link, &pt->posix);
	spin_unlock(&pt->lock);
	return t->id;
}

static void posix_timer_free(struct posix_timer *t)
{
	clock_timer_cancel(&t->ct);
	list_del(&t->link);
	kfree(t);
}

void posix_timer_discard(int id)
{
	posix_timer_delete(id);
}

/* The timer of id, with pt->lock held; NULL (lock not held) if none. */
static struct posix_timer *lock_timer(int id, struct proc_timers **ptp)
{
	struct proc_timers *pt = READ_ONCE(current_proc()->timers);
	struct posix_timer *t;

	if (!pt || id < 0)
		return NULL;
	spin_lock(&pt->lock);
	t = find_timer(pt, id);
	if (!t) {
		spin_unlock(&pt->lock);
		return NULL;
	}
	*ptp = pt;
	return t;
}

static void ns_to_timespec(s64 ns, struct linux_timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

/* common_timer_get(). Caller holds pt->lock. */
static void timer_get_locked(struct posix_timer *t, struct linux_itimerspec *cur)
{
	bool none = t->notify == SIGEV_NONE;
	s64 now, left;

	memset(cur, 0, sizeof(*cur));
	ns_to_timespec(t->interval, &cur->it_interval);
	if (!t->active)
		return;
	if (kclock_read(&t->ct.clock, &now))
		return;
	/* SIGEV_NONE timers are never armed: move them along here. */
	if (none && t->interval)
		forward(&t->ct.expires, now, t->interval);
	left = t->ct.expires - now;
	if (left > 0)
		ns_to_timespec(left, &cur->it_value);
	else if (!none)
		cur->it_value.tv_nsec = 1; /* expired, its signal not yet out */
}

long posix_timer_gettime(int id, struct linux_itimerspec *cur)
{
	struct proc_timers *pt;
	struct posix_timer *t = lock_timer(id, &pt);

	if (!t)
		return -EINVAL;
	timer_get_locked(t, cur);
	spin_unlock(&pt->lock);
	return 0;
}

static s64 timespec_to_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

long posix_timer_settime(int id, int flags, const struct linux_itimerspec *v,
			 struct linux_itimerspec *old)
{
	struct proc_timers *pt;
	struct posix_timer *t;
	s64 value = timespec_to_ns(&v->it_value), now;
	bool abs = flags & TIMER_ABSTIME;
	struct kclock on;

	t = lock_timer(id, &pt);
	if (!t)
		return -EINVAL;
	if (old)
		timer_get_locked(t, old);
	clock_timer_cancel(&t->ct);
	t->active = false;
	t->interval = 0;
	t->overrun_last = 0;
	t->overrun = 0;
	t->queued = false;
	if (!value) {
		spin_unlock(&pt->lock);
		return 0;
	}
	/* Relative CLOCK_REALTIME timers ignore clock steps: MONOTONIC underneath. */
	on = t->clock;
	if (!abs && t->rel_mono)
		on.base = CLOCK_BASE_MONO;
	t->ct.clock = on;
	t->interval = timespec_to_ns(&v->it_interval);
	if (!abs) {
		if (kclock_read(&on, &now)) {
			spin_unlock(&pt->lock);
			return -ESRCH;
		}
		value = now + MIN(value, INT64_MAX - now);
	}
	t->active = true;
	if (t->notify == SIGEV_NONE)
		t->ct.expires = value;
	else
		clock_timer_arm(&t->ct, value);
	spin_unlock(&pt->lock);
	return 0;
}

long posix_timer_getoverrun(int id)
{
	struct proc_timers *pt;
	struct posix_timer *t = lock_timer(id, &pt);
	int overrun;

	if (!t)
		return -EINVAL;
	spin_lock(&proc_lock);
	settle_overrun(t);
	spin_unlock(&proc_lock);
	overrun = t->overrun_last;
	spin_unlock(&pt->lock);
	return overrun;
}

long posix_timer_delete(int id)
{
	struct proc_timers *pt;
	struct posix_timer *t = lock_timer(id, &pt);

	if (!t)
		return -EINVAL;
	posix_timer_free(t);
	spin_unlock(&pt->lock);
	return 0;
}

void posix_timers_exec(struct process *p)
{
	struct proc_timers *pt = p->timers;
	struct posix_timer *t, *n;

	if (!pt)
		return;
	spin_lock(&pt->lock);
	list_for_each_entry_safe(t, n, &pt->posix, link)
		posix_timer_free(t);
	spin_unlock(&pt->lock);
}

void timers_exit(struct process *p)
{
	struct proc_timers *pt = p->timers;

	if (!pt)
		return;
	posix_timers_exec(p);
	spin_lock(&pt->lock);
	clock_timer_cancel(&pt->real);
	clock_timer_cancel(&pt->cpu[0].ct);
	clock_timer_cancel(&pt->cpu[1].ct);
	spin_unlock(&pt->lock);
	/* With one CPU no callback can still be running on another. */
	spin_lock(&proc_lock);
	p->timers = NULL;
	spin_unlock(&proc_lock);
	kfree(pt);
}
