/* Resource syscalls: limits, usage, times, sysinfo. */
#include "abi/linux/syscalls.h"
#include "kernel/include/file.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"
#include "kernel/include/vfs.h"

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define NR_OPEN 1048576 /* fs.nr_open: the most RLIMIT_NOFILE may be */
#define USER_HZ 100

/*
 * What Linux gives init: everything unlimited but these. NPROC and
 * SIGPENDING scale with memory there; the same rule is used here.
 */
void rlimit_init(struct process *p)
{
	u64 tasks = total_page_count() * PAGE_SIZE / (8 * 16384) / 2;

	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = 8UL << 20;
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_NPROC] = (struct rlimit64){ tasks, tasks };
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8UL << 20, 8UL << 20 };
	p->rlim[RLIMIT_SIGPENDING] = (struct rlimit64){ tasks, tasks };
	p->rlim[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 };
	p->rlim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	p->rlim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
}

/* prlimit64 and its older forms: read and/or set one limit of pid. */
static long do_prlimit(int pid, unsigned int res, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	struct process *p;
	long err = 0;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->cur > new->max)
		return -EINVAL;
	if (new && res == RLIMIT_NOFILE && new->max > NR_OPEN)
		return -EPERM;
	spin_lock(&proc_lock);
	p = pid ? proc_find(pid) : current_proc();
	if (!p || p->state != PROC_ALIVE) {
		spin_unlock(&proc_lock);
		return -ESRCH;
	}
	if (old)
		*old = p->rlim[res];
	if (new)
		p->rlim[res] = *new;
	spin_unlock(&proc_lock);
	/* The descriptor table enforces the open-file limit itself. */
	if (new && res == RLIMIT_NOFILE && p->files) {
		spin_lock(&p->files->lock);
		p->files->nofile_limit = new->cur;
		spin_unlock(&p->files->lock);
	}
	return err;
}

SYSCALL_DEFINE(prlimit64)
{
	struct rlimit64 new, old;
	long err;

	if (a2 && copy_from_user(&new, (void *)a2, sizeof(new)))
		return -EFAULT;
	err = do_prlimit((int)a0, (unsigned int)a1, a2 ? &new : NULL, &old);
	if (!err && a3 && copy_to_user((void *)a3, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE(getrlimit)
{
	struct rlimit64 old;
	long err = do_prlimit(0, (unsigned int)a0, NULL, &old);

	if (!err && copy_to_user((void *)a1, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE(setrlimit)
{
	struct rlimit64 new;

	if (copy_from_user(&new, (void *)a1, sizeof(new)))
		return -EFAULT;
	return do_prlimit(0, (unsigned int)a0, &new, NULL);
}

struct linux_rusage {
	s64 utime_sec, utime_usec;
	s64 stime_sec, stime_usec;
	s64 maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock,
		oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
_Static_assert(sizeof(struct linux_rusage) == 144, "rusage layout");

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

SYSCALL_DEFINE(getrusage)
{
	struct linux_rusage ru = { 0 };
	struct process *p = current_proc();
	u64 ticks, us;

	spin_lock(&proc_lock);
	switch ((int)a0) {
	case RUSAGE_SELF:
		ticks = proc_runtime(p);
		break;
	case RUSAGE_CHILDREN:
		ticks = p->child_runtime;
		break;
	case RUSAGE_THREAD:
		ticks = current_thread()->runtime;
		break;
	default:
		spin_unlock(&proc_lock);
		return -EINVAL;
	}
	spin_unlock(&proc_lock);
	/* Akuma does not yet tell user from system time: it is all user. */
	us = ticks_to_ns(ticks) / 1000;
	ru.utime_sec = us / 1000000;
	ru.utime_usec = us % 1000000;
	return copy_to_user((void *)a1, &ru, sizeof(ru));
}

struct linux_tms {
	s64 utime, stime, cutime, cstime;
};

SYSCALL_DEFINE(times)
{
	struct process *p = current_proc();
	struct linux_tms tms = { 0 };

	spin_lock(&proc_lock);
	tms.utime = ticks_to_ns(proc_runtime(p)) / (1000000000 / USER_HZ);
	tms.cutime = ticks_to_ns(p->child_runtime) / (1000000000 / USER_HZ);
	spin_unlock(&proc_lock);
	if (a0 && copy_to_user((void *)a0, &tms, sizeof(tms)))
		return -EFAULT;
	/* Clock ticks since boot, as Linux's (offset) jiffies count. */
	return ktime_get_ns() / (1000000000 / USER_HZ);
}

struct linux_sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs;
	u16 pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char _f[4];
};
_Static_assert(sizeof(struct linux_sysinfo) == 112, "sysinfo layout");

SYSCALL_DEFINE(sysinfo)
{
	struct linux_sysinfo si = { 0 };
	struct process *p;
	struct thread *t;

	si.uptime = ktime_get_ns() / 1000000000;
	sched_loadavg(si.loads, 16); /* SI_LOAD_SHIFT */
	si.totalram = total_page_count() * PAGE_SIZE;
	si.freeram = free_page_count() * PAGE_SIZE;
	/* Shmem: the in-memory file systems' pages, as Linux counts tmpfs. */
	si.sharedram = ramfs_page_count() * PAGE_SIZE;
	si.mem_unit = 1;
	spin_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_link) {
		list_for_each_entry(t, &p->threads, proc_link)
			si.procs++;
	}
	spin_unlock(&proc_lock);
	return copy_to_user((void *)a0, &si, sizeof(si));
}
