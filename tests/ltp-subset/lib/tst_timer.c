/*
 * Helpers for the timing tests (does a call sleep as long as asked, not
 * less, not much more) and for tests that must wait until another process
 * sleeps in the kernel.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

/* Requested durations (us) and how many samples each gets. */
static const struct {
	long long usec;
	int samples;
} durations[] = {
	{ 1000, 7 }, { 2000, 7 }, { 5000, 5 }, { 10000, 5 }, { 25000, 5 },
	{ 100000, 3 }, { 300000, 2 },
};

/* The median may be late by this much; no sample may be early at all. */
#define SLACK_US(usec)	(10000 + (usec) / 10)

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

void tst_timer_test(const char *scall, int (*sample)(long long usec))
{
	long long got[16], median;
	struct timespec t0, t1;
	unsigned int i;
	int j, early;

	for (i = 0; i < ARRAY_SIZE(durations); i++) {
		long long usec = durations[i].usec;
		int n = durations[i].samples;

		early = 0;
		for (j = 0; j < n; j++) {
			t0 = tst_now();
			if (sample(usec))
				return;
			t1 = tst_now();
			got[j] = (long long)tst_timespec_diff_us(t1, t0);
			if (got[j] < usec)
				early++;
		}
		qsort(got, n, sizeof(got[0]), cmp_ll);
		median = got[n / 2];
		if (early)
			tst_res(TFAIL, "%s with %lld us woke up early: %d of %d "
				"samples, shortest %lld us", scall, usec, early,
				n, got[0]);
		else if (median - usec > SLACK_US(usec))
			tst_res(TFAIL, "%s with %lld us slept too long: median "
				"%lld us (slack %lld us)", scall, usec, median,
				(long long)SLACK_US(usec));
		else
			tst_res(TPASS, "%s with %lld us slept %lld-%lld us, "
				"median %lld us", scall, usec, got[0],
				got[n - 1], median);
	}
}

/* The state letter of /proc/<pid>/stat (the field after the name). */
static int proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	return p[2];
}

void tst_process_state_wait(pid_t pid, char state, int timeout_ms)
{
	int waited = 0, s;

	for (;;) {
		s = proc_state(pid);
		if (s < 0)
			tst_brk(TBROK | TERRNO, "reading /proc/%d/stat", pid);
		if (s == state)
			return;
		if (timeout_ms && waited >= timeout_ms)
			tst_brk(TBROK, "process %d did not reach state %c in "
				"%d ms (it is %c)", pid, state, timeout_ms, s);
		tst_sleep_ms(1);
		waited++;
	}
}
