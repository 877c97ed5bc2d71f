/*
 * FP/SIMD state belongs to the process: q0-q31, FPCR and FPSR come back
 * unchanged from a system call and from being preempted or yielding while
 * other processes use different values, and a forked child starts with
 * its parent's registers. The loads, calls and stores are in probe.S so
 * that no compiled code touches the registers in between.
 */
#include <sched.h>
#include <signal.h>
#include <string.h>

#include "guest.h"
#include "probe.h"

#define SPIN_ITERS	20000000L
#define YIELD_ITERS	2000L
#define NPROC		3

/* Rounding toward +inf, flush-to-zero, default NaN: all non-default. */
#define TEST_FPCR	((1UL << 25) | (1UL << 24) | (1UL << 22))
/* Cumulative flags QC, IDC, IXC, UFC, OFC, DZC, IOC set. */
#define TEST_FPSR	((1UL << 27) | 0x9fUL)

static void fill(struct fp_state *s, unsigned seed)
{
	int r, b;

	for (r = 0; r < 32; r++)
		for (b = 0; b < 16; b++)
			s->q[r][b] = (uint8_t)(seed * 31 + r * 17 + b * 5 + 1);
	s->fpcr = TEST_FPCR;
	s->fpsr = TEST_FPSR;
}

/* Compares the stored registers with what was loaded; returns 1 if different. */
static int compare(const struct fp_state *in, const struct fp_state *out,
		   const char *what, int line)
{
	int r, bad = 0;

	for (r = 0; r < 32; r++) {
		if (memcmp(in->q[r], out->q[r], 16) != 0) {
			check_fail(__FILE__, line, "%s: q%d changed", what, r);
			bad = 1;
		}
	}
	if (out->fpcr != out->fpcr_before) {
		check_fail(__FILE__, line, "%s: fpcr 0x%lx became 0x%lx", what,
			   (unsigned long)out->fpcr_before,
			   (unsigned long)out->fpcr);
		bad = 1;
	}
	if (out->fpsr != out->fpsr_before) {
		check_fail(__FILE__, line, "%s: fpsr 0x%lx became 0x%lx", what,
			   (unsigned long)out->fpsr_before,
			   (unsigned long)out->fpsr);
		bad = 1;
	}
	return bad;
}

static void check_calls(void)
{
	static const long calls[] = {
		SYS_getpid, SYS_sched_yield, SYS_getuid, 500,
	};
	struct fp_state in, out;
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		fill(&in, i + 1);
		memset(&out, 0, sizeof(out));
		fp_probe(&in, &out, calls[i], 0);
		compare(&in, &out, "syscall", __LINE__);
	}
	/* The non-default FPCR bits this test relies on are implemented. */
	CHECK_EQ(out.fpcr_before & TEST_FPCR, TEST_FPCR);
}

static void check_fork(void)
{
	struct fp_state in, out;
	long r;

	fill(&in, 99);
	r = fp_probe(&in, &out, SYS_clone, SIGCHLD);
	if (r == 0) {
		check_failures = 0;
		compare(&in, &out, "fork child", __LINE__);
		SYS(SYS_exit_group, check_failures ? 1 : 0);
	}
	CHECK(r > 0);
	compare(&in, &out, "fork parent", __LINE__);
	CHECK_EXITED(must_wait(r), 0);
}

/* Spins with this process's own values, then with yields in between. */
static int spin(unsigned seed)
{
	struct fp_state in, out;
	int bad;

	fill(&in, seed);
	in.fpsr = seed & 1 ? TEST_FPSR : 0;
	in.fpcr = seed & 2 ? TEST_FPCR : 0;
	fp_spin(&in, &out, SPIN_ITERS, -1);
	bad = compare(&in, &out, "spin", __LINE__);
	fill(&in, seed + 1000);
	fp_spin(&in, &out, YIELD_ITERS, SYS_sched_yield);
	bad |= compare(&in, &out, "spin with yield", __LINE__);
	return bad;
}

static void check_switches(void)
{
	long pids[NPROC];
	int i;

	for (i = 0; i < NPROC; i++) {
		pids[i] = must_fork();
		if (pids[i] == 0)
			SYS(SYS_exit_group, spin(i + 10));
	}
	spin(5);
	for (i = 0; i < NPROC; i++)
		CHECK_EXITED(must_wait(pids[i]), 0);
}

/* Plain C floating point still works after all that. */
static void check_arith(void)
{
	volatile double a = 1.5, b = 2.25;
	volatile float f = 3.0f;

	CHECK(a * b == 3.375);
	CHECK(f / 2.0f == 1.5f);
}

int main(void)
{
	check_calls();
	check_fork();
	check_switches();
	check_arith();
	return check_done();
}
