/*
 * lwIP's compiler and platform definitions for Akuma (see lwIP's
 * src/include/lwip/arch.h for what each one means). The kernel has no C
 * library: the few headers lwIP wants come from ../libc or are turned off
 * here.
 */
#ifndef AKUMA_LWIP_ARCH_CC_H
#define AKUMA_LWIP_ARCH_CC_H

#include "types.h"

/* aarch64 Akuma runs little-endian; lwIP then swaps with these builtins. */
#define BYTE_ORDER LITTLE_ENDIAN
#define lwip_htons(x) __builtin_bswap16(x)
#define lwip_htonl(x) __builtin_bswap32(x)

/*
 * No inttypes.h, ctype.h, unistd.h or limits.h in the kernel (GCC's
 * limits.h wants a C library's below it); lwIP needs only INT_MAX.
 */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_UNISTD_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* ssize_t is the kernel's (types.h); tell lwIP it exists. */
#define SSIZE_MAX __LONG_MAX__

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __noreturn panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
u32 lwip_port_rand(void);

/* LWIP_PLATFORM_DIAG's argument is a parenthesised printf list. */
#define LWIP_PLATFORM_DIAG(x) do { printk x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) \
	panic("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

#define LWIP_RAND() lwip_port_rand()

#endif
