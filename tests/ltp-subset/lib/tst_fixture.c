/*
 * Fixtures that many tests share: an epoll instance watching one
 * descriptor, and the cleanup of a descriptor and a pair (pipe or
 * socketpair). Failures are reported at the caller's line.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

int tst_epoll_watch_(const char *f, int l, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	int epfd = safe_epoll_create1(f, l, 0);

	safe_epoll_ctl(f, l, epfd, EPOLL_CTL_ADD, fd, &ev);
	return epfd;
}

void tst_close_pair_(const char *f, int l, int fd, int pair[2])
{
	if (fd >= 0)
		safe_close(f, l, fd);
	if (pair[0] >= 0) {
		safe_close(f, l, pair[0]);
		safe_close(f, l, pair[1]);
	}
}
