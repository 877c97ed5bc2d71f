/*
 * User faults end the process with the signal Linux picks, and the kernel
 * survives them: null and kernel-address accesses, jumps to unmapped or
 * kernel addresses, undefined and privileged instructions, brk, and a
 * runaway stack. Each case runs in a child; the parent checks wait4.
 */
#include <signal.h>
#include <sys/wait.h>

#include "guest.h"

/* Addresses go through a volatile so that the compiler cannot reason about them. */
static volatile unsigned long null_addr = 0, low_addr = 0xff0;
static volatile unsigned long kernel_addr = KERNEL_ADDR;

static void read_null(void)
{
	(void)*(volatile int *)null_addr;
}

static void write_null(void)
{
	*(volatile int *)null_addr = 1;
}

static void read_low(void)
{
	(void)*(volatile int *)low_addr;
}

static void read_kernel(void)
{
	(void)*(volatile long *)kernel_addr;
}

static void write_kernel(void)
{
	*(volatile long *)kernel_addr = 1;
}

static void read_unmapped(void)
{
	(void)*(volatile long *)unmapped_addr();
}

static void jump_null(void)
{
	((void (*)(void))null_addr)();
}

static void jump_kernel(void)
{
	((void (*)(void))kernel_addr)();
}

static void jump_unmapped(void)
{
	((void (*)(void))unmapped_addr())();
}

static void udf(void)
{
	__asm__ volatile(".inst 0x00000000");
}

static void hvc(void)
{
	__asm__ volatile("hvc #0");
}

static void mrs_el1(void)
{
	unsigned long v;

	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
}

static void brk_insn(void)
{
	__asm__ volatile("brk #0x3e8");
}

static volatile long sink;

/*
 * Uses 4 KiB of stack per level until the stack runs out; the check on
 * sink is never true but keeps the compiler from calling this endless.
 */
static long recurse(long depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	frame[4095] = (char)depth;
	if (sink == -12345)
		return 0;
	sink = recurse(depth + 1) + frame[100];
	return sink;
}

static void stack_overflow(void)
{
	sink = recurse(0);
}

struct fault_case {
	const char *name;
	void (*fn)(void);
	int sig;
};

static const struct fault_case cases[] = {
	{ "read null", read_null, SIGSEGV },
	{ "write null", write_null, SIGSEGV },
	{ "read 0xff0", read_low, SIGSEGV },
	{ "read kernel address", read_kernel, SIGSEGV },
	{ "write kernel address", write_kernel, SIGSEGV },
	{ "read unmapped", read_unmapped, SIGSEGV },
	{ "jump to null", jump_null, SIGSEGV },
	{ "jump to kernel address", jump_kernel, SIGSEGV },
	{ "jump to unmapped", jump_unmapped, SIGSEGV },
	{ "udf", udf, SIGILL },
	{ "hvc from EL0", hvc, SIGILL },
	{ "mrs sctlr_el1 from EL0", mrs_el1, SIGILL },
	{ "brk instruction", brk_insn, SIGTRAP },
	{ "stack overflow", stack_overflow, SIGSEGV },
};

static void run_case(void *arg)
{
	((const struct fault_case *)arg)->fn();
}

int main(void)
{
	size_t i;
	int status;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		status = run_in_child(run_case, (void *)&cases[i]);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != cases[i].sig)
			check_fail(__FILE__, __LINE__,
				   "%s: status 0x%x, want signal %d",
				   cases[i].name, status, cases[i].sig);
	}
	/* After all that, this process and the kernel carry on normally. */
	CHECK(SYS(SYS_getpid) > 0);
	return check_done();
}
