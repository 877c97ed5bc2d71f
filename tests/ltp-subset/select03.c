/*
 * select03: select's errors, through the pselect6 system call (arm64 has
 * no select(2) of its own; musl's select is pselect6 and would touch a bad
 * timeout pointer itself): EBADF for a closed fd in each of the three
 * sets, EINVAL for a negative nfds and for invalid timeouts, EFAULT for
 * each set and for the timeout pointing at an unmapped page.
 */
#include <sys/select.h>
#include <sys/syscall.h>
#include "tst_test.h"

static fd_set good, bad;
static fd_set *bad_set;
static struct timespec *bad_ts;
static struct timespec ts_neg_sec = { -1, 0 }, ts_neg_nsec = { 0, -1 },
	ts_big_nsec = { 0, 1000000000L }, ts_zero = { 0, 0 };
static int pipe_fds[2] = { -1, -1 }, closed_fd, nfds;

struct tcase {
	int *nfds;
	fd_set **r, **w, **x;
	struct timespec **ts;
	int exp_errno;
	const char *desc;
};

static fd_set *p_good = &good, *p_bad = &bad, *p_null;
static struct timespec *p_zero = &ts_zero, *p_neg_sec = &ts_neg_sec,
	*p_neg_nsec = &ts_neg_nsec, *p_big_nsec = &ts_big_nsec;
static int neg_nfds = -1;

static struct tcase tcases[] = {
	{ &nfds, &p_bad, &p_null, &p_null, &p_zero, EBADF,
	  "closed fd in readfds" },
	{ &nfds, &p_null, &p_bad, &p_null, &p_zero, EBADF,
	  "closed fd in writefds" },
	{ &nfds, &p_null, &p_null, &p_bad, &p_zero, EBADF,
	  "closed fd in exceptfds" },
	{ &neg_nfds, &p_good, &p_null, &p_null, &p_zero, EINVAL,
	  "negative nfds" },
	{ &nfds, &p_good, &p_null, &p_null, &p_neg_sec, EINVAL,
	  "timeout tv_sec -1" },
	{ &nfds, &p_good, &p_null, &p_null, &p_neg_nsec, EINVAL,
	  "timeout tv_nsec -1" },
	{ &nfds, &p_good, &p_null, &p_null, &p_big_nsec, EINVAL,
	  "timeout tv_nsec 1e9" },
	{ &nfds, &bad_set, &p_null, &p_null, &p_zero, EFAULT,
	  "readfds unmapped" },
	{ &nfds, &p_null, &bad_set, &p_null, &p_zero, EFAULT,
	  "writefds unmapped" },
	{ &nfds, &p_null, &p_null, &bad_set, &p_zero, EFAULT,
	  "exceptfds unmapped" },
	{ &nfds, &p_good, &p_null, &p_null, &bad_ts, EFAULT,
	  "timeout unmapped" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct timespec ts, *tsp = *tc->ts;

	/* pselect6 writes the time left back: give it a copy. */
	if (tsp != bad_ts) {
		ts = *tsp;
		tsp = &ts;
	}
	FD_ZERO(&good);
	FD_SET(pipe_fds[1], &good);
	FD_ZERO(&bad);
	FD_SET(closed_fd, &bad);
	TST_EXP_FAIL(syscall(SYS_pselect6, *tc->nfds, *tc->r, *tc->w, *tc->x,
			     tsp, NULL), tc->exp_errno, "pselect6() with %s",
		     tc->desc);
}

static void setup(void)
{
	int fds[2];

	SAFE_PIPE(pipe_fds);
	SAFE_PIPE(fds);
	closed_fd = fds[0];
	SAFE_CLOSE(fds[0]);
	SAFE_CLOSE(fds[1]);
	nfds = (closed_fd > pipe_fds[1] ? closed_fd : pipe_fds[1]) + 1;
	bad_set = tst_get_bad_addr(NULL);
	bad_ts = tst_get_bad_addr(NULL);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(-1, pipe_fds);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
