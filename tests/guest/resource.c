/*
 * Resource limits, usage and system information: prlimit64, getrlimit,
 * setrlimit, getrusage, times and sysinfo, including a leak check: memory
 * comes back after many processes have come and gone.
 */
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <fcntl.h>

#include "guest.h"

struct rlim64 {
	unsigned long cur, max;
};

static void check_limits(void)
{
	struct rlim64 r, old, lower;
	long fd;

	CHECK_EQ(SYS(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &r), 0);
	CHECK_EQ(r.cur, 1024);
	CHECK_EQ(r.max, 4096);
	CHECK_EQ(SYS(SYS_getrlimit, RLIMIT_STACK, &r), 0);
	CHECK_EQ(r.cur, 8UL << 20);
	CHECK_EQ(SYS(SYS_getrlimit, RLIMIT_CORE, &r), 0);
	CHECK_EQ(r.cur, 0);
	CHECK_ERR(SYS(SYS_getrlimit, 16, &r), EINVAL);
	CHECK_ERR(SYS(SYS_getrlimit, RLIMIT_NOFILE, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_prlimit64, 0x3fffffff, RLIMIT_NOFILE, 0, &r), ESRCH);

	/* cur above max is EINVAL; raising NOFILE past nr_open is EPERM. */
	r.cur = 10;
	r.max = 5;
	CHECK_ERR(SYS(SYS_setrlimit, RLIMIT_NOFILE, &r), EINVAL);
	r.cur = r.max = (1UL << 20) + 1;
	CHECK_ERR(SYS(SYS_setrlimit, RLIMIT_NOFILE, &r), EPERM);
	CHECK_ERR(SYS(SYS_setrlimit, RLIMIT_NOFILE, unmapped_addr()), EFAULT);

	/* A lower NOFILE limit is enforced by open and reported back. */
	if (must_fork() == 0) {
		lower.cur = 5;
		lower.max = 4096;
		CHECK_EQ(SYS(SYS_prlimit64, 0, RLIMIT_NOFILE, &lower, &old), 0);
		CHECK_EQ(old.cur, 1024);
		fd = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
		CHECK(fd >= 3 && fd < 5);
		while (fd >= 0 && fd < 5)
			fd = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
		CHECK_EQ(fd, -EMFILE);
		CHECK_EQ(SYS(SYS_getrlimit, RLIMIT_NOFILE, &r), 0);
		CHECK_EQ(r.cur, 5);
		SYS(SYS_exit_group, check_done());
	} else {
		int status;

		SYS(SYS_wait4, -1, &status, 0, 0);
		CHECK_EXITED(status, 0);
	}
}

static void spin_ms(long ms)
{
	long end = mono_ns() + ms * 1000000;

	while (mono_ns() < end)
		;
}

static void check_usage(void)
{
	struct rusage ru;
	struct tms t;
	long pid, before, after;
	int status;

	CHECK_ERR(SYS(SYS_getrusage, 2, &ru), EINVAL);
	CHECK_ERR(SYS(SYS_getrusage, RUSAGE_SELF, unmapped_addr()), EFAULT);
	spin_ms(50);
	CHECK_EQ(SYS(SYS_getrusage, RUSAGE_SELF, &ru), 0);
	CHECK(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
		      ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >=
	      40000);
	CHECK_EQ(SYS(SYS_getrusage, RUSAGE_THREAD, &ru), 0);

	/* A reaped child's time shows up under RUSAGE_CHILDREN and cutime. */
	pid = must_fork();
	if (pid == 0) {
		spin_ms(100);
		SYS(SYS_exit_group, 0);
	}
	SYS(SYS_wait4, pid, &status, 0, 0);
	CHECK_EQ(SYS(SYS_getrusage, RUSAGE_CHILDREN, &ru), 0);
	CHECK(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
		      ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >=
	      80000);
	before = SYS(SYS_times, &t);
	CHECK(t.tms_cutime + t.tms_cstime >= 8);
	CHECK(t.tms_utime + t.tms_stime >= 4);
	sleep_ms(50);
	after = SYS(SYS_times, 0);
	CHECK(after - before >= 4);
	CHECK_ERR(SYS(SYS_times, unmapped_addr()), EFAULT);
}

static unsigned long free_bytes(void)
{
	struct sysinfo si;

	CHECK_EQ(SYS(SYS_sysinfo, &si), 0);
	return si.freeram * si.mem_unit;
}

static void check_sysinfo(void)
{
	struct sysinfo si;
	unsigned long base, now;
	int status;

	CHECK_EQ(SYS(SYS_sysinfo, &si), 0);
	CHECK(si.totalram > 0);
	CHECK(si.freeram > 0 && si.freeram <= si.totalram);
	CHECK(si.procs >= 2);
	CHECK(si.mem_unit >= 1);
	CHECK(si.uptime >= 0);
	CHECK_ERR(SYS(SYS_sysinfo, unmapped_addr()), EFAULT);

	/*
	 * Two hundred processes that touch memory and exit: every page
	 * they used must come back. Linux's count moves by a few pages on
	 * its own, so allow 256 KiB; a page per process would be 800 KiB.
	 */
	for (int i = 0; i < 5; i++) {
		if (must_fork() == 0)
			SYS(SYS_exit_group, 0);
		SYS(SYS_wait4, -1, &status, 0, 0);
	}
	base = free_bytes();
	for (int i = 0; i < 200; i++) {
		long pid = must_fork();

		if (pid == 0) {
			static char touch[3 * 4096];

			for (size_t j = 0; j < sizeof(touch); j += 4096)
				touch[j] = 1;
			SYS(SYS_exit_group, 0);
		}
		SYS(SYS_wait4, pid, &status, 0, 0);
	}
	now = free_bytes();
	CHECK(now + 256 * 1024 >= base);
	if (now + 256 * 1024 < base)
		say("free memory %lu -> %lu bytes", base, now);
}

int main(void)
{
	check_limits();
	check_usage();
	check_sysinfo();
	return check_done();
}
