/* Range checks in front of the assembly copies in uaccess.S. */
#include "uaccess.h"
#include "abi/linux/errno.h"

long __arch_copy_from_user(void *dst, const void *usrc, size_t n);
long __arch_copy_to_user(void *udst, const void *src, size_t n);
long __arch_clear_user(void *udst, size_t n);
long __arch_strncpy_from_user(char *dst, const char *usrc, size_t max);

long copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!user_range_ok((u64)usrc, n))
		return -EFAULT;
	return __arch_copy_from_user(dst, usrc, n);
}

long copy_to_user(void *udst, const void *src, size_t n)
{
	if (!user_range_ok((u64)udst, n))
		return -EFAULT;
	return __arch_copy_to_user(udst, src, n);
}

long clear_user(void *udst, size_t n)
{
	if (!user_range_ok((u64)udst, n))
		return -EFAULT;
	return __arch_clear_user(udst, n);
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	if ((u64)usrc >= USER_TOP_ADDR)
		return -EFAULT;
	/* A string may run up to the end of user space, not past it. */
	if (max > USER_TOP_ADDR - (u64)usrc)
		max = USER_TOP_ADDR - (u64)usrc;
	return __arch_strncpy_from_user(dst, usrc, max);
}
