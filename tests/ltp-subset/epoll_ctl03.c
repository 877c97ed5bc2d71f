/*
 * epoll_ctl03: EPOLL_CTL_MOD succeeds for every one of the 256
 * combinations of EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLERR, EPOLLHUP,
 * EPOLLET, EPOLLONESHOT and EPOLLRDHUP.
 */
#include "tst_test.h"

static int epfd = -1, fds[2] = { -1, -1 };
static const unsigned int bits[] = {
	EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLERR, EPOLLHUP, EPOLLET,
	EPOLLONESHOT, EPOLLRDHUP,
};

static void run(void)
{
	struct epoll_event ev = { .data.fd = fds[0] };
	unsigned int i, j, failed = 0;

	for (i = 0; i < 1u << ARRAY_SIZE(bits); i++) {
		ev.events = 0;
		for (j = 0; j < ARRAY_SIZE(bits); j++)
			if (i & (1u << j))
				ev.events |= bits[j];
		TST_EXP_PASS_SILENT(epoll_ctl(epfd, EPOLL_CTL_MOD, fds[0], &ev),
				    "epoll_ctl(EPOLL_CTL_MOD) events 0x%08x",
				    ev.events);
		if (!TST_PASS)
			failed++;
	}
	if (!failed)
		tst_res(TPASS, "EPOLL_CTL_MOD passed for all %u combinations",
			1u << ARRAY_SIZE(bits));
}

static void setup(void)
{
	SAFE_PIPE(fds);
	epfd = TST_EPOLL_WATCH(fds[0], EPOLLIN);
}

static void cleanup(void)
{
	TST_CLOSE_PAIR(epfd, fds);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
