/*
 * AF_INET socket options: the SOL_SOCKET, IPPROTO_IP and IPPROTO_TCP
 * values read back exactly as Linux shows them (doubled and clamped
 * buffers, linger, timeouts, SO_RCVLOWAT, IP_TTL and IP_TOS with the
 * priority it implies, the keepalive knobs and TCP_MAXSEG with their
 * bounds), what an accepted connection inherits, the errors for bad
 * levels, names, lengths and pointers, and the behaviour behind some:
 * SO_LINGER with no time resets (the peer sees ECONNRESET), with a time
 * the close still delivers everything, SO_SNDTIMEO ends a blocked send,
 * SO_RCVLOWAT holds back poll and recv; IPv4 multicast memberships.
 */
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#ifndef SO_RCVBUFFORCE
#define SO_RCVBUFFORCE 33
#endif

static void lo_up(void)
{
	int fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

/* An int option's value (its length checked), or -errno. */
static long geti(int fd, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);
	long r = SYS(SYS_getsockopt, fd, level, name, &v, &len);

	if (r < 0)
		return r;
	CHECK_EQ(len, sizeof(v));
	return v;
}

static long seti(int fd, int level, int name, int v)
{
	return SYS(SYS_setsockopt, fd, level, name, &v, sizeof(v));
}

static int tcp_socket(void)
{
	int s = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);

	CHECK(s >= 0);
	return s;
}

/* A listener on 127.0.0.1 with an ephemeral port, its address in *a. */
static int listener(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int l = tcp_socket();

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_EQ(SYS(SYS_bind, l, a, sizeof(*a)), 0);
	CHECK_EQ(SYS(SYS_getsockname, l, a, &len), 0);
	CHECK_EQ(SYS(SYS_listen, l, 5), 0);
	return l;
}

/* A connected pair through l: *c the client, *s the accepted end. */
static void pair(int l, const struct sockaddr_in *a, int *c, int *s)
{
	*c = tcp_socket();
	CHECK_EQ(SYS(SYS_connect, *c, a, sizeof(*a)), 0);
	*s = SYS(SYS_accept4, l, 0, 0, 0);
	CHECK(*s >= 0);
}

static void test_queries(void)
{
	struct sockaddr_in a;
	int t = tcp_socket(), u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	int l = listener(&a);

	CHECK_EQ(geti(t, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_DOMAIN), AF_INET);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_ACCEPTCONN), 0);
	CHECK_EQ(geti(l, SOL_SOCKET, SO_ACCEPTCONN), 1);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_ERROR), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
	CHECK_ERR(seti(t, SOL_SOCKET, SO_TYPE, 2), ENOPROTOOPT);

	/* Buffers: TCP's own defaults, doubled values, floors and cap. */
	CHECK_EQ(geti(t, SOL_SOCKET, SO_RCVBUF), 131072);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_SNDBUF), 16384);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVBUF), 212992);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_SNDBUF), 212992);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_RCVBUF, 4096), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVBUF), 8192);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_RCVBUF, 0), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVBUF), 2304);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_SNDBUF, 1), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_SNDBUF), 4608);
	CHECK_EQ(seti(t, SOL_SOCKET, SO_SNDBUF, 1 << 30), 0);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_SNDBUF), 425984);
	CHECK_EQ(seti(t, SOL_SOCKET, SO_RCVBUF, -1), 0);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_RCVBUF), 425984);
	CHECK_EQ(seti(t, SOL_SOCKET, SO_RCVBUFFORCE, 1 << 20), 0);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_RCVBUF), 2 << 20);

	/* Booleans show 0 or 1. */
	for (int name = SO_REUSEADDR; name <= SO_KEEPALIVE; name++) {
		if (name != SO_REUSEADDR && name != SO_BROADCAST &&
		    name != SO_KEEPALIVE)
			continue;
		CHECK_EQ(geti(u, SOL_SOCKET, name), 0);
		CHECK_EQ(seti(u, SOL_SOCKET, name, 7), 0);
		CHECK_EQ(geti(u, SOL_SOCKET, name), 1);
		CHECK_EQ(seti(u, SOL_SOCKET, name, 0), 0);
		CHECK_EQ(geti(u, SOL_SOCKET, name), 0);
	}

	/* SO_RCVLOWAT: 0 means 1; TCP caps it at tcp_rmem[2] / 2. */
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVLOWAT), 1);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_RCVLOWAT, 0), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVLOWAT), 1);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_RCVLOWAT, -1), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_RCVLOWAT), 0x7fffffff);
	CHECK_EQ(seti(t, SOL_SOCKET, SO_RCVLOWAT, 100), 0);
	CHECK_EQ(geti(t, SOL_SOCKET, SO_RCVLOWAT), 100);

	/* SO_PRIORITY: 0..6 for anyone. */
	CHECK_EQ(geti(u, SOL_SOCKET, SO_PRIORITY), 0);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_PRIORITY, 5), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_PRIORITY), 5);

	close(t);
	close(u);
	close(l);
}

static void test_linger_timeo_values(void)
{
	int t = tcp_socket();
	struct linger lg = { 5, 5 };
	struct timeval tv = { 1, 500000 };
	socklen_t len = sizeof(lg);

	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_LINGER, &lg, &len), 0);
	CHECK_EQ(len, sizeof(lg));
	CHECK_EQ(lg.l_onoff, 0);
	CHECK_EQ(lg.l_linger, 0);
	/* Off with a time keeps no time. */
	lg = (struct linger){ 0, 9 };
	CHECK_EQ(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	len = sizeof(lg);
	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_LINGER, &lg, &len), 0);
	CHECK_EQ(lg.l_onoff, 0);
	CHECK_EQ(lg.l_linger, 0);
	lg = (struct linger){ 3, 5 };
	CHECK_EQ(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_LINGER, &lg, &len), 0);
	CHECK_EQ(lg.l_onoff, 1);
	CHECK_EQ(lg.l_linger, 5);
	/* Turning it off keeps the time. */
	lg = (struct linger){ 0, 0 };
	CHECK_EQ(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_LINGER, &lg, &len), 0);
	CHECK_EQ(lg.l_onoff, 0);
	CHECK_EQ(lg.l_linger, 5);
	/* A short value is EINVAL; a short buffer gets the first bytes. */
	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_LINGER, &lg, 4),
		  EINVAL);
	lg = (struct linger){ 77, 77 };
	len = 4;
	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_LINGER, &lg, &len), 0);
	CHECK_EQ(len, 4);
	CHECK_EQ(lg.l_onoff, 0);
	CHECK_EQ(lg.l_linger, 77);

	CHECK_EQ(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_SNDTIMEO, &tv,
		     sizeof(tv)), 0);
	tv = (struct timeval){ 0, 0 };
	len = sizeof(tv);
	CHECK_EQ(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_SNDTIMEO, &tv, &len), 0);
	CHECK_EQ(len, sizeof(tv));
	CHECK_EQ(tv.tv_sec, 1);
	CHECK_EQ(tv.tv_usec, 500000);
	tv = (struct timeval){ 0, 1000000 };
	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &tv,
		      sizeof(tv)), EDOM);
	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &tv, 8),
		  EINVAL);
	close(t);
}

static void test_ip_level(void)
{
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0), t = tcp_socket();
	unsigned char c = 0;
	socklen_t len;
	int v;

	CHECK_EQ(geti(u, IPPROTO_IP, IP_TTL), 64);
	CHECK_EQ(seti(u, IPPROTO_IP, IP_TTL, 1), 0);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TTL), 1);
	CHECK_EQ(seti(u, IPPROTO_IP, IP_TTL, 255), 0);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TTL), 255);
	CHECK_ERR(seti(u, IPPROTO_IP, IP_TTL, 0), EINVAL);
	CHECK_ERR(seti(u, IPPROTO_IP, IP_TTL, 256), EINVAL);
	CHECK_ERR(seti(u, IPPROTO_IP, IP_TTL, -2), EINVAL);
	CHECK_EQ(seti(u, IPPROTO_IP, IP_TTL, -1), 0);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TTL), 64);
	/* One byte is a value too; none at all is not, for IP_TTL. */
	c = 7;
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_TTL, &c, 1), 0);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TTL), 7);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_TTL, &c, 0), EINVAL);
	/* A short buffer gets a single byte when the value fits in one. */
	v = -1;
	len = 2;
	CHECK_EQ(SYS(SYS_getsockopt, u, IPPROTO_IP, IP_TTL, &v, &len), 0);
	CHECK_EQ(len, 1);
	CHECK_EQ(v & 0xffff, 0xff07);
	len = 0;
	CHECK_EQ(SYS(SYS_getsockopt, u, IPPROTO_IP, IP_TTL, &v, &len), 0);
	CHECK_EQ(len, 0);

	/* IP_TOS sets the priority; TCP keeps the ECN bits to itself. */
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TOS), 0);
	CHECK_EQ(seti(u, IPPROTO_IP, IP_TOS, 0x10), 0);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_TOS), 0x10);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_PRIORITY), 6);
	CHECK_EQ(seti(u, IPPROTO_IP, IP_TOS, 0x08), 0);
	CHECK_EQ(geti(u, SOL_SOCKET, SO_PRIORITY), 2);
	CHECK_EQ(seti(t, IPPROTO_IP, IP_TOS, 0x13), 0);
	CHECK_EQ(geti(t, IPPROTO_IP, IP_TOS), 0x10);

	/* IP_HDRINCL belongs to raw sockets. */
	CHECK_ERR(seti(u, IPPROTO_IP, IP_HDRINCL, 1), ENOPROTOOPT);
	CHECK_EQ(geti(u, IPPROTO_IP, IP_HDRINCL), 0);
	CHECK_ERR(seti(u, IPPROTO_IP, 9999, 1), ENOPROTOOPT);
	CHECK_ERR(geti(u, IPPROTO_IP, 9999), ENOPROTOOPT);
	close(u);
	close(t);
}

static void test_tcp_level(void)
{
	int t = tcp_socket(), u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	short sh = 0;
	socklen_t len;
	int v;

	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_NODELAY), 0);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_NODELAY, 5), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_NODELAY), 1);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_TCP, TCP_NODELAY, &sh, 2),
		  EINVAL);
	v = 0x55555555;
	len = 2;
	CHECK_EQ(SYS(SYS_getsockopt, t, IPPROTO_TCP, TCP_NODELAY, &v, &len),
		 0);
	CHECK_EQ(len, 2);
	CHECK_EQ(v, 0x55550001);

	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPIDLE), 7200);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPINTVL), 75);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPCNT), 9);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPIDLE, 0), EINVAL);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPIDLE, 32768), EINVAL);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_KEEPIDLE, 32767), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPIDLE), 32767);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPINTVL, 0), EINVAL);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPINTVL, 32768), EINVAL);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_KEEPINTVL, 1), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPINTVL), 1);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPCNT, 0), EINVAL);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_KEEPCNT, 128), EINVAL);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_KEEPCNT, 127), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_KEEPCNT), 127);

	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_MAXSEG), 536);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_MAXSEG, 87), EINVAL);
	CHECK_ERR(seti(t, IPPROTO_TCP, TCP_MAXSEG, 32768), EINVAL);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_MAXSEG, 88), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_MAXSEG), 88);
	CHECK_EQ(seti(t, IPPROTO_TCP, TCP_MAXSEG, 0), 0);
	CHECK_EQ(geti(t, IPPROTO_TCP, TCP_MAXSEG), 536);

	/*
	 * TCP_ULP takes a name before the int-size check: no "tls" here
	 * (Linux without the module: ENOENT); read back, an empty name.
	 */
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_TCP, 31, "tls", 3), ENOENT);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_TCP, 31, "tls", 0), EINVAL);
	len = sizeof(v);
	CHECK_EQ(SYS(SYS_getsockopt, t, IPPROTO_TCP, 31, &v, &len), 0);
	CHECK_EQ(len, 0);

	/* Unknown names; a short value is EINVAL before the name is. */
	CHECK_ERR(seti(t, IPPROTO_TCP, 9999, 1), ENOPROTOOPT);
	CHECK_ERR(geti(t, IPPROTO_TCP, 9999), ENOPROTOOPT);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_TCP, 9999, &sh, 2), EINVAL);
	/* TCP options on a UDP socket, UDP's level, unknown levels. */
	CHECK_ERR(seti(u, IPPROTO_TCP, TCP_NODELAY, 1), ENOPROTOOPT);
	/* ip_getsockopt says EOPNOTSUPP for a level not its own. */
	CHECK_ERR(geti(u, IPPROTO_TCP, TCP_NODELAY), EOPNOTSUPP);
	CHECK_ERR(seti(u, IPPROTO_UDP, 9999, 1), ENOPROTOOPT);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_UDP, 9999, &sh, 2), EINVAL);
	CHECK_ERR(seti(t, 12345, 1, 1), ENOPROTOOPT);
	CHECK_ERR(geti(t, 12345, 1), EOPNOTSUPP);
	CHECK_ERR(seti(t, SOL_SOCKET, 9999, 1), ENOPROTOOPT);
	CHECK_ERR(geti(t, SOL_SOCKET, 9999), ENOPROTOOPT);
	close(t);
	close(u);
}

static void test_bad_args(void)
{
	int t = tcp_socket(), v = 1;
	socklen_t len = sizeof(v);
	void *bad = unmapped_addr();

	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_KEEPALIVE, bad, 4),
		  EFAULT);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_TCP, TCP_NODELAY, bad, 4),
		  EFAULT);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_IP, IP_TTL, bad, 4), EFAULT);
	CHECK_ERR(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_KEEPALIVE, bad, &len),
		  EFAULT);
	CHECK_ERR(SYS(SYS_getsockopt, t, IPPROTO_TCP, TCP_NODELAY, bad, &len),
		  EFAULT);
	CHECK_ERR(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_KEEPALIVE, &v, bad),
		  EFAULT);
	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_KEEPALIVE, &v, 2),
		  EINVAL);
	CHECK_ERR(SYS(SYS_setsockopt, t, SOL_SOCKET, SO_KEEPALIVE, &v, -1),
		  EINVAL);
	len = -1;
	CHECK_ERR(SYS(SYS_getsockopt, t, SOL_SOCKET, SO_KEEPALIVE, &v, &len),
		  EINVAL);
	CHECK_ERR(SYS(SYS_setsockopt, 999, SOL_SOCKET, SO_KEEPALIVE, &v, 4),
		  EBADF);
	CHECK_ERR(SYS(SYS_setsockopt, 0, SOL_SOCKET, SO_KEEPALIVE, &v, 4),
		  ENOTSOCK);
	close(t);
}

static void unprivileged(void *arg)
{
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);

	(void)arg;
	CHECK_EQ(SYS(SYS_setresuid, 65534, 65534, 65534), 0);
	CHECK_ERR(seti(u, SOL_SOCKET, SO_RCVBUFFORCE, 4096), EPERM);
	CHECK_ERR(seti(u, SOL_SOCKET, SO_PRIORITY, 7), EPERM);
	CHECK_EQ(seti(u, SOL_SOCKET, SO_PRIORITY, 6), 0);
}

/* The listener's options go to the connections it accepts. */
static void test_inherit(void)
{
	struct sockaddr_in a;
	int l = listener(&a), c, s;

	CHECK_EQ(seti(l, SOL_SOCKET, SO_KEEPALIVE, 1), 0);
	CHECK_EQ(seti(l, IPPROTO_TCP, TCP_NODELAY, 1), 0);
	CHECK_EQ(seti(l, IPPROTO_TCP, TCP_KEEPIDLE, 10), 0);
	CHECK_EQ(seti(l, IPPROTO_TCP, TCP_KEEPINTVL, 3), 0);
	CHECK_EQ(seti(l, IPPROTO_TCP, TCP_KEEPCNT, 4), 0);
	CHECK_EQ(seti(l, IPPROTO_IP, IP_TTL, 33), 0);
	pair(l, &a, &c, &s);
	CHECK_EQ(geti(s, SOL_SOCKET, SO_KEEPALIVE), 1);
	CHECK_EQ(geti(s, IPPROTO_TCP, TCP_NODELAY), 1);
	CHECK_EQ(geti(s, IPPROTO_TCP, TCP_KEEPIDLE), 10);
	CHECK_EQ(geti(s, IPPROTO_TCP, TCP_KEEPINTVL), 3);
	CHECK_EQ(geti(s, IPPROTO_TCP, TCP_KEEPCNT), 4);
	CHECK_EQ(geti(s, IPPROTO_IP, IP_TTL), 33);
	CHECK_EQ(geti(c, SOL_SOCKET, SO_KEEPALIVE), 0);
	/* Keepalive on a live connection, with short knobs: it stays up. */
	CHECK_EQ(seti(c, SOL_SOCKET, SO_KEEPALIVE, 1), 0);
	CHECK_EQ(seti(c, IPPROTO_TCP, TCP_KEEPIDLE, 1), 0);
	CHECK_EQ(seti(c, IPPROTO_TCP, TCP_KEEPINTVL, 1), 0);
	sleep_ms(1500);
	CHECK_EQ(SYS(SYS_sendto, s, "ka", 2, 0, 0, 0), 2);
	{
		char buf[4];

		CHECK_EQ(SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0), 2);
	}
	close(c);
	close(s);
	close(l);
}

static void test_linger_close(void)
{
	static char buf[65536];
	struct sockaddr_in a;
	struct linger lg = { 1, 0 };
	int l = listener(&a), c, s;
	long t0, n, got, sent;

	/* No time: the close resets, the peer reads ECONNRESET. */
	pair(l, &a, &c, &s);
	CHECK_EQ(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	close(s);
	CHECK_ERR(SYS(SYS_recvfrom, c, buf, 16, 0, 0, 0), ECONNRESET);
	close(c);

	/* A time: the data and then end of file still arrive. */
	pair(l, &a, &c, &s);
	lg = (struct linger){ 1, 3 };
	CHECK_EQ(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(SYS(SYS_sendto, s, buf, sizeof(buf), 0, 0, 0), sizeof(buf));
	t0 = mono_ns();
	CHECK_EQ(close(s), 0);
	CHECK(mono_ns() - t0 < 2500000000L);
	for (got = 0; (n = SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0)) > 0;)
		got += n;
	CHECK_EQ(n, 0);
	CHECK_EQ(got, sizeof(buf));
	close(c);

	/*
	 * Data the peer cannot take yet: the close waits out the time, and
	 * the data still arrives afterwards, then end of file.
	 */
	pair(l, &a, &c, &s);
	lg = (struct linger){ 1, 1 };
	CHECK_EQ(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
		 0);
	/* Fill both ends: the sender's buffer and the reader's window. */
	sent = 0;
	for (int k = 0; k < 4; k++) {
		while ((n = SYS(SYS_sendto, s, buf, sizeof(buf), MSG_DONTWAIT,
				0, 0)) > 0)
			sent += n;
		CHECK_ERR(n, EAGAIN);
		sleep_ms(100);
	}
	t0 = mono_ns();
	CHECK_EQ(close(s), 0);
	t0 = mono_ns() - t0;
	CHECK(t0 >= 900000000L);
	CHECK(t0 < 3000000000L);
	for (got = 0; (n = SYS(SYS_recvfrom, c, buf, sizeof(buf), 0, 0, 0)) > 0;)
		got += n;
	CHECK_EQ(n, 0);
	CHECK_EQ(got, sent);
	close(c);
	close(l);
}

static void test_sndtimeo(void)
{
	static char buf[1 << 20];
	struct sockaddr_in a;
	struct timeval tv = { 0, 200000 };
	int l = listener(&a), c, s, i;
	long r = 0, t0;

	pair(l, &a, &c, &s);
	CHECK_EQ(SYS(SYS_setsockopt, c, SOL_SOCKET, SO_SNDTIMEO, &tv,
		     sizeof(tv)), 0);
	/*
	 * Nobody reads: once the buffers are full, a send stops short after
	 * the timeout, and one that can send nothing at all is EAGAIN.
	 */
	for (i = 0; i < 128; i++) {
		t0 = mono_ns();
		r = SYS(SYS_sendto, c, buf, sizeof(buf), 0, 0, 0);
		if (r == -EAGAIN)
			break;
		CHECK(r > 0);
	}
	CHECK_EQ(r, -EAGAIN);
	CHECK(mono_ns() - t0 >= 150000000L);
	close(c);
	close(s);
	close(l);
}

static void test_rcvlowat(void)
{
	struct sockaddr_in a;
	struct pollfd p;
	struct timeval tv = { 0, 300000 };
	struct timespec short_wait = { 0, 200000000 }, long_wait = { 5, 0 };
	int l = listener(&a), c, s;
	char buf[64];
	long t0;

	pair(l, &a, &c, &s);
	/* Small writes go out at once, whatever the acknowledgements do. */
	CHECK_EQ(seti(c, IPPROTO_TCP, TCP_NODELAY, 1), 0);
	CHECK_EQ(seti(s, SOL_SOCKET, SO_RCVLOWAT, 10), 0);
	CHECK_EQ(SYS(SYS_sendto, c, "12345", 5, 0, 0, 0), 5);
	p = (struct pollfd){ s, POLLIN, 0 };
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &short_wait, 0, 0), 0);
	CHECK_EQ(SYS(SYS_sendto, c, "67890", 5, 0, 0, 0), 5);
	p = (struct pollfd){ s, POLLIN, 0 };
	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &long_wait, 0, 0), 1);
	CHECK_EQ(p.revents, POLLIN);
	CHECK_EQ(SYS(SYS_recvfrom, s, buf, sizeof(buf), 0, 0, 0), 10);
	/* Fewer than the mark: a blocking read waits out its timeout. */
	CHECK_EQ(SYS(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO, &tv,
		     sizeof(tv)), 0);
	CHECK_EQ(SYS(SYS_sendto, c, "abc", 3, 0, 0, 0), 3);
	sleep_ms(50);
	t0 = mono_ns();
	CHECK_EQ(SYS(SYS_recvfrom, s, buf, sizeof(buf), 0, 0, 0), 3);
	CHECK(mono_ns() - t0 >= 200000000L);
	/* A non-blocking one returns what is there. */
	CHECK_EQ(SYS(SYS_sendto, c, "de", 2, 0, 0, 0), 2);
	sleep_ms(50);
	CHECK_EQ(SYS(SYS_recvfrom, s, buf, sizeof(buf), MSG_DONTWAIT, 0, 0), 2);
	close(c);
	close(s);
	close(l);
}

/*
 * IPv4 multicast memberships, a socket's own: IP_ADD_MEMBERSHIP and
 * IP_DROP_MEMBERSHIP (ip_mreq by address, ip_mreqn by index; not on TCP),
 * MCAST_JOIN_GROUP and MCAST_LEAVE_GROUP, with Linux's errors and its
 * limit of 20 (net.ipv4.igmp_max_memberships).
 */
static void test_multicast(void)
{
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0), t = tcp_socket();
	int lo = if_nametoindex("lo");
	struct ip_mreqn mn = { .imr_ifindex = lo };
	struct ip_mreq mr;
	struct group_req gr;
	struct sockaddr_in *gs = (struct sockaddr_in *)&gr.gr_group;

	CHECK(lo > 0);
	mn.imr_multiaddr.s_addr = htonl(0xe0010203); /* 224.1.2.3 */
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		      7), EINVAL);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		     sizeof(mn)), 0);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		      sizeof(mn)), EADDRINUSE);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mn,
		     sizeof(mn)), 0);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mn,
		      sizeof(mn)), EADDRNOTAVAIL);
	mn.imr_ifindex = 9999;
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		      sizeof(mn)), ENODEV);
	mn.imr_ifindex = lo;
	mn.imr_multiaddr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		      sizeof(mn)), EINVAL);
	CHECK_ERR(SYS(SYS_setsockopt, t, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
		      sizeof(mn)), EPROTO);

	/* By the interface's address. */
	mr.imr_multiaddr.s_addr = htonl(0xe0010203);
	mr.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		     sizeof(mr)), 0);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mr,
		     sizeof(mr)), 0);
	mr.imr_interface.s_addr = htonl(0xc0000201); /* 192.0.2.1: nobody's */
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		      sizeof(mr)), ENODEV);

	/* group_req, on UDP and on TCP. */
	memset(&gr, 0, sizeof(gr));
	gr.gr_interface = lo;
	gs->sin_family = AF_INET;
	gs->sin_addr.s_addr = htonl(0xe0010203);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, MCAST_JOIN_GROUP, &gr,
		      sizeof(gr) - 1), EINVAL);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, MCAST_JOIN_GROUP, &gr,
		     sizeof(gr)), 0);
	CHECK_EQ(SYS(SYS_setsockopt, t, IPPROTO_IP, MCAST_JOIN_GROUP, &gr,
		     sizeof(gr)), 0);
	CHECK_EQ(SYS(SYS_setsockopt, t, IPPROTO_IP, MCAST_LEAVE_GROUP, &gr,
		     sizeof(gr)), 0);
	CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, MCAST_LEAVE_GROUP, &gr,
		     sizeof(gr)), 0);
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, MCAST_LEAVE_GROUP, &gr,
		      sizeof(gr)), EADDRNOTAVAIL);
	gs->sin_family = AF_INET6;
	CHECK_ERR(SYS(SYS_setsockopt, u, IPPROTO_IP, MCAST_JOIN_GROUP, &gr,
		      sizeof(gr)), EINVAL);

	/* Twenty groups at most. */
	for (int i = 1; i <= 21; i++) {
		mn.imr_multiaddr.s_addr = htonl(0xe0010200 + i);
		CHECK_EQ(SYS(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP,
			     &mn, sizeof(mn)), i <= 20 ? 0 : -ENOBUFS);
	}
	close(u);
	close(t);
}

int main(void)
{
	lo_up();
	test_queries();
	test_linger_timeo_values();
	test_ip_level();
	test_tcp_level();
	test_bad_args();
	CHECK_EXITED(run_in_child(unprivileged, NULL), 0);
	test_inherit();
	test_linger_close();
	test_sndtimeo();
	test_rcvlowat();
	test_multicast();
	return check_done();
}
