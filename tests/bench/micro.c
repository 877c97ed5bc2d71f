/*
 * Kernel micro-benchmarks, run the same way on Akuma and on Linux: a null
 * system call, fork+exit+wait, a pipe round trip between two processes,
 * execve, and TCP throughput over 127.0.0.1. Prints one "name value unit"
 * line per measure (medians of several rounds), so a harness can put the
 * two kernels side by side.
 */
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
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

/* The loopback interface starts down on both kernels when nothing set it up. */
static int lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int err;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	err = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!err && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return err;
}

#define TCP_BYTES (32L << 20)
#define TCP_CHUNK 65536

/*
 * One connection over 127.0.0.1: a child writes TCP_BYTES in 64 KiB
 * writes, the parent reads them all. Prints the median rate in MiB/s.
 */
static void tcp_loopback(const char *name)
{
	static char buf[TCP_CHUNK];
	double rate[ROUNDS];

	for (int r = 0; r < ROUNDS; r++) {
		struct sockaddr_in sa = { .sin_family = AF_INET };
		socklen_t len = sizeof(sa);
		int lfd = socket(AF_INET, SOCK_STREAM, 0), cfd;
		long got = 0, start;
		pid_t pid;
		ssize_t n;

		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (lfd < 0 || bind(lfd, (void *)&sa, sizeof(sa)) ||
		    listen(lfd, 1) || getsockname(lfd, (void *)&sa, &len))
			return;
		start = now_ns();
		pid = fork();
		if (pid == 0) {
			int fd = socket(AF_INET, SOCK_STREAM, 0);

			if (fd < 0 || connect(fd, (void *)&sa, sizeof(sa)))
				_exit(1);
			for (long sent = 0; sent < TCP_BYTES; sent += n) {
				n = write(fd, buf, TCP_CHUNK);
				if (n <= 0)
					_exit(1);
			}
			_exit(0);
		}
		cfd = accept(lfd, NULL, NULL);
		while (cfd >= 0 && (n = read(cfd, buf, sizeof(buf))) > 0)
			got += n;
		rate[r] = got / ((now_ns() - start) / 1e9) / (1 << 20);
		waitpid(pid, NULL, 0);
		close(cfd);
		close(lfd);
		if (got != TCP_BYTES)
			return;
	}
	for (int i = 1; i < ROUNDS; i++)
		for (int j = i; j > 0 && rate[j - 1] > rate[j]; j--) {
			double t = rate[j];

			rate[j] = rate[j - 1];
			rate[j - 1] = t;
		}
	printf("BENCH %s %.1f MiB/s\n", name, rate[ROUNDS / 2]);
	fflush(stdout);
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
	if (lo_up() == 0)
		tcp_loopback("tcp_loopback");
	return 0;
}
