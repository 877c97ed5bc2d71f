/*
 * epoll_wait10: epoll on /proc/mounts with EPOLLPRI sees the mount table
 * change: a child mounts a tmpfs, then unmounts it, and after each the
 * parent's epoll_wait(2) reports EPOLLPRI. Needs root.
 */
#include <sys/mount.h>
#include "tst_test.h"

#define MNTPOINT "epoll_wait10_mnt"

static int efd = -1, mnt_fd = -1;
static int to_child[2] = { -1, -1 }, to_parent[2] = { -1, -1 };

static void check_event(const char *desc)
{
	struct epoll_event ev;
	char buf[1024];

	TEST(epoll_wait(efd, &ev, 1, 1000));
	if (TST_RET < 1)
		tst_res(TFAIL | TTERRNO, "epoll_wait() after %s returned %ld",
			desc, TST_RET);
	else
		TST_EXP_EXPR(ev.events & EPOLLPRI,
			     "EPOLLPRI after %s (events 0x%x)", desc, ev.events);
	/* Read the table again: the next change is a new event. */
	lseek(mnt_fd, 0, SEEK_SET);
	while (SAFE_READ(0, mnt_fd, buf, sizeof(buf)) > 0)
		;
}

static void child(void)
{
	char c;

	if (mount("none", MNTPOINT, "tmpfs", 0, NULL) < 0)
		tst_brk(TBROK | TERRNO, "mount tmpfs on %s", MNTPOINT);
	SAFE_WRITE(1, to_parent[1], "m", 1);
	SAFE_READ(1, to_child[0], &c, 1);
	if (umount(MNTPOINT) < 0)
		tst_brk(TBROK | TERRNO, "umount %s", MNTPOINT);
	SAFE_WRITE(1, to_parent[1], "u", 1);
	_exit(0);
}

static void run(void)
{
	char c;

	if (!SAFE_FORK())
		child();
	SAFE_READ(1, to_parent[0], &c, 1);
	check_event("mount");
	SAFE_WRITE(1, to_child[1], "g", 1);
	SAFE_READ(1, to_parent[0], &c, 1);
	check_event("umount");
}

static void setup(void)
{
	struct epoll_event ev = { .events = EPOLLPRI };
	char buf[1024];

	SAFE_MKDIR(MNTPOINT, 0777);
	SAFE_PIPE(to_child);
	SAFE_PIPE(to_parent);
	mnt_fd = SAFE_OPEN("/proc/mounts", O_RDONLY);
	while (SAFE_READ(0, mnt_fd, buf, sizeof(buf)) > 0)
		;
	efd = SAFE_EPOLL_CREATE1(0);
	ev.data.fd = mnt_fd;
	SAFE_EPOLL_CTL(efd, EPOLL_CTL_ADD, mnt_fd, &ev);
}

static void cleanup(void)
{
	if (efd >= 0)
		SAFE_CLOSE(efd);
	if (mnt_fd >= 0)
		SAFE_CLOSE(mnt_fd);
	umount(MNTPOINT);
	rmdir(MNTPOINT);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
	.forks_child = 1,
};
