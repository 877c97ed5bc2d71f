/* The generic timer: the virtual counter and its EL1 compare timer. */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "sched.h"

static u64 freq;
static u64 boot_count;

u64 timer_now(void)
{
	u64 v;

	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v));
	return v - boot_count;
}

u64 timer_freq(void)
{
	return freq;
}

u64 ns_to_ticks(u64 ns)
{
	return (u64)((__uint128_t)ns * freq / 1000000000UL);
}

u64 ticks_to_ns(u64 t)
{
	return (u64)((__uint128_t)t * 1000000000UL / freq);
}

void timer_program(u64 deadline)
{
	__asm__ volatile("msr cntv_cval_el0, %0\n msr cntv_ctl_el0, %1\n isb"
			 :
			 : "r"(deadline + boot_count), "r"(1UL));
}

static void timer_irq(void *arg)
{
	timer_tick();
}

/* Reads the frequency early; boot time is counted from QEMU's start. */
void timer_early_init(void)
{
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	boot_count = 0;
}

void timer_init(void)
{
	struct fdt_node n;
	int irq;

	if (!fdt_find_compatible("arm,armv8-timer", &n))
		panic("no architected timer in the device tree");
	irq = fdt_irq(&n, 2); /* secure phys, phys, virt, hyp */
	if (irq < 0)
		panic("timer without interrupts");
	/* User space may read the virtual counter, as on Linux. */
	__asm__ volatile("msr cntkctl_el1, %0" ::"r"(1UL << 1));
	irq_register(irq, timer_irq, NULL);
}
