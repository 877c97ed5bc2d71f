/*
 * Raw IPv4 sockets and ICMP ping sockets over 127.0.0.1.
 *
 * Raw: socket()'s errors (protocol 0, out of range, EPERM without root),
 * an echo request written whole and the request and the kernel's reply
 * read back with their IP headers, byte for byte; ICMP_FILTER; IP_HDRINCL
 * with the kernel filling in length, checksum, source and ID; a raw UDP
 * socket seeing a datagram; a port unreachable reported to a connected
 * UDP socket.
 *
 * Ping: net.ipv4.ping_group_range (default "1\t0": EACCES for everyone,
 * then opened, then restored), an echo whose identifier is the bound
 * "port" and whose checksum the kernel computes, the reply without IP
 * header, and the send errors.
 */
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guest.h"

#ifndef ICMP_FILTER
#define ICMP_FILTER 1 /* linux/icmp.h, which musl lacks */
#endif

#define RANGE "/proc/sys/net/ipv4/ping_group_range"
#define DATALEN 56

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

/* The Internet checksum; 0 over data that carries a correct one. */
static uint16_t cksum(const void *buf, size_t n)
{
	const uint8_t *b = buf;
	uint32_t sum = 0;

	for (; n > 1; n -= 2, b += 2)
		sum += (uint32_t)b[0] << 8 | b[1];
	if (n)
		sum += (uint32_t)b[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* An echo request of 8 + DATALEN bytes, checksummed unless cs is set. */
static void echo_request(uint8_t *pkt, uint16_t id, uint16_t seq, int cs)
{
	struct icmphdr *ic = (struct icmphdr *)pkt;

	memset(pkt, 0, 8);
	ic->type = ICMP_ECHO;
	ic->un.echo.id = htons(id);
	ic->un.echo.sequence = htons(seq);
	for (int i = 0; i < DATALEN; i++)
		pkt[8 + i] = (uint8_t)(i * 7 + 3);
	ic->checksum = cs ? cs : cksum(pkt, 8 + DATALEN);
}

static short poll_one(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };

	CHECK(poll(&p, 1, ms) >= 0);
	return p.revents;
}

/* Checks an IPv4 header from 127.0.0.1 to 127.0.0.1 of len bytes. */
static void check_ip(const uint8_t *b, int len, int proto)
{
	const struct iphdr *ip = (const struct iphdr *)b;

	CHECK_EQ(b[0], 0x45);
	CHECK_EQ(ntohs(ip->tot_len), len);
	CHECK_EQ(ip->protocol, proto);
	CHECK_EQ(ip->ttl, 64);
	CHECK_EQ(ip->saddr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(ip->daddr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(cksum(b, 20), 0);
}

static void test_socket_errors(void)
{
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_RAW, 0), EPROTONOSUPPORT);
	int r;

	/* Protocols go up to IPPROTO_MPTCP (262); raw takes any of them. */
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_RAW, 263), EINVAL);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_RAW, -1), EINVAL);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_STREAM, 263), EINVAL);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_STREAM, 256), EPROTONOSUPPORT);
	r = SYS(SYS_socket, AF_INET, SOCK_RAW, 256);
	CHECK(r >= 0);
	close(r);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_ICMP),
		  EPROTONOSUPPORT);
}

static void no_raw_for_users(void *arg)
{
	(void)arg;
	CHECK_EQ(SYS(SYS_setresuid, 65534, 65534, 65534), 0);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_RAW, 0), EPROTONOSUPPORT);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EACCES);
}

static void test_raw_echo(void)
{
	struct sockaddr_in to = loopback(), from, name;
	socklen_t len = sizeof(name);
	uint8_t pkt[8 + DATALEN], buf[256];
	int r = SYS(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	uint32_t filt;
	long n;

	CHECK(r >= 0);
	{
		int v = -1;
		socklen_t l = sizeof(v);

		CHECK_EQ(SYS(SYS_getsockopt, r, SOL_SOCKET, SO_TYPE, &v, &l), 0);
		CHECK_EQ(v, SOCK_RAW);
		CHECK_EQ(SYS(SYS_getsockopt, r, SOL_SOCKET, SO_PROTOCOL, &v, &l),
			 0);
		CHECK_EQ(v, IPPROTO_ICMP);
	}
	/* The protocol shows as the port. */
	CHECK_EQ(SYS(SYS_getsockname, r, &name, &len), 0);
	CHECK_EQ(name.sin_family, AF_INET);
	CHECK_EQ(name.sin_port, htons(IPPROTO_ICMP));
	CHECK_EQ(name.sin_addr.s_addr, 0);
	CHECK_ERR(SYS(SYS_getpeername, r, &name, &len), ENOTCONN);
	CHECK_EQ(poll_one(r, POLLIN | POLLOUT, 0), POLLOUT);

	echo_request(pkt, 0x1234, 1, 0);
	CHECK_EQ(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	/* First our own request comes in, as any packet of the protocol. */
	len = sizeof(from);
	memset(&from, 0xff, sizeof(from));
	n = SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, &from, &len);
	CHECK_EQ(n, 20 + sizeof(pkt));
	CHECK_EQ(len, sizeof(from));
	CHECK_EQ(from.sin_family, AF_INET);
	CHECK_EQ(from.sin_port, 0);
	CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	check_ip(buf, n, IPPROTO_ICMP);
	CHECK_MEM(buf + 20, pkt, sizeof(pkt));
	/* Then the kernel's reply: type 0, the rest as sent. */
	n = SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, &from, &len);
	CHECK_EQ(n, 20 + sizeof(pkt));
	check_ip(buf, n, IPPROTO_ICMP);
	CHECK_EQ(buf[20], ICMP_ECHOREPLY);
	CHECK_EQ(buf[21], 0);
	CHECK_EQ(cksum(buf + 20, sizeof(pkt)), 0);
	CHECK_MEM(buf + 24, pkt + 4, sizeof(pkt) - 4);
	CHECK_ERR(SYS(SYS_recvfrom, r, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);

	/* A short buffer cuts the packet; MSG_TRUNC gives its length. */
	CHECK_EQ(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	CHECK_EQ(SYS(SYS_recvfrom, r, buf, 10, MSG_TRUNC, 0, 0),
		 20 + sizeof(pkt));
	CHECK_EQ(SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, 0, 0),
		 20 + sizeof(pkt));

	/* ICMP_FILTER: drop echo requests, keep the reply. */
	filt = 1U << ICMP_ECHO;
	CHECK_EQ(SYS(SYS_setsockopt, r, SOL_RAW, ICMP_FILTER, &filt,
		     sizeof(filt)), 0);
	filt = 0;
	len = sizeof(filt);
	CHECK_EQ(SYS(SYS_getsockopt, r, SOL_RAW, ICMP_FILTER, &filt, &len), 0);
	CHECK_EQ(len, 4);
	CHECK_EQ(filt, 1U << ICMP_ECHO);
	CHECK_ERR(SYS(SYS_getsockopt, r, SOL_RAW, 99, &filt, &len),
		  ENOPROTOOPT);
	CHECK_EQ(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	n = SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, 0, 0);
	CHECK_EQ(n, 20 + sizeof(pkt));
	CHECK_EQ(buf[20], ICMP_ECHOREPLY);

	/* IP_HDRINCL: our header, with the kernel's repairs. */
	{
		uint8_t whole[20 + sizeof(pkt)];
		struct iphdr *ip = (struct iphdr *)whole;
		int one = 1;

		memset(whole, 0, 20);
		ip->version = 4;
		ip->ihl = 5;
		ip->ttl = 64;
		ip->protocol = IPPROTO_ICMP;
		ip->daddr = htonl(INADDR_LOOPBACK);
		echo_request(pkt, 0x4321, 9, 0);
		memcpy(whole + 20, pkt, sizeof(pkt));
		CHECK_EQ(SYS(SYS_setsockopt, r, IPPROTO_IP, IP_HDRINCL, &one,
			     sizeof(one)), 0);
		CHECK_EQ(SYS(SYS_sendto, r, whole, sizeof(whole), 0, &to,
			     sizeof(to)), sizeof(whole));
		n = SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, 0, 0);
		CHECK_EQ(n, sizeof(whole));
		check_ip(buf, n, IPPROTO_ICMP);
		CHECK_EQ(buf[20], ICMP_ECHOREPLY);
		CHECK_MEM(buf + 24, pkt + 4, sizeof(pkt) - 4);
		CHECK_ERR(SYS(SYS_sendto, r, whole, 10, 0, &to, sizeof(to)),
			  EINVAL);
	}
	/* Bad destinations. */
	CHECK_ERR(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, 0, 0), EDESTADDRREQ);
	CHECK_ERR(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, &to, 8), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, r, pkt, sizeof(pkt), 0, unmapped_addr(),
		      sizeof(to)), EFAULT);
	CHECK_ERR(SYS(SYS_sendto, r, unmapped_addr(), sizeof(pkt), 0, &to,
		      sizeof(to)), EFAULT);
	/* The address is looked at before the data. */
	CHECK_ERR(SYS(SYS_sendto, r, unmapped_addr(), sizeof(pkt), 0, &to, 8),
		  EINVAL);
	CHECK_ERR(SYS(SYS_sendto, r, unmapped_addr(), sizeof(pkt), 0, 0, 0),
		  EDESTADDRREQ);
	close(r);

	/* ICMP_FILTER is for ICMP sockets only. */
	r = SYS(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_UDP);
	CHECK(r >= 0);
	CHECK_ERR(SYS(SYS_setsockopt, r, SOL_RAW, ICMP_FILTER, &filt,
		      sizeof(filt)), EOPNOTSUPP);
	close(r);
}

/* A raw UDP socket gets a copy of every UDP datagram, headers and all. */
static void test_raw_udp(void)
{
	struct sockaddr_in a = loopback();
	socklen_t len = sizeof(a);
	int r = SYS(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_UDP);
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	uint8_t buf[128];
	long n;

	CHECK(r >= 0 && u >= 0);
	CHECK_EQ(SYS(SYS_bind, u, &a, sizeof(a)), 0);
	CHECK_EQ(SYS(SYS_getsockname, u, &a, &len), 0);
	CHECK_EQ(SYS(SYS_sendto, u, "hello", 5, 0, &a, sizeof(a)), 5);
	n = SYS(SYS_recvfrom, r, buf, sizeof(buf), 0, 0, 0);
	CHECK_EQ(n, 20 + 8 + 5);
	check_ip(buf, n, IPPROTO_UDP);
	CHECK_EQ(buf[22] << 8 | buf[23], ntohs(a.sin_port));
	CHECK_MEM(buf + 28, "hello", 5);
	close(r);
	close(u);
}

/* A port nobody listens on: bound once, then closed. */
static struct sockaddr_in closed_port(void)
{
	struct sockaddr_in a = loopback();
	socklen_t len = sizeof(a);
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);

	CHECK_EQ(SYS(SYS_bind, u, &a, sizeof(a)), 0);
	CHECK_EQ(SYS(SYS_getsockname, u, &a, &len), 0);
	close(u);
	return a;
}

/*
 * The port unreachable that answers a datagram to a closed port reaches a
 * connected UDP socket as ECONNREFUSED (poll's POLLERR, then SO_ERROR or
 * the next receive, once); an unconnected one hears nothing.
 */
static void test_icmp_errors(void)
{
	struct sockaddr_in a = closed_port();
	int u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0), t, v;
	socklen_t len = sizeof(v);
	char buf[8];

	CHECK_EQ(SYS(SYS_sendto, u, "x", 1, 0, &a, sizeof(a)), 1);
	sleep_ms(100);
	CHECK_ERR(SYS(SYS_recvfrom, u, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);
	CHECK_EQ(SYS(SYS_connect, u, &a, sizeof(a)), 0);
	CHECK_EQ(SYS(SYS_sendto, u, "x", 1, 0, 0, 0), 1);
	CHECK_EQ(poll_one(u, POLLIN, 5000), POLLERR);
	CHECK_ERR(SYS(SYS_recvfrom, u, buf, sizeof(buf), 0, 0, 0), ECONNREFUSED);
	CHECK_ERR(SYS(SYS_recvfrom, u, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);
	CHECK_EQ(SYS(SYS_sendto, u, "x", 1, 0, 0, 0), 1);
	CHECK_EQ(poll_one(u, POLLIN, 5000), POLLERR);
	CHECK_EQ(SYS(SYS_getsockopt, u, SOL_SOCKET, SO_ERROR, &v, &len), 0);
	CHECK_EQ(v, ECONNREFUSED);
	CHECK_EQ(poll_one(u, POLLIN | POLLOUT, 0), POLLOUT);
	/* Without IP_RECVERR the error queue stays empty. */
	CHECK_ERR(SYS(SYS_recvfrom, u, buf, sizeof(buf), MSG_ERRQUEUE, 0, 0),
		  EAGAIN);
	t = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_recvfrom, t, buf, sizeof(buf), MSG_ERRQUEUE, 0, 0),
		  EAGAIN);
	close(t);
	close(u);
}

static long put(const char *path, const char *text)
{
	long fd = SYS(SYS_openat, AT_FDCWD, path, O_WRONLY);
	long n;

	if (fd < 0)
		return fd;
	n = SYS(SYS_write, fd, text, strlen(text));
	close(fd);
	return n;
}

/* In a child: groups arg[0] (effective) and arg[1] (supplementary, or -1). */
static void ping_as(void *arg)
{
	const long *g = arg;
	gid_t sup = g[1];
	long fd;

	CHECK_EQ(SYS(SYS_setgroups, g[1] < 0 ? 0 : 1, &sup), 0);
	CHECK_EQ(SYS(SYS_setresgid, g[0], g[0], g[0]), 0);
	CHECK_EQ(SYS(SYS_setresuid, 65534, 65534, 65534), 0);
	fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	if (g[2]) {
		CHECK(fd >= 0);
	} else {
		CHECK_ERR(fd, EACCES);
	}
	if (fd >= 0)
		close(fd);
}

/* The range admits by the effective group or a supplementary one. */
static void test_range_groups(void)
{
	static long cases[][3] = {
		{ 150, -1, 1 }, { 100, -1, 1 }, { 200, -1, 1 },
		{ 99, -1, 0 }, { 201, -1, 0 }, { 50, 160, 1 }, { 50, 300, 0 },
	};

	CHECK_EQ(put(RANGE, "100 200"), 7);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_EXITED(run_in_child(ping_as, cases[i]), 0);
	/* Root's group 0 is outside: root gets no exception. */
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EACCES);
	CHECK_EQ(put(RANGE, "0 0"), 3);
}

static void test_range(void)
{
	char buf[64];

	CHECK_EQ(read_file(RANGE, buf, sizeof(buf)), 4);
	CHECK_MEM(buf, "1\t0\n", 4);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EACCES);
	CHECK_EQ(put(RANGE, "0 2147483647\n"), 13);
	CHECK_EQ(read_file(RANGE, buf, sizeof(buf)), 13);
	CHECK_MEM(buf, "0\t2147483647\n", 13);
	/* Any group ID but (gid_t)-1; a single value sets the low end. */
	CHECK_EQ(put(RANGE, "0 4294967294"), 12);
	CHECK_ERR(put(RANGE, "0 4294967295"), EINVAL);
	CHECK_ERR(put(RANGE, "-1 5"), EINVAL);
	CHECK_ERR(put(RANGE, "3 -2"), EINVAL);
	CHECK_EQ(put(RANGE, "7"), 1);
	CHECK_EQ(read_file(RANGE, buf, sizeof(buf)), 13);
	CHECK_MEM(buf, "7\t4294967294\n", 13);
	CHECK_EQ(put(RANGE, "0 2147483647\n"), 13);
	CHECK_ERR(put(RANGE, "abc"), EINVAL);
	CHECK_ERR(put(RANGE, "  \n"), EINVAL);
	CHECK_EQ(read_file(RANGE, buf, sizeof(buf)), 13);
	/* hi below lo empties the range. */
	CHECK_EQ(put(RANGE, "5 3"), 3);
	CHECK_EQ(read_file(RANGE, buf, sizeof(buf)), 4);
	CHECK_MEM(buf, "1\t0\n", 4);
	CHECK_EQ(put(RANGE, "0 0"), 3);
}

static void test_ping(void)
{
	struct sockaddr_in to = loopback(), name, from;
	socklen_t len = sizeof(name);
	uint8_t pkt[8 + DATALEN], buf[256];
	int p = SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), q, v;
	uint16_t id;
	long n;

	CHECK(p >= 0);
	len = sizeof(v);
	CHECK_EQ(SYS(SYS_getsockopt, p, SOL_SOCKET, SO_PROTOCOL, &v, &len), 0);
	CHECK_EQ(v, IPPROTO_ICMP);
	CHECK_EQ(SYS(SYS_getsockopt, p, SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(v, SOCK_DGRAM);
	CHECK_ERR(SYS(SYS_bind, p, &to, 8), EINVAL);
	CHECK_EQ(SYS(SYS_bind, p, &to, sizeof(to)), 0);
	CHECK_ERR(SYS(SYS_bind, p, &to, sizeof(to)), EINVAL);
	len = sizeof(name);
	CHECK_EQ(SYS(SYS_getsockname, p, &name, &len), 0);
	CHECK_EQ(name.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	id = ntohs(name.sin_port);
	CHECK_NE(id, 0);
	/*
	 * Ping sockets start with SO_REUSEADDR, so another may share the
	 * identifier, unless one of them turns it off.
	 */
	q = SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	len = sizeof(v);
	CHECK_EQ(SYS(SYS_getsockopt, q, SOL_SOCKET, SO_REUSEADDR, &v, &len),
		 0);
	CHECK_EQ(v, 1);
	CHECK_EQ(SYS(SYS_bind, q, &name, sizeof(name)), 0);
	close(q);
	q = SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	v = 0;
	CHECK_EQ(SYS(SYS_setsockopt, q, SOL_SOCKET, SO_REUSEADDR, &v,
		     sizeof(v)), 0);
	CHECK_ERR(SYS(SYS_bind, q, &name, sizeof(name)), EADDRINUSE);
	close(q);

	/* The kernel writes the identifier and the checksum. */
	echo_request(pkt, 0x7777, 5, 0xdead);
	CHECK_EQ(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	CHECK_EQ(poll_one(p, POLLIN, 5000), POLLIN);
	len = sizeof(from);
	memset(&from, 0xff, sizeof(from));
	n = SYS(SYS_recvfrom, p, buf, sizeof(buf), 0, &from, &len);
	CHECK_EQ(n, sizeof(pkt));
	CHECK_EQ(len, sizeof(from));
	CHECK_EQ(from.sin_family, AF_INET);
	CHECK_EQ(from.sin_port, 0);
	CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(buf[0], ICMP_ECHOREPLY);
	CHECK_EQ(buf[1], 0);
	CHECK_EQ(buf[4] << 8 | buf[5], id);
	CHECK_EQ(buf[6] << 8 | buf[7], 5);
	CHECK_EQ(cksum(buf, n), 0);
	CHECK_MEM(buf + 8, pkt + 8, DATALEN);
	/* Only the reply: the request is not for this socket. */
	CHECK_ERR(SYS(SYS_recvfrom, p, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);

	/* What a ping socket refuses to send. */
	echo_request(pkt, 0, 1, 0);
	pkt[0] = ICMP_ECHOREPLY;
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		  EINVAL);
	pkt[0] = ICMP_ECHO;
	pkt[1] = 1;
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		  EINVAL);
	pkt[1] = 0;
	CHECK_ERR(SYS(SYS_sendto, p, pkt, 7, 0, &to, sizeof(to)), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, p, pkt, 7, MSG_OOB, &to, sizeof(to)), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), MSG_OOB, &to,
		      sizeof(to)), EOPNOTSUPP);
	CHECK_ERR(SYS(SYS_sendto, p, unmapped_addr(), sizeof(pkt), 0, &to,
		      sizeof(to)), EFAULT);
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, 0, 0), EDESTADDRREQ);
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, 8), EINVAL);
	to.sin_family = AF_UNIX;
	CHECK_ERR(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		  EAFNOSUPPORT);
	to.sin_family = AF_INET;
	CHECK_EQ(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	CHECK_EQ(SYS(SYS_recvfrom, p, buf, sizeof(buf), 0, 0, 0), sizeof(pkt));

	/* Connected: sends without an address; still no peer name. */
	CHECK_EQ(SYS(SYS_connect, p, &to, sizeof(to)), 0);
	CHECK_EQ(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, 0, 0), sizeof(pkt));
	CHECK_EQ(SYS(SYS_recvfrom, p, buf, sizeof(buf), 0, 0, 0), sizeof(pkt));
	CHECK_EQ(buf[6] << 8 | buf[7], 1);
	len = sizeof(name);
	CHECK_ERR(SYS(SYS_getpeername, p, &name, &len), ENOTCONN);
	close(p);

	/* An unbound socket gets an identifier when it first sends. */
	p = SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	len = sizeof(name);
	CHECK_EQ(SYS(SYS_getsockname, p, &name, &len), 0);
	CHECK_EQ(name.sin_port, 0);
	CHECK_EQ(SYS(SYS_sendto, p, pkt, sizeof(pkt), 0, &to, sizeof(to)),
		 sizeof(pkt));
	CHECK_EQ(SYS(SYS_getsockname, p, &name, &len), 0);
	CHECK_NE(name.sin_port, 0);
	n = SYS(SYS_recvfrom, p, buf, sizeof(buf), 0, 0, 0);
	CHECK_EQ(n, sizeof(pkt));
	CHECK_EQ(buf[4] << 8 | buf[5], ntohs(name.sin_port));
	close(p);
}

int main(void)
{
	lo_up();
	test_socket_errors();
	CHECK_EXITED(run_in_child(no_raw_for_users, NULL), 0);
	test_raw_echo();
	test_raw_udp();
	test_icmp_errors();
	test_range();
	test_range_groups();
	test_ping();
	/* Back to the kernel's default, which admits nobody. */
	CHECK_EQ(put(RANGE, "1 0"), 3);
	CHECK_ERR(SYS(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EACCES);
	return check_done();
}
