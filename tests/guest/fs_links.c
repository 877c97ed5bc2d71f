/*
 * symlinkat, readlinkat and linkat: symlink contents and sizes, following
 * rules (loops, O_NOFOLLOW, O_PATH, trailing slashes, relative targets),
 * hard link counts, AT_SYMLINK_FOLLOW and AT_EMPTY_PATH (O_TMPFILE files
 * given a name), and the errors in Linux's order.
 */
#include "fs_util.h"

#define D "/tmp/fs_links"

#ifndef O_PATH
#define O_PATH 010000000
#endif
#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
#define AT_SYMLINK_FOLLOW 0x400

static char long_target[4200];

static long rl(const char *path, char *buf, long size)
{
	return SYS(SYS_readlinkat, AT_FDCWD, path, buf, size);
}

static void test_symlink(void)
{
	struct kernel_stat st;
	char buf[64];
	long dir, n;

	CHECK_EQ(fs_put(D "/file", "contents"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dir", 0755), 0);
	CHECK_EQ(SYS(SYS_symlinkat, "file", AT_FDCWD, D "/l1"), 0);
	CHECK_EQ(fs_lstat(D "/l1", &st), 0);
	CHECK_EQ(st.st_mode, S_IFLNK | 0777);
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_uid, 0);
	/* stat follows it; the target is relative to the link's directory. */
	CHECK_EQ(fs_stat(D "/l1", &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFREG);
	CHECK_EQ(st.st_size, 8);

	/* readlink: no NUL added, truncated to the buffer. */
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(rl(D "/l1", buf, sizeof(buf)), 4);
	CHECK_MEM(buf, "filex", 5);
	CHECK_EQ(rl(D "/l1", buf, 2), 2);
	CHECK_MEM(buf, "fi", 2);
	CHECK_ERR(rl(D "/l1", buf, 0), EINVAL);
	CHECK_ERR(rl(D "/l1", buf, -1), EINVAL);
	CHECK_ERR(rl(NULL, buf, 0), EINVAL);
	CHECK_ERR(rl(D "/file", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(rl(D "/dir", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(rl(D "/none", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(rl("", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(rl(NULL, buf, sizeof(buf)), EFAULT);
	CHECK_ERR(rl(D "/l1", NULL, sizeof(buf)), EFAULT);
	CHECK_ERR(rl(D "/l1", unmapped_addr(), sizeof(buf)), EFAULT);
	CHECK_ERR(SYS(SYS_readlinkat, -1, "l1", buf, sizeof(buf)), EBADF);
	/* A trailing slash follows the link. */
	CHECK_EQ(SYS(SYS_symlinkat, "dir", AT_FDCWD, D "/ldir"), 0);
	CHECK_ERR(rl(D "/ldir/", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(rl(D "/l1/", buf, sizeof(buf)), ENOTDIR);
	/* Links in the middle are followed. */
	CHECK_EQ(SYS(SYS_symlinkat, "../l1", AT_FDCWD, D "/dir/up"), 0);
	CHECK_EQ(rl(D "/ldir/up", buf, sizeof(buf)), 5);
	CHECK_EQ(fs_stat(D "/ldir/up", &st), 0);
	CHECK_EQ(st.st_size, 8);

	/* An O_PATH|O_NOFOLLOW descriptor names the link itself. */
	n = SYS(SYS_openat, AT_FDCWD, D "/l1", O_PATH | O_NOFOLLOW);
	CHECK(n >= 0);
	CHECK_EQ(SYS(SYS_readlinkat, n, "", buf, sizeof(buf)), 4);
	CHECK_EQ(SYS(SYS_fstat, n, &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	SYS(SYS_close, n);
	n = SYS(SYS_openat, AT_FDCWD, D "/file", O_RDONLY);
	CHECK_ERR(SYS(SYS_readlinkat, n, "", buf, sizeof(buf)), ENOENT);
	SYS(SYS_close, n);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/l1", O_RDONLY | O_NOFOLLOW),
		  ELOOP);

	/* Relative to a directory descriptor; targets are never checked. */
	dir = SYS(SYS_openat, AT_FDCWD, D "/dir", O_RDONLY | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_symlinkat, "/no/such/place", dir, "abs"), 0);
	CHECK_EQ(rl(D "/dir/abs", buf, sizeof(buf)), 14);
	CHECK_ERR(fs_stat(D "/dir/abs", &st), ENOENT);
	SYS(SYS_close, dir);
	/* The longest target is PATH_MAX - 1 bytes. */
	memset(long_target, 'a', 4095);
	long_target[4095] = 0;
	CHECK_EQ(SYS(SYS_symlinkat, long_target, AT_FDCWD, D "/long"), 0);
	CHECK_EQ(fs_lstat(D "/long", &st), 0);
	CHECK_EQ(st.st_size, 4095);
	memset(long_target, 'a', 4096);
	long_target[4096] = 0;
	CHECK_ERR(SYS(SYS_symlinkat, long_target, AT_FDCWD, D "/long2"),
		  ENAMETOOLONG);

	/* Loops. */
	CHECK_EQ(SYS(SYS_symlinkat, "self", AT_FDCWD, D "/self"), 0);
	CHECK_ERR(fs_stat(D "/self", &st), ELOOP);
	CHECK_EQ(SYS(SYS_symlinkat, "pong", AT_FDCWD, D "/ping"), 0);
	CHECK_EQ(SYS(SYS_symlinkat, "ping", AT_FDCWD, D "/pong"), 0);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ping", O_RDONLY), ELOOP);
	CHECK_ERR(fs_stat(D "/ping/x", &st), ELOOP);

	/* O_CREAT through a dangling link makes its target. */
	CHECK_EQ(SYS(SYS_symlinkat, "made", AT_FDCWD, D "/dangle"), 0);
	n = SYS(SYS_openat, AT_FDCWD, D "/dangle", O_WRONLY | O_CREAT, 0600);
	CHECK(n >= 0);
	SYS(SYS_close, n);
	CHECK_EQ(fs_mode(D "/made"), S_IFREG | 0600);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/dangle",
		      O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST);

	/* Errors: the target is looked at before the new name. */
	CHECK_ERR(SYS(SYS_symlinkat, "", AT_FDCWD, NULL), ENOENT);
	CHECK_ERR(SYS(SYS_symlinkat, NULL, AT_FDCWD, ""), EFAULT);
	CHECK_ERR(SYS(SYS_symlinkat, unmapped_addr(), AT_FDCWD, D "/x"),
		  EFAULT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, ""), ENOENT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/l1"), EEXIST);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/dir"), EEXIST);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/new/"), ENOENT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/none/x"), ENOENT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/file/x"), ENOTDIR);
	CHECK_ERR(SYS(SYS_symlinkat, "t", -1, "x"), EBADF);
}

static void test_link(void)
{
	struct kernel_stat st, st2;
	char buf[32];
	long fd;

	CHECK_EQ(fs_put(D "/h", "hard"), 0);
	CHECK_EQ(SYS(SYS_linkat, AT_FDCWD, D "/h", AT_FDCWD, D "/h2", 0), 0);
	CHECK_EQ(fs_stat(D "/h", &st), 0);
	CHECK_EQ(fs_stat(D "/h2", &st2), 0);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(fs_put(D "/h2", "changed"), 0);
	CHECK_EQ(fs_get(D "/h", buf, sizeof(buf)), 7);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/h", 0), 0);
	CHECK_EQ(fs_stat(D "/h2", &st2), 0);
	CHECK_EQ(st2.st_nlink, 1);

	/* A symlink is linked itself unless AT_SYMLINK_FOLLOW. */
	CHECK_EQ(SYS(SYS_symlinkat, "h2", AT_FDCWD, D "/sl"), 0);
	CHECK_EQ(SYS(SYS_linkat, AT_FDCWD, D "/sl", AT_FDCWD, D "/sl2", 0), 0);
	CHECK_EQ(fs_mode(D "/sl2") & S_IFMT, S_IFLNK);
	CHECK_EQ(SYS(SYS_linkat, AT_FDCWD, D "/sl", AT_FDCWD, D "/sl3",
		     AT_SYMLINK_FOLLOW), 0);
	CHECK_EQ(fs_lstat(D "/sl3", &st), 0);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(st.st_nlink, 2);

	/* AT_EMPTY_PATH links what a descriptor names. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/h2", O_RDONLY);
	CHECK_EQ(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/h3", AT_EMPTY_PATH), 0);
	CHECK_ERR(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/h4", 0), ENOENT);
	CHECK_EQ(fs_stat(D "/h3", &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	/* Not once the file has no name left. */
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/h2", 0), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/h3", 0), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/sl3", 0), 0);
	CHECK_ERR(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/h5", AT_EMPTY_PATH),
		  ENOENT);
	SYS(SYS_close, fd);

	/* An O_TMPFILE file gets its first name from linkat... */
	fd = SYS(SYS_openat, AT_FDCWD, D, O_TMPFILE | O_RDWR, 0640);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_write, fd, "tmp", 3), 3);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/named", AT_EMPTY_PATH),
		 0);
	CHECK_EQ(fs_stat(D "/named", &st), 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_mode, S_IFREG | 0640);
	CHECK_EQ(fs_get(D "/named", buf, sizeof(buf)), 3);
	SYS(SYS_close, fd);
	/* ...unless it was made with O_EXCL. */
	fd = SYS(SYS_openat, AT_FDCWD, D, O_TMPFILE | O_RDWR | O_EXCL, 0640);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/named2",
		      AT_EMPTY_PATH), ENOENT);
	SYS(SYS_close, fd);

	/* Errors: flags first, then the old path, then the new one. */
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, NULL, AT_FDCWD, NULL, 1), EINVAL);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD, D "/n2",
		      AT_SYMLINK_NOFOLLOW), EINVAL);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, NULL, AT_FDCWD, D "/n2", 0),
		  EFAULT);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD,
		      unmapped_addr(), 0), EFAULT);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/none", AT_FDCWD, NULL, 0),
		  ENOENT);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD, D "/file",
		      0), EEXIST);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/dir", AT_FDCWD, D "/dir2", 0),
		  EPERM);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named/", AT_FDCWD, D "/n2",
		      0), ENOTDIR);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD, D "/n2/",
		      0), ENOENT);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD,
		      D "/none/n2", 0), ENOENT);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD, "", 0),
		  ENOENT);
	CHECK_ERR(SYS(SYS_linkat, -1, "named", AT_FDCWD, D "/n2", 0), EBADF);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", -1, "n2", 0), EBADF);
	/* Across mounts: EXDEV once both names are found. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/mnt", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/mnt", "tmpfs", 0, NULL), 0);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD,
		      D "/mnt/n", 0), EXDEV);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/named", AT_FDCWD,
		      D "/mnt", 0), EEXIST);
	CHECK_EQ(SYS(SYS_umount2, D "/mnt", 0), 0);
}

int main(void)
{
	fs_scratch(D);
	test_symlink();
	test_link();
	fs_rm_rf(D);
	return check_done();
}
