/*
 * Register probes: assembly that loads known values into registers, makes
 * a system call (or spins while the scheduler preempts it), and stores
 * what the registers hold afterwards. C cannot do this itself because the
 * compiler owns the registers around any statement. See probe.h for the
 * layouts and the patterns.
 */

/* Loads the pattern for register number n: 0xa5a5_nn00_5a5a_00nn. */
.macro pat reg, n
	movz	\reg, #0xa5a5, lsl #48
	movk	\reg, #(\n << 8), lsl #32
	movk	\reg, #0x5a5a, lsl #16
	movk	\reg, #\n
.endm

/* Fills x3-x7 and x9-x30 with their patterns (x0-x2 and x8 are arguments). */
.macro fill_patterns
	pat	x3, 3
	pat	x4, 4
	pat	x5, 5
	pat	x6, 6
	pat	x7, 7
	pat	x9, 9
	pat	x10, 10
	pat	x11, 11
	pat	x12, 12
	pat	x13, 13
	pat	x14, 14
	pat	x15, 15
	pat	x16, 16
	pat	x17, 17
	pat	x18, 18
	pat	x19, 19
	pat	x20, 20
	pat	x21, 21
	pat	x22, 22
	pat	x23, 23
	pat	x24, 24
	pat	x25, 25
	pat	x26, 26
	pat	x27, 27
	pat	x28, 28
	pat	x29, 29
	pat	x30, 30
.endm

/* Pushes x0-x30 and NZCV into a 256-byte block at the new sp. */
.macro push_all
	sub	sp, sp, #256
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x9, nzcv
	str	x9, [sp, #248]
.endm

/*
 * Copies the pushed block to out (whose address was saved just above it),
 * records the sp the registers were pushed from as out[32], returns the x0
 * that was pushed and unwinds the frame built by save_frame.
 */
.macro pop_all_to_out
	ldr	x0, [sp, #256]
	mov	x1, #0
1:	ldr	x2, [sp, x1, lsl #3]
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #32
	b.ne	1b
	add	x9, sp, #256
	str	x9, [x0, #256]
	ldr	x0, [sp, #0]
	add	sp, sp, #272
	restore_frame
.endm

.macro save_frame
	stp	x29, x30, [sp, #-96]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
.endm

.macro restore_frame
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
.endm

	.text

/* long regs_probe(uint64_t out[34], long nr, long a0, long a1, long a2) */
	.globl	regs_probe
	.type	regs_probe, %function
regs_probe:
	save_frame
	stp	x0, x1, [sp, #-16]!
	mov	x9, sp
	str	x9, [x0, #264]
	movz	x9, #0xa000, lsl #16
	msr	nzcv, x9
	mov	x8, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	fill_patterns
	svc	#0
	push_all
	pop_all_to_out
	.size	regs_probe, . - regs_probe

/* long regs_spin(uint64_t out[34], long iters, long nr) */
	.globl	regs_spin
	.type	regs_spin, %function
regs_spin:
	save_frame
	stp	x0, x1, [sp, #-16]!
	mov	x9, sp
	str	x9, [x0, #264]
	movz	x9, #0xa000, lsl #16
	msr	nzcv, x9
	mov	x8, x2
	mov	x9, x1
	pat	x0, 0
	pat	x1, 1
	pat	x2, 2
	pat	x3, 3
	pat	x4, 4
	pat	x5, 5
	pat	x6, 6
	pat	x7, 7
	pat	x10, 10
	pat	x11, 11
	pat	x12, 12
	pat	x13, 13
	pat	x14, 14
	pat	x15, 15
	pat	x16, 16
	pat	x17, 17
	pat	x18, 18
	pat	x19, 19
	pat	x20, 20
	pat	x21, 21
	pat	x22, 22
	pat	x23, 23
	pat	x24, 24
	pat	x25, 25
	pat	x26, 26
	pat	x27, 27
	pat	x28, 28
	pat	x29, 29
	pat	x30, 30
2:	tbnz	x8, #63, 3f
	svc	#0
	pat	x0, 0
3:	sub	x9, x9, #1
	cbnz	x9, 2b
	pat	x9, 9
	/* The loop sets no flags, so NZCV still holds what was set above. */
	push_all
	pop_all_to_out
	.size	regs_spin, . - regs_spin

.macro save_fp_frame
	stp	x29, x30, [sp, #-112]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	d8, d9, [sp, #48]
	stp	d10, d11, [sp, #64]
	stp	d12, d13, [sp, #80]
	stp	d14, d15, [sp, #96]
	mrs	x21, fpcr
	mrs	x22, fpsr
.endm

.macro restore_fp_frame
	msr	fpcr, x21
	msr	fpsr, x22
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	d8, d9, [sp, #48]
	ldp	d10, d11, [sp, #64]
	ldp	d12, d13, [sp, #80]
	ldp	d14, d15, [sp, #96]
	ldp	x29, x30, [sp], #112
	ret
.endm

/* Loads fpcr, fpsr and q0-q31 from the fp_state at x0; the readback goes to x19. */
.macro load_fp
	ldr	x9, [x0, #512]
	msr	fpcr, x9
	ldr	x9, [x0, #520]
	msr	fpsr, x9
	mrs	x9, fpcr
	str	x9, [x19, #528]
	mrs	x9, fpsr
	str	x9, [x19, #536]
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
.endm

/* Stores q0-q31, fpcr and fpsr into the fp_state at x19. */
.macro store_fp
	stp	q0, q1, [x19, #0]
	stp	q2, q3, [x19, #32]
	stp	q4, q5, [x19, #64]
	stp	q6, q7, [x19, #96]
	stp	q8, q9, [x19, #128]
	stp	q10, q11, [x19, #160]
	stp	q12, q13, [x19, #192]
	stp	q14, q15, [x19, #224]
	stp	q16, q17, [x19, #256]
	stp	q18, q19, [x19, #288]
	stp	q20, q21, [x19, #320]
	stp	q22, q23, [x19, #352]
	stp	q24, q25, [x19, #384]
	stp	q26, q27, [x19, #416]
	stp	q28, q29, [x19, #448]
	stp	q30, q31, [x19, #480]
	mrs	x9, fpcr
	str	x9, [x19, #512]
	mrs	x9, fpsr
	str	x9, [x19, #520]
.endm

/* long fp_probe(const struct fp_state *in, struct fp_state *out, long nr, long a0) */
	.globl	fp_probe
	.type	fp_probe, %function
fp_probe:
	save_fp_frame
	mov	x19, x1
	load_fp
	mov	x8, x2
	mov	x0, x3
	/* Zero the other arguments: for clone, x1 is the child's stack. */
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	svc	#0
	store_fp
	restore_fp_frame
	.size	fp_probe, . - fp_probe

/* void fp_spin(const struct fp_state *in, struct fp_state *out, long iters, long nr) */
	.globl	fp_spin
	.type	fp_spin, %function
fp_spin:
	save_fp_frame
	mov	x19, x1
	mov	x20, x2
	load_fp
	mov	x8, x3
1:	tbnz	x8, #63, 2f
	svc	#0
2:	subs	x20, x20, #1
	b.ne	1b
	store_fp
	restore_fp_frame
	.size	fp_spin, . - fp_spin

/*
 * unsigned long tls_spin(unsigned long value, long iters, long nr)
 * Sets tpidr_el0 to value, spins (making system call nr each round when
 * nr >= 0) and returns what tpidr_el0 holds at the end. The C library keeps
 * its thread pointer there, so the original is restored before returning.
 */
	.globl	tls_spin
	.type	tls_spin, %function
tls_spin:
	mrs	x9, tpidr_el0
	mov	x10, x0
	msr	tpidr_el0, x10
	mov	x11, x1
	mov	x8, x2
1:	tbnz	x8, #63, 2f
	svc	#0
2:	subs	x11, x11, #1
	b.ne	1b
	mrs	x0, tpidr_el0
	msr	tpidr_el0, x9
	ret
	.size	tls_spin, . - tls_spin

	.section .note.GNU-stack, "", %progbits
