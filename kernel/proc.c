/*
 * Processes: creation (fork), exit, reaping (wait4), and the first user
 * process. Signals live in signal.c, execve in exec.c.
 */
#include "file.h"
#include "irq.h"
#include "ktime.h"
#include "lib.h"
#include "mm.h"
#include "pidfd.h"
#include "proc.h"
#include "vfs.h"
#include "vm.h"
#include "uaccess.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"


struct spinlock proc_lock = SPINLOCK_INIT("proc");
/* All processes and all user threads; under proc_lock. */
LIST_HEAD(all_procs);
int last_pid;
u64 total_forks;
static struct process *init_proc;
/* Exited children of parents that ignore SIGCHLD; under proc_lock. */
static LIST_HEAD(autoreap_list);
/* Threads that exited before the last of their process; proc_lock. */
static LIST_HEAD(dead_threads);
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

/* Caller holds proc_lock. */
static bool id_in_use(int id)
{
	struct process *p;
	struct thread *t;

	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pid == id || p->pgid == id || p->sid == id)
			return true;
		list_for_each_entry(t, &p->threads, proc_link) {
			if (t->tid == id)
				return true;
		}
	}
	return false;
}

/*
 * Thread IDs and PIDs share one space, as on Linux, and an ID still naming
 * a process group or session is not handed out again. Under proc_lock.
 */
int alloc_pid(void)
{
	total_forks++;
	for (;;) {
		if (++last_pid >= PID_MAX)
			last_pid = 2;
		if (!id_in_use(last_pid))
			return last_pid;
	}
}

/* The thread with this tid, in any process; caller holds proc_lock. */
struct thread *thread_find(int tid)
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
	p->start_time = timer_now();
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
	cwd_init(p);
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
	p->exit_signal = SIGCHLD;
	p->dumpable = true;
	init_proc = p;
	thread_start(t);
}

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_IO 0x80000000UL
/* Namespaces (CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET,
 * NEWCGROUP) are not implemented: EINVAL, as a kernel built without them. */
#define CLONE_SUPPORTED                                                      \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PTRACE |  \
	 CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM |         \
	 CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |         \
	 CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID | CLONE_IO |   \
	 0xff)

void futex_wake_address(u64 uaddr);

/* What a vfork parent waits for: the child's exec or exit. */
struct vfork_done {
	bool done;
	struct waitq wq;
};

/* Called by the child when it no longer uses the parent's memory. */
void vfork_release(struct process *p)
{
	struct vfork_done *vd;

	spin_lock(&proc_lock);
	vd = p->vfork;
	p->vfork = NULL;
	spin_unlock(&proc_lock);
	if (vd) {
		WRITE_ONCE(vd->done, true);
		wake_up_all(&vd->wq);
	}
}

/* The new thread starts from the caller's registers, with x0 = 0. */
static void copy_thread_state(struct thread *t, struct thread *cur, u64 flags,
			      u64 newsp, u64 tls, u64 child_tid)
{
	*t->regs = *cur->regs;
	t->regs->regs[0] = 0;
	if (newsp)
		t->regs->sp = newsp;
	t->name = cur->name;
	t->sigmask = cur->sigmask;
	fpsimd_save(&t->fpsimd);
	if (flags & CLONE_SETTLS)
		t->tpidr_el0 = tls;
	else
		__asm__ volatile("mrs %0, tpidr_el0" : "=r"(t->tpidr_el0));
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;
}

static long clone_thread(u64 flags, u64 newsp, u64 parent_tid, u64 tls,
			 u64 child_tid)
{
	struct thread *cur = current_thread(), *t = thread_alloc();
	struct process *p = cur->proc;
	int tid;

	if (!t)
		return -ENOMEM;
	t->proc = p;
	copy_thread_state(t, cur, flags, newsp, tls, child_tid);
	spin_lock(&proc_lock);
	if (p->group_exiting) {
		spin_unlock(&proc_lock);
		thread_free(t);
		return -EAGAIN; /* the group is on its way out */
	}
	tid = t->tid = alloc_pid();
	list_add_tail(&t->proc_link, &p->threads);
	spin_unlock(&proc_lock);
	if (flags & CLONE_CHILD_SETTID)
		copy_to_user((void *)child_tid, &tid, sizeof(tid));
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)parent_tid, &tid, sizeof(tid));
	thread_start(t);
	return tid;
}

long do_fork(u64 flags, u64 newsp, u64 parent_tid, u64 tls, u64 child_tid)
{
	struct thread *cur = current_thread(), *t;
	struct process *parent = cur->proc, *p;
	struct vfork_done vd;
	int pid;

	/* The consistency rules of Linux's copy_process(). */
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & (CLONE_PIDFD | CLONE_DETACHED)) ==
	    (CLONE_PIDFD | CLONE_DETACHED))
		return -EINVAL;
	if ((flags & 0xff) > _NSIG)
		return -EINVAL;
	if (flags & CLONE_THREAD)
		return clone_thread(flags, newsp, parent_tid, tls, child_tid);

	p = proc_alloc();
	t = thread_alloc();
	if (!p || !t)
		goto nomem;
	if (flags & CLONE_VM) {
		p->mm = parent->mm;
		__atomic_fetch_add(&p->mm->refcount, 1, __ATOMIC_RELAXED);
	} else {
		p->mm = mm_fork(parent->mm);
	}
	if (!p->mm)
		goto nomem;
	p->files = flags & CLONE_FILES ? fdtable_get(parent->files) :
					 fdtable_dup(parent->files);
	if (!p->files) {
		mm_put(p->mm);
		goto nomem;
	}
	cwd_copy(p, parent);
	p->umask = parent->umask;
	p->ctty = parent->ctty;
	p->uid = parent->uid;
	p->euid = parent->euid;
	p->gid = parent->gid;
	p->egid = parent->egid;
	p->suid = parent->suid;
	p->sgid = parent->sgid;
	p->fsuid = parent->fsuid;
	p->fsgid = parent->fsgid;
	if (parent->ngroups) {
		p->groups = kmalloc(parent->ngroups * sizeof(u32));
		if (!p->groups) {
			fdtable_put(p->files);
			mm_put(p->mm);
			goto nomem;
		}
		memcpy(p->groups, parent->groups,
		       parent->ngroups * sizeof(u32));
		p->ngroups = parent->ngroups;
	}
	p->exit_signal = flags & 0xff;
	p->dumpable = parent->dumpable;
	p->no_new_privs = parent->no_new_privs;
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	t->proc = p;
	copy_thread_state(t, cur, flags, newsp, tls, child_tid);

	spin_lock(&proc_lock);
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	/* CLONE_SIGHAND without CLONE_THREAD gets a copy, not a share. */
	memcpy(p->sigaction, parent->sigaction, sizeof(p->sigaction));
	pid = alloc_pid();
	p->pid = t->tid = pid;
	p->pgid = parent->pgid;
	p->sid = parent->sid;
	p->parent = (flags & CLONE_PARENT) && parent->parent ? parent->parent :
							       parent;
	list_add_tail(&p->sibling, &p->parent->children);
	list_add_tail(&t->proc_link, &p->threads);
	list_add_tail(&p->all_link, &all_procs);
	if (flags & CLONE_VFORK) {
		vd.done = false;
		waitq_init(&vd.wq);
		p->vfork = &vd;
	}
	spin_unlock(&proc_lock);

	if (flags & CLONE_CHILD_SETTID)
		mm_write(p->mm, child_tid, &pid, sizeof(pid));
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)parent_tid, &pid, sizeof(pid));
	thread_start(t);
	if (flags & CLONE_VFORK)
		wait_event(vd.wq, READ_ONCE(vd.done));
	return pid;

nomem:
	if (t)
		thread_free(t);
	kfree(p);
	return -ENOMEM;
}

/* The last thread out tears the process down and tells the parent. */
static void __noreturn process_exit(struct process *p, int status)
{
	struct thread *t = current_thread();
	struct process *c, *n, *parent;
	struct mm *mm = p->mm;
	struct fdtable *files;
	bool wake_init = false, autoreap;
	struct process *reaper_proc;

	if (p == init_proc)
		panic("init exited (status 0x%x)", status);
	if (p->sid == p->pid)
		jobctl_exit(p);
	/*
	 * Leave the address space before dropping it. /proc takes references
	 * to mm and files under proc_lock, so they go from view under it.
	 */
	spin_lock(&proc_lock);
	p->mm = NULL;
	files = p->files;
	p->files = NULL;
	spin_unlock(&proc_lock);
	mm_switch(t);
	vfork_release(p);
	if (mm)
		mm_put(mm);
	fdtable_put(files);
	cwd_drop(p);
	timers_exit(p);

	spin_lock(&proc_lock);
	/* Orphans go to the nearest living subreaper, else to init. */
	reaper_proc = init_proc;
	for (struct process *a = p->parent; a; a = a->parent) {
		if (a->subreaper && a->state == PROC_ALIVE) {
			reaper_proc = a;
			break;
		}
	}
	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = reaper_proc;
		list_add_tail(&c->sibling, &reaper_proc->children);
		if (c->state == PROC_ZOMBIE)
			wake_init = true;
		if (c->pdeath_signal && c->state == PROC_ALIVE)
			send_signal_locked(c, c->pdeath_signal);
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

	pidfd_notify_exit();
	if (wake_init)
		wake_up_all(&reaper_proc->child_wq);
	if (autoreap)
		wake_up_all(&reaper_wq);
	else if (p->exit_signal)
		send_signal(parent, p->exit_signal);
	wake_up_all(&parent->child_wq);
	thread_exit_final();
}

/*
 * One thread leaves. The last one out takes the process with it, with the
 * group's exit status if exit_group or a fatal signal set one.
 */
void thread_exit(int status)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;

	if (t->clear_child_tid) {
		int zero = 0;

		/* pthread_join waits for this store and wake. */
		if (!copy_to_user((void *)t->clear_child_tid, &zero,
				  sizeof(zero)))
			futex_wake_address(t->clear_child_tid);
	}
	spin_lock(&proc_lock);
	if (p->threads.next->next != &p->threads) {
		/* Not the last: the reaper frees this thread once off CPU. */
		list_del(&t->proc_link);
		p->dead_runtime += t->runtime;
		list_add_tail(&t->proc_link, &dead_threads);
		/*
		 * An exec may wait for this. Wake it under the lock: once the
		 * lock drops, the last thread may exit and p be freed.
		 */
		wake_up_all(&p->child_wq);
		spin_unlock(&proc_lock);
		wake_up_all(&reaper_wq);
		thread_exit_final();
	}
	if (p->group_exiting)
		status = p->exit_status;
	spin_unlock(&proc_lock);
	process_exit(p, status);
}

/* exit_group, and death by signal: every thread of the process goes. */
void do_exit(int status)
{
	struct thread *t = current_thread(), *o;
	struct process *p = t->proc;

	spin_lock(&proc_lock);
	if (!p->group_exiting) {
		p->group_exiting = true;
		p->exit_status = status;
	}
	list_for_each_entry(o, &p->threads, proc_link) {
		if (o != t) {
			o->exit_pending = true;
			wake_up_interruptible_thread(o);
		}
	}
	spin_unlock(&proc_lock);
	thread_exit(status);
}

/*
 * execve in a threaded process: the other threads exit first, as
 * Linux's de_thread. Returns -EINTR if a fatal signal came meanwhile.
 */
long exec_kill_other_threads(void)
{
	struct thread *t = current_thread(), *o;
	struct process *p = t->proc;
	struct wait_entry w = { .t = NULL };
	long err = 0;

	for (;;) {
		prepare_to_wait(&p->child_wq, &w, TASK_UNINTERRUPTIBLE);
		spin_lock(&proc_lock);
		if (p->threads.next->next == &p->threads) {
			spin_unlock(&proc_lock);
			break;
		}
		if (p->killed || p->group_exiting) {
			spin_unlock(&proc_lock);
			err = -EINTR;
			break;
		}
		list_for_each_entry(o, &p->threads, proc_link) {
			if (o != t && !o->exit_pending) {
				o->exit_pending = true;
				wake_up_interruptible_thread(o);
			}
		}
		spin_unlock(&proc_lock);
		schedule();
	}
	finish_wait(&p->child_wq, &w);
	return err;
}

/* Frees the processes nobody waits for and threads that left early. */
static void reaper(void *arg)
{
	for (;;) {
		struct process *c = NULL;
		struct thread *t = NULL;

		wait_event(reaper_wq, !list_empty(&autoreap_list) ||
					      !list_empty(&dead_threads));
		spin_lock(&proc_lock);
		if (!list_empty(&autoreap_list)) {
			c = list_first_entry(&autoreap_list, struct process,
					     sibling);
			list_del(&c->sibling);
		} else if (!list_empty(&dead_threads)) {
			t = list_first_entry(&dead_threads, struct thread,
					     proc_link);
			list_del(&t->proc_link);
		}
		spin_unlock(&proc_lock);
		if (c)
			reap(c);
		if (t)
			thread_free(t);
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
	return sum + p->dead_runtime;
}

#define __WCLONE_FLAG 0x80000000
#define __WALL_FLAG 0x40000000

static bool wait_matches(struct process *me, struct process *c, int pid,
			 int options)
{
	/* Children that signal anything but SIGCHLD are "clone" children. */
	if (!(options & __WALL_FLAG) &&
	    (c->exit_signal != SIGCHLD) != !!(options & __WCLONE_FLAG))
		return false;
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
	kfree(c->groups);
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
			if (!wait_matches(me, c, pid, options))
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
