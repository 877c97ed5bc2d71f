/*
 * The register probes of probe.S. Each general register n that a probe
 * fills holds regs_pattern(n); out[] gets x0-x30 after the system call or
 * the spin, NZCV as out[31], the stack pointer after as out[32] and before
 * as out[33].
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdint.h>

#define PROBE_NZCV	0xa0000000UL
#define PROBE_WORDS	34

static inline uint64_t regs_pattern(int n)
{
	return 0xa5a5000000000000UL | ((uint64_t)n << 40) | 0x5a5a0000UL |
	       (uint64_t)n;
}

/* Calls nr with x0-x2 = a0-a2 and the patterns elsewhere; returns x0. */
long regs_probe(uint64_t out[PROBE_WORDS], long nr, long a0, long a1,
		long a2);

/*
 * Fills x0-x7 and x10-x30 with patterns, x8 with nr and counts x9 down
 * from iters, calling nr each round when nr >= 0 (x0 is reloaded after
 * each call); x9 gets its pattern back at the end. Returns out[0].
 */
long regs_spin(uint64_t out[PROBE_WORDS], long iters, long nr);

/* The layout shared by the FP/SIMD probes. */
struct fp_state {
	uint8_t q[32][16];
	uint64_t fpcr;
	uint64_t fpsr;
	uint64_t fpcr_before;	/* read back just after being set */
	uint64_t fpsr_before;
};
_Static_assert(sizeof(struct fp_state) == 544, "fp_state layout");

/* Loads in, calls nr with x0 = a0 and x1-x4 = 0, stores the registers to out; returns x0. */
long fp_probe(const struct fp_state *in, struct fp_state *out, long nr,
	      long a0);

/* Loads in, spins iters rounds (calling nr each round if nr >= 0), stores to out. */
void fp_spin(const struct fp_state *in, struct fp_state *out, long iters,
	     long nr);

/* Sets tpidr_el0 = value, spins like fp_spin, returns tpidr_el0 at the end. */
unsigned long tls_spin(unsigned long value, long iters, long nr);

#endif
