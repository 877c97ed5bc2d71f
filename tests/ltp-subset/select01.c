/*
 * select01: select(2) on a regular file, a pipe and a FIFO with a small
 * timeout: a regular file is always ready to read and write; an empty
 * pipe or FIFO is ready to write, not to read, until data is written.
 * The return value counts the bits left set, and only those are set.
 */
#include <sys/select.h>
#include "tst_test.h"

#define FIFO "select01_fifo"
#define FILE_NAME "select01_file"

static int file_fd = -1, pipe_fds[2] = { -1, -1 }, fifo_fd = -1;

static void check(const char *what, int rfd, int wfd, int exp_r, int exp_w)
{
	struct timeval tv = { 0, 100000 };
	fd_set r, w;
	int nfds = (rfd > wfd ? rfd : wfd) + 1;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(rfd, &r);
	FD_SET(wfd, &w);
	TEST(select(nfds, &r, &w, NULL, &tv));
	if (TST_RET != exp_r + exp_w) {
		tst_res(TFAIL | TTERRNO, "%s: select() returned %ld, wanted %d",
			what, TST_RET, exp_r + exp_w);
		return;
	}
	if (!!FD_ISSET(rfd, &r) != exp_r || !!FD_ISSET(wfd, &w) != exp_w) {
		tst_res(TFAIL, "%s: read bit %d write bit %d, wanted %d %d",
			what, !!FD_ISSET(rfd, &r), !!FD_ISSET(wfd, &w), exp_r,
			exp_w);
		return;
	}
	tst_res(TPASS, "%s: select() returned %ld, read %d write %d", what,
		TST_RET, exp_r, exp_w);
}

static void run(void)
{
	char c;

	check("regular file", file_fd, file_fd, 1, 1);
	check("empty pipe", pipe_fds[0], pipe_fds[1], 0, 1);
	SAFE_WRITE(1, pipe_fds[1], "x", 1);
	check("pipe with data", pipe_fds[0], pipe_fds[1], 1, 1);
	SAFE_READ(1, pipe_fds[0], &c, 1);
	check("empty FIFO", fifo_fd, fifo_fd, 0, 1);
	SAFE_WRITE(1, fifo_fd, "x", 1);
	check("FIFO with data", fifo_fd, fifo_fd, 1, 1);
	SAFE_READ(1, fifo_fd, &c, 1);
}

static void setup(void)
{
	file_fd = SAFE_OPEN(FILE_NAME, O_CREAT | O_RDWR, 0600);
	SAFE_PIPE(pipe_fds);
	if (mkfifo(FIFO, 0600) < 0)
		tst_brk(TBROK | TERRNO, "mkfifo(%s)", FIFO);
	fifo_fd = SAFE_OPEN(FIFO, O_RDWR);
}

static void cleanup(void)
{
	if (file_fd >= 0)
		SAFE_CLOSE(file_fd);
	if (pipe_fds[0] >= 0) {
		SAFE_CLOSE(pipe_fds[0]);
		SAFE_CLOSE(pipe_fds[1]);
	}
	if (fifo_fd >= 0)
		SAFE_CLOSE(fifo_fd);
	unlink(FILE_NAME);
	unlink(FIFO);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
