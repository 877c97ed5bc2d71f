/*
 * sendmsg01: sendmsg() results: EBADF, ENOTSOCK, EFAULT for a bad buffer,
 * a connected TCP socket sends all (to another address), an unconnected
 * one is EPIPE, EINVAL for a short or negative name length, EFAULT for a
 * bad name, EMSGSIZE for a UDP datagram over 64 KiB, EPIPE after SHUT_WR,
 * EFAULT for a NULL or unmapped iovec array or msghdr, EMSGSIZE for too
 * many iovecs, SCM_RIGHTS over AF_UNIX, EOPNOTSUPP for every flag with
 * control data and for MSG_OOB on UDP, no control data for a zero
 * controllen, EINVAL for a control message longer than the buffer, EFAULT
 * for a bad control buffer. The raw system call:
 * the C library reads the msghdr itself.
 */
#include "sock_common.h"

#include <limits.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define BIG (128 * 1024)

static int bad_fd = 400, devnull_fd = -1;
static int tcp_cli = -1, tcp_srv = -1, tcp_unconn = -1, udp_fd = -1;
static int udp_rcv = -1, tcp_shut = -1, tcp_shut_srv = -1;
static int usv[2] = { -1, -1 };
static struct sockaddr_in udp_addr;
static char buf[1024];
static char *bigbuf;

enum { M_OK, M_BADBUF, M_SHORTLEN, M_NEGLEN, M_BADNAME, M_BIG, M_NULLIOV,
       M_BADIOV, M_NULLMSG, M_BADMSG, M_MANYIOV, M_RIGHTS, M_ZEROCTL,
       M_CMSGLEN, M_BADCTL };

static struct tcase {
	int *fd;
	int kind;
	int flags;
	int exp_ret;
	int exp_errno;
	const char *desc;
} tcases[] = {
	{ &bad_fd, M_OK, 0, -1, EBADF, "bad file descriptor" },
	{ &devnull_fd, M_OK, 0, -1, ENOTSOCK, "invalid socket" },
	{ &udp_fd, M_BADBUF, 0, -1, EFAULT, "invalid send buffer" },
	{ &tcp_cli, M_OK, 0, sizeof(buf), 0, "connected TCP" },
	{ &tcp_unconn, M_OK, 0, -1, EPIPE, "not connected TCP" },
	{ &udp_fd, M_SHORTLEN, 0, -1, EINVAL, "invalid to buffer length" },
	{ &udp_fd, M_NEGLEN, 0, -1, EINVAL, "negative to buffer length" },
	{ &udp_fd, M_BADNAME, 0, -1, EFAULT, "invalid to buffer" },
	{ &udp_fd, M_BIG, 0, -1, EMSGSIZE, "UDP message too big" },
	{ &tcp_shut, M_OK, 0, -1, EPIPE, "local endpoint shutdown" },
	{ &tcp_cli, M_NULLIOV, 0, -1, EFAULT, "invalid iovec pointer" },
	{ &udp_fd, M_BADIOV, 0, -1, EFAULT, "unmapped iovec pointer" },
	{ &tcp_cli, M_NULLMSG, 0, -1, EFAULT, "invalid msghdr pointer" },
	{ &udp_fd, M_BADMSG, 0, -1, EFAULT, "unmapped msghdr pointer" },
	{ &udp_fd, M_MANYIOV, 0, -1, EMSGSIZE, "invalid iovec count" },
	{ &usv[0], M_RIGHTS, 0, sizeof(buf), 0, "rights passing" },
	{ &usv[0], M_RIGHTS, 0x7fffffff, -1, EOPNOTSUPP, "invalid flags set w/ control" },
	{ &udp_fd, M_OK, MSG_OOB, -1, EOPNOTSUPP, "invalid flags set" },
	{ &usv[0], M_ZEROCTL, 0, sizeof(buf), 0, "invalid cmsg length (controllen 0: no control)" },
	{ &usv[0], M_CMSGLEN, 0, -1, EINVAL, "cmsg length past the control buffer" },
	{ &usv[0], M_BADCTL, 0, -1, EFAULT, "invalid cmsg pointer" },
	{ &udp_fd, M_OK, 0, sizeof(buf), 0, "UDP datagram" },
};

static void setup(void)
{
	SAFE_SIGNAL(SIGPIPE, SIG_IGN);
	devnull_fd = SAFE_OPEN("/dev/null", O_WRONLY);
	sock_tcp_pair(&tcp_cli, &tcp_srv);
	/*
	 * The peer stays open, as LTP's server does: with it closed, the
	 * local FIN could meet a reset and the send give ECONNRESET (seen
	 * on Linux), which is not what this case is about.
	 */
	sock_tcp_pair(&tcp_shut, &tcp_shut_srv);
	if (shutdown(tcp_shut, SHUT_WR) < 0)
		tst_brk(TBROK | TERRNO, "shutdown");
	tcp_unconn = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	udp_rcv = sock_udp_bound(&udp_addr);
	udp_fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_SOCKETPAIR(AF_UNIX, SOCK_DGRAM, 0, usv);
	bigbuf = SAFE_MALLOC(BIG);
	memset(buf, 'a', sizeof(buf));
}

static void cleanup(void)
{
	int *fds[] = { &devnull_fd, &tcp_cli, &tcp_srv, &tcp_unconn, &udp_fd,
		       &udp_rcv, &tcp_shut, &tcp_shut_srv, &usv[0], &usv[1] };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			SAFE_CLOSE(*fds[i]);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct iovec iov = { buf, sizeof(buf) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = {
		.msg_name = &udp_addr, .msg_namelen = sizeof(udp_addr),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct msghdr *mp = &msg;
	struct cmsghdr *cm;
	char rbuf[2048];

	if (*tc->fd == usv[0]) {
		msg.msg_name = NULL;
		msg.msg_namelen = 0;
	}
	switch (tc->kind) {
	case M_BADBUF:
		iov.iov_base = (void *)-1;
		break;
	case M_SHORTLEN:
		msg.msg_namelen = 1;
		break;
	case M_NEGLEN:
		msg.msg_namelen = -1;
		break;
	case M_BADNAME:
		msg.msg_name = (void *)-1;
		break;
	case M_BIG:
		iov.iov_base = bigbuf;
		iov.iov_len = BIG;
		break;
	case M_NULLIOV:
		msg.msg_iov = NULL;
		break;
	case M_BADIOV:
		msg.msg_iov = (struct iovec *)-1;
		break;
	case M_NULLMSG:
		mp = NULL;
		break;
	case M_BADMSG:
		mp = (struct msghdr *)-1;
		break;
	case M_MANYIOV:
		msg.msg_iovlen = IOV_MAX + 1;
		break;
	case M_RIGHTS:
	case M_CMSGLEN:
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = tc->kind == M_RIGHTS ? CMSG_LEN(sizeof(int)) :
			       sizeof(ctl.buf) + 16;
		memcpy(CMSG_DATA(cm), &devnull_fd, sizeof(int));
		break;
	case M_ZEROCTL:
		msg.msg_control = ctl.buf;
		msg.msg_controllen = 0;
		break;
	case M_BADCTL:
		msg.msg_control = (void *)-1;
		msg.msg_controllen = CMSG_SPACE(sizeof(int));
		break;
	}
	if (tc->exp_ret < 0) {
		TST_EXP_FAIL2(syscall(SYS_sendmsg, *tc->fd, mp, tc->flags), tc->exp_errno,
			      "%s", tc->desc);
		return;
	}
	TST_EXP_VAL(syscall(SYS_sendmsg, *tc->fd, mp, tc->flags), tc->exp_ret, "%s",
		    tc->desc);
	if (*tc->fd == udp_fd)
		TST_EXP_VAL(recv(udp_rcv, rbuf, sizeof(rbuf), 0), sizeof(buf),
			    "the datagram arrives whole");
	else if (*tc->fd == tcp_cli)
		TST_EXP_VAL(recv(tcp_srv, rbuf, sizeof(buf), MSG_WAITALL),
			    sizeof(buf), "the data arrives at the peer");
	else
		TST_EXP_VAL(recv(usv[1], rbuf, sizeof(rbuf), 0), sizeof(buf),
			    "the datagram arrives at the peer");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
