/*
 * Named pipes (mknod S_IFIFO): opens that wait for the other side, the
 * O_NONBLOCK rules (a reader opens at once, a writer without a reader
 * gets ENXIO), O_RDWR, data shared by every opener and dropped after the
 * last close, POLLHUP only once a writer has come and gone, an open
 * interrupted by a signal, and fstat.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "guest.h"

#define D "/tmp/pipe_fifo"
#define F D "/fifo"
#define MS 1000000L

static long open_raw(const char *path, int flags)
{
	return SYS(SYS_openat, AT_FDCWD, path, flags, 0);
}

static int revents(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	struct timespec zero = { 0, 0 };

	SYS(SYS_ppoll, &p, 1, &zero, 0, 8);
	return p.revents;
}

static void check_nonblocking(void)
{
	struct kernel_stat st, st2;
	char buf[8];
	long r, w, rw;

	CHECK_EQ(SYS(SYS_newfstatat, AT_FDCWD, F, &st, 0), 0);
	CHECK_EQ(st.st_mode, S_IFIFO | 0644);
	CHECK_EQ(st.st_size, 0);
	/* Nobody reads: a non-blocking writer is refused. */
	CHECK_ERR(open_raw(F, O_WRONLY | O_NONBLOCK), ENXIO);
	/* A non-blocking reader opens at once and reads EOF, no POLLHUP. */
	r = open_raw(F, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	CHECK_EQ(SYS(SYS_read, r, buf, sizeof(buf)), 0);
	CHECK_EQ(revents(r, POLLIN), 0);
	CHECK_EQ(SYS(SYS_fstat, r, &st2), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_mode, S_IFIFO | 0644);
	CHECK_EQ(SYS(SYS_fcntl, r, F_GETPIPE_SZ), 65536);
	/* Now a writer may come; what it writes the reader gets. */
	w = open_raw(F, O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0);
	CHECK_EQ(revents(w, POLLOUT), POLLOUT);
	CHECK_EQ(SYS(SYS_write, w, "abc", 3), 3);
	CHECK_EQ(revents(r, POLLIN), POLLIN);
	CHECK_EQ(SYS(SYS_read, r, buf, sizeof(buf)), 3);
	CHECK_MEM(buf, "abc", 3);
	CHECK_ERR(SYS(SYS_read, r, buf, sizeof(buf)), EAGAIN);
	CHECK_ERR(SYS(SYS_lseek, r, 0, SEEK_SET), ESPIPE);
	/* The writer gone: POLLHUP and EOF. */
	SYS(SYS_close, w);
	CHECK_EQ(revents(r, POLLIN), POLLHUP);
	CHECK_EQ(SYS(SYS_read, r, buf, sizeof(buf)), 0);
	/* O_RDWR opens alone and talks to itself. */
	rw = open_raw(F, O_RDWR);
	CHECK(rw >= 0);
	CHECK_EQ(SYS(SYS_write, rw, "xy", 2), 2);
	CHECK_EQ(SYS(SYS_read, r, buf, 1), 1);
	CHECK_EQ(SYS(SYS_read, rw, buf, 1), 1);
	CHECK_EQ(buf[0], 'y');
	CHECK_EQ(SYS(SYS_write, rw, "z", 1), 1);
	SYS(SYS_close, rw);
	SYS(SYS_close, r);
	/* After the last close the data is gone. */
	rw = open_raw(F, O_RDWR | O_NONBLOCK);
	CHECK_ERR(SYS(SYS_read, rw, buf, sizeof(buf)), EAGAIN);
	SYS(SYS_close, rw);
	/* O_PATH never waits and never opens the pipe. */
	r = open_raw(F, O_PATH);
	CHECK(r >= 0);
	CHECK_ERR(open_raw(F, O_WRONLY | O_NONBLOCK), ENXIO);
	SYS(SYS_close, r);
}

static void check_blocking(void)
{
	char buf[8];
	long fd, pid, start;

	/* A reader waits for a writer. */
	pid = must_fork();
	if (pid == 0) {
		long w;

		sleep_ms(100);
		w = open_raw(F, O_WRONLY);
		SYS(SYS_write, w, "hi", 2);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	fd = open_raw(F, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(mono_ns() - start >= 90 * MS);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 2);
	CHECK_MEM(buf, "hi", 2);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 0);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fd);

	/* A writer waits for a reader. */
	pid = must_fork();
	if (pid == 0) {
		long r;
		char c = 0;

		sleep_ms(100);
		r = open_raw(F, O_RDONLY);
		SYS(SYS_read, r, &c, 1);
		SYS(SYS_exit_group, c == 'w' ? 0 : 1);
	}
	start = mono_ns();
	fd = open_raw(F, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(mono_ns() - start >= 90 * MS);
	CHECK_EQ(SYS(SYS_write, fd, "w", 1), 1);
	CHECK_EXITED(must_wait(pid), 0);
	/* The reader left: EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(SYS(SYS_write, fd, "w", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	SYS(SYS_close, fd);
}

static volatile int got;

static void on_signal(int sig)
{
	(void)sig;
	got++;
}

static void check_interrupted(void)
{
	struct sigaction sa;
	long pid, fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGUSR1, &sa, 0), 0);
	/* Without SA_RESTART a waiting open is EINTR. */
	pid = must_fork();
	if (pid == 0) {
		for (;;) {
			sleep_ms(30);
			SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		}
	}
	CHECK_ERR(open_raw(F, O_RDONLY), EINTR);
	SYS(SYS_kill, pid, SIGKILL);
	must_wait(pid);
	CHECK(got >= 1);
	/* With it the open goes on until the writer comes. */
	sa.sa_flags = SA_RESTART;
	CHECK_EQ(sigaction(SIGUSR1, &sa, 0), 0);
	got = 0;
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(50);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		sleep_ms(100);
		SYS(SYS_close, open_raw(F, O_WRONLY));
		SYS(SYS_exit_group, 0);
	}
	fd = open_raw(F, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(got, 1);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fd);
	signal(SIGUSR1, SIG_DFL);
}

int main(void)
{
	SYS(SYS_mkdirat, AT_FDCWD, D, 0755);
	SYS(SYS_unlinkat, AT_FDCWD, F, 0);
	SYS(SYS_umask, 022);
	CHECK_EQ(SYS(SYS_mknodat, AT_FDCWD, F, S_IFIFO | 0666, 0), 0);
	CHECK_ERR(SYS(SYS_mknodat, AT_FDCWD, F, S_IFIFO | 0666, 0), EEXIST);
	check_nonblocking();
	check_blocking();
	check_interrupted();
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, F, 0), 0);
	CHECK_EQ(SYS(SYS_unlinkat, AT_FDCWD, D, AT_REMOVEDIR), 0);
	return check_done();
}
