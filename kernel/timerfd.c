/*
 * timerfd: a timer behind a descriptor, as fs/timerfd.c. Each expiry adds
 * one to a counter that read takes (8 bytes) and poll reports as POLLIN.
 * A periodic timer is re-armed by read and timerfd_gettime, not at each
 * expiry, so a tiny interval costs one interrupt per read: the periods
 * that passed meanwhile are counted from the clock.
 *
 * An absolute CLOCK_REALTIME timer set with TFD_TIMER_CANCEL_ON_SET is
 * cancelled by a step of the wall clock: its next read fails with
 * ECANCELED.
 */
#include "ktime.h"
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/time.h"

/*
 * Lock: lock protects every field but cancel_link, which cancel_lock
 * protects. Order: cancel_lock, lock, then the clock locks.
 */
struct timerfd_ctx {
	struct spinlock lock;
	struct clock_timer ct;
	struct kclock clock;
	int clockid;
	s64 expires;       /* on ct's clock; 0 when disarmed */
	s64 interval;
	u64 ticks;         /* expiries not read yet */
	bool expired;      /* fired and not re-armed yet */
	bool might_cancel; /* on cancel_list */
	bool canceled;     /* the wall clock was stepped since */
	struct list_head cancel_link;
	struct waitq wq;   /* readers and pollers */
};

static struct spinlock cancel_lock = SPINLOCK_INIT("timerfd_cancel");
static LIST_HEAD(cancel_list);

static const struct file_ops timerfd_fops;

static void timerfd_fire(struct clock_timer *ct)
{
	struct timerfd_ctx *ctx = container_of(ct, struct timerfd_ctx, ct);

	spin_lock(&ctx->lock);
	ctx->expired = true;
	ctx->ticks++;
	spin_unlock(&ctx->lock);
	wake_up_key(&ctx->wq, POLLIN);
}

/* Consumes a pending cancellation. Caller holds ctx->lock. */
static bool timerfd_canceled(struct timerfd_ctx *ctx)
{
	if (!ctx->might_cancel || !ctx->canceled)
		return false;
	ctx->canceled = false;
	return true;
}

/*
 * Re-arms an expired periodic timer for its next period after now and
 * returns how many periods passed (the one that fired included).
 */
static u64 timerfd_forward(struct timerfd_ctx *ctx)
{
	s64 now, n;

	if (kclock_read(&ctx->ct.clock, &now) || now < ctx->expires)
		return 1;
	n = (now - ctx->expires) / ctx->interval + 1;
	ctx->expires += n * ctx->interval;
	clock_timer_arm(&ctx->ct, ctx->expires);
	return n;
}

static ssize_t timerfd_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	struct timerfd_ctx *ctx = f->private;
	u64 ticks = 0;
	long res = 0;

	if (n < sizeof(ticks))
		return -EINVAL;
	if (f->flags & O_NONBLOCK)
		res = -EAGAIN;
	else
		res = wait_event_interruptible(ctx->wq, READ_ONCE(ctx->ticks));
	spin_lock(&ctx->lock);
	/* After a clock step the caller must look again: no ticks, no re-arm. */
	if (timerfd_canceled(ctx)) {
		ctx->ticks = 0;
		ctx->expired = false;
		res = -ECANCELED;
	}
	if (ctx->ticks) {
		ticks = ctx->ticks;
		if (ctx->expired && ctx->interval)
			ticks += timerfd_forward(ctx) - 1;
		ctx->expired = false;
		ctx->ticks = 0;
	}
	spin_unlock(&ctx->lock);
	if (ticks)
		res = copy_to_user(ubuf, &ticks, sizeof(ticks)) ? -EFAULT :
								   (long)sizeof(ticks);
	return res;
}

static u32 timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd_ctx *ctx = f->private;

	poll_wait(f, &ctx->wq, pt);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return READ_ONCE(ctx->ticks) ? POLLIN : 0;
}

static long timerfd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct timerfd_ctx *ctx = f->private;
	long err = 0;
	u64 ticks;

	/* TFD_IOC_SET_TICKS, for checkpoint/restore. */
	if (cmd != TFD_IOC_SET_TICKS)
		return -ENOTTY;
	if (copy_from_user(&ticks, (void *)arg, sizeof(ticks)))
		return -EFAULT;
	if (!ticks)
		return -EINVAL;
	spin_lock(&ctx->lock);
	if (timerfd_canceled(ctx))
		err = -ECANCELED;
	else
		ctx->ticks = ticks;
	spin_unlock(&ctx->lock);
	if (!err)
		wake_up_key(&ctx->wq, POLLIN);
	return err;
}

/* Linux's noop_llseek: the position never moves and seeking is no error. */
static off_t timerfd_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static void timerfd_release(struct file *f)
{
	struct timerfd_ctx *ctx = f->private;

	spin_lock(&cancel_lock);
	list_del(&ctx->cancel_link);
	spin_unlock(&cancel_lock);
	clock_timer_cancel(&ctx->ct);
	kfree(ctx);
}

static const struct file_ops timerfd_fops = {
	.read = timerfd_read,
	.llseek = timerfd_llseek,
	.ioctl = timerfd_ioctl,
	.poll = timerfd_poll,
	.release = timerfd_release,
	.anon_name = "[timerfd]",
};

static bool is_alarm(int clockid)
{
	return clockid == CLOCK_REALTIME_ALARM || clockid == CLOCK_BOOTTIME_ALARM;
}

long timerfd_create(int clockid, int flags)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	struct kclock k;
	int fd;

	if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) ||
	    (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME &&
	     clockid != CLOCK_BOOTTIME && !is_alarm(clockid)))
		return -EINVAL;
	/* CAP_WAKE_ALARM, which root has. */
	if (is_alarm(clockid) && current_proc()->euid != 0)
		return -EPERM;
	if (clock_lookup(clockid, CLOCK_OP_TIMER, &k))
		return -EINVAL;
	ctx = kmalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	spin_init(&ctx->lock, "timerfd");
	waitq_init(&ctx->wq);
	list_init(&ctx->cancel_link);
	ctx->clock = k;
	ctx->clockid = clockid;
	clock_timer_init(&ctx->ct, &k, timerfd_fire);
	f = file_alloc(&timerfd_fops, NULL, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(ctx);
		return -ENOMEM;
	}
	f->private = ctx;
	fd = fd_install(f, 0, flags & TFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* The timerfd behind fd with a reference, or NULL and *err. */
static struct file *timerfd_get(int fd, long *err)
{
	struct file *f = fd_get(fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &timerfd_fops) {
		file_put(f);
		*err = -EINVAL;
		return NULL;
	}
	return f;
}

static void ns_to_timespec(s64 ns, struct linux_timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

/* What is left of the current period. Caller holds ctx->lock. */
static void timerfd_get_locked(struct timerfd_ctx *ctx,
			       struct linux_itimerspec *cur)
{
	s64 now, left = 0;

	if (ctx->expires && !kclock_read(&ctx->ct.clock, &now))
		left = MAX(ctx->expires - now, 0L);
	ns_to_timespec(left, &cur->it_value);
	ns_to_timespec(ctx->interval, &cur->it_interval);
}

static bool timespec_valid(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && (u64)ts->tv_nsec < NSEC_PER_SEC;
}

/* Joins or leaves cancel_list as the new settime flags ask. */
static void timerfd_setup_cancel(struct timerfd_ctx *ctx, int flags)
{
	bool want = (ctx->clockid == CLOCK_REALTIME ||
		     ctx->clockid == CLOCK_REALTIME_ALARM) &&
		    (flags & TFD_TIMER_ABSTIME) &&
		    (flags & TFD_TIMER_CANCEL_ON_SET);

	spin_lock(&cancel_lock);
	spin_lock(&ctx->lock);
	if (want && !ctx->might_cancel)
		list_add_tail(&ctx->cancel_link, &cancel_list);
	else if (!want)
		list_del(&ctx->cancel_link);
	if (want != ctx->might_cancel)
		ctx->canceled = false;
	ctx->might_cancel = want;
	spin_unlock(&ctx->lock);
	spin_unlock(&cancel_lock);
}

long timerfd_settime(int fd, int flags, const struct linux_itimerspec *v,
		     struct linux_itimerspec *old)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	struct kclock on;
	s64 value, now;
	long err = 0;

	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ||
	    !timespec_valid(&v->it_value) || !timespec_valid(&v->it_interval))
		return -EINVAL;
	f = timerfd_get(fd, &err);
	if (!f)
		return err;
	ctx = f->private;
	timerfd_setup_cancel(ctx, flags);
	spin_lock(&ctx->lock);
	clock_timer_cancel(&ctx->ct);
	/* A periodic timer that fired reports its next period as old value. */
	if (ctx->expired && ctx->interval)
		timerfd_forward(ctx);
	clock_timer_cancel(&ctx->ct);
	timerfd_get_locked(ctx, old);
	ctx->expired = false;
	ctx->ticks = 0;
	ctx->expires = 0;
	ctx->interval = v->it_interval.tv_sec * NSEC_PER_SEC +
			v->it_interval.tv_nsec;
	value = v->it_value.tv_sec * NSEC_PER_SEC + v->it_value.tv_nsec;
	if (v->it_value.tv_sec >= INT64_MAX / NSEC_PER_SEC)
		value = INT64_MAX;
	if (v->it_interval.tv_sec >= INT64_MAX / NSEC_PER_SEC)
		ctx->interval = INT64_MAX;
	if (value) {
		/* Relative CLOCK_REALTIME timers ignore clock steps, as hrtimers. */
		on = ctx->clock;
		if (!(flags & TFD_TIMER_ABSTIME)) {
			if (ctx->clockid == CLOCK_REALTIME)
				on.base = CLOCK_BASE_MONO;
			kclock_read(&on, &now);
			value = now + MIN(value, INT64_MAX - now);
		}
		ctx->ct.clock = on;
		ctx->expires = value;
		clock_timer_arm(&ctx->ct, value);
		if (timerfd_canceled(ctx))
			err = -ECANCELED;
	}
	spin_unlock(&ctx->lock);
	file_put(f);
	return err;
}

long timerfd_gettime(int fd, struct linux_itimerspec *cur)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	long err = 0;

	f = timerfd_get(fd, &err);
	if (!f)
		return err;
	ctx = f->private;
	spin_lock(&ctx->lock);
	if (ctx->expired && ctx->interval) {
		ctx->expired = false;
		ctx->ticks += timerfd_forward(ctx) - 1;
	}
	timerfd_get_locked(ctx, cur);
	spin_unlock(&ctx->lock);
	file_put(f);
	return 0;
}

void timerfd_clock_was_set(void)
{
	struct timerfd_ctx *ctx;

	spin_lock(&cancel_lock);
	list_for_each_entry(ctx, &cancel_list, cancel_link) {
		spin_lock(&ctx->lock);
		ctx->canceled = true;
		ctx->ticks++;
		spin_unlock(&ctx->lock);
		wake_up_key(&ctx->wq, POLLIN);
	}
	spin_unlock(&cancel_lock);
}
