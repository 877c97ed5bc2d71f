/*
 * start_kernel: the boot order, one step a line. head.S calls it with the
 * MMU on, on the boot stack, with the device tree's and the image's
 * physical addresses.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "vfs.h"

void sched_early_init(void);
void timer_early_init(void);
void trap_init(void);
void random_init(void);
void time_init(void);
void free_reserved_range(phys_addr_t start, phys_addr_t end);
void futex_init(void);
void net_init(void);
void virtio_init(void);

static u64 initrd_start, initrd_end;
static char *init_argv[] = { "/init", NULL };

static void find_initrd(void)
{
	struct fdt_node chosen;
	const void *s, *e;
	int ls, le;

	if (!fdt_find_node("chosen", &chosen))
		return;
	s = fdt_prop(&chosen, "linux,initrd-start", &ls);
	e = fdt_prop(&chosen, "linux,initrd-end", &le);
	if (s && e) {
		initrd_start = fdt_read_cells(s, ls / 4);
		initrd_end = fdt_read_cells(e, le / 4);
	}
}

void start_kernel(phys_addr_t dtb_pa, phys_addr_t load_pa)
{
	u64 t0;

	kimage_voffset = KIMAGE_BASE - load_pa;
	sched_early_init();		/* this_cpu() and current_thread() */
	timer_early_init();		/* the counter, for boot timing */
	t0 = timer_now();
	if (fdt_init(phys_to_virt(dtb_pa)))
		machine_exit_failure(2); /* no device tree: nothing to say it on */
	mm_init(load_pa, dtb_pa);	/* linear map, page allocator */
	uart_init();			/* the console, so printk works */
	printk("Akuma 0.1 (aarch64) booting: %lu MiB RAM, %lu MiB free\n",
	       total_page_count() >> 8, free_page_count() >> 8);
	trap_init();			/* exception vectors */
	gic_init();			/* interrupt controller */
	timer_init();			/* preemption and sleeping */
	psci_init();			/* power off */
	random_init();			/* getrandom, AT_RANDOM */
	time_init();			/* wall clock from the RTC */
	sched_init();
	vfs_init();			/* root file system with /dev */
	find_initrd();
	if (initrd_end > initrd_start) {
		int err = cpio_unpack(phys_to_virt(initrd_start),
				      initrd_end - initrd_start);

		if (err)
			printk("initramfs: unpacking failed (%d)\n", err);
		free_reserved_range(initrd_start, initrd_end);
	} else {
		printk("no initramfs: pass one with -initrd\n");
	}
	uart_init_irq();		/* console input */
	virtio_init();			/* virtio-mmio devices: the network */
	printk("boot took %lu us; starting /init\n",
	       ticks_to_ns(timer_now() - t0) / 1000);
	futex_init();
	proc_init();			/* the reaper thread */
	net_init();			/* lwIP, its tcpip thread and 127.0.0.1 */
	start_init(init_argv[0], init_argv);
	local_irq_enable();
	idle_loop();
}
