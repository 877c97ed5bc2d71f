/* Freestanding C library pieces and the kernel log. */
#ifndef AKUMA_LIB_H
#define AKUMA_LIB_H

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Writes to the console and keeps a copy in the kernel log ring. A format
 * may start with a level, as Linux's: printk(KERN_ERR "...").
 */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_INFO KERN_SOH "6"

/*
 * The log as syslog(2) reads it (printk.c), in Linux's "<6>[   1.000000] "
 * line format. log_read_all copies the newest whole lines since the last
 * clear that fit in n bytes (and clears if asked); log_read consumes from
 * where the previous log_read stopped. Each returns the bytes copied.
 */
long log_read_all(char *dst, size_t n, bool clear);
void log_clear(void);
size_t log_read(char *dst, size_t n);
size_t log_unread(void);
size_t log_size(void);
#define LOG_CONSOLE_OFF 6
#define LOG_CONSOLE_ON 7
#define LOG_CONSOLE_LEVEL 8
int log_console_level(int action, int level);
void __noreturn panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#define BUG_ON(cond)                                                         \
	do {                                                                 \
		if (unlikely(cond))                                          \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,        \
			      __LINE__);                                     \
	} while (0)

#endif
