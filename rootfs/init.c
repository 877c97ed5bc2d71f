// SPDX-License-Identifier: MIT
/*
 * /init of the image that `./build.sh run` boots.
 *
 * Says hello, runs /bin/hello, then hands the console to /bin/sh when the
 * image has one.  Without a shell it powers the machine off, which makes
 * QEMU exit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static char *const init_env[] = {
	"PATH=/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin",
	"HOME=/root",
	"TERM=linux",
	NULL,
};

static int run(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		printf("init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execve(path, argv, init_env);
		printf("init: cannot execute %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			printf("init: waitpid: %s\n", strerror(errno));
			return -1;
		}
	}
	return status;
}

int main(void)
{
	char *sh_argv[] = { "sh", NULL };
	int status;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("Akuma: init started, pid %d\n", (int)getpid());

	status = run("/bin/hello");
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		printf("init: /bin/hello exited with status %d\n",
		       WEXITSTATUS(status));
	else if (status >= 0 && WIFSIGNALED(status))
		printf("init: /bin/hello killed by signal %d\n",
		       WTERMSIG(status));

	if (access("/bin/sh", X_OK) == 0) {
		execve("/bin/sh", sh_argv, init_env);
		printf("init: cannot execute /bin/sh: %s\n", strerror(errno));
	}

	printf("init: no shell in this image yet; powering off\n");
	reboot(RB_POWER_OFF);
	printf("init: power off failed: %s\n", strerror(errno));
	return 1;
}
