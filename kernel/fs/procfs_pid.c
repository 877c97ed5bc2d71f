/*
 * procfs: the per-process part, /proc/<pid> and /proc/<pid>/task/<tid>.
 *
 * A process is named by its pid and its start time, so that an inode
 * kept open across the process's exit never shows a later process that
 * got the same pid: reads then fail with ESRCH and lookups with ENOENT,
 * as on Linux.
 *
 * Process state is copied out under proc_lock into a snapshot, together
 * with references to the address space and descriptor table; the text is
 * made from the snapshot with no spinlock held, since walking an address
 * space takes its mutex.
 */
#include "procfs.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "tty.h"
#include "uaccess.h"
#include "vm.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/signal.h"

/* RLIM_INFINITY, as /proc/<pid>/stat shows an unlimited RSS limit. */
#define RLIM_INFINITY (~0UL)
/* Linux's priority and nice for SCHED_OTHER at nice 0. */
#define DEFAULT_PRIO 20
/* All 41 capabilities of Linux 6.1: root has them all. */
#define CAP_FULL 0x000001ffffffffffUL
/* Linux's task flags that mean something here. */
#define PF_EXITING 0x00000004
#define PF_FORKNOEXEC 0x00000040
/* stat's tty_nr: a device number in Linux's new_encode_dev form. */
static u32 new_encode_dev(u32 dev)
{
	return (MINOR(dev) & 0xff) | MAJOR(dev) << 8 |
	       (MINOR(dev) & ~0xffU) << 12;
}

/* -------------------------------------------------------- finding them */

/* Linux's name_to_int: decimal, no sign, no leading zero. */
static long name_to_int(const char *name, size_t len)
{
	long n = 0;

	if (!len || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9' || n >= (0x7fffffffL - 9) / 10)
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* The process ctx names, if it still exists. Caller holds proc_lock. */
static struct process *ctx_proc(const struct proc_ctx *ctx)
{
	struct process *p = proc_find(ctx->pid);

	return p && p->start_time == ctx->start ? p : NULL;
}

static struct thread *proc_thread(struct process *p, int tid)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, proc_link) {
		if (t->tid == tid)
			return t;
	}
	return NULL;
}

/* The thread whose state the process shows: the leader, or the first. */
static struct thread *leader(struct process *p)
{
	struct thread *t = proc_thread(p, p->pid);

	if (!t && !list_empty(&p->threads))
		t = list_first_entry(&p->threads, struct thread, proc_link);
	return t;
}

bool proc_ctx_alive(const struct proc_ctx *ctx)
{
	struct process *p;
	bool alive;

	spin_lock(&proc_lock);
	p = ctx_proc(ctx);
	alive = p && (!ctx->tid || proc_thread(p, ctx->tid));
	spin_unlock(&proc_lock);
	return alive;
}

int proc_self_link(struct proc_inode *pi, char *buf, size_t size)
{
	snprintf(buf, size, "%d", current_proc()->pid);
	return 0;
}

int proc_thread_self_link(struct proc_inode *pi, char *buf, size_t size)
{
	snprintf(buf, size, "%d/task/%d", current_proc()->pid,
		 current_thread()->tid);
	return 0;
}

void proc_count_threads(struct proc_counts *c)
{
	struct process *p;
	struct thread *t;

	*c = (struct proc_counts){ 0 };
	spin_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_link) {
		list_for_each_entry(t, &p->threads, proc_link) {
			int state = READ_ONCE(t->state);

			if (state == TASK_DEAD)
				continue;
			c->threads++;
			if (state == TASK_RUNNING)
				c->running++;
			else if (state == TASK_UNINTERRUPTIBLE)
				c->blocked++;
		}
	}
	spin_unlock(&proc_lock);
}

/* ---------------------------------------------------------- snapshots */

struct snap {
	int pid, tid, ppid, pgid, sid;
	char comm[16];
	char state;
	int nthreads;
	u32 uid, euid, suid, fsuid, gid, egid, sgid, fsgid, umask;
	u32 ngroups;
	u32 *groups;      /* kmalloc'd copy, or NULL */
	bool no_new_privs;
	u64 sigpnd;       /* the thread's own pending signals */
	u64 shdpnd;       /* the process's */
	u64 sigblk, sigign, sigcgt;
	u64 runtime;      /* counter ticks on a CPU */
	u64 start_time;
	u64 nvcsw, nivcsw;
	int exit_code;
	u32 flags;        /* PF_* */
	int tty_nr, tpgid; /* controlling terminal, its foreground group */
	u64 child_runtime; /* reaped children's ticks */
	bool running;     /* on a CPU or runnable */
	struct mm *mm;    /* a reference, or NULL */
	struct fdtable *files; /* a reference, or NULL */
};

static char thread_state(struct process *p, struct thread *t)
{
	if (p->state == PROC_ZOMBIE)
		return 'Z';
	if (p->stopped)
		return 'T';
	if (!t)
		return 'X';
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	default:
		return 'X';
	}
}

static u64 thread_runtime(struct thread *t)
{
	u64 r = READ_ONCE(t->runtime);

	/* The time of the slice it is in has not been added yet. */
	if (READ_ONCE(t->on_cpu))
		r += timer_now() - READ_ONCE(t->switched_in);
	return r;
}

/*
 * Copies the state of the process (and of one thread of it, or of all
 * when tid is 0) out. Returns 0 or -ESRCH; put_snap drops the references.
 */
static int get_snap(const struct proc_ctx *ctx, struct snap *s)
{
	struct process *p;
	struct thread *t, *one;

	memset(s, 0, sizeof(*s));
	spin_lock(&proc_lock);
	p = ctx_proc(ctx);
	one = p && ctx->tid ? proc_thread(p, ctx->tid) : NULL;
	if (!p || (ctx->tid && !one)) {
		spin_unlock(&proc_lock);
		return -ESRCH;
	}
	if (!one)
		one = leader(p);
	s->pid = p->pid;
	s->tid = one ? one->tid : p->pid;
	s->ppid = p->parent ? p->parent->pid : 0;
	s->pgid = p->pgid;
	s->sid = p->sid;
	memcpy(s->comm, p->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = 0;
	s->state = thread_state(p, one);
	s->uid = p->uid;
	s->euid = p->euid;
	s->suid = p->suid;
	s->fsuid = p->fsuid;
	s->gid = p->gid;
	s->egid = p->egid;
	s->sgid = p->sgid;
	s->fsgid = p->fsgid;
	s->no_new_privs = p->no_new_privs;
	/* kmalloc does not sleep; a failure shows no groups. */
	if (p->ngroups && p->groups) {
		s->groups = kmalloc(p->ngroups * sizeof(u32));
		if (s->groups) {
			memcpy(s->groups, p->groups, p->ngroups * sizeof(u32));
			s->ngroups = p->ngroups;
		}
	}
	s->umask = p->umask;
	s->shdpnd = p->sigpending;
	for (int i = 0; i < NSIG; i++) {
		if (p->sigaction[i].handler == (u64)SIG_IGN)
			s->sigign |= 1UL << i;
		else if (p->sigaction[i].handler != (u64)SIG_DFL)
			s->sigcgt |= 1UL << i;
	}
	list_for_each_entry(t, &p->threads, proc_link) {
		s->nthreads++;
		if (ctx->tid && t != one)
			continue;
		s->runtime += thread_runtime(t);
		s->nvcsw += t->nvcsw;
		s->nivcsw += t->nivcsw;
	}
	if (one) {
		s->sigpnd = one->sigpending;
		s->sigblk = one->sigmask;
		s->running = READ_ONCE(one->state) == TASK_RUNNING;
	}
	s->start_time = p->start_time;
	s->exit_code = p->state == PROC_ZOMBIE ? p->exit_status : 0;
	s->flags = (p->did_exec ? 0 : PF_FORKNOEXEC) |
		   (p->state == PROC_ZOMBIE ? PF_EXITING : 0);
	s->tpgid = -1;
	if (p->ctty) {
		s->tty_nr = new_encode_dev(p->ctty->rdev);
		s->tpgid = p->ctty->pgrp ? p->ctty->pgrp : -1;
	}
	s->child_runtime = p->child_runtime;
	if (p->mm) {
		s->mm = p->mm;
		__atomic_fetch_add(&s->mm->refcount, 1, __ATOMIC_RELAXED);
	}
	if (p->files)
		s->files = fdtable_get(p->files);
	spin_unlock(&proc_lock);
	return 0;
}

static void put_snap(struct snap *s)
{
	kfree(s->groups);
	if (s->mm)
		mm_put(s->mm);
	fdtable_put(s->files);
}

/* ---------------------------------------------------- address spaces */

struct mm_stats {
	u64 size;          /* bytes mapped */
	u64 rss_anon;      /* pages present in anonymous mappings */
	u64 rss_file;      /* pages present in file mappings */
	u64 exe, lib;      /* executable mappings of files, and the others */
	u64 data, stack;   /* private writable, and stacks */
	u64 tables;        /* page-table pages */
	u64 arg_start, arg_end, env_start, env_end, start_stack, brk_start;
	u64 start_code, end_code, start_data, end_data;
};

/* Pages present in [start, end) under a table whose first address is base. */
static u64 count_present(const u64 *table, int level, u64 base, u64 start,
			 u64 end)
{
	int shift = 39 - 9 * level;
	u64 n = 0, first, last;

	first = (MAX(start, base) - base) >> shift;
	last = (end - 1 - base) >> shift;
	if (last > 511)
		last = 511;
	for (u64 i = first; i <= last; i++) {
		u64 e = table[i];

		if (level == 3) {
			if (e & (PTE_VALID | PTE_PROTNONE))
				n++;
		} else if ((e & 3) == 3) {
			n += count_present(phys_to_virt(e & PTE_ADDR_MASK),
					   level + 1, base + (i << shift), start,
					   end);
		} else if (e & PTE_VALID) {
			n += 1UL << (shift - PAGE_SHIFT); /* a block */
		}
	}
	return n;
}

static u64 count_tables(const u64 *table, int level)
{
	u64 n = 1;

	if (level == 3)
		return n;
	for (int i = 0; i < 512; i++)
		if ((table[i] & 3) == 3)
			n += count_tables(phys_to_virt(table[i] & PTE_ADDR_MASK),
					  level + 1);
	return n;
}

/* Classifies mappings as Linux's task_mem does. */
static void get_mm_stats(struct mm *mm, struct mm_stats *st)
{
	struct vma *v;

	memset(st, 0, sizeof(*st));
	mutex_lock(&mm->lock);
	list_for_each_entry(v, &mm->vmas, link) {
		u64 len = v->end - v->start;
		u64 rss = count_present(mm->pgd, 0, 0, v->start, v->end);

		st->size += len;
		if (v->file)
			st->rss_file += rss;
		else
			st->rss_anon += rss;
		if (v->flags & VMA_STACK)
			st->stack += len;
		else if ((v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED))
			st->data += len;
		else if ((v->prot & PROT_EXEC) && v->file)
			st->exe += len;
		else if (v->prot & PROT_EXEC)
			st->lib += len;
		/* The program's own text and data, as start_code and so on. */
		if (v->file && (v->prot & PROT_EXEC) && !st->start_code) {
			st->start_code = v->start;
			st->end_code = v->end;
		} else if (v->file && (v->prot & PROT_WRITE) &&
			   !st->start_data) {
			st->start_data = v->start;
			st->end_data = v->file_end;
		}
	}
	st->tables = count_tables(mm->pgd, 0);
	st->arg_start = mm->arg_start;
	st->arg_end = mm->arg_end;
	st->env_start = mm->env_start;
	st->env_end = mm->env_end;
	st->start_stack = mm->start_stack;
	st->brk_start = mm->brk_start;
	mutex_unlock(&mm->lock);
}

static int fd_count_size(struct fdtable *files)
{
	int size;

	spin_lock(&files->lock);
	size = files->size;
	spin_unlock(&files->lock);
	return size;
}

/* ------------------------------------------------------------ the files */

/* Linux's fs/proc/array.c do_task_stat, field for field. */
static int stat_show(struct seq *m, struct proc_inode *pi)
{
	struct mm_stats st = { 0 };
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	if (s.mm)
		get_mm_stats(s.mm, &st);
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu",
		   pi->ctx.tid ? s.tid : s.pid, s.comm, s.state, s.ppid,
		   s.pgid, s.sid, s.tty_nr, s.tpgid, s.flags, 0UL, 0UL, 0UL,
		   0UL);
	seq_printf(m, " %lu %lu %ld %ld %ld %ld %d %d %lu %lu %lu %lu",
		   ticks_to_clock_t(s.runtime), 0UL,
		   (long)ticks_to_clock_t(s.child_runtime), 0L,
		   (long)DEFAULT_PRIO, 0L, s.nthreads, 0,
		   ticks_to_clock_t(s.start_time), st.size,
		   st.rss_anon + st.rss_file, RLIM_INFINITY);
	seq_printf(m, " %lu %lu %lu %d %d %lu %lu %lu %lu %d %d %d %d",
		   s.mm ? st.start_code : 0, s.mm ? st.end_code : 0,
		   st.start_stack, 0, 0, s.sigpnd & 0x7fffffffUL,
		   s.sigblk & 0x7fffffffUL, s.sigign & 0x7fffffffUL,
		   s.sigcgt & 0x7fffffffUL, !s.running, 0, 0, SIGCHLD);
	seq_printf(m, " %d %d %d %d %d %d", 0, 0, 0, 0, 0, 0);
	seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu %d\n", st.start_data,
		   st.end_data, st.brk_start, st.arg_start, st.arg_end,
		   st.env_start, st.env_end, s.exit_code);
	put_snap(&s);
	return 0;
}

static const char *const state_names[] = {
	['R'] = "R (running)",	 ['S'] = "S (sleeping)",
	['D'] = "D (disk sleep)", ['T'] = "T (stopped)",
	['X'] = "X (dead)",	 ['Z'] = "Z (zombie)",
};

static void show_sigset(struct seq *m, const char *name, u64 set)
{
	seq_printf(m, "%s\t%016lx\n", name, set);
}

/*
 * Linux's proc_pid_status, minus what Akuma does not track: peaks (VmPeak,
 * VmHWM), supplementary groups and namespaces beyond the first level,
 * seccomp details and speculation mitigations.
 */
static int status_show(struct seq *m, struct proc_inode *pi)
{
	int ncpu;
	struct mm_stats st;
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	seq_printf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%s\n", s.comm,
		   s.umask, state_names[(u8)s.state]);
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		   "TracerPid:\t0\n", s.pid, pi->ctx.tid ? s.tid : s.pid,
		   s.ppid);
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", s.uid,
		   s.euid, s.suid, s.fsuid, s.gid, s.egid, s.sgid, s.fsgid);
	seq_printf(m, "FDSize:\t%d\nGroups:\t",
		   s.files ? fd_count_size(s.files) : 0);
	for (u32 i = 0; i < s.ngroups; i++)
		seq_printf(m, "%s%u", i ? " " : "", s.groups[i]);
	seq_printf(m, " \n");
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   s.pid, pi->ctx.tid ? s.tid : s.pid, s.pgid, s.sid);
	if (s.mm) {
		get_mm_stats(s.mm, &st);
		seq_printf(m, "VmSize:\t%8lu kB\nVmLck:\t%8lu kB\n"
			   "VmPin:\t%8lu kB\nVmRSS:\t%8lu kB\n",
			   st.size >> 10, 0UL, 0UL,
			   (st.rss_anon + st.rss_file) << (PAGE_SHIFT - 10));
		seq_printf(m, "RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n"
			   "RssShmem:\t%8lu kB\n",
			   st.rss_anon << (PAGE_SHIFT - 10),
			   st.rss_file << (PAGE_SHIFT - 10), 0UL);
		seq_printf(m, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\n"
			   "VmExe:\t%8lu kB\nVmLib:\t%8lu kB\n"
			   "VmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n",
			   st.data >> 10, st.stack >> 10, st.exe >> 10,
			   st.lib >> 10, st.tables << (PAGE_SHIFT - 10), 0UL);
		seq_printf(m, "HugetlbPages:\t%8lu kB\n", 0UL);
	}
	seq_printf(m, "CoreDumping:\t0\nThreads:\t%d\n", s.nthreads);
	show_sigset(m, "SigPnd:", s.sigpnd);
	show_sigset(m, "ShdPnd:", s.shdpnd);
	show_sigset(m, "SigBlk:", s.sigblk);
	show_sigset(m, "SigIgn:", s.sigign);
	show_sigset(m, "SigCgt:", s.sigcgt);
	show_sigset(m, "CapInh:", 0);
	show_sigset(m, "CapPrm:", s.euid ? 0 : CAP_FULL);
	show_sigset(m, "CapEff:", s.euid ? 0 : CAP_FULL);
	show_sigset(m, "CapBnd:", CAP_FULL);
	show_sigset(m, "CapAmb:", 0);
	seq_printf(m, "NoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\n",
		   s.no_new_privs);
	/* No affinity: every CPU is allowed. */
	ncpu = sched_nr_cpus();
	seq_printf(m, "Cpus_allowed:\t%lx\n", (1UL << ncpu) - 1);
	if (ncpu > 1)
		seq_printf(m, "Cpus_allowed_list:\t0-%d\n", ncpu - 1);
	else
		seq_printf(m, "Cpus_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\n"
		   "nonvoluntary_ctxt_switches:\t%lu\n", s.nvcsw, s.nivcsw);
	put_snap(&s);
	return 0;
}

/* Linux's statm: size resident shared text lib data dt, in pages. */
static int statm_show(struct seq *m, struct proc_inode *pi)
{
	struct mm_stats st = { 0 };
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	if (s.mm)
		get_mm_stats(s.mm, &st);
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", st.size >> PAGE_SHIFT,
		   st.rss_anon + st.rss_file, st.rss_file,
		   st.exe >> PAGE_SHIFT, (st.data + st.stack) >> PAGE_SHIFT);
	put_snap(&s);
	return 0;
}

static int comm_show(struct seq *m, struct proc_inode *pi)
{
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	seq_printf(m, "%s\n", s.comm);
	put_snap(&s);
	return 0;
}

/*
 * The name Linux's show_map_vma gives a mapping: the file's path, which
 * Akuma knows for the program itself (exe), or what it is for.
 */
static const char *vma_name(struct mm *mm, struct vma *v, struct inode *exe)
{
	if (v->file)
		return v->file == exe ? mm->exe_path : NULL;
	if (v->flags & VMA_HEAP)
		return "[heap]";
	if (v->flags & VMA_STACK)
		return "[stack]";
	if (v->flags & VMA_SIGPAGE)
		return "[sigpage]";
	return NULL;
}

static int maps_show(struct seq *m, struct proc_inode *pi)
{
	struct inode *exe;
	struct linux_stat stat;
	const char *name;
	struct snap s;
	struct vma *v;
	size_t start;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	if (!s.mm)
		goto out;
	exe = s.mm->exe_path ? vfs_lookup_at(AT_FDCWD, s.mm->exe_path, true)
			     : NULL;
	if (IS_ERR(exe))
		exe = NULL;
	mutex_lock(&s.mm->lock);
	list_for_each_entry(v, &s.mm->vmas, link) {
		start = m->len;
		stat.st_dev = stat.st_ino = 0;
		if (v->file)
			vfs_fill_stat(v->file, &stat);
		/* st_dev is in new_encode_dev form. */
		seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02lx:%02lx %lu ",
			   v->start, v->end, v->prot & PROT_READ ? 'r' : '-',
			   v->prot & PROT_WRITE ? 'w' : '-',
			   v->prot & PROT_EXEC ? 'x' : '-',
			   v->flags & VMA_SHARED ? 's' : 'p',
			   v->file ? v->file_off : 0, stat.st_dev >> 8 & 0xfff,
			   (stat.st_dev & 0xff) | (stat.st_dev >> 12 & 0xfff00),
			   stat.st_ino);
		name = vma_name(s.mm, v, exe);
		/* Linux pads to column 72, then one space, then the name. */
		if (name)
			seq_printf(m, "%*s %s",
				   (int)(start + 72 - MIN(m->len, start + 72)),
				   "", name);
		seq_printf(m, "\n");
	}
	mutex_unlock(&s.mm->lock);
	inode_put(exe);
out:
	put_snap(&s);
	return 0;
}

/*
 * cmdline and environ are read from the process's memory on every read,
 * as Linux does. A process that overwrote its arguments (setproctitle)
 * and left no NUL at their end shows the string at arg_start instead,
 * up to a page, with its NUL if it has one (Linux's get_mm_proctitle).
 */
static ssize_t read_mm_area(struct proc_inode *pi, char *ubuf, size_t n,
			    off_t *pos, bool env)
{
	u64 start, end, len, top;
	size_t done = 0, chunk;
	struct snap s;
	char last = 0, *buf = NULL;
	ssize_t err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	if (!s.mm || *pos < 0)
		goto out;
	mutex_lock(&s.mm->lock);
	start = env ? s.mm->env_start : s.mm->arg_start;
	end = env ? s.mm->env_end : s.mm->arg_end;
	top = s.mm->stack_top;
	mutex_unlock(&s.mm->lock);
	if (start >= end)
		goto out;
	len = end - start;
	buf = alloc_page();
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	if (!env && !mm_read(s.mm, end - 1, &last, 1) && last) {
		size_t got = MIN(PAGE_SIZE, top - start), l;

		if (mm_read(s.mm, start, buf, got))
			goto out;
		l = strnlen(buf, got);
		len = l < got ? l + 1 : l;
	}
	while (done < n && (u64)*pos < len) {
		chunk = MIN(MIN(n - done, PAGE_SIZE), len - *pos);
		if (mm_read(s.mm, start + *pos, buf, chunk))
			break;
		if (copy_to_user(ubuf + done, buf, chunk)) {
			err = -EFAULT;
			break;
		}
		done += chunk;
		*pos += chunk;
	}
out:
	if (buf)
		free_page(buf);
	put_snap(&s);
	return done ? (ssize_t)done : err;
}

static ssize_t cmdline_read(struct proc_inode *pi, char *ubuf, size_t n,
			    off_t *pos)
{
	return read_mm_area(pi, ubuf, n, pos, false);
}

static ssize_t environ_read(struct proc_inode *pi, char *ubuf, size_t n,
			    off_t *pos)
{
	return read_mm_area(pi, ubuf, n, pos, true);
}

/* The mount table as the process sees it: there is only one. */
int vfs_show_mounts(char *buf, size_t size);

static int mounts_show(struct seq *m, struct proc_inode *pi)
{
	int n;

	if (!proc_ctx_alive(&pi->ctx))
		return -ESRCH;
	n = vfs_show_mounts(m->buf + m->len, m->size - m->len);
	if (n < 0)
		return n;
	if ((size_t)n >= m->size - m->len)
		m->overflow = true;
	else
		m->len += n;
	return 0;
}

/* ------------------------------------------------------------ symlinks */

/*
 * Paths of places, as Linux's d_path gives them, are the file system
 * layer's (namei.c); these weak versions stand in until it links, naming
 * only the root and the devices vfs_init makes. Each returns the length.
 */
__attribute__((weak)) int vfs_inode_path(struct inode *ino, char *buf,
					 size_t size)
{
	if (ino != vfs_root())
		return -ENOENT;
	return strlcpy(buf, "/", size);
}

static const struct {
	u32 rdev;
	const char *path;
} dev_paths[] = {
	{ MKDEV(5, 1), "/dev/console" }, { MKDEV(5, 0), "/dev/tty" },
	{ MKDEV(1, 3), "/dev/null" },	 { MKDEV(1, 5), "/dev/zero" },
	{ MKDEV(1, 7), "/dev/full" },	 { MKDEV(1, 8), "/dev/random" },
	{ MKDEV(1, 9), "/dev/urandom" },
};

__attribute__((weak)) int vfs_file_path(struct file *f, char *buf,
					size_t size)
{
	struct inode *ino = f->inode;

	if (ino && S_ISCHR(ino->mode)) {
		for (size_t i = 0; i < ARRAY_SIZE(dev_paths); i++)
			if (dev_paths[i].rdev == ino->rdev)
				return strlcpy(buf, dev_paths[i].path, size);
	}
	return ino ? vfs_inode_path(ino, buf, size) : -ENOENT;
}

__attribute__((weak)) int vfs_show_mounts(char *buf, size_t size)
{
	return snprintf(buf, size, "rootfs / rootfs rw 0 0\n");
}

/*
 * What an fd link shows: the path, or for objects without one Linux's
 * "pipe:[ino]", "socket:[ino]" and "anon_inode:[eventfd]" forms.
 */
static int file_link(struct file *f, char *buf, size_t size)
{
	struct inode *ino = f->inode;
	int len = vfs_file_path(f, buf, size);

	if (len >= 0)
		return 0;
	if (ino && (ino->mode & S_IFMT) == S_IFIFO)
		snprintf(buf, size, "pipe:[%lu]", ino->ino);
	else if (ino && (ino->mode & S_IFMT) == S_IFSOCK)
		snprintf(buf, size, "socket:[%lu]", ino->ino);
	else if (!ino && f->ops->anon_name)
		snprintf(buf, size, "anon_inode:%s", f->ops->anon_name);
	else
		return len;
	return 0;
}

/*
 * The absolute path execve records for /proc/<pid>/exe: the name of what
 * path opens (symlinks followed), as vfs_file_path gives it; failing
 * that, path made absolute with the cwd, with ".", ".." and repeated
 * slashes resolved by name. NULL when memory is short.
 */
static char *lexical_path(const char *path, char *buf)
{
	const char *s = path, *name;
	size_t len, n;

	buf[0] = 0;
	if (*path != '/' &&
	    vfs_inode_path(current_proc()->cwd, buf, PATH_MAX) < 0)
		strlcpy(buf, "/", PATH_MAX);
	len = strlen(buf);
	while (len && buf[len - 1] == '/')
		buf[--len] = 0;
	while (*s) {
		while (*s == '/')
			s++;
		for (name = s; *s && *s != '/'; s++)
			;
		n = s - name;
		if (!n || (n == 1 && name[0] == '.'))
			continue;
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			while (len && buf[len - 1] != '/')
				len--;
			if (len)
				len--;
			buf[len] = 0;
			continue;
		}
		if (len + 1 + n >= PATH_MAX)
			break;
		buf[len++] = '/';
		memcpy(buf + len, name, n);
		len += n;
		buf[len] = 0;
	}
	if (!len)
		strlcpy(buf, "/", PATH_MAX);
	return buf;
}

char *proc_exe_path(const char *path)
{
	char *buf = kmalloc(PATH_MAX);
	struct file *f;
	int len = -ENOENT;

	if (!buf)
		return NULL;
	f = vfs_open_at(AT_FDCWD, path, O_PATH, 0);
	if (!IS_ERR(f)) {
		len = vfs_file_path(f, buf, PATH_MAX);
		file_put(f);
	}
	return len > 0 ? buf : lexical_path(path, buf);
}

static int exe_link(struct proc_inode *pi, char *buf, size_t size)
{
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	err = -ENOENT;
	if (s.mm && s.mm->exe_path) {
		strlcpy(buf, s.mm->exe_path, size);
		err = 0;
	}
	put_snap(&s);
	return err;
}

/*
 * The cwd is taken under proc_lock, which exit and chdir hold to change
 * it; an exited process has none (ENOENT, as Linux).
 */
static int cwd_link(struct proc_inode *pi, char *buf, size_t size)
{
	struct path cwd = { 0 };
	struct process *p;
	int len;

	spin_lock(&proc_lock);
	p = ctx_proc(&pi->ctx);
	if (p && p->cwd) {
		cwd.ino = inode_get(p->cwd);
		cwd.mnt = mnt_get(p->cwd_mnt);
	}
	spin_unlock(&proc_lock);
	if (!cwd.ino)
		return -ENOENT;
	len = cwd.mnt ? vfs_path_name(&cwd, buf, size) :
			vfs_inode_path(cwd.ino, buf, size);
	path_put(&cwd);
	return len < 0 ? len : 0;
}

/* One root for everyone: there is no chroot. */
static int root_link(struct proc_inode *pi, char *buf, size_t size)
{
	if (!proc_ctx_alive(&pi->ctx))
		return -ENOENT;
	strlcpy(buf, "/", size);
	return 0;
}

static struct file *snap_fd(struct snap *s, int fd)
{
	struct fdtable *t = s->files;
	struct file *f = NULL;

	if (!t)
		return NULL;
	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->size && t->fd[fd])
		f = file_get(t->fd[fd]);
	spin_unlock(&t->lock);
	return f;
}

static int fd_link(struct proc_inode *pi, char *buf, size_t size)
{
	u32 acc;
	struct file *f;
	struct snap s;
	int err = get_snap(&pi->ctx, &s);

	if (err)
		return err;
	f = snap_fd(&s, pi->ctx.fd);
	put_snap(&s);
	if (!f)
		return -ENOENT;
	/*
	 * As Linux's tid_fd_update_inode: the link's permissions say how the
	 * file is open (r-x for reading, -wx for writing), its size is 64.
	 */
	acc = f->flags & O_ACCMODE;
	pi->vfs.mode = S_IFLNK;
	if (!(f->flags & O_PATH) && acc != O_WRONLY)
		pi->vfs.mode |= 0500;
	if (!(f->flags & O_PATH) && acc != O_RDONLY)
		pi->vfs.mode |= 0300;
	pi->vfs.size = 64;
	err = file_link(f, buf, size);
	file_put(f);
	return err;
}

/* ------------------------------------------------------- the tables */

#define PID_DIR(n, which, fl)                                              \
	{ .name = n, .in = PD_PID, .dir = which, .flags = fl,              \
	  .mode = S_IFDIR | 0555 }
#define PID_FILE(n, fn) \
	{ .name = n, .in = PD_PID, .mode = S_IFREG | 0444, .show = fn }
#define PID_RAW(n, fn, m) \
	{ .name = n, .in = PD_PID, .mode = S_IFREG | (m), .read = fn }
#define PID_LINK(n, fn) \
	{ .name = n, .in = PD_PID, .mode = S_IFLNK | 0777, .link = fn }

/* In Linux's order (fs/proc/base.c tgid_base_stuff). */
const struct proc_node proc_pid_nodes[] = {
	PID_DIR("task", PD_TASK, PN_TGID_ONLY),
	{ .name = "fd", .in = PD_PID, .dir = PD_FD, .mode = S_IFDIR | 0500 },
	PID_DIR("net", PD_NET, 0),
	PID_RAW("environ", environ_read, 0400),
	PID_FILE("status", status_show),
	PID_FILE("comm", comm_show),
	PID_RAW("cmdline", cmdline_read, 0444),
	PID_FILE("stat", stat_show),
	PID_FILE("statm", statm_show),
	PID_FILE("maps", maps_show),
	PID_LINK("cwd", cwd_link),
	PID_LINK("root", root_link),
	PID_LINK("exe", exe_link),
	{ .name = "mounts", .in = PD_PID, .flags = PN_MOUNTS_POLL,
	  .mode = S_IFREG | 0444, .show = mounts_show },
};
const size_t proc_pid_nnodes = ARRAY_SIZE(proc_pid_nodes);

const struct proc_node proc_pid_dir_node = {
	.in = PD_ROOT, .dir = PD_PID, .mode = S_IFDIR | 0555,
};
const struct proc_node proc_tid_dir_node = {
	.in = PD_TASK, .dir = PD_TID, .mode = S_IFDIR | 0555,
};
const struct proc_node proc_fd_link_node = {
	.in = PD_FD, .mode = S_IFLNK | 0700, .link = fd_link,
};

/* ----------------------------------------------------- numbered entries */

const struct proc_node *proc_dyn_lookup(struct proc_inode *dir,
					const char *name, size_t len,
					struct proc_ctx *ctx)
{
	long n = name_to_int(name, len);
	const struct proc_node *node = NULL;
	struct process *p;
	struct thread *t;
	struct file *f;
	struct snap s;

	if (n < 0)
		return NULL;
	switch (dir->node->dir) {
	case PD_ROOT:
		/* Any thread's id names it, though only processes are listed. */
		spin_lock(&proc_lock);
		p = proc_find(n);
		t = p ? NULL : thread_find(n);
		if (t) {
			p = t->proc;
			ctx->tid = n;
		}
		if (p) {
			ctx->pid = p->pid;
			ctx->start = p->start_time;
			node = &proc_pid_dir_node;
		}
		spin_unlock(&proc_lock);
		break;
	case PD_TASK:
		spin_lock(&proc_lock);
		p = ctx_proc(ctx);
		if (p && proc_thread(p, n)) {
			ctx->tid = n;
			node = &proc_tid_dir_node;
		}
		spin_unlock(&proc_lock);
		break;
	case PD_FD:
		if (get_snap(ctx, &s))
			break;
		f = snap_fd(&s, n);
		put_snap(&s);
		if (f) {
			file_put(f);
			ctx->fd = n;
			node = &proc_fd_link_node;
		}
		break;
	default:
		break;
	}
	return node;
}

long proc_dyn_next(struct proc_inode *dir, long key, char *name,
		   const struct proc_node **node, struct proc_ctx *ctx)
{
	struct process *p, *best = NULL;
	struct thread *t;
	struct snap s;
	long found = -1;

	*ctx = dir->ctx;
	switch (dir->node->dir) {
	case PD_ROOT:
		spin_lock(&proc_lock);
		list_for_each_entry(p, &all_procs, all_link) {
			if (p->pid >= key && (!best || p->pid < best->pid))
				best = p;
		}
		if (best) {
			found = best->pid;
			ctx->pid = best->pid;
			ctx->start = best->start_time;
			*node = &proc_pid_dir_node;
		}
		spin_unlock(&proc_lock);
		break;
	case PD_TASK:
		spin_lock(&proc_lock);
		p = ctx_proc(ctx);
		if (p) {
			list_for_each_entry(t, &p->threads, proc_link) {
				if (t->tid >= key &&
				    (found < 0 || t->tid < found))
					found = t->tid;
			}
		}
		spin_unlock(&proc_lock);
		ctx->tid = found;
		*node = &proc_tid_dir_node;
		break;
	case PD_FD:
		if (get_snap(ctx, &s))
			break;
		if (s.files) {
			spin_lock(&s.files->lock);
			for (long fd = key; fd < s.files->size; fd++) {
				if (s.files->fd[fd]) {
					found = fd;
					break;
				}
			}
			spin_unlock(&s.files->lock);
		}
		put_snap(&s);
		ctx->fd = found;
		*node = &proc_fd_link_node;
		break;
	default:
		break;
	}
	if (found >= 0)
		snprintf(name, NAME_MAX + 1, "%ld", found);
	return found;
}
