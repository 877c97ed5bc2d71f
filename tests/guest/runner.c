/*
 * The guest test runner. It is /init (pid 1) in an initramfs that holds
 * the tests as /tests/<name> and their order in /tests/list. It runs each
 * test in a child with a timeout, prints one RESULT line per test and a
 * closing "N passed, N failed" line, then powers the machine off.
 *
 * Output protocol (read by the host harness):
 *	guest-runner: <count> tests
 *	RESULT <name> PASS
 *	RESULT <name> FAIL <exit N | signal N | timeout | ...>
 *	<passed> passed, <failed> failed
 *
 * Everything goes through write(2) on fd 1, unbuffered, so that nothing is
 * lost when the machine powers off. The runner uses only raw system calls
 * that every kernel under test implements; there is no sync() on purpose.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

#include "guest.h"

#define LIST_PATH	"/tests/list"
#define MAX_TESTS	256
#define NAME_MAX_LEN	64
#define TIMEOUT_NS	(30 * 1000000000L)
#define POLL_NS		5000000L

static char list_buf[8192];
static char *names[MAX_TESTS];

static void out(const char *s)
{
	SYS(SYS_write, 1, s, strlen(s));
}

static long now_ns(void)
{
	struct timespec ts = { 0, 0 };

	SYS(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Splits the list into names; blank lines and '#' comments are skipped. */
static int load_list(void)
{
	long len = read_file(LIST_PATH, list_buf, sizeof(list_buf) - 1);
	int count = 0;
	char *p, *line;

	if (len < 0)
		return (int)len;
	list_buf[len] = '\0';
	for (p = list_buf; *p && count < MAX_TESTS; ) {
		line = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && strlen(line) < NAME_MAX_LEN)
			names[count++] = line;
	}
	return count;
}

/*
 * Starts /tests/<name> with argv {name} and a small fixed environment;
 * GUEST_TEST names the test so that args_env can check what it was given.
 */
static long start_test(const char *name)
{
	static char path[16 + NAME_MAX_LEN];
	static char test_var[16 + NAME_MAX_LEN];
	char *argv[] = { (char *)name, NULL };
	char *envp[] = { "HOME=/", "TERM=linux", test_var, NULL };
	long pid;

	snprintf(path, sizeof(path), "/tests/%s", name);
	snprintf(test_var, sizeof(test_var), "GUEST_TEST=%s", name);
	pid = SYS(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		SYS(SYS_execve, path, argv, envp);
		SYS(SYS_exit_group, 127);
	}
	return pid;
}

/*
 * Waits for pid with a timeout, reaping any orphan that was re-parented
 * to us on the way. Returns 0 with *status set, 1 on timeout after killing
 * and reaping the test, or the -errno of a failed wait4.
 */
static int wait_test(long pid, int *status)
{
	struct timespec tick = { 0, POLL_NS };
	long deadline = now_ns() + TIMEOUT_NS;
	long r;

	for (;;) {
		r = SYS(SYS_wait4, -1, status, WNOHANG, 0);
		if (r == pid)
			return 0;
		if (r > 0)
			continue;
		if (r < 0 && r != -EINTR)
			return (int)r;
		if (now_ns() > deadline)
			break;
		SYS(SYS_nanosleep, &tick, 0);
	}
	SYS(SYS_kill, pid, SIGKILL);
	while ((r = SYS(SYS_wait4, pid, status, 0, 0)) == -EINTR)
		;
	return 1;
}

/*
 * The reference Linux kernel has its virtio-mmio and virtio-net drivers as
 * modules, which the image carries in /lib/modules/<release>/ (build.sh):
 * loaded here, in dependency order, both kernels see the same network card.
 * Akuma has the drivers built in; its finit_module is ENOSYS and nothing
 * happens. Failures are silent: a test that needs the card says so itself.
 */
static void load_net_modules(void)
{
	static const char *const mods[] = {
		"virtio_mmio", "failover", "net_failover", "virtio_net",
	};
	struct utsname u;
	char path[192];
	long fd, r;
	size_t i;

	if (SYS(SYS_uname, &u) < 0)
		return;
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s/%s.ko",
			 u.release, mods[i]);
		fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		r = SYS(SYS_finit_module, fd, "", 0);
		SYS(SYS_close, fd);
		if (r == -ENOSYS)
			return;
	}
}

int main(void)
{
	int count = load_list(), passed = 0, failed = 0, status, waited, i;
	char line[160];
	long pid;

	if (count < 0) {
		snprintf(line, sizeof(line),
			 "guest-runner: cannot read %s: %d\n", LIST_PATH, count);
		out(line);
		count = 0;
	}
	snprintf(line, sizeof(line), "guest-runner: %d tests\n", count);
	out(line);
	load_net_modules();

	for (i = 0; i < count; i++) {
		pid = start_test(names[i]);
		status = 0;
		waited = pid < 0 ? 0 : wait_test(pid, &status);
		if (pid < 0)
			snprintf(line, sizeof(line), "RESULT %s FAIL fork %ld\n",
				 names[i], pid);
		else if (waited == 1)
			snprintf(line, sizeof(line), "RESULT %s FAIL timeout\n",
				 names[i]);
		else if (waited < 0)
			snprintf(line, sizeof(line), "RESULT %s FAIL wait4 %d\n",
				 names[i], waited);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			snprintf(line, sizeof(line), "RESULT %s PASS\n",
				 names[i]);
		else if (WIFEXITED(status))
			snprintf(line, sizeof(line), "RESULT %s FAIL exit %d\n",
				 names[i], WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			snprintf(line, sizeof(line),
				 "RESULT %s FAIL signal %d\n", names[i],
				 WTERMSIG(status));
		else
			snprintf(line, sizeof(line),
				 "RESULT %s FAIL status 0x%x\n", names[i],
				 status);
		if (strstr(line, " PASS\n"))
			passed++;
		else
			failed++;
		out(line);
	}

	snprintf(line, sizeof(line), "%d passed, %d failed\n", passed, failed);
	out(line);
	SYS(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
	    LINUX_REBOOT_CMD_POWER_OFF, 0);
	out("guest-runner: power off failed\n");
	return 1;
}
