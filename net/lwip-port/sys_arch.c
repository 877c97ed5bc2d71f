/*
 * lwIP's operating system layer (NO_SYS=0) on Akuma's primitives:
 * semaphores and mailboxes are a spinlock-protected count or ring with
 * wait queues, lwIP's mutex is the kernel's, threads are kernel threads,
 * and sys_now is the generic timer.
 */
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "sched.h"
#include "abi/linux/errno.h"

#define NS_PER_MS 1000000ULL

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(ticks_to_ns(timer_now()) / NS_PER_MS);
}

/* The counter value timeout_ms from now, or 0 (forever) for 0. */
static u64 deadline_after(u32_t timeout_ms)
{
	if (!timeout_ms)
		return 0;
	return timer_now() + ns_to_ticks((u64)timeout_ms * NS_PER_MS);
}

/* Milliseconds since start, as lwIP's wait functions report them. */
static u32_t ms_since(u64 start)
{
	return (u32_t)(ticks_to_ns(timer_now() - start) / NS_PER_MS);
}

u32 lwip_port_rand(void)
{
	u32 r;

	get_random_bytes(&r, sizeof(r));
	return r;
}

/* ------------------------------------------------------------ semaphores */

err_t sys_sem_new(sys_sem_t *s, u8_t count)
{
	spin_init(&s->lock, "lwip sem");
	s->count = count;
	waitq_init(&s->wq);
	s->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *s)
{
	s->valid = false;
}

void sys_sem_signal(sys_sem_t *s)
{
	spin_lock(&s->lock);
	s->count++;
	spin_unlock(&s->lock);
	wake_up_one(&s->wq);
}

/*
 * Takes one count, sleeping at most timeout_ms (0: forever). lwIP's waits
 * are not interrupted by signals: the caller is either the tcpip thread or
 * a netconn call that lwIP expects to complete.
 */
u32_t sys_arch_sem_wait(sys_sem_t *s, u32_t timeout_ms)
{
	struct wait_entry w = { .t = NULL };
	u64 start = timer_now(), deadline = deadline_after(timeout_ms);
	u32_t ret = SYS_ARCH_TIMEOUT;

	for (;;) {
		prepare_to_wait(&s->wq, &w, TASK_UNINTERRUPTIBLE);
		spin_lock(&s->lock);
		if (s->count) {
			s->count--;
			spin_unlock(&s->lock);
			ret = ms_since(start);
			break;
		}
		spin_unlock(&s->lock);
		if (schedule_until(deadline) == -ETIMEDOUT)
			break;
	}
	finish_wait(&s->wq, &w);
	return ret;
}

/* --------------------------------------------------------------- mutexes */

err_t sys_mutex_new(sys_mutex_t *m)
{
	mutex_init(&m->m, "lwip");
	m->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
	m->valid = false;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	mutex_lock(&m->m);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	mutex_unlock(&m->m);
}

/* ------------------------------------------------------------- mailboxes */

err_t sys_mbox_new(sys_mbox_t *mb, int size)
{
	if (size <= 0)
		return ERR_VAL;
	mb->slots = kmalloc(sizeof(void *) * size);
	if (!mb->slots)
		return ERR_MEM;
	spin_init(&mb->lock, "lwip mbox");
	mb->size = size;
	mb->head = 0;
	mb->count = 0;
	waitq_init(&mb->not_empty);
	waitq_init(&mb->not_full);
	mb->valid = true;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mb)
{
	kfree(mb->slots);
	mb->slots = NULL;
	mb->valid = false;
}

/* Caller holds mb->lock. */
static bool mbox_put(sys_mbox_t *mb, void *msg)
{
	if (mb->count == mb->size)
		return false;
	mb->slots[(mb->head + mb->count) % mb->size] = msg;
	mb->count++;
	return true;
}

/* Caller holds mb->lock. */
static bool mbox_get(sys_mbox_t *mb, void **msg)
{
	void *m;

	if (!mb->count)
		return false;
	m = mb->slots[mb->head];
	mb->head = (mb->head + 1) % mb->size;
	mb->count--;
	if (msg)
		*msg = m;
	return true;
}

err_t sys_mbox_trypost(sys_mbox_t *mb, void *msg)
{
	bool ok;

	spin_lock(&mb->lock);
	ok = mbox_put(mb, msg);
	spin_unlock(&mb->lock);
	if (!ok)
		return ERR_MEM;
	wake_up_one(&mb->not_empty);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mb, void *msg)
{
	return sys_mbox_trypost(mb, msg);
}

void sys_mbox_post(sys_mbox_t *mb, void *msg)
{
	struct wait_entry w = { .t = NULL };

	for (;;) {
		prepare_to_wait(&mb->not_full, &w, TASK_UNINTERRUPTIBLE);
		if (sys_mbox_trypost(mb, msg) == ERR_OK)
			break;
		schedule();
	}
	finish_wait(&mb->not_full, &w);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mb, void **msg)
{
	bool ok;

	spin_lock(&mb->lock);
	ok = mbox_get(mb, msg);
	spin_unlock(&mb->lock);
	if (!ok)
		return SYS_MBOX_EMPTY;
	wake_up_one(&mb->not_full);
	return 0;
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mb, void **msg, u32_t timeout_ms)
{
	struct wait_entry w = { .t = NULL };
	u64 start = timer_now(), deadline = deadline_after(timeout_ms);
	u32_t ret = SYS_ARCH_TIMEOUT;

	for (;;) {
		prepare_to_wait(&mb->not_empty, &w, TASK_UNINTERRUPTIBLE);
		if (sys_arch_mbox_tryfetch(mb, msg) == 0) {
			ret = ms_since(start);
			break;
		}
		if (schedule_until(deadline) == -ETIMEDOUT)
			break;
	}
	finish_wait(&mb->not_empty, &w);
	return ret;
}

/* --------------------------------------------------------------- threads */

struct thread_start {
	lwip_thread_fn fn;
	void *arg;
};

/* lwIP's thread functions may return; a kernel thread must not. */
static void lwip_thread_main(void *p)
{
	struct thread_start ts = *(struct thread_start *)p;

	kfree(p);
	ts.fn(ts.arg);
	thread_exit_final();
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct thread_start *ts = kmalloc(sizeof(*ts));
	struct thread *t;

	if (!ts)
		panic("lwIP: no memory for thread %s", name);
	ts->fn = fn;
	ts->arg = arg;
	t = kthread_create(name, lwip_thread_main, ts);
	if (!t)
		panic("lwIP: cannot create thread %s", name);
	return t;
}

sys_sem_t *lwip_port_thread_sem(void)
{
	struct thread *t = current_thread();
	sys_sem_t *s = t->net_sem;

	if (!s) {
		s = kmalloc(sizeof(*s));
		if (!s)
			panic("lwIP: no memory for a thread semaphore");
		sys_sem_new(s, 0);
		t->net_sem = s;
	}
	return s;
}

/* ------------------------------------------------------ critical regions */

/*
 * SYS_ARCH_PROTECT nests, so the lock remembers its depth. The spinlock
 * keeps other CPUs out; irq_push_off keeps this CPU's interrupts out.
 * Lock: protect_lock; protect_depth is only touched by its holder.
 */
static struct spinlock protect_lock = SPINLOCK_INIT("lwip protect");
static int protect_depth;

sys_prot_t sys_arch_protect(void)
{
	irq_push_off();
	if (spin_held(&protect_lock)) {
		protect_depth++;
	} else {
		spin_lock(&protect_lock);
		protect_depth = 1;
	}
	return 0;
}

void sys_arch_unprotect(sys_prot_t pval)
{
	if (--protect_depth == 0)
		spin_unlock(&protect_lock);
	irq_pop_off();
}
