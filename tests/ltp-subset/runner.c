/*
 * The LTP-style suite's runner: /init (pid 1) of the ltp image. It mounts
 * /proc and a tmpfs on /tmp, brings the loopback interface up, runs every
 * entry of /ltp/runtest/syscalls (LTP's runtest format: "<tag> <command>
 * [args...]") from /ltp/testcases/bin with a time limit, prints one
 * RESULT line per entry and a closing count, then powers the machine off.
 *
 *	ltp-runner: <count> tests
 *	RESULT <tag> PASS
 *	RESULT <tag> FAIL <exit N | signal N | timeout | ...>
 *	RESULT <tag> CONF exit 32
 *	<passed> passed, <failed> failed, <skipped> skipped
 *
 * A test's exit status follows the library's convention (tst_test.h):
 * 0 all passed, 32 only TCONF besides passes, anything else a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNTEST		"/ltp/runtest/syscalls"
#define BINDIR		"/ltp/testcases/bin"
#define MAX_ENTRIES	512
#define MAX_ARGS	16
/*
 * The library ends a test after its own timeout (30 s unless the test
 * sets up to 120 s); this limit only catches a library that did not.
 */
#define TIMEOUT_S	150
#define TCONF_STATUS	32

static char runtest[32768];
static char *entries[MAX_ENTRIES];

static void out(const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len) {
		n = write(1, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void setup_system(void)
{
	struct ifreq ifr;
	char line[160];
	int fd;

	if (mount("proc", "/proc", "proc", 0, NULL) < 0) {
		snprintf(line, sizeof(line), "ltp-runner: mount /proc: %s\n",
			 strerror(errno));
		out(line);
	}
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") < 0) {
		snprintf(line, sizeof(line), "ltp-runner: mount /tmp: %s\n",
			 strerror(errno));
		out(line);
	}
	/* The socket tests talk over 127.0.0.1: lo must be up. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto lo_failed;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		goto lo_failed;
	close(fd);
	return;
lo_failed:
	snprintf(line, sizeof(line), "ltp-runner: lo not up: %s\n",
		 strerror(errno));
	out(line);
	if (fd >= 0)
		close(fd);
}

/* Splits the runtest file into lines; '#' comments and blanks go. */
static int load_runtest(void)
{
	int fd = open(RUNTEST, O_RDONLY), count = 0;
	ssize_t n, len = 0;
	char *p, *line;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, runtest + len, sizeof(runtest) - 1 - len)) > 0)
		len += n;
	close(fd);
	runtest[len] = '\0';
	for (p = runtest; *p && count < MAX_ENTRIES; ) {
		line = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line)
			entries[count++] = line;
	}
	return count;
}

/* Cuts an entry into words: argv[0] is the tag, then the command. */
static int split(char *s, char **argv)
{
	int n = 0;

	while (*s && n < MAX_ARGS) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		argv[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	argv[n] = NULL;
	return n;
}

static pid_t start(char **cmd)
{
	static char path[256];
	char *envp[] = { "HOME=/", "TERM=linux", "PATH=" BINDIR ":/bin",
			 "LTPROOT=/ltp", "TMPDIR=/tmp", NULL };
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", BINDIR, cmd[0]);
	pid = fork();
	if (pid == 0) {
		if (chdir("/tmp") < 0)
			_exit(126);
		execve(path, cmd, envp);
		_exit(127);
	}
	return pid;
}

/*
 * Waits for the test, reaping orphans re-parented to us on the way.
 * Returns 0 with *status, 1 after a timeout (the test's process group and
 * the test are killed), or -errno.
 */
static int wait_test(pid_t pid, int *status)
{
	struct timespec tick = { 0, 5000000 };
	long deadline = now_ms() + TIMEOUT_S * 1000L;
	pid_t r;

	for (;;) {
		r = waitpid(-1, status, WNOHANG);
		if (r == pid)
			return 0;
		if (r > 0)
			continue;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (now_ms() > deadline)
			break;
		nanosleep(&tick, NULL);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return 1;
}

int main(void)
{
	int count, passed = 0, failed = 0, skipped = 0, status, waited, i;
	char line[256], *argv[MAX_ARGS + 1];
	pid_t pid;

	setup_system();
	count = load_runtest();
	if (count < 0) {
		snprintf(line, sizeof(line), "ltp-runner: cannot read %s: %s\n",
			 RUNTEST, strerror(-count));
		out(line);
		count = 0;
	}
	snprintf(line, sizeof(line), "ltp-runner: %d tests\n", count);
	out(line);

	for (i = 0; i < count; i++) {
		if (split(entries[i], argv) < 2) {
			snprintf(line, sizeof(line),
				 "RESULT %s FAIL no command\n", argv[0]);
			out(line);
			failed++;
			continue;
		}
		snprintf(line, sizeof(line), "ltp-runner: starting %s\n",
			 argv[0]);
		out(line);
		status = 0;
		pid = start(argv + 1);
		waited = pid < 0 ? -errno : wait_test(pid, &status);
		if (pid < 0)
			snprintf(line, sizeof(line), "RESULT %s FAIL fork %s\n",
				 argv[0], strerror(-waited));
		else if (waited == 1)
			snprintf(line, sizeof(line), "RESULT %s FAIL timeout\n",
				 argv[0]);
		else if (waited < 0)
			snprintf(line, sizeof(line), "RESULT %s FAIL wait %s\n",
				 argv[0], strerror(-waited));
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			snprintf(line, sizeof(line), "RESULT %s PASS\n",
				 argv[0]);
		else if (WIFEXITED(status) &&
			 WEXITSTATUS(status) == TCONF_STATUS)
			snprintf(line, sizeof(line), "RESULT %s CONF exit %d\n",
				 argv[0], TCONF_STATUS);
		else if (WIFEXITED(status))
			snprintf(line, sizeof(line), "RESULT %s FAIL exit %d\n",
				 argv[0], WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			snprintf(line, sizeof(line),
				 "RESULT %s FAIL signal %d\n", argv[0],
				 WTERMSIG(status));
		else
			snprintf(line, sizeof(line),
				 "RESULT %s FAIL status 0x%x\n", argv[0],
				 status);
		if (strstr(line, " PASS\n"))
			passed++;
		else if (strstr(line, " CONF "))
			skipped++;
		else
			failed++;
		out(line);
	}

	snprintf(line, sizeof(line), "%d passed, %d failed, %d skipped\n",
		 passed, failed, skipped);
	out(line);
	reboot(RB_POWER_OFF);
	out("ltp-runner: power off failed\n");
	return 1;
}
