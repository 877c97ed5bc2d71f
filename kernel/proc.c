/*
 * Processes: creation (fork), exit, reaping (wait4), and the first user
 * process. Signals live in signal.c, execve in exec.c.
 */
#include "file.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "vfs.h"
#include "vm.h"
#include "uaccess.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"

#define PID_MAX 4194304 /* Linux's pid_max limit on 64-bit */

struct spinlock proc_lock = SPINLOCK_INIT("proc");
/* All processes and all user threads; under proc_lock. */
LIST_HEAD(all_procs);
static int last_pid;
static struct process *init_proc;
/* Exited children of parents that ignore SIGCHLD; under proc_lock. */
static LIST_HEAD(autoreap_list);
static struct waitq reaper_wq;
static void reap(struct process *c);

void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(struct fpsimd_state *s);
void enter_user(struct pt_regs *regs) __noreturn;
long kernel_execve(const char *path, const char *const *argv,
		   const char *const *envp);

struct process *proc_find(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pid == pid)
			return p;
	}
	return NULL;
}

/* Thread IDs and PIDs share one space, as on Linux; under proc_lock. */
int alloc_pid(void)
{
	for (;;) {
		if (++last_pid >= PID_MAX)
			last_pid = 2;
		if (!proc_find(last_pid))
			return last_pid;
	}
}

static struct process *proc_alloc(void)
{
	struct process *p = kmalloc(sizeof(*p));

	if (!p)
		return NULL;
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->threads);
	list_init(&p->all_link);
	waitq_init(&p->child_wq);
	p->state = PROC_ALIVE;
	return p;
}

void set_comm(struct process *p, const char *path)
{
	const char *base = path;

	for (const char *s = path; *s; s++) {
		if (*s == '/' && s[1])
			base = s + 1;
	}
	strlcpy(p->comm, base, sizeof(p->comm));
}

struct init_args {
	const char *path;
	const char *const *argv;
};

static void init_entry(void *arg)
{
	struct init_args *a = arg;
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	long err;

	err = open_console_fds();
	if (err)
		printk("init: no console (%ld)\n", err);
	err = kernel_execve(a->path, a->argv, envp);
	if (err)
		panic("cannot run %s as init (error %ld)", a->path, err);
	printk("entering user space %lu ms after power-on\n",
	       ticks_to_ns(timer_now()) / 1000000);
	enter_user(current_thread()->regs);
}

void start_init(const char *path, char *const argv[])
{
	static struct init_args args;
	struct process *p = proc_alloc();
	struct thread *t = thread_alloc();

	if (!p || !t)
		panic("no memory for init");
	args.path = path;
	args.argv = (const char *const *)argv;
	p->files = fdtable_alloc();
	p->cwd = inode_get(vfs_root());
	p->umask = 022;
	rlimit_init(p);
	set_comm(p, path);
	t->proc = p;
	t->name = "init";
	t->ctx.x19 = (u64)init_entry;
	t->ctx.x20 = (u64)&args;
	spin_lock(&proc_lock);
	/* Linux's init starts in process group 0 and session 0. */
	p->pid = t->tid = alloc_pid();
	p->pgid = p->sid = 0;
	list_add_tail(&t->proc_link, &p->threads);
	list_add_tail(&p->all_link, &all_procs);
	spin_unlock(&proc_lock);
	init_proc = p;
	thread_start(t);
}

#define CLONE_VM 0x00000100
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
/* What fork() needs; threads and vfork come with CLONE_VM. */
#define CLONE_FORK_FLAGS (CLONE_SETTLS | CLONE_PARENT_SETTID | \
			  CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | 0xff)

long do_fork(u64 flags, u64 newsp, u64 parent_tid, u64 tls, u64 child_tid)
{
	struct thread *cur = current_thread(), *t;
	struct process *parent = cur->proc, *p;
	int pid;

	if (flags & ~CLONE_FORK_FLAGS)
		return -EINVAL;
	if ((flags & 0xff) > _NSIG)
		return -EINVAL;
	p = proc_alloc();
	t = thread_alloc();
	if (!p || !t)
		goto nomem;
	p->mm = mm_fork(parent->mm);
	if (!p->mm)
		goto nomem;
	p->files = fdtable_dup(parent->files);
	if (!p->files) {
		mm_put(p->mm);
		goto nomem;
	}
	p->cwd = inode_get(parent->cwd);
	p->umask = parent->umask;
	p->ctty = parent->ctty;
	p->uid = parent->uid;
	p->euid = parent->euid;
	p->gid = parent->gid;
	p->egid = parent->egid;
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	spin_lock(&proc_lock);
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	spin_unlock(&proc_lock);

	*t->regs = *cur->regs;
	t->regs->regs[0] = 0;
	if (newsp)
		t->regs->sp = newsp;
	t->proc = p;
	t->name = cur->name;
	t->sigmask = cur->sigmask;
	/* The child starts from the registers user space has right now. */
	fpsimd_save(&t->fpsimd);
	if (flags & CLONE_SETTLS)
		t->tpidr_el0 = tls;
	else
		__asm__ volatile("mrs %0, tpidr_el0" : "=r"(t->tpidr_el0));
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;

	spin_lock(&proc_lock);
	memcpy(p->sigaction, parent->sigaction, sizeof(p->sigaction));
	pid = alloc_pid();
	p->pid = t->tid = pid;
	p->pgid = parent->pgid;
	p->sid = parent->sid;
	p->parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	list_add_tail(&t->proc_link, &p->threads);
	list_add_tail(&p->all_link, &all_procs);
	spin_unlock(&proc_lock);

	if (flags & CLONE_CHILD_SETTID)
		mm_write(p->mm, child_tid, &pid, sizeof(pid));
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)parent_tid, &pid, sizeof(pid));
	thread_start(t);
	return pid;

nomem:
	if (t)
		thread_free(t);
	kfree(p);
	return -ENOMEM;
}

void do_exit(int status)
{
	struct thread *t = current_thread();
	struct process *p = t->proc, *c, *n, *parent;
	struct mm *mm = p->mm;
	bool wake_init = false, autoreap;

	if (p == init_proc)
		panic("init exited (status 0x%x)", status);
	if (p->sid == p->pid)
		jobctl_exit(p);
	if (t->clear_child_tid) {
		int zero = 0;

		copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero));
	}
	/* Leave the address space before dropping it. */
	p->mm = NULL;
	mm_switch(t);
	if (mm)
		mm_put(mm);
	fdtable_put(p->files);
	p->files = NULL;
	inode_put(p->cwd);
	p->cwd = NULL;

	spin_lock(&proc_lock);
	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_proc;
		list_add_tail(&c->sibling, &init_proc->children);
		if (c->state == PROC_ZOMBIE)
			wake_init = true;
	}
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	parent = p->parent;
	/*
	 * A parent that ignores SIGCHLD (or set SA_NOCLDWAIT) never sees its
	 * children as zombies: the reaper thread frees them instead.
	 */
	autoreap = parent->sigaction[SIGCHLD - 1].handler == SIG_IGN ||
		   (parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDWAIT);
	if (autoreap) {
		list_del(&p->sibling);
		list_del(&p->all_link);
		list_add_tail(&p->sibling, &autoreap_list);
	}
	spin_unlock(&proc_lock);

	if (wake_init)
		wake_up_all(&init_proc->child_wq);
	if (autoreap)
		wake_up_all(&reaper_wq);
	else
		send_signal(parent, SIGCHLD);
	wake_up_all(&parent->child_wq);
	thread_exit_final();
}

/* Frees the processes nobody waits for; see do_exit(). */
static void reaper(void *arg)
{
	for (;;) {
		struct process *c = NULL;

		wait_event(reaper_wq, !list_empty(&autoreap_list));
		spin_lock(&proc_lock);
		if (!list_empty(&autoreap_list)) {
			c = list_first_entry(&autoreap_list, struct process,
					     sibling);
			list_del(&c->sibling);
		}
		spin_unlock(&proc_lock);
		if (c)
			reap(c);
	}
}

void proc_init(void)
{
	waitq_init(&reaper_wq);
	if (!kthread_create("reaper", reaper, NULL))
		panic("cannot start the reaper thread");
}

/* Ticks on a CPU of all of p's threads. */
u64 proc_runtime(struct process *p)
{
	struct thread *t;
	u64 sum = 0;

	list_for_each_entry(t, &p->threads, proc_link)
		sum += t->runtime;
	return sum;
}

static bool wait_matches(struct process *me, struct process *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == me->pgid;
	return c->pgid == -pid;
}

static void reap(struct process *c)
{
	struct thread *t, *n;

	list_for_each_entry_safe(t, n, &c->threads, proc_link) {
		list_del(&t->proc_link);
		thread_free(t);
	}
	kfree(c);
}

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WCONTINUED 0x00000008
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* Returns the reaped pid (status in *status), 0 for WNOHANG, or -errno. */
long do_wait4(int pid, int *status, int options, u64 *runtime)
{
	struct process *me = current_proc(), *c;
	struct wait_entry w = { .t = NULL };
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH;
	for (;;) {
		bool found = false;

		prepare_to_wait(&me->child_wq, &w, TASK_INTERRUPTIBLE);
		spin_lock(&proc_lock);
		list_for_each_entry(c, &me->children, sibling) {
			if (!wait_matches(me, c, pid))
				continue;
			found = true;
			if (c->state == PROC_ZOMBIE)
				break;
			/* Stops and continues are reported, not reaped. */
			if ((options & WUNTRACED) && c->stopped &&
			    c->stop_report) {
				c->stop_report = false;
				*status = c->stop_sig << 8 | 0x7f;
				ret = c->pid;
				spin_unlock(&proc_lock);
				goto report;
			}
			if ((options & WCONTINUED) && c->cont_report) {
				c->cont_report = false;
				*status = 0xffff;
				ret = c->pid;
				spin_unlock(&proc_lock);
				goto report;
			}
		}
		if (found && &c->sibling != &me->children) {
			list_del(&c->sibling);
			list_del(&c->all_link);
			spin_unlock(&proc_lock);
			finish_wait(&me->child_wq, &w);
			ret = c->pid;
			*status = c->exit_status;
			*runtime = proc_runtime(c) + c->child_runtime;
			spin_lock(&proc_lock);
			me->child_runtime += *runtime;
			spin_unlock(&proc_lock);
			reap(c);
			return ret;
		}
		spin_unlock(&proc_lock);
		if (!found) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&me->child_wq, &w);
	return ret;
report:
	*runtime = 0;
	finish_wait(&me->child_wq, &w);
	return ret;
}
