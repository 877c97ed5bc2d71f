// SPDX-License-Identifier: MIT
/*
 * /init of the image that `./build.sh run -- PROGRAM [ARGS...]` boots.
 *
 * Reads the command from /etc/akuma-run (argv strings, each ended by a NUL
 * byte), runs it with the console as stdin/stdout/stderr, waits for it and
 * reports how it ended on a marker line the host looks for:
 *
 *	@@akuma-start			before the program starts
 *	\n@@akuma-exit <status>\n	after it ended: its exit code, or
 *					128 + signal number if a signal killed it
 *
 * The newline before the exit marker is part of the marker (so output that
 * does not end in a newline is kept exactly).  Then it powers off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CMD_FILE "/etc/akuma-run"
#define MAX_ARGS 256
#define MAX_CMD 65536

static char cmd[MAX_CMD + 1];
static char *args[MAX_ARGS + 1];

static char *env[] = {
	"PATH=/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin",
	"HOME=/root",
	"TERM=linux",
	NULL,
};

static void say(const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void power_off(void)
{
	reboot(RB_POWER_OFF);
	dprintf(STDERR_FILENO, "runwrap: power off failed: %s\n",
		strerror(errno));
	_exit(1);
}

static int read_command(void)
{
	size_t len = 0, i;
	int fd, argc = 0;

	fd = open(CMD_FILE, O_RDONLY);
	if (fd < 0) {
		dprintf(STDERR_FILENO, "runwrap: cannot open %s: %s\n",
			CMD_FILE, strerror(errno));
		return -1;
	}
	while (len < MAX_CMD) {
		ssize_t n = read(fd, cmd + len, MAX_CMD - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			dprintf(STDERR_FILENO, "runwrap: read %s: %s\n",
				CMD_FILE, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);

	for (i = 0; i < len && argc < MAX_ARGS; i++) {
		if (i == 0 || cmd[i - 1] == '\0')
			args[argc++] = &cmd[i];
	}
	cmd[len] = '\0';
	args[argc] = NULL;
	if (argc == 0) {
		dprintf(STDERR_FILENO, "runwrap: %s holds no command\n",
			CMD_FILE);
		return -1;
	}
	return argc;
}

int main(void)
{
	char line[64];
	int status, code;
	pid_t pid;

	if (read_command() < 0)
		power_off();

	say("@@akuma-start\n");
	pid = fork();
	if (pid < 0) {
		dprintf(STDERR_FILENO, "runwrap: fork: %s\n", strerror(errno));
		power_off();
	}
	if (pid == 0) {
		/* execvpe() is not in POSIX; use PATH from our own environment. */
		environ = env;
		execvp(args[0], args);
		code = errno == ENOENT ? 127 : 126;
		dprintf(STDERR_FILENO, "runwrap: cannot execute %s: %s\n",
			args[0], strerror(errno));
		_exit(code);
	}

	while (wait4(pid, &status, 0, NULL) < 0) {
		if (errno != EINTR) {
			dprintf(STDERR_FILENO, "runwrap: wait4: %s\n",
				strerror(errno));
			power_off();
		}
	}
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 255;

	snprintf(line, sizeof(line), "\n@@akuma-exit %d\n", code);
	say(line);
	power_off();
	return 0;
}
