/*
 * signalfd, as Linux's fs/signalfd.c: a descriptor that reads the
 * pending signals of its mask instead of having them delivered.
 *
 * What is read and polled are the signals pending for the thread that
 * reads or polls (its own and its process's), as on Linux, not those of
 * the process that made the descriptor. A read takes them off the
 * pending sets whether or not the thread blocks them; usually it does,
 * so that they are not delivered first.
 *
 * Waiters sleep on one queue for the whole system, woken whenever a
 * signal becomes pending anywhere (signal.c calls signalfd_notify). Linux
 * has a queue per signal-handler table and must tear the entries of
 * epoll instances off it (POLLFREE) when the table goes; a queue that
 * never goes needs none of that, and a waiter woken for another
 * process's signal just looks again.
 *
 * Lock: signalfd_ctx.mask is read and written atomically; pending sets
 * are under proc_lock (signal.c).
 */
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "signalfd.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/sigframe.h"
#include "abi/linux/signal.h"
#include "abi/linux/signalfd.h"

struct signalfd_ctx {
	u64 mask; /* the signals it reads; atomic */
};

static struct waitq signalfd_wq = {
	SPINLOCK_INIT("signalfd_wq"), LIST_HEAD_INIT(signalfd_wq.waiters)
};

void signalfd_notify(void)
{
	/* Most signals have no signalfd waiting: skip the lock then. */
	if (READ_ONCE(signalfd_wq.waiters.next) != &signalfd_wq.waiters)
		wake_up_all(&signalfd_wq);
}

static u64 ctx_mask(struct signalfd_ctx *ctx)
{
	return __atomic_load_n(&ctx->mask, __ATOMIC_RELAXED);
}

/* The record of one signal, filled as Linux's signalfd_copyinfo does. */
static void fill_info(struct linux_signalfd_siginfo *si, int sig,
		      const struct ksiginfo *ki)
{
	memset(si, 0, sizeof(*si));
	si->ssi_signo = sig;
	si->ssi_code = ki->code;
	if (ki->code <= 0) {
		si->ssi_pid = ki->pid;
		si->ssi_uid = ki->uid;
	} else {
		si->ssi_addr = ki->addr;
	}
}

/* Takes one signal of the mask, waiting for it unless nonblock. */
static int signalfd_dequeue(struct signalfd_ctx *ctx, struct ksiginfo *ki,
			    bool nonblock)
{
	struct wait_entry w = { .t = NULL };
	int sig;

	sig = dequeue_signal_set(ctx_mask(ctx), ki);
	if (sig || nonblock)
		return sig ? sig : -EAGAIN;
	for (;;) {
		prepare_to_wait(&signalfd_wq, &w, TASK_INTERRUPTIBLE);
		sig = dequeue_signal_set(ctx_mask(ctx), ki);
		if (sig)
			break;
		if (signal_pending()) {
			sig = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&signalfd_wq, &w);
	return sig;
}

/*
 * Whole records only (EINVAL for less than one). The first waits unless
 * O_NONBLOCK; the rest are taken while there are any.
 */
static ssize_t signalfd_read(struct file *f, char *ubuf, size_t n,
			     off_t *pos)
{
	struct signalfd_ctx *ctx = f->private;
	struct linux_signalfd_siginfo si;
	size_t count = n / sizeof(si), done = 0;
	struct ksiginfo ki;
	int sig;

	if (!count)
		return -EINVAL;
	for (; done < count; done++) {
		sig = signalfd_dequeue(ctx, &ki,
				       done || (f->flags & O_NONBLOCK));
		if (sig <= 0) {
			if (done)
				break;
			return sig;
		}
		fill_info(&si, sig, &ki);
		/* The signal is gone even if the copy fails, as on Linux. */
		if (copy_to_user(ubuf + done * sizeof(si), &si, sizeof(si)))
			return -EFAULT;
	}
	return done * sizeof(si);
}

/* POLLIN alone, as Linux's signalfd_poll, when a signal is there. */
static u32 signalfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd_ctx *ctx = f->private;

	poll_wait(f, &signalfd_wq, pt);
	return signal_pending_set(ctx_mask(ctx)) ? POLLIN : 0;
}

/* Linux's noop_llseek: the position never moves and seeking is no error. */
static off_t signalfd_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static void signalfd_release(struct file *f)
{
	kfree(f->private);
}

static const struct file_ops signalfd_fops = {
	.read = signalfd_read,
	.llseek = signalfd_llseek,
	.poll = signalfd_poll,
	.release = signalfd_release,
	.anon_name = "[signalfd]",
};

/* SIGKILL and SIGSTOP are never read from a signalfd. */
static u64 readable(u64 mask)
{
	return mask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
}

struct file *signalfd_create(u64 mask, u32 flags)
{
	struct signalfd_ctx *ctx = kmalloc(sizeof(*ctx));
	struct file *f;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->mask = readable(mask);
	f = file_alloc(&signalfd_fops, NULL, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM);
	}
	f->private = ctx;
	return f;
}

bool is_signalfd(struct file *f)
{
	return f->ops == &signalfd_fops;
}

void signalfd_set_mask(struct file *f, u64 mask)
{
	struct signalfd_ctx *ctx = f->private;

	__atomic_store_n(&ctx->mask, readable(mask), __ATOMIC_RELAXED);
	/* Waiters look again with the new mask, as on Linux. */
	wake_up_all(&signalfd_wq);
}
