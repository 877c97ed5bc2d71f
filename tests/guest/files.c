/*
 * Reading files from the initramfs: read, readv, lseek with every whence,
 * offsets shared across fork, the lowest free fd, path resolution, and the
 * open errors. The data file /tests/data/lines.txt has 300 lines of 32
 * bytes each ("NNNN " and the alphabet rotated by N), so the expected byte
 * at any offset can be computed.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>

#include "guest.h"

#define LINES		"/tests/data/lines.txt"
#define LINES_SIZE	9600L

static char expect_at(long off)
{
	long line = off / 32, col = off % 32;

	if (col < 4)
		return "0123456789"[(line / (col == 0 ? 1000 : col == 1 ? 100 :
						col == 2 ? 10 : 1)) % 10];
	if (col == 4)
		return ' ';
	if (col == 31)
		return '\n';
	return 'a' + (line + col - 5) % 26;
}

/* Checks len bytes at buf against the file's contents from off. */
static void check_content(const char *buf, long off, long len, int line)
{
	long i;

	for (i = 0; i < len; i++) {
		if (buf[i] != expect_at(off + i)) {
			check_fail(__FILE__, line, "offset %ld: got 0x%02x, want '%c'",
				   off + i, (unsigned char)buf[i],
				   expect_at(off + i));
			return;
		}
	}
}

static long open_ro(const char *path)
{
	return SYS(SYS_openat, AT_FDCWD, path, O_RDONLY);
}

static void check_read(void)
{
	static char buf[LINES_SIZE + 100];
	long fd = open_ro(LINES), off = 0, r;

	CHECK(fd >= 0);
	/* Odd-sized reads walk the file and cross page boundaries. */
	while ((r = SYS(SYS_read, fd, buf + off, 77)) > 0)
		off += r;
	CHECK_EQ(r, 0);
	CHECK_EQ(off, LINES_SIZE);
	check_content(buf, 0, off, __LINE__);
	/* At end of file, read keeps returning 0. */
	CHECK_EQ(SYS(SYS_read, fd, buf, 10), 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, 0), 0);

	/* One big read returns the whole file at once. */
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), LINES_SIZE);
	check_content(buf, 0, LINES_SIZE, __LINE__);
	SYS(SYS_close, fd);

	/* The list the runner reads has this test in it. */
	r = read_file("/tests/list", buf, sizeof(buf) - 1);
	CHECK(r > 0);
	if (r > 0) {
		buf[r] = '\0';
		CHECK(strstr(buf, "files\n") != NULL);
	}
}

static void check_seek(void)
{
	long fd = open_ro(LINES);
	char buf[64];

	CHECK_EQ(SYS(SYS_lseek, fd, 4090, SEEK_SET), 4090);
	CHECK_EQ(SYS(SYS_read, fd, buf, 20), 20);
	check_content(buf, 4090, 20, __LINE__);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 4110);
	CHECK_EQ(SYS(SYS_lseek, fd, -110, SEEK_CUR), 4000);
	CHECK_EQ(SYS(SYS_read, fd, buf, 32), 32);
	check_content(buf, 4000, 32, __LINE__);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_END), LINES_SIZE);
	CHECK_EQ(SYS(SYS_lseek, fd, -32, SEEK_END), LINES_SIZE - 32);
	CHECK_EQ(SYS(SYS_read, fd, buf, 64), 32);
	check_content(buf, LINES_SIZE - 32, 32, __LINE__);
	CHECK_MEM(buf, "0299 ", 5);

	/* Seeking past the end is allowed; reading there gives 0. */
	CHECK_EQ(SYS(SYS_lseek, fd, 20000, SEEK_SET), 20000);
	CHECK_EQ(SYS(SYS_read, fd, buf, 10), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, 100, SEEK_END), LINES_SIZE + 100);

	CHECK_ERR(SYS(SYS_lseek, fd, 0, 7), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, -1, SEEK_SET), EINVAL);
	/* The console is a terminal: it has no file position. */
	CHECK_ERR(SYS(SYS_lseek, 1, 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(SYS(SYS_lseek, 0, 0, SEEK_SET), ESPIPE);
	SYS(SYS_close, fd);
}

static void check_vectors(void)
{
	long fd = open_ro(LINES);
	char a[5], b[1], c[40], all[45];
	struct iovec iov[3] = { { a, sizeof(a) }, { b, 0 }, { c, sizeof(c) } };
	struct iovec out[3] = {
		{ "files: ", 7 }, { "", 0 }, { "writev ok\n", 10 },
	};

	CHECK_EQ(SYS(SYS_lseek, fd, 100, SEEK_SET), 100);
	CHECK_EQ(SYS(SYS_readv, fd, iov, 3), 45);
	memcpy(all, a, 5);
	memcpy(all + 5, c, 40);
	check_content(all, 100, 45, __LINE__);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 145);

	/* A short file tail fills the vectors in order and stops. */
	CHECK_EQ(SYS(SYS_lseek, fd, LINES_SIZE - 10, SEEK_SET), LINES_SIZE - 10);
	CHECK_EQ(SYS(SYS_readv, fd, iov, 3), 10);
	memcpy(all, a, 5);
	memcpy(all + 5, c, 5);
	check_content(all, LINES_SIZE - 10, 10, __LINE__);
	CHECK_EQ(SYS(SYS_readv, fd, iov, 3), 0);

	CHECK_EQ(SYS(SYS_writev, 1, out, 3), 17);
	SYS(SYS_close, fd);
}

static void check_fds(void)
{
	long a = open_ro(LINES), b = open_ro(LINES), c, pid;
	char buf[16];

	/* 0, 1 and 2 are the console; new fds take the lowest free number. */
	CHECK_EQ(a, 3);
	CHECK_EQ(b, 4);
	CHECK_EQ(SYS(SYS_close, a), 0);
	c = open_ro("/tests/list");
	CHECK_EQ(c, 3);
	SYS(SYS_close, c);
	a = open_ro(LINES);

	/* Two opens of one file have separate offsets. */
	CHECK_EQ(SYS(SYS_read, a, buf, 10), 10);
	CHECK_EQ(SYS(SYS_lseek, b, 0, SEEK_CUR), 0);

	/* A forked child shares the open file, offset included. */
	pid = must_fork();
	if (pid == 0) {
		long ok = SYS(SYS_read, a, buf, 6) == 6 &&
			  SYS(SYS_lseek, a, 0, SEEK_CUR) == 16;

		SYS(SYS_exit_group, ok ? 0 : 1);
	}
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_lseek, a, 0, SEEK_CUR), 16);
	/* Closing in the child did not close the parent's fd. */
	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, SYS(SYS_close, a) == 0 ? 0 : 1);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_read, a, buf, 4), 4);
	check_content(buf, 16, 4, __LINE__);
	SYS(SYS_close, a);
	SYS(SYS_close, b);
}

static void check_paths(void)
{
	static const char *const good[] = {
		"/tests/data/lines.txt", "/tests/./data/lines.txt",
		"/tests/../tests/data/lines.txt", "//tests//data///lines.txt",
		"/../tests/data/lines.txt", "tests/data/lines.txt",
		"./tests/data/../data/lines.txt",
	};
	static char long_path[5000], long_name[300];
	long dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	long fd;
	char buf[8];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fd = open_ro(good[i]);
		if (fd < 0) {
			check_fail(__FILE__, __LINE__, "open %s: %ld", good[i], fd);
			continue;
		}
		CHECK_EQ(SYS(SYS_read, fd, buf, 5), 5);
		CHECK_MEM(buf, "0000 ", 5);
		SYS(SYS_close, fd);
	}

	/* Relative to a directory fd. */
	fd = SYS(SYS_openat, dir, "data/lines.txt", O_RDONLY);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, dir, "../tests/list", O_RDONLY);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);

	CHECK_ERR(open_ro("/tests/no-such-file"), ENOENT);
	CHECK_ERR(open_ro("/no-such-dir/list"), ENOENT);
	CHECK_ERR(open_ro(""), ENOENT);
	CHECK_ERR(open_ro("/tests/list/x"), ENOTDIR);
	CHECK_ERR(open_ro("/tests/list/"), ENOTDIR);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, "/tests/list",
		      O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, "/tests", O_WRONLY), EISDIR);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, "/tests", O_RDWR), EISDIR);

	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	CHECK_ERR(open_ro(long_path), ENAMETOOLONG);
	memset(long_name, 'b', sizeof(long_name) - 1);
	long_name[0] = '/';
	CHECK_ERR(open_ro(long_name), ENAMETOOLONG);

	/* A directory opens without O_DIRECTORY, but read refuses it. */
	fd = open_ro("/tests");
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_read, fd, buf, sizeof(buf)), EISDIR);
	SYS(SYS_close, fd);
	SYS(SYS_close, dir);
}

int main(void)
{
	check_fds();
	check_read();
	check_seek();
	check_vectors();
	check_paths();
	return check_done();
}
