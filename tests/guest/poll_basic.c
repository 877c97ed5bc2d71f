/*
 * ppoll: the events each kind of file reports (pipe ends, the console,
 * regular files, /dev/null), POLLHUP and POLLERR when the other end of a
 * pipe goes, negative and closed descriptors, timeouts and the time left
 * written back, wake-ups from another process, and the EINVAL/EFAULT
 * cases.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <time.h>

#include "guest.h"

#define MS 1000000L

static long ppoll_raw(struct pollfd *fds, long n, struct timespec *ts)
{
	return SYS(SYS_ppoll, fds, n, ts, 0, KERNEL_SIGSET_SIZE);
}

/* The events one descriptor reports for what was asked, at once. */
static int revents(int fd, short events)
{
	struct pollfd p = { fd, events, 0x7777 };
	struct timespec zero = { 0, 0 };
	long r = ppoll_raw(&p, 1, &zero);

	CHECK_EQ(r, p.revents ? 1 : 0);
	return p.revents;
}

#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
	     POLLWRNORM | POLLWRBAND | POLLMSG | POLLRDHUP)

static void check_pipe_events(void)
{
	int fds[2];
	char c;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	CHECK_EQ(revents(fds[0], ALL), 0);
	CHECK_EQ(revents(fds[1], ALL), POLLOUT | POLLWRNORM);
	CHECK_EQ(SYS(SYS_write, fds[1], "ab", 2), 2);
	CHECK_EQ(revents(fds[0], ALL), POLLIN | POLLRDNORM);
	/* Only what was asked, and never the bits of the other end. */
	CHECK_EQ(revents(fds[0], POLLRDNORM), POLLRDNORM);
	CHECK_EQ(revents(fds[0], POLLOUT), 0);
	CHECK_EQ(revents(fds[1], POLLIN), 0);
	/* The writer gone: POLLHUP, unasked, after the data and alone. */
	SYS(SYS_close, fds[1]);
	CHECK_EQ(revents(fds[0], ALL), POLLIN | POLLRDNORM | POLLHUP);
	CHECK_EQ(revents(fds[0], 0), POLLHUP);
	CHECK_EQ(SYS(SYS_read, fds[0], &c, 1), 1);
	CHECK_EQ(SYS(SYS_read, fds[0], &c, 1), 1);
	CHECK_EQ(revents(fds[0], ALL), POLLHUP);
	SYS(SYS_close, fds[0]);

	/* The reader gone: POLLERR for the writer, still writable. */
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	SYS(SYS_close, fds[0]);
	CHECK_EQ(revents(fds[1], ALL), POLLOUT | POLLWRNORM | POLLERR);
	CHECK_EQ(revents(fds[1], 0), POLLERR);
	SYS(SYS_close, fds[1]);

	/* A full pipe is not writable; one slot read empty makes it so. */
	CHECK_EQ(SYS(SYS_pipe2, fds, O_NONBLOCK), 0);
	{
		static char page[4096];

		while (SYS(SYS_write, fds[1], page, sizeof(page)) > 0)
			;
		CHECK_EQ(revents(fds[1], ALL), 0);
		CHECK_EQ(SYS(SYS_read, fds[0], page, 4095), 4095);
		CHECK_EQ(revents(fds[1], ALL), 0);
		CHECK_EQ(SYS(SYS_read, fds[0], page, 1), 1);
		CHECK_EQ(revents(fds[1], ALL), POLLOUT | POLLWRNORM);
	}
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
}

static void check_other_files(void)
{
	int fd;

	/* The console takes output at once. */
	CHECK_EQ(revents(1, POLLOUT | POLLWRNORM), POLLOUT | POLLWRNORM);
	CHECK_EQ(revents(2, POLLOUT), POLLOUT);
	CHECK_EQ(revents(0, POLLOUT), POLLOUT);
	/* Files without a poll op are always ready both ways. */
	fd = open("/tests/data/lines.txt", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(revents(fd, ALL),
		 POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
	SYS(SYS_close, fd);
	fd = open("/tests", O_RDONLY | O_DIRECTORY);
	CHECK_EQ(revents(fd, POLLIN | POLLOUT), POLLIN | POLLOUT);
	SYS(SYS_close, fd);
	fd = open("/dev/null", O_RDWR);
	CHECK_EQ(revents(fd, ALL),
		 POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
	SYS(SYS_close, fd);
	/* O_PATH descriptors are not open for polling. */
	fd = open("/tests/data/lines.txt", O_PATH);
	CHECK_EQ(revents(fd, POLLIN), POLLNVAL);
	SYS(SYS_close, fd);
}

static void check_many(void)
{
	struct pollfd p[6];
	struct timespec zero = { 0, 0 };
	int fds[2];

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	p[0] = (struct pollfd){ fds[0], POLLIN, 0x55 };
	p[1] = (struct pollfd){ -1, POLLIN, 0x55 };   /* ignored */
	p[2] = (struct pollfd){ fds[1], POLLOUT, 0x55 };
	p[3] = (struct pollfd){ 999, POLLIN, 0x55 };  /* not open */
	p[4] = (struct pollfd){ -999, POLLOUT, 0x55 };
	p[5] = (struct pollfd){ fds[1], POLLIN, 0x55 };
	/* Every entry with events counts, POLLNVAL included. */
	CHECK_EQ(ppoll_raw(p, 6, &zero), 2);
	CHECK_EQ(p[0].revents, 0);
	CHECK_EQ(p[1].revents, 0);
	CHECK_EQ(p[2].revents, POLLOUT);
	CHECK_EQ(p[3].revents, POLLNVAL);
	CHECK_EQ(p[4].revents, 0);
	CHECK_EQ(p[5].revents, 0);
	/* fd and events are left alone. */
	CHECK_EQ(p[3].fd, 999);
	CHECK_EQ(p[3].events, POLLIN);
	/* The same pipe twice counts twice. */
	SYS(SYS_write, fds[1], "x", 1);
	p[1] = p[0];
	CHECK_EQ(ppoll_raw(p, 3, &zero), 3);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
}

static void check_timeouts(void)
{
	struct timespec ts, zero = { 0, 0 };
	struct pollfd p;
	int fds[2];
	long start, took, pid;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	p = (struct pollfd){ fds[0], POLLIN, 0 };

	/* Nothing comes: at least the timeout, then 0 with no time left. */
	ts = (struct timespec){ 0, 100 * MS };
	start = mono_ns();
	CHECK_EQ(ppoll_raw(&p, 1, &ts), 0);
	took = mono_ns() - start;
	CHECK(took >= 100 * MS);
	CHECK(took < 1000 * MS);
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);
	/* No descriptors at all: a plain sleep. */
	ts = (struct timespec){ 0, 50 * MS };
	start = mono_ns();
	CHECK_EQ(ppoll_raw(0, 0, &ts), 0);
	CHECK(mono_ns() - start >= 50 * MS);
	/* A zero timeout is not written back. */
	CHECK_EQ(ppoll_raw(&p, 1, &zero), 0);
	CHECK_EQ(zero.tv_sec, 0);
	CHECK_EQ(zero.tv_nsec, 0);

	/* Ready at once: what is left of the timeout comes back. */
	SYS(SYS_write, fds[1], "x", 1);
	ts = (struct timespec){ 5, 0 };
	CHECK_EQ(ppoll_raw(&p, 1, &ts), 1);
	CHECK(ts.tv_sec == 4 || ts.tv_sec == 5);
	CHECK(ts.tv_sec * 1000000000L + ts.tv_nsec > 4000 * MS);
	CHECK(ts.tv_sec * 1000000000L + ts.tv_nsec <= 5000 * MS);
	/* No timeout: returns as soon as ready. */
	CHECK_EQ(ppoll_raw(&p, 1, 0), 1);
	SYS(SYS_read, fds[0], &took, 1);

	/* Woken by another process's write, not before. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_write, fds[1], "y", 1);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	CHECK_EQ(ppoll_raw(&p, 1, 0), 1);
	CHECK(mono_ns() - start >= 90 * MS);
	CHECK_EQ(p.revents, POLLIN);
	CHECK_EXITED(must_wait(pid), 0);

	/* And by the last writer going away. */
	SYS(SYS_read, fds[0], &took, 1);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_exit_group, 0);
	}
	SYS(SYS_close, fds[1]);
	ts = (struct timespec){ 10, 0 };
	start = mono_ns();
	CHECK_EQ(ppoll_raw(&p, 1, &ts), 1);
	CHECK(mono_ns() - start >= 90 * MS);
	CHECK_EQ(p.revents, POLLHUP);
	CHECK(ts.tv_sec >= 8);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fds[0]);
}

static void check_errors(void)
{
	struct timespec ts = { 0, 0 };
	struct pollfd p = { 0, POLLOUT, 0 };
	struct rlimit rl;
	unsigned long mask = 0;

	/* More descriptors than RLIMIT_NOFILE allows. */
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK_ERR(ppoll_raw(&p, rl.rlim_cur + 1, &ts), EINVAL);
	CHECK_ERR(ppoll_raw(&p, -1, &ts), EINVAL);
	/* Bad timespecs. */
	ts.tv_nsec = 1000000000;
	CHECK_ERR(ppoll_raw(&p, 1, &ts), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(ppoll_raw(&p, 1, &ts), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(ppoll_raw(&p, 1, &ts), EINVAL);
	ts = (struct timespec){ 0, 0 };
	/* Bad pointers. */
	CHECK_ERR(ppoll_raw(0, 1, &ts), EFAULT);
	CHECK_ERR(ppoll_raw((void *)KERNEL_ADDR, 1, &ts), EFAULT);
	CHECK_ERR(ppoll_raw(unmapped_addr(), 1, &ts), EFAULT);
	CHECK_ERR(ppoll_raw(&p, 1, unmapped_addr()), EFAULT);
	CHECK_ERR(ppoll_raw(&p, 1, (void *)KERNEL_ADDR), EFAULT);
	/* Results cannot be written to read-only memory. */
	{
		static const struct pollfd ro = { 1, POLLOUT, 0 };

		CHECK_ERR(ppoll_raw((struct pollfd *)&ro, 1, &ts), EFAULT);
	}
	/* The signal mask: its size must be 8, its address good. */
	CHECK_ERR(SYS(SYS_ppoll, &p, 1, &ts, &mask, 4), EINVAL);
	CHECK_ERR(SYS(SYS_ppoll, &p, 1, &ts, &mask, 16), EINVAL);
	CHECK_ERR(SYS(SYS_ppoll, &p, 1, &ts, unmapped_addr(), 8), EFAULT);
	/* A NULL mask ignores the size. */
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &ts, 0, 4), 1);
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &ts, &mask, 8), 1);
	/* An empty list is fine with any pointer. */
	CHECK_EQ(ppoll_raw(0, 0, &ts), 0);
	CHECK_EQ(ppoll_raw(unmapped_addr(), 0, &ts), 0);
}

int main(void)
{
	check_pipe_events();
	check_other_files();
	check_many();
	check_timeouts();
	check_errors();
	return check_done();
}
