/*
 * Forced in front of kernel sources built for the host (-include). It
 * stands in for sched.h, whose per-CPU access is an aarch64 system
 * register: one thread, one process, locks that only count, and sleeps
 * that must never happen (a test that would block fails instead). Only
 * what kernel/fs, console.c and sys_fs.c use is here.
 */
#ifndef KSHIM_H
#define KSHIM_H

#define AKUMA_SCHED_H 1

#include "list.h"
#include "spinlock.h"
#include "types.h"

struct process;
struct pt_regs;

enum thread_state {
	TASK_RUNNING,
	TASK_INTERRUPTIBLE,
	TASK_UNINTERRUPTIBLE,
	TASK_DEAD,
};

struct thread {
	struct process *proc;
};

extern struct thread test_thread;

static inline struct thread *current_thread(void)
{
	return &test_thread;
}

struct waitq {
	struct spinlock lock;
	struct list_head waiters;
};

struct wait_entry {
	struct list_head link;
	struct thread *t;
};

void waitq_init(struct waitq *wq);
void prepare_to_wait(struct waitq *wq, struct wait_entry *w, int state);
void finish_wait(struct waitq *wq, struct wait_entry *w);
void wake_up_all(struct waitq *wq);
void wake_up_one(struct waitq *wq);
void wake_up_key(struct waitq *wq, u32 key);
bool signal_pending(void);
void schedule(void);
long schedule_until(u64 deadline);

struct mutex {
	int held;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

/* Fails the test: a host test must never sleep. */
void test_would_block(void);

#define wait_event_interruptible(wq, cond)                                   \
	({                                                                   \
		long __r = 0;                                                \
		if (!(cond)) {                                               \
			test_would_block();                                  \
			__r = -ERESTARTSYS;                                  \
		}                                                            \
		__r;                                                         \
	})

#endif
