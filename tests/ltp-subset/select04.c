/*
 * select04: select(2) clears the bits of descriptors that are not ready
 * when it times out: the read bit of an empty pipe, the write bit of a
 * full one.
 */
#include <sys/select.h>
#include "tst_test.h"

static int fd_empty[2] = { -1, -1 }, fd_full[2] = { -1, -1 };

static void run(unsigned int n)
{
	struct timeval tv = { 0, 1000 };
	fd_set set;
	int fd = n == 0 ? fd_empty[0] : fd_full[1];
	const char *desc = n == 0 ? "no data to read" : "no space to write";

	FD_ZERO(&set);
	FD_SET(fd, &set);
	TEST(select(fd + 1, n == 0 ? &set : NULL, n == 1 ? &set : NULL, NULL,
		    &tv));
	if (TST_RET != 0) {
		tst_res(TFAIL | TTERRNO, "%s: select() returned %ld, wanted 0",
			desc, TST_RET);
		return;
	}
	if (FD_ISSET(fd, &set))
		tst_res(TFAIL, "%s: select() did not clear the bit", desc);
	else
		tst_res(TPASS, "%s: select() cleared the bit", desc);
}

static void setup(void)
{
	char buf[4096];

	memset(buf, 'x', sizeof(buf));
	SAFE_PIPE(fd_empty);
	SAFE_PIPE2(fd_full, O_NONBLOCK);
	do {
		TEST(write(fd_full[1], buf, sizeof(buf)));
	} while (TST_RET > 0);
	/* Smaller writes fill what a page-sized one could not. */
	do {
		TEST(write(fd_full[1], buf, 1));
	} while (TST_RET > 0);
	if (TST_ERR != EAGAIN)
		tst_brk(TBROK | TTERRNO, "filling the pipe");
}

static void cleanup(void)
{
	if (fd_empty[0] >= 0) {
		SAFE_CLOSE(fd_empty[0]);
		SAFE_CLOSE(fd_empty[1]);
	}
	if (fd_full[0] >= 0) {
		SAFE_CLOSE(fd_full[0]);
		SAFE_CLOSE(fd_full[1]);
	}
}

static struct tst_test test = {
	.tcnt = 2,
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
