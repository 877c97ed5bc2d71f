/*
 * AF_INET stream sockets over 127.0.0.1: bringing lo up with
 * SIOCGIFFLAGS/SIOCSIFFLAGS, bind/listen/connect/accept with an ephemeral
 * port, names, data both ways (1 MiB through a forked sender), MSG_PEEK,
 * MSG_DONTWAIT, EOF and EPIPE after shutdown, ECONNREFUSED, EADDRINUSE,
 * non-blocking accept and connect, poll readiness, options, and the
 * EFAULT/EBADF/EINVAL cases.
 */
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guest.h"

#define BIG (1024 * 1024)
/* sendmmsg's "more follow" (linux/socket.h). */
#define LINUX_MSG_BATCH 0x40000

static u_int8_t pattern(unsigned i)
{
	return (u_int8_t)(i * 7 + (i >> 9));
}

static short poll_one(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };

	CHECK(poll(&p, 1, ms) >= 0);
	return p.revents;
}

static void lo_up(void)
{
	int fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;

	CHECK(fd >= 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, &ifr), 0);
	CHECK(ifr.ifr_flags & IFF_LOOPBACK);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCSIFFLAGS, &ifr), 0);
	memset(&ifr.ifr_flags, 0, sizeof(ifr.ifr_flags));
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, &ifr), 0);
	CHECK_EQ(ifr.ifr_flags & 0xffff, IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
	strcpy(ifr.ifr_name, "nosuch0");
	CHECK_ERR(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, &ifr), ENODEV);
	CHECK_ERR(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, (void *)8), EFAULT);
	close(fd);
}

static struct sockaddr_in lo_addr(unsigned short port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A listener on 127.0.0.1 with an ephemeral port, returned in *port. */
static int listener(unsigned short *port)
{
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	int l = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);

	CHECK(l >= 0);
	CHECK_EQ(SYS(SYS_bind, l, &a, sizeof(a)), 0);
	memset(&a, 0xff, sizeof(a));
	CHECK_EQ(SYS(SYS_getsockname, l, &a, &len), 0);
	CHECK_EQ(len, sizeof(a));
	CHECK_EQ(a.sin_family, AF_INET);
	CHECK_EQ(a.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_NE(a.sin_port, 0);
	CHECK_EQ(SYS(SYS_listen, l, 5), 0);
	*port = ntohs(a.sin_port);
	return l;
}

static int sockopt_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	CHECK_EQ(SYS(SYS_getsockopt, fd, level, name, &v, &len), 0);
	CHECK_EQ(len, sizeof(v));
	return v;
}

static void big_sender(int fd)
{
	static u_int8_t buf[BIG];

	for (unsigned i = 0; i < BIG; i++)
		buf[i] = pattern(i);
	CHECK_EQ(SYS(SYS_sendto, fd, buf, BIG, 0, 0, 0), BIG);
	CHECK_EQ(SYS(SYS_shutdown, fd, SHUT_WR), 0);
	exit(check_done());
}

static void test_connection(void)
{
	static u_int8_t buf[65536];
	unsigned short port;
	int l = listener(&port), c, a, one = 1;
	struct sockaddr_in sa = lo_addr(port), ca, pa;
	socklen_t len;
	long pid, n, got = 0;
	int bad = 0, avail = -1;

	CHECK_EQ(sockopt_int(l, SOL_SOCKET, SO_ACCEPTCONN), 1);
	CHECK_EQ(sockopt_int(l, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(sockopt_int(l, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	CHECK_EQ(sockopt_int(l, SOL_SOCKET, SO_DOMAIN), AF_INET);

	/* Nothing pending: not readable, and a non-blocking accept fails. */
	CHECK_EQ(poll_one(l, POLLIN, 0), 0);
	CHECK_EQ(SYS(SYS_fcntl, l, F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_accept4, l, 0, 0, 0), EAGAIN);
	CHECK_EQ(SYS(SYS_fcntl, l, F_SETFL, 0), 0);

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	CHECK_ERR(SYS(SYS_getpeername, c, &pa, &len), ENOTCONN);
	CHECK_ERR(SYS(SYS_recvfrom, c, buf, 1, 0, 0, 0), ENOTCONN);
	/* No urgent data: MSG_OOB is EINVAL even unconnected (tcp_recv_urg). */
	CHECK_ERR(SYS(SYS_recvfrom, c, buf, 1, MSG_OOB, 0, 0), EINVAL);
	CHECK_EQ(SYS(SYS_connect, c, &sa, sizeof(sa)), 0);
	CHECK_ERR(SYS(SYS_connect, c, &sa, sizeof(sa)), EISCONN);
	CHECK_EQ(poll_one(l, POLLIN, 5000), POLLIN);
	len = sizeof(pa);
	a = SYS(SYS_accept4, l, &pa, &len, SOCK_CLOEXEC);
	CHECK(a >= 0);
	CHECK_EQ(len, sizeof(pa));
	len = sizeof(ca);
	CHECK_EQ(SYS(SYS_getsockname, c, &ca, &len), 0);
	CHECK_EQ(pa.sin_port, ca.sin_port);
	CHECK_EQ(pa.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	len = sizeof(pa);
	CHECK_EQ(SYS(SYS_getpeername, c, &pa, &len), 0);
	CHECK_EQ(pa.sin_port, htons(port));
	CHECK_EQ(sockopt_int(a, SOL_SOCKET, SO_ACCEPTCONN), 0);
	CHECK_EQ(sockopt_int(a, SOL_SOCKET, SO_ERROR), 0);

	CHECK_EQ(SYS(SYS_setsockopt, c, IPPROTO_TCP, TCP_NODELAY, &one,
		     sizeof(one)), 0);
	CHECK_EQ(sockopt_int(c, IPPROTO_TCP, TCP_NODELAY), 1);

	/* Small data both ways; MSG_PEEK leaves it. */
	CHECK_EQ(poll_one(a, POLLIN, 0), 0);
	CHECK_ERR(SYS(SYS_recvfrom, a, buf, 5, MSG_DONTWAIT, 0, 0), EAGAIN);
	CHECK_EQ(poll_one(c, POLLOUT, 0), POLLOUT);
	CHECK_EQ(SYS(SYS_sendto, c, "hello", 5, 0, 0, 0), 5);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	CHECK_EQ(SYS(SYS_ioctl, a, FIONREAD, &avail), 0);
	CHECK_EQ(avail, 5);
	CHECK_ERR(SYS(SYS_ioctl, l, FIONREAD, &avail), EINVAL);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, 5, MSG_PEEK, 0, 0), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, sizeof(buf), 0, 0, 0), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK_EQ(write(a, "world!", 6), 6);
	CHECK_EQ(read(c, buf, sizeof(buf)), 6);
	CHECK_MEM(buf, "world!", 6);

	/* MSG_OOB without urgent data: EINVAL; on a listener ENOTCONN. */
	CHECK_EQ(SYS(SYS_sendto, c, "u", 1, 0, 0, 0), 1);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	CHECK_ERR(SYS(SYS_recvfrom, a, buf, 1, MSG_OOB, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_recvfrom, a, buf, 1, MSG_OOB | MSG_PEEK, 0, 0),
		  EINVAL);
	CHECK_ERR(SYS(SYS_recvfrom, l, buf, 1, MSG_OOB, 0, 0), ENOTCONN);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, sizeof(buf), 0, 0, 0), 1);
	CHECK_MEM(buf, "u", 1);

	/* sendmmsg marks all but the last MSG_BATCH; TCP takes the flag. */
	{
		struct iovec iv[2] = { { "ab", 2 }, { "cde", 3 } };
		struct mmsghdr mm[2];

		memset(mm, 0, sizeof(mm));
		mm[0].msg_hdr.msg_iov = &iv[0];
		mm[0].msg_hdr.msg_iovlen = 1;
		mm[1].msg_hdr.msg_iov = &iv[1];
		mm[1].msg_hdr.msg_iovlen = 1;
		CHECK_EQ(SYS(SYS_sendmmsg, c, mm, 2, 0), 2);
		CHECK_EQ(mm[0].msg_len, 2);
		CHECK_EQ(mm[1].msg_len, 3);
		CHECK_EQ(SYS(SYS_sendto, c, "f", 1, LINUX_MSG_BATCH, 0, 0), 1);
		CHECK_EQ(SYS(SYS_recvfrom, a, buf, 6, MSG_WAITALL, 0, 0), 6);
		CHECK_MEM(buf, "abcdef", 6);
	}
	CHECK_ERR(SYS(SYS_sendto, c, (void *)8, 5, 0, 0, 0), EFAULT);

	/* 1 MiB from a forked sender, then EOF after its SHUT_WR. */
	pid = must_fork();
	if (!pid)
		big_sender(c);
	while ((n = SYS(SYS_read, a, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++)
			if (buf[i] != pattern(got + i))
				bad++;
		got += n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(got, BIG);
	CHECK_EQ(bad, 0);
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(SYS(SYS_read, a, buf, sizeof(buf)), 0);
	CHECK_EQ(poll_one(a, POLLIN | POLLRDHUP, 0), POLLIN | POLLRDHUP);

	/* The sender's side is shut for writing: EPIPE. */
	CHECK_ERR(SYS(SYS_sendto, c, "x", 1, MSG_NOSIGNAL, 0, 0), EPIPE);
	pid = must_fork();
	if (!pid) {
		SYS(SYS_sendto, c, "x", 1, 0, 0, 0);
		exit(0);
	}
	CHECK_SIGNALED(must_wait(pid), SIGPIPE);
	/* The other way still works. */
	CHECK_EQ(SYS(SYS_sendto, a, "back", 4, 0, 0, 0), 4);
	CHECK_EQ(SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0), 4);
	CHECK_MEM(buf, "back", 4);

	/* 1 MiB the other way, read with MSG_WAITALL in whole buffers. */
	pid = must_fork();
	if (!pid)
		big_sender(a);
	got = bad = 0;
	while ((n = SYS(SYS_recvfrom, c, buf, sizeof(buf), MSG_WAITALL, 0,
			0)) > 0) {
		CHECK_EQ(n, sizeof(buf));
		for (long i = 0; i < n; i++)
			if (buf[i] != pattern(got + i))
				bad++;
		got += n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(got, BIG);
	CHECK_EQ(bad, 0);
	CHECK_EXITED(must_wait(pid), 0);
	close(a);
	CHECK_EQ(SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0), 0);
	close(c);

	/* listen on a connected or accept on a non-listening socket. */
	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_accept4, c, 0, 0, 0), EINVAL);
	close(c);
	close(l);
}

static void test_nonblocking_connect(void)
{
	unsigned short port;
	int l = listener(&port), c, err;
	struct sockaddr_in sa = lo_addr(port);

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(SYS(SYS_connect, c, &sa, sizeof(sa)), EINPROGRESS);
	CHECK_EQ(poll_one(c, POLLOUT, 5000), POLLOUT);
	CHECK_EQ(sockopt_int(c, SOL_SOCKET, SO_ERROR), 0);
	/* The first connect after the handshake reports it; then EISCONN. */
	CHECK_EQ(SYS(SYS_connect, c, &sa, sizeof(sa)), 0);
	CHECK_ERR(SYS(SYS_connect, c, &sa, sizeof(sa)), EISCONN);
	close(c);
	close(l);

	/* The listener is gone: refused, through poll and SO_ERROR. */
	c = SYS(SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(SYS(SYS_connect, c, &sa, sizeof(sa)), EINPROGRESS);
	CHECK_EQ(poll_one(c, POLLOUT, 5000) & (POLLOUT | POLLERR),
		 POLLOUT | POLLERR);
	err = sockopt_int(c, SOL_SOCKET, SO_ERROR);
	CHECK_EQ(err, ECONNREFUSED);
	CHECK_EQ(sockopt_int(c, SOL_SOCKET, SO_ERROR), 0);
	close(c);

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_connect, c, &sa, sizeof(sa)), ECONNREFUSED);
	close(c);
}

static void test_bind_errors(void)
{
	unsigned short port;
	int l = listener(&port), s;
	struct sockaddr_in a = lo_addr(port);

	s = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_bind, s, &a, sizeof(a)), EADDRINUSE);
	CHECK_ERR(SYS(SYS_bind, s, &a, 8), EINVAL);
	CHECK_ERR(SYS(SYS_bind, s, (void *)8, sizeof(a)), EFAULT);
	a.sin_family = AF_INET6;
	CHECK_ERR(SYS(SYS_bind, s, &a, sizeof(a)), EAFNOSUPPORT);
	a = lo_addr(0);
	a.sin_addr.s_addr = htonl(0x0a090909);
	CHECK_ERR(SYS(SYS_bind, s, &a, sizeof(a)), EADDRNOTAVAIL);
	a = lo_addr(0);
	CHECK_EQ(SYS(SYS_bind, s, &a, sizeof(a)), 0);
	CHECK_ERR(SYS(SYS_bind, s, &a, sizeof(a)), EINVAL);
	close(s);
	close(l);

	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_UDP),
		  EPROTONOSUPPORT);
	CHECK_ERR(SYS(SYS_listen, -1, 1), EBADF);
	CHECK_ERR(SYS(SYS_accept4, -1, 0, 0, 0), EBADF);
	CHECK_ERR(SYS(SYS_connect, -1, &a, sizeof(a)), EBADF);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * SO_RCVTIMEO runs out with EAGAIN; a blocked accept is interrupted by a
 * signal whose handler has no SA_RESTART; unread data at close resets
 * the connection, which the peer sees once as ECONNRESET.
 */
static void test_waits(void)
{
	unsigned short port;
	int l = listener(&port), c, a;
	struct sockaddr_in sa = lo_addr(port);
	struct timeval tv = { 0, 100000 };
	struct sigaction act;
	char buf[16];
	long t0, pid;

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_EQ(SYS(SYS_connect, c, &sa, sizeof(sa)), 0);
	a = SYS(SYS_accept4, l, 0, 0, 0);
	CHECK(a >= 0);
	CHECK_EQ(SYS(SYS_setsockopt, a, SOL_SOCKET, SO_RCVTIMEO, &tv,
		     sizeof(tv)), 0);
	t0 = mono_ns();
	CHECK_ERR(SYS(SYS_recvfrom, a, buf, sizeof(buf), 0, 0, 0), EAGAIN);
	CHECK(mono_ns() - t0 >= 90000000);

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_usr1;
	CHECK_EQ(sigaction(SIGUSR1, &act, 0), 0);
	pid = must_fork();
	if (!pid) {
		sleep_ms(200);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		exit(0);
	}
	CHECK_ERR(SYS(SYS_accept4, l, 0, 0, 0), EINTR);
	CHECK_EXITED(must_wait(pid), 0);

	CHECK_EQ(SYS(SYS_sendto, c, "unread", 6, 0, 0, 0), 6);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	close(a);
	CHECK_EQ(poll_one(c, POLLIN, 5000) & POLLIN, POLLIN);
	CHECK_ERR(SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0), ECONNRESET);
	CHECK_EQ(SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0), 0);
	close(c);
	close(l);
}

/*
 * Corking: TCP_CORK and MSG_MORE hold a partial segment back until a
 * send without MSG_MORE, uncorking, TCP_NODELAY or shutdown; Linux's
 * probe timer sends it after about 200 ms anyway.
 */
static void test_cork(void)
{
	unsigned short port;
	int l = listener(&port), c, a, one = 1, zero = 0, v = -1;
	struct sockaddr_in sa = lo_addr(port);
	char buf[64];

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_EQ(SYS(SYS_connect, c, &sa, sizeof(sa)), 0);
	a = SYS(SYS_accept4, l, 0, 0, 0);
	CHECK(a >= 0);
	CHECK_EQ(sockopt_int(c, IPPROTO_TCP, TCP_CORK), 0);
	CHECK_EQ(SYS(SYS_setsockopt, c, IPPROTO_TCP, TCP_CORK, &one,
		     sizeof(one)), 0);
	CHECK_EQ(sockopt_int(c, IPPROTO_TCP, TCP_CORK), 1);
	CHECK_EQ(SYS(SYS_sendto, c, "abc", 3, 0, 0, 0), 3);
	CHECK_EQ(SYS(SYS_sendto, c, "de", 2, 0, 0, 0), 2);
	CHECK_EQ(poll_one(a, POLLIN, 20), 0);
	CHECK_EQ(SYS(SYS_ioctl, c, TIOCOUTQ, &v), 0);
	CHECK_EQ(v, 5);
	CHECK_EQ(SYS(SYS_setsockopt, c, IPPROTO_TCP, TCP_CORK, &zero,
		     sizeof(zero)), 0);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, 5, MSG_WAITALL, 0, 0), 5);
	CHECK_MEM(buf, "abcde", 5);

	/* MSG_MORE, then TCP_NODELAY pushes. */
	CHECK_EQ(SYS(SYS_sendto, c, "fg", 2, MSG_MORE, 0, 0), 2);
	CHECK_EQ(poll_one(a, POLLIN, 20), 0);
	CHECK_EQ(SYS(SYS_setsockopt, c, IPPROTO_TCP, TCP_NODELAY, &one,
		     sizeof(one)), 0);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, 2, MSG_WAITALL, 0, 0), 2);
	CHECK_MEM(buf, "fg", 2);

	/* Nothing more comes: the held piece leaves by itself. */
	CHECK_EQ(SYS(SYS_sendto, c, "xyz", 3, MSG_MORE, 0, 0), 3);
	CHECK_EQ(poll_one(a, POLLIN, 5000), POLLIN);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, 3, MSG_WAITALL, 0, 0), 3);
	CHECK_MEM(buf, "xyz", 3);

	/* Shutdown sends what is held before the FIN. */
	CHECK_EQ(SYS(SYS_sendto, c, "hi", 2, MSG_MORE, 0, 0), 2);
	CHECK_EQ(SYS(SYS_shutdown, c, SHUT_WR), 0);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, sizeof(buf), MSG_WAITALL, 0, 0), 2);
	CHECK_MEM(buf, "hi", 2);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, sizeof(buf), 0, 0, 0), 0);
	close(a);
	close(c);
	close(l);
}

int main(void)
{
	lo_up();
	test_connection();
	test_cork();
	test_nonblocking_connect();
	test_bind_errors();
	test_waits();
	return check_done();
}
