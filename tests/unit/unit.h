/*
 * A small check library for host unit tests. Each test program counts its
 * checks, prints the failing ones with their line, and ends with
 * unit_done(), which prints "<name>: N checks, M failed" and returns the
 * exit status. run.sh adds the counts of all programs up.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>

static int unit_checks, unit_failed;

#define CHECK(cond)                                                          \
	do {                                                                 \
		unit_checks++;                                               \
		if (!(cond)) {                                               \
			unit_failed++;                                       \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",         \
				__FILE__, __LINE__, #cond);                  \
		}                                                            \
	} while (0)

#define CHECK_EQ(a, b)                                                       \
	do {                                                                 \
		long long _a = (long long)(a), _b = (long long)(b);          \
		unit_checks++;                                               \
		if (_a != _b) {                                              \
			unit_failed++;                                       \
			fprintf(stderr, "%s:%d: %s == %lld, want %s == %lld\n", \
				__FILE__, __LINE__, #a, _a, #b, _b);         \
		}                                                            \
	} while (0)

/* Prints the summary; returns the exit status for main. */
static inline int unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failed);
	return unit_failed ? 1 : 0;
}

/* A test that cannot run here says so; run.sh counts it as skipped. */
static inline int unit_skip(const char *name, const char *why)
{
	printf("%s: skipped: %s\n", name, why);
	return 0;
}

#endif
