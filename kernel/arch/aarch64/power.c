/*
 * Stopping the machine: PSCI for power-off and restart (the conduit comes
 * from the device tree), and the semihosting exit call for a failing exit
 * status after a panic, which QEMU turns into its own exit code.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"

#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009

static bool psci_smc;

void psci_init(void)
{
	struct fdt_node n;
	const char *method;

	if (!fdt_find_node("psci", &n))
		return;
	method = fdt_prop(&n, "method", NULL);
	psci_smc = method && !strcmp(method, "smc");
}

static void psci_call(u64 fn)
{
	register u64 x0 __asm__("x0") = fn;

	if (psci_smc)
		__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
}

void machine_power_off(void)
{
	local_irq_disable();
	psci_call(PSCI_SYSTEM_OFF);
	for (;;)
		__asm__ volatile("wfi");
}

void machine_restart(void)
{
	local_irq_disable();
	psci_call(PSCI_SYSTEM_RESET);
	for (;;)
		__asm__ volatile("wfi");
}

void machine_exit_failure(int code)
{
	static int entered;
	u64 block[2] = { 0x20026, (u64)code }; /* ADP_Stopped_ApplicationExit */
	register u64 x0 __asm__("x0") = 0x18;  /* SYS_EXIT */
	register u64 x1 __asm__("x1") = (u64)block;

	local_irq_disable();
	/* Without semihosting the hlt traps back here: power off instead. */
	if (!entered++)
		__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	machine_power_off();
}
