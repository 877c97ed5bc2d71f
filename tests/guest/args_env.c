/*
 * argv and envp as execve builds them: exactly the runner's, then a table
 * of argument vectors (empty strings, long strings, many entries, a NULL
 * argv or envp) handed to a re-executed copy of this program that checks
 * what arrived. Also E2BIG for an argument longer than MAX_ARG_STRLEN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

#define SELF		"/tests/args_env"
#define MANY		200
#define LONG_LEN	3000
#define MAX_ARG_STRLEN	(32 * 4096)

static char long_arg[LONG_LEN + 1];
static char long_env[LONG_LEN + 8];
static char many_args[MANY][8];
static char *many_argv[MANY + 3];
static char too_long[MAX_ARG_STRLEN + 2];

static void build_tables(void)
{
	int i;

	for (i = 0; i < LONG_LEN; i++)
		long_arg[i] = 'a' + i % 26;
	long_arg[LONG_LEN] = '\0';
	snprintf(long_env, sizeof(long_env), "LONG=%s", long_arg);
	many_argv[0] = "args_env";
	many_argv[1] = "many";
	for (i = 0; i < MANY; i++) {
		snprintf(many_args[i], sizeof(many_args[i]), "%d", i);
		many_argv[i + 2] = many_args[i];
	}
	many_argv[MANY + 2] = NULL;
}

struct vec_case {
	const char *mode;	/* how the re-executed copy knows what to expect */
	char **argv;
	char **envp;
};

static char *odd_argv[] = { "args_env", "odd", "", "with space", "tab\there",
			    "\xc3\xbc\xc3\xb1\xc3\xaf", long_arg, NULL };
static char *odd_envp[] = { "A=1", "EMPTY=", "NOEQUALS", "=leading", long_env,
			    NULL };
static char *plain_argv[] = { "args_env", "noenv", NULL };
static char *empty_argv[] = { NULL };
static char *nullargv_envp[] = { "MODE=nullargv", NULL };
static char *emptyargv_envp[] = { "MODE=emptyargv", NULL };
static char *many_envp[] = { "MANY=1", NULL };

static int vec_eq(char **got, char **want)
{
	int i;

	for (i = 0; got[i] && want[i]; i++)
		if (strcmp(got[i], want[i]) != 0)
			return 0;
	return got[i] == NULL && want[i] == NULL;
}

static int count(char **v)
{
	int n = 0;

	while (v[n])
		n++;
	return n;
}

/* Runs in the re-executed copy: argv[1] (or MODE) says which case this is. */
static int child_main(int argc, char **argv, char **envp)
{
	const char *mode = argc >= 2 ? argv[1] : getenv("MODE");

	CHECK(mode != NULL);
	if (!mode)
		return check_done();
	CHECK_EQ(count(argv), argc);
	if (strcmp(mode, "odd") == 0) {
		CHECK_EQ(argc, 7);
		CHECK(vec_eq(argv, odd_argv));
		CHECK(vec_eq(envp, odd_envp));
		CHECK(getenv("EMPTY") && strcmp(getenv("EMPTY"), "") == 0);
		CHECK(getenv("LONG") && strcmp(getenv("LONG"), long_arg) == 0);
	} else if (strcmp(mode, "noenv") == 0) {
		CHECK_EQ(argc, 2);
		CHECK(vec_eq(argv, plain_argv));
		CHECK(envp[0] == NULL);
	} else if (strcmp(mode, "many") == 0) {
		CHECK_EQ(argc, MANY + 2);
		CHECK(vec_eq(argv, many_argv));
		CHECK(vec_eq(envp, many_envp));
	} else {
		/* Linux turns an empty argv into { "" } so that argc is never 0. */
		CHECK_EQ(argc, 1);
		CHECK_EQ(strlen(argv[0]), 0);
		CHECK_EQ(count(envp), 1);
	}
	return check_done();
}

static void run_case(const struct vec_case *c, int line)
{
	long pid = must_fork();
	int status;

	if (pid == 0) {
		SYS(SYS_execve, SELF, c->argv, c->envp);
		SYS(SYS_exit_group, 99);
	}
	status = must_wait(pid);
	if (status != 0)
		check_fail(__FILE__, line, "case %s: status 0x%x", c->mode,
			   status);
}

int main(int argc, char **argv, char **envp)
{
	static char *runner_envp[] = { "HOME=/", "TERM=linux",
				       "GUEST_TEST=args_env", NULL };
	static char *big_argv[] = { "args_env", too_long, NULL };
	const struct vec_case cases[] = {
		{ "odd", odd_argv, odd_envp },
		{ "noenv", plain_argv, NULL },
		{ "many", many_argv, many_envp },
		{ "nullargv", NULL, nullargv_envp },
		{ "emptyargv", empty_argv, emptyargv_envp },
	};
	size_t i;

	build_tables();
	if (argc != 1 || getenv("MODE"))
		return child_main(argc, argv, envp);

	/* What the runner passed: argv { name }, a fixed environment. */
	CHECK(strcmp(argv[0], "args_env") == 0);
	CHECK(argv[1] == NULL);
	CHECK(vec_eq(envp, runner_envp));
	CHECK(getenv("GUEST_TEST") && strcmp(getenv("GUEST_TEST"), "args_env") == 0);
	CHECK(getenv("NOPE") == NULL);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], __LINE__);

	/* One string longer than MAX_ARG_STRLEN: execve fails and we go on. */
	memset(too_long, 'x', MAX_ARG_STRLEN + 1);
	CHECK_ERR(SYS(SYS_execve, SELF, big_argv, runner_envp), E2BIG);
	return check_done();
}
