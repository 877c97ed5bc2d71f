/*
 * pidfd_open: a descriptor for a process that polls POLLIN once it has
 * exited (a zombie or reaped), not before; epoll sees the exit; the
 * descriptor is O_RDWR and close-on-exec, PIDFD_NONBLOCK adds
 * O_NONBLOCK; read and write are EINVAL, lseek ESPIPE; EINVAL for bad
 * flags, pid 0 or negative and a thread that does not lead its process,
 * ESRCH for a pid nobody has.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <time.h>

#include "guest.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static int events(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLPRI | POLLRDNORM, 0 };
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	SYS(SYS_ppoll, &p, 1, &ts, 0, 8);
	return p.revents;
}

static volatile long thread_tid;
static volatile int thread_stop;

static void *thread_fn(void *arg)
{
	thread_tid = SYS(SYS_gettid);
	while (!thread_stop)
		sleep_ms(5);
	return arg;
}

static void check_errors(void)
{
	pthread_t th;
	long pid;

	CHECK_ERR(SYS(SYS_pidfd_open, SYS(SYS_getpid), 1), EINVAL);
	CHECK_ERR(SYS(SYS_pidfd_open, SYS(SYS_getpid), O_CLOEXEC), EINVAL);
	CHECK_ERR(SYS(SYS_pidfd_open, SYS(SYS_getpid), -1), EINVAL);
	CHECK_ERR(SYS(SYS_pidfd_open, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_pidfd_open, -1, 0), EINVAL);
	/* A reaped child's pid names nobody (until it is reused). */
	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, 0);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_ERR(SYS(SYS_pidfd_open, pid, 0), ESRCH);
	/* A thread that is not the leader: EINVAL, as Linux 6.1. */
	CHECK_EQ(pthread_create(&th, NULL, thread_fn, NULL), 0);
	while (!thread_tid)
		sleep_ms(1);
	CHECK_ERR(SYS(SYS_pidfd_open, thread_tid, 0), EINVAL);
	thread_stop = 1;
	pthread_join(th, NULL);
}

static void check_exit(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char buf[8];
	long pid, start;
	int fd, fd2, efd;

	fd = SYS(SYS_pidfd_open, SYS(SYS_getpid), 0);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK),
		 O_RDWR);
	CHECK_EQ(events(fd, 0), 0);
	CHECK_ERR(SYS(SYS_read, fd, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(SYS(SYS_write, fd, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(SYS(SYS_lseek, fd, 0, SEEK_SET), ESPIPE);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 8), EINVAL);
	SYS(SYS_close, fd);

	/* A child that exits later: not ready, then ready while a zombie. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(150);
		SYS(SYS_exit_group, 3);
	}
	fd = SYS(SYS_pidfd_open, pid, 0);
	CHECK(fd >= 0);
	fd2 = SYS(SYS_pidfd_open, pid, O_NONBLOCK);
	CHECK(fd2 >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd2, F_GETFL) & (O_ACCMODE | O_NONBLOCK),
		 O_RDWR | O_NONBLOCK);
	efd = SYS(SYS_epoll_create1, 0);
	CHECK(efd >= 0);
	CHECK_EQ(SYS(SYS_epoll_ctl, efd, EPOLL_CTL_ADD, fd2, &ev), 0);
	CHECK_EQ(events(fd, 0), 0);
	CHECK_EQ(SYS(SYS_epoll_pwait, efd, &ev, 1, 0, 0, 8), 0);
	start = mono_ns();
	CHECK_EQ(events(fd, 5000), POLLIN | POLLRDNORM);
	CHECK(mono_ns() - start >= 100 * 1000000L);
	CHECK_EQ(SYS(SYS_epoll_pwait, efd, &ev, 1, 2000, 0, 8), 1);
	CHECK_EQ(ev.events, EPOLLIN);
	/* Reaped: still ready. */
	CHECK_EXITED(must_wait(pid), 3);
	CHECK_EQ(events(fd, 0), POLLIN | POLLRDNORM);
	SYS(SYS_close, efd);
	SYS(SYS_close, fd);
	SYS(SYS_close, fd2);
}

int main(void)
{
	check_errors();
	check_exit();
	return check_done();
}
