/*
 * Exception vectors, the trap frame, returning to user space, and the
 * context switch. The trap frame layout is struct pt_regs (ptrace.h).
 */
#include "kernel/arch/aarch64/ptrace.h"

	.macro	kernel_entry el
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if	\el == 0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #PT_REGS_SIZE
	.endif
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #16 * 15]
	stp	x22, x23, [sp, #16 * 16]
	str	x0, [sp, #16 * 17]		/* orig_x0 */
	.if	\el == 0
	mov	x29, xzr			/* end of the kernel backtrace */
	mrs	x20, tpidr_el1			/* struct cpu; cur at offset 0 */
	ldr	x20, [x20]
	msr	sp_el0, x20			/* current_thread() from here */
	.endif
	.endm

	.macro	kernel_exit el
	ldp	x22, x23, [sp, #16 * 16]
	.if	\el == 0
	ldr	x21, [sp, #16 * 15 + 8]
	msr	sp_el0, x21
	.endif
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #PT_REGS_SIZE
	eret
	.endm

	.macro	vent label
	.balign	0x80
	b	\label
	.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	vent	el1_bad		/* current EL, SP_EL0 */
	vent	el1_bad
	vent	el1_bad
	vent	el1_bad
	vent	el1_sync	/* current EL, SP_ELx */
	vent	el1_irq
	vent	el1_bad
	vent	el1_bad
	vent	el0_sync	/* lower EL, AArch64 */
	vent	el0_irq
	vent	el0_bad
	vent	el0_bad
	vent	el0_bad		/* lower EL, AArch32: never enabled */
	vent	el0_bad
	vent	el0_bad
	vent	el0_bad

el1_sync:
	kernel_entry 1
	mov	x0, sp
	bl	el1_sync_handler
	kernel_exit 1

el1_irq:
	kernel_entry 1
	mov	x0, sp
	bl	el1_irq_handler
	kernel_exit 1

el1_bad:
	kernel_entry 1
	mov	x0, sp
	bl	bad_exception
	kernel_exit 1

el0_sync:
	kernel_entry 0
	mov	x0, sp
	bl	el0_sync_handler
	b	ret_to_user

el0_irq:
	kernel_entry 0
	mov	x0, sp
	bl	el0_irq_handler
	b	ret_to_user

el0_bad:
	kernel_entry 0
	mov	x0, sp
	bl	el0_bad_handler
	b	ret_to_user

	.globl	ret_to_user
ret_to_user:
	msr	daifset, #2
	mov	x0, sp
	bl	prepare_return_to_user	/* signals, rescheduling; irqs off */
	kernel_exit 0

/*
 * A new thread's first switch lands here: x19 is a kernel thread's function
 * (x20 its argument), or zero for a user thread returning to user space
 * from the trap frame at sp.
 */
	.globl	ret_from_fork
ret_from_fork:
	bl	schedule_tail
	cbz	x19, ret_to_user
	mov	x0, x20
	blr	x19
	b	.

/* cpu_switch(prev, next): saves callee-saved state in prev, loads next. */
	.globl	cpu_switch
cpu_switch:
	mov	x9, sp
	stp	x19, x20, [x0, #16 * 0]
	stp	x21, x22, [x0, #16 * 1]
	stp	x23, x24, [x0, #16 * 2]
	stp	x25, x26, [x0, #16 * 3]
	stp	x27, x28, [x0, #16 * 4]
	stp	x29, x30, [x0, #16 * 5]
	str	x9, [x0, #16 * 6]
	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x9, [x1, #16 * 6]
	mov	sp, x9
	ret

/* FP/SIMD state: the kernel never uses these registers itself. */
	.globl	fpsimd_save
fpsimd_save:
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x3, x0, #32 * 16
	stp	w1, w2, [x3]
	ret

	.globl	fpsimd_load
fpsimd_load:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x3, x0, #32 * 16
	ldp	w1, w2, [x3]
	msr	fpsr, x1
	msr	fpcr, x2
	ret

/* enter_user(regs): abandons the kernel stack above regs, returns to EL0. */
	.globl	enter_user
enter_user:
	mov	sp, x0
	b	ret_to_user
