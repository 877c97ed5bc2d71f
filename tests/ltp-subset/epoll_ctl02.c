/*
 * epoll_ctl02: epoll_ctl(2) fails with EBADF for an invalid epfd or fd,
 * EINVAL for an unknown op and for fd equal to epfd, EFAULT for a NULL
 * event, ENOENT for DEL and MOD of an fd not registered, EEXIST for ADD
 * of one already registered.
 */
#include "tst_test.h"

static int epfd = -1, fd[2] = { -1, -1 }, inv = -1;
static struct epoll_event events[2] = {
	{ .events = EPOLLIN },
	{ .events = EPOLLOUT },
};

static struct tcase {
	int *epfd;
	int op;
	int *fd;
	struct epoll_event *event;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &inv, EPOLL_CTL_ADD, &fd[1], &events[1], EBADF,
	  "epfd is an invalid fd" },
	{ &epfd, EPOLL_CTL_ADD, &inv, &events[1], EBADF,
	  "fd is an invalid fd" },
	{ &epfd, -1, &fd[1], &events[1], EINVAL, "op is not supported" },
	{ &epfd, EPOLL_CTL_ADD, &epfd, &events[1], EINVAL,
	  "fd is the same as epfd" },
	{ &epfd, EPOLL_CTL_ADD, &fd[1], NULL, EFAULT, "event is NULL" },
	{ &epfd, EPOLL_CTL_DEL, &fd[1], &events[1], ENOENT,
	  "fd is not registered, EPOLL_CTL_DEL" },
	{ &epfd, EPOLL_CTL_MOD, &fd[1], &events[1], ENOENT,
	  "fd is not registered, EPOLL_CTL_MOD" },
	{ &epfd, EPOLL_CTL_ADD, &fd[0], &events[0], EEXIST,
	  "fd is already registered, EPOLL_CTL_ADD" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL(epoll_ctl(*tc->epfd, tc->op, *tc->fd, tc->event),
		     tc->exp_errno, "epoll_ctl() if %s", tc->desc);
}

static void setup(void)
{
	epfd = SAFE_EPOLL_CREATE1(0);
	SAFE_PIPE(fd);
	events[0].data.fd = fd[0];
	events[1].data.fd = fd[1];
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fd[0], &events[0]);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fd);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
