/* Interrupt controller, timer and device mappings. */
#ifndef AKUMA_IRQ_H
#define AKUMA_IRQ_H

#include "types.h"

void *ioremap(phys_addr_t pa, size_t size);

void gic_init(void);
void irq_register(int irq, void (*fn)(void *), void *arg);
void irq_enable_line(int irq);
void gic_handle_irq(void);
/* Interrupts taken on a line, and the highest line in use (/proc/stat). */
u64 irq_count(int irq);
int irq_max(void);

static inline void local_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static inline bool irqs_enabled(void)
{
	u64 daif;

	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return !(daif & (1 << 7));
}

/* The generic timer: the virtual counter is our clock. */
void timer_init(void);
u64 timer_now(void);       /* counter ticks since boot */
u64 timer_freq(void);      /* ticks per second */
u64 ns_to_ticks(u64 ns);
u64 ticks_to_ns(u64 t);
/* Makes sure the timer fires no later than at tick deadline. */
void timer_program(u64 deadline);

void uart_init(void);
void uart_init_irq(void);
void uart_putc(char c);
void uart_write(const char *s, size_t n);

/* Clocks (kernel/time.c) and randomness (kernel/random.c). */
struct linux_timespec;
u64 ktime_get_ns(void);       /* monotonic */
s64 ktime_get_real_ns(void);  /* wall clock */
void ktime_set_real_ns(s64 ns);
void ktime_get_real(struct linux_timespec *ts);
long get_random_bytes(void *buf, size_t n);

/* PSCI power control, and the semihosting exit used on panic. */
void psci_init(void);
void __noreturn machine_power_off(void);
void __noreturn machine_restart(void);
void __noreturn machine_exit_failure(int code);

#endif
