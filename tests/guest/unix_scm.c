/*
 * AF_UNIX control messages and options: SCM_RIGHTS passing a pipe end
 * (and MSG_CTRUNC when the buffer is short), SCM_CREDENTIALS with
 * SO_PASSCRED, malformed control data, SO_RCVBUF/SO_SNDBUF, SO_RCVTIMEO
 * timing out, SO_ERROR, unknown options and levels.
 */
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "guest.h"

static long send_fds(int s, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(8 * sizeof(int))];
	struct iovec iov = { "F", 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	memset(cbuf, 0, sizeof(cbuf));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return SYS(SYS_sendmsg, s, &mh, 0);
}

static void test_rights(int type)
{
	int sv[2], p[2], got;
	char buf[8], cbuf[CMSG_SPACE(sizeof(int) * 2)];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;

	CHECK_EQ(socketpair(AF_UNIX, type, 0, sv), 0);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(send_fds(sv[0], &p[1], 1), 1);
	/* Our copy goes; the one in flight keeps the pipe open. */
	close(p[1]);
	CHECK_EQ(recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC), 1);
	/* Linux hands MSG_CMSG_CLOEXEC back. */
	CHECK_EQ(mh.msg_flags, MSG_CMSG_CLOEXEC);
	CHECK_EQ(mh.msg_controllen, CMSG_SPACE(sizeof(int)));
	c = CMSG_FIRSTHDR(&mh);
	CHECK(c != NULL);
	CHECK_EQ(c->cmsg_level, SOL_SOCKET);
	CHECK_EQ(c->cmsg_type, SCM_RIGHTS);
	CHECK_EQ(c->cmsg_len, CMSG_LEN(sizeof(int)));
	memcpy(&got, CMSG_DATA(c), sizeof(got));
	CHECK(got >= 0 && got != sv[0] && got != sv[1]);
	CHECK_EQ(fcntl(got, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(write(got, "via", 3), 3);
	CHECK_EQ(read(p[0], buf, 3), 3);
	CHECK_MEM(buf, "via", 3);
	close(got);
	/* Now the write end is gone for good: EOF. */
	CHECK_EQ(read(p[0], buf, 1), 0);

	/* No room for descriptors: they are closed and MSG_CTRUNC set. */
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(send_fds(sv[0], p, 2), 1);
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 1);
	CHECK_EQ(mh.msg_flags, MSG_CTRUNC);
	close(p[0]);
	close(p[1]);

	/* Bad descriptors and malformed headers. */
	int bad = 999;
	CHECK_ERR(send_fds(sv[0], &bad, 1), EBADF);
	char cb[CMSG_SPACE(sizeof(int))];
	struct msghdr m2 = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cb,
			     .msg_controllen = sizeof(cb) };
	iov.iov_len = 1;
	struct cmsghdr *h = (struct cmsghdr *)cb;
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = sizeof(cb) + 8;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &m2, 0), EINVAL);
	h->cmsg_len = 4;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &m2, 0), EINVAL);
	h->cmsg_len = CMSG_LEN(sizeof(int));
	h->cmsg_type = 77;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &m2, 0), EINVAL);
	/* Another level is ignored. */
	h->cmsg_level = 12345;
	CHECK_EQ(SYS(SYS_sendmsg, sv[0], &m2, 0), 1);
	m2.msg_control = (void *)KERNEL_ADDR;
	CHECK_ERR(SYS(SYS_sendmsg, sv[0], &m2, 0), EFAULT);
	close(sv[0]);
	close(sv[1]);
}

static void test_creds(void)
{
	int sv[2], one = 1;
	char buf[4], cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct ucred cr;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	CHECK_EQ(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)),
		 0);
	CHECK_EQ(write(sv[0], "c", 1), 1);
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 1);
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	CHECK(c != NULL);
	if (c) {
		CHECK_EQ(c->cmsg_type, SCM_CREDENTIALS);
		CHECK_EQ(c->cmsg_len, CMSG_LEN(sizeof(cr)));
		memcpy(&cr, CMSG_DATA(c), sizeof(cr));
		CHECK_EQ(cr.pid, getpid());
		CHECK_EQ(cr.uid, getuid());
		CHECK_EQ(cr.gid, getgid());
	}
	close(sv[0]);
	close(sv[1]);
}

static void test_options(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v;
	socklen_t len = sizeof(v);

	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len), 0);
	CHECK_EQ(v, 212992);
	v = 10000;
	CHECK_EQ(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)), 0);
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len), 0);
	CHECK_EQ(v, 20000);
	v = 100;
	CHECK_EQ(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)), 0);
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len), 0);
	CHECK_EQ(v, 4608);
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len), 0);
	CHECK_EQ(v, 0);
	/* Short buffers get part of the value; negative lengths EINVAL. */
	char c1 = 9;
	len = 1;
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, &c1, &len), 0);
	CHECK_EQ(len, 1);
	CHECK_EQ(c1, SOCK_STREAM);
	CHECK_ERR(SYS(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, &(int){ -1 }),
		  EINVAL);
	CHECK_ERR(SYS(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, NULL,
		      &(int){ 4 }),
		  EFAULT);
	CHECK_ERR(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_RCVBUF, &v, 2), EINVAL);
	CHECK_ERR(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_RCVBUF, NULL, 4), EFAULT);
	CHECK_ERR(SYS(SYS_setsockopt, s, SOL_SOCKET, 9999, &v, 4), ENOPROTOOPT);
	CHECK_ERR(SYS(SYS_getsockopt, s, SOL_SOCKET, 9999, &v, &(int){ 4 }),
		  ENOPROTOOPT);
	/* AF_UNIX has no options at other levels. */
	CHECK_ERR(SYS(SYS_setsockopt, s, 6 /* IPPROTO_TCP */, 1, &v, 4),
		  EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_getsockopt, s, 6, 1, &v, &(int){ 4 }), EOPNOTSUPP);

	/* SO_RCVTIMEO: a blocking read gives up with EAGAIN. */
	int sv[2];
	struct timeval tv = { 0, 100000 }, got;
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	len = sizeof(got);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len), 0);
	CHECK_EQ(len, sizeof(got));
	CHECK_EQ(got.tv_sec, 0);
	CHECK_EQ(got.tv_usec, 100000);
	long t0 = mono_ns();
	char b;
	CHECK_ERR(SYS(SYS_read, sv[0], &b, 1), EAGAIN);
	long dt = mono_ns() - t0;
	CHECK(dt >= 90000000 && dt < 2000000000);
	tv.tv_usec = 1000000;
	CHECK_ERR(SYS(SYS_setsockopt, sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv,
		      sizeof(tv)),
		  EDOM);
	CHECK_ERR(SYS(SYS_setsockopt, sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, 8),
		  EINVAL);
	/* Non-blocking through fcntl. */
	CHECK_EQ(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_read, sv[1], &b, 1), EAGAIN);
	close(sv[0]);
	close(sv[1]);
	close(s);
}

int main(void)
{
	test_rights(SOCK_STREAM);
	test_rights(SOCK_DGRAM);
	test_creds();
	test_options();
	return check_done();
}
