/*
 * Exit statuses as the parent sees them through wait4: every way out of a
 * process (return from main, exit, _exit, exit_group, exit) with codes
 * that test the low-8-bit truncation, and death by SIGKILL. The raw status
 * word is checked too, since WEXITSTATUS only looks at part of it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

enum exit_how {
	HOW_RETURN,		/* re-exec ourselves and return from main */
	HOW_EXIT,		/* libc exit() */
	HOW_UNDERSCORE,		/* libc _exit() */
	HOW_EXIT_GROUP,		/* raw exit_group */
	HOW_EXIT_THREAD,	/* raw exit of the only thread */
};

struct exit_case {
	enum exit_how how;
	int code;
	int want;
};

static const struct exit_case cases[] = {
	{ HOW_RETURN, 0, 0 },		{ HOW_RETURN, 42, 42 },
	{ HOW_RETURN, 255, 255 },	{ HOW_EXIT, 0, 0 },
	{ HOW_EXIT, 1, 1 },		{ HOW_EXIT, 42, 42 },
	{ HOW_EXIT, 255, 255 },		{ HOW_EXIT, 256, 0 },
	{ HOW_EXIT, -1, 255 },		{ HOW_UNDERSCORE, 1, 1 },
	{ HOW_UNDERSCORE, 42, 42 },	{ HOW_UNDERSCORE, 257, 1 },
	{ HOW_EXIT_GROUP, 0, 0 },	{ HOW_EXIT_GROUP, 42, 42 },
	{ HOW_EXIT_GROUP, 255, 255 },	{ HOW_EXIT_GROUP, 0x1234, 0x34 },
	{ HOW_EXIT_THREAD, 0, 0 },	{ HOW_EXIT_THREAD, 1, 1 },
	{ HOW_EXIT_THREAD, 42, 42 },	{ HOW_EXIT_THREAD, 255, 255 },
};

static void leave(const struct exit_case *c)
{
	char code[16];
	char *argv[] = { "exit_codes", code, NULL };
	char *envp[] = { NULL };

	switch (c->how) {
	case HOW_RETURN:
		snprintf(code, sizeof(code), "%d", c->code);
		SYS(SYS_execve, "/tests/exit_codes", argv, envp);
		break;
	case HOW_EXIT:
		exit(c->code);
	case HOW_UNDERSCORE:
		_exit(c->code);
	case HOW_EXIT_GROUP:
		SYS(SYS_exit_group, c->code);
		break;
	case HOW_EXIT_THREAD:
		SYS(SYS_exit, c->code);
		break;
	}
	/* Only a failed execve or a broken exit gets here. */
	SYS(SYS_exit_group, 200);
}

int main(int argc, char **argv)
{
	size_t i;
	long pid;
	int status;

	/* Re-executed by HOW_RETURN: return the requested code from main. */
	if (argc == 2)
		return atoi(argv[1]);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid = must_fork();
		if (pid == 0)
			leave(&cases[i]);
		status = must_wait(pid);
		if (status != cases[i].want << 8)
			check_fail(__FILE__, __LINE__,
				   "case %zu (how %d, code %d): status 0x%x, want 0x%x",
				   i, cases[i].how, cases[i].code, status,
				   cases[i].want << 8);
		CHECK(WIFEXITED(status));
		CHECK(!WIFSIGNALED(status));
		CHECK_EQ(WEXITSTATUS(status), cases[i].want);
	}

	/* A child that kills itself with SIGKILL: the status is the signal alone. */
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_kill, SYS(SYS_getpid), SIGKILL);
		SYS(SYS_exit_group, 0);
	}
	status = must_wait(pid);
	CHECK_EQ(status, SIGKILL);
	CHECK_SIGNALED(status, SIGKILL);
	CHECK(!WIFEXITED(status));
	return check_done();
}
