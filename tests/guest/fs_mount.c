/*
 * mount, umount2, statfs and fstatfs: tmpfs with its options and limits,
 * devtmpfs (one instance), proc and sysfs, read-only, nodev, noexec and
 * atime flags as statfs and /proc/mounts show them, stacking, bind and
 * move, remounts, busy mounts and lazy unmounts, and the errors in
 * Linux's order.
 */
#include <sys/sysmacros.h>
#include <sys/statfs.h>

#include "fs_util.h"
#include "proc_util.h"

#define D "/tmp/fs_mount"

#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#ifndef ST_VALID
#define ST_VALID 0x20
#endif

static char mounts[16384];

static long mnt(const char *src, const char *dir, const char *type,
		long flags, const char *data)
{
	return SYS(SYS_mount, src, dir, type, flags, data);
}

static long sfs(const char *path, struct statfs *st)
{
	memset(st, 0xa5, sizeof(*st));
	return SYS(SYS_statfs, path, st);
}

/* The line /proc/mounts has for the mount at dir, or NULL. */
static const char *mount_line(const char *dir, char *line, size_t size)
{
	char key[256];
	const char *p, *e;

	if (read_file("/proc/mounts", mounts, sizeof(mounts) - 1) <= 0)
		return NULL;
	snprintf(key, sizeof(key), " %s ", dir);
	/* The last one wins: mounts stack. */
	line[0] = 0;
	for (p = mounts; (p = strstr(p, key)); p++) {
		const char *b = p;

		while (b > mounts && b[-1] != '\n')
			b--;
		e = strchr(p, '\n');
		if (!e || (size_t)(e - b) >= size)
			return NULL;
		memcpy(line, b, e - b);
		line[e - b] = 0;
	}
	return line[0] ? line : NULL;
}

static void check_line(const char *dir, const char *want)
{
	char line[512];
	const char *got = mount_line(dir, line, sizeof(line));

	if (!got || strcmp(got, want))
		check_fail(__FILE__, __LINE__, "mount line for %s: got \"%s\", "
			   "want \"%s\"", dir, got ? got : "(none)", want);
}

static void test_tmpfs(void)
{
	struct kernel_stat st, parent;
	struct statfs s;
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/a", 0755), 0);
	CHECK_EQ(fs_put(D "/a/under", "u"), 0);
	CHECK_EQ(fs_stat(D, &parent), 0);
	CHECK_EQ(mnt("tmpfs", D "/a", "tmpfs", 0, NULL), 0);
	/* A new file system: its own device, an empty root of mode 1777. */
	CHECK_EQ(fs_stat(D "/a", &st), 0);
	CHECK_NE(st.st_dev, parent.st_dev);
	CHECK_EQ(st.st_mode, S_IFDIR | 01777);
	CHECK_EQ(fs_count(D "/a"), 2);
	CHECK_ERR(fs_stat(D "/a/under", &st), ENOENT);
	CHECK_EQ(sfs(D "/a", &s), 0);
	CHECK_EQ(s.f_type, TMPFS_MAGIC);
	CHECK_EQ(s.f_bsize, 4096);
	CHECK_EQ(s.f_frsize, 4096);
	CHECK_EQ(s.f_namelen, 255);
	CHECK_EQ(s.f_flags, ST_VALID | ST_RELATIME);
	CHECK(s.f_blocks > 0);
	CHECK_EQ(s.f_bfree, s.f_blocks);
	CHECK_EQ(s.f_bavail, s.f_blocks);
	CHECK_EQ(s.f_files - s.f_ffree, 1);
	check_line(D "/a", "tmpfs " D "/a tmpfs rw,relatime,inode64 0 0");
	/* Files made there use it; a page of data is a block. */
	CHECK_EQ(fs_put(D "/a/f", "data"), 0);
	CHECK_EQ(sfs(D "/a", &s), 0);
	CHECK_EQ(s.f_blocks - s.f_bfree, 1);
	CHECK_EQ(s.f_files - s.f_ffree, 2);
	CHECK_EQ(fs_stat(D "/a/f", &st), 0);
	CHECK_NE(st.st_dev, parent.st_dev);
	/* fstatfs on a descriptor, O_PATH included. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/a/f", O_PATH);
	memset(&s, 0, sizeof(s));
	CHECK_EQ(SYS(SYS_fstatfs, fd, &s), 0);
	CHECK_EQ(s.f_type, TMPFS_MAGIC);
	SYS(SYS_close, fd);

	/* Mounts stack; the lower one comes back at umount. */
	CHECK_EQ(mnt("second", D "/a", "tmpfs", 0, "mode=0700,uid=5,gid=6"),
		 0);
	CHECK_EQ(fs_stat(D "/a", &st), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0700);
	CHECK_EQ(st.st_uid, 5);
	CHECK_EQ(st.st_gid, 6);
	CHECK_ERR(fs_stat(D "/a/f", &st), ENOENT);
	check_line(D "/a", "second " D "/a tmpfs rw,relatime,mode=700,uid=5,"
		   "gid=6,inode64 0 0");
	CHECK_EQ(SYS(SYS_umount2, D "/a", 0), 0);
	CHECK_EQ(fs_stat(D "/a/f", &st), 0);
	/* A busy mount: an open file, a child mount. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/a/f", O_RDONLY);
	CHECK_ERR(SYS(SYS_umount2, D "/a", 0), EBUSY);
	CHECK_ERR(SYS(SYS_umount2, D "/a", MNT_FORCE), EBUSY);
	SYS(SYS_close, fd);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/a/sub", 0755), 0);
	CHECK_EQ(mnt("x", D "/a/sub", "tmpfs", 0, NULL), 0);
	CHECK_ERR(SYS(SYS_umount2, D "/a", 0), EBUSY);
	/* A mountpoint cannot be removed. */
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/a/sub", AT_REMOVEDIR),
		  EBUSY);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/a", AT_REMOVEDIR), EBUSY);
	/* ".." from the child's root is the parent mount's directory. */
	CHECK_EQ(fs_put(D "/a/sub/../g", "g"), 0);
	CHECK_EQ(fs_stat(D "/a/g", &st), 0);
	CHECK_EQ(SYS(SYS_umount2, D "/a/sub", 0), 0);
	CHECK_EQ(SYS(SYS_umount2, D "/a", 0), 0);
	/* What was under it is there again. */
	CHECK_EQ(fs_stat(D "/a/under", &st), 0);
}

static void test_options(void)
{
	static char page[8192];
	struct statfs s;
	long fd, n;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/o", 0755), 0);
	/* size= limits the pages: writes stop with ENOSPC. */
	CHECK_EQ(mnt("x", D "/o", "tmpfs", 0, "size=16k,nr_inodes=4"), 0);
	CHECK_EQ(sfs(D "/o", &s), 0);
	CHECK_EQ(s.f_blocks, 4);
	CHECK_EQ(s.f_files, 4);
	check_line(D "/o", "x " D "/o tmpfs rw,relatime,size=16k,nr_inodes=4,"
		   "inode64 0 0");
	fd = SYS(SYS_openat, AT_FDCWD, D "/o/big", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_write, fd, page, sizeof(page)), 8192);
	CHECK_EQ(SYS(SYS_write, fd, page, sizeof(page)), 8192);
	CHECK_ERR(SYS(SYS_write, fd, page, 1), ENOSPC);
	CHECK_EQ(sfs(D "/o", &s), 0);
	CHECK_EQ(s.f_bfree, 0);
	SYS(SYS_close, fd);
	/* nr_inodes= counts the root and every name. */
	CHECK_EQ(fs_put(D "/o/f2", ""), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/o/d3", 0755), 0);
	CHECK_ERR(fs_put(D "/o/f4", ""), ENOSPC);
	CHECK_ERR(SYS(SYS_symlinkat, "t", AT_FDCWD, D "/o/l4"), ENOSPC);
	CHECK_ERR(SYS(SYS_linkat, AT_FDCWD, D "/o/f2", AT_FDCWD, D "/o/h4",
		      0), ENOSPC);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/o/big", 0), 0);
	CHECK_EQ(sfs(D "/o", &s), 0);
	CHECK_EQ(s.f_bfree, 4);
	CHECK_EQ(s.f_ffree, 1);
	CHECK_EQ(SYS(SYS_umount2, D "/o", 0), 0);
	/* Sizes take suffixes and percentages; only changes are shown. */
	CHECK_EQ(mnt("x", D "/o", "tmpfs", 0, "size=1m,size=2M"), 0);
	CHECK_EQ(sfs(D "/o", &s), 0);
	CHECK_EQ(s.f_blocks, 512);
	CHECK_EQ(SYS(SYS_umount2, D "/o", 0), 0);
	CHECK_EQ(mnt("x", D "/o", "tmpfs", 0, ",,mode=01777"), 0);
	check_line(D "/o", "x " D "/o tmpfs rw,relatime,inode64 0 0");
	CHECK_EQ(SYS(SYS_umount2, D "/o", 0), 0);
	/* The generic "ro" option, and inode32. */
	CHECK_EQ(mnt("x", D "/o", "tmpfs", 0, "ro,inode32"), 0);
	check_line(D "/o", "x " D "/o tmpfs ro,relatime,inode32 0 0");
	CHECK_EQ(sfs(D "/o", &s), 0);
	CHECK_EQ(s.f_flags, ST_VALID | ST_RELATIME | ST_RDONLY);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/o/x", 0755), EROFS);
	CHECK_EQ(SYS(SYS_umount2, D "/o", 0), 0);
	/* Bad options are EINVAL. */
	CHECK_ERR(mnt("x", D "/o", "tmpfs", 0, "bogus=1"), EINVAL);
	CHECK_ERR(mnt("x", D "/o", "tmpfs", 0, "relatime"), EINVAL);
	CHECK_ERR(mnt("x", D "/o", "tmpfs", 0, "size=abc"), EINVAL);
	CHECK_ERR(mnt("x", D "/o", "tmpfs", 0, "mode=999"), EINVAL);
	CHECK_ERR(mnt("x", D "/o", "tmpfs", 0, "uid"), EINVAL);
	CHECK_ERR(mnt("x", D "/o", "sysfs", 0, "whatever"), EINVAL);
	/* A /dev/shm as init scripts make it. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/shm", 0755), 0);
	CHECK_EQ(mnt("shm", D "/shm", "tmpfs", MS_NOSUID | MS_NODEV,
		     "mode=1777"), 0);
	CHECK_EQ(fs_mode(D "/shm"), S_IFDIR | 01777);
	n = SYS(SYS_openat, AT_FDCWD, D "/shm/sem.x", O_RDWR | O_CREAT, 0600);
	CHECK(n >= 0);
	SYS(SYS_close, n);
	check_line(D "/shm", "shm " D "/shm tmpfs rw,nosuid,nodev,relatime,"
		   "inode64 0 0");
	CHECK_EQ(SYS(SYS_umount2, D "/shm", 0), 0);
}

static void test_flags(void)
{
	struct statfs s;
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/fl", 0755), 0);
	CHECK_EQ(mnt("x", D "/fl", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC |
		     MS_NOATIME, NULL), 0);
	CHECK_EQ(sfs(D "/fl", &s), 0);
	CHECK_EQ(s.f_flags, ST_VALID | ST_NOSUID | ST_NODEV | ST_NOEXEC |
			    ST_NOATIME);
	check_line(D "/fl", "x " D "/fl tmpfs rw,nosuid,nodev,noexec,noatime,"
		   "inode64 0 0");
	/* nodev: device nodes there cannot be opened. */
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/fl/null", S_IFCHR | 0666,
		     makedev(1, 3)), 0);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/fl/null", O_RDONLY), EACCES);
	/* noexec: nothing there runs. */
	CHECK_EQ(fs_put(D "/fl/prog", "#!/bin/sh\n"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/fl/prog", 0755), 0);
	CHECK_ERR(SYS(SYS_execve, D "/fl/prog", NULL, NULL), EACCES);
	/* Remount: flags are replaced, atime kept unless given. */
	CHECK_EQ(mnt("x", D "/fl", "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), 0);
	CHECK_EQ(sfs(D "/fl", &s), 0);
	CHECK_EQ(s.f_flags, ST_VALID | ST_RDONLY | ST_NOATIME);
	CHECK_ERR(fs_put(D "/fl/x", ""), EROFS);
	CHECK_EQ(mnt("x", D "/fl", "tmpfs", MS_REMOUNT | MS_STRICTATIME,
		     NULL), 0);
	CHECK_EQ(sfs(D "/fl", &s), 0);
	CHECK_EQ(s.f_flags, ST_VALID);
	CHECK_EQ(fs_put(D "/fl/x", ""), 0);
	check_line(D "/fl", "x " D "/fl tmpfs rw,inode64 0 0");
	/* Remounting a directory that is not a mount's root: EINVAL. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/fl/d", 0755), 0);
	CHECK_ERR(mnt("x", D "/fl/d", "tmpfs", MS_REMOUNT, NULL), EINVAL);
	/* Propagation: everything is private already. */
	CHECK_EQ(mnt(NULL, D "/fl", NULL, MS_PRIVATE, NULL), 0);
	CHECK_ERR(mnt(NULL, D "/fl/d", NULL, MS_PRIVATE, NULL), EINVAL);
	/* A file open for writing survives a remount read-only. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/fl/x", O_WRONLY);
	SYS(SYS_close, fd);
	CHECK_EQ(SYS(SYS_umount2, D "/fl", 0), 0);
}

static void test_bind_move(void)
{
	struct kernel_stat a, b;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/src", 0755), 0);
	CHECK_EQ(fs_put(D "/src/f", "bound"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dst", 0755), 0);
	CHECK_EQ(mnt(D "/src", D "/dst", NULL, MS_BIND, NULL), 0);
	CHECK_EQ(fs_stat(D "/src/f", &a), 0);
	CHECK_EQ(fs_stat(D "/dst/f", &b), 0);
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_dev, b.st_dev);
	/* The same file system, two mounts: renames across are EXDEV. */
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/dst/f", AT_FDCWD,
		      D "/src/g", 0), EXDEV);
	CHECK_EQ(SYS(SYS_umount2, D "/dst", 0), 0);
	CHECK_ERR(mnt(D "/none", D "/dst", NULL, MS_BIND, NULL), ENOENT);
	CHECK_ERR(mnt("x", D "/dst", "tmpfs", MS_BIND, NULL), ENOENT);

	/* MS_MOVE takes a mount, and what is on it, elsewhere. */
	CHECK_EQ(mnt("x", D "/src", "tmpfs", 0, NULL), 0);
	CHECK_EQ(fs_put(D "/src/moved", "m"), 0);
	CHECK_EQ(mnt(D "/src", D "/dst", NULL, MS_MOVE, NULL), 0);
	CHECK_EQ(fs_stat(D "/dst/moved", &a), 0);
	CHECK_EQ(fs_stat(D "/src/f", &a), 0);
	check_line(D "/dst", "x " D "/dst tmpfs rw,relatime,inode64 0 0");
	CHECK_ERR(mnt(D "/src", D "/dst", NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR(mnt(D "/dst", D "/dst/in", NULL, MS_MOVE, NULL), ENOENT);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dst/in", 0755), 0);
	CHECK_ERR(mnt(D "/dst", D "/dst/in", NULL, MS_MOVE, NULL), ELOOP);
	CHECK_EQ(SYS(SYS_umount2, D "/dst", 0), 0);
}

static void test_umount(void)
{
	char buf[8];
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/u", 0755), 0);
	CHECK_EQ(mnt("x", D "/u", "tmpfs", 0, NULL), 0);
	/* Flags first; a directory that is no mount's root; no such path. */
	CHECK_ERR(SYS(SYS_umount2, NULL, 0x80), EINVAL);
	CHECK_ERR(SYS(SYS_umount2, D, 0), EINVAL);
	CHECK_ERR(SYS(SYS_umount2, D "/none", 0), ENOENT);
	CHECK_ERR(SYS(SYS_umount2, NULL, 0), EFAULT);
	CHECK_ERR(SYS(SYS_umount2, "", 0), ENOENT);
	/* MNT_EXPIRE: marked the first time, gone the second. */
	CHECK_ERR(SYS(SYS_umount2, D "/u", MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_ERR(SYS(SYS_umount2, D "/u", MNT_EXPIRE | MNT_FORCE), EINVAL);
	CHECK_ERR(SYS(SYS_umount2, D "/u", MNT_EXPIRE), EAGAIN);
	CHECK_EQ(SYS(SYS_umount2, D "/u", MNT_EXPIRE), 0);
	CHECK_ERR(SYS(SYS_umount2, D "/u", 0), EINVAL);
	/* UMOUNT_NOFOLLOW: a symlink to a mountpoint is not one. */
	CHECK_EQ(mnt("x", D "/u", "tmpfs", 0, NULL), 0);
	CHECK_EQ(SYS(SYS_symlinkat, "u", AT_FDCWD, D "/lu"), 0);
	CHECK_ERR(SYS(SYS_umount2, D "/lu", UMOUNT_NOFOLLOW), EINVAL);
	CHECK_EQ(SYS(SYS_umount2, D "/lu", 0), 0);
	/* MNT_DETACH: gone from the tree, alive for its users. */
	CHECK_EQ(mnt("x", D "/u", "tmpfs", 0, NULL), 0);
	CHECK_EQ(fs_put(D "/u/f", "still"), 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/u/f", O_RDONLY);
	CHECK_EQ(SYS(SYS_umount2, D "/u", MNT_DETACH), 0);
	CHECK_ERR(fs_get(D "/u/f", buf, sizeof(buf)), ENOENT);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 5);
	SYS(SYS_close, fd);
}

static void test_kinds(void)
{
	struct kernel_stat a, b;
	struct statfs s;
	char line[256];

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/p", 0755), 0);
	CHECK_EQ(mnt("proc", D "/p", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     NULL), 0);
	CHECK_EQ(sfs(D "/p", &s), 0);
	CHECK_EQ(s.f_type, PROC_SUPER_MAGIC);
	CHECK_EQ(s.f_blocks, 0);
	CHECK_EQ(s.f_files, 0);
	CHECK_EQ(s.f_namelen, 255);
	CHECK_EQ(fs_stat(D "/p/self", &a), 0);
	check_line(D "/p", "proc " D "/p proc rw,nosuid,nodev,noexec,relatime "
		   "0 0");
	CHECK_EQ(SYS(SYS_umount2, D "/p", 0), 0);
	CHECK_EQ(mnt("sysfs", D "/p", "sysfs", 0, NULL), 0);
	CHECK_EQ(sfs(D "/p", &s), 0);
	CHECK_EQ(s.f_type, SYSFS_MAGIC);
	/* sysfs is one file system: twice on one mountpoint is EBUSY. */
	CHECK_ERR(mnt("sysfs", D "/p", "sysfs", 0, NULL), EBUSY);
	CHECK_EQ(SYS(SYS_umount2, D "/p", 0), 0);

	/* devtmpfs is one instance too, with the device nodes in it. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dev1", 0755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/dev2", 0755), 0);
	CHECK_EQ(mnt("devtmpfs", D "/dev1", "devtmpfs", 0, NULL), 0);
	CHECK_EQ(mnt("devtmpfs", D "/dev2", "devtmpfs", 0, NULL), 0);
	CHECK_EQ(fs_stat(D "/dev1", &a), 0);
	CHECK_EQ(fs_stat(D "/dev2", &b), 0);
	CHECK_EQ(a.st_dev, b.st_dev);
	CHECK_EQ(a.st_mode, S_IFDIR | 0755);
	CHECK_EQ(fs_lstat(D "/dev1/null", &a), 0);
	CHECK_EQ(a.st_mode, S_IFCHR | 0666);
	CHECK_EQ(a.st_rdev, makedev(1, 3));
	CHECK_EQ(fs_lstat(D "/dev1/console", &a), 0);
	CHECK_EQ(a.st_rdev, makedev(5, 1));
	CHECK_EQ(fs_put(D "/dev1/fs_mount_test", "x"), 0);
	CHECK_EQ(fs_stat(D "/dev2/fs_mount_test", &a), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/dev2/fs_mount_test", 0), 0);
	CHECK_EQ(sfs(D "/dev1", &s), 0);
	CHECK_EQ(s.f_type, TMPFS_MAGIC);
	CHECK(mount_line(D "/dev1", line, sizeof(line)) != NULL);
	CHECK(!strncmp(line, "devtmpfs " D "/dev1 devtmpfs rw,relatime,size=",
		       strlen("devtmpfs " D "/dev1 devtmpfs rw,relatime,size=")));
	CHECK(strstr(line, ",mode=755,inode64 0 0") != NULL);
	CHECK_EQ(SYS(SYS_umount2, D "/dev1", 0), 0);
	CHECK_EQ(SYS(SYS_umount2, D "/dev2", 0), 0);

	/* The root is a tmpfs of its own kind, "rootfs". */
	CHECK_EQ(sfs("/", &s), 0);
	CHECK_EQ(s.f_type, TMPFS_MAGIC);
	CHECK(!strncmp(mounts, "rootfs / rootfs rw", 18));
	/* Mountpoint names are escaped. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/sp ace", 0755), 0);
	CHECK_EQ(mnt("a\tb", D "/sp ace", "tmpfs", 0, NULL), 0);
	check_line(D "/sp\\040ace", "a\\011b " D "/sp\\040ace tmpfs "
		   "rw,relatime,inode64 0 0");
	CHECK_EQ(SYS(SYS_umount2, D "/sp ace", 0), 0);
}

static void test_errors(void)
{
	struct statfs s;
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/e", 0755), 0);
	CHECK_EQ(fs_put(D "/file", ""), 0);
	/* The strings are read first, then the target found, then the type. */
	CHECK_ERR(mnt("x", NULL, unmapped_addr(), 0, NULL), EFAULT);
	CHECK_ERR(mnt(unmapped_addr(), NULL, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR(mnt("x", NULL, "tmpfs", 0, unmapped_addr()), EFAULT);
	CHECK_ERR(mnt("x", NULL, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR(mnt("x", D "/none", "nosuchfs", 0, NULL), ENOENT);
	CHECK_ERR(mnt("x", D "/e", NULL, 0, NULL), EINVAL);
	CHECK_ERR(mnt("x", D "/e", "", 0, NULL), ENODEV);
	CHECK_ERR(mnt("x", D "/e", "nosuchfs", 0, NULL), ENODEV);
	CHECK_ERR(mnt("x", D "/e", "rootfs", 0, NULL), ENODEV);
	CHECK_ERR(mnt("x", D "/file", "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mnt("x", D "/file/x", "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mnt("x", "", "tmpfs", 0, NULL), ENOENT);
	/* statfs and fstatfs. */
	CHECK_ERR(sfs(D "/none", &s), ENOENT);
	CHECK_ERR(sfs(NULL, &s), EFAULT);
	CHECK_ERR(sfs("", &s), ENOENT);
	CHECK_ERR(SYS(SYS_statfs, D, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_fstatfs, -1, &s), EBADF);
	fd = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
	CHECK_ERR(SYS(SYS_fstatfs, fd, NULL), EFAULT);
	SYS(SYS_close, fd);
}

int main(void)
{
	proc_mount();
	fs_scratch(D);
	test_tmpfs();
	test_options();
	test_flags();
	test_bind_move();
	test_umount();
	test_kinds();
	test_errors();
	fs_rm_rf(D);
	return check_done();
}
