/*
 * The scheduler: one round-robin run queue for all CPUs, preemption by
 * the timer, wait queues, timers, and mutexes. See sched.h for the rules.
 */
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"

#define NR_CPUS 8
#define TIME_SLICE_NS 10000000UL

void cpu_switch(struct cpu_context *prev, struct cpu_context *next);
void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(struct fpsimd_state *s);
void ret_from_fork(void);
void mm_switch(struct thread *next);

static struct cpu cpus[NR_CPUS];
static struct thread boot_thread;

/* sched_lock protects runq and every thread's state, on_cpu, run_link. */
static struct spinlock sched_lock = SPINLOCK_INIT("sched");
static LIST_HEAD(runq);
/* The thread whose switch-out is completing on each CPU. */
static struct thread *switching_from[NR_CPUS];

/* timer_lock protects timers and every ktimer's link and pending. */
static struct spinlock timer_lock = SPINLOCK_INIT("timer");
static LIST_HEAD(timers);
static u64 next_slice;

static int next_tid = 1;
u64 nr_context_switches;

/*
 * The load average, as Linux computes it: every 5 s the number of
 * runnable threads is folded into three exponential averages in 11-bit
 * fixed point (FSHIFT). Under sched_lock.
 */
#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_FREQ_NS 5000000000UL
static const unsigned long load_exp[3] = { 1884, 2014, 2037 };
static unsigned long avenrun[3];
static u64 next_load_sample;
static int nr_queued; /* threads on runq */

static void sample_load_locked(u64 now)
{
	struct cpu *c = this_cpu();
	/* Queued threads plus the one this CPU runs, as one CPU is all. */
	unsigned long active =
		(unsigned long)(nr_queued + (c->cur != c->idle)) * FIXED_1;

	for (int i = 0; i < 3; i++) {
		unsigned long a = avenrun[i] * load_exp[i] +
				  active * (FIXED_1 - load_exp[i]);

		/* Round up while rising, as Linux's calc_load does. */
		if (active >= avenrun[i])
			a += FIXED_1 - 1;
		avenrun[i] = a / FIXED_1;
	}
	next_load_sample = now + ns_to_ticks(LOAD_FREQ_NS);
}

int sched_nr_cpus(void)
{
	int n = 0;

	for (int i = 0; i < NR_CPUS; i++)
		n += cpus[i].idle != NULL;
	return n;
}

/*
 * An idle thread's runtime since it entered idle_loop is the time its CPU
 * had nothing to run; before that it was booting (and may have been
 * preempted into user space before getting there). Under sched_lock.
 */
static u64 idle_base[NR_CPUS];
static bool idle_started[NR_CPUS];

static u64 idle_runtime_locked(int cpu)
{
	struct thread *idle = cpus[cpu].idle;
	u64 r = idle->runtime;

	if (idle->on_cpu && cpus[cpu].cur == idle)
		r += timer_now() - idle->switched_in;
	return r;
}

u64 sched_idle_ticks(int cpu)
{
	u64 r = 0;

	spin_lock(&sched_lock);
	if (idle_started[cpu])
		r = idle_runtime_locked(cpu) - idle_base[cpu];
	spin_unlock(&sched_lock);
	return r;
}

void sched_loadavg(unsigned long loads[3], int shift)
{
	spin_lock(&sched_lock);
	for (int i = 0; i < 3; i++)
		loads[i] = shift >= FSHIFT ? avenrun[i] << (shift - FSHIFT) :
					     avenrun[i] >> (FSHIFT - shift);
	spin_unlock(&sched_lock);
}

/* Makes the boot context a thread so that locks and sleeps work early. */
void sched_early_init(void)
{
	cpus[0].id = 0;
	cpus[0].cur = &boot_thread;
	cpus[0].idle = &boot_thread;
	boot_thread.name = "idle0";
	boot_thread.on_cpu = 1;
	boot_thread.state = TASK_RUNNING;
	list_init(&boot_thread.run_link);
	__asm__ volatile("msr tpidr_el1, %0\n msr sp_el0, %1"
			 :
			 : "r"(&cpus[0]), "r"(&boot_thread));
}

struct thread *thread_alloc(void)
{
	struct thread *t = kmalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = alloc_pages(KSTACK_ORDER);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	list_init(&t->run_link);
	list_init(&t->proc_link);
	t->state = TASK_UNINTERRUPTIBLE; /* not runnable until started */
	t->tid = __atomic_fetch_add(&next_tid, 1, __ATOMIC_RELAXED);
	t->regs = (struct pt_regs *)((char *)t->kstack + KSTACK_SIZE -
				     PT_REGS_SIZE);
	/* A new thread's first switch lands in ret_from_fork. */
	t->ctx.lr = (u64)ret_from_fork;
	t->ctx.sp = (u64)t->regs;
	return t;
}

void thread_free(struct thread *t)
{
	/*
	 * An exiting thread may be preempted after its parent was told it
	 * exited: it is then off the CPU but still queued. Wait until it has
	 * made its final switch (TASK_DEAD, set with interrupts off) and that
	 * switch has finished (on_cpu clear). A thread never started (its
	 * creator backing out) can go at once.
	 */
	while (t->started && (READ_ONCE(t->state) != TASK_DEAD ||
			      READ_ONCE(t->on_cpu)))
		yield();
	free_pages(t->kstack, KSTACK_ORDER);
	kfree(t->net_sem); /* holds no other resource */
	kfree(t);
}

/* Caller holds sched_lock. A thread is queued at most once. */
static void enqueue(struct thread *t)
{
	if (!t->on_rq) {
		t->on_rq = 1;
		nr_queued++;
		list_add_tail(&t->run_link, &runq);
	}
}

void thread_start(struct thread *t)
{
	spin_lock(&sched_lock);
	t->started = true;
	t->state = TASK_RUNNING;
	enqueue(t);
	spin_unlock(&sched_lock);
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = thread_alloc();

	if (!t)
		return NULL;
	t->name = name;
	t->ctx.x19 = (u64)fn;
	t->ctx.x20 = (u64)arg;
	t->ctx.sp = (u64)t->kstack + KSTACK_SIZE;
	thread_start(t);
	return t;
}

/* Completes a switch on the new thread's side: see schedule(). */
static void finish_switch(void)
{
	struct cpu *c = this_cpu();
	struct thread *prev = switching_from[c->id];

	if (prev) {
		prev->on_cpu = 0;
		switching_from[c->id] = NULL;
	}
}

/* The first code a new thread runs, from ret_from_fork. */
void schedule_tail(void)
{
	finish_switch();
	/* New threads start with interrupts enabled once the lock drops. */
	this_cpu()->irq_was_on = true;
	spin_unlock(&sched_lock);
}

/*
 * preempt: the thread is being preempted, not going to sleep. It stays
 * runnable whatever its state says, because it may be between setting
 * TASK_INTERRUPTIBLE and arming what would wake it.
 */
static void __schedule(bool preempt)
{
	struct thread *prev = current_thread(), *next;
	struct cpu *c;
	int depth;
	bool was_on;
	u64 now;

	spin_lock(&sched_lock);
	c = this_cpu();
	c->need_resched = false;
	if ((prev->state == TASK_RUNNING || preempt) && prev != c->idle)
		enqueue(prev);

	if (!list_empty(&runq)) {
		next = list_first_entry(&runq, struct thread, run_link);
		list_del(&next->run_link);
		next->on_rq = 0;
		nr_queued--;
	} else {
		next = c->idle;
	}
	if (next == prev) {
		spin_unlock(&sched_lock);
		return;
	}
	now = timer_now();
	prev->runtime += now - prev->switched_in;
	next->switched_in = now;
	next->on_cpu = 1;
	nr_context_switches++;
	if (preempt)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	switching_from[c->id] = prev;
	/* User state the kernel itself never touches: FP/SIMD and TLS. */
	if (prev->proc) {
		fpsimd_save(&prev->fpsimd);
		__asm__ volatile("mrs %0, tpidr_el0" : "=r"(prev->tpidr_el0));
	}
	if (next->proc) {
		fpsimd_load(&next->fpsimd);
		__asm__ volatile("msr tpidr_el0, %0" ::"r"(next->tpidr_el0));
	}
	mm_switch(next);
	c->cur = next;
	__asm__ volatile("msr sp_el0, %0" ::"r"(next));
	/* The interrupt nesting state belongs to the thread, as in xv6. */
	depth = c->irq_depth;
	was_on = c->irq_was_on;
	cpu_switch(&prev->ctx, &next->ctx);
	c = this_cpu();
	c->irq_depth = depth;
	c->irq_was_on = was_on;
	finish_switch();
	spin_unlock(&sched_lock);
}

void schedule(void)
{
	__schedule(false);
}

void preempt_schedule(void)
{
	__schedule(true);
}

void yield(void)
{
	schedule();
}

static void wake_up_state(struct thread *t, bool uninterruptible_too)
{
	spin_lock(&sched_lock);
	if (t->state == TASK_INTERRUPTIBLE ||
	    (uninterruptible_too && t->state == TASK_UNINTERRUPTIBLE)) {
		t->state = TASK_RUNNING;
		/* Still on a CPU: its own schedule() will keep it running. */
		if (!t->on_cpu)
			enqueue(t);
	}
	spin_unlock(&sched_lock);
}

void wake_up_thread(struct thread *t)
{
	wake_up_state(t, true);
}

void wake_up_interruptible_thread(struct thread *t)
{
	wake_up_state(t, false);
}

void __noreturn thread_exit_final(void)
{
	/*
	 * No preemption between here and the switch: a preempted dead thread
	 * would sit on the run queue while its parent frees it.
	 */
	irq_push_off();
	spin_lock(&sched_lock);
	current_thread()->state = TASK_DEAD;
	spin_unlock(&sched_lock);
	schedule();
	panic("dead thread scheduled");
}

void __noreturn idle_loop(void)
{
	int cpu = this_cpu()->id;

	/* The boot work this thread did is not idle time (/proc/stat). */
	spin_lock(&sched_lock);
	idle_base[cpu] = idle_runtime_locked(cpu);
	idle_started[cpu] = true;
	spin_unlock(&sched_lock);
	for (;;) {
		local_irq_disable();
		if (list_empty(&runq) && !this_cpu()->need_resched)
			__asm__ volatile("wfi");
		local_irq_enable();
		schedule();
	}
}

void waitq_init(struct waitq *wq)
{
	spin_init(&wq->lock, "waitq");
	list_init(&wq->waiters);
}

/*
 * Queues w behind every other non-exclusive entry but before the
 * exclusive ones, which stay at the tail. Caller holds wq->lock.
 */
static void queue_entry_locked(struct waitq *wq, struct wait_entry *w)
{
	struct list_head *pos = wq->waiters.prev;

	if (w->exclusive) {
		list_add_tail(&w->link, &wq->waiters);
		return;
	}
	while (pos != &wq->waiters &&
	       list_entry(pos, struct wait_entry, link)->exclusive)
		pos = pos->prev;
	list_add(&w->link, pos);
}

void prepare_to_wait(struct waitq *wq, struct wait_entry *w, int state)
{
	struct thread *t = current_thread();

	spin_lock(&wq->lock);
	if (w->t != t) {
		w->t = t;
		w->func = NULL;
		w->exclusive = false;
		list_init(&w->link);
	}
	if (list_empty(&w->link))
		queue_entry_locked(wq, w);
	t->state = state;
	spin_unlock(&wq->lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void finish_wait(struct waitq *wq, struct wait_entry *w)
{
	current_thread()->state = TASK_RUNNING;
	spin_lock(&wq->lock);
	if (w->t == current_thread() && !list_empty(&w->link))
		list_del(&w->link);
	spin_unlock(&wq->lock);
}

/* Returns whether the entry woke someone. */
static int wake_entry(struct wait_entry *w, u32 key)
{
	if (w->func)
		return w->func(w, key);
	wake_up_thread(w->t);
	return 1;
}

/*
 * Linux's __wake_up_common: nr_exclusive exclusive entries that woke
 * someone end the walk (0: no limit). Non-exclusive entries come first
 * in the queue, so they are all woken.
 */
static void wake_up_common(struct waitq *wq, u32 key, int nr_exclusive)
{
	struct wait_entry *w, *n;

	spin_lock(&wq->lock);
	/* A callback may remove its own entry. */
	list_for_each_entry_safe(w, n, &wq->waiters, link) {
		if (wake_entry(w, key) && w->exclusive && !--nr_exclusive)
			break;
	}
	spin_unlock(&wq->lock);
}

void wake_up_key(struct waitq *wq, u32 key)
{
	wake_up_common(wq, key, 1);
}

/* Every entry, exclusive ones included, as Linux's wake_up_all. */
void wake_up_all(struct waitq *wq)
{
	wake_up_common(wq, ~0u, 0);
}

void wake_up_one(struct waitq *wq)
{
	spin_lock(&wq->lock);
	if (!list_empty(&wq->waiters))
		wake_entry(list_first_entry(&wq->waiters, struct wait_entry,
					    link),
			   ~0u);
	spin_unlock(&wq->lock);
}

void add_wait_entry(struct waitq *wq, struct wait_entry *w)
{
	spin_lock(&wq->lock);
	w->exclusive = false;
	queue_entry_locked(wq, w);
	spin_unlock(&wq->lock);
}

void add_wait_entry_exclusive(struct waitq *wq, struct wait_entry *w)
{
	spin_lock(&wq->lock);
	w->exclusive = true;
	queue_entry_locked(wq, w);
	spin_unlock(&wq->lock);
}

void remove_wait_entry(struct waitq *wq, struct wait_entry *w)
{
	spin_lock(&wq->lock);
	list_del(&w->link);
	spin_unlock(&wq->lock);
}

/* Timers. The earliest one and the time slice set the next interrupt. */
static void reprogram_locked(void)
{
	u64 next = next_slice;

	if (!list_empty(&timers)) {
		struct ktimer *t = list_first_entry(&timers, struct ktimer, link);

		if (t->expires < next)
			next = t->expires;
	}
	timer_program(next);
}

void ktimer_add(struct ktimer *t, u64 expires)
{
	struct ktimer *pos;

	spin_lock(&timer_lock);
	if (t->pending)
		list_del(&t->link);
	t->expires = expires;
	t->pending = true;
	list_for_each_entry(pos, &timers, link) {
		if (pos->expires > expires)
			break;
	}
	list_add_tail(&t->link, &pos->link);
	reprogram_locked();
	spin_unlock(&timer_lock);
}

void ktimer_cancel(struct ktimer *t)
{
	spin_lock(&timer_lock);
	if (t->pending) {
		list_del(&t->link);
		t->pending = false;
	}
	spin_unlock(&timer_lock);
}

void timer_tick(void)
{
	u64 now = timer_now();

	spin_lock(&timer_lock);
	while (!list_empty(&timers)) {
		struct ktimer *t = list_first_entry(&timers, struct ktimer, link);

		if (t->expires > now)
			break;
		list_del(&t->link);
		t->pending = false;
		/* fn may re-add the timer, so drop the lock around it. */
		spin_unlock(&timer_lock);
		t->fn(t);
		spin_lock(&timer_lock);
	}
	spin_lock(&sched_lock);
	if (now >= next_load_sample)
		sample_load_locked(now);
	spin_unlock(&sched_lock);
	if (now >= next_slice) {
		next_slice = now + ns_to_ticks(TIME_SLICE_NS);
		if (!list_empty(&runq))
			this_cpu()->need_resched = true;
	}
	reprogram_locked();
	spin_unlock(&timer_lock);
}

struct sleep_timer {
	struct ktimer timer;
	struct thread *t;
	bool fired;
};

static void sleep_timer_fn(struct ktimer *kt)
{
	struct sleep_timer *st = container_of(kt, struct sleep_timer, timer);

	st->fired = true;
	wake_up_thread(st->t);
}

long schedule_until(u64 deadline)
{
	struct sleep_timer st = { .t = current_thread() };

	if (deadline) {
		if (timer_now() >= deadline) {
			current_thread()->state = TASK_RUNNING;
			return -ETIMEDOUT;
		}
		list_init(&st.timer.link);
		st.timer.fn = sleep_timer_fn;
		ktimer_add(&st.timer, deadline);
	}
	schedule();
	if (deadline)
		ktimer_cancel(&st.timer);
	if (st.fired)
		return -ETIMEDOUT;
	if (signal_pending())
		return -ERESTARTSYS;
	return 0;
}

void mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, name);
	m->owner = NULL;
	waitq_init(&m->wq);
}

void mutex_lock(struct mutex *m)
{
	struct wait_entry w = { .t = NULL };

	for (;;) {
		prepare_to_wait(&m->wq, &w, TASK_UNINTERRUPTIBLE);
		spin_lock(&m->lock);
		if (!m->owner) {
			m->owner = current_thread();
			spin_unlock(&m->lock);
			break;
		}
		BUG_ON(m->owner == current_thread());
		spin_unlock(&m->lock);
		schedule();
	}
	finish_wait(&m->wq, &w);
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	BUG_ON(m->owner != current_thread());
	m->owner = NULL;
	spin_unlock(&m->lock);
	wake_up_one(&m->wq);
}

void sched_init(void)
{
	next_slice = timer_now() + ns_to_ticks(TIME_SLICE_NS);
	/* The first load sample is 5 s after boot, as Linux's. */
	next_load_sample = timer_now() + ns_to_ticks(LOAD_FREQ_NS);
	spin_lock(&timer_lock);
	reprogram_locked();
	spin_unlock(&timer_lock);
}
