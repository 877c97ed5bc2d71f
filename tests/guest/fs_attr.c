/*
 * Attributes: fchmod(at), fchown(at), utimensat, truncate and ftruncate,
 * statx and faccessat(2), on tmpfs files, through symlinks and
 * descriptors (O_PATH ones included), on read-only and noexec mounts, with
 * the errors in Linux's order.
 */
#include <sys/sysmacros.h>
#include <linux/stat.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"

#define D "/tmp/fs_attr"

#ifndef O_PATH
#define O_PATH 010000000
#endif
#define AT_EACCESS 0x200
#define MS_RDONLY 1
#define MS_NOEXEC 8
#define MS_REMOUNT 32

static void test_chmod(void)
{
	struct kernel_stat st;
	long fd, p;

	CHECK_EQ(fs_put(D "/f", "x"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/f", 0600), 0);
	CHECK_EQ(fs_mode(D "/f"), S_IFREG | 0600);
	/* Only the permission and set-ID bits change; root keeps set-ID. */
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/f", 0177777), 0);
	CHECK_EQ(fs_mode(D "/f"), S_IFREG | 07777);
	/* Through a symlink: the target changes. A fourth argument is
	 * ignored (Linux 6.1's fchmodat has no flags). */
	CHECK_EQ(SYS(SYS_symlinkat, "f", AT_FDCWD, D "/lf"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/lf", 0640,
		     AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(fs_mode(D "/f"), S_IFREG | 0640);
	CHECK_EQ(fs_mode(D "/lf"), S_IFLNK | 0777);
	fd = SYS(SYS_openat, AT_FDCWD, D "/f", O_RDONLY);
	CHECK_EQ(SYS(SYS_fchmod, fd, 0444), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0444);
	/* An O_PATH descriptor does not allow it. */
	p = SYS(SYS_openat, AT_FDCWD, D "/f", O_PATH);
	CHECK_ERR(SYS(SYS_fchmod, p, 0644), EBADF);
	SYS(SYS_close, p);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_fchmod, -1, 0644), EBADF);
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, D "/none", 0644), ENOENT);
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, D "/f/x", 0644), ENOTDIR);
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, NULL, 0644), EFAULT);
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, "", 0644), ENOENT);
	CHECK_ERR(SYS(SYS_fchmodat, -1, "f", 0644), EBADF);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/f", 0644), 0);
}

static void test_chown(void)
{
	struct kernel_stat st;
	long fd;

	CHECK_EQ(fs_put(D "/o", "x"), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/o", 12, 34, 0), 0);
	CHECK_EQ(fs_stat(D "/o", &st), 0);
	CHECK_EQ(st.st_uid, 12);
	CHECK_EQ(st.st_gid, 34);
	/* -1 leaves an id as it is. */
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/o", -1, 56, 0), 0);
	CHECK_EQ(fs_stat(D "/o", &st), 0);
	CHECK_EQ(st.st_uid, 12);
	CHECK_EQ(st.st_gid, 56);
	/* Changing the owner drops set-user-ID, and set-group-ID when the
	 * group may execute; even a chown to nothing new does. */
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/o", 06775), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/o", -1, -1, 0), 0);
	CHECK_EQ(fs_mode(D "/o"), S_IFREG | 0775);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/o", 06745), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/o", 0, 0, 0), 0);
	CHECK_EQ(fs_mode(D "/o"), S_IFREG | 02745);
	/* Directories keep theirs. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/od", 0755), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/od", 06775), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/od", 1, 1, 0), 0);
	CHECK_EQ(fs_mode(D "/od"), S_IFDIR | 06775);
	/* A symlink itself, or what it points to. */
	CHECK_EQ(SYS(SYS_symlinkat, "o", AT_FDCWD, D "/lo"), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/lo", 7, 8,
		     AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(fs_lstat(D "/lo", &st), 0);
	CHECK_EQ(st.st_uid, 7);
	CHECK_EQ(fs_stat(D "/lo", &st), 0);
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/lo", 9, 9, 0), 0);
	CHECK_EQ(fs_stat(D "/o", &st), 0);
	CHECK_EQ(st.st_uid, 9);
	/* Descriptors: fchown, and AT_EMPTY_PATH (which O_PATH allows). */
	fd = SYS(SYS_openat, AT_FDCWD, D "/o", O_RDONLY);
	CHECK_EQ(SYS(SYS_fchown, fd, 3, 4), 0);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/o", O_PATH);
	CHECK_ERR(SYS(SYS_fchown, fd, 5, 6), EBADF);
	CHECK_EQ(SYS(SYS_fchownat, fd, "", 5, 6, AT_EMPTY_PATH), 0);
	CHECK_ERR(SYS(SYS_fchownat, fd, "", 5, 6, 0), ENOENT);
	SYS(SYS_close, fd);
	CHECK_EQ(fs_stat(D "/o", &st), 0);
	CHECK_EQ(st.st_uid, 5);
	CHECK_EQ(st.st_gid, 6);
	/* Errors: flags before the path. */
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, NULL, 0, 0, 0x200), EINVAL);
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, NULL, 0, 0, 0), EFAULT);
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, D "/none", 0, 0, 0), ENOENT);
	CHECK_ERR(SYS(SYS_fchownat, -1, "o", 0, 0, 0), EBADF);
	CHECK_ERR(SYS(SYS_fchown, 999, 0, 0), EBADF);
}

static long utimes(const char *path, const struct timespec *t, long flags)
{
	return SYS(SYS_utimensat, AT_FDCWD, path, t, flags);
}

static void test_utimes(void)
{
	struct timespec t[2], now;
	struct kernel_stat st;
	long fd;

	CHECK_EQ(fs_put(D "/t", "x"), 0);
	t[0] = (struct timespec){ 1000000000, 123456789 };
	t[1] = (struct timespec){ 1100000000, 987654321 };
	CHECK_EQ(utimes(D "/t", t, 0), 0);
	CHECK_EQ(fs_stat(D "/t", &st), 0);
	CHECK_EQ(st.st_atime_sec, 1000000000);
	CHECK_EQ(st.st_atime_nsec, 123456789);
	CHECK_EQ(st.st_mtime_sec, 1100000000);
	CHECK_EQ(st.st_mtime_nsec, 987654321);
	SYS(SYS_clock_gettime, CLOCK_REALTIME, &now);
	/* ctime is always now. */
	CHECK(st.st_ctime_sec >= now.tv_sec - 5 && st.st_ctime_sec <= now.tv_sec);
	/* UTIME_OMIT keeps one, UTIME_NOW sets it to the clock. */
	t[0].tv_nsec = UTIME_OMIT;
	t[1].tv_nsec = UTIME_NOW;
	CHECK_EQ(utimes(D "/t", t, 0), 0);
	CHECK_EQ(fs_stat(D "/t", &st), 0);
	CHECK_EQ(st.st_atime_sec, 1000000000);
	CHECK(st.st_mtime_sec >= now.tv_sec - 5);
	/* NULL sets both to now. */
	t[0] = (struct timespec){ -5, 0 };
	t[1] = (struct timespec){ -7, 1 };
	CHECK_EQ(utimes(D "/t", t, 0), 0);
	CHECK_EQ(fs_stat(D "/t", &st), 0);
	CHECK_EQ(st.st_atime_sec, -5);
	CHECK_EQ(st.st_mtime_sec, -7);
	CHECK_EQ(utimes(D "/t", NULL, 0), 0);
	CHECK_EQ(fs_stat(D "/t", &st), 0);
	CHECK(st.st_atime_sec >= now.tv_sec - 5);
	CHECK(st.st_mtime_sec >= now.tv_sec - 5);
	/* Both UTIME_OMIT: done before the path is even looked at. */
	t[0].tv_nsec = t[1].tv_nsec = UTIME_OMIT;
	CHECK_EQ(utimes(D "/none", t, 0), 0);
	CHECK_EQ(utimes(NULL, t, 0x12345), 0);
	/* A symlink's own times. */
	CHECK_EQ(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/lt"), 0);
	t[0] = (struct timespec){ 42, 0 };
	t[1] = (struct timespec){ 43, 0 };
	CHECK_EQ(utimes(D "/lt", t, AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(fs_lstat(D "/lt", &st), 0);
	CHECK_EQ(st.st_mtime_sec, 43);
	CHECK_EQ(fs_stat(D "/lt", &st), 0);
	CHECK_NE(st.st_mtime_sec, 43);
	/* futimens: a descriptor and a NULL path; no flags allowed. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/t", O_RDONLY);
	CHECK_EQ(SYS(SYS_utimensat, fd, NULL, t, 0), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_atime_sec, 42);
	CHECK_ERR(SYS(SYS_utimensat, fd, NULL, t, AT_SYMLINK_NOFOLLOW),
		  EINVAL);
	CHECK_EQ(SYS(SYS_utimensat, fd, "", t, AT_EMPTY_PATH), 0);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/t", O_PATH);
	CHECK_ERR(SYS(SYS_utimensat, fd, NULL, t, 0), EBADF);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_utimensat, 999, NULL, t, 0), EBADF);
	CHECK_ERR(SYS(SYS_utimensat, AT_FDCWD, NULL, t, 0), EFAULT);
	/* Errors. */
	t[0].tv_nsec = 1000000000;
	CHECK_ERR(utimes(D "/t", t, 0), EINVAL);
	t[0].tv_nsec = -1;
	CHECK_ERR(utimes(D "/t", t, 0), EINVAL);
	t[0].tv_nsec = 0;
	CHECK_ERR(utimes(D "/t", t, 0x8000), EINVAL);
	CHECK_ERR(utimes(D "/t", unmapped_addr(), 0), EFAULT);
	CHECK_ERR(utimes(D "/none", NULL, 0), ENOENT);
	CHECK_ERR(utimes("", NULL, 0), ENOENT);
	CHECK_ERR(SYS(SYS_utimensat, -1, "t", NULL, 0), EBADF);
}

static void test_truncate(void)
{
	struct timespec t[2] = { { 1000, 0 }, { 2000, 0 } };
	struct kernel_stat st;
	char buf[8192];
	long fd;

	CHECK_EQ(fs_put(D "/tr", "abcdef"), 0);
	CHECK_EQ(SYS(SYS_truncate, D "/tr", 3), 0);
	CHECK_EQ(fs_get(D "/tr", buf, sizeof(buf)), 3);
	CHECK_MEM(buf, "abc", 4);
	/* Growing reads back zeroes and holds no pages. */
	CHECK_EQ(SYS(SYS_truncate, D "/tr", 5000), 0);
	CHECK_EQ(fs_stat(D "/tr", &st), 0);
	CHECK_EQ(st.st_size, 5000);
	CHECK_EQ(st.st_blocks, 8);
	fd = SYS(SYS_openat, AT_FDCWD, D "/tr", O_RDONLY);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 5000);
	CHECK_EQ(buf[3] | buf[4095] | buf[4999], 0);
	SYS(SYS_close, fd);
	/* Both set the times, even to the same size. */
	CHECK_EQ(utimes(D "/tr", t, 0), 0);
	CHECK_EQ(SYS(SYS_truncate, D "/tr", 5000), 0);
	CHECK_EQ(fs_stat(D "/tr", &st), 0);
	CHECK_NE(st.st_mtime_sec, 2000);
	CHECK_EQ(utimes(D "/tr", t, 0), 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/tr", O_RDWR);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 5000), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_NE(st.st_mtime_sec, 2000);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 0), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_blocks, 0);
	/* A negative length is EINVAL before the descriptor or path. */
	CHECK_ERR(SYS(SYS_ftruncate, fd, -1), EINVAL);
	CHECK_ERR(SYS(SYS_ftruncate, -1, -1), EINVAL);
	CHECK_ERR(SYS(SYS_truncate, NULL, -1), EINVAL);
	SYS(SYS_close, fd);
	/* ftruncate needs a regular file open for writing: else EINVAL. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/tr", O_RDONLY);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 1), EINVAL);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 1), EINVAL);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/tr", O_PATH);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 1), EBADF);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 1), EINVAL);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_ftruncate, 999, 1), EBADF);
	/* truncate: directories, devices, missing files. */
	CHECK_ERR(SYS(SYS_truncate, D, 1), EISDIR);
	CHECK_ERR(SYS(SYS_truncate, "/dev/null", 1), EINVAL);
	CHECK_ERR(SYS(SYS_truncate, D "/none", 1), ENOENT);
	CHECK_ERR(SYS(SYS_truncate, NULL, 1), EFAULT);
	CHECK_ERR(SYS(SYS_truncate, "", 1), ENOENT);
	/* Through a symlink. */
	CHECK_EQ(SYS(SYS_symlinkat, "tr", AT_FDCWD, D "/ltr"), 0);
	CHECK_EQ(SYS(SYS_truncate, D "/ltr", 7), 0);
	CHECK_EQ(fs_stat(D "/tr", &st), 0);
	CHECK_EQ(st.st_size, 7);
}

static long sx(long dirfd, const char *path, long flags, long mask,
	       struct statx *x)
{
	memset(x, 0xa5, sizeof(*x));
	return SYS(SYS_statx, dirfd, path, flags, mask, x);
}

static void test_statx(void)
{
	struct kernel_stat st;
	struct statx x, y;
	long fd;

	CHECK_EQ(fs_put(D "/sx", "hello"), 0);
	CHECK_EQ(fs_stat(D "/sx", &st), 0);
	CHECK_EQ(sx(AT_FDCWD, D "/sx", 0, STATX_BASIC_STATS, &x), 0);
	CHECK_EQ(x.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
	CHECK(x.stx_mask & STATX_MNT_ID);
	CHECK_EQ(x.stx_ino, st.st_ino);
	CHECK_EQ(x.stx_size, 5);
	CHECK_EQ(x.stx_mode, st.st_mode);
	CHECK_EQ(x.stx_nlink, 1);
	CHECK_EQ(x.stx_uid, 0);
	CHECK_EQ(x.stx_blocks, st.st_blocks);
	CHECK_EQ(x.stx_blksize, st.st_blksize);
	CHECK_EQ(x.stx_mtime.tv_sec, st.st_mtime_sec);
	CHECK_EQ(x.stx_mtime.tv_nsec, st.st_mtime_nsec);
	CHECK_EQ(x.stx_ctime.tv_sec, st.st_ctime_sec);
	CHECK_EQ(makedev(x.stx_dev_major, x.stx_dev_minor), st.st_dev);
	CHECK_EQ(x.stx_attributes & STATX_ATTR_MOUNT_ROOT, 0);
	CHECK(x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT);
	/* tmpfs knows birth times, when asked. */
	CHECK_EQ(sx(AT_FDCWD, D "/sx", 0, STATX_BASIC_STATS | STATX_BTIME,
		    &x), 0);
	CHECK(x.stx_mask & STATX_BTIME);
	CHECK(x.stx_btime.tv_sec > 1500000000);
	CHECK_EQ(sx(AT_FDCWD, D "/sx", 0, 0, &x), 0);
	CHECK_EQ(x.stx_mask & STATX_BTIME, 0);
	/* Devices. */
	CHECK_EQ(sx(AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, &x), 0);
	CHECK_EQ(x.stx_rdev_major, 1);
	CHECK_EQ(x.stx_rdev_minor, 3);
	/* A mount's root says so; its mount ID is its own. */
	CHECK_EQ(sx(AT_FDCWD, D, 0, 0, &y), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/m", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/m", "tmpfs", 0, NULL), 0);
	CHECK_EQ(sx(AT_FDCWD, D "/m", 0, 0, &x), 0);
	CHECK(x.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	CHECK_NE(x.stx_mnt_id, y.stx_mnt_id);
	CHECK_NE(x.stx_mnt_id, 0);
	CHECK_NE(makedev(x.stx_dev_major, x.stx_dev_minor),
		 makedev(y.stx_dev_major, y.stx_dev_minor));
	CHECK_EQ(SYS(SYS_umount2, D "/m", 0), 0);
	/* Symlinks, descriptors. */
	CHECK_EQ(SYS(SYS_symlinkat, "sx", AT_FDCWD, D "/lsx"), 0);
	CHECK_EQ(sx(AT_FDCWD, D "/lsx", AT_SYMLINK_NOFOLLOW, 0, &x), 0);
	CHECK_EQ(x.stx_mode, S_IFLNK | 0777);
	CHECK_EQ(x.stx_size, 2);
	CHECK_EQ(sx(AT_FDCWD, D "/lsx", 0, 0, &x), 0);
	CHECK_EQ(x.stx_size, 5);
	fd = SYS(SYS_openat, AT_FDCWD, D "/lsx", O_PATH | O_NOFOLLOW);
	CHECK_EQ(sx(fd, "", AT_EMPTY_PATH, 0, &x), 0);
	CHECK_EQ(x.stx_mode, S_IFLNK | 0777);
	CHECK_ERR(sx(fd, "", 0, 0, &x), ENOENT);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
	CHECK_EQ(sx(fd, "sx", 0, 0, &x), 0);
	CHECK_EQ(x.stx_size, 5);
	SYS(SYS_close, fd);
	/* Errors: mask and flags before the path. */
	CHECK_ERR(sx(AT_FDCWD, NULL, 0, 0x80000000L, &x), EINVAL);
	CHECK_ERR(sx(AT_FDCWD, NULL, 0x6000, 0, &x), EINVAL);
	CHECK_ERR(sx(AT_FDCWD, NULL, 0x10000, 0, &x), EINVAL);
	CHECK_ERR(sx(AT_FDCWD, NULL, 0, 0, &x), EFAULT);
	CHECK_ERR(sx(AT_FDCWD, "", 0, 0, &x), ENOENT);
	CHECK_ERR(sx(AT_FDCWD, D "/none", 0, 0, &x), ENOENT);
	CHECK_ERR(sx(AT_FDCWD, D "/sx/", 0, 0, &x), ENOTDIR);
	CHECK_ERR(sx(-1, "sx", 0, 0, &x), EBADF);
	CHECK_ERR(sx(-1, "", AT_EMPTY_PATH, 0, &x), EBADF);
	CHECK_ERR(SYS(SYS_statx, AT_FDCWD, D "/sx", 0, 0, unmapped_addr()),
		  EFAULT);
	/* The sync flags are accepted alone. */
	CHECK_EQ(sx(AT_FDCWD, D "/sx", 0x2000, 0, &x), 0);
	CHECK_EQ(sx(AT_FDCWD, D "/sx", 0x4000, 0, &x), 0);
}

static void test_access(void)
{
	CHECK_EQ(fs_put(D "/a0", "x"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/a0", 0), 0);
	/* Root reads and writes anything, and runs what someone may run. */
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/a0", F_OK), 0);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/a0", R_OK | W_OK), 0);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/a0", X_OK), EACCES);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/a0", 0010), 0);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/a0", X_OK), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D, 0), 0);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D, X_OK), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D, 0755), 0);
	/* faccessat ignores a fourth argument; faccessat2 does not. */
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/a0", F_OK, 0x12345), 0);
	CHECK_ERR(SYS(SYS_faccessat2, AT_FDCWD, D "/a0", F_OK, 0x12345),
		  EINVAL);
	CHECK_EQ(SYS(SYS_faccessat2, AT_FDCWD, D "/a0", R_OK, AT_EACCESS), 0);
	/* A dangling symlink exists only when not followed. */
	CHECK_EQ(SYS(SYS_symlinkat, "none", AT_FDCWD, D "/adangle"), 0);
	CHECK_ERR(SYS(SYS_faccessat2, AT_FDCWD, D "/adangle", F_OK, 0),
		  ENOENT);
	CHECK_EQ(SYS(SYS_faccessat2, AT_FDCWD, D "/adangle", F_OK,
		     AT_SYMLINK_NOFOLLOW), 0);
	{
		long fd = SYS(SYS_openat, AT_FDCWD, D "/a0", O_PATH);

		CHECK_EQ(SYS(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH), 0);
		CHECK_ERR(SYS(SYS_faccessat2, fd, "", R_OK, 0), ENOENT);
		SYS(SYS_close, fd);
	}
	/* Errors: the mode, then the flags, then the path. */
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, NULL, 8), EINVAL);
	CHECK_ERR(SYS(SYS_faccessat2, AT_FDCWD, NULL, F_OK, 1), EINVAL);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, NULL, F_OK), EFAULT);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/none", F_OK), ENOENT);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/a0/x", F_OK), ENOTDIR);
	CHECK_ERR(SYS(SYS_faccessat, -1, "a0", F_OK), EBADF);
}

/* A read-only mount refuses every change, after the lookup. */
static void test_readonly(void)
{
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/ro", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/ro", "tmpfs", 0, NULL), 0);
	CHECK_EQ(fs_put(D "/ro/f", "x"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/ro/f", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/ro", "tmpfs", MS_REMOUNT | MS_RDONLY,
		     NULL), 0);
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, D "/ro/f", 0644), EROFS);
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, D "/ro/f", 1, 1, 0), EROFS);
	CHECK_ERR(utimes(D "/ro/f", t, 0), EROFS);
	CHECK_ERR(SYS(SYS_truncate, D "/ro/f", 0), EROFS);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/ro/f", W_OK), EROFS);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/ro/f", R_OK | X_OK), 0);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro/f", O_WRONLY), EROFS);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro/f", O_RDONLY | O_TRUNC),
		  EROFS);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro/new", O_CREAT | O_RDONLY,
		      0644), EROFS);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/ro/d", 0755), EROFS);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/ro/f", 0755), EEXIST);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/ro/f", 0), EROFS);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/ro/none", 0), EROFS);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/ro/l"), EROFS);
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/ro/f", AT_FDCWD,
		      D "/ro/g", 0), EROFS);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/ro/f", AT_FDCWD, D "/ro/g",
		      0), EROFS);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/ro/n", S_IFREG, 0), EROFS);
	fd = SYS(SYS_openat, AT_FDCWD, D "/ro/f", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_fchmod, fd, 0644), EROFS);
	SYS(SYS_close, fd);
	/* noexec: nothing there may run, whatever its mode. */
	CHECK_EQ(SYS(SYS_mount, "x", D "/ro", "tmpfs", MS_REMOUNT | MS_NOEXEC,
		     NULL), 0);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/ro/f", X_OK), EACCES);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/ro/f", W_OK), 0);
	CHECK_EQ(SYS(SYS_umount2, D "/ro", 0), 0);
}

/* Reads touch atime as the mount says: relatime, strictatime, noatime. */
static long read_all(const char *path, long flags)
{
	char buf[16];
	long fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | flags), n;

	if (fd < 0)
		return fd;
	n = SYS(SYS_read, fd, buf, sizeof(buf));
	SYS(SYS_close, fd);
	return n;
}

static long atime_of(const char *path)
{
	struct kernel_stat st;

	return fs_stat(path, &st) ? -1 : st.st_atime_sec;
}

static void test_atime(void)
{
	struct timespec now, t[2];

	SYS(SYS_clock_gettime, CLOCK_REALTIME, &now);
	/* The root file system has no relatime: every read counts. */
	CHECK_EQ(fs_put(D "/at", "x"), 0);
	t[0] = (struct timespec){ now.tv_sec + 1000, 0 };
	t[1] = (struct timespec){ now.tv_sec - 100, 0 };
	CHECK_EQ(utimes(D "/at", t, 0), 0);
	CHECK_EQ(read_all(D "/at", 0), 1);
	CHECK(atime_of(D "/at") <= now.tv_sec + 5);
	/* O_NOATIME: no update. */
	CHECK_EQ(utimes(D "/at", t, 0), 0);
	CHECK_EQ(read_all(D "/at", O_NOATIME), 1);
	CHECK_EQ(atime_of(D "/at"), now.tv_sec + 1000);
	/* relatime: only an atime not after mtime and ctime moves. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/rt", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/rt", "tmpfs", 0, NULL), 0);
	CHECK_EQ(fs_put(D "/rt/f", "x"), 0);
	CHECK_EQ(utimes(D "/rt/f", t, 0), 0);
	CHECK_EQ(read_all(D "/rt/f", 0), 1);
	CHECK_EQ(atime_of(D "/rt/f"), now.tv_sec + 1000);
	t[0].tv_sec = now.tv_sec - 200;
	CHECK_EQ(utimes(D "/rt/f", t, 0), 0);
	CHECK_EQ(read_all(D "/rt/f", 0), 1);
	/*
	 * File times come from Linux's coarse clock, which can be a tick
	 * behind the CLOCK_REALTIME read into now: across a second boundary
	 * the new atime may be now.tv_sec - 1.
	 */
	CHECK(atime_of(D "/rt/f") >= now.tv_sec - 1);
	/* A listing counts for a directory. */
	CHECK_EQ(utimes(D "/rt", t, 0), 0);
	CHECK(fs_count(D "/rt") > 0);
	CHECK(atime_of(D "/rt") >= now.tv_sec - 1);
	/* noatime: never. */
	CHECK_EQ(SYS(SYS_mount, "x", D "/rt", "tmpfs", MS_REMOUNT | 0x400,
		     NULL), 0);
	CHECK_EQ(utimes(D "/rt/f", t, 0), 0);
	CHECK_EQ(read_all(D "/rt/f", 0), 1);
	CHECK_EQ(atime_of(D "/rt/f"), now.tv_sec - 200);
	CHECK_EQ(SYS(SYS_umount2, D "/rt", 0), 0);
}

/* Sparse files up to Linux's MAX_LFS_FILESIZE, SEEK_DATA and SEEK_HOLE. */
static void test_sparse(void)
{
	const long tib2 = 1L << 41, max = 0x7fffffffffffffffL;
	struct kernel_stat st;
	char buf[8];
	long fd;

	fd = SYS(SYS_openat, AT_FDCWD, D "/sparse", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_ftruncate, fd, tib2), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_size, tib2);
	CHECK_EQ(st.st_blocks, 0);
	CHECK_EQ(SYS(SYS_lseek, fd, tib2 - 4096 + 10, SEEK_SET),
		 tib2 - 4096 + 10);
	CHECK_EQ(SYS(SYS_write, fd, "xyz", 3), 3);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_blocks, 8);
	CHECK_EQ(SYS(SYS_lseek, fd, tib2 - 4096 + 9, SEEK_SET),
		 tib2 - 4096 + 9);
	CHECK_EQ(SYS(SYS_read, fd, buf, 5), 5);
	CHECK_MEM(buf, "\0xyz\0", 5);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_DATA), tib2 - 4096);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_HOLE), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, tib2 - 10, SEEK_HOLE), tib2);
	CHECK_ERR(SYS(SYS_lseek, fd, tib2, SEEK_DATA), ENXIO);
	/* Holes between pages, and at the end. */
	CHECK_EQ(SYS(SYS_ftruncate, fd, 0), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_write, fd, "a", 1), 1);
	CHECK_EQ(SYS(SYS_lseek, fd, 8192, SEEK_SET), 8192);
	CHECK_EQ(SYS(SYS_write, fd, "b", 1), 1);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 20000), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, 1, SEEK_DATA), 1);
	CHECK_EQ(SYS(SYS_lseek, fd, 4096, SEEK_DATA), 8192);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_HOLE), 4096);
	CHECK_EQ(SYS(SYS_lseek, fd, 8192, SEEK_HOLE), 12288);
	CHECK_ERR(SYS(SYS_lseek, fd, 12288, SEEK_DATA), ENXIO);
	CHECK_ERR(SYS(SYS_lseek, fd, 20000, SEEK_HOLE), ENXIO);
	CHECK_ERR(SYS(SYS_lseek, fd, -1, SEEK_HOLE), ENXIO);
	/* The largest size, and writes that reach it. */
	CHECK_EQ(SYS(SYS_ftruncate, fd, max), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, max - 1, SEEK_SET), max - 1);
	/* A write whose end would pass the largest offset is EINVAL. */
	CHECK_ERR(SYS(SYS_write, fd, "zz", 2), EINVAL);
	CHECK_EQ(SYS(SYS_write, fd, "z", 1), 1);
	CHECK_ERR(SYS(SYS_write, fd, "z", 1), EINVAL);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_blocks, 24);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 1), 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_blocks, 8);
	SYS(SYS_close, fd);
}

int main(void)
{
	fs_scratch(D);
	test_chmod();
	test_chown();
	test_utimes();
	test_truncate();
	test_sparse();
	test_statx();
	test_access();
	test_readonly();
	test_atime();
	fs_rm_rf(D);
	return check_done();
}
