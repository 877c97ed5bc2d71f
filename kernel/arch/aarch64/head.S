/*
 * Entry from QEMU's Linux-style boot: x0 holds the device tree's physical
 * address, the MMU is off, and we may be at EL2 or EL1. We drop to EL1,
 * clear .bss, map the kernel image at KIMAGE_BASE and the first gigabytes
 * around the image and the device tree in the linear map, turn the MMU on
 * and call start_kernel() at its linked (high) address.
 */
#include "kernel/arch/aarch64/sysregs.h"

	.section .head.text, "ax"
	.globl _start
_start:
	/* The arm64 Image header, so QEMU passes the device tree in x0. */
	b	primary_entry
	.long	0
	.quad	0			/* text_offset: load 2 MiB aligned */
	.quad	_kernel_size		/* image size including .bss */
	.quad	0xa			/* LE, 4 KiB pages, anywhere in RAM */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

primary_entry:
	mov	x21, x0				/* device tree, physical */
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	1f
	/* EL2: give EL1 the timers and FP/SIMD, run EL1 as AArch64. */
	mov	x0, #(1 << 31)			/* HCR_EL2.RW */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3			/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #0x33ff
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	ldr	x0, =SCTLR_EL1_RESET
	msr	sctlr_el1, x0
	mov	x0, #0x3c5			/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	adr	x0, 1f
	msr	elr_el2, x0
	eret
1:
	msr	daifset, #0xf
	mov	x0, #(3 << 20)			/* CPACR_EL1.FPEN: no FP traps */
	msr	cpacr_el1, x0
	isb

	adrp	x19, _head			/* physical load address */

	/* Clear .bss (physical addresses: the MMU is off). */
	adrp	x0, _bss_start
	add	x0, x0, :lo12:_bss_start
	adrp	x1, _bss_end
	add	x1, x1, :lo12:_bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	/* TTBR0: identity map of the gigabyte holding the image. */
	adrp	x0, boot_pg_l0_id
	adrp	x1, boot_pg_l1_id
	mov	x2, x19
	bl	map_gigabyte

	/* TTBR1 linear map: the gigabytes of the image and of the DT. */
	adrp	x0, boot_pg_l0_k
	adrp	x1, boot_pg_l1_lin
	mov	x2, x19
	bl	map_gigabyte
	adrp	x0, boot_pg_l0_k
	adrp	x1, boot_pg_l1_lin
	mov	x2, x21
	bl	map_gigabyte

	/* TTBR1 image map: 2 MiB blocks from KIMAGE_BASE. */
	adrp	x0, boot_pg_l0_k
	adrp	x1, boot_pg_l1_kimg
	orr	x2, x1, #3
	str	x2, [x0, #(511 * 8)]		/* L0 index of KIMAGE_BASE */
	adrp	x2, boot_pg_l2_kimg
	orr	x3, x2, #3
	str	x3, [x1]			/* L1 index 0 */
	ldr	x4, =_kernel_size
	ldr	x6, =(1 << 21) - 1
	add	x4, x4, x6
	lsr	x4, x4, #21			/* number of 2 MiB blocks */
	ldr	x5, =PTE_KERNEL_BLOCK
	orr	x5, x5, x19
4:	str	x5, [x2], #8
	add	x5, x5, #(1 << 21)
	subs	x4, x4, #1
	b.ne	4b

	/* Memory attributes, translation control, and on. */
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_VALUE
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #7			/* PARange */
	bfi	x0, x1, #32, #3			/* TCR.IPS */
	msr	tcr_el1, x0
	adrp	x0, boot_pg_l0_id
	msr	ttbr0_el1, x0
	adrp	x0, boot_pg_l0_k
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ldr	x0, =high
	br	x0
high:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x21
	mov	x1, x19
	bl	start_kernel
5:	wfi
	b	5b

/*
 * map_gigabyte(l0 = x0, l1 = x1, pa = x2): points l0's entry for pa at l1
 * and maps pa's gigabyte there as a normal-memory block, both at the index
 * pa has: in TTBR0 that is the identity map, in TTBR1 the linear map.
 */
map_gigabyte:
	lsr	x3, x2, #39
	and	x3, x3, #511
	orr	x4, x1, #3
	str	x4, [x0, x3, lsl #3]
	lsr	x3, x2, #30
	and	x3, x3, #511
	and	x4, x2, #~((1 << 30) - 1)
	ldr	x5, =PTE_KERNEL_BLOCK
	orr	x4, x4, x5
	str	x4, [x1, x3, lsl #3]
	ret

	.ltorg

	.section .bss
	.balign 4096
	.globl boot_pg_l0_k, boot_pg_l1_kimg, boot_pg_l1_lin
boot_pg_l0_id:	.skip 4096
boot_pg_l1_id:	.skip 4096
boot_pg_l0_k:	.skip 4096
boot_pg_l1_kimg: .skip 4096
boot_pg_l2_kimg: .skip 4096
boot_pg_l1_lin:	.skip 4096
	.balign 16
boot_stack:	.skip 16384
	.globl boot_stack_top
boot_stack_top:
