/*
 * The system-wide files of /proc: meminfo, uptime, loadavg, stat,
 * cpuinfo, version, mounts, filesystems, sys/kernel, and the directory
 * itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "proc_util.h"

static char text[16384];

/*
 * Every line is a name and a colon padded to 16 columns, then a number of
 * at least 8 columns, then " kB" (or nothing, for the HugePages counts).
 */
static void test_meminfo_format(void)
{
	const char *p = text, *colon, *nl, *d;

	CHECK(proc_read("/proc/meminfo", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "MemTotal:        ", 17));
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		colon = strchr(p, ':');
		if (!nl || !colon || colon > nl) {
			check_fail(__FILE__, __LINE__, "meminfo: \"%s\"", p);
			return;
		}
		for (d = colon + 1; *d == ' '; d++)
			;
		while (*d >= '0' && *d <= '9')
			d++;
		if (d - p < 24 ||
		    (d != nl && strncmp(d, " kB\n", 4)))
			check_fail(__FILE__, __LINE__, "meminfo: \"%.*s\"",
				   (int)(nl - p), p);
	}
}

static long mem_free(void)
{
	proc_read("/proc/meminfo", text, sizeof(text));
	return proc_field_long(text, "MemFree:");
}

/* MemFree drops by what a process touches, and comes back at munmap. */
static void test_meminfo_changes(void)
{
	size_t len = 16UL << 20;
	long total, before, touched, after;
	char *p;

	proc_read("/proc/meminfo", text, sizeof(text));
	total = proc_field_long(text, "MemTotal:");
	before = proc_field_long(text, "MemFree:");
	CHECK(total > before && before > 0);
	CHECK(proc_field_long(text, "MemAvailable:") > 0);
	CHECK_EQ(proc_field_long(text, "SwapTotal:"), 0);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	touched = mem_free();
	CHECK(touched <= before - 12 * 1024);
	munmap(p, len);
	after = mem_free();
	CHECK(after >= touched + 12 * 1024);
}

static void read_uptime(long *up, long *idle)
{
	long a, b, c, d;

	CHECK(proc_read("/proc/uptime", text, sizeof(text)) > 0);
	CHECK_EQ(sscanf(text, "%ld.%2ld %ld.%2ld", &a, &b, &c, &d), 4);
	*up = a * 100 + b;
	*idle = c * 100 + d;
}

static void test_uptime(void)
{
	struct timespec mono;
	long up1, idle1, up2, idle2;

	read_uptime(&up1, &idle1);
	SYS(SYS_clock_gettime, CLOCK_MONOTONIC, &mono);
	/* Uptime is the monotonic clock, to the hundredth. */
	CHECK(up1 <= mono.tv_sec * 100 + mono.tv_nsec / 10000000);
	CHECK(up1 >= mono.tv_sec * 100 + mono.tv_nsec / 10000000 - 2);
	sleep_ms(120);
	read_uptime(&up2, &idle2);
	CHECK(up2 >= up1 + 12);
	CHECK(idle2 >= idle1);
	/* Sleeping is idle time on a machine with nothing else to do. */
	CHECK(idle2 > idle1);
}

static void test_loadavg(void)
{
	long running, threads, last;
	double l1, l5, l15;
	char a[8], b[8], c[8];

	CHECK(proc_read("/proc/loadavg", text, sizeof(text)) > 0);
	CHECK_EQ(sscanf(text, "%7s %7s %7s %ld/%ld %ld", a, b, c, &running,
			&threads, &last), 6);
	/* Two decimals each, as "%lu.%02lu". */
	CHECK(strlen(a) >= 4 && a[strlen(a) - 3] == '.');
	CHECK(strlen(b) >= 4 && b[strlen(b) - 3] == '.');
	CHECK(strlen(c) >= 4 && c[strlen(c) - 3] == '.');
	l1 = strtod(a, NULL);
	l5 = strtod(b, NULL);
	l15 = strtod(c, NULL);
	CHECK(l1 >= 0 && l5 >= 0 && l15 >= 0);
	CHECK(running >= 1 && running <= threads);
	CHECK(last >= SYS(SYS_getpid));
	/* A new process is the last pid. */
	{
		long pid = must_fork();

		if (pid == 0)
			SYS(SYS_exit_group, 0);
		must_wait(pid);
		proc_read("/proc/loadavg", text, sizeof(text));
		CHECK_EQ(sscanf(text, "%*s %*s %*s %*d/%*d %ld", &last), 1);
		CHECK(last >= pid);
	}
}

static long stat_value(const char *key)
{
	proc_read("/proc/stat", text, sizeof(text));
	return proc_field_long(text, key);
}

static void test_stat(void)
{
	long v[10], ctxt, forks, btime;
	char v0[256];
	time_t now = time(NULL);

	CHECK(proc_read("/proc/stat", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "cpu  ", 5));
	CHECK_EQ(sscanf(text, "cpu %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
			&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7],
			&v[8], &v[9]), 10);
	CHECK(proc_field(text, "cpu0 ", v0, sizeof(v0)) != NULL);
	CHECK(proc_field(text, "intr ", v0, sizeof(v0)) != NULL);
	CHECK(proc_field_long(text, "procs_running ") >= 1);
	CHECK(proc_field_long(text, "procs_blocked ") >= 0);
	btime = proc_field_long(text, "btime ");
	CHECK(btime > 1577836800 && btime <= now);
	ctxt = proc_field_long(text, "ctxt ");
	forks = proc_field_long(text, "processes ");
	CHECK(ctxt > 0 && forks > 0);
	for (int i = 0; i < 3; i++)
		sleep_ms(2);
	CHECK(stat_value("ctxt ") >= ctxt + 3);
	{
		long pid = must_fork();

		if (pid == 0)
			SYS(SYS_exit_group, 0);
		must_wait(pid);
		CHECK(stat_value("processes ") >= forks + 1);
	}
}

static void test_cpuinfo(void)
{
	char v[256];

	CHECK(proc_read("/proc/cpuinfo", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "processor\t: 0\n", 14));
	CHECK(proc_field(text, "BogoMIPS\t:", v, sizeof(v)) &&
	      strchr(v, '.'));
	CHECK(proc_field(text, "Features\t:", v, sizeof(v)) &&
	      !strncmp(v, "fp asimd", 8));
	CHECK(proc_field(text, "CPU implementer\t:", v, sizeof(v)) &&
	      !strcmp(v, "0x41"));
	CHECK(proc_field(text, "CPU architecture:", v, sizeof(v)) &&
	      !strcmp(v, "8"));
	CHECK(proc_field(text, "CPU part\t:", v, sizeof(v)) &&
	      !strcmp(v, "0xd08"));
	CHECK(strstr(text, "\n\n") != NULL);
}

static void test_version_and_sysctl(void)
{
	struct utsname u;
	char want[128];

	CHECK_OK(uname(&u));
	CHECK(proc_read("/proc/version", text, sizeof(text)) > 0);
	snprintf(want, sizeof(want), "Linux version %s ", u.release);
	CHECK(!strncmp(text, want, strlen(want)));
	CHECK(proc_read("/proc/sys/kernel/ostype", text, sizeof(text)) > 0);
	CHECK(!strcmp(text, "Linux\n"));
	snprintf(want, sizeof(want), "%s\n", u.release);
	CHECK(proc_read("/proc/sys/kernel/osrelease", text, sizeof(text)) > 0);
	CHECK(!strcmp(text, want));
	snprintf(want, sizeof(want), "%s\n", u.nodename);
	CHECK(proc_read("/proc/sys/kernel/hostname", text, sizeof(text)) > 0);
	CHECK(!strcmp(text, want));
	CHECK(proc_read("/proc/sys/kernel/pid_max", text, sizeof(text)) > 0);
	CHECK(strtol(text, NULL, 10) >= 32768);
}

static void test_mounts(void)
{
	char link[64];
	long n;

	CHECK(proc_read("/proc/mounts", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "rootfs / rootfs rw", 18));
	CHECK(strstr(text, "\nproc /proc proc rw") != NULL);
	n = SYS(SYS_readlinkat, AT_FDCWD, "/proc/mounts", link, sizeof(link));
	CHECK_EQ(n, 11);
	CHECK_MEM(link, "self/mounts", 11);
	CHECK(proc_read("/proc/filesystems", text, sizeof(text)) > 0);
	CHECK(strstr(text, "nodev\tproc\n") != NULL);
	CHECK(strstr(text, "nodev\tsysfs\n") != NULL);
	CHECK(strstr(text, "nodev\ttmpfs\n") != NULL);
}

/* The directory: fixed names, numbers for processes, Linux's modes. */
static void test_root(void)
{
	int seen_self = 0, seen_meminfo = 0, seen_pid = 0, seen_1 = 0;
	char me[16];
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(me, sizeof(me), "%ld", SYS(SYS_getpid));
	d = opendir("/proc");
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, "self"))
			seen_self += e->d_type == DT_LNK;
		if (!strcmp(e->d_name, "meminfo"))
			seen_meminfo += e->d_type == DT_REG;
		if (!strcmp(e->d_name, me))
			seen_pid += e->d_type == DT_DIR;
		if (!strcmp(e->d_name, "1"))
			seen_1 += e->d_type == DT_DIR;
	}
	if (d)
		closedir(d);
	CHECK_EQ(seen_self, 1);
	CHECK_EQ(seen_meminfo, 1);
	CHECK_EQ(seen_pid, 1);
	CHECK_EQ(seen_1, 1);
	CHECK_OK(stat("/proc", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0555);
	CHECK_EQ(st.st_ino, 1);
	CHECK_OK(stat("/proc/meminfo", &st));
	CHECK_EQ(st.st_mode, S_IFREG | 0444);
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(stat("/proc/sys/kernel", &st));
	CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
}

/* A file read in pieces gives the text of one snapshot. */
static void test_reads(void)
{
	char small[7];
	int fd = open("/proc/meminfo", O_RDONLY);
	long n, total = 0;

	CHECK(fd >= 0);
	while ((n = read(fd, small, sizeof(small))) > 0)
		total += n;
	CHECK_EQ(n, 0);
	CHECK(total > 100);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, small, 4), 4);
	CHECK_MEM(small, "MemT", 4);
	CHECK_ERR(SYS(SYS_lseek, fd, 0, SEEK_END), EINVAL);
	CHECK_ERR(SYS(SYS_write, fd, "1", 1), EBADF);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 100), EFAULT);
	close(fd);
	fd = open("/proc/uptime", O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_write, fd, "1", 1), EIO);
	close(fd);
}

int main(void)
{
	proc_mount();
	test_meminfo_format();
	test_meminfo_changes();
	test_uptime();
	test_loadavg();
	test_stat();
	test_cpuinfo();
	test_version_and_sysctl();
	test_mounts();
	test_root();
	test_reads();
	return check_done();
}
