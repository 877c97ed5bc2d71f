/*
 * Clocks: the wall clock with Linux's NTP discipline (adjtimex), POSIX
 * clock IDs, timers on any clock, and sleeping on them.
 *
 * MONOTONIC is the virtual counter. REALTIME is MONOTONIC plus an offset:
 * the PL031 real-time clock read at boot sets it, settimeofday and
 * ADJ_SETOFFSET step it, and the NTP state slews it second by second as
 * kernel/time/ntp.c does (frequency, PLL phase offset, adjtime). Unlike
 * Linux, MONOTONIC is never slewed: it stays equal to MONOTONIC_RAW, so
 * timer deadlines convert to counter ticks exactly. Leap seconds (STA_INS,
 * STA_DEL) are recorded but never inserted.
 */
#include "fdt.h"
#include "irq.h"
#include "ktime.h"
#include "lib.h"
#include "proc.h"
#include "spinlock.h"
#include "abi/linux/errno.h"
#include "abi/linux/time.h"

#define USER_HZ 100
#define NTP_SCALE_SHIFT 32
#define SHIFT_PLL 2
#define SHIFT_FLL 2
#define SHIFT_USEC 16
#define MAXPHASE 500000000L
#define MAXFREQ 500000L
#define MAXFREQ_SCALED ((s64)MAXFREQ << NTP_SCALE_SHIFT)
#define MINSEC 256
#define MAXSEC 2048
#define MAXTC 10
#define MAX_TICKADJ 500L /* usecs of adjtime per second */
#define MAX_TAI_OFFSET 100000
#define TICK_USEC (USEC_PER_SEC / USER_HZ)
#define PPM_SCALE ((s64)NSEC_PER_USEC << (NTP_SCALE_SHIFT - SHIFT_USEC))
#define PPM_SCALE_INV_SHIFT 19
#define PPM_SCALE_INV \
	((1LL << (PPM_SCALE_INV_SHIFT + NTP_SCALE_SHIFT)) / PPM_SCALE + 1)
#define NTP_PHASE_LIMIT ((MAXPHASE / NSEC_PER_USEC) << 5)
/* timespec64_valid_settod: KTIME_SEC_MAX less 30 years of uptime. */
#define SETTOD_SEC_MAX (9223372036L - 30L * 365 * 24 * 3600)
/* Seconds advanced one by one before a long gap is folded in at once. */
#define NTP_MAX_STEPS 4096

static s64 shift_right(s64 x, int s)
{
	return x < 0 ? -((-x) >> s) : x >> s;
}

/*
 * time_lock protects ntp, sys_tz and wall_timers. Order: proc_lock, then
 * time_lock, then timer_lock; nothing takes proc_lock under time_lock.
 */
static struct spinlock time_lock = SPINLOCK_INIT("time");

/*
 * The wall clock is MONOTONIC + real_base + (what this second adds so far).
 * A "second" starts at anchor (MONOTONIC ns); over it the wall clock gains
 * second_adj (ns << NTP_SCALE_SHIFT) on top of the elapsed time, as Linux's
 * tick_length does over its second.
 */
static struct {
	s64 real_base;    /* ns */
	u64 frac;         /* sub-ns part of real_base, << NTP_SCALE_SHIFT */
	u64 anchor;       /* MONOTONIC ns where this second began */
	s64 second_adj;   /* scaled ns the wall clock gains over this second */
	int state;        /* TIME_* */
	int status;       /* STA_* */
	s64 offset;       /* PLL phase offset left to apply, scaled ns */
	s64 freq;         /* frequency offset, scaled ns per second */
	long constant;    /* PLL time constant */
	long maxerror, esterror; /* usecs */
	long tick_usec;   /* USER_HZ tick length */
	long adjust;      /* adjtime(3) usecs left to apply */
	s64 reftime;      /* wall clock seconds at the last ADJ_OFFSET */
	int tai;          /* TAI - UTC, seconds */
} ntp = {
	.state = TIME_OK,
	.status = STA_UNSYNC,
	.constant = 2,
	.maxerror = NTP_PHASE_LIMIT,
	.esterror = NTP_PHASE_LIMIT,
	.tick_usec = TICK_USEC,
};

static struct linux_timezone sys_tz;
static bool sys_tz_set;
static LIST_HEAD(wall_timers); /* armed REAL and TAI clock_timers */

/* The scaled ns per second that tick length and frequency add. */
static s64 ntp_base_adj(void)
{
	s64 len = (s64)ntp.tick_usec * NSEC_PER_USEC * USER_HZ;

	return ((len - NSEC_PER_SEC) << NTP_SCALE_SHIFT) + ntp.freq;
}

/* Linux's second_overflow(), less leap seconds: sets the next second's adj. */
static void ntp_second_overflow(void)
{
	s64 adj = ntp_base_adj(), delta;

	ntp.maxerror += MAXFREQ / NSEC_PER_USEC;
	if (ntp.maxerror > NTP_PHASE_LIMIT) {
		ntp.maxerror = NTP_PHASE_LIMIT;
		ntp.status |= STA_UNSYNC;
	}
	delta = shift_right(ntp.offset, SHIFT_PLL + ntp.constant);
	ntp.offset -= delta;
	adj += delta;
	if (ntp.adjust > MAX_TICKADJ) {
		ntp.adjust -= MAX_TICKADJ;
		adj += (MAX_TICKADJ * NSEC_PER_USEC) << NTP_SCALE_SHIFT;
	} else if (ntp.adjust < -MAX_TICKADJ) {
		ntp.adjust += MAX_TICKADJ;
		adj -= (MAX_TICKADJ * NSEC_PER_USEC) << NTP_SCALE_SHIFT;
	} else {
		adj += (ntp.adjust * NSEC_PER_USEC) << NTP_SCALE_SHIFT;
		ntp.adjust = 0;
	}
	ntp.second_adj = adj;
}

static void add_scaled(__int128 scaled)
{
	__int128 total = scaled + ntp.frac;

	ntp.real_base += (s64)(total >> NTP_SCALE_SHIFT);
	ntp.frac = (u64)(total & 0xffffffffUL);
}

/* Closes every second that ended before mono. Caller holds time_lock. */
static void ntp_advance(u64 mono)
{
	int steps = 0;

	while (mono - ntp.anchor >= NSEC_PER_SEC) {
		add_scaled(ntp.second_adj);
		ntp.anchor += NSEC_PER_SEC;
		ntp_second_overflow();
		if (!ntp.offset && !ntp.adjust) {
			/* Steady state: every later second adds the same. */
			u64 k = (mono - ntp.anchor) / NSEC_PER_SEC;

			add_scaled((__int128)ntp.second_adj * k);
			ntp.anchor += k * NSEC_PER_SEC;
			if (k && ntp.maxerror + (MAXFREQ / NSEC_PER_USEC) *
						 (s64)MIN(k, 1UL << 32) >
					 NTP_PHASE_LIMIT) {
				ntp.maxerror = NTP_PHASE_LIMIT;
				ntp.status |= STA_UNSYNC;
			} else {
				ntp.maxerror += (MAXFREQ / NSEC_PER_USEC) * k;
			}
			break;
		}
		if (++steps == NTP_MAX_STEPS) {
			/* A long idle gap: what is left has been applied by now. */
			add_scaled((__int128)ntp.offset +
				   ((__int128)ntp.adjust * NSEC_PER_USEC
				    << NTP_SCALE_SHIFT));
			ntp.offset = 0;
			ntp.adjust = 0;
		}
	}
}

/* realtime - monotonic at mono. Caller holds time_lock. */
static s64 real_offset_locked(u64 mono)
{
	__int128 part;

	/* Readers sample the counter under time_lock, never before a rebase. */
	if ((s64)(mono - ntp.anchor) < 0)
		mono = ntp.anchor;
	ntp_advance(mono);
	part = (__int128)ntp.second_adj * (s64)(mono - ntp.anchor) /
	       NSEC_PER_SEC;
	return ntp.real_base + (s64)((part + ntp.frac) >> NTP_SCALE_SHIFT);
}

/* Starts a new second at mono, keeping the wall clock where it is. */
static void ntp_rebase(u64 mono)
{
	s64 off = real_offset_locked(mono);
	s64 elapsed = mono - ntp.anchor;

	/* What is left of this second's adjustment carries over. */
	ntp.second_adj -= (s64)((__int128)ntp.second_adj * elapsed /
				NSEC_PER_SEC);
	ntp.real_base = off;
	ntp.frac = 0;
	ntp.anchor = mono;
}

/* ntp_clear(): what a step of the clock does to the NTP state. */
static void ntp_clear(void)
{
	ntp.adjust = 0;
	ntp.status |= STA_UNSYNC;
	ntp.maxerror = NTP_PHASE_LIMIT;
	ntp.esterror = NTP_PHASE_LIMIT;
	ntp.offset = 0;
	ntp.second_adj = ntp_base_adj();
}

void time_init(void)
{
	struct fdt_node n;
	u64 base, size;
	volatile u32 *rtc;

	ntp.second_adj = ntp_base_adj();
	if (!fdt_find_compatible("arm,pl031", &n) || !fdt_reg(&n, 0, &base, &size))
		return;
	rtc = ioremap(base, size);
	if (rtc)
		ntp.real_base = (s64)rtc[0] * NSEC_PER_SEC -
				(s64)ticks_to_ns(timer_now());
}

u64 ktime_get_ns(void)
{
	return ticks_to_ns(timer_now());
}

s64 ktime_get_real_ns(void)
{
	u64 mono;
	s64 off;

	spin_lock(&time_lock);
	mono = ktime_get_ns();
	off = real_offset_locked(mono);
	spin_unlock(&time_lock);
	return (s64)mono + off;
}

void ktime_get_real(struct linux_timespec *ts)
{
	s64 ns = ktime_get_real_ns();

	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

static u64 ns_to_deadline(s64 mono)
{
	u64 t;

	if (mono <= 0)
		return 1;
	t = ns_to_ticks(mono);
	if (ticks_to_ns(t) < (u64)mono)
		t++;
	return t;
}

/* Re-arms the wall clock timers after a step of the wall clock. */
static void clock_was_set(void)
{
	struct clock_timer *ct;
	s64 off;

	spin_lock(&time_lock);
	off = real_offset_locked(ktime_get_ns());
	list_for_each_entry(ct, &wall_timers, wall_link) {
		s64 at = ct->expires - off;

		if (ct->clock.base == CLOCK_BASE_TAI)
			at -= (s64)ntp.tai * NSEC_PER_SEC;
		ktimer_add(&ct->kt, ns_to_deadline(at));
	}
	spin_unlock(&time_lock);
	timerfd_clock_was_set();
}

/* Steps the wall clock to ns; Linux refuses a time before boot. */
static int set_real_locked(s64 ns)
{
	u64 mono = ktime_get_ns();
	int err = 0;

	real_offset_locked(mono);
	if (ns < (s64)mono) {
		err = -EINVAL;
	} else {
		ntp.real_base = ns - (s64)mono;
		ntp.frac = 0;
		ntp.anchor = mono;
	}
	/* Linux clears the NTP state even when it refuses. */
	ntp_clear();
	return err;
}

void ktime_set_real_ns(s64 ns)
{
	spin_lock(&time_lock);
	set_real_locked(ns);
	spin_unlock(&time_lock);
	clock_was_set();
}

static bool settod_valid(s64 sec, s64 nsec)
{
	return sec >= 0 && sec <= SETTOD_SEC_MAX && nsec >= 0 &&
	       nsec < NSEC_PER_SEC;
}

static bool capable_sys_time(void)
{
	struct process *p = current_proc();

	return !p || p->euid == 0;
}

/* timekeeping_inject_offset(): steps the wall clock by delta ns. */
static int inject_offset(s64 delta)
{
	u64 mono;
	s64 now;
	int err;

	spin_lock(&time_lock);
	mono = ktime_get_ns();
	now = (s64)mono + real_offset_locked(mono);
	if (!settod_valid((now + delta) / NSEC_PER_SEC, 0) ||
	    now + delta < (s64)mono) {
		ntp_clear();
		err = -EINVAL;
	} else {
		err = set_real_locked(now + delta);
	}
	spin_unlock(&time_lock);
	clock_was_set();
	return err;
}

int do_settimeofday(const struct linux_timespec *ts,
		    const struct linux_timezone *tz)
{
	bool warp = false;
	int err;

	if (ts && !settod_valid(ts->tv_sec, ts->tv_nsec))
		return -EINVAL;
	if (!capable_sys_time())
		return -EPERM;
	if (tz) {
		if (tz->tz_minuteswest > 15 * 60 || tz->tz_minuteswest < -15 * 60)
			return -EINVAL;
		spin_lock(&time_lock);
		sys_tz = *tz;
		/*
		 * The first time zone set without a time tells Linux that the
		 * hardware clock keeps local time: it warps the clock once.
		 */
		warp = !sys_tz_set && !ts && tz->tz_minuteswest;
		sys_tz_set = true;
		spin_unlock(&time_lock);
		if (warp)
			inject_offset((s64)tz->tz_minuteswest * 60 * NSEC_PER_SEC);
	}
	if (!ts)
		return 0;
	spin_lock(&time_lock);
	err = set_real_locked(ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec);
	spin_unlock(&time_lock);
	clock_was_set();
	return err;
}

void get_timezone(struct linux_timezone *tz)
{
	spin_lock(&time_lock);
	*tz = sys_tz;
	spin_unlock(&time_lock);
}

/* timekeeping_validate_timex(). */
static int adjtimex_validate(const struct linux_timex *tx)
{
	if (tx->modes & ADJ_ADJTIME) {
		/* Single-shot adjtime must not be mixed with other modes. */
		if (!(tx->modes & ADJ_OFFSET_SINGLESHOT))
			return -EINVAL;
		if (!(tx->modes & ADJ_OFFSET_READONLY) && !capable_sys_time())
			return -EPERM;
	} else {
		if (tx->modes && !capable_sys_time())
			return -EPERM;
		/* A quartz off by more than 10% is broken. */
		if ((tx->modes & ADJ_TICK) &&
		    (tx->tick < 900000 / USER_HZ || tx->tick > 1100000 / USER_HZ))
			return -EINVAL;
	}
	if (tx->modes & ADJ_SETOFFSET) {
		if (!capable_sys_time())
			return -EPERM;
		if (tx->time.tv_usec < 0)
			return -EINVAL;
		if (tx->time.tv_usec >= ((tx->modes & ADJ_NANO) ? NSEC_PER_SEC :
								  USEC_PER_SEC))
			return -EINVAL;
	}
	if ((tx->modes & ADJ_FREQUENCY) &&
	    (tx->freq < INT64_MIN / PPM_SCALE || tx->freq > INT64_MAX / PPM_SCALE))
		return -EINVAL;
	return 0;
}

/* ntp_update_offset_fll(). */
static s64 ntp_offset_fll(s64 offset, s64 secs)
{
	ntp.status &= ~STA_MODE;
	if (secs < MINSEC)
		return 0;
	if (!(ntp.status & STA_FLL) && secs <= MAXSEC)
		return 0;
	ntp.status |= STA_MODE;
	return (offset << (NTP_SCALE_SHIFT - SHIFT_FLL)) / secs;
}

/* ntp_update_offset(): a new phase offset for the PLL (or FLL). */
static void ntp_update_offset(s64 offset, s64 now_sec)
{
	s64 freq_adj, secs;

	if (!(ntp.status & STA_PLL))
		return;
	if (!(ntp.status & STA_NANO)) {
		offset = MAX(MIN(offset, USEC_PER_SEC), -USEC_PER_SEC);
		offset *= NSEC_PER_USEC;
	}
	offset = MAX(MIN(offset, MAXPHASE), -MAXPHASE);
	secs = now_sec - ntp.reftime;
	if (ntp.status & STA_FREQHOLD)
		secs = 0;
	ntp.reftime = now_sec;
	freq_adj = ntp_offset_fll(offset, secs);
	/* A long gap between updates would make the PLL unstable. */
	if (secs > 1L << (SHIFT_PLL + 1 + ntp.constant))
		secs = 1L << (SHIFT_PLL + 1 + ntp.constant);
	freq_adj += (offset * secs)
		    << (NTP_SCALE_SHIFT - 2 * (SHIFT_PLL + 2 + ntp.constant));
	freq_adj = MIN(freq_adj + ntp.freq, MAXFREQ_SCALED);
	ntp.freq = MAX(freq_adj, -MAXFREQ_SCALED);
	ntp.offset = offset << NTP_SCALE_SHIFT;
}

/* process_adjtimex_modes(); returns true if the TAI offset changed. */
static bool adjtimex_modes(const struct linux_timex *tx, s64 now_sec)
{
	int old_tai = ntp.tai;

	if (tx->modes & ADJ_STATUS) {
		if ((ntp.status & STA_PLL) && !(tx->status & STA_PLL)) {
			ntp.state = TIME_OK;
			ntp.status = STA_UNSYNC;
		}
		/* Turning the PLL on starts its reference time now. */
		if (!(ntp.status & STA_PLL) && (tx->status & STA_PLL))
			ntp.reftime = now_sec;
		ntp.status &= STA_RONLY;
		ntp.status |= tx->status & ~STA_RONLY;
	}
	if (tx->modes & ADJ_NANO)
		ntp.status |= STA_NANO;
	if (tx->modes & ADJ_MICRO)
		ntp.status &= ~STA_NANO;
	if (tx->modes & ADJ_FREQUENCY) {
		ntp.freq = tx->freq * PPM_SCALE;
		ntp.freq = MAX(MIN(ntp.freq, MAXFREQ_SCALED), -MAXFREQ_SCALED);
	}
	if (tx->modes & ADJ_MAXERROR)
		ntp.maxerror = MAX(MIN(tx->maxerror, NTP_PHASE_LIMIT), 0L);
	if (tx->modes & ADJ_ESTERROR)
		ntp.esterror = MAX(MIN(tx->esterror, NTP_PHASE_LIMIT), 0L);
	if (tx->modes & ADJ_TIMECONST) {
		ntp.constant = MAX(MIN(tx->constant, (s64)MAXTC), 0L);
		if (!(ntp.status & STA_NANO))
			ntp.constant += 4;
		ntp.constant = MAX(MIN(ntp.constant, (long)MAXTC), 0L);
	}
	if ((tx->modes & ADJ_TAI) && tx->constant >= 0 &&
	    tx->constant <= MAX_TAI_OFFSET)
		ntp.tai = tx->constant;
	if (tx->modes & ADJ_OFFSET)
		ntp_update_offset(tx->offset, now_sec);
	if (tx->modes & ADJ_TICK)
		ntp.tick_usec = tx->tick;
	return ntp.tai != old_tai;
}

int do_adjtimex(struct linux_timex *tx)
{
	bool tai_changed = false;
	s64 old_base, now;
	u64 mono;
	int err, result;

	err = adjtimex_validate(tx);
	if (err)
		return err;
	if (tx->modes & ADJ_SETOFFSET) {
		s64 delta = tx->time.tv_usec;

		if (!(tx->modes & ADJ_NANO))
			delta *= NSEC_PER_USEC;
		err = inject_offset(tx->time.tv_sec * NSEC_PER_SEC + delta);
		if (err)
			return err;
	}

	spin_lock(&time_lock);
	mono = ktime_get_ns();
	now = (s64)mono + real_offset_locked(mono);
	old_base = ntp_base_adj();
	if (tx->modes & ADJ_ADJTIME) {
		long save = ntp.adjust;

		/* adjtime(3) is independent of the PLL. */
		if (!(tx->modes & ADJ_OFFSET_READONLY))
			ntp.adjust = tx->offset;
		tx->offset = save;
	} else {
		if (tx->modes)
			tai_changed = adjtimex_modes(tx, now / NSEC_PER_SEC);
		tx->offset = shift_right(ntp.offset, NTP_SCALE_SHIFT);
		if (!(ntp.status & STA_NANO))
			tx->offset /= NSEC_PER_USEC;
	}
	if (ntp_base_adj() != old_base) {
		/* A new frequency applies at once, as Linux's tick length. */
		ntp_rebase(mono);
		ntp.second_adj += ntp_base_adj() - old_base;
	}
	result = ntp.state;
	if (ntp.status & (STA_UNSYNC | STA_CLOCKERR))
		result = TIME_ERROR;
	tx->freq = shift_right((ntp.freq >> PPM_SCALE_INV_SHIFT) * PPM_SCALE_INV,
			       NTP_SCALE_SHIFT);
	tx->maxerror = ntp.maxerror;
	tx->esterror = ntp.esterror;
	tx->status = ntp.status;
	tx->constant = ntp.constant;
	tx->precision = 1;
	tx->tolerance = MAXFREQ_SCALED / PPM_SCALE;
	tx->tick = ntp.tick_usec;
	tx->tai = ntp.tai;
	/* No PPS signal: its fields stay zero. */
	tx->ppsfreq = tx->jitter = tx->stabil = 0;
	tx->jitcnt = tx->calcnt = tx->errcnt = tx->stbcnt = 0;
	tx->shift = 0;
	tx->time.tv_sec = now / NSEC_PER_SEC;
	tx->time.tv_usec = now % NSEC_PER_SEC;
	if (!(ntp.status & STA_NANO))
		tx->time.tv_usec /= NSEC_PER_USEC;
	spin_unlock(&time_lock);
	if (tai_changed)
		clock_was_set();
	return result;
}

/* Clock IDs. */

struct clock_desc {
	u8 base;
	bool coarse;
	bool cpu_thread; /* CLOCK_THREAD_CPUTIME_ID */
	u8 ops;          /* enum clock_op */
};

#define TIMER_OPS (CLOCK_OP_GET | CLOCK_OP_NSLEEP | CLOCK_OP_TIMER)

/* Linux's posix_clocks[] table; id 10 is unused. */
static const struct clock_desc clock_table[] = {
	[CLOCK_REALTIME] = { CLOCK_BASE_REAL, false, false,
			     TIMER_OPS | CLOCK_OP_SET | CLOCK_OP_ADJ },
	[CLOCK_MONOTONIC] = { CLOCK_BASE_MONO, false, false, TIMER_OPS },
	[CLOCK_PROCESS_CPUTIME_ID] = { CLOCK_BASE_CPU, false, false, TIMER_OPS },
	[CLOCK_THREAD_CPUTIME_ID] = { CLOCK_BASE_CPU, false, true,
				      CLOCK_OP_GET | CLOCK_OP_TIMER },
	[CLOCK_MONOTONIC_RAW] = { CLOCK_BASE_MONO, false, false, CLOCK_OP_GET },
	[CLOCK_REALTIME_COARSE] = { CLOCK_BASE_REAL, true, false, CLOCK_OP_GET },
	[CLOCK_MONOTONIC_COARSE] = { CLOCK_BASE_MONO, true, false, CLOCK_OP_GET },
	[CLOCK_BOOTTIME] = { CLOCK_BASE_MONO, false, false, TIMER_OPS },
	[CLOCK_REALTIME_ALARM] = { CLOCK_BASE_REAL, false, false, TIMER_OPS },
	[CLOCK_BOOTTIME_ALARM] = { CLOCK_BASE_MONO, false, false, TIMER_OPS },
	[CLOCK_TAI] = { CLOCK_BASE_TAI, false, false, TIMER_OPS },
};

static struct thread *find_thread(int tid)
{
	struct process *p;
	struct thread *t;

	list_for_each_entry(p, &all_procs, all_link) {
		list_for_each_entry(t, &p->threads, proc_link) {
			if (t->tid == tid)
				return t;
		}
	}
	return NULL;
}

/*
 * A CPU clock's target, as Linux's pid_for_clock(): pid 0 is the caller;
 * a thread clock must name a thread of the caller's process.
 */
static int cpu_clock_target(int clockid, struct kclock *k)
{
	int id = CPUCLOCK_PID(clockid);
	struct thread *t;
	int err = 0;

	if (CPUCLOCK_WHICH(clockid) >= CPUCLOCK_MAX)
		return -EINVAL;
	k->base = CLOCK_BASE_CPU;
	k->thread = CPUCLOCK_PERTHREAD(clockid);
	if (!id) {
		k->target = k->thread ? current_thread()->tid : current_proc()->pid;
		return 0;
	}
	k->target = id;
	spin_lock(&proc_lock);
	if (k->thread) {
		t = find_thread(id);
		if (!t || t->proc != current_proc())
			err = -EINVAL;
	} else if (id == current_thread()->tid) {
		k->target = current_proc()->pid;
	} else if (!proc_find(id)) {
		err = -EINVAL;
	}
	spin_unlock(&proc_lock);
	return err;
}

int clock_lookup(int clockid, int op, struct kclock *k)
{
	const struct clock_desc *d;
	int err;

	memset(k, 0, sizeof(*k));
	if (clockid < 0) {
		/* Dynamic clocks are file descriptors of posix clock devices. */
		if ((clockid & CLOCKFD_MASK) == CLOCKFD)
			return op & (CLOCK_OP_NSLEEP | CLOCK_OP_TIMER) ?
				       -EOPNOTSUPP : -EINVAL;
		if (op & CLOCK_OP_ADJ)
			return -EOPNOTSUPP;
		err = cpu_clock_target(clockid, k);
		if (err)
			return err;
		/* A CPU clock is never set; sleeping on one's own thread never ends. */
		if (op & CLOCK_OP_SET)
			return -EPERM;
		if ((op & CLOCK_OP_NSLEEP) && k->thread &&
		    k->target == current_thread()->tid)
			return -EINVAL;
		return 0;
	}
	if (clockid >= (int)ARRAY_SIZE(clock_table) ||
	    !clock_table[clockid].ops)
		return -EINVAL;
	d = &clock_table[clockid];
	if (!(d->ops & op))
		return -EOPNOTSUPP;
	k->base = d->base;
	k->coarse = d->coarse;
	/* Only plain CLOCK_REALTIME hrtimers turn relative times MONOTONIC. */
	k->rel_mono = clockid == CLOCK_REALTIME;
	k->alarm = clockid == CLOCK_REALTIME_ALARM ||
		   clockid == CLOCK_BOOTTIME_ALARM;
	if (d->base == CLOCK_BASE_CPU) {
		k->thread = d->cpu_thread;
		k->target = k->thread ? current_thread()->tid :
					current_proc()->pid;
	}
	return 0;
}

/* Ticks t has run, its current slice included. */
static u64 thread_cpu_ticks(struct thread *t, u64 now)
{
	u64 ticks = READ_ONCE(t->runtime);

	/*
	 * On one CPU nothing switches while interrupts are off, so on_cpu
	 * and switched_in agree with runtime. Across CPUs a thread being
	 * switched out may count its last slice twice for a moment.
	 */
	if (READ_ONCE(t->on_cpu))
		ticks += now - READ_ONCE(t->switched_in);
	return ticks;
}

static int cpu_clock_read(const struct kclock *k, s64 *ns)
{
	u64 now = timer_now(), ticks = 0;
	struct process *p;
	struct thread *t;
	int err = 0;

	spin_lock(&proc_lock);
	if (k->thread) {
		/* Most reads are of the caller's own clocks: no search. */
		t = current_proc() && k->target == current_thread()->tid ?
			    current_thread() : find_thread(k->target);
		if (t)
			ticks = thread_cpu_ticks(t, now);
		else
			err = -ESRCH;
	} else {
		p = current_proc() && k->target == current_proc()->pid ?
			    current_proc() : proc_find(k->target);
		if (p) {
			ticks = proc_runtime(p);
			list_for_each_entry(t, &p->threads, proc_link) {
				if (READ_ONCE(t->on_cpu))
					ticks += now - READ_ONCE(t->switched_in);
			}
		} else {
			err = -ESRCH;
		}
	}
	spin_unlock(&proc_lock);
	*ns = ticks_to_ns(ticks);
	return err;
}

/* The wall clock (base REAL or TAI) at MONOTONIC mono. */
static s64 wall_ns_locked(u8 base, u64 mono)
{
	s64 ns = (s64)mono + real_offset_locked(mono);

	if (base == CLOCK_BASE_TAI)
		ns += (s64)ntp.tai * NSEC_PER_SEC;
	return ns;
}

int kclock_read(const struct kclock *k, s64 *ns)
{
	u64 mono, coarse;

	if (k->base == CLOCK_BASE_CPU)
		return cpu_clock_read(k, ns);
	if (k->base == CLOCK_BASE_MONO) {
		mono = ktime_get_ns();
		/* Coarse clocks read the time of the last tick. */
		*ns = k->coarse ? mono - mono % TICK_NSEC : mono;
		return 0;
	}
	spin_lock(&time_lock);
	mono = ktime_get_ns();
	coarse = k->coarse ? mono - mono % TICK_NSEC : mono;
	*ns = wall_ns_locked(k->base, mono) - (s64)(mono - coarse);
	spin_unlock(&time_lock);
	return 0;
}

s64 kclock_res(const struct kclock *k)
{
	return k->coarse ? TICK_NSEC : 1;
}

/* Timers on clocks. */

/*
 * The MONOTONIC time at which ct's clock can first have reached expires.
 * Caller holds time_lock; cpu_now is the CPU clock's current reading.
 */
static s64 mono_deadline_locked(struct clock_timer *ct, s64 cpu_now)
{
	u64 mono = ktime_get_ns();

	switch (ct->clock.base) {
	case CLOCK_BASE_REAL:
	case CLOCK_BASE_TAI:
		return ct->expires - (wall_ns_locked(ct->clock.base, mono) -
				      (s64)mono);
	case CLOCK_BASE_CPU:
		/* CPU time runs no faster than the counter; poll per tick at most. */
		return (s64)mono + MAX(ct->expires - cpu_now, TICK_NSEC);
	default:
		return ct->expires;
	}
}

static void clock_timer_fire(struct ktimer *kt)
{
	struct clock_timer *ct = container_of(kt, struct clock_timer, kt);
	s64 now = 0;
	bool fire = false;
	int err = 0;

	if (ct->clock.base == CLOCK_BASE_CPU)
		err = cpu_clock_read(&ct->clock, &now);
	spin_lock(&time_lock);
	if (ct->armed) {
		if (ct->clock.base == CLOCK_BASE_REAL ||
		    ct->clock.base == CLOCK_BASE_TAI)
			now = wall_ns_locked(ct->clock.base, ktime_get_ns());
		else if (ct->clock.base == CLOCK_BASE_MONO)
			now = ktime_get_ns();
		if (err) {
			/* The thread or process it measures is gone. */
			ct->armed = false;
		} else if (now >= ct->expires) {
			ct->armed = false;
			list_del(&ct->wall_link);
			fire = true;
		} else {
			/* Early: a slewed wall clock, or CPU time not used yet. */
			ktimer_add(&ct->kt,
				   ns_to_deadline(mono_deadline_locked(ct, now)));
		}
	}
	spin_unlock(&time_lock);
	if (fire)
		ct->fn(ct);
}

void clock_timer_init(struct clock_timer *ct, const struct kclock *k,
		      void (*fn)(struct clock_timer *ct))
{
	memset(ct, 0, sizeof(*ct));
	list_init(&ct->kt.link);
	list_init(&ct->wall_link);
	ct->kt.fn = clock_timer_fire;
	ct->clock = *k;
	ct->fn = fn;
}

void clock_timer_arm(struct clock_timer *ct, s64 expires)
{
	s64 cpu_now = 0;

	if (ct->clock.base == CLOCK_BASE_CPU &&
	    cpu_clock_read(&ct->clock, &cpu_now)) {
		clock_timer_cancel(ct);
		return;
	}
	spin_lock(&time_lock);
	ct->expires = expires;
	ct->armed = true;
	if ((ct->clock.base == CLOCK_BASE_REAL ||
	     ct->clock.base == CLOCK_BASE_TAI) && list_empty(&ct->wall_link))
		list_add_tail(&ct->wall_link, &wall_timers);
	if (ct->clock.base == CLOCK_BASE_CPU && cpu_now >= expires)
		ktimer_add(&ct->kt, timer_now()); /* due now */
	else
		ktimer_add(&ct->kt,
			   ns_to_deadline(mono_deadline_locked(ct, cpu_now)));
	spin_unlock(&time_lock);
}

void clock_timer_cancel(struct clock_timer *ct)
{
	spin_lock(&time_lock);
	ct->armed = false;
	list_del(&ct->wall_link);
	ktimer_cancel(&ct->kt);
	spin_unlock(&time_lock);
}

/* Sleeping on a clock. */

struct sleeper {
	struct clock_timer ct;
	struct thread *t;
	bool done;
};

static void sleeper_wake(struct clock_timer *ct)
{
	struct sleeper *s = container_of(ct, struct sleeper, ct);

	WRITE_ONCE(s->done, true);
	wake_up_thread(s->t);
}

long do_clock_nanosleep(const struct kclock *k, bool abs, s64 t, s64 *left)
{
	struct sleeper s = { .t = current_thread() };
	struct kclock on = *k;
	long ret = 0;
	s64 now;

	/* Relative CLOCK_REALTIME sleeps ignore clock steps: MONOTONIC underneath. */
	if (!abs && on.rel_mono)
		on.base = CLOCK_BASE_MONO;
	if (kclock_read(&on, &now))
		return -EINVAL;
	if (!abs)
		t = now + MIN(t, INT64_MAX - now);
	else if (now >= t)
		return 0;
	clock_timer_init(&s.ct, &on, sleeper_wake);
	clock_timer_arm(&s.ct, t);
	for (;;) {
		current_thread()->state = TASK_INTERRUPTIBLE;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (READ_ONCE(s.done))
			break;
		if (signal_pending()) {
			ret = -ERESTARTNOHAND;
			break;
		}
		schedule();
	}
	current_thread()->state = TASK_RUNNING;
	clock_timer_cancel(&s.ct);
	if (ret && !abs && left) {
		if (kclock_read(&on, &now))
			now = t;
		*left = t - now;
		/* Linux reports success when the time ran out meanwhile. */
		if (*left <= 0)
			ret = 0;
	}
	return ret;
}
