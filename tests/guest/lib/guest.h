/*
 * Shared helpers for the guest tests: a raw system call, table-friendly
 * checks that report file:line, and small process helpers.
 *
 * Every check prints one line per failure and counts it; a test ends with
 * "return check_done();" so that its exit status is 0 on pass, 1 on fail.
 */
#ifndef GUEST_H
#define GUEST_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

#include "linux_abi.h"

/*
 * The raw system call returns what the kernel put in x0, -errno included.
 * musl's syscall() would fold errors into errno and hide results such as
 * an address above -4096, so the tests that assert exact kernel values use
 * this one instead.
 */
static inline long sys6(long nr, long a0, long a1, long a2, long a3, long a4,
			long a5)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory", "cc");
	return x0;
}

/* SYS(nr, args...) pads the missing arguments with zeros. */
#define SYS_PICK(nr, a, b, c, d, e, f, ...) \
	sys6((long)(nr), (long)(a), (long)(b), (long)(c), (long)(d), \
	     (long)(e), (long)(f))
#define SYS(...) SYS_PICK(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)

/* Number of failed checks so far in this process. */
extern int check_failures;

void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void check_eq(const char *file, int line, const char *expr, long got,
	      long want);
void check_ne(const char *file, int line, const char *expr, long got,
	      long unwanted);
void check_mem(const char *file, int line, const char *expr,
	       const void *got, const void *want, size_t len);
void check_errno(const char *file, int line, const char *expr, long ret,
		 int err, int want);
void check_exited(const char *file, int line, const char *expr, int status,
		  int code);
void check_signaled(const char *file, int line, const char *expr, int status,
		    int sig);
int check_done(void);

/* Fails when cond is false. */
#define CHECK(cond) \
	do { \
		if (!(cond)) \
			check_fail(__FILE__, __LINE__, "%s is false", #cond); \
	} while (0)

/* Compares two integers (pointers included) and prints both on failure. */
#define CHECK_EQ(got, want) \
	check_eq(__FILE__, __LINE__, #got, (long)(got), (long)(want))
#define CHECK_NE(got, unwanted) \
	check_ne(__FILE__, __LINE__, #got, (long)(got), (long)(unwanted))

/* A raw SYS() call that must fail with exactly -err. */
#define CHECK_ERR(call, err) \
	check_eq(__FILE__, __LINE__, #call, (long)(call), -(long)(err))

/* A raw SYS() call that must succeed (return a value >= 0). */
#define CHECK_OK(call) \
	do { \
		long check_ret_ = (long)(call); \
		if (check_ret_ < 0) \
			check_eq(__FILE__, __LINE__, #call, check_ret_, 0); \
	} while (0)

/* A libc call that must return -1 with errno set to err. */
#define CHECK_ERRNO(call, err) \
	do { \
		errno = 0; \
		long check_ret_ = (long)(call); \
		check_errno(__FILE__, __LINE__, #call, check_ret_, errno, \
			    (err)); \
	} while (0)

#define CHECK_MEM(got, want, len) \
	check_mem(__FILE__, __LINE__, #got, (got), (want), (len))

/* Wait statuses as decoded by WIFEXITED/WEXITSTATUS and WIFSIGNALED. */
#define CHECK_EXITED(status, code) \
	check_exited(__FILE__, __LINE__, #status, (status), (code))
#define CHECK_SIGNALED(status, sig) \
	check_signaled(__FILE__, __LINE__, #status, (status), (sig))

/* printf to fd 1 straight away, so nothing sits in a buffer across fork. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The symbolic name of an errno value, or "?". */
const char *errno_name(int err);

/*
 * Runs fn(arg) in a forked child and returns its raw wait status. The child
 * exits with 0 if fn returns with no failed check and 1 otherwise, so a
 * child that must die by a signal shows up as a different status.
 */
int run_in_child(void (*fn)(void *), void *arg);

/* Forks; the child gets 0. Fails the test and exits if fork fails. */
long must_fork(void);

/* wait4 for one pid; returns the status and checks that pid was reaped. */
int must_wait(long pid);

/* An address that is page-aligned, in user space, and not mapped. */
void *unmapped_addr(void);

/* Monotonic clock in nanoseconds through the raw system call. */
long mono_ns(void);

/* Sleeps for ms milliseconds through the raw nanosleep system call. */
void sleep_ms(long ms);

/* Reads a whole file into buf; returns its length or -errno. */
long read_file(const char *path, char *buf, size_t size);

#endif
