/*
 * fstat and newfstatat: file types, sizes that match what read returns,
 * the same inode through every route, AT_FDCWD and directory fds,
 * AT_EMPTY_PATH, and the lookup errors.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "guest.h"

#define LINES_SIZE	9600

static long stat_at(long dirfd, const char *path, struct kernel_stat *st,
		    long flags)
{
	memset(st, 0xa5, sizeof(*st));
	return SYS(SYS_newfstatat, dirfd, path, st, flags);
}

int main(void)
{
	static char buf[16384];
	struct kernel_stat st, st2;
	long fd, dir, len;

	/* A regular file: its size is what a read returns. */
	len = read_file("/tests/list", buf, sizeof(buf));
	CHECK(len > 0);
	CHECK_EQ(stat_at(AT_FDCWD, "/tests/list", &st, 0), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, len);
	CHECK(st.st_nlink >= 1);
	CHECK(st.st_blksize > 0);
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(st.st_gid, 0);

	CHECK_EQ(stat_at(AT_FDCWD, "/tests/data/lines.txt", &st, 0), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, LINES_SIZE);

	/* fstat on an open fd sees the same file. */
	fd = SYS(SYS_openat, AT_FDCWD, "/tests/data/lines.txt", O_RDONLY);
	memset(&st2, 0, sizeof(st2));
	CHECK_EQ(SYS(SYS_fstat, fd, &st2), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_dev, st.st_dev);
	CHECK_EQ(st2.st_mode, st.st_mode);
	CHECK_EQ(st2.st_size, LINES_SIZE);
	/* So does newfstatat with an empty path and AT_EMPTY_PATH. */
	CHECK_EQ(stat_at(fd, "", &st2, AT_EMPTY_PATH), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_ERR(stat_at(fd, "", &st2, 0), ENOENT);
	/* And a path relative to the working directory (/) or a dir fd. */
	CHECK_EQ(stat_at(AT_FDCWD, "tests/data/lines.txt", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	CHECK_EQ(stat_at(dir, "data/lines.txt", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(stat_at(dir, "./data/../data/lines.txt", &st2,
			 AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	/* Different files have different inode numbers. */
	CHECK_EQ(stat_at(dir, "list", &st2, 0), 0);
	CHECK_NE(st2.st_ino, st.st_ino);

	/* Directories. */
	CHECK_EQ(stat_at(AT_FDCWD, "/tests", &st, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(SYS(SYS_fstat, dir, &st2), 0);
	CHECK(S_ISDIR(st2.st_mode));
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(stat_at(AT_FDCWD, "/tests/data", &st, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(stat_at(AT_FDCWD, "/", &st, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(stat_at(AT_FDCWD, "/..", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(stat_at(AT_FDCWD, ".", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(stat_at(dir, "..", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);

	/* The executable bits of a test binary are set. */
	CHECK_EQ(stat_at(AT_FDCWD, "/tests/stat", &st, 0), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK(st.st_mode & S_IXUSR);

	/* Lookup errors. */
	CHECK_ERR(stat_at(AT_FDCWD, "/tests/nope", &st, 0), ENOENT);
	CHECK_ERR(stat_at(AT_FDCWD, "/nope/list", &st, 0), ENOENT);
	CHECK_ERR(stat_at(AT_FDCWD, "", &st, 0), ENOENT);
	CHECK_ERR(stat_at(AT_FDCWD, "/tests/list/x", &st, 0), ENOTDIR);
	CHECK_ERR(stat_at(AT_FDCWD, "/tests/list/", &st, 0), ENOTDIR);
	CHECK_ERR(stat_at(fd, "x", &st, 0), ENOTDIR);
	SYS(SYS_close, fd);
	SYS(SYS_close, dir);
	return check_done();
}
