/*
 * The smallest test in the library's shape: a table of cases, one test(n)
 * per case, assertions that print TPASS or TFAIL, a result reported from
 * a child. Built as bin/tst_example; not in runtest/syscalls.
 */
#include "tst_test.h"

static int fds[2] = { -1, -1 };

static struct tcase {
	int fd;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ -1, EBADF, "negative fd" },
	{ 9999, EBADF, "closed fd" },
};

static void setup(void)
{
	SAFE_PIPE(fds);
}

static void cleanup(void)
{
	if (fds[0] >= 0)
		SAFE_CLOSE(fds[0]);
	if (fds[1] >= 0)
		SAFE_CLOSE(fds[1]);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	char c;

	TST_EXP_FAIL2(read(tc->fd, &c, 1), tc->exp_errno, "read(%s)",
		      tc->desc);
	if (n == 0) {
		if (!SAFE_FORK()) {
			TST_EXP_VAL(write(fds[1], "x", 1), 1);
			_exit(0);
		}
		SAFE_WAITPID(-1, NULL, 0);
		TST_EXP_VAL(read(fds[0], &c, 1), 1, "read from the child's write");
		TST_EXP_EQ_LI(c, 'x');
	}
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.forks_child = 1,
};
