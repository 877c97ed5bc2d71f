/*
 * signalfd4: pending signals of the mask read as signalfd_siginfo
 * records (one or several per read, whole records only), POLLIN while
 * one is pending, a blocked reader woken by a signal from another
 * process, a new mask for an existing descriptor, SFD_NONBLOCK and
 * SFD_CLOEXEC, a blocked SIGCHLD (ignored by default) still read, epoll,
 * lseek that moves nothing, and EINVAL/EFAULT/EBADF.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>

#include "guest.h"

static unsigned long bit(int sig)
{
	return 1UL << (sig - 1);
}

static long sfd_make(int fd, unsigned long mask, int flags)
{
	return SYS(SYS_signalfd4, fd, &mask, 8, flags);
}

static int events(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLPRI | POLLRDNORM, 0 };
	struct timespec zero = { 0, 0 };

	SYS(SYS_ppoll, &p, 1, &zero, 0, 8);
	return p.revents;
}

static void check_errors(void)
{
	unsigned long mask = bit(SIGUSR1);
	int p[2], fd;

	CHECK_ERR(SYS(SYS_signalfd4, -1, &mask, 4, 0), EINVAL);
	CHECK_ERR(SYS(SYS_signalfd4, -1, &mask, 16, 0), EINVAL);
	CHECK_ERR(SYS(SYS_signalfd4, -1, unmapped_addr(), 8, 0), EFAULT);
	CHECK_ERR(SYS(SYS_signalfd4, -1, NULL, 8, 0), EFAULT);
	CHECK_ERR(SYS(SYS_signalfd4, -1, &mask, 8, 1), EINVAL);
	CHECK_ERR(SYS(SYS_signalfd4, -1, &mask, 8, O_APPEND), EINVAL);
	/* The size and the copy are checked before the flags. */
	CHECK_ERR(SYS(SYS_signalfd4, -1, unmapped_addr(), 8, 1), EFAULT);
	CHECK_ERR(SYS(SYS_signalfd4, -1, &mask, 4, 1), EINVAL);
	CHECK_ERR(SYS(SYS_signalfd4, 1000, &mask, 8, 0), EBADF);
	CHECK_ERR(SYS(SYS_signalfd4, -2, &mask, 8, 0), EBADF);
	CHECK_EQ(SYS(SYS_pipe2, p, 0), 0);
	CHECK_ERR(SYS(SYS_signalfd4, p[0], &mask, 8, 0), EINVAL);
	fd = SYS(SYS_openat, AT_FDCWD, "/", O_PATH);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_signalfd4, fd, &mask, 8, 0), EBADF);
	SYS(SYS_close, fd);
	SYS(SYS_close, p[0]);
	SYS(SYS_close, p[1]);
}

static void check_read(void)
{
	struct signalfd_siginfo si[3];
	char small[sizeof(si[0]) - 1];
	int fd;

	fd = sfd_make(-1, bit(SIGUSR1), SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK),
		 O_RDWR | O_NONBLOCK);
	CHECK_EQ(events(fd), 0);
	CHECK_ERR(SYS(SYS_read, fd, si, sizeof(si)), EAGAIN);
	CHECK_ERR(SYS(SYS_write, fd, si, sizeof(si)), EINVAL);
	/* noop_llseek: no error, the position stays 0. */
	CHECK_EQ(SYS(SYS_lseek, fd, 5, SEEK_SET), 0);

	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1), 0);
	/* POLLIN alone, as Linux's signalfd_poll. */
	CHECK_EQ(events(fd), POLLIN);
	CHECK_ERR(SYS(SYS_read, fd, small, sizeof(small)), EINVAL);
	memset(si, 0xff, sizeof(si));
	CHECK_EQ(SYS(SYS_read, fd, si, sizeof(si)), sizeof(si[0]));
	CHECK_EQ(si[0].ssi_signo, SIGUSR1);
	CHECK_EQ(si[0].ssi_errno, 0);
	CHECK_EQ(si[0].ssi_code, SI_USER);
	CHECK_EQ(si[0].ssi_pid, SYS(SYS_getpid));
	CHECK_EQ(si[0].ssi_uid, SYS(SYS_getuid));
	CHECK_EQ(si[0].ssi_addr, 0);
	CHECK_EQ(events(fd), 0);

	/* A signal outside the mask stays pending until the mask has it. */
	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), SIGUSR2), 0);
	CHECK_EQ(events(fd), 0);
	CHECK_ERR(SYS(SYS_read, fd, si, sizeof(si)), EAGAIN);
	CHECK_EQ(sfd_make(fd, bit(SIGUSR1) | bit(SIGUSR2), 0), fd);
	/* The new mask changes nothing else: O_NONBLOCK stays. */
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(events(fd), POLLIN);
	/* Several records in one read, lowest signal first. */
	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1), 0);
	CHECK_EQ(SYS(SYS_read, fd, si, sizeof(si)), 2 * sizeof(si[0]));
	CHECK_EQ(si[0].ssi_signo, SIGUSR1);
	CHECK_EQ(si[1].ssi_signo, SIGUSR2);
	CHECK_EQ(events(fd), 0);

	/* The signal is taken even when the copy fails. */
	CHECK_EQ(SYS(SYS_kill, SYS(SYS_getpid), SIGUSR1), 0);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), sizeof(si[0])), EFAULT);
	CHECK_EQ(events(fd), 0);
	SYS(SYS_close, fd);
}

static void check_wait(void)
{
	struct signalfd_siginfo si;
	struct epoll_event ev = { .events = EPOLLIN };
	long pid, start;
	int fd, efd;

	fd = sfd_make(-1, bit(SIGUSR1) | bit(SIGCHLD), 0);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), 0);
	/* A blocked reader is woken by another process's kill. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	CHECK_EQ(SYS(SYS_read, fd, &si, sizeof(si)), sizeof(si));
	CHECK(mono_ns() - start >= 90 * 1000000L);
	CHECK_EQ(si.ssi_signo, SIGUSR1);
	CHECK_EQ(si.ssi_pid, pid);
	/* SIGCHLD is ignored by default, but blocked it stays pending. */
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_read, fd, &si, sizeof(si)), sizeof(si));
	CHECK_EQ(si.ssi_signo, SIGCHLD);
	CHECK_EQ(si.ssi_pid, pid);

	/* epoll sees a signal arrive. */
	efd = SYS(SYS_epoll_create1, 0);
	CHECK(efd >= 0);
	CHECK_EQ(SYS(SYS_epoll_ctl, efd, EPOLL_CTL_ADD, fd, &ev), 0);
	CHECK_EQ(SYS(SYS_epoll_pwait, efd, &ev, 1, 0, 0, 8), 0);
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(50);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		SYS(SYS_exit_group, 0);
	}
	CHECK_EQ(SYS(SYS_epoll_pwait, efd, &ev, 1, 2000, 0, 8), 1);
	CHECK_EQ(ev.events, EPOLLIN);
	CHECK_EQ(SYS(SYS_read, fd, &si, sizeof(si)), sizeof(si));
	CHECK_EQ(si.ssi_signo, SIGUSR1);
	CHECK_EXITED(must_wait(pid), 0);
	/* Drain the child's SIGCHLD. */
	CHECK_EQ(SYS(SYS_read, fd, &si, sizeof(si)), sizeof(si));
	CHECK_EQ(si.ssi_signo, SIGCHLD);
	SYS(SYS_close, efd);
	SYS(SYS_close, fd);
}

int main(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	check_errors();
	check_read();
	check_wait();
	return check_done();
}
