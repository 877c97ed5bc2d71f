/*
 * The syscall table: Linux aarch64 numbers, one row per implemented call.
 * Every other slot is NULL and gets -ENOSYS, as Linux's sys_ni_syscall.
 */
#include "abi/linux/syscalls.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "kernel/include/lib.h"

struct syscall_entry {
	const char *name;
	syscall_fn fn;
};

#define X(name) [__NR_##name] = { #name, sys_##name },
static const struct syscall_entry syscall_table[NR_SYSCALLS] = {
	SYSCALL_LIST(X)
};
#undef X

long do_syscall(struct pt_regs *regs)
{
	u64 nr = regs->regs[8];
	const struct syscall_entry *e;

	if (nr >= NR_SYSCALLS)
		return -ENOSYS;
	e = &syscall_table[nr];
	if (!e->fn)
		return -ENOSYS;
	return e->fn(regs->regs[0], regs->regs[1], regs->regs[2],
		     regs->regs[3], regs->regs[4], regs->regs[5]);
}
