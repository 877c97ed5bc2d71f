/*
 * accept03: accept() on descriptors that are not sockets: a file, a
 * directory, a device, a procfs file, pipe ends, eventfd, epoll, timerfd,
 * signalfd, pidfd, inotify and memfd are ENOTSOCK (a kind the kernel lacks
 * is TCONF); an O_PATH descriptor, which accept() cannot use at all, is
 * EBADF.
 */
#include "sock_common.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

static int fds[24];
static const char *names[24];
static int exp_err[24];
static unsigned int nfds;

static void add(int fd, const char *name, int err)
{
	if (fd < 0)
		tst_brk(TBROK | TERRNO, "open %s", name);
	fds[nfds] = fd;
	names[nfds] = name;
	exp_err[nfds] = err;
	nfds++;
}

/* A kind of descriptor the kernel may lack: TCONF for it alone. */
static void add_optional(long fd, const char *name)
{
	if (fd < 0 && errno == ENOSYS) {
		tst_res(TCONF, "%s: not supported (ENOSYS)", name);
		return;
	}
	add(fd, name, ENOTSOCK);
}

static long signalfd_kind(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	return signalfd(-1, &set, 0);
}

static void setup(void)
{
	int p[2];

	sock_tmpdir_enter("accept03");
	add(SAFE_OPEN("file", O_RDWR | O_CREAT, 0600), "regular file", ENOTSOCK);
	add(SAFE_OPEN(".", O_RDONLY | O_DIRECTORY), "directory", ENOTSOCK);
	add(SAFE_OPEN("/dev/zero", O_RDONLY), "char device /dev/zero", ENOTSOCK);
	add(SAFE_OPEN("/proc/self/maps", O_RDONLY), "procfs file", ENOTSOCK);
	SAFE_PIPE(p);
	add(p[0], "pipe read end", ENOTSOCK);
	add(p[1], "pipe write end", ENOTSOCK);
	add(SAFE_EVENTFD(0, 0), "eventfd", ENOTSOCK);
	add(SAFE_EPOLL_CREATE1(0), "epoll", ENOTSOCK);
	add(timerfd_create(CLOCK_MONOTONIC, 0), "timerfd", ENOTSOCK);
	add(SAFE_OPEN("file", O_PATH), "O_PATH file", EBADF);
	add_optional(signalfd_kind(), "signalfd");
	add_optional(syscall(SYS_pidfd_open, getpid(), 0), "pidfd");
	add_optional(inotify_init1(0), "inotify");
	add_optional(syscall(SYS_memfd_create, "accept03", 0), "memfd");
}

static void cleanup(void)
{
	unsigned int i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	sock_tmpdir_leave();
}

static void run(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;

	for (i = 0; i < nfds; i++) {
		len = sizeof(ss);
		TST_EXP_FAIL2(accept(fds[i], (struct sockaddr *)&ss, &len),
			      exp_err[i], "accept() on %s", names[i]);
	}
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
