/*
 * Permissions for a process that is not root: search, read and write
 * bits for owner, group (primary and supplementary) and others; the
 * sticky bit; who may chmod, chown and set times; device nodes, mounts
 * and AT_EMPTY_PATH links that need root; access(2) with the real ids and
 * AT_EACCESS; and setfsuid, which takes root's powers over files away.
 */
#include <sys/sysmacros.h>

#include "fs_util.h"

#define D "/tmp/fs_perm"

#define USER 1000
#define GROUP 100
#define SUPP 200
#define AT_EACCESS 0x200
#define RENAME_WHITEOUT 4

static void setup(void)
{
	fs_scratch(D);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/priv", 0700), 0);
	CHECK_EQ(fs_put(D "/priv/f", "secret"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/pub", 0777), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/pub", 0777), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/sticky", 0777), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/sticky", 01777), 0);
	CHECK_EQ(fs_put(D "/sticky/rootfile", "r"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/sticky/rootfile", 0666), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/grp", 0770), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/grp", 0, GROUP, 0), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/grp", 0770), 0);
	CHECK_EQ(fs_put(D "/ro", "ro"), 0);
	CHECK_EQ(fs_put(D "/rw", "rw"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/rw", 0666), 0);
	CHECK_EQ(fs_put(D "/g2", "g2"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/g2", 0640), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/g2", 0, SUPP, 0), 0);
	CHECK_EQ(fs_put(D "/other", "o"), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/other", USER, 300, 0), 0);
	CHECK_EQ(fs_put(D "/prog", "#!/bin/sh\n"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/prog", 0744), 0);
}

static void become_user(void)
{
	unsigned int groups[1] = { SUPP };

	CHECK_EQ(SYS(SYS_setgroups, 1, groups), 0);
	CHECK_EQ(SYS(SYS_setresgid, GROUP, GROUP, GROUP), 0);
	CHECK_EQ(SYS(SYS_setresuid, USER, USER, USER), 0);
}

static void as_user(void *arg)
{
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };
	struct kernel_stat st;
	long fd;

	(void)arg;
	become_user();
	/* Search and read bits. */
	CHECK_ERR(fs_stat(D "/priv/f", &st), EACCES);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/priv", O_RDONLY), EACCES);
	CHECK_EQ(fs_stat(D "/priv", &st), 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/ro", O_RDONLY);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro", O_WRONLY), EACCES);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro", O_RDONLY | O_TRUNC),
		  EACCES);
	fd = SYS(SYS_openat, AT_FDCWD, D "/rw", O_RDWR);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
	/* A supplementary group counts; the primary one too. */
	fd = SYS(SYS_openat, AT_FDCWD, D "/g2", O_RDONLY);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/g2", O_WRONLY), EACCES);
	CHECK_EQ(fs_put(D "/grp/mine", "m"), 0);
	CHECK_EQ(fs_stat(D "/grp/mine", &st), 0);
	CHECK_EQ(st.st_uid, USER);
	CHECK_EQ(st.st_gid, GROUP);
	/* Making and removing names needs write access to the directory. */
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/priv/x", 0755), EACCES);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/x", 0755), EACCES);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/ro", 0), EACCES);
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/ro", AT_FDCWD, D "/pub/ro",
		      0), EACCES);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/pub/u", 0755), 0);
	CHECK_EQ(fs_stat(D "/pub/u", &st), 0);
	CHECK_EQ(st.st_uid, USER);
	CHECK_EQ(st.st_gid, GROUP);
	/* The sticky bit keeps others' names. */
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, D "/sticky/rootfile", 0), EPERM);
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/sticky/rootfile",
		      AT_FDCWD, D "/sticky/moved", 0), EPERM);
	CHECK_EQ(fs_put(D "/sticky/own", "o"), 0);
	CHECK_ERR(SYS(SYS_renameat2, AT_FDCWD, D "/sticky/own", AT_FDCWD,
		      D "/sticky/rootfile", 0), EPERM);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/sticky/own", 0), 0);
	/* chmod: owners only; S_ISGID only within one's groups. */
	CHECK_ERR(SYS(SYS_fchmodat, AT_FDCWD, D "/ro", 0777), EPERM);
	CHECK_EQ(fs_put(D "/pub/f", "f"), 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/pub/f", 02755), 0);
	CHECK_EQ(fs_mode(D "/pub/f"), S_IFREG | 02755);
	/* chown: no giving away; a group one belongs to is fine. */
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, D "/pub/f", 0, -1, 0), EPERM);
	CHECK_ERR(SYS(SYS_fchownat, AT_FDCWD, D "/pub/f", -1, 300, 0), EPERM);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/ro", -1, -1, 0), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/pub/f", USER, SUPP, 0), 0);
	CHECK_EQ(SYS(SYS_fchownat, AT_FDCWD, D "/pub/f", -1, -1, 0), 0);
	CHECK_EQ(fs_stat(D "/pub/f", &st), 0);
	CHECK_EQ(st.st_gid, SUPP);
	/* Not in the file's group: chmod drops S_ISGID. */
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/other", 02755), 0);
	CHECK_EQ(fs_mode(D "/other"), S_IFREG | 0755);
	/* Times: "now" needs write access, given times ownership. */
	CHECK_EQ(SYS(SYS_utimensat, AT_FDCWD, D "/rw", NULL, 0), 0);
	CHECK_ERR(SYS(SYS_utimensat, AT_FDCWD, D "/rw", t, 0), EPERM);
	CHECK_ERR(SYS(SYS_utimensat, AT_FDCWD, D "/ro", NULL, 0), EACCES);
	CHECK_EQ(SYS(SYS_utimensat, AT_FDCWD, D "/pub/f", t, 0), 0);
	/* truncate needs write access. */
	CHECK_ERR(SYS(SYS_truncate, D "/ro", 0), EACCES);
	CHECK_EQ(SYS(SYS_truncate, D "/rw", 1), 0);
	/* O_NOATIME only on one's own files. */
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/rw", O_RDONLY | O_NOATIME),
		  EPERM);
	fd = SYS(SYS_openat, AT_FDCWD, D "/pub/f", O_RDONLY | O_NOATIME);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_fcntl, SYS(SYS_openat, AT_FDCWD, D "/rw", O_RDONLY),
		      F_SETFL, O_NOATIME), EPERM);
	/* What needs root: device nodes, mounts, AT_EMPTY_PATH links. */
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/pub/null", S_IFCHR | 0666,
		      makedev(1, 3)), EPERM);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/pub/fifo", S_IFIFO | 0666, 0),
		 0);
	/* Whiteouts are for everyone since Linux 5.8. */
	CHECK_EQ(SYS(SYS_renameat2, AT_FDCWD, D "/pub/fifo", AT_FDCWD,
		     D "/pub/fifo2", RENAME_WHITEOUT), 0);
	CHECK_ERR(SYS(SYS_mount, "x", D "/pub/u", "tmpfs", 0, NULL), EPERM);
	CHECK_ERR(SYS(SYS_umount2, NULL, 0x80), EINVAL);
	CHECK_ERR(SYS(SYS_umount2, "/", 0), EPERM);
	CHECK_ERR(SYS(SYS_linkat, fd, "", AT_FDCWD, D "/pub/f2",
		      AT_EMPTY_PATH), ENOENT);
	SYS(SYS_close, fd);
	/* execve needs an x bit for the caller. */
	CHECK_ERR(SYS(SYS_execve, D "/prog", NULL, NULL), EACCES);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/prog", X_OK), EACCES);
	CHECK_EQ(SYS(SYS_faccessat, AT_FDCWD, D "/prog", R_OK), 0);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/ro", W_OK), EACCES);
	CHECK_ERR(SYS(SYS_chdir, D "/priv"), EACCES);
}

/* Real uid 1000, effective root: access(2) asks about the real one. */
static void real_user(void *arg)
{
	struct kernel_stat st;

	(void)arg;
	CHECK_EQ(SYS(SYS_setresuid, USER, 0, 0), 0);
	CHECK_EQ(fs_stat(D "/priv/f", &st), 0);
	CHECK_ERR(SYS(SYS_faccessat, AT_FDCWD, D "/priv/f", R_OK), EACCES);
	CHECK_EQ(SYS(SYS_faccessat2, AT_FDCWD, D "/priv/f", R_OK, AT_EACCESS),
		 0);
	/* setfsuid takes root's powers over files, not the others. */
	CHECK_EQ(SYS(SYS_setfsuid, USER), 0);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/ro", O_WRONLY), EACCES);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, D "/priv/y", 0755), EACCES);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/pub/byfs", 0755), 0);
	CHECK_EQ(fs_stat(D "/pub/byfs", &st), 0);
	CHECK_EQ(st.st_uid, USER);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, D "/pub/n", S_IFCHR | 0600,
		      makedev(1, 3)), EPERM);
	CHECK_EQ(SYS(SYS_mount, "x", D "/pub/byfs", "tmpfs", 0, NULL), 0);
	CHECK_EQ(SYS(SYS_umount2, D "/pub/byfs", 0), 0);
}

int main(void)
{
	setup();
	CHECK_EXITED(run_in_child(as_user, NULL), 0);
	CHECK_EXITED(run_in_child(real_user, NULL), 0);
	fs_rm_rf(D);
	return check_done();
}
