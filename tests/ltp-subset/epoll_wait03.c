/*
 * epoll_wait03: epoll_wait(2) fails with EBADF for an invalid epfd,
 * EINVAL for an fd that is not an epoll instance, EINVAL for maxevents
 * -1 and 0, EFAULT when the events array is read-only (an event is
 * ready, so the kernel has to write it).
 */
#include "tst_test.h"

static int fds[2] = { -1, -1 }, epfd = -1, bad_epfd = -1;
static struct epoll_event ev_rdwr[1], *p_rdwr = ev_rdwr, *p_rdonly;

static struct tcase {
	int *epfd;
	struct epoll_event **ev;
	int maxevents;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_epfd, &p_rdwr, 1, EBADF, "epfd -1" },
	{ &fds[0], &p_rdwr, 1, EINVAL, "epfd not an epoll fd" },
	{ &epfd, &p_rdwr, -1, EINVAL, "maxevents -1" },
	{ &epfd, &p_rdwr, 0, EINVAL, "maxevents 0" },
	{ &epfd, &p_rdonly, 1, EFAULT, "read-only events" },
};

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];

	TST_EXP_FAIL2(epoll_wait(*tc->epfd, *tc->ev, tc->maxevents, -1),
		      tc->exp_errno, "epoll_wait() with %s", tc->desc);
}

static void setup(void)
{
	p_rdonly = SAFE_MMAP(NULL, 4096, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE_PIPE(fds);
	epfd = TST_EPOLL_WATCH(fds[1], EPOLLOUT);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fds);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
