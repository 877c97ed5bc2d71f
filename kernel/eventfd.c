/*
 * eventfd: a 64-bit counter behind a descriptor. A write adds to it and a
 * read takes it all (or one, in semaphore mode), both in 8-byte units; a
 * read waits while the counter is 0 and a write while the sum would reach
 * 2^64 - 1, the value that stays reserved for overflow as on Linux.
 *
 * Lock: eventfd_ctx.lock, a spinlock, protects count. Waiters sleep on wq
 * and test the counter again after every wake-up, since another reader or
 * writer may have got there first.
 */
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

#define EVENTFD_MAX (~0ULL)

struct eventfd_ctx {
	struct spinlock lock;
	u64 count;        /* under lock */
	bool semaphore;   /* EFD_SEMAPHORE: reads take 1 */
	struct waitq wq;  /* readers, writers and pollers */
};

static ssize_t eventfd_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	struct eventfd_ctx *ctx = f->private;
	u64 val = 0;
	long err;

	if (n < sizeof(val))
		return -EINVAL;
	for (;;) {
		spin_lock(&ctx->lock);
		if (ctx->count) {
			val = ctx->semaphore ? 1 : ctx->count;
			ctx->count -= val;
		}
		spin_unlock(&ctx->lock);
		if (val)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(ctx->wq, READ_ONCE(ctx->count));
		if (err)
			return err;
	}
	wake_up_key(&ctx->wq, POLLOUT);
	/* The value is taken even if the copy fails, as on Linux. */
	if (copy_to_user(ubuf, &val, sizeof(val)))
		return -EFAULT;
	return sizeof(val);
}

static bool eventfd_fits(struct eventfd_ctx *ctx, u64 val)
{
	return EVENTFD_MAX - READ_ONCE(ctx->count) > val;
}

static ssize_t eventfd_write(struct file *f, const char *ubuf, size_t n,
			     off_t *pos)
{
	struct eventfd_ctx *ctx = f->private;
	bool added;
	u64 val;
	long err;

	if (n < sizeof(val))
		return -EINVAL;
	if (copy_from_user(&val, ubuf, sizeof(val)))
		return -EFAULT;
	if (val == EVENTFD_MAX)
		return -EINVAL;
	for (;;) {
		spin_lock(&ctx->lock);
		added = EVENTFD_MAX - ctx->count > val;
		if (added)
			ctx->count += val;
		spin_unlock(&ctx->lock);
		if (added)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(ctx->wq, eventfd_fits(ctx, val));
		if (err)
			return err;
	}
	wake_up_key(&ctx->wq, POLLIN);
	return sizeof(val);
}

static u32 eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private;
	u32 mask = 0;
	u64 count;

	poll_wait(f, &ctx->wq, pt);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	count = READ_ONCE(ctx->count);
	/* Linux reports plain POLLIN and POLLOUT here, without the NORM bits. */
	if (count > 0)
		mask |= POLLIN;
	if (count == EVENTFD_MAX)
		mask |= POLLERR;
	if (EVENTFD_MAX - 1 > count)
		mask |= POLLOUT;
	return mask;
}

/* Linux's noop_llseek: the position never moves and seeking is no error. */
static off_t eventfd_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static void eventfd_release(struct file *f)
{
	kfree(f->private);
}

static const struct file_ops eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.llseek = eventfd_llseek,
	.poll = eventfd_poll,
	.release = eventfd_release,
	.anon_name = "[eventfd]",
};

struct file *eventfd_create(u64 count, u32 flags)
{
	struct eventfd_ctx *ctx = kmalloc(sizeof(*ctx));
	struct file *f;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	spin_init(&ctx->lock, "eventfd");
	waitq_init(&ctx->wq);
	ctx->count = count;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	f = file_alloc(&eventfd_fops, NULL, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM);
	}
	f->private = ctx;
	return f;
}
