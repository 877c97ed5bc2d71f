/*
 * Every implemented system call that takes a pointer, given a bad one:
 * NULL, an unmapped user address, a kernel address, and (for calls that
 * write) a read-only page. Each must fail with EFAULT, never crash the
 * kernel, and leave this process running.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

#include "guest.h"

#define NBAD	3

static long bad[NBAD];		/* NULL, unmapped, kernel */
static long ro_page;		/* mapped PROT_READ */
static long none_page;		/* mapped PROT_NONE */

/* Pointers the kernel must refuse to write through. */
static long unwritable(int i)
{
	return i < NBAD ? bad[i] : i == NBAD ? ro_page : none_page;
}

#define NUNWRITABLE	(NBAD + 2)

static void check_files(void)
{
	long fd = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
	long dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	struct kernel_stat st;
	struct iovec iov;
	char buf[8];
	int i;

	CHECK(fd >= 0);
	CHECK(dir >= 0);
	for (i = 0; i < NUNWRITABLE; i++) {
		long p = unwritable(i);

		CHECK_ERR(SYS(SYS_read, fd, p, 10), EFAULT);
		CHECK_ERR(SYS(SYS_fstat, fd, p), EFAULT);
		CHECK_ERR(SYS(SYS_newfstatat, AT_FDCWD, "/tests/list", p, 0), EFAULT);
		CHECK_ERR(SYS(SYS_getdents64, dir, p, 4096), EFAULT);
		iov.iov_base = (void *)p;
		iov.iov_len = 10;
		CHECK_ERR(SYS(SYS_readv, fd, &iov, 1), EFAULT);
	}
	/* The failed reads consumed nothing: the file still starts at 0. */
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, 1), 1);

	for (i = 0; i < NBAD; i++) {
		long p = bad[i];

		CHECK_ERR(SYS(SYS_write, 1, p, 10), EFAULT);
		iov.iov_base = (void *)p;
		iov.iov_len = 10;
		CHECK_ERR(SYS(SYS_writev, 1, &iov, 1), EFAULT);
		CHECK_ERR(SYS(SYS_readv, fd, p, 1), EFAULT);
		CHECK_ERR(SYS(SYS_writev, 1, p, 1), EFAULT);
		CHECK_ERR(SYS(SYS_openat, AT_FDCWD, p, O_RDONLY), EFAULT);
		CHECK_ERR(SYS(SYS_newfstatat, AT_FDCWD, p, &st, 0), EFAULT);
		CHECK_ERR(SYS(SYS_execve, p, 0, 0), EFAULT);
	}
	/* A PROT_NONE page cannot be the source of a write either. */
	CHECK_ERR(SYS(SYS_write, 1, none_page, 10), EFAULT);
	SYS(SYS_close, fd);
	SYS(SYS_close, dir);
}

static void check_time(void)
{
	struct timespec ts = { 0, 1000 };
	int i;

	for (i = 0; i < NUNWRITABLE; i++) {
		long p = unwritable(i);

		CHECK_ERR(SYS(SYS_clock_gettime, CLOCK_MONOTONIC, p), EFAULT);
		CHECK_ERR(SYS(SYS_clock_gettime, CLOCK_REALTIME, p), EFAULT);
		CHECK_ERR(SYS(SYS_uname, p), EFAULT);
		CHECK_ERR(SYS(SYS_getrandom, p, 16, 0), EFAULT);
		/* gettimeofday treats NULL as "not wanted", so skip that one. */
		if (p)
			CHECK_ERR(SYS(SYS_gettimeofday, p, 0), EFAULT);
	}
	for (i = 0; i < NBAD; i++)
		CHECK_ERR(SYS(SYS_nanosleep, bad[i], 0), EFAULT);
	/* rem is only written when the sleep is interrupted, so this succeeds. */
	CHECK_EQ(SYS(SYS_nanosleep, &ts, bad[1]), 0);
	CHECK_EQ(SYS(SYS_gettimeofday, 0, 0), 0);
}

static void check_signals_and_tty(void)
{
	struct kernel_sigaction sa = { KERNEL_SIG_DFL, 0, 0, 0 };
	uint64_t set = 0;
	int i;

	for (i = 0; i < NBAD; i++) {
		long p = bad[i];

		if (p) {
			CHECK_ERR(SYS(SYS_rt_sigaction, SIGUSR1, p, 0, 8), EFAULT);
			CHECK_ERR(SYS(SYS_rt_sigprocmask, SIG_BLOCK, p, 0, 8),
				  EFAULT);
		}
	}
	for (i = 0; i < NUNWRITABLE; i++) {
		long p = unwritable(i);

		if (p) {
			CHECK_ERR(SYS(SYS_rt_sigaction, SIGUSR1, &sa, p, 8), EFAULT);
			CHECK_ERR(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, p, 8),
				  EFAULT);
		}
		CHECK_ERR(SYS(SYS_ioctl, 1, TCGETS, p), EFAULT);
		CHECK_ERR(SYS(SYS_ioctl, 1, TIOCGWINSZ, p), EFAULT);
	}
	/* NULL is how these calls say "no new value" or "no old value". */
	CHECK_EQ(SYS(SYS_rt_sigaction, SIGUSR1, 0, 0, 8), 0);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_BLOCK, 0, 0, 8), 0);
}

static void check_wait(void)
{
	int status;
	long pid;
	int i;

	/* From 1: a NULL status or rusage pointer means "not wanted". */
	for (i = 1; i < NUNWRITABLE; i++) {
		/* The child is reaped even though its status cannot be stored. */
		pid = must_fork();
		if (pid == 0)
			SYS(SYS_exit_group, 0);
		CHECK_ERR(SYS(SYS_wait4, pid, unwritable(i), 0, 0), EFAULT);
		CHECK_ERR(SYS(SYS_wait4, pid, &status, WNOHANG, 0), ECHILD);

		/* Likewise for the rusage pointer. */
		pid = must_fork();
		if (pid == 0)
			SYS(SYS_exit_group, 0);
		CHECK_ERR(SYS(SYS_wait4, pid, &status, 0, unwritable(i)), EFAULT);
		CHECK_ERR(SYS(SYS_wait4, pid, &status, WNOHANG, 0), ECHILD);
	}
}

/*
 * set_tid_address and set_robust_list only record their pointers; the
 * kernel uses them at exit, where a bad one must be ignored.
 */
static void check_exit_pointers(void)
{
	long pid;
	int i;

	for (i = 0; i < NBAD; i++) {
		pid = must_fork();
		if (pid == 0) {
			long tid = SYS(SYS_gettid);

			if (SYS(SYS_set_tid_address, bad[i]) != tid)
				SYS(SYS_exit_group, 2);
			if (SYS(SYS_set_robust_list, bad[i], 24) != 0)
				SYS(SYS_exit_group, 3);
			SYS(SYS_exit_group, 0);
		}
		CHECK_EXITED(must_wait(pid), 0);

		pid = must_fork();
		if (pid == 0) {
			SYS(SYS_set_tid_address, bad[i]);
			SYS(SYS_exit, 0);
		}
		CHECK_EXITED(must_wait(pid), 0);
	}
}

int main(void)
{
	ro_page = SYS(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	none_page = SYS(SYS_mmap, 0, 4096, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Taken last: nothing maps memory after this, so it stays unmapped. */
	bad[0] = 0;
	bad[1] = (long)unmapped_addr();
	bad[2] = KERNEL_ADDR;

	check_files();
	check_time();
	check_signals_and_tty();
	check_wait();
	check_exit_pointers();
	/* The process is intact after dozens of refused pointers. */
	CHECK(SYS(SYS_getpid) > 0);
	return check_done();
}
