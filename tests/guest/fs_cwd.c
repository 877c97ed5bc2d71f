/*
 * The working directory: chdir, fchdir and getcwd (buffer sizes exactly
 * as Linux counts them, the NUL included), relative lookups, mounts under
 * and around it, a removed or detached one, inheritance across fork, and
 * names longer than PATH_MAX.
 */
#include <sys/wait.h>

#include "fs_util.h"

#define D "/tmp/fs_cwd"

#ifndef O_PATH
#define O_PATH 010000000
#endif
#define MNT_DETACH 2

static char cwd[8192];

static long getcwd_raw(char *buf, long size)
{
	return SYS(SYS_getcwd, buf, size);
}

static void test_basic(void)
{
	struct kernel_stat st;
	long fd, n;

	CHECK_EQ(SYS(SYS_chdir, "/"), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), 2);
	CHECK_MEM(cwd, "/", 2);
	CHECK_EQ(SYS(SYS_chdir, D), 0);
	n = strlen(D) + 1;
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n);
	CHECK_MEM(cwd, D, n);
	/* The size must hold the NUL too. */
	CHECK_EQ(getcwd_raw(cwd, n), n);
	CHECK_ERR(getcwd_raw(cwd, n - 1), ERANGE);
	CHECK_ERR(getcwd_raw(cwd, 1), ERANGE);
	CHECK_ERR(getcwd_raw(cwd, 0), ERANGE);
	CHECK_ERR(getcwd_raw(NULL, 0), ERANGE);
	CHECK_ERR(getcwd_raw(NULL, 100), EFAULT);
	CHECK_ERR(getcwd_raw(unmapped_addr(), 100), EFAULT);

	/* Relative names start here. */
	CHECK_EQ(fs_put("rel", "r"), 0);
	CHECK_EQ(fs_stat(D "/rel", &st), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, "sub", 0755), 0);
	CHECK_EQ(SYS(SYS_chdir, "sub"), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n + 4);
	CHECK_MEM(cwd, D "/sub", n + 4);
	CHECK_EQ(SYS(SYS_chdir, ".."), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n);

	/* Through a symlink, getcwd gives the real name. */
	CHECK_EQ(SYS(SYS_symlinkat, "sub", AT_FDCWD, "lsub"), 0);
	CHECK_EQ(SYS(SYS_chdir, D "/lsub"), 0);
	CHECK_MEM(cwd, D, n); /* unchanged buffer */
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n + 4);
	CHECK_MEM(cwd, D "/sub", n + 4);

	/* fchdir: directories, O_PATH ones too. */
	fd = SYS(SYS_openat, AT_FDCWD, D, O_PATH | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_fchdir, fd), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/rel", O_RDONLY);
	CHECK_ERR(SYS(SYS_fchdir, fd), ENOTDIR);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_fchdir, -1), EBADF);
	CHECK_ERR(SYS(SYS_fchdir, 999), EBADF);

	/* chdir errors leave the cwd alone. */
	CHECK_ERR(SYS(SYS_chdir, D "/rel"), ENOTDIR);
	CHECK_ERR(SYS(SYS_chdir, D "/rel/"), ENOTDIR);
	CHECK_ERR(SYS(SYS_chdir, D "/none"), ENOENT);
	CHECK_ERR(SYS(SYS_chdir, ""), ENOENT);
	CHECK_ERR(SYS(SYS_chdir, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_chdir, KERNEL_ADDR), EFAULT);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n);
}

static void child_chdir(void *arg)
{
	(void)arg;
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), (long)strlen(D "/sub") + 1);
	CHECK_EQ(SYS(SYS_chdir, "/"), 0);
}

static void test_fork(void)
{
	int status;

	CHECK_EQ(SYS(SYS_chdir, D "/sub"), 0);
	status = run_in_child(child_chdir, NULL);
	CHECK_EXITED(status, 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), (long)strlen(D "/sub") + 1);
}

static void test_mounts(void)
{
	struct kernel_stat st, mp;
	long n = strlen(D "/m") + 1;

	CHECK_EQ(SYS(SYS_chdir, D), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, "m", 0755), 0);
	CHECK_EQ(fs_stat(D, &mp), 0);
	CHECK_EQ(SYS(SYS_mount, "x", "m", "tmpfs", 0, NULL), 0);
	CHECK_EQ(SYS(SYS_chdir, "m"), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n);
	CHECK_MEM(cwd, D "/m", n);
	/* ".." from a mount's root is the mountpoint's parent. */
	CHECK_EQ(SYS(SYS_newfstatat, AT_FDCWD, "..", &st, 0), 0);
	CHECK_EQ(st.st_ino, mp.st_ino);
	CHECK_EQ(st.st_dev, mp.st_dev);
	/* A mount in use by a working directory is busy. */
	CHECK_ERR(SYS(SYS_umount2, D "/m", 0), EBUSY);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, "in", 0755), 0);
	CHECK_EQ(SYS(SYS_chdir, "in"), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), n + 3);
	CHECK_MEM(cwd, D "/m/in", n + 3);
	/* Detached under us: the name says so, ".." stays at its root. */
	CHECK_EQ(SYS(SYS_umount2, D "/m", MNT_DETACH), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), 17);
	CHECK_MEM(cwd, "(unreachable)/in", 17);
	CHECK_EQ(SYS(SYS_chdir, ".."), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), 15);
	CHECK_MEM(cwd, "(unreachable)/", 15);
	CHECK_EQ(SYS(SYS_chdir, ".."), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), 15);
	CHECK_EQ(SYS(SYS_chdir, D), 0);
}

static void test_removed(void)
{
	struct kernel_stat st;

	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/gone", 0755), 0);
	CHECK_EQ(SYS(SYS_chdir, D "/gone"), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/gone", AT_REMOVEDIR), 0);
	CHECK_ERR(getcwd_raw(cwd, sizeof(cwd)), ENOENT);
	CHECK_ERR(getcwd_raw(cwd, 0), ENOENT);
	CHECK_EQ(SYS(SYS_newfstatat, AT_FDCWD, ".", &st, 0), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, "x", 0755), ENOENT);
	CHECK_EQ(SYS(SYS_chdir, ".."), 0);
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), (long)strlen(D) + 1);
}

/* A name longer than PATH_MAX can be worked in, but not named. */
#define LONG_LEVELS 24
static void test_long(void)
{
	char name[201];

	memset(name, 'd', 200);
	name[200] = 0;
	CHECK_EQ(SYS(SYS_chdir, D), 0);
	for (int i = 0; i < LONG_LEVELS; i++) {
		CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, name, 0755), 0);
		CHECK_EQ(SYS(SYS_chdir, name), 0);
	}
	CHECK_ERR(getcwd_raw(cwd, sizeof(cwd)), ENAMETOOLONG);
	for (int i = 0; i < LONG_LEVELS; i++) {
		CHECK_EQ(SYS(SYS_chdir, ".."), 0);
		CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, name, AT_REMOVEDIR), 0);
	}
	CHECK_EQ(getcwd_raw(cwd, sizeof(cwd)), (long)strlen(D) + 1);
}

int main(void)
{
	fs_scratch(D);
	test_basic();
	test_fork();
	test_mounts();
	test_removed();
	test_long();
	SYS(SYS_chdir, "/");
	fs_rm_rf(D);
	return check_done();
}
