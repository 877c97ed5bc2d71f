/* The string functions the compiler and the kernel expect. */
#include "lib.h"

/*
 * A u64 at any address. The kernel runs with alignment checking off
 * (SCTLR_EL1.A clear), so unaligned loads from normal memory are allowed;
 * under TCG each instruction costs about the same whatever its width, so
 * copying eight bytes at a time matters even when the two sides are
 * misaligned with each other (a frame behind a 12-byte virtio header).
 */
typedef u64 __attribute__((aligned(1), may_alias)) u64_unaligned;

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (n >= 16) {
		/* Align the stores; the loads may stay unaligned. */
		for (; (u64)d & 7; n--)
			*d++ = *s++;
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			const u64_unaligned *w = (const u64_unaligned *)s;
			u64 a = w[0], b = w[1], c = w[2], e = w[3];

			((u64 *)d)[0] = a;
			((u64 *)d)[1] = b;
			((u64 *)d)[2] = c;
			((u64 *)d)[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(u64 *)d = *(const u64_unaligned *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	if (n >= 16) {
		u64 v = (u8)c * 0x0101010101010101UL;

		for (; (u64)d & 7; n--)
			*d++ = (u8)c;
		for (; n >= 32; n -= 32, d += 32) {
			((u64 *)d)[0] = v;
			((u64 *)d)[1] = v;
			((u64 *)d)[2] = v;
			((u64 *)d)[3] = v;
		}
		for (; n >= 8; n -= 8, d += 8)
			*(u64 *)d = v;
	}
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++) {
		if (*s == (char)c)
			return (char *)s;
	}
	return c ? NULL : (char *)s;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = 0;
	}
	return len;
}
