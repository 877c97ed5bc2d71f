/*
 * Threads, the scheduler, wait queues and sleeping locks.
 *
 * One run queue shared by all CPUs, protected by sched_lock. A thread is
 * on the run queue only while it is RUNNING and not on a CPU. Per-CPU
 * state is reached through this_cpu() only.
 */
#ifndef AKUMA_SCHED_H
#define AKUMA_SCHED_H

#include "list.h"
#include "spinlock.h"
#include "types.h"

struct process;
struct pt_regs;

enum thread_state {
	TASK_RUNNING,         /* on a CPU or on the run queue */
	TASK_INTERRUPTIBLE,   /* asleep; a signal wakes it */
	TASK_UNINTERRUPTIBLE, /* asleep; only its event wakes it */
	TASK_DEAD,            /* exited; waiting to be reaped */
};

/* Callee-saved registers kept across cpu_switch(); see switch.S. */
struct cpu_context {
	u64 x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
	u64 fp, lr, sp;
};

struct fpsimd_state {
	__uint128_t v[32];
	u32 fpsr, fpcr;
} __aligned(16);

#define KSTACK_ORDER 2 /* 16 KiB kernel stacks */
#define KSTACK_SIZE (PAGE_SIZE << KSTACK_ORDER)

struct thread {
	/* Written only by the thread itself or under sched_lock. */
	struct cpu_context ctx;
	volatile int state;  /* enum thread_state; under sched_lock */
	int on_cpu;          /* under sched_lock */
	int on_rq;           /* on the run queue; under sched_lock */
	bool started;        /* thread_start ran; under sched_lock */
	struct list_head run_link; /* run queue; under sched_lock */
	int tid;
	void *kstack;        /* KSTACK_SIZE bytes */
	struct pt_regs *regs; /* user trap frame at the top of kstack */
	struct process *proc; /* NULL for kernel threads */
	struct list_head proc_link; /* process's thread list; proc lock */
	u64 tpidr_el0;
	struct fpsimd_state fpsimd;
	u64 sigmask;         /* blocked signals; only the thread itself */
	u64 sigpending;      /* thread-directed; proc lock */
	u64 saved_sigmask;   /* restored after rt_sigsuspend's handler */
	bool restore_sigmask;
	u64 altstack_sp, altstack_size; /* sigaltstack; only the thread */
	u32 altstack_flags;
	u64 clear_child_tid; /* user address, set_tid_address */
	bool exit_pending;   /* exit_group or exec: leave now; proc_lock */
	u64 robust_list, robust_len;
	u64 onfault;         /* uaccess fault recovery address, or 0 */
	u64 runtime;         /* counter ticks on a CPU; under sched_lock */
	u64 switched_in;     /* counter at the last switch in */
	u64 nvcsw, nivcsw;   /* voluntary and preempted switches out */
	const char *name;
	void *net_sem;       /* lwIP netconn semaphore (net/lwip-port); own */
};

/*
 * Per-CPU state. Only this CPU touches it, with interrupts off. cur comes
 * first: entry.S loads it from offset 0 to set sp_el0.
 */
struct cpu {
	struct thread *cur;
	int id;
	struct thread *idle;
	int irq_depth;     /* irq_push_off nesting */
	bool irq_was_on;   /* interrupt state before the outermost push */
	bool need_resched;
};

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(c));
	return c;
}

/*
 * In the kernel sp_el0 holds the running thread (user sp_el0 lives in the
 * trap frame), so current_thread() is right even if the thread migrates.
 */
static inline struct thread *current_thread(void)
{
	struct thread *t;

	__asm__ volatile("mrs %0, sp_el0" : "=r"(t));
	return t;
}

void sched_init(void);
extern u64 nr_context_switches; /* under sched_lock */
/* For /proc: CPUs running, and the counter ticks cpu spent idle. */
int sched_nr_cpus(void);
u64 sched_idle_ticks(int cpu);
/* Gives up the CPU; the caller has set its state (RUNNING = yield). */
void schedule(void);
void yield(void);
/* The 1, 5 and 15 minute load averages in fixed point with shift bits. */
void sched_loadavg(unsigned long loads[3], int shift);
/* Involuntary switch (timer): the thread stays runnable. */
void preempt_schedule(void);
void wake_up_thread(struct thread *t);
/* Wakes t only from an interruptible sleep (for signals). */
void wake_up_interruptible_thread(struct thread *t);
/* Makes a new kernel thread runnable; it runs fn(arg) and must not return. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg);
struct thread *thread_alloc(void);
void thread_free(struct thread *t);
void thread_start(struct thread *t);
void __noreturn thread_exit_final(void); /* state DEAD, never returns */
void __noreturn idle_loop(void);

/* Wait queues. */
struct waitq {
	struct spinlock lock;
	struct list_head waiters; /* of struct wait_entry; under lock */
};

/*
 * A waiter: a thread to wake, or, when func is set, a callback run by the
 * waker instead (with wq->lock held and interrupts off: it must not sleep).
 * A callback returns whether it woke someone. epoll and the network
 * stack's readiness events use callbacks.
 *
 * An exclusive entry (as Linux's WQ_FLAG_EXCLUSIVE, used by
 * EPOLLEXCLUSIVE) is one of several waiters of which one wake-up needs
 * only one: wake_up_key stops after the first exclusive entry that woke
 * someone. Exclusive entries are kept at the tail of the queue, so every
 * other entry is woken before them.
 */
struct wait_entry {
	struct list_head link;
	struct thread *t;
	int (*func)(struct wait_entry *w, u32 key);
	void *private;
	bool exclusive;
};

/* Adds or removes a callback entry (func set) without touching state. */
void add_wait_entry(struct waitq *wq, struct wait_entry *w);
/* add_wait_entry of an exclusive entry (sets w->exclusive). */
void add_wait_entry_exclusive(struct waitq *wq, struct wait_entry *w);
void remove_wait_entry(struct waitq *wq, struct wait_entry *w);
/*
 * Wakes every non-exclusive entry and the first exclusive one that
 * wakes someone, passing key (POLL* bits, ~0 for any) to callbacks.
 */
void wake_up_key(struct waitq *wq, u32 key);

void waitq_init(struct waitq *wq);
void prepare_to_wait(struct waitq *wq, struct wait_entry *w, int state);
void finish_wait(struct waitq *wq, struct wait_entry *w);
void wake_up_all(struct waitq *wq);
void wake_up_one(struct waitq *wq);

/* True if the current thread has an unblocked signal to act on. */
bool signal_pending(void);

/*
 * Sleeps until cond holds. Returns 0, or -ERESTARTSYS if a signal arrived
 * first. cond is evaluated after the thread is queued, so a wake-up between
 * the test and the sleep is never lost.
 */
#define wait_event_interruptible(wq, cond)                                   \
	({                                                                   \
		long __r = 0;                                                \
		struct wait_entry __w = { .t = NULL };                                       \
		for (;;) {                                                   \
			prepare_to_wait(&(wq), &__w, TASK_INTERRUPTIBLE);    \
			if (cond)                                            \
				break;                                       \
			if (signal_pending()) {                              \
				__r = -ERESTARTSYS;                          \
				break;                                       \
			}                                                    \
			schedule();                                          \
		}                                                            \
		finish_wait(&(wq), &__w);                                    \
		__r;                                                         \
	})

#define wait_event(wq, cond)                                                 \
	do {                                                                 \
		struct wait_entry __w = { .t = NULL };                                       \
		for (;;) {                                                   \
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE);  \
			if (cond)                                            \
				break;                                       \
			schedule();                                          \
		}                                                            \
		finish_wait(&(wq), &__w);                                    \
	} while (0)

/*
 * Timers run from the timer interrupt, in interrupt context: fn must not
 * sleep. Lock: timer_lock (sched.c) protects link and the timer list.
 */
struct ktimer {
	struct list_head link;
	u64 expires; /* counter ticks */
	void (*fn)(struct ktimer *t);
	bool pending;
};

void ktimer_add(struct ktimer *t, u64 expires);
void ktimer_cancel(struct ktimer *t);
void timer_tick(void); /* called by the timer interrupt */

/*
 * Sleeps for at most until the counter reaches deadline (0 = forever).
 * Returns 0 when woken, -ETIMEDOUT at the deadline, -ERESTARTSYS on a
 * signal. The caller has done prepare_to_wait.
 */
long schedule_until(u64 deadline);

/* Sleeping lock for code that may block while holding it. */
struct mutex {
	struct spinlock lock;
	struct thread *owner; /* under lock */
	struct waitq wq;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

#endif
