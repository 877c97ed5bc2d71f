/*
 * recvmsg01: recvmsg() results with data waiting: EBADF, ENOTSOCK, a bad
 * name buffer unused on TCP, EINVAL for a negative name length (alone and
 * with every flag), EFAULT for a bad buffer or iovec array, EMSGSIZE for
 * a negative or too large iovec count, EINVAL for MSG_OOB without urgent
 * data, EAGAIN for MSG_ERRQUEUE (TCP); SCM_RIGHTS received over AF_UNIX
 * (a working descriptor) with a fitting and a 128 KiB control buffer, and
 * MSG_CTRUNC when the buffer is shorter than a header.
 */
#include "sock_common.h"

#include <limits.h>
#include <sys/uio.h>

#define DATALEN 16

static int bad_fd = 400, devnull_fd = -1, cli = -1, srv = -1;
static int usv[2] = { -1, -1 }, pfd[2] = { -1, -1 };
static char buf[1024];
#define BIGCTL (128 * 1024)
static char *bigctl;

enum { M_OK, M_BADNAME, M_NEGLEN, M_BADBUF, M_BADIOV, M_NEGIOV, M_MANYIOV,
       M_RIGHTS, M_CTRUNC, M_BIGCTL };

static struct tcase {
	int *fd;
	int kind;
	int flags;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, M_OK, 0, EBADF, "bad file descriptor" },
	{ &devnull_fd, M_OK, 0, ENOTSOCK, "invalid socket" },
	{ &cli, M_BADNAME, 0, 0, "invalid socket buffer (TCP writes no name)" },
	{ &cli, M_NEGLEN, -1, EINVAL, "invalid socket length, every flag" },
	{ &cli, M_NEGLEN, 0, EINVAL, "negative socket length" },
	{ &cli, M_BADBUF, 0, EFAULT, "invalid recv buffer" },
	{ &cli, M_BADIOV, 0, EFAULT, "invalid iovec buffer" },
	{ &cli, M_NEGIOV, 0, EMSGSIZE, "invalid iovec count" },
	{ &cli, M_MANYIOV, 0, EMSGSIZE, "iovec count over IOV_MAX" },
	{ &cli, M_OK, MSG_OOB, EINVAL, "invalid MSG_OOB flag set" },
	{ &cli, M_OK, MSG_ERRQUEUE, EAGAIN, "invalid MSG_ERRQUEUE flag set" },
	{ &usv[1], M_RIGHTS, 0, 0, "rights reception" },
	{ &usv[1], M_CTRUNC, 0, 0, "invalid cmsg length (shorter than a header)" },
	{ &usv[1], M_BIGCTL, 0, 0, "large cmsg length" },
	{ &cli, M_OK, 0, 0, "data" },
};

static void setup(void)
{
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_tcp_pair(&cli, &srv);
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_DGRAM, 0, usv);
	SAFE_PIPE(pfd);
	bigctl = SAFE_MALLOC(BIGCTL);
}

static void cleanup(void)
{
	int *fds[] = { &devnull_fd, &cli, &srv, &usv[0], &usv[1], &pfd[0],
		       &pfd[1] };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			SAFE_CLOSE(*fds[i]);
}

/* Sends DATALEN bytes with the pipe's read end attached. */
static void send_rights(void)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { "0123456789abcdef", DATALEN };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pfd[0], sizeof(int));
	SAFE_SENDMSG(DATALEN, usv[0], &msg, 0);
}

static void refill(void)
{
	char junk[256];

	while (recv(cli, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	SAFE_SEND(1, srv, "0123456789abcdef", DATALEN, 0);
	TEST(recv(cli, junk, 1, MSG_PEEK));
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_in from;
	struct iovec iov = { buf, sizeof(buf) };
	union {
		char buf[CMSG_SPACE(sizeof(int)) + 64];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct cmsghdr *cm;
	int fd;
	char c;

	refill();
	switch (tc->kind) {
	case M_BADNAME:
		msg.msg_name = (void *)-1;
		break;
	case M_NEGLEN:
		msg.msg_namelen = -1;
		break;
	case M_BADBUF:
		iov.iov_base = (void *)-1;
		break;
	case M_BADIOV:
		msg.msg_iov = (struct iovec *)-1;
		break;
	case M_NEGIOV:
		msg.msg_iovlen = -1;
		break;
	case M_MANYIOV:
		msg.msg_iovlen = IOV_MAX + 1;
		break;
	case M_RIGHTS:
	case M_CTRUNC:
	case M_BIGCTL:
		send_rights();
		msg.msg_name = NULL;
		msg.msg_namelen = 0;
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		if (tc->kind == M_CTRUNC)
			msg.msg_controllen = sizeof(struct cmsghdr) - 1;
		if (tc->kind == M_BIGCTL) {
			msg.msg_control = bigctl;
			msg.msg_controllen = BIGCTL;
		}
		break;
	}
	if (tc->exp_errno) {
		TST_EXP_FAIL2(recvmsg(*tc->fd, &msg, tc->flags), tc->exp_errno,
			      "%s", tc->desc);
		return;
	}
	TST_EXP_VAL(recvmsg(*tc->fd, &msg, tc->flags), DATALEN, "%s",
		    tc->desc);
	if (tc->kind == M_CTRUNC) {
		TST_EXP_EXPR(msg.msg_flags & MSG_CTRUNC,
			     "MSG_CTRUNC in msg_flags (0x%x)", msg.msg_flags);
		return;
	}
	if (tc->kind != M_RIGHTS && tc->kind != M_BIGCTL)
		return;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		tst_res(TFAIL, "no SCM_RIGHTS message (controllen %zu)",
			(size_t)msg.msg_controllen);
		return;
	}
	TST_EXP_EQ_LU(msg.msg_controllen, CMSG_SPACE(sizeof(int)));
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	SAFE_WRITE(1, pfd[1], "r", 1);
	TST_EXP_VAL(read(fd, &c, 1), 1, "read through the received fd %d", fd);
	TST_EXP_EQ_LI(c, 'r');
	close(fd);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
