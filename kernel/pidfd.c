/*
 * pidfd_open, as Linux's kernel/pid.c and kernel/fork.c: a descriptor
 * naming a process, readable (POLLIN) once its last thread has gone,
 * whether or not its parent has reaped it.
 *
 * A process's struct goes when it is reaped, so a pidfd holds its pid and
 * start time (as procfs does) and looks the process up; a pid reused by
 * a later process has another start time. Pollers sleep on one queue for
 * the whole system, woken at every process exit: the queue never goes
 * away, so epoll entries on it never dangle.
 *
 * Lock: the pidfd's fields never change; the process table is read under
 * proc_lock.
 */
#include "lib.h"
#include "mm.h"
#include "pidfd.h"
#include "poll.h"
#include "proc.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

struct pidfd_ctx {
	int pid;
	u64 start_time;
};

static struct waitq pidfd_wq = {
	SPINLOCK_INIT("pidfd_wq"), LIST_HEAD_INIT(pidfd_wq.waiters)
};

void pidfd_notify_exit(void)
{
	if (READ_ONCE(pidfd_wq.waiters.next) != &pidfd_wq.waiters)
		wake_up_key(&pidfd_wq, POLLIN | POLLRDNORM);
}

/* Linux's thread_group_exited: reaped, or a zombie. */
static bool pidfd_exited(struct pidfd_ctx *ctx)
{
	struct process *p;
	bool exited;

	spin_lock(&proc_lock);
	p = proc_find(ctx->pid);
	exited = !p || p->start_time != ctx->start_time ||
		 p->state != PROC_ALIVE;
	spin_unlock(&proc_lock);
	return exited;
}

static u32 pidfd_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(f, &pidfd_wq, pt);
	return pidfd_exited(f->private) ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct file *f)
{
	kfree(f->private);
}

/* No read, write or llseek: EINVAL and ESPIPE, as Linux's pidfd_fops. */
static const struct file_ops pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
	.anon_name = "[pidfd]",
};

/*
 * Linux's checks: ESRCH when no process or thread has the ID, EINVAL for
 * a thread that does not lead its process. The descriptor is always
 * O_RDWR and close-on-exec.
 */
struct file *pidfd_create(int pid, u32 flags)
{
	struct pidfd_ctx *ctx = kmalloc(sizeof(*ctx));
	struct process *p;
	struct file *f;
	long err = 0;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	spin_lock(&proc_lock);
	p = proc_find(pid);
	if (p) {
		ctx->pid = pid;
		ctx->start_time = p->start_time;
	} else {
		err = thread_find(pid) ? -EINVAL : -ESRCH;
	}
	spin_unlock(&proc_lock);
	if (err) {
		kfree(ctx);
		return ERR_PTR(err);
	}
	f = file_alloc(&pidfd_fops, NULL, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM);
	}
	f->private = ctx;
	return f;
}
