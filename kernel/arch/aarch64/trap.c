/*
 * Exception dispatch. From user space: system calls, page faults, and the
 * faults that become signals. From the kernel: page faults inside the
 * user-copy routines, and everything else is a panic.
 */
#include "irq.h"
#include "lib.h"
#include "proc.h"
#include "mm.h"
#include "vm.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"
#include "abi/linux/syscalls.h"

extern char __uaccess_start[], __uaccess_end[], __uaccess_fixup[];
extern char vectors[];
void backtrace_from(u64 fp);

static u64 read_esr(void)
{
	u64 v;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(v));
	return v;
}

static u64 read_far(void)
{
	u64 v;

	__asm__ volatile("mrs %0, far_el1" : "=r"(v));
	return v;
}

void trap_init(void)
{
	__asm__ volatile("msr vbar_el1, %0\n isb" ::"r"(vectors));
}

struct pt_regs *current_regs(void)
{
	return current_thread()->regs;
}

static void dump_regs(struct pt_regs *r, u64 esr, u64 far)
{
	printk("esr %016lx far %016lx pc %016lx pstate %08lx sp %016lx\n", esr,
	       far, r->pc, r->pstate, r->sp);
	for (int i = 0; i < 31; i += 2)
		printk("x%-2d %016lx  x%-2d %016lx\n", i, r->regs[i], i + 1,
		       i + 1 < 31 ? r->regs[i + 1] : 0);
}

/* A synchronous fault: a handler runs, or the process dies of sig. */
static void user_fault(struct pt_regs *regs, int sig, u64 addr)
{
	force_signal(sig, 1, addr);
}

static bool fault_is_write(u64 esr)
{
	/* WnR is meaningful for data aborts not caused by cache ops. */
	return (esr & (1 << 6)) && !(esr & (1 << 8));
}

static void do_el0_svc(struct pt_regs *regs, u64 esr, u64 far)
{
	regs->orig_x0 = regs->regs[0];
	regs->syscallno = regs->regs[8];
	regs->regs[0] = do_syscall(regs);
}

static void do_el0_abort(struct pt_regs *regs, u64 esr, u64 far)
{
	u32 ec = esr >> ESR_EC_SHIFT;
	bool exec = ec == EC_IABT_LOW;
	int err = handle_mm_fault(current_proc()->mm, far,
				  !exec && fault_is_write(esr), exec);

	if (err == -EIO)
		user_fault(regs, SIGBUS, far);
	else if (err)
		user_fault(regs, SIGSEGV, far);
}

static void do_el0_undef(struct pt_regs *regs, u64 esr, u64 far)
{
	user_fault(regs, SIGILL, regs->pc);
}

static void do_el0_align(struct pt_regs *regs, u64 esr, u64 far)
{
	user_fault(regs, SIGBUS, far);
}

static void do_el0_brk(struct pt_regs *regs, u64 esr, u64 far)
{
	user_fault(regs, SIGTRAP, regs->pc);
}

static void do_el0_fpe(struct pt_regs *regs, u64 esr, u64 far)
{
	user_fault(regs, SIGFPE, regs->pc);
}

/* Exception classes from EL0; anything unlisted is an illegal instruction. */
static void (*const el0_handlers[64])(struct pt_regs *, u64, u64) = {
	[EC_SVC64] = do_el0_svc,
	[EC_DABT_LOW] = do_el0_abort,
	[EC_IABT_LOW] = do_el0_abort,
	[EC_PC_ALIGN] = do_el0_align,
	[EC_SP_ALIGN] = do_el0_align,
	[EC_BRK64] = do_el0_brk,
	[EC_FP64] = do_el0_fpe,
};

void el0_sync_handler(struct pt_regs *regs)
{
	/*
	 * ESR and FAR first, with interrupts still off: once they are on,
	 * a preemption lets another thread's exception overwrite them.
	 */
	u64 esr = read_esr(), far = read_far();
	void (*fn)(struct pt_regs *, u64, u64) =
		el0_handlers[esr >> ESR_EC_SHIFT];

	regs->syscallno = ~0UL; /* do_el0_svc sets it for system calls */
	local_irq_enable();
	(fn ? fn : do_el0_undef)(regs, esr, far);
}

void el0_irq_handler(struct pt_regs *regs)
{
	regs->syscallno = ~0UL;
	gic_handle_irq();
}

void el0_bad_handler(struct pt_regs *regs)
{
	regs->syscallno = ~0UL;
	local_irq_enable();
	user_fault(regs, SIGILL, regs->pc);
}

/* Runs with interrupts off; returns with them off, ready for eret. */
void prepare_return_to_user(struct pt_regs *regs)
{
	for (;;) {
		if (this_cpu()->need_resched) {
			local_irq_enable();
			preempt_schedule();
			local_irq_disable();
			continue;
		}
		if (signal_pending()) {
			local_irq_enable();
			handle_signals(regs);
			local_irq_disable();
			continue;
		}
		break;
	}
	if ((s64)regs->syscallno >= 0)
		syscall_exit_work(regs);
}

void el1_sync_handler(struct pt_regs *regs)
{
	u64 esr = read_esr(), far = read_far();
	u32 ec = esr >> ESR_EC_SHIFT;

	if (ec == EC_DABT_CUR && regs->pc >= (u64)__uaccess_start &&
	    regs->pc < (u64)__uaccess_end) {
		struct process *p = current_proc();

		/* Faults in user copies may sleep if the copier could. */
		if (!(regs->pstate & (1 << 7)))
			local_irq_enable();
		if (far < USER_TOP && p &&
		    !handle_mm_fault(p->mm, far, fault_is_write(esr), false)) {
			local_irq_disable();
			return;
		}
		local_irq_disable();
		regs->pc = (u64)__uaccess_fixup;
		return;
	}
	printk("\nunexpected kernel exception (class 0x%x)\n", ec);
	dump_regs(regs, esr, far);
	backtrace_from(regs->regs[29]);
	panic("kernel exception");
}

void el1_irq_handler(struct pt_regs *regs)
{
	gic_handle_irq();
	/*
	 * Preempt the kernel only where interrupts were enabled: no spinlock
	 * is held there (spinlocks keep interrupts off).
	 */
	if (this_cpu()->need_resched && !(regs->pstate & (1 << 7)) &&
	    this_cpu()->irq_depth == 0)
		preempt_schedule();
}

void bad_exception(struct pt_regs *regs)
{
	dump_regs(regs, read_esr(), read_far());
	panic("bad exception vector");
}
