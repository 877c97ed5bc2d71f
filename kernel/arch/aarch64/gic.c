/*
 * The GICv2 interrupt controller QEMU's virt machine has by default, at the
 * addresses the device tree gives. Handlers run with interrupts off.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define NR_IRQS 1020 /* the architectural limit of interrupt IDs */

struct irq_handler {
	void (*fn)(void *arg);
	void *arg;
};

static volatile u8 *gicd, *gicc;
/* Written at registration, before the line is enabled; read-only after. */
static struct irq_handler handlers[NR_IRQS];
/* Interrupts taken per line, for /proc/stat; atomic. */
static u64 counts[NR_IRQS];
static int max_irq; /* the highest line registered */

static void wr32(volatile u8 *base, u32 off, u32 v)
{
	*(volatile u32 *)(base + off) = v;
}

static u32 rd32(volatile u8 *base, u32 off)
{
	return *(volatile u32 *)(base + off);
}

void gic_init(void)
{
	struct fdt_node n;
	u64 dbase, dsize, cbase, csize;

	if (!fdt_find_compatible("arm,cortex-a15-gic", &n) &&
	    !fdt_find_compatible("arm,gic-400", &n))
		panic("no GICv2 in the device tree (run QEMU with the "
		      "default gic-version=2)");
	if (!fdt_reg(&n, 0, &dbase, &dsize) || !fdt_reg(&n, 1, &cbase, &csize))
		panic("GIC without registers");
	gicd = ioremap(dbase, dsize);
	gicc = ioremap(cbase, csize);
	wr32(gicd, GICD_CTLR, 1);
	wr32(gicc, GICC_PMR, 0xff);
	wr32(gicc, GICC_CTLR, 1);
}

void irq_enable_line(int irq)
{
	/* Middle priority; SPIs go to CPU 0 for now. */
	*(volatile u8 *)(gicd + GICD_IPRIORITYR + irq) = 0xa0;
	if (irq >= 32)
		*(volatile u8 *)(gicd + GICD_ITARGETSR + irq) = 1;
	wr32(gicd, GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

void irq_register(int irq, void (*fn)(void *), void *arg)
{
	if (irq < 0 || irq >= NR_IRQS)
		panic("bad irq %d", irq);
	handlers[irq].fn = fn;
	handlers[irq].arg = arg;
	if (irq > max_irq)
		max_irq = irq;
	irq_enable_line(irq);
}

u64 irq_count(int irq)
{
	return __atomic_load_n(&counts[irq], __ATOMIC_RELAXED);
}

int irq_max(void)
{
	return max_irq;
}

void gic_handle_irq(void)
{
	for (;;) {
		u32 iar = rd32(gicc, GICC_IAR);
		u32 irq = iar & 0x3ff;

		if (irq >= NR_IRQS)
			break; /* 1023: nothing pending */
		__atomic_fetch_add(&counts[irq], 1, __ATOMIC_RELAXED);
		if (handlers[irq].fn)
			handlers[irq].fn(handlers[irq].arg);
		wr32(gicc, GICC_EOIR, iar);
	}
}
