/*
 * renameat2: moving files and directories within and between directories,
 * replacing targets, RENAME_NOREPLACE, RENAME_EXCHANGE and
 * RENAME_WHITEOUT, link counts of moved directories, names that are
 * hard links of one file, and the errors in Linux's order.
 */
#include <sys/sysmacros.h>

#include "fs_util.h"

#define D "/tmp/fs_rename"

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

static long ren(const char *a, const char *b, long flags)
{
	return SYS(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void test_files(void)
{
	struct kernel_stat st, st2;
	char buf[32];

	CHECK_EQ(fs_put(D "/a", "aaa"), 0);
	CHECK_EQ(fs_stat(D "/a", &st), 0);
	CHECK_EQ(ren(D "/a", D "/b", 0), 0);
	CHECK_ERR(fs_stat(D "/a", &st2), ENOENT);
	CHECK_EQ(fs_stat(D "/b", &st2), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(fs_get(D "/b", buf, sizeof(buf)), 3);
	CHECK_EQ(fs_count(D), 3);

	/* Over an existing file: the target goes, the source takes its name. */
	CHECK_EQ(fs_put(D "/c", "cccc"), 0);
	CHECK_EQ(ren(D "/b", D "/c", 0), 0);
	CHECK_EQ(fs_get(D "/c", buf, sizeof(buf)), 3);
	CHECK_EQ(fs_count(D), 3);

	/* NOREPLACE refuses an existing target; a new one is fine. */
	CHECK_EQ(fs_put(D "/d", "d"), 0);
	CHECK_ERR(ren(D "/c", D "/d", RENAME_NOREPLACE), EEXIST);
	CHECK_EQ(ren(D "/c", D "/e", RENAME_NOREPLACE), 0);

	/* EXCHANGE swaps two names. */
	CHECK_EQ(ren(D "/d", D "/e", RENAME_EXCHANGE), 0);
	CHECK_EQ(fs_get(D "/d", buf, sizeof(buf)), 3);
	CHECK_EQ(fs_get(D "/e", buf, sizeof(buf)), 1);
	CHECK_ERR(ren(D "/d", D "/nope", RENAME_EXCHANGE), ENOENT);

	/* Two names of one file: nothing happens, both stay. */
	CHECK_EQ(SYS(SYS_linkat, AT_FDCWD, D "/d", AT_FDCWD, D "/d2", 0), 0);
	CHECK_EQ(ren(D "/d", D "/d2", 0), 0);
	CHECK_EQ(fs_stat(D "/d", &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(fs_stat(D "/d2", &st), 0);
	/* Renaming onto itself as well. */
	CHECK_EQ(ren(D "/d", D "/d", 0), 0);
	CHECK_ERR(ren(D "/d", D "/d", RENAME_NOREPLACE), EEXIST);

	/* WHITEOUT leaves a 0:0 character device behind. */
	CHECK_EQ(ren(D "/e", D "/w", RENAME_WHITEOUT), 0);
	CHECK_EQ(fs_lstat(D "/e", &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR);
	CHECK_EQ(st.st_rdev, makedev(0, 0));
	CHECK_EQ(fs_get(D "/w", buf, sizeof(buf)), 1);

	/* renameat (38), which rename() uses on aarch64, is renameat2 with 0. */
	CHECK_EQ(SYS(SYS_renameat, AT_FDCWD, D "/w", AT_FDCWD, D "/w2"), 0);
	CHECK_ERR(SYS(SYS_renameat, AT_FDCWD, D "/w", AT_FDCWD, D "/w3"),
		  ENOENT);
	CHECK_EQ(SYS(SYS_renameat, AT_FDCWD, D "/w2", AT_FDCWD, D "/w"), 0);

	/* A symlink is renamed, not what it points to. */
	CHECK_EQ(SYS(SYS_symlinkat, "w", AT_FDCWD, D "/ln"), 0);
	CHECK_EQ(ren(D "/ln", D "/ln2", 0), 0);
	CHECK_EQ(fs_mode(D "/ln2") & S_IFMT, S_IFLNK);
	CHECK_EQ(fs_mode(D "/w") & S_IFMT, S_IFREG);
}

static void test_dirs(void)
{
	struct kernel_stat st;
	long fd;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/p", 0755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/q", 0755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/p/sub", 0755), 0);
	CHECK_EQ(fs_put(D "/p/sub/f", "f"), 0);

	/* A directory moves with its contents; the link counts follow. */
	CHECK_EQ(ren(D "/p/sub", D "/q/moved", 0), 0);
	CHECK_EQ(fs_stat(D "/p", &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(fs_stat(D "/q", &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_EQ(fs_mode(D "/q/moved/f") & S_IFMT, S_IFREG);
	/* Its ".." is the new parent. */
	CHECK_EQ(fs_stat(D "/q/moved/..", &st), 0);
	{
		struct kernel_stat q;

		CHECK_EQ(fs_stat(D "/q", &q), 0);
		CHECK_EQ(st.st_ino, q.st_ino);
	}
	/* Trailing slashes are fine on directories. */
	CHECK_EQ(ren(D "/q/moved/", D "/p/back/", 0), 0);
	CHECK_EQ(fs_mode(D "/p/back/f") & S_IFMT, S_IFREG);

	/* Over an empty directory: allowed; a full one: ENOTEMPTY. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/empty", 0755), 0);
	CHECK_EQ(ren(D "/p/back", D "/empty", 0), 0);
	CHECK_EQ(fs_mode(D "/empty/f") & S_IFMT, S_IFREG);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/full", 0755), 0);
	CHECK_EQ(fs_put(D "/full/x", "x"), 0);
	CHECK_ERR(ren(D "/empty", D "/full", 0), ENOTEMPTY);
	/* ...but EXCHANGE swaps them whatever they hold. */
	CHECK_EQ(ren(D "/empty", D "/full", RENAME_EXCHANGE), 0);
	CHECK_EQ(fs_mode(D "/empty/x") & S_IFMT, S_IFREG);
	CHECK_EQ(fs_mode(D "/full/f") & S_IFMT, S_IFREG);

	/* Kinds must agree: a file over a directory, a directory over a file. */
	CHECK_EQ(fs_put(D "/file", "z"), 0);
	CHECK_ERR(ren(D "/file", D "/full", 0), EISDIR);
	CHECK_ERR(ren(D "/full", D "/file", 0), ENOTDIR);
	/* EXCHANGE of a file and a directory is fine, and fixes counts. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/q/inq", 0755), 0);
	CHECK_EQ(ren(D "/q/inq", D "/file", RENAME_EXCHANGE), 0);
	CHECK_EQ(fs_mode(D "/file") & S_IFMT, S_IFDIR);
	CHECK_EQ(fs_mode(D "/q/inq") & S_IFMT, S_IFREG);
	CHECK_EQ(fs_stat(D "/q", &st), 0);
	CHECK_EQ(st.st_nlink, 2);

	/* Not into itself, nor over an ancestor. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/top", 0755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/top/mid", 0755), 0);
	CHECK_ERR(ren(D "/top", D "/top/mid/x", 0), EINVAL);
	CHECK_ERR(ren(D "/top", D "/top/x", 0), EINVAL);
	CHECK_ERR(ren(D "/top/mid", D "/top", 0), ENOTEMPTY);
	CHECK_ERR(ren(D "/top/mid", D "/top", RENAME_EXCHANGE), EINVAL);
	CHECK_ERR(ren(D "/top", D "/top/mid", RENAME_EXCHANGE), EINVAL);

	/* A moved directory that is open keeps working. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/top/mid", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_EQ(ren(D "/top/mid", D "/mid2", 0), 0);
	CHECK_EQ(SYS(SYS_mkdirat, fd, "in", 0755), 0);
	CHECK_EQ(fs_mode(D "/mid2/in") & S_IFMT, S_IFDIR);
	SYS(SYS_close, fd);
}

static void test_errors(void)
{
	long dir, file;

	CHECK_EQ(fs_put(D "/s", "s"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/sd", 0755), 0);
	/* Flags are checked first of all. */
	CHECK_ERR(ren(NULL, NULL, 8), EINVAL);
	CHECK_ERR(ren(D "/s", D "/t", RENAME_NOREPLACE | RENAME_EXCHANGE),
		  EINVAL);
	CHECK_ERR(ren(D "/s", D "/t", RENAME_WHITEOUT | RENAME_EXCHANGE),
		  EINVAL);
	CHECK_ERR(ren(D "/s", D "/t", 0x80000000L), EINVAL);
	/* Then the paths, the old one first. */
	CHECK_ERR(ren(NULL, D "/t", 0), EFAULT);
	CHECK_ERR(ren(D "/s", unmapped_addr(), 0), EFAULT);
	/* The old name's directory is found before the new name is read. */
	CHECK_ERR(ren(D "/none/x", NULL, 0), ENOENT);
	CHECK_ERR(ren(D "/none", NULL, 0), EFAULT);
	CHECK_ERR(ren("", D "/t", 0), ENOENT);
	CHECK_ERR(ren(D "/s", "", 0), ENOENT);
	CHECK_ERR(ren(D "/none", D "/t", 0), ENOENT);
	CHECK_ERR(ren(D "/none/x", D "/t", 0), ENOENT);
	CHECK_ERR(ren(D "/s/x", D "/t", 0), ENOTDIR);
	CHECK_ERR(ren(D "/s", D "/none/t", 0), ENOENT);
	/* "." and ".." and "/" cannot be renamed or be targets. */
	CHECK_ERR(ren(D "/sd/.", D "/t", 0), EBUSY);
	CHECK_ERR(ren(D "/sd/..", D "/t", 0), EBUSY);
	CHECK_ERR(ren("/", D "/t", 0), EBUSY);
	CHECK_ERR(ren(D "/s", D "/sd/.", 0), EBUSY);
	CHECK_ERR(ren(D "/s", D "/sd/..", RENAME_NOREPLACE), EEXIST);
	CHECK_ERR(ren(D "/s", "/", 0), EBUSY);
	/* Trailing slashes on a file. */
	CHECK_ERR(ren(D "/s/", D "/t", 0), ENOTDIR);
	CHECK_ERR(ren(D "/s", D "/t/", 0), ENOTDIR);
	CHECK_ERR(ren(D "/s", D "/sd/", 0), ENOTDIR);
	CHECK_ERR(ren(D "/none/", D "/t", 0), ENOENT);
	/* Descriptors. */
	CHECK_ERR(SYS(SYS_renameat2, -1, "s", AT_FDCWD, D "/t", 0), EBADF);
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/s", 999, "t", 0), EBADF);
	file = SYS(SYS_openat, AT_FDCWD, D "/s", O_RDONLY);
	CHECK_ERR(SYS(SYS_renameat2, file, "x", AT_FDCWD, D "/t", 0),
		  ENOTDIR);
	dir = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_renameat2, dir, "s", dir, "t", 0), 0);
	CHECK_EQ(SYS(SYS_renameat2, -1, D "/t", 12345, D "/s", 0), 0);
	SYS(SYS_close, dir);
	SYS(SYS_close, file);
	/* Across mounts: EXDEV, after the paths are found. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/mnt", 0755), 0);
	CHECK_EQ(SYS(SYS_mount, "x", D "/mnt", "tmpfs", 0, NULL), 0);
	CHECK_ERR(ren(D "/s", D "/mnt/s", 0), EXDEV);
	CHECK_ERR(ren(D "/none", D "/mnt/s", 0), EXDEV);
	CHECK_ERR(ren(D "/s", D "/mnt/none/s", 0), ENOENT);
	/* A mountpoint cannot move or be replaced. */
	CHECK_ERR(ren(D "/mnt", D "/mnt2", 0), EBUSY);
	CHECK_ERR(ren(D "/sd", D "/mnt", 0), EBUSY);
	CHECK_EQ(SYS(SYS_umount2, D "/mnt", 0), 0);
	CHECK_EQ(ren(D "/mnt", D "/mnt2", 0), 0);
}

int main(void)
{
	fs_scratch(D);
	test_files();
	test_dirs();
	test_errors();
	fs_rm_rf(D);
	return check_done();
}
