/*
 * eventfd2: the initial value, reads that take the count (or one in
 * semaphore mode), writes that add, the 2^64 - 1 ceiling, non-blocking
 * EAGAIN, 8-byte buffers, poll readiness, a reader woken by another
 * process, signals, and EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <time.h>

#include "guest.h"

#define MAX 0xffffffffffffffffUL

static long efd_read(int fd, unsigned long *v)
{
	return SYS(SYS_read, fd, v, 8);
}

static long efd_write(int fd, unsigned long v)
{
	return SYS(SYS_write, fd, &v, 8);
}

static int events(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM |
				    POLLPRI, 0 };
	struct timespec zero = { 0, 0 };

	SYS(SYS_ppoll, &p, 1, &zero, 0, 8);
	return p.revents;
}

static void check_counter(void)
{
	unsigned long v = 0;
	int fd;

	fd = SYS(SYS_eventfd2, 5, EFD_NONBLOCK);
	CHECK(fd >= 0);
	/* Plain POLLIN and POLLOUT, as Linux reports them. */
	CHECK_EQ(events(fd), POLLIN | POLLOUT);
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, 5);
	CHECK_EQ(events(fd), POLLOUT);
	CHECK_ERR(efd_read(fd, &v), EAGAIN);
	CHECK_EQ(efd_write(fd, 3), 8);
	CHECK_EQ(efd_write(fd, 4), 8);
	/* Writing 0 is allowed and changes nothing. */
	CHECK_EQ(efd_write(fd, 0), 8);
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, 7);
	/* Longer buffers move 8 bytes all the same. */
	{
		unsigned long big[2] = { 9, 99 };

		CHECK_EQ(SYS(SYS_write, fd, big, 16), 8);
		big[0] = big[1] = 0;
		CHECK_EQ(SYS(SYS_read, fd, big, 16), 8);
		CHECK_EQ(big[0], 9);
		CHECK_EQ(big[1], 0);
	}
	/* The ceiling: the count never reaches 2^64 - 1. */
	CHECK_ERR(efd_write(fd, MAX), EINVAL);
	CHECK_EQ(efd_write(fd, MAX - 1), 8);
	CHECK_EQ(events(fd), POLLIN);
	CHECK_ERR(efd_write(fd, 1), EAGAIN);
	CHECK_EQ(efd_write(fd, 0), 8);
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, MAX - 1);
	CHECK_EQ(efd_write(fd, MAX - 2), 8);
	CHECK_EQ(events(fd), POLLIN | POLLOUT);
	CHECK_EQ(efd_write(fd, 1), 8);
	CHECK_EQ(events(fd), POLLIN);
	CHECK_EQ(efd_read(fd, &v), 8);
	SYS(SYS_close, fd);

	/* Semaphore mode: each read takes one. */
	fd = SYS(SYS_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK_EQ(efd_write(fd, 1), 8);
	for (int i = 0; i < 3; i++) {
		v = 0;
		CHECK_EQ(efd_read(fd, &v), 8);
		CHECK_EQ(v, 1);
	}
	CHECK_ERR(efd_read(fd, &v), EAGAIN);
	SYS(SYS_close, fd);
}

static void check_errors(void)
{
	unsigned long v = 1;
	int fd = SYS(SYS_eventfd2, 1, EFD_NONBLOCK);
	char small[4];

	CHECK_ERR(SYS(SYS_eventfd2, 0, 2), EINVAL);
	CHECK_ERR(SYS(SYS_eventfd2, 0, O_APPEND), EINVAL);
	CHECK_ERR(SYS(SYS_eventfd2, 0, O_RDWR), EINVAL);
	CHECK_ERR(SYS(SYS_eventfd2, 0, 0x80000000), EINVAL);
	/* Buffers under 8 bytes, empty ones included. */
	CHECK_ERR(SYS(SYS_read, fd, small, 0), EINVAL);
	CHECK_ERR(SYS(SYS_write, fd, small, 0), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, small, 4), EINVAL);
	CHECK_ERR(SYS(SYS_read, fd, small, 7), EINVAL);
	CHECK_ERR(SYS(SYS_write, fd, small, 4), EINVAL);
	/* Bad buffers; a failed read loses the count, as on Linux. */
	CHECK_ERR(SYS(SYS_write, fd, unmapped_addr(), 8), EFAULT);
	CHECK_ERR(SYS(SYS_write, fd, KERNEL_ADDR, 8), EFAULT);
	CHECK_ERR(SYS(SYS_read, fd, KERNEL_ADDR, 8), EFAULT);
	CHECK_ERR(SYS(SYS_read, fd, unmapped_addr(), 8), EFAULT);
	CHECK_ERR(efd_read(fd, &v), EAGAIN);
	/* Seeking is allowed and does nothing; no ioctls. */
	CHECK_EQ(SYS(SYS_lseek, fd, 10, SEEK_SET), 0);
	CHECK_ERR(SYS(SYS_ioctl, fd, 0x541B, &v), ENOTTY);
	SYS(SYS_close, fd);
	/* The flags: close-on-exec and non-blocking are the O_ ones. */
	fd = SYS(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	CHECK(fd >= 0);
	CHECK_ERR(efd_read(fd, &v), EAGAIN);
	SYS(SYS_close, fd);
}

static volatile int got;

static void on_signal(int sig)
{
	(void)sig;
	got++;
}

static void check_blocking(void)
{
	unsigned long v = 0;
	long pid, start;
	int fd = SYS(SYS_eventfd2, 0, 0);
	struct sigaction sa;

	/* A reader sleeps until another process writes. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		efd_write(fd, 42);
		SYS(SYS_exit_group, 0);
	}
	start = mono_ns();
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK(mono_ns() - start >= 90 * 1000000L);
	CHECK_EQ(v, 42);
	CHECK_EXITED(must_wait(pid), 0);

	/* A writer at the ceiling sleeps until a read makes room. */
	CHECK_EQ(efd_write(fd, MAX - 1), 8);
	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, efd_write(fd, 5) == 8 ? 0 : 1);
	sleep_ms(100);
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, MAX - 1);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, 5);

	/* A handled signal: EINTR, or a restart with SA_RESTART. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(SIGUSR1, &sa, 0), 0);
	pid = must_fork();
	if (pid == 0) {
		for (;;) {
			sleep_ms(30);
			SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		}
	}
	CHECK_ERR(efd_read(fd, &v), EINTR);
	SYS(SYS_kill, pid, SIGKILL);
	must_wait(pid);
	sa.sa_flags = SA_RESTART;
	CHECK_EQ(sigaction(SIGUSR1, &sa, 0), 0);
	got = 0;
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(50);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		sleep_ms(100);
		efd_write(fd, 7);
		SYS(SYS_exit_group, 0);
	}
	CHECK_EQ(efd_read(fd, &v), 8);
	CHECK_EQ(v, 7);
	CHECK_EQ(got, 1);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fd);
}

int main(void)
{
	check_counter();
	check_errors();
	check_blocking();
	return check_done();
}
