/*
 * The system call ABI keeps every register but x0: x1-x30, sp and the
 * NZCV flags come back unchanged from svc, whatever the call does (returns
 * at once, fails with ENOSYS, writes, sleeps, yields, or forks, where both
 * sides must see the same registers). Registers also survive preemption:
 * two processes spin with their own patterns and check them afterwards.
 */
#include <sched.h>
#include <signal.h>
#include <time.h>

#include "guest.h"
#include "probe.h"

#define SPIN_ITERS	20000000L
#define YIELD_ITERS	2000L

/* Checks out[] against the patterns; x0, x1 and x2 are given by the caller. */
static int check_probe(const uint64_t *out, const char *what, long x0,
		       long x1, long x2, long x8, int line)
{
	int n, bad = 0;

	for (n = 0; n <= 30; n++) {
		uint64_t want = n == 0 ? (uint64_t)x0 : n == 1 ? (uint64_t)x1 :
				n == 2 ? (uint64_t)x2 : n == 8 ? (uint64_t)x8 :
				regs_pattern(n);

		if (out[n] != want) {
			check_fail(__FILE__, line, "%s: x%d = 0x%lx, want 0x%lx",
				   what, n, (unsigned long)out[n],
				   (unsigned long)want);
			bad = 1;
		}
	}
	if ((out[31] & 0xf0000000UL) != PROBE_NZCV) {
		check_fail(__FILE__, line, "%s: nzcv = 0x%lx, want 0x%lx", what,
			   (unsigned long)out[31], PROBE_NZCV);
		bad = 1;
	}
	if (out[32] != out[33]) {
		check_fail(__FILE__, line, "%s: sp moved from 0x%lx to 0x%lx",
			   what, (unsigned long)out[33], (unsigned long)out[32]);
		bad = 1;
	}
	return bad;
}

static void check_calls(void)
{
	static const char msg[] = "regs_preserved: write from the probe\n";
	struct timespec nap = { 0, 1000000 };
	uint64_t out[PROBE_WORDS];
	long pid = SYS(SYS_getpid), r;
	struct {
		const char *what;
		long nr, a0, a1, a2, want;
	} cases[] = {
		{ "getpid", SYS_getpid, 0, 0, 0, pid },
		{ "getppid", SYS_getppid, 0, 0, 0, SYS(SYS_getppid) },
		{ "gettid", SYS_gettid, 0, 0, 0, pid },
		{ "getuid", SYS_getuid, 0, 0, 0, 0 },
		{ "sched_yield", SYS_sched_yield, 0, 0, 0, 0 },
		{ "unknown 500", 500, 0, 0, 0, -ENOSYS },
		{ "unknown 1000", 1000, 7, 8, 9, -ENOSYS },
		{ "write", SYS_write, 1, (long)msg, sizeof(msg) - 1,
		  sizeof(msg) - 1 },
		{ "write EFAULT", SYS_write, 1, 0, 10, -EFAULT },
		{ "close EBADF", SYS_close, 999, 1, 2, -EBADF },
		{ "nanosleep", SYS_nanosleep, (long)&nap, 0, 0, 0 },
		{ "clock_gettime EINVAL", SYS_clock_gettime, 100, 0, 0, -EINVAL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = regs_probe(out, cases[i].nr, cases[i].a0, cases[i].a1,
			       cases[i].a2);
		CHECK_EQ(r, cases[i].want);
		check_probe(out, cases[i].what, cases[i].want, cases[i].a1,
			    cases[i].a2, cases[i].nr, __LINE__);
	}
}

/* fork by a raw clone inside the probe: both sides keep x1-x30. */
static void check_fork(void)
{
	uint64_t out[PROBE_WORDS];
	long r = regs_probe(out, SYS_clone, SIGCHLD, 0, 0);

	if (r == 0) {
		check_failures = 0;
		check_probe(out, "clone child", 0, 0, 0, SYS_clone, __LINE__);
		SYS(SYS_exit_group, check_failures ? 1 : 0);
	}
	CHECK(r > 0);
	check_probe(out, "clone parent", r, 0, 0, SYS_clone, __LINE__);
	CHECK_EXITED(must_wait(r), 0);
}

/* Spins with patterns in every register while another process does too. */
static int spin_once(long iters, long nr)
{
	uint64_t out[PROBE_WORDS];

	regs_spin(out, iters, nr);
	return check_probe(out, nr >= 0 ? "spin with yield" : "spin",
			   regs_pattern(0),
			   regs_pattern(1), regs_pattern(2), nr, __LINE__);
}

static void check_switches(void)
{
	long pids[2];
	int i;

	for (i = 0; i < 2; i++) {
		pids[i] = must_fork();
		if (pids[i] == 0) {
			int bad = spin_once(SPIN_ITERS, -1) ||
				  spin_once(YIELD_ITERS, SYS_sched_yield);

			SYS(SYS_exit_group, bad);
		}
	}
	spin_once(YIELD_ITERS, SYS_sched_yield);
	for (i = 0; i < 2; i++)
		CHECK_EXITED(must_wait(pids[i]), 0);
}

int main(void)
{
	check_calls();
	check_fork();
	check_switches();
	return check_done();
}
