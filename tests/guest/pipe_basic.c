/*
 * pipe2 in one process: what the two ends are, data in order, partial
 * and short reads, EOF, Linux's slot-based capacity for several write
 * sizes, PIPE_BUF atomicity of non-blocking writes, packet pipes
 * (O_DIRECT), FIONREAD, fcntl (flags, F_SETPIPE_SZ, F_GETPIPE_SZ), and
 * the EINVAL/EFAULT/EBADF/ESPIPE cases.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "guest.h"

static void must_pipe(int fds[2], int flags)
{
	long r = SYS(SYS_pipe2, fds, flags);

	CHECK_EQ(r, 0);
	if (r)
		SYS(SYS_exit_group, 1);
}

static void close2(int fds[2])
{
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
}

static long nread(int fd)
{
	int n = -1;
	long r = SYS(SYS_ioctl, fd, FIONREAD, &n);

	return r ? r : n;
}

/*
 * Writes chunk-sized pieces to a non-blocking pipe until it refuses one;
 * returns the bytes taken, *count the writes that took any, *last the
 * size of the last of those.
 */
static long fill(int fd, long chunk, long *count, long *last)
{
	static char buf[70000];
	long total = 0, r;

	*count = 0;
	*last = 0;
	for (;;) {
		r = SYS(SYS_write, fd, buf, chunk);
		if (r < 0)
			break;
		total += r;
		++*count;
		*last = r;
	}
	CHECK_ERR(r, EAGAIN);
	return total;
}

static void check_capacity(void)
{
	/*
	 * A pipe has 16 page-sized slots. The part of a write that is not
	 * a whole number of pages tops up the last slot if it fits; the
	 * rest takes new slots. These are Linux 6.1's results.
	 */
	static const struct {
		long chunk, total, writes, last;
	} cases[] = {
		{ 1, 65536, 65536, 1 },
		{ 100, 64000, 640, 100 },
		{ 4095, 65520, 16, 4095 },
		{ 4096, 65536, 16, 4096 },
		{ 4097, 45066, 11, 4096 },
		{ 5000, 54096, 11, 4096 },
		{ 8192, 65536, 8, 8192 },
		{ 10000, 64096, 7, 4096 },
		{ 70000, 65536, 1, 65536 },
	};
	long count, last;
	int fds[2];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		must_pipe(fds, O_NONBLOCK);
		CHECK_EQ(fill(fds[1], cases[i].chunk, &count, &last),
			 cases[i].total);
		CHECK_EQ(count, cases[i].writes);
		CHECK_EQ(last, cases[i].last);
		CHECK_EQ(nread(fds[0]), cases[i].total);
		close2(fds);
	}
}

static void check_atomic(void)
{
	static char buf[8192];
	long count, last;
	int fds[2];

	/*
	 * 15 full slots and 100 bytes in the 16th: a write of up to
	 * PIPE_BUF is all or nothing, a longer one takes what fits.
	 */
	must_pipe(fds, O_NONBLOCK);
	for (int i = 0; i < 15; i++)
		CHECK_EQ(SYS(SYS_write, fds[1], buf, 4096), 4096);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, 100), 100);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 4096), EAGAIN);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 4000), EAGAIN);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, 3996), 3996);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 1), EAGAIN);
	CHECK_EQ(nread(fds[0]), 15 * 4096 + 4096);
	close2(fds);

	/* 15 full slots and an empty 16th: 5000 bytes write 4096 of them. */
	must_pipe(fds, O_NONBLOCK);
	for (int i = 0; i < 15; i++)
		CHECK_EQ(SYS(SYS_write, fds[1], buf, 4096), 4096);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, 5000), 4096);
	close2(fds);

	/* Reading frees slots only when they empty. */
	must_pipe(fds, O_NONBLOCK);
	CHECK_EQ(fill(fds[1], 4096, &count, &last), 65536);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 4095), 4095);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 1), EAGAIN);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 1), 1);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, 8192), 4096);
	close2(fds);
}

static void check_data(void)
{
	char buf[64], big[3 * 4096 + 17], back[sizeof(big)];
	int fds[2];

	must_pipe(fds, 0);
	/* Data comes out in order; a read takes what is there. */
	CHECK_EQ(SYS(SYS_write, fds[1], "hello", 5), 5);
	CHECK_EQ(SYS(SYS_write, fds[1], ", world", 7), 7);
	CHECK_EQ(nread(fds[0]), 12);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 3), 3);
	CHECK_MEM(buf, "hel", 3);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 9);
	CHECK_MEM(buf, "lo, world", 9);
	CHECK_EQ(nread(fds[0]), 0);
	/* Empty reads and writes do nothing. */
	CHECK_EQ(SYS(SYS_write, fds[1], buf, 0), 0);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 0), 0);
	/* Across slots. */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	CHECK_EQ(SYS(SYS_write, fds[1], big, sizeof(big)), sizeof(big));
	CHECK_EQ(SYS(SYS_read, fds[0], back, 100), 100);
	CHECK_EQ(SYS(SYS_read, fds[0], back + 100, sizeof(back)),
		 sizeof(big) - 100);
	CHECK_MEM(back, big, sizeof(big));
	/* EOF once the writer is gone, after the data. */
	CHECK_EQ(SYS(SYS_write, fds[1], "x", 1), 1);
	CHECK_EQ(SYS(SYS_close, fds[1]), 0);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 1);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 0);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 0);
	SYS(SYS_close, fds[0]);

	/* Non-blocking: nothing to read is EAGAIN, not EOF. */
	must_pipe(fds, O_NONBLOCK);
	CHECK_ERR(SYS(SYS_read, fds[0], buf, sizeof(buf)), EAGAIN);
	SYS(SYS_close, fds[1]);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 0);
	SYS(SYS_close, fds[0]);
}

static void check_packets(void)
{
	char buf[16];
	int fds[2];

	/* O_DIRECT: one write, one read; the rest of a packet is dropped. */
	must_pipe(fds, O_DIRECT | O_NONBLOCK);
	CHECK_EQ(SYS(SYS_write, fds[1], "abc", 3), 3);
	CHECK_EQ(SYS(SYS_write, fds[1], "defgh", 5), 5);
	CHECK_EQ(SYS(SYS_write, fds[1], "ijklmnop", 8), 8);
	CHECK_EQ(nread(fds[0]), 16);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 3);
	CHECK_MEM(buf, "abc", 3);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 5);
	CHECK_MEM(buf, "defgh", 5);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 2), 2);
	CHECK_MEM(buf, "ij", 2);
	CHECK_ERR(SYS(SYS_read, fds[0], buf, sizeof(buf)), EAGAIN);
	/* Every write takes a slot of its own: 16 of them fill the pipe. */
	for (int i = 0; i < 16; i++)
		CHECK_EQ(SYS(SYS_write, fds[1], "z", 1), 1);
	CHECK_ERR(SYS(SYS_write, fds[1], "z", 1), EAGAIN);
	close2(fds);
}

static void check_ends(void)
{
	struct kernel_stat st, st2;
	char buf[8];
	int fds[2], fds2[2];

	/* The lowest free descriptors, read end first. */
	must_pipe(fds, 0);
	must_pipe(fds2, 0);
	CHECK_EQ(fds[1], fds[0] + 1);
	CHECK_EQ(fds2[0], fds[1] + 1);
	SYS(SYS_close, fds[0]);
	close2(fds2);
	must_pipe(fds2, 0);
	CHECK_EQ(fds2[0], fds[0]);
	CHECK_EQ(fds2[1], fds[1] + 1);
	close2(fds2);
	must_pipe(fds2, 0);
	SYS(SYS_close, fds[1]);

	/* Both ends are one FIFO inode, mode 0600, empty. */
	CHECK_EQ(SYS(SYS_fstat, fds2[0], &st), 0);
	CHECK_EQ(SYS(SYS_fstat, fds2[1], &st2), 0);
	CHECK_EQ(st.st_mode, S_IFIFO | 0600);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_blksize, 4096);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(st.st_dev, st2.st_dev);
	CHECK_EQ(SYS(SYS_write, fds2[1], "abc", 3), 3);
	CHECK_EQ(SYS(SYS_fstat, fds2[0], &st), 0);
	CHECK_EQ(st.st_size, 0);

	/* Each end does one thing; pipes do not seek. */
	CHECK_ERR(SYS(SYS_write, fds2[0], "x", 1), EBADF);
	CHECK_ERR(SYS(SYS_read, fds2[1], buf, 1), EBADF);
	CHECK_ERR(SYS(SYS_lseek, fds2[0], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(SYS(SYS_lseek, fds2[1], 0, SEEK_SET), ESPIPE);
	/* FIONREAD works on either end; other requests are not a pipe's. */
	CHECK_EQ(nread(fds2[1]), 3);
	CHECK_ERR(SYS(SYS_ioctl, fds2[0], TCGETS, buf), ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, fds2[0], FIONREAD, 0), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, fds2[0], FIONREAD, KERNEL_ADDR), EFAULT);
	/* Bad buffers. */
	CHECK_ERR(SYS(SYS_write, fds2[1], KERNEL_ADDR, 1), EFAULT);
	CHECK_ERR(SYS(SYS_read, fds2[0], KERNEL_ADDR, 1), EFAULT);
	CHECK_ERR(SYS(SYS_write, fds2[1], unmapped_addr(), 10), EFAULT);
	CHECK_EQ(nread(fds2[0]), 3);
	close2(fds2);
}

static void check_errors(void)
{
	static const int bad_flags[] = {
		O_APPEND, O_ASYNC, O_SYNC, O_TRUNC, O_CREAT, O_NOCTTY,
		O_RDWR, O_WRONLY, 0x80000000, O_DIRECTORY, O_NOFOLLOW,
	};
	int fds[2] = { -7, -7 }, probe[2];

	for (size_t i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++)
		CHECK_ERR(SYS(SYS_pipe2, fds, bad_flags[i]), EINVAL);
	CHECK_EQ(fds[0], -7);
	/* A bad array fails after the pipe was made: nothing is leaked. */
	must_pipe(probe, 0);
	close2(probe);
	CHECK_ERR(SYS(SYS_pipe2, 0, 0), EFAULT);
	CHECK_ERR(SYS(SYS_pipe2, KERNEL_ADDR, 0), EFAULT);
	CHECK_ERR(SYS(SYS_pipe2, unmapped_addr(), O_CLOEXEC), EFAULT);
	CHECK_ERR(SYS(SYS_pipe2, "read-only", 0), EFAULT);
	must_pipe(fds, 0);
	CHECK_EQ(fds[0], probe[0]);
	CHECK_EQ(fds[1], probe[1]);
	close2(fds);
	/* Valid flags. */
	must_pipe(fds, O_CLOEXEC | O_NONBLOCK | O_DIRECT);
	close2(fds);
}

static void check_fcntl(void)
{
	static char page[4096];
	long count, last;
	int fds[2], reg;
	char buf[8];

	/* The ends' flags, and close-on-exec on both descriptors. */
	must_pipe(fds, O_NONBLOCK | O_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETFL), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_GETFL), O_WRONLY | O_NONBLOCK);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_GETFD), FD_CLOEXEC);
	/* F_SETFL switches blocking and packet mode. */
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETFL, O_DIRECT), 0);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_GETFL), O_WRONLY | O_DIRECT);
	CHECK_EQ(SYS(SYS_write, fds[1], "ab", 2), 2);
	CHECK_EQ(SYS(SYS_write, fds[1], "cd", 2), 2);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 2);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 2);
	CHECK_ERR(SYS(SYS_read, fds[0], buf, sizeof(buf)), EAGAIN);
	close2(fds);
	must_pipe(fds, 0);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETFL), O_RDONLY);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETFD), 0);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_read, fds[0], buf, sizeof(buf)), EAGAIN);

	/* The capacity: 16 pages, changed in powers of two of pages. */
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETPIPE_SZ), 65536);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_GETPIPE_SZ), 65536);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 0), 4096);
	CHECK_EQ(SYS(SYS_fcntl, fds[0], F_GETPIPE_SZ), 4096);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 5000), 8192);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 1 << 20), 1 << 20);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, (1L << 31) + 1),
		 -EINVAL);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 3 * 4096), 16384);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(fill(fds[1], 4096, &count, &last), 16384);
	/* Not below what the pipe holds. */
	CHECK_ERR(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 8192), EBUSY);
	CHECK_EQ(SYS(SYS_read, fds[0], page, 4096), 4096);
	CHECK_EQ(SYS(SYS_read, fds[0], page, 4096), 4096);
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 8192), 8192);
	CHECK_EQ(nread(fds[0]), 8192);
	CHECK_ERR(SYS(SYS_write, fds[1], page, 1), EAGAIN);
	/* Data survives the move to the new ring, in order. */
	CHECK_EQ(SYS(SYS_fcntl, fds[1], F_SETPIPE_SZ, 65536), 65536);
	CHECK_EQ(SYS(SYS_write, fds[1], "tail", 4), 4);
	CHECK_EQ(SYS(SYS_read, fds[0], page, 8192), 8192);
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 4);
	CHECK_MEM(buf, "tail", 4);
	close2(fds);
	/* Not a pipe: EBADF. */
	reg = open("/tests/data/lines.txt", O_RDONLY);
	CHECK_ERR(SYS(SYS_fcntl, reg, F_GETPIPE_SZ), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, reg, F_SETPIPE_SZ, 4096), EBADF);
	SYS(SYS_close, reg);
}

int main(void)
{
	check_ends();
	check_data();
	check_capacity();
	check_atomic();
	check_packets();
	check_errors();
	check_fcntl();
	return check_done();
}
