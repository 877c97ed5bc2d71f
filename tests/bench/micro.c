/*
 * Kernel micro-benchmarks, run the same way on Akuma and on Linux: a null
 * system call, fork+exit+wait, a pipe round trip between two processes,
 * and execve. Prints one "name value unit" line per measure (medians of
 * several rounds), so a harness can put the two kernels side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

#define ROUNDS 5

/* Runs fn(iters) ROUNDS times and prints the median time per iteration. */
static void measure(const char *name, void (*fn)(long), long iters)
{
	long t[ROUNDS];

	for (int r = 0; r < ROUNDS; r++) {
		long start = now_ns();

		fn(iters);
		t[r] = (now_ns() - start) / iters;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp_long);
	printf("BENCH %s %.2f us\n", name, t[ROUNDS / 2] / 1000.0);
	fflush(stdout);
}

static void null_syscall(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static void fork_exit_wait(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

static void pipe_pingpong(long n)
{
	int a[2], b[2];
	char c = 0;
	pid_t pid;

	if (pipe(a) || pipe(b))
		exit(1);
	pid = fork();
	if (pid == 0) {
		for (long i = 0; i < n; i++) {
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	}
	waitpid(pid, NULL, 0);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static const char *self;

static void exec_wait(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execl(self, self, "--exit", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 0; /* the exec benchmark's child */
	self = argv[0];
	measure("null_syscall", null_syscall, 20000);
	measure("fork_exit_wait", fork_exit_wait, 200);
	measure("pipe_roundtrip", pipe_pingpong, 2000);
	measure("fork_exec_wait", exec_wait, 100);
	return 0;
}
