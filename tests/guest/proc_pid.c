/*
 * /proc/<pid>: stat, status, cmdline, environ, comm, the exe, cwd, root
 * and fd links, the task directory, and what happens to the files of a
 * process that sleeps, becomes a zombie and is reaped.
 *
 * Run with "args" as argv[1], the program checks its own cmdline and
 * environ against what execve gave it and exits 0 or 1; run as the
 * interpreter of /tests/data/comm_script ("script"), it checks that comm
 * names the script and exe the interpreter.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_util.h"

#define SELF "/tests/proc_pid"

extern char **environ;

/* The 52 fields of a stat line; [0] is the pid, [1] the comm. */
struct stat_line {
	int count;
	char comm[64];
	char state;
	long f[53];
};

static int parse_stat(const char *text, struct stat_line *s)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *p;
	char *end;

	memset(s, 0, sizeof(*s));
	if (!open || !close || close < open ||
	    (size_t)(close - open - 1) >= sizeof(s->comm))
		return -1;
	s->f[1] = strtol(text, NULL, 10);
	memcpy(s->comm, open + 1, close - open - 1);
	if (close[1] != ' ' || !close[2] || close[3] != ' ')
		return -1;
	s->state = close[2];
	s->count = 3;
	p = close + 3;
	while (*p == ' ' && s->count < 52) {
		s->f[++s->count] = strtol(p + 1, &end, 10);
		p = end;
	}
	return *p == '\n' && !p[1] ? 0 : -1;
}

static long readlink_str(const char *path, char *buf, size_t size)
{
	long n = SYS(SYS_readlinkat, AT_FDCWD, path, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	return n;
}

static void check_link(const char *path, const char *want)
{
	char buf[256];
	long n = readlink_str(path, buf, sizeof(buf));

	CHECK_EQ(n, (long)strlen(want));
	if (n > 0 && strcmp(buf, want))
		check_fail(__FILE__, __LINE__, "%s -> \"%s\", want \"%s\"",
			   path, buf, want);
}

static void test_self_links(void)
{
	char want[64];

	snprintf(want, sizeof(want), "%ld", SYS(SYS_getpid));
	check_link("/proc/self", want);
	snprintf(want, sizeof(want), "%ld/task/%ld", SYS(SYS_getpid),
		 SYS(SYS_gettid));
	check_link("/proc/thread-self", want);
	check_link("/proc/self/exe", SELF);
	check_link("/proc/self/cwd", "/");
	check_link("/proc/self/root", "/");
	check_link("/proc/self/fd/1", "/dev/console");
}

static void test_stat(void)
{
	char text[1024];
	struct stat_line s;
	struct timespec up;

	CHECK(proc_read("/proc/self/stat", text, sizeof(text)) > 0);
	CHECK_EQ(parse_stat(text, &s), 0);
	CHECK_EQ(s.count, 52);
	CHECK_EQ(s.f[1], SYS(SYS_getpid));
	CHECK(!strcmp(s.comm, "proc_pid"));
	CHECK_EQ(s.state, 'R');
	CHECK_EQ(s.f[4], SYS(SYS_getppid));
	CHECK_EQ(s.f[5], SYS(SYS_getpgid, 0));
	CHECK_EQ(s.f[6], SYS(SYS_getsid, 0));
	CHECK_EQ(s.f[7], 0);  /* no controlling terminal under the runner */
	CHECK_EQ(s.f[8], -1);
	CHECK_EQ(s.f[18], 20); /* priority */
	CHECK_EQ(s.f[19], 0);  /* nice */
	CHECK_EQ(s.f[20], 1);  /* threads */
	CHECK_EQ(s.f[21], 0);
	/* Start time in clock ticks since boot, before now. */
	SYS(SYS_clock_gettime, CLOCK_MONOTONIC, &up);
	CHECK(s.f[22] >= 0);
	CHECK(s.f[22] <= up.tv_sec * 100 + up.tv_nsec / 10000000 + 1);
	CHECK(s.f[23] > 0); /* vsize */
	CHECK(s.f[24] > 0); /* rss */
	CHECK_EQ(s.f[38], SIGCHLD); /* exit signal */
	/* arg_start < arg_end = env_start < env_end */
	CHECK(s.f[48] > 0 && s.f[48] < s.f[49]);
	CHECK_EQ(s.f[49], s.f[50]);
	CHECK(s.f[50] < s.f[51]);
	CHECK_EQ(s.f[52], 0);
}

static void on_signal(int sig)
{
	(void)sig;
}

static void test_status(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	sigset_t set;
	char text[4096], v[64];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	sa.sa_handler = on_signal; /* never runs */
	CHECK_OK(sigaction(SIGHUP, &sa, NULL));

	CHECK(proc_read("/proc/self/status", text, sizeof(text)) > 0);
	CHECK(proc_field(text, "Name:", v, sizeof(v)) && !strcmp(v, "proc_pid"));
	CHECK(proc_field(text, "Umask:", v, sizeof(v)) && !strcmp(v, "0022"));
	CHECK(proc_field(text, "State:", v, sizeof(v)) &&
	      !strcmp(v, "R (running)"));
	CHECK_EQ(proc_field_long(text, "Tgid:"), SYS(SYS_getpid));
	CHECK_EQ(proc_field_long(text, "Pid:"), SYS(SYS_getpid));
	CHECK_EQ(proc_field_long(text, "PPid:"), SYS(SYS_getppid));
	CHECK_EQ(proc_field_long(text, "TracerPid:"), 0);
	CHECK(proc_field(text, "Uid:", v, sizeof(v)) && !strcmp(v, "0\t0\t0\t0"));
	CHECK(proc_field(text, "Gid:", v, sizeof(v)) && !strcmp(v, "0\t0\t0\t0"));
	CHECK(proc_field_long(text, "FDSize:") >= 3);
	CHECK(proc_field_long(text, "VmSize:") > 0);
	CHECK(proc_field_long(text, "VmRSS:") > 0);
	CHECK_EQ(proc_field_long(text, "Threads:"), 1);
	CHECK(proc_field(text, "SigBlk:", v, sizeof(v)) &&
	      !strcmp(v, "0000000000000200"));
	CHECK(proc_field(text, "SigIgn:", v, sizeof(v)) &&
	      !strcmp(v, "0000000000000800"));
	CHECK(proc_field(text, "SigCgt:", v, sizeof(v)) &&
	      !strcmp(v, "0000000000000001"));
	CHECK(proc_field(text, "ShdPnd:", v, sizeof(v)) &&
	      !strcmp(v, "0000000000000000"));
	/* The masks in stat are the same. */
	{
		struct stat_line s;

		CHECK(proc_read("/proc/self/stat", text, sizeof(text)) > 0);
		CHECK_EQ(parse_stat(text, &s), 0);
		CHECK_EQ(s.f[32], 0x200);
		CHECK_EQ(s.f[33], 0x800);
		CHECK_EQ(s.f[34], 0x1);
	}
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	sa.sa_handler = SIG_DFL;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	CHECK_OK(sigaction(SIGHUP, &sa, NULL));
}

static void test_small_files(void)
{
	char text[256];

	CHECK_EQ(proc_read("/proc/self/comm", text, sizeof(text)), 9);
	CHECK(!strcmp(text, "proc_pid\n"));
	/* statm: seven numbers, size >= resident. */
	{
		long v[7];

		CHECK(proc_read("/proc/self/statm", text, sizeof(text)) > 0);
		CHECK_EQ(sscanf(text, "%ld %ld %ld %ld %ld %ld %ld", &v[0],
				&v[1], &v[2], &v[3], &v[4], &v[5], &v[6]), 7);
		CHECK(v[0] >= v[1] && v[1] > 0);
	}
}

/* The cmdline and environ of a process execve'd with odd strings. */
static int check_args(int argc, char **argv)
{
	char buf[4096], want[4096];
	size_t len = 0;
	long n;

	for (int i = 0; i < argc; i++) {
		memcpy(want + len, argv[i], strlen(argv[i]) + 1);
		len += strlen(argv[i]) + 1;
	}
	n = read_file("/proc/self/cmdline", buf, sizeof(buf));
	CHECK_EQ(n, (long)len);
	if (n == (long)len)
		CHECK_MEM(buf, want, len);
	len = 0;
	for (char **e = environ; *e; e++) {
		memcpy(want + len, *e, strlen(*e) + 1);
		len += strlen(*e) + 1;
	}
	n = read_file("/proc/self/environ", buf, sizeof(buf));
	CHECK_EQ(n, (long)len);
	if (n == (long)len)
		CHECK_MEM(buf, want, len);
	return check_done();
}

/* Started through "#!/tests/proc_pid script" in /tests/data/comm_script. */
static int check_script(void)
{
	char text[64];

	CHECK(proc_read("/proc/self/comm", text, sizeof(text)) > 0);
	CHECK(!strcmp(text, "comm_script\n"));
	check_link("/proc/self/exe", SELF);
	return check_done();
}

static void test_cmdline(void)
{
	char *argv[] = { "proc_pid", "args", "a b", "", "x\ty", NULL };
	char *envp[] = { "A=1", "B=", "", NULL };
	char buf[64];
	long pid = must_fork();
	int fd;

	if (pid == 0) {
		SYS(SYS_execve, SELF, argv, envp);
		SYS(SYS_exit_group, 2);
	}
	CHECK_EXITED(must_wait(pid), 0);
	pid = must_fork();
	if (pid == 0) {
		char *sargv[] = { "comm_script", NULL };

		SYS(SYS_execve, "/tests/data/comm_script", sargv, envp);
		SYS(SYS_exit_group, 2);
	}
	CHECK_EXITED(must_wait(pid), 0);
	/* Small reads see the same bytes. */
	fd = open("/proc/self/cmdline", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(read(fd, buf, 3), 3);
	CHECK_EQ(read(fd, buf + 3, sizeof(buf) - 3), 6);
	CHECK_MEM(buf, "proc_pid", 9);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	/* Linux's generic_file_llseek on size 0: SEEK_END is allowed. */
	CHECK_EQ(lseek(fd, 2, SEEK_END), 2);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 7);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 16), EFAULT);
	close(fd);
}

/* Whether dir lists name, and with which d_type. */
static int listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int type = -1;

	if (!d)
		return -2;
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, name))
			type = e->d_type;
	closedir(d);
	return type;
}

/*
 * Three descriptors, the last two then closed: opendir takes the middle
 * one again, so the last one must be gone from the listing.
 */
static void test_fd(void)
{
	int fd = open("/tests/data/lines.txt", O_RDONLY);
	int mid = open("/tests", O_RDONLY), last = open("/", O_RDONLY);
	char path[64], name[16];

	CHECK(fd >= 3 && mid == fd + 1 && last == fd + 2);
	snprintf(name, sizeof(name), "%d", last);
	CHECK_EQ(listed("/proc/self/fd", name), DT_LNK);
	CHECK_EQ(listed("/proc/self/fd", "0"), DT_LNK);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	check_link(path, "/tests/data/lines.txt");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mid);
	check_link(path, "/tests");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", last);
	check_link(path, "/");
	close(last);
	close(mid);
	close(fd);
	CHECK_EQ(listed("/proc/self/fd", name), -1);
	{
		char buf[64];

		CHECK_ERR(SYS(SYS_readlinkat, AT_FDCWD, path, buf,
			      sizeof(buf)), ENOENT);
	}
}

static void test_lookup(void)
{
	char name[16];
	struct stat st;

	snprintf(name, sizeof(name), "%ld", SYS(SYS_getpid));
	CHECK_EQ(listed("/proc", name), DT_DIR);
	CHECK_EQ(listed("/proc", "self"), DT_LNK);
	CHECK_EQ(listed("/proc/self", "stat"), DT_REG);
	CHECK_EQ(listed("/proc/self", "fd"), DT_DIR);
	CHECK_EQ(listed("/proc/self", "exe"), DT_LNK);
	CHECK_ERRNO(stat("/proc/0", &st), ENOENT);
	CHECK_ERRNO(stat("/proc/01", &st), ENOENT);
	CHECK_ERRNO(stat("/proc/self/nonexistent", &st), ENOENT);
	CHECK_ERRNO(stat("/proc/self/stat/x", &st), ENOTDIR);
	CHECK_OK(stat("/proc/self/stat", &st));
	CHECK_EQ(st.st_mode, S_IFREG | 0444);
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(stat("/proc/self", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0555);
	CHECK_OK(lstat("/proc/self", &st));
	CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	CHECK_OK(stat("/proc/self/fd", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0500);
	/* ".." of a process's directory is /proc. */
	{
		struct stat a, b;

		CHECK_OK(stat("/proc/self/..", &a));
		CHECK_OK(stat("/proc", &b));
		CHECK_EQ(a.st_ino, b.st_ino);
	}
	/* The task directory lists the one thread. */
	snprintf(name, sizeof(name), "%ld", SYS(SYS_gettid));
	CHECK_EQ(listed("/proc/self/task", name), DT_DIR);
	{
		char path[64], text[1024];
		struct stat_line s;

		snprintf(path, sizeof(path), "/proc/self/task/%s/stat", name);
		CHECK(proc_read(path, text, sizeof(text)) > 0);
		CHECK_EQ(parse_stat(text, &s), 0);
		CHECK_EQ(s.f[1], SYS(SYS_gettid));
	}
}

static void test_errors(void)
{
	int fd = open("/proc/self/stat", O_RDWR);
	char buf[8];

	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_write, fd, "x", 1), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 100), EFAULT);
	CHECK_ERR(SYS(SYS_read, fd, KERNEL_ADDR, 100), EFAULT);
	CHECK_ERR(SYS(SYS_lseek, fd, 0, SEEK_END), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, -1, SEEK_SET), EINVAL);
	CHECK_EQ(SYS(SYS_lseek, fd, 4, SEEK_SET), 4);
	CHECK_EQ(read(fd, buf, 1), 1);
	close(fd);
	fd = open("/proc/self", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_getdents64, fd, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, buf, sizeof(buf)), EISDIR);
	close(fd);
	/* proc's lookups fail rather than leave a name to create. */
	CHECK_ERRNO(open("/proc/self/newfile", O_CREAT | O_WRONLY, 0644),
		    ENOENT);
	CHECK_ERRNO(open("/proc/newfile", O_CREAT | O_WRONLY, 0644), ENOENT);
}

/* State of another process: sleeping, then a zombie, then gone. */
static char state_of(long pid, struct stat_line *s)
{
	char path[64], text[1024];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (proc_read(path, text, sizeof(text)) <= 0 || parse_stat(text, s))
		return 0;
	return s->state;
}

static void test_other_process(void)
{
	struct timespec ts = { 10, 0 };
	struct stat_line s;
	char path[64], buf[64];
	long pid = must_fork();
	int fd, dfd, i;
	char st = 0;

	if (pid == 0) {
		SYS(SYS_nanosleep, &ts, 0);
		SYS(SYS_exit_group, 0);
	}
	for (i = 0; i < 100 && (st = state_of(pid, &s)) != 'S'; i++)
		sleep_ms(10);
	CHECK_EQ(st, 'S');
	CHECK_EQ(s.f[4], SYS(SYS_getpid));
	CHECK(!strcmp(s.comm, "proc_pid"));
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	dfd = open(path, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0 && dfd >= 0);
	CHECK_OK(SYS(SYS_kill, pid, SIGKILL));
	for (i = 0; i < 100 && (st = state_of(pid, &s)) != 'Z'; i++)
		sleep_ms(10);
	CHECK_EQ(st, 'Z');
	CHECK_EQ(s.f[24], 0); /* no memory left */
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	CHECK_EQ(read_file(path, buf, sizeof(buf)), 0);
	CHECK_SIGNALED(must_wait(pid), SIGKILL);
	CHECK_EQ(state_of(pid, &s), 0);
	CHECK_ERR(SYS(SYS_read, fd, buf, sizeof(buf)), ESRCH);
	/* Linux checks the process exists before looking anything up. */
	CHECK_ERR(SYS(SYS_openat, dfd, "status", O_RDONLY), ESRCH);
	close(fd);
	close(dfd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "args"))
		return check_args(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "script"))
		return check_script();
	proc_mount();
	test_self_links();
	test_stat();
	test_status();
	test_small_files();
	test_cmdline();
	test_fd();
	test_lookup();
	test_errors();
	test_other_process();
	return check_done();
}
