/*
 * pselect6: fd_set bit arrays in and out, the count over all three sets,
 * EBADF for a closed descriptor in any set, n clipped to the descriptor
 * table, timeouts with the time left written back, wake-ups from another
 * process, the {sigset, size} sixth argument, and EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <sys/select.h>
#include <time.h>

#include "guest.h"

#define MS 1000000L

struct sigset_argpack {
	unsigned long *ss;
	unsigned long ss_len;
};

static long pselect_raw(int n, fd_set *r, fd_set *w, fd_set *e,
			struct timespec *ts, void *pack)
{
	return SYS(SYS_pselect6, n, r, w, e, ts, pack);
}

static void check_sets(void)
{
	struct timespec zero = { 0, 0 };
	fd_set r, w, e;
	int a[2], b[2], n;

	CHECK_EQ(SYS(SYS_pipe2, a, 0), 0);
	CHECK_EQ(SYS(SYS_pipe2, b, 0), 0);
	n = b[1] + 1;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(a[0], &r);
	FD_SET(b[0], &r);
	FD_SET(a[1], &w);
	FD_SET(a[0], &e);
	FD_SET(a[1], &e);
	/* Only a's write end is ready; the other bits are cleared. */
	CHECK_EQ(pselect_raw(n, &r, &w, &e, &zero, 0), 1);
	CHECK(!FD_ISSET(a[0], &r) && !FD_ISSET(b[0], &r));
	CHECK(FD_ISSET(a[1], &w));
	CHECK(!FD_ISSET(a[0], &e) && !FD_ISSET(a[1], &e));

	/* Data in b, and the same descriptor in two sets counts twice. */
	SYS(SYS_write, b[1], "x", 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(a[0], &r);
	FD_SET(b[0], &r);
	FD_SET(b[1], &r); /* a write end is never readable */
	FD_SET(a[1], &w);
	FD_SET(b[1], &w);
	CHECK_EQ(pselect_raw(n, &r, &w, 0, &zero, 0), 3);
	CHECK(FD_ISSET(b[0], &r));
	CHECK(!FD_ISSET(a[0], &r) && !FD_ISSET(b[1], &r));
	CHECK(FD_ISSET(a[1], &w) && FD_ISSET(b[1], &w));

	/* A hung-up pipe is readable; a reader-less one writable. */
	SYS(SYS_close, a[1]);
	SYS(SYS_close, b[0]);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(a[0], &r);
	FD_SET(b[1], &w);
	CHECK_EQ(pselect_raw(n, &r, &w, 0, &zero, 0), 2);
	CHECK(FD_ISSET(a[0], &r) && FD_ISSET(b[1], &w));

	/* A closed descriptor in any set is EBADF, and nothing is written. */
	FD_ZERO(&r);
	FD_SET(a[0], &r);
	FD_SET(a[1], &r);
	CHECK_ERR(pselect_raw(n, &r, 0, 0, &zero, 0), EBADF);
	CHECK(FD_ISSET(a[1], &r) && FD_ISSET(a[0], &r));
	FD_ZERO(&e);
	FD_SET(b[0], &e);
	CHECK_ERR(pselect_raw(n, 0, 0, &e, &zero, 0), EBADF);
	/* ... but only below n. */
	FD_ZERO(&r);
	FD_SET(a[0], &r);
	FD_SET(b[0], &r);
	CHECK_EQ(pselect_raw(b[0], &r, 0, 0, &zero, 0), 1);
	CHECK(FD_ISSET(a[0], &r));
	/*
	 * n is clipped to the descriptor table (64 slots here, on Linux as
	 * on Akuma): bits above are neither looked at nor written.
	 */
	FD_ZERO(&r);
	FD_SET(a[0], &r);
	FD_SET(1000, &r);
	CHECK_EQ(pselect_raw(FD_SETSIZE, &r, 0, 0, &zero, 0), 1);
	CHECK(FD_ISSET(a[0], &r) && FD_ISSET(1000, &r));
	/* No sets, or n 0: a plain timeout. */
	CHECK_EQ(pselect_raw(0, 0, 0, 0, &zero, 0), 0);
	CHECK_EQ(pselect_raw(n, 0, 0, 0, &zero, 0), 0);
	SYS(SYS_close, a[0]);
	SYS(SYS_close, b[1]);
}

static void check_timeouts(void)
{
	struct timespec ts;
	fd_set r;
	int fds[2];
	long start, took, pid;
	char c;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	ts = (struct timespec){ 0, 100 * MS };
	start = mono_ns();
	CHECK_EQ(pselect_raw(fds[0] + 1, &r, 0, 0, &ts, 0), 0);
	took = mono_ns() - start;
	CHECK(took >= 100 * MS);
	CHECK(took < 1000 * MS);
	CHECK(!FD_ISSET(fds[0], &r));
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);

	/* A sleep with no descriptors. */
	ts = (struct timespec){ 0, 50 * MS };
	start = mono_ns();
	CHECK_EQ(pselect_raw(0, 0, 0, 0, &ts, 0), 0);
	CHECK(mono_ns() - start >= 50 * MS);

	/* Woken by a write from another process; the time left comes back. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_write, fds[1], "x", 1);
		SYS(SYS_exit_group, 0);
	}
	FD_SET(fds[0], &r);
	ts = (struct timespec){ 3, 0 };
	start = mono_ns();
	CHECK_EQ(pselect_raw(fds[0] + 1, &r, 0, 0, &ts, 0), 1);
	took = mono_ns() - start;
	CHECK(took >= 90 * MS);
	CHECK(FD_ISSET(fds[0], &r));
	CHECK(ts.tv_sec == 2 || ts.tv_sec == 1);
	CHECK(ts.tv_sec * 1000000000L + ts.tv_nsec <= 3000 * MS - 90 * MS);
	CHECK_EXITED(must_wait(pid), 0);
	/* Without a timeout it waits as long as it takes. */
	CHECK_EQ(pselect_raw(fds[0] + 1, &r, 0, 0, 0, 0), 1);
	SYS(SYS_read, fds[0], &c, 1);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
}

static void check_errors(void)
{
	struct timespec ts = { 0, 0 };
	unsigned long mask = 0;
	struct sigset_argpack pack = { &mask, 8 };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(1, &r);
	CHECK_ERR(pselect_raw(-1, &r, 0, 0, &ts, 0), EINVAL);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(pselect_raw(2, &r, 0, 0, &ts, 0), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(pselect_raw(2, &r, 0, 0, &ts, 0), EINVAL);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(pselect_raw(2, (fd_set *)KERNEL_ADDR, 0, 0, &ts, 0), EFAULT);
	CHECK_ERR(pselect_raw(2, 0, unmapped_addr(), 0, &ts, 0), EFAULT);
	CHECK_ERR(pselect_raw(2, 0, 0, unmapped_addr(), &ts, 0), EFAULT);
	CHECK_ERR(pselect_raw(2, &r, 0, 0, unmapped_addr(), 0), EFAULT);
	/* n 0 reads no set at all. */
	CHECK_EQ(pselect_raw(0, unmapped_addr(), 0, 0, &ts, 0), 0);
	/* The result cannot be written to read-only memory. */
	{
		static const fd_set ro = { { 2 } }; /* fd 1 */

		CHECK_ERR(pselect_raw(2, 0, (fd_set *)&ro, 0, &ts, 0), EFAULT);
	}
	/* The sixth argument: an address of {mask, size}. */
	CHECK_ERR(pselect_raw(2, 0, &r, 0, &ts, unmapped_addr()), EFAULT);
	pack.ss_len = 4;
	CHECK_ERR(pselect_raw(2, 0, &r, 0, &ts, &pack), EINVAL);
	pack.ss_len = 8;
	pack.ss = unmapped_addr();
	CHECK_ERR(pselect_raw(2, 0, &r, 0, &ts, &pack), EFAULT);
	/* A NULL mask ignores the size. */
	pack.ss = 0;
	pack.ss_len = 3;
	FD_SET(1, &r);
	CHECK_EQ(pselect_raw(2, 0, &r, 0, &ts, &pack), 1);
	pack.ss = &mask;
	pack.ss_len = 8;
	CHECK_EQ(pselect_raw(2, 0, &r, 0, &ts, &pack), 1);
}

int main(void)
{
	check_sets();
	check_timeouts();
	check_errors();
	return check_done();
}
