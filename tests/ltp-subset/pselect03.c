/*
 * pselect03: pselect(2) on a regular file returns at once without error:
 * with nfds equal to the fd the descriptor is outside the set and the
 * count is 0; with nfds one more it is ready and the count is 1.
 */
#include <sys/select.h>
#include "tst_test.h"

static int fd = -1;

static void run(void)
{
	struct timespec ts = { 0, 0 };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(fd, &r);
	TST_EXP_VAL(pselect(fd, &r, NULL, NULL, &ts, NULL), 0,
		    "pselect(fd, ...) leaving fd out");
	TST_EXP_EQ_LI(!!FD_ISSET(fd, &r), 0);
	FD_SET(fd, &r);
	TST_EXP_VAL(pselect(fd + 1, &r, NULL, NULL, &ts, NULL), 1,
		    "pselect(fd + 1, ...) on a regular file");
	TST_EXP_EQ_LI(!!FD_ISSET(fd, &r), 1);
}

static void setup(void)
{
	fd = SAFE_OPEN("pselect03_file", O_CREAT | O_RDWR, 0600);
}

static void cleanup(void)
{
	if (fd >= 0)
		SAFE_CLOSE(fd);
	unlink("pselect03_file");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
