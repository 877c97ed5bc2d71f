/*
 * <stdlib.h> for lwIP: netif.c parses interface names ("en0") with atoi;
 * malloc and free are never called (lwipopts.h maps mem_clib_* to the
 * kernel's allocator).
 */
#ifndef AKUMA_LWIP_STDLIB_H
#define AKUMA_LWIP_STDLIB_H

static inline int atoi(const char *s)
{
	int n = 0, neg = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return neg ? -n : n;
}

#endif
