/*
 * mkdirat, mknodat, unlinkat and umask on a tmpfs: modes after the umask,
 * link counts and directory sizes as tmpfs keeps them, set-group-ID
 * directories, removed directories, and each call's errors in Linux's
 * order (bad flags before bad pointers, EEXIST before EROFS, ...).
 */
#include <sys/sysmacros.h>

#include "fs_util.h"

#define D "/tmp/fs_dirs"

static char long_name[300];

static void test_mkdir(void)
{
	struct kernel_stat st, parent;
	long dir;

	CHECK_EQ(fs_stat(D, &parent), 0);
	CHECK_EQ(parent.st_nlink, 2);
	/* tmpfs counts 20 bytes per entry, "." and ".." included. */
	CHECK_EQ(parent.st_size, 40);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/a", 0750), 0);
	CHECK_EQ(fs_stat(D "/a", &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0750);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(st.st_gid, 0);
	CHECK_EQ(st.st_size, 40);
	CHECK_EQ(fs_stat(D, &parent), 0);
	CHECK_EQ(parent.st_nlink, 3);
	CHECK_EQ(parent.st_size, 60);
	CHECK_EQ(st.st_dev, parent.st_dev);

	/* The umask, and the bits mkdir keeps: sticky yes, set-ID no. */
	CHECK_EQ(SYS(SYS_umask, 0), 022);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/m777", 0777), 0);
	CHECK_EQ(fs_mode(D "/m777"), S_IFDIR | 0777);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/sticky", 07777), 0);
	CHECK_EQ(fs_mode(D "/sticky"), S_IFDIR | 01777);
	CHECK_EQ(SYS(SYS_umask, 077), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/m700", 0777), 0);
	CHECK_EQ(fs_mode(D "/m700"), S_IFDIR | 0700);
	/* umask keeps only the permission bits. */
	CHECK_EQ(SYS(SYS_umask, 0177777), 077);
	CHECK_EQ(SYS(SYS_umask, 022), 0777);

	/* Relative to a directory descriptor, with trailing slashes. */
	dir = SYS(SYS_openat, AT_FDCWD, D "/a", O_RDONLY | O_DIRECTORY);
	CHECK(dir >= 0);
	CHECK_EQ(SYS(SYS_mkdirat, dir, "sub//", 0755), 0);
	CHECK_EQ(fs_mode(D "/a/sub"), S_IFDIR | 0755);
	CHECK_ERR(SYS(SYS_mkdirat, dir, "sub", 0755), EEXIST);

	/* A set-group-ID directory hands down its group and the bit. */
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/a", 0, 42, 0), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/a", 02755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, dir, "g", 0700), 0);
	CHECK_EQ(fs_stat(D "/a/g", &st), 0);
	CHECK_EQ(st.st_gid, 42);
	CHECK_EQ(st.st_mode & 07777, 02700);
	CHECK_EQ(fs_put(D "/a/gfile", "x"), 0);
	CHECK_EQ(fs_stat(D "/a/gfile", &st), 0);
	CHECK_EQ(st.st_gid, 42);
	CHECK_EQ(st.st_mode & 07777, 0644);

	/* Errors. */
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/a", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, "/", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/a/.", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/a/..", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/a/gfile", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/nope/x", 0755), ENOENT);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, "", 0755), ENOENT);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/a/gfile/x", 0755), ENOTDIR);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, long_name, 0755), ENAMETOOLONG);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, NULL, 0755), EFAULT);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, unmapped_addr(), 0755), EFAULT);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, KERNEL_ADDR, 0755), EFAULT);
	CHECK_ERR(SYS(SYS_mkdirat, -1, "rel", 0755), EBADF);
	CHECK_ERR(SYS(SYS_mkdirat, 999, "rel", 0755), EBADF);
	/* A file as dirfd; an absolute path ignores a bad one. */
	{
		long f = SYS(SYS_openat, AT_FDCWD, D "/a/gfile", O_RDONLY);

		CHECK_ERR(SYS(SYS_mkdirat, f, "rel", 0755), ENOTDIR);
		SYS(SYS_close, f);
	}
	CHECK_EQ(SYS(SYS_mkdirat, -1, D "/abs", 0755), 0);
	/* A dangling symlink is a name that exists. */
	CHECK_EQ(SYS(SYS_symlinkat, D "/nowhere", AT_FDCWD, D "/dangle"), 0);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/dangle", 0755), EEXIST);
	SYS(SYS_close, dir);
}

static void test_unlink(void)
{
	struct kernel_stat st;
	char buf[16];
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/u", 0755), 0);
	CHECK_EQ(fs_put(D "/u/f", "data"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/u/d", 0755), 0);
	CHECK_EQ(fs_count(D "/u"), 4);

	/* Bad flags come before anything about the path. */
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, NULL, 0x100), EINVAL);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/f", ~0x200), EINVAL);

	/* The wrong kind for each call, trailing slashes. */
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/d", 0), EISDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/d/", 0), EISDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/f/", 0), ENOTDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/zz/", 0), ENOENT);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/f", AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u", AT_REMOVEDIR),
		  ENOTEMPTY);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/.", AT_REMOVEDIR),
		  EINVAL);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/d/..", AT_REMOVEDIR),
		  ENOTEMPTY);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, "/", AT_REMOVEDIR), EBUSY);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, "/", 0), EISDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/.", 0), EISDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/missing", 0), ENOENT);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/missing", AT_REMOVEDIR),
		  ENOENT);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/u/f/x", 0), ENOTDIR);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, "", 0), ENOENT);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, long_name, 0), ENAMETOOLONG);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, unmapped_addr(), 0), EFAULT);
	CHECK_ERR(SYS(SYS_unlinkat, -1, "f", 0), EBADF);

	/* An unlinked file lives on while open. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/u/f", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/u/f", 0), 0);
	CHECK_ERR(fs_stat(D "/u/f", &st), ENOENT);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 4);
	SYS(SYS_close, fd);

	/* rmdir with a trailing slash; the parent's count goes down. */
	CHECK_EQ(fs_stat(D "/u", &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/u/d/", AT_REMOVEDIR), 0);
	CHECK_EQ(fs_stat(D "/u", &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(st.st_size, 40);
	CHECK_EQ(fs_count(D "/u"), 2);
}

/* A directory removed while open: no new names, listing is ENOENT. */
static void test_dead_dir(void)
{
	struct kernel_stat st;
	char buf[256];
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dead", 0755), 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/dead", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/dead", AT_REMOVEDIR), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_ERR(SYS(SYS_mkdirat, fd, "x", 0755), ENOENT);
	CHECK_ERR(SYS(SYS_openat, fd, "y", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(SYS(SYS_mknodat, fd, "z", S_IFREG | 0644, 0), ENOENT);
	CHECK_ERR(SYS(SYS_symlinkat, "t", fd, "l"), ENOENT);
	CHECK_ERR(SYS(SYS_getdents64, fd, buf, sizeof(buf)), ENOENT);
	CHECK_EQ(SYS(SYS_newfstatat, fd, ".", &st, 0), 0);
	SYS(SYS_close, fd);
}

static void test_mknod(void)
{
	struct kernel_stat st;
	long fd;

	/* Type 0 is a regular file; the umask applies. */
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/reg", 0666, 0), 0);
	CHECK_EQ(fs_mode(D "/reg"), S_IFREG | 0644);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/reg2", S_IFREG | 04777, 0),
		  0);
	CHECK_EQ(fs_mode(D "/reg2"), S_IFREG | 04755);
	/* A character device works as the driver behind its number. */
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/null", S_IFCHR | 0666,
		     makedev(1, 3)), 0);
	CHECK_EQ(fs_lstat(D "/null", &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0644);
	CHECK_EQ(st.st_rdev, makedev(1, 3));
	CHECK_EQ(st.st_size, 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/null", O_WRONLY);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_write, fd, "abc", 3), 3);
	SYS(SYS_close, fd);
	/* Big numbers keep all their bits; unknown ones open as ENXIO. */
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/big", S_IFCHR | 0600,
		     makedev(0xabc, 0x12345)), 0);
	CHECK_EQ(fs_lstat(D "/big", &st), 0);
	CHECK_EQ(major(st.st_rdev), 0xabc);
	CHECK_EQ(minor(st.st_rdev), 0x12345);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/big", O_RDONLY), ENXIO);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/blk", S_IFBLK | 0600,
		     makedev(250, 1)), 0);
	CHECK_EQ(fs_mode(D "/blk"), S_IFBLK | 0600);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/blk", O_RDONLY), ENXIO);
	/* FIFOs and sockets are nodes like the others. */
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/fifo", S_IFIFO | 0600, 0), 0);
	CHECK_EQ(fs_mode(D "/fifo"), S_IFIFO | 0600);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/sock", S_IFSOCK | 0600, 0),
		 0);
	CHECK_EQ(fs_mode(D "/sock"), S_IFSOCK | 0600);
	/* The type is checked before the path: a bad pointer comes second. */
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/d", S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, NULL, S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, NULL, 0170000, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/t", 0150000, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, NULL, S_IFREG, 0), EFAULT);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/reg", S_IFREG, 0), EEXIST);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/x/", S_IFREG, 0), ENOENT);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/reg/", S_IFREG, 0), EEXIST);
	CHECK_ERR(SYS(SYS_mknodat, -1, "x", S_IFREG, 0), EBADF);
}

int main(void)
{
	memset(long_name, 'n', sizeof(long_name) - 1);
	memcpy(long_name, "/tmp/", 5);
	fs_scratch(D);
	test_mkdir();
	test_unlink();
	test_dead_dir();
	test_mknod();
	fs_rm_rf(D);
	return check_done();
}
