/* The trap frame entry.S saves at the top of a thread's kernel stack. */
#ifndef AKUMA_PTRACE_H
#define AKUMA_PTRACE_H

#define PT_REGS_SIZE 288 /* keep in step with entry.S */

#ifndef __ASSEMBLY__
#include "kernel/include/types.h"

struct pt_regs {
	u64 regs[31];
	u64 sp;      /* sp_el0 for user frames, the old sp for kernel ones */
	u64 pc;      /* elr_el1 */
	u64 pstate;  /* spsr_el1 */
	u64 orig_x0; /* x0 as the syscall received it, for restarts */
	u64 syscallno;
};
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

static inline bool user_mode(const struct pt_regs *r)
{
	return (r->pstate & 0xf) == 0;
}
#endif

#endif
