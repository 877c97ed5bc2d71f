/* Processes: an address space, a file table and the threads sharing them. */
#ifndef AKUMA_PROC_H
#define AKUMA_PROC_H

#include "sched.h"
#include "types.h"

struct mm;
struct fdtable;
struct inode;
struct mount;
struct tty_ctl;

/* Linux's struct k_sigaction layout, as rt_sigaction passes it. */
struct k_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

#define NSIG 64
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0UL)

struct rlimit64 {
	u64 cur, max;
};

/* Who sent a pending signal, for the handler's siginfo. */
struct ksiginfo {
	s32 code;
	s32 pid;
	u32 uid;
	u64 addr;
};

enum proc_state {
	PROC_ALIVE,
	PROC_ZOMBIE, /* exited; parent has not reaped it */
};

struct process {
	int pid;
	int pgid, sid;
	enum proc_state state;       /* proc_lock */
	int exit_status;             /* wait4 format; proc_lock */
	struct process *parent;      /* proc_lock */
	struct list_head children;   /* proc_lock */
	struct list_head sibling;    /* in parent's children; proc_lock */
	struct list_head threads;    /* proc_lock */
	struct list_head all_link;   /* all processes; proc_lock */
	struct waitq child_wq;       /* wait4 sleeps here */
	/* Replaced (execve) or dropped (exit) under proc_lock: /proc reads them. */
	struct mm *mm;
	struct fdtable *files;
	struct inode *cwd;           /* with cwd_mnt: references; proc_lock */
	struct mount *cwd_mnt;       /* NULL means the root mount (vfs.h) */
	u32 umask;
	/* Credentials; only the process itself changes them (proc_lock). */
	u32 uid, euid, gid, egid;
	u32 suid, sgid, fsuid, fsgid;
	u32 ngroups;
	u32 *groups;                 /* kmalloc'd supplementary groups */
	struct k_sigaction sigaction[NSIG]; /* proc_lock */
	u64 sigpending;              /* process-directed; proc_lock */
	struct ksiginfo siginfo[NSIG]; /* proc_lock */
	bool killed;                 /* a fatal signal is on its way */
	int kill_sig;
	bool group_exiting;          /* exit_group ran: exit_status is set */
	int exit_signal;             /* sent to the parent at exit (clone) */
	struct vfork_done *vfork;    /* a vfork parent waits; proc_lock */
	u64 dead_runtime;            /* ticks of threads already gone */
	u64 start_time;              /* counter ticks at creation */
	int pdeath_signal;           /* prctl(PR_SET_PDEATHSIG); proc_lock */
	bool subreaper;              /* PR_SET_CHILD_SUBREAPER; proc_lock */
	bool no_new_privs;
	bool keepcaps;
	bool dumpable;
	/* Job control; all under proc_lock. */
	struct tty_ctl *ctty;        /* controlling terminal, or NULL */
	bool did_exec;               /* setpgid by the parent: EACCES */
	bool stopped;                /* stopped by a stop signal */
	int stop_sig;
	bool stop_report;            /* wait4(WUNTRACED) has not seen it */
	bool cont_report;            /* wait4(WCONTINUED) has not seen it */
	char comm[16];
	struct rlimit64 rlim[RLIM_NLIMITS]; /* proc_lock */
	u64 child_runtime;           /* reaped children's ticks; proc_lock */
	/* itimers and POSIX timers (kernel/itimer.c); NULL until used. */
	struct proc_timers *timers;  /* set under proc_lock */
};

/*
 * proc_lock protects the process tree, every process's state, its thread
 * list and its signal state. It is a spinlock: nothing sleeps under it.
 */
extern struct spinlock proc_lock;
extern struct list_head all_procs; /* every process; proc_lock */
#define PID_MAX 4194304 /* Linux's pid_max limit on 64-bit */
extern int last_pid;      /* the last ID handed out; proc_lock */
extern u64 total_forks;   /* processes and threads created; proc_lock */

static inline struct process *current_proc(void)
{
	return current_thread()->proc;
}

struct process *proc_find(int pid); /* caller holds proc_lock */
int alloc_pid(void);
void proc_init(void);
/* Creates pid 1 running path; its fds 0-2 are the console. */
void start_init(const char *path, char *const argv[]);
void __noreturn do_exit(int status); /* exit_group; wait4 format */
void __noreturn thread_exit(int status); /* exit of one thread */
struct thread *thread_find(int tid); /* caller holds proc_lock */
void vfork_release(struct process *p);
long exec_kill_other_threads(void);
/* The session leader me exits: its terminal is hung up (jobctl.c). */
void jobctl_exit(struct process *me);
/* Linux's limits for init (resource.c); ticks a process ran (proc.c). */
void rlimit_init(struct process *p);
u64 proc_runtime(struct process *p);
/* Names the process after the last component of path. */
void set_comm(struct process *p, const char *path); /* status in wait4 format */
/* Sends sig to a process; 0 or -errno. The _locked form needs proc_lock. */
int send_signal(struct process *p, int sig);
int send_signal_locked(struct process *p, int sig);
int send_signal_to_locked(struct process *p, struct thread *to, int sig,
			  int code);
/* Called on the way back to user space. */
void handle_signals(struct pt_regs *regs);
/*
 * A synchronous fault (sig at addr): the handler runs if one is installed
 * and the signal is not blocked; otherwise the process dies of it.
 */
void force_signal(int sig, int code, u64 addr);
/* After a system call: restart it or deliver signals, as Linux does. */
void syscall_exit_work(struct pt_regs *regs);
long do_sigreturn(struct pt_regs *regs);
long do_sigtimedwait(u64 set, struct ksiginfo *ki, u64 deadline);
/*
 * signalfd: takes the lowest signal of set pending for the current
 * thread, blocked or not (0 if none); or says whether there is one.
 */
int dequeue_signal_set(u64 set, struct ksiginfo *ki);
bool signal_pending_set(u64 set);

#endif
