/* Spinlocks and per-CPU interrupt nesting; see spinlock.h. */
#include "irq.h"
#include "lib.h"
#include "sched.h"
#include "spinlock.h"

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->cpu = -1;
}

void irq_push_off(void)
{
	bool on = irqs_enabled();
	struct cpu *c;

	local_irq_disable();
	c = this_cpu();
	if (c->irq_depth++ == 0)
		c->irq_was_on = on;
}

void irq_pop_off(void)
{
	struct cpu *c = this_cpu();

	BUG_ON(irqs_enabled());
	BUG_ON(c->irq_depth < 1);
	if (--c->irq_depth == 0 && c->irq_was_on)
		local_irq_enable();
}

void spin_lock(struct spinlock *l)
{
	irq_push_off();
	if (unlikely(spin_held(l)))
		panic("spinlock %s: recursive acquire", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	l->cpu = this_cpu()->id;
}

void spin_unlock(struct spinlock *l)
{
	if (unlikely(!spin_held(l)))
		panic("spinlock %s: release without hold", l->name);
	l->cpu = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop_off();
}

bool spin_held(struct spinlock *l)
{
	return l->locked && l->cpu == this_cpu()->id;
}
