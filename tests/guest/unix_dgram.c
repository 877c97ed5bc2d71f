/*
 * AF_UNIX datagram and seqpacket sockets: addressed sends and the sender's
 * address on receipt, connect and AF_UNSPEC, autobind, MSG_TRUNC and
 * MSG_PEEK, seqpacket boundaries and EOF, FIONREAD, recvmmsg/sendmmsg.
 */
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fs_util.h"
#include "guest.h"

#define D "/tmp/unix_dgram"

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void test_dgram(void)
{
	struct sockaddr_un sa, ca, from;
	socklen_t slen = path_addr(&sa, D "/server");
	socklen_t clen = path_addr(&ca, D "/client"), flen;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	int c = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[64];

	CHECK_EQ(bind(s, (struct sockaddr *)&sa, slen), 0);
	/* An unbound sender: the receiver gets no address (length 0). */
	CHECK_EQ(sendto(c, "one", 3, 0, (struct sockaddr *)&sa, slen), 3);
	flen = sizeof(from);
	CHECK_EQ(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			  &flen),
		 3);
	CHECK_EQ(flen, 0);
	/* A bound sender's path comes with the datagram. */
	CHECK_EQ(bind(c, (struct sockaddr *)&ca, clen), 0);
	CHECK_EQ(sendto(c, "two", 3, 0, (struct sockaddr *)&sa, slen), 3);
	CHECK_EQ(sendto(c, "three", 5, 0, (struct sockaddr *)&sa, slen), 5);
	int n = -1;
	CHECK_EQ(ioctl(s, FIONREAD, &n), 0);
	CHECK_EQ(n, 3);
	flen = sizeof(from);
	CHECK_EQ(recvfrom(s, buf, sizeof(buf), MSG_PEEK, (struct sockaddr *)&from,
			  &flen),
		 3);
	CHECK_EQ(flen, clen);
	CHECK_MEM(from.sun_path, D "/client", sizeof(D "/client"));
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 3);
	CHECK_MEM(buf, "two", 3);
	/* Boundaries are kept; a short buffer truncates. */
	CHECK_EQ(recv(s, buf, 2, MSG_PEEK | MSG_TRUNC), 5);
	struct iovec iov = { buf, 2 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ(recvmsg(s, &mh, 0), 2);
	CHECK_EQ(mh.msg_flags, MSG_TRUNC);
	CHECK_MEM(buf, "th", 2);
	CHECK_ERR(SYS(SYS_recvfrom, s, buf, 1, MSG_DONTWAIT, 0, 0), EAGAIN);
	/* Empty datagrams exist. */
	CHECK_EQ(sendto(c, "", 0, 0, (struct sockaddr *)&sa, slen), 0);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 0);

	/* Connected: send without an address; others may not send to c. */
	CHECK_ERR(SYS(SYS_sendto, c, "x", 1, 0, 0, 0), ENOTCONN);
	CHECK_EQ(connect(c, (struct sockaddr *)&sa, slen), 0);
	CHECK_EQ(send(c, "four", 4, 0), 4);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 4);
	CHECK_EQ(connect(s, (struct sockaddr *)&ca, clen), 0);
	int o = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(SYS(SYS_sendto, o, "x", 1, 0, &ca, clen), EPERM);
	/* AF_UNSPEC dissolves the association. */
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	CHECK_EQ(connect(c, &unspec, sizeof(unspec)), 0);
	CHECK_ERR(SYS(SYS_sendto, c, "x", 1, 0, 0, 0), ENOTCONN);
	socklen_t len = sizeof(from);
	CHECK_ERR(SYS(SYS_getpeername, c, &from, &len), ENOTCONN);
	close(o);

	/* SO_PASSCRED autobinds a sender to an abstract name. */
	int a = socket(AF_UNIX, SOCK_DGRAM, 0), one = 1;
	CHECK_EQ(setsockopt(a, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)), 0);
	CHECK_EQ(connect(s, (struct sockaddr *)&(struct sockaddr){ AF_UNSPEC },
			 sizeof(struct sockaddr)),
		 0);
	CHECK_EQ(sendto(a, "auto", 4, 0, (struct sockaddr *)&sa, slen), 4);
	len = sizeof(from);
	CHECK_EQ(getsockname(a, (struct sockaddr *)&from, &len), 0);
	CHECK_EQ(len, 8);
	CHECK_EQ(from.sun_path[0], 0);
	flen = sizeof(from);
	CHECK_EQ(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			  &flen),
		 4);
	CHECK_EQ(flen, 8);
	/* bind with only the family autobinds too. */
	int b = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_EQ(bind(b, (struct sockaddr *)&(sa_family_t){ AF_UNIX }, 2), 0);
	len = sizeof(from);
	CHECK_EQ(getsockname(b, (struct sockaddr *)&from, &len), 0);
	CHECK_EQ(len, 8);
	/* A dgram socket can't listen or accept; streams can't reach it. */
	CHECK_ERR(SYS(SYS_listen, s, 1), EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_accept, s, 0, 0), EOPNOTSUPP);
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_connect, st, &sa, slen), EPROTOTYPE);
	/* A datagram larger than the send buffer. */
	static char big[300000];
	CHECK_ERR(SYS(SYS_sendto, c, big, sizeof(big), 0, &sa, slen), EMSGSIZE);
	close(st);
	close(a);
	close(b);
	close(c);
	/* The server is gone: ECONNREFUSED. */
	close(s);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(SYS(SYS_sendto, c, "x", 1, 0, &sa, slen), ECONNREFUSED);
	close(c);
}

static void test_seqpacket(void)
{
	int sv[2];
	char buf[64];

	CHECK_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	CHECK_EQ(write(sv[0], "abc", 3), 3);
	CHECK_EQ(write(sv[0], "defgh", 5), 5);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 3);
	CHECK_EQ(recv(sv[1], buf, 2, 0), 2);
	CHECK_MEM(buf, "de", 2);
	CHECK_ERR(SYS(SYS_recvfrom, sv[1], buf, 1, MSG_DONTWAIT, 0, 0), EAGAIN);
	int v;
	socklen_t len = sizeof(v);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(v, SOCK_SEQPACKET);
	close(sv[0]);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);
	close(sv[1]);

	/* A seqpacket server. */
	struct sockaddr_un a;
	socklen_t alen = path_addr(&a, D "/seq");
	int ls = socket(AF_UNIX, SOCK_SEQPACKET, 0), c, s;
	CHECK_EQ(bind(ls, (struct sockaddr *)&a, alen), 0);
	CHECK_EQ(listen(ls, 2), 0);
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_ERR(SYS(SYS_sendto, c, "x", 1, 0, 0, 0), ENOTCONN);
	CHECK_EQ(connect(c, (struct sockaddr *)&a, alen), 0);
	s = accept(ls, NULL, NULL);
	CHECK(s >= 0);
	CHECK_EQ(send(c, "12", 2, 0), 2);
	CHECK_EQ(send(c, "345", 3, 0), 3);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 2);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 3);
	close(c);
	close(s);
	close(ls);
}

static void test_mmsg(void)
{
	int sv[2];
	char b[3][8];
	struct iovec iov[3];
	struct mmsghdr mm[3];

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		memcpy(b[i], "m0", 3);
		b[i][1] += i;
		iov[i] = (struct iovec){ b[i], 3 };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK_EQ(SYS(SYS_sendmmsg, sv[0], mm, 3, 0), 3);
	CHECK_EQ(mm[2].msg_len, 3);
	memset(b, 0, sizeof(b));
	for (int i = 0; i < 3; i++)
		iov[i].iov_len = 8;
	CHECK_EQ(SYS(SYS_recvmmsg, sv[1], mm, 3, MSG_DONTWAIT, 0), 3);
	CHECK_EQ(mm[1].msg_len, 3);
	CHECK_MEM(b[1], "m1", 3);
	CHECK_MEM(b[2], "m2", 3);
	CHECK_ERR(SYS(SYS_recvmmsg, sv[1], mm, 3, MSG_DONTWAIT, 0), EAGAIN);
	/* Poll of a datagram pair. */
	struct pollfd p = { sv[1], POLLIN | POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	fs_scratch(D);
	test_dgram();
	test_seqpacket();
	test_mmsg();
	fs_rm_rf(D);
	return check_done();
}
