/*
 * The generic socket layer's errors: absent families (EAFNOSUPPORT), bad
 * types and flags (EINVAL), bad protocols (EPROTONOSUPPORT), descriptors
 * that are not open or O_PATH (EBADF) or not sockets (ENOTSOCK), bad pointers
 * (EFAULT) and address lengths (EINVAL) for every socket call.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "guest.h"

struct socket_case {
	int family, type, protocol, err;
};

static const struct socket_case socket_cases[] = {
	{ AF_UNIX, SOCK_STREAM, 0, 0 },
	{ AF_UNIX, SOCK_DGRAM, 0, 0 },
	{ AF_UNIX, SOCK_SEQPACKET, 0, 0 },
	{ AF_UNIX, SOCK_STREAM, AF_UNIX, 0 },
	{ AF_UNIX, SOCK_RAW, 0, 0 },            /* becomes SOCK_DGRAM */
	{ AF_UNIX, SOCK_STREAM, 2, EPROTONOSUPPORT },
	{ AF_UNIX, SOCK_RDM, 0, ESOCKTNOSUPPORT },
	{ AF_UNIX, SOCK_PACKET, 0, ESOCKTNOSUPPORT },
	{ AF_UNIX, 11, 0, EINVAL },
	{ AF_UNIX, 15, 0, EINVAL },
	{ AF_UNIX, SOCK_STREAM | 0x100, 0, EINVAL },
	{ AF_INET6 + 100, SOCK_STREAM, 0, EAFNOSUPPORT },
	{ -1, SOCK_STREAM, 0, EAFNOSUPPORT },
	{ 46, SOCK_STREAM, 0, EAFNOSUPPORT },
	{ 1000, SOCK_STREAM, 0, EAFNOSUPPORT },
	{ AF_UNIX, -1, 0, EINVAL },
};

static void test_socket(void)
{
	for (unsigned i = 0; i < sizeof(socket_cases) / sizeof(socket_cases[0]);
	     i++) {
		const struct socket_case *c = &socket_cases[i];
		long fd = SYS(SYS_socket, c->family, c->type, c->protocol);

		if (c->err) {
			CHECK_ERR(fd, c->err);
		} else {
			CHECK(fd >= 0);
			SYS(SYS_close, fd);
		}
	}
	/* SOCK_RAW in AF_UNIX is a datagram socket. */
	int s = socket(AF_UNIX, SOCK_RAW, 0), v;
	socklen_t len = sizeof(v);
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(v, SOCK_DGRAM);
	close(s);
	/* Flags. */
	s = SYS(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		0);
	CHECK(s >= 0);
	CHECK_EQ(fcntl(s, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
	close(s);
	/* socketpair: the same checks, EFAULT for the array. */
	int sv[2];
	CHECK_ERR(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, KERNEL_ADDR),
		  EFAULT);
	CHECK_ERR(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM | 0x100, 0, sv),
		  EINVAL);
	CHECK_ERR(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM, 5, sv),
		  EPROTONOSUPPORT);
	CHECK_ERR(SYS(SYS_socketpair, 1000, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
	/* A failed socketpair leaves no descriptors behind. */
	int next = dup(0);
	close(next);
	CHECK_ERR(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
	CHECK_EQ(dup(0), next);
	close(next);
}

/* Every call on a closed descriptor and on a file that is not a socket. */
static void test_fds(void)
{
	int fds[2] = { 1000, -1 };
	int file = open("/tests/list", O_RDONLY);
	/* An O_PATH descriptor is not open to socket calls (fdget): EBADF. */
	int path = open("/tests/list", O_PATH);
	struct sockaddr_un a = { AF_UNIX, "x" };
	char buf[4];
	int len = sizeof(a);
	struct iovec iov = { buf, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	CHECK(path >= 0);
	for (int i = 0; i < 4; i++) {
		int fd = i < 2 ? fds[i] : i == 2 ? file : path;
		int err = i == 2 ? ENOTSOCK : EBADF;

		CHECK_ERR(SYS(SYS_bind, fd, &a, sizeof(a)), err);
		CHECK_ERR(SYS(SYS_connect, fd, &a, sizeof(a)), err);
		CHECK_ERR(SYS(SYS_listen, fd, 1), err);
		CHECK_ERR(SYS(SYS_accept, fd, 0, 0), err);
		CHECK_ERR(SYS(SYS_accept4, fd, 0, 0, 0), err);
		CHECK_ERR(SYS(SYS_getsockname, fd, &a, &len), err);
		CHECK_ERR(SYS(SYS_getpeername, fd, &a, &len), err);
		CHECK_ERR(SYS(SYS_sendto, fd, buf, 1, 0, 0, 0), err);
		CHECK_ERR(SYS(SYS_recvfrom, fd, buf, 1, 0, 0, 0), err);
		CHECK_ERR(SYS(SYS_setsockopt, fd, SOL_SOCKET, SO_DEBUG, &len, 4),
			  err);
		CHECK_ERR(SYS(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, buf, &len),
			  err);
		CHECK_ERR(SYS(SYS_shutdown, fd, SHUT_RD), err);
		CHECK_ERR(SYS(SYS_sendmsg, fd, &mh, 0), err);
		CHECK_ERR(SYS(SYS_recvmsg, fd, &mh, 0), err);
		CHECK_ERR(SYS(SYS_sendmmsg, fd, &mh, 1, 0), err);
		CHECK_ERR(SYS(SYS_recvmmsg, fd, &mh, 1, 0, 0), err);
	}
	close(file);
	close(path);
}

static void test_pointers(void)
{
	int sv[2], ls;
	char buf[8];
	void *bad[] = { NULL, (void *)KERNEL_ADDR, unmapped_addr() };
	struct sockaddr_un a = { AF_UNIX, "" };

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(bind(ls, (struct sockaddr *)&(sa_family_t){ AF_UNIX }, 2), 0);
	CHECK_EQ(listen(ls, 1), 0);
	for (int i = 0; i < 3; i++) {
		void *p = bad[i];
		struct iovec iov = { p, 4 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		int len = sizeof(a);

		CHECK_ERR(SYS(SYS_bind, sv[0], p, sizeof(a)), EFAULT);
		CHECK_ERR(SYS(SYS_connect, sv[0], p, sizeof(a)), EFAULT);
		CHECK_ERR(SYS(SYS_getsockname, sv[0], p, &len), EFAULT);
		CHECK_ERR(SYS(SYS_getsockname, sv[0], &a, p), EFAULT);
		CHECK_ERR(SYS(SYS_getpeername, sv[0], &a, p), EFAULT);
		CHECK_ERR(SYS(SYS_sendto, sv[0], p, 4, 0, 0, 0), EFAULT);
		/* A NULL address is no address at all. */
		if (p)
			CHECK_ERR(SYS(SYS_sendto, sv[0], "abcd", 4, 0, p,
				      sizeof(a)),
				  EFAULT);
		CHECK_ERR(SYS(SYS_sendmsg, sv[0], p, 0), EFAULT);
		CHECK_ERR(SYS(SYS_sendmsg, sv[0], &mh, 0), EFAULT);
		CHECK_ERR(SYS(SYS_recvmsg, sv[1], p, 0), EFAULT);
		mh.msg_iov = p;
		CHECK_ERR(SYS(SYS_sendmsg, sv[0], &mh, 0), EFAULT);
		CHECK_ERR(SYS(SYS_recvmsg, sv[1], &mh, MSG_DONTWAIT), EFAULT);
		/*
		 * Data waiting, bad buffer: EFAULT. A user address faults in
		 * the copy and the datagram is gone; a kernel one is refused
		 * before anything is taken.
		 */
		CHECK_EQ(write(sv[0], "wxyz", 4), 4);
		CHECK_ERR(SYS(SYS_recvfrom, sv[1], p, 4, 0, 0, 0), EFAULT);
		CHECK_EQ(SYS(SYS_recvfrom, sv[1], buf, 4, MSG_DONTWAIT, 0, 0),
			 p == (void *)KERNEL_ADDR ? 4 : -EAGAIN);
		CHECK_ERR(SYS(SYS_sendmmsg, sv[0], p, 1, 0), EFAULT);
		if (p)
			CHECK_ERR(SYS(SYS_recvmmsg, sv[1], buf, 1, 0, p),
				  EFAULT);
	}
	/* Address lengths. */
	CHECK_ERR(SYS(SYS_bind, sv[0], &a, -1), EINVAL);
	CHECK_ERR(SYS(SYS_bind, sv[0], &a, 129), EINVAL);
	CHECK_ERR(SYS(SYS_bind, sv[0], &a, 1), EINVAL);
	CHECK_ERR(SYS(SYS_getsockname, sv[0], &a, &(int){ -1 }), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, sv[0], "x", 1, 0, &a, -1), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, sv[0], "x", 1, 0, &a, 1000), EINVAL);
	struct iovec iov = { buf, 1 };
	struct msghdr mh = { .msg_name = &a, .msg_namelen = -1,
			     .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &mh, 0), EINVAL);
	mh.msg_namelen = 0;
	mh.msg_iovlen = 1025;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &mh, 0), EMSGSIZE);
	CHECK_ERR(SYS(SYS_recvmsg, sv[0], &mh, 0), EMSGSIZE);
	mh.msg_iovlen = 1;
	iov.iov_len = -1;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &mh, 0), EINVAL);
	/* A bad length pointer in accept loses the connection: Linux too. */
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un la;
	socklen_t llen = sizeof(la);
	CHECK_EQ(getsockname(ls, (struct sockaddr *)&la, &llen), 0);
	CHECK_EQ(connect(c, (struct sockaddr *)&la, llen), 0);
	CHECK_ERR(SYS(SYS_accept, ls, &a, NULL), EFAULT);
	CHECK_EQ(fcntl(ls, F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_accept4, ls, 0, 0, 0), EAGAIN);
	close(c);
	close(ls);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	test_socket();
	test_fds();
	test_pointers();
	return check_done();
}
