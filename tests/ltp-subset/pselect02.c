/*
 * pselect02: pselect(2) fails with EBADF for a closed descriptor in the
 * read set, EINVAL for a negative nfds and EINVAL for a negative timeout.
 */
#include <sys/select.h>
#include "tst_test.h"

static fd_set read_fds;
static struct timespec neg_ts = { -1, 0 };

static struct tcase {
	int nfds;
	fd_set *readfds;
	struct timespec *timeout;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ 128, &read_fds, NULL, EBADF, "a closed fd" },
	{ -1, NULL, NULL, EINVAL, "nfds -1" },
	{ 128, NULL, &neg_ts, EINVAL, "timeout tv_sec -1" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL(pselect(tc->nfds, tc->readfds, NULL, NULL, tc->timeout,
			     NULL), tc->exp_errno, "pselect() with %s",
		     tc->desc);
}

static void setup(void)
{
	int fd = SAFE_OPEN("pselect02_file", O_RDWR | O_CREAT, 0600);

	FD_ZERO(&read_fds);
	FD_SET(fd, &read_fds);
	SAFE_CLOSE(fd);
	unlink("pselect02_file");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.test = run,
};
