/*
 * Thread pointer state: tpidr_el0 is what the C library set it to, __thread
 * variables work (initialised and zeroed parts), the register survives
 * system calls, preemption and yields while other processes use other
 * values, forked children inherit it, tpidrro_el0 reads 0, and
 * set_tid_address returns the tid.
 */
#include <sched.h>
#include <signal.h>
#include <string.h>

#include "guest.h"
#include "probe.h"

#define SPIN_ITERS	20000000L
#define YIELD_ITERS	2000L

static __thread long tls_init = 0x1234;
static __thread long tls_zero;
static __thread char tls_buf[100] = "tls";

static unsigned long read_tp(void)
{
	unsigned long tp;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}

static unsigned long read_tpro(void)
{
	unsigned long tp;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(tp));
	return tp;
}

static int spin(unsigned long value)
{
	return tls_spin(value, SPIN_ITERS, -1) != value ||
	       tls_spin(value + 8, YIELD_ITERS, SYS_sched_yield) != value + 8 ||
	       tls_spin(value + 16, 100, SYS_getpid) != value + 16;
}

int main(void)
{
	unsigned long tp = read_tp(), values[3];
	long pids[3], pid;
	int i;

	CHECK(tp != 0);
	CHECK_EQ(tp, (unsigned long)__builtin_thread_pointer());
	CHECK_EQ(tls_init, 0x1234);
	CHECK_EQ(tls_zero, 0);
	CHECK(strcmp(tls_buf, "tls") == 0);
	CHECK_EQ(tls_buf[99], 0);
	tls_zero = 5;
	CHECK_EQ(read_tpro(), 0);

	/* set_tid_address returns the caller's tid (the pid, single-threaded). */
	CHECK_EQ(SYS(SYS_set_tid_address, &tls_zero), SYS(SYS_gettid));

	/* A system call, including one that sleeps, keeps the value. */
	CHECK_EQ(tls_spin(0x1111222233334440UL, 1, SYS_getpid),
		 0x1111222233334440UL);
	CHECK_EQ(tls_spin(0x5555666677778880UL, 3, SYS_sched_yield),
		 0x5555666677778880UL);
	CHECK_EQ(read_tp(), tp);

	/* A child inherits the thread pointer and its own copy of TLS. */
	pid = must_fork();
	if (pid == 0) {
		int bad = read_tp() != tp || tls_zero != 5 || tls_init != 0x1234;

		tls_zero = 6;
		SYS(SYS_exit_group, bad);
	}
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(tls_zero, 5);

	/* Several processes with different thread pointers share the CPU. */
	for (i = 0; i < 3; i++) {
		values[i] = 0xabcd000000000000UL + ((unsigned long)i << 32);
		pids[i] = must_fork();
		if (pids[i] == 0)
			SYS(SYS_exit_group, spin(values[i]));
	}
	CHECK_EQ(spin(0x7777000011110000UL), 0);
	for (i = 0; i < 3; i++)
		CHECK_EXITED(must_wait(pids[i]), 0);
	CHECK_EQ(read_tp(), tp);
	return check_done();
}
