/*
 * One descriptor of each kind a test may want to try a call on (files,
 * directories, devices, pipes, sockets, the anonymous-inode kinds). A
 * kind the kernel cannot make is reported TCONF and skipped, as LTP does.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/un.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define FD_FILE "tst_fd_file"

static const char *const names[TST_FD_MAX] = {
	[TST_FD_FILE] = "regular file", [TST_FD_PATH] = "O_PATH file",
	[TST_FD_DIR] = "directory", [TST_FD_DEV_ZERO] = "/dev/zero",
	[TST_FD_PROC_MAPS] = "/proc/self/maps",
	[TST_FD_PIPE_READ] = "pipe read end",
	[TST_FD_PIPE_WRITE] = "pipe write end",
	[TST_FD_UNIX_SOCK] = "unix socket", [TST_FD_INET_SOCK] = "inet socket",
	[TST_FD_EPOLL] = "epoll", [TST_FD_EVENTFD] = "eventfd",
	[TST_FD_SIGNALFD] = "signalfd", [TST_FD_TIMERFD] = "timerfd",
	[TST_FD_PIDFD] = "pidfd", [TST_FD_INOTIFY] = "inotify",
	[TST_FD_MEMFD] = "memfd",
};

const char *tst_fd_desc(const struct tst_fd *fd)
{
	return names[fd->type];
}

int tst_fd_open(struct tst_fd *fd, enum tst_fd_type type)
{
	int p[2];
	sigset_t mask;

	fd->type = type;
	fd->fd = -1;
	fd->extra = -1;
	errno = 0;
	switch (type) {
	case TST_FD_FILE:
		fd->fd = open(FD_FILE, O_RDWR | O_CREAT, 0600);
		break;
	case TST_FD_PATH:
		/* O_PATH ignores O_CREAT: the file is made first. */
		close(open(FD_FILE, O_RDWR | O_CREAT, 0600));
		fd->fd = open(FD_FILE, O_PATH);
		break;
	case TST_FD_DIR:
		fd->fd = open(".", O_RDONLY | O_DIRECTORY);
		break;
	case TST_FD_DEV_ZERO:
		fd->fd = open("/dev/zero", O_RDONLY);
		break;
	case TST_FD_PROC_MAPS:
		fd->fd = open("/proc/self/maps", O_RDONLY);
		break;
	case TST_FD_PIPE_READ:
	case TST_FD_PIPE_WRITE:
		if (pipe(p) == 0) {
			fd->fd = p[type == TST_FD_PIPE_WRITE];
			fd->extra = p[type != TST_FD_PIPE_WRITE];
		}
		break;
	case TST_FD_UNIX_SOCK:
		fd->fd = socket(AF_UNIX, SOCK_STREAM, 0);
		break;
	case TST_FD_INET_SOCK:
		fd->fd = socket(AF_INET, SOCK_STREAM, 0);
		break;
	case TST_FD_EPOLL:
		fd->fd = epoll_create1(0);
		break;
	case TST_FD_EVENTFD:
		fd->fd = eventfd(0, 0);
		break;
	case TST_FD_SIGNALFD:
		sigemptyset(&mask);
		sigaddset(&mask, SIGUSR2);
		fd->fd = signalfd(-1, &mask, 0);
		break;
	case TST_FD_TIMERFD:
		fd->fd = timerfd_create(CLOCK_MONOTONIC, 0);
		break;
	case TST_FD_PIDFD:
		fd->fd = syscall(SYS_pidfd_open, getpid(), 0);
		break;
	case TST_FD_INOTIFY:
		fd->fd = inotify_init1(0);
		break;
	case TST_FD_MEMFD:
		fd->fd = syscall(SYS_memfd_create, "tst_fd", 0);
		break;
	default:
		tst_brk(TBROK, "unknown fd type %d", type);
	}
	if (fd->fd >= 0)
		return 0;
	tst_res(TCONF | TERRNO, "Skipping %s", names[type]);
	return -1;
}

void tst_fd_close(struct tst_fd *fd)
{
	if (fd->fd >= 0)
		close(fd->fd);
	if (fd->extra >= 0)
		close(fd->extra);
	fd->fd = fd->extra = -1;
	if (fd->type == TST_FD_FILE || fd->type == TST_FD_PATH)
		unlink(FD_FILE);
}
