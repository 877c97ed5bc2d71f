/*
 * The check helpers behind guest.h. Output goes straight to fd 1 with one
 * write per line, so that lines from forked children never sit in a stdio
 * buffer that the child would copy or lose.
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

int check_failures;

static const char *const errno_names[] = {
	[EPERM] = "EPERM",	[ENOENT] = "ENOENT",	[ESRCH] = "ESRCH",
	[EINTR] = "EINTR",	[EIO] = "EIO",		[ENXIO] = "ENXIO",
	[E2BIG] = "E2BIG",	[ENOEXEC] = "ENOEXEC",	[EBADF] = "EBADF",
	[ECHILD] = "ECHILD",	[EAGAIN] = "EAGAIN",	[ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES",	[EFAULT] = "EFAULT",	[EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST",	[ENODEV] = "ENODEV",	[ENOTDIR] = "ENOTDIR",
	[EISDIR] = "EISDIR",	[EINVAL] = "EINVAL",	[ENFILE] = "ENFILE",
	[EMFILE] = "EMFILE",	[ENOTTY] = "ENOTTY",	[EFBIG] = "EFBIG",
	[ENOSPC] = "ENOSPC",	[ESPIPE] = "ESPIPE",	[EROFS] = "EROFS",
	[EPIPE] = "EPIPE",	[ERANGE] = "ERANGE",	[ENAMETOOLONG] = "ENAMETOOLONG",
	[ENOSYS] = "ENOSYS",	[ELOOP] = "ELOOP",	[EOVERFLOW] = "EOVERFLOW",
	[ENOTSUP] = "EOPNOTSUPP",
};

const char *errno_name(int err)
{
	if (err > 0 && (size_t)err < sizeof(errno_names) / sizeof(errno_names[0])
	    && errno_names[err])
		return errno_names[err];
	return "?";
}

void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = sizeof(buf) - 1;
	SYS(SYS_write, 1, buf, len);
}

void check_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	check_failures++;
	say("FAIL %s:%d: %s\n", file, line, msg);
}

/* Formats a value as a number, adding the errno name when it looks like one. */
static void describe(char *buf, size_t size, long v)
{
	if (v < 0 && v > -4096)
		snprintf(buf, size, "%ld (-%s)", v, errno_name((int)-v));
	else
		snprintf(buf, size, "%ld (0x%lx)", v, (unsigned long)v);
}

void check_eq(const char *file, int line, const char *expr, long got,
	      long want)
{
	char g[64], w[64];

	if (got == want)
		return;
	describe(g, sizeof(g), got);
	describe(w, sizeof(w), want);
	check_fail(file, line, "%s: got %s, want %s", expr, g, w);
}

void check_ne(const char *file, int line, const char *expr, long got,
	      long unwanted)
{
	char g[64];

	if (got != unwanted)
		return;
	describe(g, sizeof(g), got);
	check_fail(file, line, "%s: got %s, want anything else", expr, g);
}

void check_mem(const char *file, int line, const char *expr,
	       const void *got, const void *want, size_t len)
{
	const unsigned char *g = got, *w = want;
	size_t i;

	for (i = 0; i < len; i++) {
		if (g[i] != w[i]) {
			check_fail(file, line,
				   "%s: byte %zu of %zu is 0x%02x, want 0x%02x",
				   expr, i, len, g[i], w[i]);
			return;
		}
	}
}

void check_errno(const char *file, int line, const char *expr, long ret,
		 int err, int want)
{
	if (ret == -1 && err == want)
		return;
	check_fail(file, line, "%s: got %ld errno %d (%s), want -1 errno %s",
		   expr, ret, err, errno_name(err), errno_name(want));
}

static void describe_status(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "status 0x%x", status);
}

void check_exited(const char *file, int line, const char *expr, int status,
		  int code)
{
	char s[48];

	if (WIFEXITED(status) && WEXITSTATUS(status) == code)
		return;
	describe_status(s, sizeof(s), status);
	check_fail(file, line, "%s: %s, want exit %d", expr, s, code);
}

void check_signaled(const char *file, int line, const char *expr, int status,
		    int sig)
{
	char s[48];

	if (WIFSIGNALED(status) && WTERMSIG(status) == sig)
		return;
	describe_status(s, sizeof(s), status);
	check_fail(file, line, "%s: %s, want signal %d", expr, s, sig);
}

int check_done(void)
{
	if (check_failures)
		say("%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

long must_fork(void)
{
	long pid = SYS(SYS_clone, SIGCHLD, 0, 0, 0, 0);

	if (pid < 0) {
		check_fail(__FILE__, __LINE__, "fork: %ld (-%s)", pid,
			   errno_name((int)-pid));
		SYS(SYS_exit_group, 1);
	}
	return pid;
}

int must_wait(long pid)
{
	int status = -1;
	long r = SYS(SYS_wait4, pid, &status, 0, 0);

	if (r != pid)
		check_fail(__FILE__, __LINE__, "wait4(%ld) returned %ld", pid,
			   r);
	return status;
}

int run_in_child(void (*fn)(void *), void *arg)
{
	long pid = must_fork();

	if (pid == 0) {
		check_failures = 0;
		fn(arg);
		SYS(SYS_exit_group, check_failures ? 1 : 0);
	}
	return must_wait(pid);
}

void *unmapped_addr(void)
{
	long p = SYS(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);

	if (p < 0 && p > -4096) {
		check_fail(__FILE__, __LINE__, "mmap: %ld", p);
		return (void *)0x1000;
	}
	SYS(SYS_munmap, p, 4096);
	return (void *)p;
}

long mono_ns(void)
{
	struct timespec ts;

	SYS(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	SYS(SYS_nanosleep, &ts, 0);
}

long read_file(const char *path, char *buf, size_t size)
{
	long fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY);
	size_t len = 0;
	long r;

	if (fd < 0)
		return fd;
	while (len < size) {
		r = SYS(SYS_read, fd, buf + len, size - len);
		if (r < 0) {
			SYS(SYS_close, fd);
			return r;
		}
		if (r == 0)
			break;
		len += r;
	}
	SYS(SYS_close, fd);
	return len;
}
