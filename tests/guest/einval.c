/*
 * Bad flags and out-of-range arguments across the implemented system calls,
 * each with the errno Linux gives (mostly EINVAL), and checks that the
 * calls accept what Linux accepts at the edges (a NULL set with an unknown
 * "how", a zero iovec count).
 */
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>

#include "guest.h"

static void check_files(void)
{
	long fd = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
	long dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	struct kernel_stat st;
	struct iovec iov[2];
	char buf[16], dents[512];

	iov[0].iov_base = buf;
	iov[0].iov_len = 4;
	iov[1].iov_base = buf + 4;
	iov[1].iov_len = 4;

	CHECK_ERR(SYS(SYS_lseek, fd, 0, 5), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, 0, 100), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, 0, -1), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, -1, SEEK_CUR), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, -(1L << 40), SEEK_END), EINVAL);
	/* A failed seek leaves the offset where it was. */
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 0);

	CHECK_ERR(SYS(SYS_readv, fd, iov, -1), EINVAL);
	CHECK_ERR(SYS(SYS_readv, fd, iov, 1025), EINVAL);
	CHECK_ERR(SYS(SYS_writev, 1, iov, -1), EINVAL);
	CHECK_ERR(SYS(SYS_writev, 1, iov, 1025), EINVAL);
	iov[1].iov_len = (size_t)-1;
	CHECK_ERR(SYS(SYS_readv, fd, iov, 2), EINVAL);
	CHECK_ERR(SYS(SYS_writev, 1, iov, 2), EINVAL);
	CHECK_EQ(SYS(SYS_readv, fd, iov, 0), 0);
	CHECK_EQ(SYS(SYS_writev, 1, iov, 0), 0);

	CHECK_ERR(SYS(SYS_newfstatat, AT_FDCWD, "/tests/list", &st, 0x1), EINVAL);
	CHECK_ERR(SYS(SYS_newfstatat, AT_FDCWD, "/tests/list", &st, -1), EINVAL);
	/* Too small for even one entry. */
	CHECK_ERR(SYS(SYS_getdents64, dir, dents, 1), EINVAL);
	CHECK_ERR(SYS(SYS_getdents64, dir, dents, 20), EINVAL);
	SYS(SYS_close, fd);
	SYS(SYS_close, dir);
}

static void check_memory(void)
{
	long a = SYS(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK_ERR(SYS(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mmap, a + 8, 4096, PROT_READ,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0),
		  EINVAL);
	CHECK_ERR(SYS(SYS_mmap, 0, 4096, PROT_READ,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 4095), EINVAL);
	CHECK_ERR(SYS(SYS_mprotect, a + 1, 4096, PROT_READ), EINVAL);
	CHECK_ERR(SYS(SYS_mprotect, a, 4096, 0x1000), EINVAL);
	CHECK_ERR(SYS(SYS_munmap, a + 1, 4096), EINVAL);
	CHECK_ERR(SYS(SYS_munmap, a, 0), EINVAL);
	CHECK_EQ(SYS(SYS_munmap, a, 8192), 0);
}

static void check_time(void)
{
	struct timespec ts;
	static const long bad_clocks[] = { 12, 16, 100, 0x7fffffff };
	static const struct timespec bad_sleeps[] = {
		{ 0, 1000000000 }, { 0, -1 }, { -1, 0 }, { 0, 0x7fffffffffffffffL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad_clocks) / sizeof(bad_clocks[0]); i++)
		CHECK_ERR(SYS(SYS_clock_gettime, bad_clocks[i], &ts), EINVAL);
	for (i = 0; i < sizeof(bad_sleeps) / sizeof(bad_sleeps[0]); i++)
		CHECK_ERR(SYS(SYS_nanosleep, &bad_sleeps[i], 0), EINVAL);
}

static void check_signals(void)
{
	struct kernel_sigaction sa = { KERNEL_SIG_IGN, 0, 0, 0 }, old;
	uint64_t set = 0;

	CHECK_ERR(SYS(SYS_rt_sigaction, 0, &sa, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, 65, &sa, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, -1, &sa, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, 0, 0, &old, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, SIGKILL, &sa, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, SIGSTOP, &sa, 0, 8), EINVAL);
	/* Reading the action of SIGKILL is allowed. */
	CHECK_EQ(SYS(SYS_rt_sigaction, SIGKILL, 0, &old, 8), 0);
	CHECK_ERR(SYS(SYS_rt_sigaction, SIGUSR1, &sa, 0, 4), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigaction, SIGUSR1, &sa, 0, 16), EINVAL);

	CHECK_ERR(SYS(SYS_rt_sigprocmask, 3, &set, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigprocmask, -1, &set, 0, 8), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 4), EINVAL);
	CHECK_ERR(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 16), EINVAL);
	/* "how" is only looked at when there is a new set. */
	CHECK_EQ(SYS(SYS_rt_sigprocmask, 99, 0, &set, 8), 0);

	CHECK_ERR(SYS(SYS_kill, SYS(SYS_getpid), 65), EINVAL);
	CHECK_ERR(SYS(SYS_kill, SYS(SYS_getpid), -1), EINVAL);
}

static void check_misc(void)
{
	char buf[16];
	long r;
	int status;

	CHECK_ERR(SYS(SYS_getrandom, buf, sizeof(buf), 0x8), EINVAL);
	CHECK_ERR(SYS(SYS_getrandom, buf, sizeof(buf), -1), EINVAL);
	CHECK_ERR(SYS(SYS_getrandom, buf, sizeof(buf), 0x2 | 0x4), EINVAL);

	CHECK_ERR(SYS(SYS_set_robust_list, buf, 0), EINVAL);
	CHECK_ERR(SYS(SYS_set_robust_list, buf, 23), EINVAL);
	CHECK_ERR(SYS(SYS_wait4, -1, &status, 0x100, 0), EINVAL);

	/* Wrong magic numbers: refused before anything else is looked at. */
	CHECK_ERR(SYS(SYS_reboot, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_reboot, LINUX_REBOOT_MAGIC1, 0,
		      LINUX_REBOOT_CMD_POWER_OFF, 0), EINVAL);
	CHECK_ERR(SYS(SYS_reboot, 0, LINUX_REBOOT_MAGIC2,
		      LINUX_REBOOT_CMD_POWER_OFF, 0), EINVAL);

	/*
	 * clone flag combinations Linux rejects: a thread must share signal
	 * handlers, and shared handlers need a shared address space. Should a
	 * kernel wrongly create a child, the child leaves at once.
	 */
	r = SYS(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		SYS(SYS_exit, 0);
	CHECK_ERR(r, EINVAL);
	r = SYS(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		SYS(SYS_exit_group, 0);
	CHECK_ERR(r, EINVAL);
}

int main(void)
{
	check_files();
	check_memory();
	check_time();
	check_signals();
	check_misc();
	return check_done();
}
