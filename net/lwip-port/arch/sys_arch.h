/*
 * lwIP's operating system layer on Akuma's primitives (sys_arch.c). lwIP
 * names the types (sys_sem_t and friends); each is a kernel structure
 * embedded where lwIP keeps it, so a netconn costs no extra allocation.
 */
#ifndef AKUMA_LWIP_SYS_ARCH_H
#define AKUMA_LWIP_SYS_ARCH_H

#include "sched.h"
#include "spinlock.h"

/* A counting semaphore. count is under lock; waiters sleep on wq. */
struct sys_sem {
	struct spinlock lock;
	u32 count;
	struct waitq wq;
	bool valid;
};

struct sys_mutex {
	struct mutex m;
	bool valid;
};

/*
 * A bounded queue of pointers. Lock: lock protects slots, head, count and
 * size; producers wait on not_full, consumers on not_empty. Posting with
 * trypost never sleeps, so an interrupt handler may do it.
 */
struct sys_mbox {
	struct spinlock lock;
	void **slots;
	u32 size, head, count;
	struct waitq not_empty, not_full;
	bool valid;
};

typedef struct sys_sem sys_sem_t;
typedef struct sys_mutex sys_mutex_t;
typedef struct sys_mbox sys_mbox_t;
typedef struct thread *sys_thread_t;
typedef int sys_prot_t;

#define sys_sem_valid(s) ((s)->valid)
#define sys_sem_set_invalid(s) ((s)->valid = false)
#define sys_mutex_valid(m) ((m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = false)
#define sys_mbox_valid(mb) ((mb)->valid)
#define sys_mbox_set_invalid(mb) ((mb)->valid = false)

/*
 * One semaphore per thread for netconn calls (LWIP_NETCONN_SEM_PER_THREAD,
 * which LWIP_NETCONN_FULLDUPLEX needs): made on first use, kept in
 * struct thread's net_sem and freed with the thread.
 */
sys_sem_t *lwip_port_thread_sem(void);
#define LWIP_NETCONN_THREAD_SEM_GET() lwip_port_thread_sem()
#define LWIP_NETCONN_THREAD_SEM_ALLOC() ((void)lwip_port_thread_sem())
#define LWIP_NETCONN_THREAD_SEM_FREE() do { } while (0)

#endif
