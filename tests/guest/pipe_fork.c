/*
 * Pipes between processes: a parent and a child move 2 MiB each way with
 * odd read and write sizes and every byte checked, blocked readers and
 * writers wake each other, concurrent writers of PIPE_BUF-sized records
 * never interleave, and EOF comes only when every copy of the write end
 * (the child's inherited one included) is closed.
 */
#include <fcntl.h>
#include <sys/ioctl.h>

#include "guest.h"

#define BIG (2 * 1024 * 1024)

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 131 + (i >> 9));
}

/* Writes n pattern bytes in chunks of growing odd sizes. */
static void send_pattern(int fd, long n)
{
	static unsigned char buf[9000];
	long off = 0, chunk = 1, r;

	while (off < n) {
		long len = chunk < n - off ? chunk : n - off;

		for (long i = 0; i < len; i++)
			buf[i] = pattern(off + i);
		r = SYS(SYS_write, fd, buf, len);
		if (r != len) {
			CHECK_EQ(r, len);
			return;
		}
		off += len;
		chunk = chunk * 3 + 1;
		if (chunk > (long)sizeof(buf))
			chunk = 7;
	}
}

/* Reads until EOF in odd sizes; returns the bytes that matched. */
static long receive_pattern(int fd, long n)
{
	static unsigned char buf[7000];
	long off = 0, want = 5, r;

	for (;;) {
		r = SYS(SYS_read, fd, buf, want);
		if (r <= 0) {
			CHECK_EQ(r, 0);
			break;
		}
		for (long i = 0; i < r; i++) {
			if (buf[i] != pattern(off + i)) {
				check_fail(__FILE__, __LINE__,
					   "byte %ld is %d, not %d", off + i,
					   buf[i], pattern(off + i));
				return off;
			}
		}
		off += r;
		want = want * 2 + 3;
		if (want > (long)sizeof(buf))
			want = 1;
	}
	CHECK_EQ(off, n);
	return off;
}

static void check_transfer(void)
{
	int down[2], up[2];
	long pid;

	CHECK_EQ(SYS(SYS_pipe2, down, 0), 0);
	CHECK_EQ(SYS(SYS_pipe2, up, 0), 0);
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_close, down[1]);
		SYS(SYS_close, up[0]);
		receive_pattern(down[0], BIG);
		send_pattern(up[1], BIG);
		SYS(SYS_exit_group, check_done());
	}
	SYS(SYS_close, down[0]);
	SYS(SYS_close, up[1]);
	send_pattern(down[1], BIG);
	/* The child reads EOF only after this close. */
	SYS(SYS_close, down[1]);
	receive_pattern(up[0], BIG);
	SYS(SYS_close, up[0]);
	CHECK_EXITED(must_wait(pid), 0);
}

static void check_wakeups(void)
{
	static char page[4096];
	char buf[16];
	int fds[2], avail;
	long pid, start;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	/* A reader sleeps until the data comes, at least as long as that. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_write, fds[1], "wake", 4);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 4);
	CHECK(mono_ns() - start >= 90 * 1000000L);
	CHECK_MEM(buf, "wake", 4);
	CHECK_EXITED(must_wait(pid), 0);

	/* EOF needs the child's copy of the write end closed as well. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_exit_group, 0);
	}
	SYS(SYS_close, fds[1]);
	start = mono_ns();
	CHECK_EQ(SYS(SYS_read, fds[0], buf, sizeof(buf)), 0);
	CHECK(mono_ns() - start >= 90 * 1000000L);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fds[0]);

	/* A writer on a full pipe sleeps until the reader makes room. */
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	pid = must_fork();
	if (pid == 0) {
		static char big[65536 + 100];

		SYS(SYS_exit_group,
		    SYS(SYS_write, fds[1], big, sizeof(big)) == sizeof(big) ?
			    0 : 1);
	}
	sleep_ms(100);
	/* Only a slot read empty is room: 10 bytes are not enough. */
	CHECK_EQ(SYS(SYS_read, fds[0], page, 10), 10);
	sleep_ms(50);
	CHECK_EQ(SYS(SYS_ioctl, fds[0], FIONREAD, &avail), 0);
	CHECK_EQ(avail, 65536 - 10);
	CHECK_EQ(SYS(SYS_read, fds[0], page, 4086), 4086);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_ioctl, fds[0], FIONREAD, &avail), 0);
	CHECK_EQ(avail, 65536 - 4096 + 100);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
}

/* Three writers each write 200 records of PIPE_BUF bytes of their id. */
static void check_atomic_writers(void)
{
	static char rec[4096];
	int fds[2], counts[3] = { 0, 0, 0 };
	long pids[3], r;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	for (int w = 0; w < 3; w++) {
		pids[w] = must_fork();
		if (pids[w] == 0) {
			SYS(SYS_close, fds[0]);
			memset(rec, 'a' + w, sizeof(rec));
			for (int i = 0; i < 200; i++)
				if (SYS(SYS_write, fds[1], rec, sizeof(rec)) !=
				    sizeof(rec))
					SYS(SYS_exit_group, 1);
			SYS(SYS_exit_group, 0);
		}
	}
	SYS(SYS_close, fds[1]);
	/* Reading exactly one record at a time keeps records whole. */
	for (;;) {
		long got = 0;

		while (got < (long)sizeof(rec)) {
			r = SYS(SYS_read, fds[0], rec + got, sizeof(rec) - got);
			if (r <= 0)
				break;
			got += r;
		}
		if (got == 0)
			break;
		CHECK_EQ(got, sizeof(rec));
		for (long i = 1; i < got; i++) {
			if (rec[i] != rec[0]) {
				check_fail(__FILE__, __LINE__,
					   "record mixes %c and %c", rec[0],
					   rec[i]);
				break;
			}
		}
		if (rec[0] >= 'a' && rec[0] <= 'c')
			counts[rec[0] - 'a']++;
	}
	for (int w = 0; w < 3; w++) {
		CHECK_EQ(counts[w], 200);
		CHECK_EXITED(must_wait(pids[w]), 0);
	}
	SYS(SYS_close, fds[0]);
}

int main(void)
{
	check_transfer();
	check_wakeups();
	check_atomic_writers();
	return check_done();
}
