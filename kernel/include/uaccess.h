/*
 * The only way the kernel touches user memory. Each copy uses the
 * unprivileged load/store instructions, so a kernel address faults like it
 * would for the user, and a fault resumes at a recovery point that makes
 * the copy return -EFAULT.
 */
#ifndef AKUMA_UACCESS_H
#define AKUMA_UACCESS_H

#include "types.h"

/* Returns 0 or -EFAULT. */
long copy_from_user(void *dst, const void *usrc, size_t n);
long copy_to_user(void *udst, const void *src, size_t n);
long clear_user(void *udst, size_t n);
/*
 * Copies a NUL-terminated string of at most max bytes including the NUL.
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL fits.
 */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

#define USER_TOP_ADDR (1UL << 48)

static inline bool user_range_ok(u64 addr, u64 len)
{
	return addr < USER_TOP_ADDR && len <= USER_TOP_ADDR - addr;
}

#endif
