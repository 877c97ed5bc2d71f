/*
 * The console as a terminal: TCGETS and TIOCGWINSZ on fds 0-2 succeed and
 * write exactly the kernel's structure sizes (36 and 8 bytes), fstat shows
 * a character device, isatty agrees, and files, directories, bad fds and
 * bad pointers give ENOTTY, EBADF and EFAULT.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

static void check_fd(int fd)
{
	unsigned char buf[64];
	struct kernel_stat st;
	size_t i;

	memset(buf, 0xcc, sizeof(buf));
	CHECK_EQ(SYS(SYS_ioctl, fd, TCGETS, buf), 0);
	for (i = sizeof(struct kernel_termios); i < sizeof(buf); i++)
		if (buf[i] != 0xcc)
			check_fail(__FILE__, __LINE__,
				   "fd %d: TCGETS wrote byte %zu", fd, i);

	memset(buf, 0xcc, sizeof(buf));
	CHECK_EQ(SYS(SYS_ioctl, fd, TIOCGWINSZ, buf), 0);
	for (i = sizeof(struct kernel_winsize); i < sizeof(buf); i++)
		if (buf[i] != 0xcc)
			check_fail(__FILE__, __LINE__,
				   "fd %d: TIOCGWINSZ wrote byte %zu", fd, i);

	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(isatty(fd), 1);
}

int main(void)
{
	struct kernel_termios t;
	struct kernel_winsize ws;
	long file = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
	long dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	int fd;

	for (fd = 0; fd <= 2; fd++)
		check_fd(fd);

	/* The three fds are the same terminal with the same settings. */
	{
		struct kernel_termios t1, t2;

		SYS(SYS_ioctl, 0, TCGETS, &t);
		SYS(SYS_ioctl, 1, TCGETS, &t1);
		SYS(SYS_ioctl, 2, TCGETS, &t2);
		CHECK_MEM(&t1, &t, sizeof(t));
		CHECK_MEM(&t2, &t, sizeof(t));
	}

	CHECK_ERR(SYS(SYS_ioctl, file, TCGETS, &t), ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, file, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, dir, TCGETS, &t), ENOTTY);
	CHECK_EQ(isatty(file), 0);
	CHECK_EQ(errno, ENOTTY);
	CHECK_ERR(SYS(SYS_ioctl, 99, TCGETS, &t), EBADF);
	CHECK_ERR(SYS(SYS_ioctl, -1, TIOCGWINSZ, &ws), EBADF);
	CHECK_ERR(SYS(SYS_ioctl, 1, TCGETS, 0), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, 1, TIOCGWINSZ, KERNEL_ADDR), EFAULT);
	/* A request no terminal knows. */
	CHECK_ERR(SYS(SYS_ioctl, 1, 0x7fff1234, &t), ENOTTY);
	SYS(SYS_close, file);
	SYS(SYS_close, dir);
	return check_done();
}
