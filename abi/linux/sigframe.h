/* The aarch64 signal frame, as arch/arm64's rt_sigframe lays it out. */
#ifndef ABI_LINUX_SIGFRAME_H
#define ABI_LINUX_SIGFRAME_H

#include "kernel/include/types.h"

struct linux_siginfo {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 __pad;
	union {
		struct {
			s32 pid;
			u32 uid;
			s32 status; /* SIGCHLD */
		} kill;
		u64 addr; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		u8 __size[112];
	} f;
};
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo layout");

struct linux_stack {
	u64 ss_sp;
	s32 ss_flags;
	s32 __pad;
	u64 ss_size;
};
_Static_assert(sizeof(struct linux_stack) == 24, "stack_t layout");

#define FPSIMD_MAGIC 0x46508001
#define ESR_MAGIC 0x45535201

struct fpsimd_context {
	u32 magic, size;
	u32 fpsr, fpcr;
	__uint128_t vregs[32];
};
_Static_assert(sizeof(struct fpsimd_context) == 528, "fpsimd_context");

struct linux_sigcontext {
	u64 fault_address;
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
	u8 __reserved[4096] __aligned(16);
};

struct linux_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct linux_stack uc_stack;
	u64 uc_sigmask;
	u8 __unused[128 - 8];
	struct linux_sigcontext uc_mcontext;
};

struct rt_sigframe {
	struct linux_siginfo info;
	struct linux_ucontext uc;
	u64 fp, lr; /* the frame record x29 points at in the handler */
};
_Static_assert(__builtin_offsetof(struct rt_sigframe, uc.uc_mcontext) == 304,
	       "sigcontext offset");
_Static_assert(sizeof(struct rt_sigframe) % 16 == 0, "frame alignment");

#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL -6
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 5120

#endif
