/*
 * Pseudo-terminals: /dev/ptmx and devpts. A devpts instance is mounted at
 * /tmp/pty/pts with a ptmx node beside it, as /dev has them. Covered:
 * numbering and locking (TIOCGPTN, TIOCSPTLCK/TIOCGPTLCK, TIOCGPTPEER),
 * the nodes' modes and numbers, data both ways through the slave's line
 * discipline (canonical with echo, erase and EOF; raw), window size,
 * EIO on the master after the slave closes, the hangup of the slave when
 * the master closes (SIGHUP to its session leader, EOF, EIO), the slave as
 * controlling terminal (setsid + open, TIOCSCTTY, /dev/tty, ^C), poll,
 * O_NONBLOCK, FIONREAD, the mount options, and EFAULT/ENOTTY/EINVAL.
 *
 * On Linux the line discipline runs from a work queue, so what one side
 * writes reaches the other a moment later: reads wait with poll.
 */
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>

#include "fs_util.h"
#include "linux_abi.h"

#define D "/tmp/pty"
#define PTS D "/pts"

#ifndef TIOCGPTN
#define TIOCGPTN 0x80045430
#endif
#ifndef TIOCSPTLCK
#define TIOCSPTLCK 0x40045431
#endif
#ifndef TIOCGPTLCK
#define TIOCGPTLCK 0x80045439
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif
#ifndef TIOCSCTTY
#define TIOCSCTTY 0x540E
#endif
#ifndef TIOCGSID
#define TIOCGSID 0x5429
#endif

static long xopen(const char *path, int flags)
{
	return SYS(SYS_openat, AT_FDCWD, path, flags, 0);
}

static long ioctl_int(long fd, unsigned long cmd, int *v)
{
	return SYS(SYS_ioctl, fd, cmd, v);
}

/* A new master with its slave unlocked; *n gets its number. */
static long new_master(int *n)
{
	long m = xopen(D "/ptmx", O_RDWR | O_NOCTTY);
	int zero = 0;

	if (m < 0)
		return m;
	CHECK_EQ(ioctl_int(m, TIOCSPTLCK, &zero), 0);
	CHECK_EQ(ioctl_int(m, TIOCGPTN, n), 0);
	return m;
}

static long open_slave(int n, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), PTS "/%d", n);
	return xopen(path, flags);
}

/*
 * Reads exactly want bytes (waiting up to a second in all) and checks
 * them; what arrives late on Linux arrives here too.
 */
static void expect(long fd, const char *want, int line)
{
	size_t n = strlen(want), got = 0;
	char buf[256];
	long r;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (SYS(SYS_ppoll, &p, 1,
			&(struct timespec){ .tv_sec = 1 }, NULL, 8) <= 0)
			break;
		r = SYS(SYS_read, fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += r;
	}
	if (got != n || memcmp(buf, want, n))
		check_fail(__FILE__, line, "read %zu bytes \"%.*s\", want \"%s\"",
			   got, (int)got, buf, want);
}
#define EXPECT(fd, s) expect(fd, s, __LINE__)

/* Nothing more is readable within 100 ms. */
static void expect_nothing(long fd, int line)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long r = SYS(SYS_ppoll, &p, 1,
		     &(struct timespec){ .tv_nsec = 100000000 }, NULL, 8);

	if (r != 0)
		check_fail(__FILE__, line, "ppoll gave %ld (revents %#x)", r,
			   p.revents);
}
#define EXPECT_NOTHING(fd) expect_nothing(fd, __LINE__)

static long put(long fd, const char *s)
{
	return SYS(SYS_write, fd, s, strlen(s));
}

static short poll_one(long fd, short events, long ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	if (SYS(SYS_ppoll, &p, 1, &ts, NULL, 8) < 0)
		return -1;
	return p.revents;
}

static void check_numbers(void)
{
	struct kernel_stat st;
	long m0, m1, m2, s;
	int n = -1, v = -1;

	m0 = xopen(D "/ptmx", O_RDWR | O_NOCTTY);
	CHECK(m0 >= 0);
	CHECK_EQ(ioctl_int(m0, TIOCGPTN, &n), 0);
	CHECK_EQ(n, 0);
	/* Locked until unlockpt(): the slave cannot be opened. */
	CHECK_EQ(ioctl_int(m0, TIOCGPTLCK, &v), 0);
	CHECK_EQ(v, 1);
	CHECK_ERR(open_slave(0, O_RDWR | O_NOCTTY), EIO);
	v = 0;
	CHECK_EQ(ioctl_int(m0, TIOCSPTLCK, &v), 0);
	CHECK_EQ(ioctl_int(m0, TIOCGPTLCK, &v), 0);
	CHECK_EQ(v, 0);

	/* The node: 136:0, the mount's mode and gid, the opener's uid. */
	CHECK_EQ(fs_stat(PTS "/0", &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0620);
	CHECK_EQ(major(st.st_rdev), 136);
	CHECK_EQ(minor(st.st_rdev), 0);
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(st.st_gid, 5);
	CHECK_EQ(st.st_ino, 3);
	CHECK_EQ(fs_stat(PTS "/ptmx", &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0666);
	CHECK_EQ(st.st_rdev, makedev(5, 2));
	CHECK_EQ(st.st_ino, 2);
	CHECK_EQ(fs_stat(PTS, &st), 0);
	CHECK_EQ(st.st_ino, 1);
	CHECK_EQ(fs_stat(PTS "/1", &st), -ENOENT);
	CHECK_EQ(fs_stat(PTS "/00", &st), -ENOENT);

	/* Lowest free first, from either ptmx. */
	m1 = xopen(PTS "/ptmx", O_RDWR | O_NOCTTY);
	CHECK_EQ(ioctl_int(m1, TIOCGPTN, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(SYS(SYS_close, m0), 0);
	CHECK_EQ(fs_stat(PTS "/0", &st), -ENOENT);
	m2 = xopen(D "/ptmx", O_RDWR | O_NOCTTY);
	CHECK_EQ(ioctl_int(m2, TIOCGPTN, &n), 0);
	CHECK_EQ(n, 0);

	/* TIOCGPTPEER opens the slave; not while it is locked. */
	CHECK_ERR(SYS(SYS_ioctl, m1, TIOCGPTPEER, O_RDWR | O_NOCTTY), EIO);
	v = 0;
	CHECK_EQ(ioctl_int(m1, TIOCSPTLCK, &v), 0);
	s = SYS(SYS_ioctl, m1, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	CHECK_EQ(SYS(SYS_fstat, s, &st), 0);
	CHECK_EQ(st.st_rdev, makedev(136, 1));
	/* It has its name in devpts, as ttyname() reads it. */
	{
		char link[64], want[] = PTS "/1";
		char path[32];

		snprintf(path, sizeof(path), "/proc/self/fd/%ld", s);
		CHECK_EQ(SYS(SYS_readlinkat, AT_FDCWD, path, link, sizeof(link)),
			 (long)strlen(want));
		CHECK_MEM(link, want, strlen(want));
		snprintf(path, sizeof(path), "/proc/self/fd/%ld", m1);
		CHECK_EQ(SYS(SYS_readlinkat, AT_FDCWD, path, link, sizeof(link)),
			 (long)strlen(PTS "/ptmx"));
	}
	/* Slave-only and master-only ioctls. */
	CHECK_ERR(ioctl_int(s, TIOCGPTN, &n), ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, s, TIOCGPTPEER, O_RDWR), EIO);
	CHECK_ERR(SYS(SYS_ioctl, m1, 0x54ff, 0), ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, m1, TCFLSH, 7), EINVAL);
	CHECK_ERR(SYS(SYS_ioctl, m1, TIOCGPTN, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, m1, TIOCGPTN, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, m1, TIOCSPTLCK, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, m1, TIOCGPTLCK, KERNEL_ADDR), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, m1, TCGETS, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, s, TIOCGWINSZ, unmapped_addr()), EFAULT);
	/* A file that is no terminal. */
	CHECK_ERR(SYS(SYS_ioctl, 99, TIOCGPTN, &n), EBADF);
	SYS(SYS_close, s);
	SYS(SYS_close, m1);
	SYS(SYS_close, m2);
}

static void check_termios(void)
{
	struct kernel_termios t, tm;
	struct kernel_winsize ws = { 0 }, ws2;
	long m, s;
	int n;

	m = new_master(&n);
	s = open_slave(n, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	/* The pts driver's termios: tty_std_termios without HUPCL. */
	CHECK_EQ(SYS(SYS_ioctl, s, TCGETS, &t), 0);
	CHECK_EQ(t.c_iflag, ICRNL | IXON);
	CHECK_EQ(t.c_oflag, OPOST | ONLCR);
	CHECK_EQ(t.c_cflag, B38400 | CS8 | CREAD);
	CHECK_EQ(t.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
				    ECHOKE | IEXTEN);
	CHECK_EQ(t.c_cc[VINTR], 3);
	CHECK_EQ(t.c_cc[VEOF], 4);
	/* The master's TCGETS is the slave's. */
	CHECK_EQ(SYS(SYS_ioctl, m, TCGETS, &tm), 0);
	CHECK_MEM(&tm, &t, sizeof(t));
	/* Window size: 0x0 at first, set from the master, seen on both. */
	CHECK_EQ(SYS(SYS_ioctl, s, TIOCGWINSZ, &ws2), 0);
	CHECK_MEM(&ws2, &ws, sizeof(ws));
	ws.ws_row = 24;
	ws.ws_col = 80;
	CHECK_EQ(SYS(SYS_ioctl, m, TIOCSWINSZ, &ws), 0);
	CHECK_EQ(SYS(SYS_ioctl, s, TIOCGWINSZ, &ws2), 0);
	CHECK_MEM(&ws2, &ws, sizeof(ws));
	CHECK_EQ(SYS(SYS_ioctl, m, TIOCGWINSZ, &ws2), 0);
	CHECK_MEM(&ws2, &ws, sizeof(ws));

	/* Canonical: echo with ONLCR, erase, a line at a time, EOF. */
	CHECK_EQ(put(m, "abx\x7f" "c\n"), 6);
	EXPECT(m, "abx\b \bc\r\n");
	EXPECT(s, "abc\n");
	CHECK_EQ(put(m, "de"), 2);
	EXPECT(m, "de");
	CHECK_EQ(poll_one(s, POLLIN, 100) & POLLIN, 0);
	CHECK_EQ(put(m, "\x04"), 1);
	EXPECT(s, "de");
	CHECK_EQ(put(m, "\x04"), 1);
	CHECK_EQ(poll_one(s, POLLIN, 1000) & POLLIN, POLLIN);
	CHECK_EQ(SYS(SYS_read, s, &t, 10), 0);
	/* Output: ONLCR on the slave's writes, nothing from the master's. */
	CHECK_EQ(put(s, "out\n"), 4);
	EXPECT(m, "out\r\n");
	/* A control character echoes as ^X. */
	CHECK_EQ(put(m, "\x01\n"), 2);
	EXPECT(m, "^A\r\n");
	EXPECT(s, "\x01\n");

	/* Raw: no echo, bytes as they come, FIONREAD counts them. */
	t.c_lflag &= ~(ICANON | ECHO | ISIG);
	t.c_iflag &= ~ICRNL;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	CHECK_EQ(SYS(SYS_ioctl, m, TCSETS, &t), 0);
	CHECK_EQ(SYS(SYS_ioctl, s, TCGETS, &tm), 0);
	CHECK_EQ(tm.c_lflag & (ICANON | ECHO), 0);
	CHECK_EQ(put(m, "xy\rz"), 4);
	CHECK_EQ(poll_one(s, POLLIN, 1000), POLLIN);
	sleep_ms(50);
	CHECK_EQ(ioctl_int(s, FIONREAD, &n), 0);
	CHECK_EQ(n, 4);
	EXPECT(s, "xy\rz");
	EXPECT_NOTHING(m);
	/* Slave output waits on the master: FIONREAD there. */
	CHECK_EQ(put(s, "12345"), 5);
	sleep_ms(50);
	CHECK_EQ(ioctl_int(m, FIONREAD, &n), 0);
	CHECK_EQ(n, 5);
	CHECK_ERR(SYS(SYS_read, m, unmapped_addr(), 5), EFAULT);
	CHECK_ERR(SYS(SYS_write, m, unmapped_addr(), 5), EFAULT);
	CHECK_ERR(SYS(SYS_write, s, NULL, 5), EFAULT);

	/* O_NONBLOCK on both sides; nothing to read is EAGAIN. */
	CHECK_EQ(SYS(SYS_fcntl, m, F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(SYS(SYS_fcntl, s, F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(SYS(SYS_ioctl, m, TCFLSH, TCIFLUSH), 0);
	CHECK_ERR(SYS(SYS_read, m, &t, 10), EAGAIN);
	CHECK_ERR(SYS(SYS_read, s, &t, 10), EAGAIN);
	CHECK_EQ(poll_one(m, POLLIN | POLLOUT, 0), POLLOUT);
	CHECK_EQ(poll_one(s, POLLIN | POLLOUT, 0), POLLOUT);
	SYS(SYS_close, s);
	SYS(SYS_close, m);
}

/* The master reads EIO (and polls HUP) once the slave has closed. */
static void check_slave_close(void)
{
	long m, s;
	int n;
	char c;

	m = new_master(&n);
	/* Before the slave was ever opened, a read just waits. */
	CHECK_EQ(SYS(SYS_fcntl, m, F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_read, m, &c, 1), EAGAIN);
	s = open_slave(n, O_RDWR | O_NOCTTY);
	CHECK_EQ(put(s, "x"), 1);
	EXPECT(m, "x");
	CHECK_EQ(SYS(SYS_close, s), 0);
	CHECK_EQ(poll_one(m, POLLIN, 1000) & (POLLIN | POLLHUP), POLLHUP);
	CHECK_ERR(SYS(SYS_read, m, &c, 1), EIO);
	CHECK_EQ(SYS(SYS_fcntl, m, F_SETFL, 0), 0);
	CHECK_ERR(SYS(SYS_read, m, &c, 1), EIO);
	/* A new slave open makes it a terminal again. */
	s = open_slave(n, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	CHECK_EQ(poll_one(m, POLLIN, 0) & POLLHUP, 0);
	SYS(SYS_close, s);
	SYS(SYS_close, m);
}

/* The master closing hangs up every open slave file. */
static void check_master_close(void)
{
	struct kernel_termios t;
	long m, s;
	int n;
	char c;

	m = new_master(&n);
	s = open_slave(n, O_RDWR | O_NOCTTY);
	CHECK_EQ(SYS(SYS_close, m), 0);
	CHECK_EQ(SYS(SYS_read, s, &c, 1), 0);
	CHECK_ERR(put(s, "x"), EIO);
	CHECK_ERR(SYS(SYS_ioctl, s, TCGETS, &t), EIO);
	CHECK_EQ(poll_one(s, POLLIN | POLLOUT, 0),
		 POLLIN | POLLOUT | POLLERR | POLLHUP);
	CHECK_EQ(open_slave(n, O_RDWR | O_NOCTTY), -ENOENT);
	SYS(SYS_close, s);
}

struct session_args {
	int n;
	int pipe_w;
	bool noctty;
};

/*
 * A new session's leader opens the slave: it becomes the controlling
 * terminal (or, with O_NOCTTY, TIOCSCTTY makes it so), then says so on
 * the slave and waits for a signal.
 */
static void session_leader(void *arg)
{
	struct session_args *a = arg;
	long me, s, t;
	int v;

	me = SYS(SYS_setsid);
	CHECK_EQ(me, SYS(SYS_getpid));
	s = open_slave(a->n, O_RDWR | (a->noctty ? O_NOCTTY : 0));
	CHECK(s >= 0);
	if (a->noctty) {
		CHECK_ERR(ioctl_int(s, TIOCGSID, &v), ENOTTY);
		CHECK_ERR(xopen(D "/tty", O_RDWR), ENXIO);
		CHECK_EQ(SYS(SYS_ioctl, s, TIOCSCTTY, 0), 0);
	}
	CHECK_EQ(ioctl_int(s, TIOCGSID, &v), 0);
	CHECK_EQ(v, me);
	CHECK_EQ(ioctl_int(s, TIOCGPGRP, &v), 0);
	CHECK_EQ(v, me);
	/* /dev/tty is now this pty. */
	t = xopen(D "/tty", O_RDWR);
	CHECK(t >= 0);
	CHECK_ERR(ioctl_int(t, TIOCGPTN, &v), ENOTTY);
	CHECK_EQ(put(t, "ready\n"), 6);
	for (;;)
		sleep_ms(1000);
}

static void check_session(bool noctty, const char *key, int sig)
{
	struct session_args a = { .noctty = noctty };
	long m, pid;
	int status;

	m = new_master(&a.n);
	pid = must_fork();
	if (pid == 0) {
		/* Only the parent holds the master. */
		SYS(SYS_close, m);
		session_leader(&a);
		SYS(SYS_exit_group, 1);
	}
	EXPECT(m, "ready\r\n");
	if (key) {
		CHECK_EQ(put(m, key), 1);
		EXPECT(m, "^C");
	} else {
		CHECK_EQ(SYS(SYS_close, m), 0);
	}
	status = must_wait(pid);
	CHECK_SIGNALED(status, sig);
	if (key)
		SYS(SYS_close, m);
}

static void on_winch(int sig)
{
	(void)sig;
}

/*
 * The foreground group gets SIGWINCH when the size changes. The child
 * has a handler, so that the blocked signal queues for sigtimedwait
 * whatever the kernel does with blocked signals it would ignore.
 */
static void check_sigwinch(void)
{
	struct kernel_winsize ws = { .ws_row = 30, .ws_col = 100 };
	long m, pid;
	int n, status;

	m = new_master(&n);
	pid = must_fork();
	if (pid == 0) {
		uint64_t set = 1ULL << (SIGWINCH - 1);
		long s;

		SYS(SYS_close, m);
		signal(SIGWINCH, on_winch);
		SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
		SYS(SYS_setsid);
		s = open_slave(n, O_RDWR);
		put(s, "r");
		SYS(SYS_exit_group,
		    SYS(SYS_rt_sigtimedwait, &set, NULL,
			&(struct timespec){ .tv_sec = 5 }, 8) == SIGWINCH ?
			    0 : 1);
	}
	EXPECT(m, "r");
	CHECK_EQ(SYS(SYS_ioctl, m, TIOCSWINSZ, &ws), 0);
	status = must_wait(pid);
	CHECK_EXITED(status, 0);
	SYS(SYS_close, m);
}

static void check_mounts(void)
{
	long m, m2;
	int n;

	CHECK_EQ(SYS(SYS_mount, "devpts", D "/p2", "devpts", 0, "bogus"),
		 -EINVAL);
	CHECK_EQ(SYS(SYS_mount, "devpts", D "/p2", "devpts", 0, "mode=9"),
		 -EINVAL);
	CHECK_EQ(SYS(SYS_mount, "devpts", D "/p2", "devpts", 0, "max=x"),
		 -EINVAL);
	/* Every mount is an instance of its own: numbers start at 0. */
	CHECK_EQ(SYS(SYS_mount, "devpts", D "/p2", "devpts", 0,
		     "newinstance,max=1"), 0);
	m = xopen(D "/p2/ptmx", O_RDWR | O_NOCTTY);
	CHECK(m >= 0);
	CHECK_EQ(ioctl_int(m, TIOCGPTN, &n), 0);
	CHECK_EQ(n, 0);
	m2 = xopen(D "/p2/ptmx", O_RDWR | O_NOCTTY);
	CHECK_EQ(m2, -ENOSPC);
	CHECK_EQ(fs_stat(D "/p2/0", &(struct kernel_stat){ 0 }), 0);
	CHECK_EQ(fs_stat(PTS "/0", &(struct kernel_stat){ 0 }), -ENOENT);
	SYS(SYS_close, m);
	CHECK_EQ(SYS(SYS_umount2, D "/p2", 0), 0);
	/* mkdir, create and unlink are refused inside devpts. */
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, PTS "/d", 0755), -EPERM);
	CHECK_EQ(SYS(SYS_openat, AT_FDCWD, PTS "/f", O_CREAT | O_RDWR, 0644),
		 -EACCES);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, PTS "/ptmx", 0), -EPERM);
}

int main(void)
{
	/* A run that died half-way may have left its mounts. */
	SYS(SYS_umount2, D "/p2", 0);
	SYS(SYS_umount2, PTS, 0);
	fs_scratch(D);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, PTS, 0755), 0);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, D "/p2", 0755), 0);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/ptmx", S_IFCHR | 0666,
		     makedev(5, 2)), 0);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, D "/tty", S_IFCHR | 0666,
		     makedev(5, 0)), 0);
	/* No devpts on "pts" beside this ptmx yet. */
	CHECK_ERR(xopen(D "/ptmx", O_RDWR | O_NOCTTY), ENODEV);
	CHECK_EQ(SYS(SYS_mount, "devpts", PTS, "devpts", 0,
		     "gid=5,mode=620,ptmxmode=666"), 0);
	/* /proc/mounts shows mode and ptmxmode always, gid as it was set. */
	{
		static char mounts[8192];
		long len = read_file("/proc/mounts", mounts, sizeof(mounts) - 1);

		CHECK(len > 0);
		mounts[len > 0 ? len : 0] = '\0';
		CHECK(strstr(mounts, "devpts " PTS " devpts rw,relatime,gid=5,"
				     "mode=620,ptmxmode=666 0 0\n") != NULL);
	}
	/* Not anyone's controlling terminal here. */
	CHECK_ERR(xopen(D "/tty", O_RDWR), ENXIO);

	check_numbers();
	check_termios();
	check_slave_close();
	check_master_close();
	check_session(false, NULL, SIGHUP);
	check_session(true, "\x03", SIGINT);
	check_sigwinch();
	check_mounts();

	CHECK_EQ(SYS(SYS_umount2, PTS, 0), 0);
	fs_rm_rf(D);
	return check_done();
}
