/*
 * epoll_ctl06: EPOLL_CTL_ADD on a descriptor of every kind: those whose
 * files can be polled are accepted; regular files, directories,
 * /dev/zero, /proc/self/maps and memfds are refused with EPERM, O_PATH
 * descriptors with EBADF. A kind the kernel cannot make is TCONF.
 */
#include "tst_test.h"

static int exp_errno(enum tst_fd_type type)
{
	switch (type) {
	case TST_FD_FILE:
	case TST_FD_DIR:
	case TST_FD_DEV_ZERO:
	case TST_FD_PROC_MAPS:
	case TST_FD_MEMFD:
		return EPERM;
	case TST_FD_PATH:
		return EBADF;
	default:
		return 0;
	}
}

static void run(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct tst_fd fd;
	int t, efd, err;

	for (t = 0; t < TST_FD_MAX; t++) {
		if (tst_fd_open(&fd, t))
			continue;
		efd = SAFE_EPOLL_CREATE1(0);
		ev.data.fd = fd.fd;
		err = exp_errno(t);
		if (err)
			TST_EXP_FAIL(epoll_ctl(efd, EPOLL_CTL_ADD, fd.fd, &ev),
				     err, "epoll_ctl() on %s", tst_fd_desc(&fd));
		else
			TST_EXP_PASS(epoll_ctl(efd, EPOLL_CTL_ADD, fd.fd, &ev),
				     "epoll_ctl() on %s", tst_fd_desc(&fd));
		SAFE_CLOSE(efd);
		tst_fd_close(&fd);
	}
}

static struct tst_test test = {
	.test_all = run,
};
