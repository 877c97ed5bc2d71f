/*
 * Spinlocks disable interrupts on the local CPU while held, as xv6's do:
 * a holder can never be preempted or interrupted by code that wants the
 * same lock, and an interrupt taken in the kernel with interrupts enabled
 * therefore knows no spinlock is held and may switch threads.
 */
#ifndef AKUMA_SPINLOCK_H
#define AKUMA_SPINLOCK_H

#include "types.h"

struct spinlock {
	volatile u32 locked;
	const char *name;
	int cpu; /* holder, for debugging; -1 when free */
};

#define SPINLOCK_INIT(n) { 0, n, -1 }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_held(struct spinlock *l);

/* Nestable interrupt disabling, counted per CPU. */
void irq_push_off(void);
void irq_pop_off(void);

#endif
