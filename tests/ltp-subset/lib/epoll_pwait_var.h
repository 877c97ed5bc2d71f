/*
 * The two variants of the epoll_pwait tests: epoll_pwait(2) (milliseconds,
 * through the C library) and epoll_pwait2(2) (a timespec, raw: musl 1.2.3
 * has no wrapper). A test with N cases runs test(n) for n < 2 * N; the
 * variant is n / N.
 */
#ifndef EPOLL_PWAIT_VAR_H
#define EPOLL_PWAIT_VAR_H

#include <sys/syscall.h>
#include "tst_test.h"

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif
#define TEST_VARIANTS 2

static int tst_variant;

static inline int epoll_pwait2_raw(int epfd, struct epoll_event *ev, int max,
				   const struct timespec *ts,
				   const sigset_t *mask)
{
	return syscall(SYS_epoll_pwait2, epfd, ev, max, ts, mask, 8);
}

static inline int do_epoll_pwait(int epfd, struct epoll_event *ev, int max,
				 const struct timespec *ts,
				 const sigset_t *mask)
{
	int ms = -1;

	if (tst_variant == 1)
		return epoll_pwait2_raw(epfd, ev, max, ts, mask);
	if (ts)
		ms = ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000;
	return epoll_pwait(epfd, ev, max, ms, mask);
}

/*
 * Selects variant v; 0 after a TCONF when the kernel lacks the call
 * (epoll_pwait2 is Linux 5.11), as LTP's epoll_pwait2_supported().
 */
static inline int set_variant(int v)
{
	tst_variant = v;
	if (v == 1 && epoll_pwait2_raw(-1, NULL, 1, NULL, NULL) < 0 &&
	    errno == ENOSYS) {
		tst_res(TCONF, "epoll_pwait2() not supported");
		return 0;
	}
	return 1;
}

static inline const char *variant_name(void)
{
	return tst_variant ? "epoll_pwait2()" : "epoll_pwait()";
}

#endif
