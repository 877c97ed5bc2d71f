/*
 * inotify_init1, inotify_add_watch, inotify_rm_watch: a watched
 * directory sees its files created, opened, read, written (one event for
 * two writes), closed, renamed (one cookie), removed, and directories
 * made and removed; a watched file sees attribute changes, truncation,
 * links, and its end (IN_DELETE_SELF, IN_IGNORED); the record layout
 * with names padded to 16 bytes; FIONREAD; EINVAL for a buffer too
 * small; IN_ONESHOT; IN_MASK_ADD and IN_MASK_CREATE; a blocked reader
 * woken; poll; IN_CLOEXEC and IN_NONBLOCK; EINVAL/EBADF/EFAULT/ENOENT/
 * ENOTDIR/EEXIST.
 */
#include <poll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <time.h>

#include "fs_util.h"

#define D "/tmp/inotify"

struct ev {
	int wd;
	unsigned int mask, cookie, len;
	char name[32];
};

/* Reads what is queued (the instance is non-blocking); the count. */
static int take(int fd, struct ev *out, int max)
{
	char buf[1024] __attribute__((aligned(8)));
	long n = SYS(SYS_read, fd, buf, sizeof(buf));
	int k = 0;

	for (long off = 0; n > 0 && off < n && k < max; k++) {
		struct inotify_event *e = (void *)(buf + off);

		out[k].wd = e->wd;
		out[k].mask = e->mask;
		out[k].cookie = e->cookie;
		out[k].len = e->len;
		memset(out[k].name, 0, sizeof(out[k].name));
		if (e->len)
			memcpy(out[k].name, e->name,
			       e->len < 32 ? e->len : 31);
		off += sizeof(*e) + e->len;
	}
	return k;
}

#define CHECK_EV(e, w, m, nm)                                                \
	do {                                                                 \
		CHECK_EQ((e).wd, (w));                                       \
		CHECK_EQ((e).mask, (unsigned int)(m));                       \
		CHECK_EQ(strcmp((e).name, (nm)), 0);                         \
		CHECK_EQ((e).len, *(nm) ? (strlen(nm) + 16) / 16 * 16 : 0); \
	} while (0)

static int events(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLPRI | POLLRDNORM, 0 };
	struct timespec zero = { 0, 0 };

	SYS(SYS_ppoll, &p, 1, &zero, 0, 8);
	return p.revents;
}

static void check_errors(void)
{
	int fd, p[2], pfd;

	CHECK_ERR(SYS(SYS_inotify_init1, 1), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_init1, O_APPEND), EINVAL);
	fd = SYS(SYS_inotify_init1, IN_CLOEXEC | IN_NONBLOCK);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK),
		 O_RDONLY | O_NONBLOCK);
	CHECK_EQ(SYS(SYS_pipe2, p, 0), 0);
	pfd = SYS(SYS_openat, AT_FDCWD, "/", O_PATH);
	CHECK(pfd >= 0);

	/* The mask is checked first, then the descriptor, then the path. */
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D, 0), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_add_watch, 1000, D, 0), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D, 0x00800000), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D,
		      IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_add_watch, 1000, D, IN_MODIFY), EBADF);
	CHECK_ERR(SYS(SYS_inotify_add_watch, pfd, D, IN_MODIFY), EBADF);
	CHECK_ERR(SYS(SYS_inotify_add_watch, p[0], D, IN_MODIFY), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, NULL, IN_MODIFY), EFAULT);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, unmapped_addr(), IN_MODIFY),
		  EFAULT);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D "/none", IN_MODIFY),
		  ENOENT);
	CHECK_EQ(fs_put(D "/file", "x"), 0);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D "/file",
		      IN_MODIFY | IN_ONLYDIR), ENOTDIR);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, 1000, 1), EBADF);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, pfd, 1), EBADF);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, p[0], 1), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, fd, 1), EINVAL);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, fd, -1), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, p, 8), EAGAIN);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/file", 0), 0);
	SYS(SYS_close, pfd);
	SYS(SYS_close, p[0]);
	SYS(SYS_close, p[1]);
	SYS(SYS_close, fd);
}

static void check_dir(void)
{
	struct ev e[16];
	char c, small[20];
	int fd, wd, f, n, cnt;

	fd = SYS(SYS_inotify_init1, IN_NONBLOCK);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), 0);
	wd = SYS(SYS_inotify_add_watch, fd, D, IN_ALL_EVENTS);
	CHECK(wd > 0);
	/* The same inode again is the same watch. */
	CHECK_EQ(SYS(SYS_inotify_add_watch, fd, D "/.", IN_ALL_EVENTS), wd);
	CHECK_ERR(SYS(SYS_inotify_add_watch, fd, D,
		      IN_ALL_EVENTS | IN_MASK_CREATE), EEXIST);
	CHECK_EQ(events(fd), 0);

	f = SYS(SYS_openat, AT_FDCWD, D "/a", O_CREAT | O_WRONLY, 0600);
	CHECK(f >= 0);
	CHECK_EQ(events(fd), POLLIN | POLLRDNORM);
	CHECK_EQ(SYS(SYS_ioctl, fd, FIONREAD, &n), 0);
	CHECK_EQ(n, 64);
	CHECK_ERR(SYS(SYS_ioctl, fd, FIONREAD, unmapped_addr()), EFAULT);
	/* A buffer too small for the first event. */
	CHECK_ERR(SYS(SYS_read, fd, small, sizeof(small)), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 64), EFAULT);
	/* EFAULT took the first event; the second is still there. */
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 1);
	if (cnt == 1)
		CHECK_EV(e[0], wd, IN_OPEN, "a");
	CHECK_EQ(SYS(SYS_write, f, "xy", 2), 2);
	CHECK_EQ(SYS(SYS_write, f, "z", 1), 1);
	SYS(SYS_close, f);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 2);
	if (cnt == 2) {
		/* Two writes, one event: the same event is merged. */
		CHECK_EV(e[0], wd, IN_MODIFY, "a");
		CHECK_EV(e[1], wd, IN_CLOSE_WRITE, "a");
		CHECK_EQ(e[1].cookie, 0);
	}

	f = SYS(SYS_openat, AT_FDCWD, D "/a", O_RDONLY);
	CHECK_EQ(SYS(SYS_read, f, &c, 1), 1);
	SYS(SYS_close, f);
	CHECK_EQ(SYS(SYS_renameat, AT_FDCWD, D "/a", AT_FDCWD, D "/bb"), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/sub", 0755), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/sub", AT_REMOVEDIR), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/bb", 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 8);
	if (cnt == 8) {
		CHECK_EV(e[0], wd, IN_OPEN, "a");
		CHECK_EV(e[1], wd, IN_ACCESS, "a");
		CHECK_EV(e[2], wd, IN_CLOSE_NOWRITE, "a");
		CHECK_EV(e[3], wd, IN_MOVED_FROM, "a");
		CHECK_EV(e[4], wd, IN_MOVED_TO, "bb");
		CHECK(e[3].cookie != 0);
		CHECK_EQ(e[4].cookie, e[3].cookie);
		CHECK_EV(e[5], wd, IN_CREATE | IN_ISDIR, "sub");
		CHECK_EV(e[6], wd, IN_DELETE | IN_ISDIR, "sub");
		CHECK_EV(e[7], wd, IN_DELETE, "bb");
	}
	/* A narrower mask: only what it asks for. */
	CHECK_EQ(SYS(SYS_inotify_add_watch, fd, D, IN_CREATE), wd);
	CHECK_EQ(fs_put(D "/c", "1"), 0);
	CHECK_EQ(SYS(SYS_inotify_add_watch, fd, D, IN_DELETE | IN_MASK_ADD),
		 wd);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/c", 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 2);
	if (cnt == 2) {
		CHECK_EV(e[0], wd, IN_CREATE, "c");
		CHECK_EV(e[1], wd, IN_DELETE, "c");
	}
	CHECK_EQ(SYS(SYS_inotify_rm_watch, fd, wd), 0);
	CHECK_ERR(SYS(SYS_inotify_rm_watch, fd, wd), EINVAL);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 1);
	if (cnt == 1)
		CHECK_EV(e[0], wd, IN_IGNORED, "");
	SYS(SYS_close, fd);
}

static void check_file(void)
{
	struct linux_timespec_pair {
		long s0, n0, s1, n1;
	} t = { 1, 0, 2, 0 };
	struct ev e[16];
	int fd, wd, f, cnt;

	CHECK_EQ(fs_put(D "/f", "hello"), 0);
	fd = SYS(SYS_inotify_init1, IN_NONBLOCK);
	wd = SYS(SYS_inotify_add_watch, fd, D "/f", IN_ALL_EVENTS);
	CHECK(wd > 0);
	CHECK_EQ(SYS(SYS_fchmodat, AT_FDCWD, D "/f", 0600), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 1);
	if (cnt == 1)
		CHECK_EV(e[0], wd, IN_ATTRIB, "");
	CHECK_EQ(SYS(SYS_truncate, D "/f", 2), 0);
	f = SYS(SYS_openat, AT_FDCWD, D "/f", O_RDONLY);
	SYS(SYS_close, f);
	CHECK_EQ(SYS(SYS_utimensat, AT_FDCWD, D "/f", &t, 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 4);
	if (cnt == 4) {
		CHECK_EV(e[0], wd, IN_MODIFY, "");
		CHECK_EV(e[1], wd, IN_OPEN, "");
		CHECK_EV(e[2], wd, IN_CLOSE_NOWRITE, "");
		CHECK_EV(e[3], wd, IN_ATTRIB, "");
	}
	CHECK_EQ(SYS(SYS_linkat, AT_FDCWD, D "/f", AT_FDCWD, D "/g", 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 1);
	if (cnt == 1)
		CHECK_EV(e[0], wd, IN_ATTRIB, "");
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/g", 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 1);
	if (cnt == 1)
		CHECK_EV(e[0], wd, IN_ATTRIB, "");
	/* The last name goes: the watch ends with it. */
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D "/f", 0), 0);
	cnt = take(fd, e, 16);
	CHECK_EQ(cnt, 3);
	if (cnt == 3) {
		CHECK_EV(e[0], wd, IN_ATTRIB, "");
		CHECK_EV(e[1], wd, IN_DELETE_SELF, "");
		CHECK_EV(e[2], wd, IN_IGNORED, "");
	}
	CHECK_ERR(SYS(SYS_inotify_rm_watch, fd, wd), EINVAL);
	SYS(SYS_close, fd);
}

static void check_wait(void)
{
	struct ev e[4];
	int fd, wd, cnt;
	long pid, start;

	fd = SYS(SYS_inotify_init1, 0);
	CHECK(fd >= 0);
	wd = SYS(SYS_inotify_add_watch, fd, D, IN_CREATE | IN_ONESHOT);
	CHECK(wd > 0);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		fs_put(D "/w1", "1");
		fs_put(D "/w2", "2");
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	cnt = take(fd, e, 4);
	CHECK(mono_ns() - start >= 90 * 1000000L);
	CHECK_EXITED(must_wait(pid), 0);
	/* One-shot: the first event, then the watch ends. */
	if (cnt == 1)
		cnt += take(fd, e + 1, 3);
	CHECK_EQ(cnt, 2);
	if (cnt == 2) {
		CHECK_EV(e[0], wd, IN_CREATE, "w1");
		CHECK_EV(e[1], wd, IN_IGNORED, "");
	}
	CHECK_ERR(SYS(SYS_inotify_rm_watch, fd, wd), EINVAL);
	SYS(SYS_close, fd);
}

int main(void)
{
	fs_scratch(D);
	check_errors();
	check_dir();
	check_file();
	check_wait();
	fs_rm_rf(D);
	return check_done();
}
