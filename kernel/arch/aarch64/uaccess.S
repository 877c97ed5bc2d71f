/*
 * User copies. Every access to user memory is an unprivileged ldtr/sttr
 * between __uaccess_start and __uaccess_end; a fault there that the page
 * fault handler cannot resolve resumes at __uaccess_fixup, which returns
 * -EFAULT from the leaf function that faulted.
 */
	.text
	.globl	__uaccess_start, __uaccess_end, __uaccess_fixup
__uaccess_start:

/* long __arch_copy_from_user(void *dst, const void *usrc, size_t n) */
	.globl	__arch_copy_from_user
__arch_copy_from_user:
1:	cmp	x2, #8
	b.lo	2f
	ldtr	x3, [x1]
	str	x3, [x0], #8
	add	x1, x1, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 3f
	ldtrb	w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret

/* long __arch_copy_to_user(void *udst, const void *src, size_t n) */
	.globl	__arch_copy_to_user
__arch_copy_to_user:
1:	cmp	x2, #8
	b.lo	2f
	ldr	x3, [x1], #8
	sttr	x3, [x0]
	add	x0, x0, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 3f
	ldrb	w3, [x1], #1
	sttrb	w3, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret

/* long __arch_clear_user(void *udst, size_t n) */
	.globl	__arch_clear_user
__arch_clear_user:
1:	cbz	x1, 2f
	sttrb	wzr, [x0]
	add	x0, x0, #1
	sub	x1, x1, #1
	b	1b
2:	mov	x0, #0
	ret

/*
 * long __arch_strncpy_from_user(char *dst, const char *usrc, size_t max)
 * Returns the length without the NUL, or -ENAMETOOLONG (-36) when max
 * bytes hold no NUL.
 */
	.globl	__arch_strncpy_from_user
__arch_strncpy_from_user:
	mov	x4, #0
1:	cmp	x4, x2
	b.hs	3f
	ldtrb	w3, [x1]
	strb	w3, [x0, x4]
	cbz	w3, 2f
	add	x1, x1, #1
	add	x4, x4, #1
	b	1b
2:	mov	x0, x4
	ret
3:	mov	x0, #-36
	ret

__uaccess_end:
__uaccess_fixup:
	mov	x0, #-14			/* -EFAULT */
	ret
