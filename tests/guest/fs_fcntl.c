/*
 * Descriptors and what hangs off them: dup, dup3, fcntl (F_DUPFD*,
 * F_GETFD/F_SETFD, F_GETFL/F_SETFL, record locks POSIX and OFD, F_SETOWN,
 * seals, pipe sizes), O_APPEND, FIONREAD, lseek on directories, the sync
 * calls and sendfile, with the errors in Linux's order.
 */
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "fs_util.h"

#define D "/tmp/fs_fcntl"

#ifndef O_PATH
#define O_PATH 010000000
#endif
#ifndef O_LARGEFILE
#define O_LARGEFILE 0400000
#endif
#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#endif

static long open_rw(const char *path)
{
	return SYS(SYS_openat, AT_FDCWD, path, O_RDWR);
}

static void test_dup(void)
{
	long fd = open_rw(D "/f"), d, d2;

	CHECK(fd >= 0);
	/* dup: the lowest free number, sharing the offset, no close-on-exec. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC), 0);
	d = SYS(SYS_dup, fd);
	CHECK(d > fd);
	CHECK_EQ(SYS(SYS_fcntl, d, F_GETFD), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, 3, SEEK_SET), 3);
	CHECK_EQ(SYS(SYS_lseek, d, 0, SEEK_CUR), 3);
	/* dup3 onto an open descriptor closes it; O_CLOEXEC is the only flag. */
	d2 = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	CHECK_EQ(SYS(SYS_dup3, fd, d2, O_CLOEXEC), d2);
	CHECK_EQ(SYS(SYS_fcntl, d2, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_lseek, d2, 0, SEEK_CUR), 3);
	CHECK_EQ(SYS(SYS_dup3, fd, d2, 0), d2);
	CHECK_EQ(SYS(SYS_fcntl, d2, F_GETFD), 0);
	CHECK_EQ(SYS(SYS_dup3, fd, 200, 0), 200);
	CHECK_EQ(SYS(SYS_close, 200), 0);
	/* Errors: flags, then the same number, then the numbers. */
	CHECK_ERR(SYS(SYS_dup3, fd, d2, O_NONBLOCK), EINVAL);
	CHECK_ERR(SYS(SYS_dup3, -1, -1, O_NONBLOCK), EINVAL);
	CHECK_ERR(SYS(SYS_dup3, fd, fd, 0), EINVAL);
	CHECK_ERR(SYS(SYS_dup3, 999, 999, 0), EINVAL);
	CHECK_ERR(SYS(SYS_dup3, fd, -1, 0), EBADF);
	CHECK_ERR(SYS(SYS_dup3, fd, 1 << 20, 0), EBADF);
	CHECK_ERR(SYS(SYS_dup3, 999, d2, 0), EBADF);
	CHECK_ERR(SYS(SYS_dup3, -1, d2, 0), EBADF);
	CHECK_ERR(SYS(SYS_dup, -1), EBADF);
	CHECK_ERR(SYS(SYS_dup, 999), EBADF);
	SYS(SYS_close, d);
	SYS(SYS_close, d2);

	/* close_range: every open one in the range, or close-on-exec. */
	CHECK_EQ(SYS(SYS_dup3, fd, 300, 0), 300);
	CHECK_EQ(SYS(SYS_dup3, fd, 302, 0), 302);
	CHECK_EQ(SYS(SYS_dup3, fd, 310, 0), 310);
	CHECK_EQ(SYS(SYS_close_range, 300, 305, 4 /* CLOEXEC */), 0);
	CHECK_EQ(SYS(SYS_fcntl, 300, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, 302, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, 310, F_GETFD), 0);
	CHECK_EQ(SYS(SYS_close_range, 300, 305, 0), 0);
	CHECK_ERR(SYS(SYS_fcntl, 300, F_GETFD), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, 302, F_GETFD), EBADF);
	CHECK_EQ(SYS(SYS_close_range, 306, ~0U, 2 /* UNSHARE */), 0);
	CHECK_ERR(SYS(SYS_fcntl, 310, F_GETFD), EBADF);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(SYS(SYS_close_range, 5, 4, 0), EINVAL);
	CHECK_ERR(SYS(SYS_close_range, 0, 1, 1), EINVAL);
	CHECK_ERR(SYS(SYS_close_range, 0, 1, 8), EINVAL);
	SYS(SYS_close, fd);
}

static void test_fcntl(void)
{
	long fd = open_rw(D "/f"), d, p;

	/* F_DUPFD: the lowest free number at or above the argument. */
	d = SYS(SYS_fcntl, fd, F_DUPFD, 100);
	CHECK_EQ(d, 100);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_DUPFD, 100), 101);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 100), 102);
	CHECK_EQ(SYS(SYS_fcntl, 102, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, 101, F_GETFD), 0);
	SYS(SYS_close, 100);
	SYS(SYS_close, 101);
	SYS(SYS_close, 102);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_DUPFD, 1 << 20), EINVAL);
	/* F_SETFD keeps only FD_CLOEXEC. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETFD, 7), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETFD, 0), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), 0);
	/* F_SETFL changes O_APPEND and O_NONBLOCK; the rest stays. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL), O_RDWR | O_LARGEFILE);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETFL,
		     O_APPEND | O_NONBLOCK | O_WRONLY | O_CREAT | O_TRUNC), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL),
		 O_RDWR | O_LARGEFILE | O_APPEND | O_NONBLOCK);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETFL, O_DIRECT), EINVAL);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETFL, 0), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL), O_RDWR | O_LARGEFILE);
	/* Owners: this process, a group, or nobody that exists. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETOWN), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETOWN, SYS(SYS_getpid)), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETOWN), SYS(SYS_getpid));
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETOWN, 999999), ESRCH);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETOWN, 0), 0);
	/* No leases; no pipe sizes on a file; tmpfs files are sealed. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETLEASE), F_UNLCK);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETPIPE_SZ, 4096), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_GETPIPE_SZ), EBADF);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GET_SEALS), 1 /* F_SEAL_SEAL */);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, 1), EPERM);
	{
		long null = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR);

		CHECK_ERR(SYS(SYS_fcntl, null, F_GET_SEALS), EINVAL);
		SYS(SYS_close, null);
	}
	/* Unknown commands; bad descriptors. */
	CHECK_ERR(SYS(SYS_fcntl, fd, 99999), EINVAL);
	CHECK_ERR(SYS(SYS_fcntl, -1, F_GETFD), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, 999, F_GETFL), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, 999, 99999), EBADF);
	SYS(SYS_close, fd);

	/* O_PATH: only what changes the descriptor itself. */
	p = SYS(SYS_openat, AT_FDCWD, D, O_PATH | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_fcntl, p, F_GETFL), O_PATH | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_fcntl, p, F_SETFD, FD_CLOEXEC), 0);
	d = SYS(SYS_fcntl, p, F_DUPFD, 0);
	CHECK(d >= 0);
	SYS(SYS_close, d);
	CHECK_ERR(SYS(SYS_fcntl, p, F_SETFL, 0), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, p, F_GETLK, NULL), EBADF);
	CHECK_ERR(SYS(SYS_fcntl, p, F_GETOWN), EBADF);
	SYS(SYS_close, p);
}

static long lk(long fd, int cmd, int type, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };

	return SYS(SYS_fcntl, fd, cmd, &fl);
}

/* F_GETLK for [start, start+len) as a write lock; fills *out. */
static long getlk(long fd, long start, long len, struct flock *out)
{
	memset(out, 0, sizeof(*out));
	out->l_type = F_WRLCK;
	out->l_whence = SEEK_SET;
	out->l_start = start;
	out->l_len = len;
	return SYS(SYS_fcntl, fd, F_GETLK, out);
}

static long parent_pid;

static void child_sees_locks(void *arg)
{
	long fd = open_rw(D "/f");
	struct flock fl;

	(void)arg;
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
	CHECK_ERR(lk(fd, F_SETLK, F_RDLCK, 5, 1), EAGAIN);
	CHECK_EQ(getlk(fd, 5, 1, &fl), 0);
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_whence, SEEK_SET);
	CHECK_EQ(fl.l_start, 0);
	CHECK_EQ(fl.l_len, 10);
	CHECK_EQ(fl.l_pid, parent_pid);
	/* The read locks [20,25) and [25,30) are one range, shared. */
	CHECK_EQ(getlk(fd, 27, 1, &fl), 0);
	CHECK_EQ(fl.l_type, F_RDLCK);
	CHECK_EQ(fl.l_start, 20);
	CHECK_EQ(fl.l_len, 10);
	CHECK_EQ(lk(fd, F_SETLK, F_RDLCK, 22, 3), 0);
	/* Unlocked parts: after the hole punched at [50,60). */
	CHECK_EQ(getlk(fd, 55, 1, &fl), 0);
	CHECK_EQ(fl.l_type, F_UNLCK);
	CHECK_EQ(getlk(fd, 61, 1, &fl), 0);
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_start, 60);
	CHECK_EQ(fl.l_len, 40);
	/* A lock "to the end" reports length 0. */
	CHECK_EQ(getlk(fd, 1000000, 5, &fl), 0);
	CHECK_EQ(fl.l_start, 500);
	CHECK_EQ(fl.l_len, 0);
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 10, 10), 0);
	SYS(SYS_close, fd);
}

static void child_waits(void *arg)
{
	long fd = open_rw(D "/f"), t0 = mono_ns();

	(void)arg;
	CHECK_EQ(lk(fd, F_SETLKW, F_WRLCK, 0, 1), 0);
	CHECK(mono_ns() - t0 > 50000000);
	SYS(SYS_close, fd);
}

static void child_deadlock(void *arg)
{
	long fd = open_rw(D "/f");

	(void)arg;
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 1, 1), 0);
	/* Tell the parent, then wait for its byte: it will find a cycle. */
	CHECK_EQ(fs_put(D "/ready", "1"), 0);
	CHECK_EQ(lk(fd, F_SETLKW, F_WRLCK, 0, 1), 0);
	SYS(SYS_close, fd);
}

static void test_locks(void)
{
	long fd = open_rw(D "/f"), fd2, pid, t;
	struct kernel_stat st;
	struct flock fl;

	parent_pid = SYS(SYS_getpid);
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
	CHECK_EQ(lk(fd, F_SETLK, F_RDLCK, 20, 5), 0);
	CHECK_EQ(lk(fd, F_SETLK, F_RDLCK, 25, 5), 0);
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 40, 60), 0);
	CHECK_EQ(lk(fd, F_SETLK, F_UNLCK, 50, 10), 0);
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 500, 0), 0);
	/* Our own locks never conflict with us. */
	CHECK_EQ(getlk(fd, 0, 1000, &fl), 0);
	CHECK_EQ(fl.l_type, F_UNLCK);
	CHECK_EXITED(run_in_child(child_sees_locks, NULL), 0);
	/* The child's locks went with it. */
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 10, 10), 0);

	/* Closing any descriptor of the file drops our locks on it. */
	fd2 = open_rw(D "/f");
	CHECK_EQ(SYS(SYS_close, fd2), 0);
	/* Now a waiter gets the lock when we let it go. */
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
	pid = must_fork();
	if (pid == 0) {
		child_waits(NULL);
		SYS(SYS_exit_group, check_done());
	}
	sleep_ms(100);
	CHECK_EQ(lk(fd, F_SETLK, F_UNLCK, 0, 1), 0);
	CHECK_EXITED(must_wait(pid), 0);

	/* A cycle of waiters is EDEADLK for the one that closes it. */
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
	pid = must_fork();
	if (pid == 0) {
		child_deadlock(NULL);
		SYS(SYS_exit_group, check_done());
	}
	for (t = 0; t < 200 && fs_stat(D "/ready", &st); t++)
		sleep_ms(10);
	sleep_ms(50);
	CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, 1, 1), EDEADLK);
	CHECK_EQ(lk(fd, F_SETLK, F_UNLCK, 0, 0), 0);
	CHECK_EXITED(must_wait(pid), 0);

	/* Open file description locks: per open, even in one process. */
	fd2 = open_rw(D "/f");
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
			     .l_start = 0, .l_len = 5 };
	CHECK_EQ(SYS(SYS_fcntl, fd, F_OFD_SETLK, &fl), 0);
	CHECK_ERR(SYS(SYS_fcntl, fd2, F_OFD_SETLK, &fl), EAGAIN);
	CHECK_ERR(lk(fd2, F_SETLK, F_WRLCK, 0, 1), EAGAIN);
	fl.l_type = F_RDLCK;
	CHECK_EQ(SYS(SYS_fcntl, fd2, F_OFD_GETLK, &fl), 0);
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_pid, -1);
	fl = (struct flock){ .l_type = F_WRLCK, .l_pid = 1 };
	CHECK_ERR(SYS(SYS_fcntl, fd2, F_OFD_SETLK, &fl), EINVAL);
	SYS(SYS_close, fd2);
	/* The OFD lock goes with the last close of its open file. */
	fd2 = SYS(SYS_dup, fd);
	SYS(SYS_close, fd);
	fd = open_rw(D "/f");
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET };
	CHECK_ERR(SYS(SYS_fcntl, fd, F_OFD_SETLK, &fl), EAGAIN);
	SYS(SYS_close, fd2);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_OFD_SETLK, &fl), 0);
	fl.l_type = F_UNLCK;
	CHECK_EQ(SYS(SYS_fcntl, fd, F_OFD_SETLK, &fl), 0);

	/* Ranges: negative lengths count backwards, SEEK_CUR and SEEK_END. */
	CHECK_EQ(lk(fd, F_SETLK, F_WRLCK, 10, -5), 0);
	CHECK_EQ(SYS(SYS_lseek, fd, 2, SEEK_SET), 2);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_CUR,
			     .l_start = -3, .l_len = 1 };
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETLK, &fl), EINVAL);
	fl.l_whence = SEEK_END;
	fl.l_start = -1;
	CHECK_EQ(SYS(SYS_fcntl, fd, F_SETLK, &fl), 0);
	/* Errors. */
	CHECK_ERR(lk(fd, F_SETLK, 7, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_GETLK, F_UNLCK, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, -1, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 0, -1), EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = 5 };
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETLK, &fl), EINVAL);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_SETLK, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_GETLK, unmapped_addr()), EFAULT);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/f", O_RDONLY);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 0, 1), EBADF);
	CHECK_EQ(lk(fd, F_SETLK, F_RDLCK, 0, 1), 0);
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, D "/f", O_WRONLY);
	CHECK_ERR(lk(fd, F_SETLK, F_RDLCK, 0, 1), EBADF);
	SYS(SYS_close, fd);
}

static void child_flock(void *arg)
{
	long fd = open_rw(D "/f"), t0 = mono_ns();

	(void)arg;
	CHECK_ERR(SYS(SYS_flock, fd, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_EQ(SYS(SYS_flock, fd, LOCK_EX), 0);
	CHECK(mono_ns() - t0 > 50000000);
	SYS(SYS_close, fd);
}

/* flock(2): per open file, whole-file, and apart from fcntl's locks. */
static void test_flock(void)
{
	long fd = open_rw(D "/f"), fd2 = open_rw(D "/f"), d, p, pid;

	CHECK_EQ(SYS(SYS_flock, fd, LOCK_EX), 0);
	CHECK_ERR(SYS(SYS_flock, fd2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR(SYS(SYS_flock, fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	/* fcntl's locks are another world. */
	CHECK_EQ(lk(fd2, F_SETLK, F_WRLCK, 0, 0), 0);
	CHECK_EQ(lk(fd2, F_SETLK, F_UNLCK, 0, 0), 0);
	/* Converting, sharing. */
	CHECK_EQ(SYS(SYS_flock, fd, LOCK_SH), 0);
	CHECK_EQ(SYS(SYS_flock, fd2, LOCK_SH | LOCK_NB), 0);
	CHECK_ERR(SYS(SYS_flock, fd2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_EQ(SYS(SYS_flock, fd, LOCK_UN), 0);
	CHECK_EQ(SYS(SYS_flock, fd2, LOCK_EX | LOCK_NB), 0);
	/* A duplicate shares the lock; the last close drops it. */
	d = SYS(SYS_dup, fd2);
	SYS(SYS_close, fd2);
	CHECK_ERR(SYS(SYS_flock, fd, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	SYS(SYS_close, d);
	CHECK_EQ(SYS(SYS_flock, fd, LOCK_EX | LOCK_NB), 0);
	/* Another process waits for it. */
	pid = must_fork();
	if (pid == 0) {
		child_flock(NULL);
		SYS(SYS_exit_group, check_done());
	}
	sleep_ms(100);
	CHECK_EQ(SYS(SYS_flock, fd, LOCK_UN), 0);
	CHECK_EXITED(must_wait(pid), 0);
	/* Errors: the operation before the descriptor; LOCK_MAND ignored. */
	CHECK_ERR(SYS(SYS_flock, fd, 0), EINVAL);
	CHECK_ERR(SYS(SYS_flock, fd, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR(SYS(SYS_flock, 999, 0), EINVAL);
	CHECK_ERR(SYS(SYS_flock, 999, LOCK_SH), EBADF);
	CHECK_EQ(SYS(SYS_flock, 999, 32 /* LOCK_MAND */), 0);
	p = SYS(SYS_openat, AT_FDCWD, D "/f", O_PATH);
	CHECK_ERR(SYS(SYS_flock, p, LOCK_SH), EBADF);
	SYS(SYS_close, p);
	SYS(SYS_close, fd);
}

static void test_misc(void)
{
	char buf[64];
	long fd, dir, n;

	/* O_APPEND writes at the end, wherever the offset is. */
	CHECK_EQ(fs_put(D "/ap", "abc"), 0);
	fd = SYS(SYS_openat, AT_FDCWD, D "/ap", O_RDWR | O_APPEND);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_write, fd, "de", 2), 2);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_CUR), 5);
	CHECK_EQ(fs_get(D "/ap", buf, sizeof(buf)), 5);
	CHECK_MEM(buf, "abcde", 6);
	/* FIONREAD: what is left before the end. */
	CHECK_EQ(SYS(SYS_lseek, fd, 1, SEEK_SET), 1);
	n = -1;
	CHECK_EQ(SYS(SYS_ioctl, fd, FIONREAD, &n), 0);
	CHECK_EQ((int)n, 4);
	/* fsync: tmpfs files and directories yes, devices and ttys no. */
	CHECK_EQ(SYS(SYS_fsync, fd), 0);
	CHECK_EQ(SYS(SYS_fdatasync, fd), 0);
	SYS(SYS_close, fd);
	dir = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
	CHECK_EQ(SYS(SYS_fsync, dir), 0);
	/* lseek on a directory: SEEK_SET and SEEK_CUR only. */
	CHECK_EQ(SYS(SYS_lseek, dir, 0, SEEK_SET), 0);
	CHECK(SYS(SYS_getdents64, dir, buf, sizeof(buf)) > 0);
	CHECK_ERR(SYS(SYS_lseek, dir, 0, SEEK_END), EINVAL);
	CHECK_EQ(SYS(SYS_lseek, dir, 0, SEEK_SET), 0);
	n = -1;
	CHECK_ERR(SYS(SYS_ioctl, dir, FIONREAD, &n), ENOTTY);
	CHECK_EQ(SYS(SYS_syncfs, dir), 0);
	SYS(SYS_close, dir);
	fd = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR);
	CHECK_ERR(SYS(SYS_fsync, fd), EINVAL);
	CHECK_ERR(SYS(SYS_fdatasync, fd), EINVAL);
	CHECK_EQ(SYS(SYS_syncfs, fd), 0);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_fsync, 1), EINVAL);
	fd = SYS(SYS_openat, AT_FDCWD, D, O_PATH);
	CHECK_ERR(SYS(SYS_fsync, fd), EBADF);
	CHECK_ERR(SYS(SYS_syncfs, fd), EBADF);
	SYS(SYS_close, fd);
	CHECK_ERR(SYS(SYS_fsync, -1), EBADF);
	CHECK_ERR(SYS(SYS_fdatasync, 999), EBADF);
	CHECK_ERR(SYS(SYS_syncfs, 999), EBADF);
	CHECK_EQ(SYS(SYS_sync), 0);
}

static char big[100000], back[100000];

static void test_sendfile(void)
{
	long in, out, wo, null;
	off_t off;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 251);
	in = SYS(SYS_openat, AT_FDCWD, D "/big", O_RDWR | O_CREAT, 0644);
	CHECK_EQ(SYS(SYS_write, in, big, sizeof(big)), (long)sizeof(big));
	CHECK_EQ(SYS(SYS_lseek, in, 0, SEEK_SET), 0);
	out = SYS(SYS_openat, AT_FDCWD, D "/copy", O_RDWR | O_CREAT, 0644);
	/* Without an offset, both positions move. */
	CHECK_EQ(SYS(SYS_sendfile, out, in, NULL, sizeof(big)),
		 (long)sizeof(big));
	CHECK_EQ(SYS(SYS_lseek, in, 0, SEEK_CUR), (long)sizeof(big));
	CHECK_EQ(SYS(SYS_lseek, out, 0, SEEK_CUR), (long)sizeof(big));
	CHECK_EQ(SYS(SYS_lseek, out, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_read, out, back, sizeof(back)), (long)sizeof(back));
	CHECK_MEM(back, big, sizeof(big));
	/* At the end: nothing. With an offset: the input's stays. */
	CHECK_EQ(SYS(SYS_sendfile, out, in, NULL, 10), 0);
	off = 99990;
	CHECK_EQ(SYS(SYS_lseek, in, 5, SEEK_SET), 5);
	CHECK_EQ(SYS(SYS_sendfile, out, in, &off, 100), 10);
	CHECK_EQ(off, 100000);
	CHECK_EQ(SYS(SYS_lseek, in, 0, SEEK_CUR), 5);
	CHECK_EQ(SYS(SYS_sendfile, out, in, NULL, 0), 0);
	null = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
	CHECK_EQ(SYS(SYS_sendfile, null, in, NULL, 1 << 30),
		 (long)sizeof(big) - 5);
	/* Errors: the input first. */
	CHECK_ERR(SYS(SYS_sendfile, out, 999, NULL, 1), EBADF);
	wo = SYS(SYS_openat, AT_FDCWD, D "/big", O_WRONLY);
	CHECK_ERR(SYS(SYS_sendfile, out, wo, NULL, 1), EBADF);
	CHECK_ERR(SYS(SYS_sendfile, in, out, (off_t *)1, 1), EFAULT);
	off = -1;
	CHECK_ERR(SYS(SYS_sendfile, out, in, &off, 1), EINVAL);
	CHECK_ERR(SYS(SYS_sendfile, 999, in, NULL, 1), EBADF);
	{
		long ro = SYS(SYS_openat, AT_FDCWD, D "/big", O_RDONLY);
		long ap = SYS(SYS_openat, AT_FDCWD, D "/copy",
			      O_WRONLY | O_APPEND);
		long d = SYS(SYS_openat, AT_FDCWD, D, O_RDONLY | O_DIRECTORY);
		long z = SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);

		CHECK_ERR(SYS(SYS_sendfile, ro, in, NULL, 1), EBADF);
		CHECK_ERR(SYS(SYS_sendfile, ap, in, NULL, 1), EINVAL);
		CHECK_ERR(SYS(SYS_sendfile, out, d, NULL, 1), EINVAL);
		CHECK_ERR(SYS(SYS_sendfile, out, z, NULL, 1), EINVAL);
		/* A tty: no offset allowed on it at all. */
		CHECK_ERR(SYS(SYS_sendfile, out, 0, NULL, 1), EINVAL);
		off = 0;
		CHECK_ERR(SYS(SYS_sendfile, out, 0, &off, 1), ESPIPE);
		SYS(SYS_close, ro);
		SYS(SYS_close, ap);
		SYS(SYS_close, d);
		SYS(SYS_close, z);
	}
	SYS(SYS_close, wo);
	SYS(SYS_close, null);
	SYS(SYS_close, in);
	SYS(SYS_close, out);
}

int main(void)
{
	fs_scratch(D);
	CHECK_EQ(fs_put(D "/f", "0123456789"), 0);
	test_dup();
	test_fcntl();
	test_locks();
	test_flock();
	test_misc();
	test_sendfile();
	fs_rm_rf(D);
	return check_done();
}
