/*
 * Interfaces and routes as ifconfig, route and netstat see them: the
 * SIOC*IF* requests on lo (flags, address, netmask, broadcast, MTU,
 * index, name, hardware address, SIOCGIFCONF with and without a buffer),
 * address and netmask round trips, SIOCADDRT/SIOCDELRT through lo with
 * /proc/net/route's lines, routes dropped when lo goes down or changes
 * address, /proc/net (a link to self/net) with dev, tcp, udp and unix
 * lines for sockets opened here, and ENODEV, EFAULT, EINVAL, EPERM,
 * EEXIST, ESRCH, ENETUNREACH, EADDRNOTAVAIL and ENOTTY. eth0's cases run
 * when the machine has one and leave it as they found it.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <unistd.h>

#include "guest.h"
#include "proc_util.h"

static char text[65536];
static int inet, unx;

static long ifreq_call(int fd, unsigned long cmd, const char *name,
		       struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strcpy(ifr->ifr_name, name);
	return SYS(SYS_ioctl, fd, cmd, ifr);
}

static long set_addr(unsigned long cmd, const char *name, const char *addr)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = inet_addr(addr);
	return SYS(SYS_ioctl, inet, cmd, &ifr);
}

/* The address an SIOCGIF*ADDR request returns, as text ("" on error). */
static const char *get_addr(unsigned long cmd, const char *name)
{
	static char out[INET_ADDRSTRLEN];
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	out[0] = 0;
	if (ifreq_call(inet, cmd, name, &ifr) == 0) {
		CHECK_EQ(sin->sin_family, AF_INET);
		CHECK_EQ(sin->sin_port, 0);
		inet_ntop(AF_INET, &sin->sin_addr, out, sizeof(out));
	}
	return out;
}

static int get_flags(const char *name)
{
	struct ifreq ifr;

	CHECK_EQ(ifreq_call(inet, SIOCGIFFLAGS, name, &ifr), 0);
	return (unsigned short)ifr.ifr_flags;
}

static long set_flags(const char *name, int flags)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	ifr.ifr_flags = flags;
	return SYS(SYS_ioctl, inet, SIOCSIFFLAGS, &ifr);
}

static int get_int(unsigned long cmd, const char *name)
{
	struct ifreq ifr;

	CHECK_EQ(ifreq_call(inet, cmd, name, &ifr), 0);
	return ifr.ifr_ifindex; /* the int of the union */
}

static long set_int(unsigned long cmd, const char *name, int v)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	ifr.ifr_mtu = v; /* the int of the union */
	return SYS(SYS_ioctl, inet, cmd, &ifr);
}

static void sin_set(struct sockaddr *sa, const char *addr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = inet_addr(addr);
}

/* SIOCADDRT or SIOCDELRT as route(8) makes them. */
static long route_call(unsigned long cmd, const char *dst, const char *mask,
		       const char *gw, const char *dev, int metric)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	sin_set(&rt.rt_dst, dst);
	sin_set(&rt.rt_genmask, mask);
	rt.rt_flags = RTF_UP;
	if (gw) {
		sin_set(&rt.rt_gateway, gw);
		rt.rt_flags |= RTF_GATEWAY;
	}
	if (!strcmp(mask, "255.255.255.255"))
		rt.rt_flags |= RTF_HOST;
	rt.rt_dev = (char *)dev;
	rt.rt_metric = metric;
	return SYS(SYS_ioctl, inet, cmd, &rt);
}

static const char *proc_text(const char *path)
{
	long n = read_file(path, text, sizeof(text) - 1);

	CHECK(n >= 0);
	text[n < 0 ? 0 : n] = 0;
	return text;
}

/* A /proc/net/route line, padded to 127 columns as Linux pads it. */
static const char *route_line(const char *fmt, ...)
{
	static char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	while (n < 127)
		line[n++] = ' ';
	line[n++] = '\n';
	line[n] = 0;
	return line;
}

static int count_lines_with(const char *t, const char *prefix)
{
	int n = 0;

	for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
		n += !strncmp(l, prefix, strlen(prefix));
	return n;
}

/* The line of a /proc/net/{tcp,udp,unix} file showing inode ino. */
static const char *line_of_inode(const char *t, unsigned long ino,
				 int inode_field, int *len)
{
	for (const char *l = t; *l;) {
		const char *end = strchr(l, '\n'), *p = l;
		int field = 0;

		if (!end)
			break;
		while (p < end && field < inode_field) {
			while (p < end && *p == ' ')
				p++;
			while (p < end && *p != ' ')
				p++;
			field++;
		}
		while (p < end && *p == ' ')
			p++;
		if (strtoul(p, NULL, 10) == ino && p < end) {
			*len = end - l;
			return l;
		}
		l = end + 1;
	}
	*len = 0;
	return NULL;
}

/* Whether line l has want at offset off; prints both when not. */
static int line_has(const char *l, int off, const char *want)
{
	if (!strncmp(l + off, want, strlen(want)))
		return 1;
	say("netdev: line \"%.*s\"\n  wanted at %d \"%s\"\n",
	    (int)(strchr(l, '\n') - l), l, off, want);
	return 0;
}

static unsigned long ino_of(int fd)
{
	struct stat st;

	CHECK_EQ(fstat(fd, &st), 0);
	return st.st_ino;
}

static void lo_basics(void)
{
	struct ifreq ifr;
	static const char zero6[6];

	CHECK_EQ(set_flags("lo", IFF_UP), 0);
	CHECK_EQ(get_flags("lo"), IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
	CHECK(!strcmp(get_addr(SIOCGIFADDR, "lo"), "127.0.0.1"));
	CHECK(!strcmp(get_addr(SIOCGIFNETMASK, "lo"), "255.0.0.0"));
	CHECK(!strcmp(get_addr(SIOCGIFDSTADDR, "lo"), "127.0.0.1"));
	CHECK(!strcmp(get_addr(SIOCGIFBRDADDR, "lo"), "0.0.0.0"));
	CHECK_EQ(get_int(SIOCGIFMTU, "lo"), 65536);
	CHECK_EQ(get_int(SIOCGIFINDEX, "lo"), 1);
	CHECK_EQ(get_int(SIOCGIFMETRIC, "lo"), 0);
	CHECK_EQ(get_int(SIOCGIFTXQLEN, "lo"), 1000);

	CHECK_EQ(ifreq_call(inet, SIOCGIFHWADDR, "lo", &ifr), 0);
	CHECK_EQ(ifr.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	CHECK_MEM(ifr.ifr_hwaddr.sa_data, zero6, 6);
	CHECK_EQ(ifreq_call(inet, SIOCGIFMAP, "lo", &ifr), 0);
	CHECK_EQ(ifr.ifr_map.mem_start, 0);
	CHECK_EQ(ifr.ifr_map.irq, 0);
	CHECK_EQ(ifreq_call(inet, SIOCGIFSLAVE, "lo", &ifr), -EINVAL);

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = 1;
	CHECK_EQ(SYS(SYS_ioctl, inet, SIOCGIFNAME, &ifr), 0);
	CHECK(!strcmp(ifr.ifr_name, "lo"));
	ifr.ifr_ifindex = 9999;
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFNAME, &ifr), ENODEV);

	/* dev_ioctl's requests work on any socket, devinet's on AF_INET. */
	CHECK_EQ(ifreq_call(unx, SIOCGIFFLAGS, "lo", &ifr), 0);
	CHECK_EQ(ifr.ifr_flags, IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
	CHECK_EQ(ifreq_call(unx, SIOCGIFMTU, "lo", &ifr), 0);
	CHECK_EQ(ifr.ifr_mtu, 65536);
	CHECK_ERR(ifreq_call(unx, SIOCGIFADDR, "lo", &ifr), ENOTTY);
	CHECK_ERR(ifreq_call(unx, SIOCSIFADDR, "lo", &ifr), ENOTTY);
}

static void lo_conf(void)
{
	struct ifconf ifc;
	struct ifreq reqs[8], *r;
	int n;

	memset(&ifc, 0, sizeof(ifc));
	CHECK_EQ(SYS(SYS_ioctl, inet, SIOCGIFCONF, &ifc), 0);
	n = ifc.ifc_len;
	CHECK(n >= (int)sizeof(struct ifreq));
	CHECK_EQ(n % sizeof(struct ifreq), 0);

	memset(reqs, 0x55, sizeof(reqs));
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	CHECK_EQ(SYS(SYS_ioctl, unx, SIOCGIFCONF, &ifc), 0);
	CHECK_EQ(ifc.ifc_len, n);
	r = &reqs[0];
	CHECK(!strcmp(r->ifr_name, "lo"));
	CHECK_EQ(((struct sockaddr_in *)&r->ifr_addr)->sin_family, AF_INET);
	CHECK_EQ(((struct sockaddr_in *)&r->ifr_addr)->sin_addr.s_addr,
		 htonl(INADDR_LOOPBACK));
	CHECK_EQ(((struct sockaddr_in *)&r->ifr_addr)->sin_port, 0);

	/* Only whole records fit. */
	ifc.ifc_len = sizeof(struct ifreq) + 10;
	CHECK_EQ(SYS(SYS_ioctl, inet, SIOCGIFCONF, &ifc), 0);
	CHECK_EQ(ifc.ifc_len, sizeof(struct ifreq));
	ifc.ifc_len = sizeof(struct ifreq) - 1;
	CHECK_EQ(SYS(SYS_ioctl, inet, SIOCGIFCONF, &ifc), 0);
	CHECK_EQ(ifc.ifc_len, 0);

	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_buf = unmapped_addr();
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFCONF, &ifc), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFCONF, NULL), EFAULT);
}

static void errors(void)
{
	struct ifreq ifr;

	CHECK_ERR(ifreq_call(inet, SIOCGIFFLAGS, "nosuch0", &ifr), ENODEV);
	CHECK_ERR(ifreq_call(unx, SIOCGIFFLAGS, "nosuch0", &ifr), ENODEV);
	CHECK_ERR(ifreq_call(inet, SIOCGIFADDR, "nosuch0", &ifr), ENODEV);
	CHECK_ERR(ifreq_call(inet, SIOCGIFHWADDR, "nosuch0", &ifr), ENODEV);
	CHECK_ERR(ifreq_call(inet, SIOCGIFINDEX, "", &ifr), ENODEV);
	CHECK_ERR(set_flags("nosuch0", IFF_UP), ENODEV);
	CHECK_ERR(set_addr(SIOCSIFADDR, "nosuch0", "10.1.1.1"), ENODEV);
	/* No alias has that label. */
	CHECK_ERR(ifreq_call(inet, SIOCGIFADDR, "lo:7", &ifr), EADDRNOTAVAIL);

	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFFLAGS, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFADDR, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, unx, SIOCGIFINDEX, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFFLAGS, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCADDRT, NULL), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCGIFNAME, unmapped_addr()), EFAULT);

	/* An address must be AF_INET (checked before the name). */
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "nosuch0");
	ifr.ifr_addr.sa_family = AF_UNIX;
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFADDR, &ifr), EINVAL);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFNETMASK, &ifr), EINVAL);
	CHECK_ERR(set_addr(SIOCSIFADDR, "lo", "224.0.0.1"), EINVAL);
	CHECK_ERR(set_addr(SIOCSIFNETMASK, "lo", "255.0.255.0"), EINVAL);
	CHECK_ERR(ifreq_call(inet, SIOCGIFPFLAGS, "lo", &ifr), EINVAL);
	CHECK_ERR(ifreq_call(inet, SIOCSIFMETRIC, "lo", &ifr), EOPNOTSUPP);
	strcpy(ifr.ifr_name, "nosuch0");
	ifr.ifr_mtu = -1;
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFMTU, &ifr), ENODEV);
	strcpy(ifr.ifr_name, "lo");
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFMTU, &ifr), EINVAL);
	CHECK_ERR(SYS(SYS_ioctl, inet, TCGETS, &ifr), ENOTTY);
}

static void unprivileged(void *arg)
{
	struct ifreq ifr;

	(void)arg;
	CHECK_EQ(SYS(SYS_setresuid, 65534, 65534, 65534), 0);
	CHECK_EQ(ifreq_call(inet, SIOCGIFFLAGS, "lo", &ifr), 0);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFFLAGS, &ifr), EPERM);
	CHECK_ERR(SYS(SYS_ioctl, unx, SIOCSIFFLAGS, &ifr), EPERM);
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCSIFMTU, &ifr), EPERM);
	CHECK_ERR(set_addr(SIOCSIFADDR, "lo", "127.0.0.1"), EPERM);
	CHECK_ERR(set_addr(SIOCSIFADDR, "nosuch0", "127.0.0.1"), EPERM);
	CHECK_ERR(route_call(SIOCADDRT, "10.99.0.0", "255.255.0.0", NULL,
			     "lo", 0), EPERM);
	CHECK_ERR(route_call(SIOCDELRT, "10.99.0.0", "255.255.0.0", NULL,
			     "lo", 0), EPERM);
}

static const char route_header[] =
	"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\t"
	"MTU\tWindow\tIRTT";

static void routes(void)
{
	const char *t;
	struct rtentry rt;

	t = proc_text("/proc/net/route");
	CHECK(!strncmp(t, route_line("%s", route_header), 128));
	CHECK_EQ(count_lines_with(t, "lo\t"), 0);

	/* A network on lo, a gateway route through it, a host route. */
	CHECK_EQ(route_call(SIOCADDRT, "10.99.0.0", "255.255.0.0", NULL, "lo",
			    0), 0);
	CHECK_ERR(route_call(SIOCADDRT, "10.99.0.0", "255.255.0.0", NULL, "lo",
			     0), EEXIST);
	CHECK_EQ(route_call(SIOCADDRT, "10.97.0.0", "255.255.0.0", "10.99.0.1",
			    NULL, 5), 0);
	CHECK_EQ(route_call(SIOCADDRT, "10.98.1.2", "255.255.255.255", NULL,
			    "lo", 0), 0);
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "lo\t"), 3);
	CHECK(strstr(t, route_line("lo\t0000630A\t00000000\t0001\t0\t0\t0\t"
				   "0000FFFF\t0\t0\t0")));
	CHECK(strstr(t, route_line("lo\t0000610A\t0100630A\t0003\t0\t0\t4\t"
				   "0000FFFF\t0\t0\t0")));
	CHECK(strstr(t, route_line("lo\t0201620A\t00000000\t0005\t0\t0\t0\t"
				   "FFFFFFFF\t0\t0\t0")));
	/* In the order of their destinations. */
	CHECK(strstr(t, "\nlo\t0000610A") < strstr(t, "\nlo\t0201620A"));
	CHECK(strstr(t, "\nlo\t0201620A") < strstr(t, "\nlo\t0000630A"));

	/* Errors, in Linux's order. */
	CHECK_ERR(route_call(SIOCADDRT, "10.96.0.0", "255.255.0.0",
			     "192.0.2.1", NULL, 0), ENETUNREACH);
	CHECK_ERR(route_call(SIOCADDRT, "10.96.0.0", "255.255.0.0", NULL,
			     NULL, 0), ENODEV);
	CHECK_ERR(route_call(SIOCADDRT, "10.96.0.0", "255.255.0.0", NULL,
			     "nosuch0", 0), ENODEV);
	CHECK_ERR(route_call(SIOCADDRT, "10.96.0.1", "255.255.0.0", NULL,
			     "lo", 0), EINVAL);
	CHECK_ERR(route_call(SIOCADDRT, "10.96.0.0", "255.0.255.0", NULL,
			     "lo", 0), EINVAL);
	memset(&rt, 0, sizeof(rt));
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	sin_set(&rt.rt_dst, "10.96.0.0");
	sin_set(&rt.rt_genmask, "255.255.0.0");
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCADDRT, &rt), EINVAL);
	rt.rt_dst.sa_family = AF_UNIX;
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCADDRT, &rt), EAFNOSUPPORT);
	sin_set(&rt.rt_dst, "10.96.0.0");
	rt.rt_flags = RTF_UP;
	rt.rt_dev = unmapped_addr();
	CHECK_ERR(SYS(SYS_ioctl, inet, SIOCADDRT, &rt), EFAULT);
	CHECK_ERR(SYS(SYS_ioctl, unx, SIOCADDRT, &rt), ENOTTY);

	/* Deleting: the metric must match when given. */
	CHECK_ERR(route_call(SIOCDELRT, "10.97.0.0", "255.255.0.0", NULL,
			     NULL, 3), ESRCH);
	CHECK_EQ(route_call(SIOCDELRT, "10.97.0.0", "255.255.0.0", NULL,
			    NULL, 0), 0);
	CHECK_ERR(route_call(SIOCDELRT, "10.97.0.0", "255.255.0.0", NULL,
			     NULL, 0), ESRCH);
	CHECK_ERR(route_call(SIOCDELRT, "10.98.1.2", "255.255.255.255",
			     "10.99.0.7", NULL, 0), ESRCH);
	CHECK_EQ(route_call(SIOCDELRT, "10.98.1.2", "255.255.255.255", NULL,
			    "lo", 0), 0);
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "lo\t"), 1);

	/* Down, lo keeps its address but loses its routes. */
	CHECK_EQ(set_flags("lo", 0), 0);
	CHECK_EQ(get_flags("lo"), IFF_LOOPBACK);
	CHECK(!strcmp(get_addr(SIOCGIFADDR, "lo"), "127.0.0.1"));
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "lo\t"), 0);
	CHECK_ERR(route_call(SIOCADDRT, "10.99.0.0", "255.255.0.0", NULL, "lo",
			     0), ENETDOWN);
	CHECK_EQ(set_flags("lo", IFF_UP), 0);
	CHECK_EQ(get_flags("lo"), IFF_UP | IFF_LOOPBACK | IFF_RUNNING);

	/* A new address drops them too, and brings its own class's mask. */
	CHECK_EQ(route_call(SIOCADDRT, "10.99.0.0", "255.255.0.0", NULL, "lo",
			    0), 0);
	CHECK_EQ(set_addr(SIOCSIFADDR, "lo", "127.0.0.2"), 0);
	CHECK(!strcmp(get_addr(SIOCGIFADDR, "lo"), "127.0.0.2"));
	CHECK(!strcmp(get_addr(SIOCGIFDSTADDR, "lo"), "127.0.0.2"));
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "lo\t"), 0);
	CHECK_EQ(set_addr(SIOCSIFNETMASK, "lo", "255.255.0.0"), 0);
	CHECK(!strcmp(get_addr(SIOCGIFNETMASK, "lo"), "255.255.0.0"));
	CHECK(!strcmp(get_addr(SIOCGIFBRDADDR, "lo"), "0.0.0.0"));
	CHECK_EQ(set_addr(SIOCSIFADDR, "lo", "127.0.0.1"), 0);
	CHECK(!strcmp(get_addr(SIOCGIFNETMASK, "lo"), "255.0.0.0"));
	CHECK(!strcmp(get_addr(SIOCGIFADDR, "lo"), "127.0.0.1"));
}

static const char tcp_header[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
	"retrnsmt   uid  timeout inode";
static const char udp_header[] =
	"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
	"retrnsmt   uid  timeout inode ref pointer drops";

/* Whether t starts with header padded with spaces to width. */
static int padded_header(const char *t, const char *header, int width)
{
	int n = strlen(header);

	if (strncmp(t, header, n))
		return 0;
	for (; n < width; n++)
		if (t[n] != ' ')
			return 0;
	return t[width] == '\n';
}

static int tcp_listener(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int s = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_EQ(SYS(SYS_bind, s, a, sizeof(*a)), 0);
	CHECK_EQ(SYS(SYS_listen, s, 4), 0);
	CHECK_EQ(SYS(SYS_getsockname, s, a, &len), 0);
	return s;
}

static void proc_tcp(void)
{
	struct sockaddr_in la, ca;
	socklen_t len = sizeof(ca);
	char want[256];
	const char *t, *l;
	int lis, c, s, n;

	lis = tcp_listener(&la);
	t = proc_text("/proc/net/tcp");
	CHECK(padded_header(t, tcp_header, 149));
	l = line_of_inode(t, ino_of(lis), 9, &n);
	CHECK(l != NULL);
	if (l) {
		CHECK_EQ(n, 149);
		snprintf(want, sizeof(want),
			 ": 0100007F:%04X 00000000:0000 0A 00000000:00000000 "
			 "00:00000000 00000000     0        0 %lu 1 ",
			 ntohs(la.sin_port), ino_of(lis));
		CHECK(line_has(l, 4, want));
	}

	c = SYS(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_EQ(SYS(SYS_connect, c, &la, sizeof(la)), 0);
	s = SYS(SYS_accept, lis, 0, 0);
	CHECK(s >= 0);
	CHECK_EQ(SYS(SYS_getsockname, c, &ca, &len), 0);
	CHECK_EQ(SYS(SYS_write, c, "hello", 5), 5);
	/* Acknowledged by then (lwIP delays its ACKs up to 250 ms). */
	sleep_ms(400);
	t = proc_text("/proc/net/tcp");
	l = line_of_inode(t, ino_of(s), 9, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want),
			 ": 0100007F:%04X 0100007F:%04X 01 00000000:00000005 "
			 "00:00000000 00000000     0        0 %lu ",
			 ntohs(la.sin_port), ntohs(ca.sin_port), ino_of(s));
		CHECK(line_has(l, 4, want));
	}
	l = line_of_inode(t, ino_of(c), 9, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want),
			 ": 0100007F:%04X 0100007F:%04X 01 00000000:00000000 "
			 "00:00000000 00000000     0        0 %lu ",
			 ntohs(ca.sin_port), ntohs(la.sin_port), ino_of(c));
		CHECK(line_has(l, 4, want));
	}
	close(s);
	close(c);
	close(lis);
}

static void proc_udp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, b;
	socklen_t len = sizeof(a);
	char want[256];
	const char *t, *l;
	int u, v, n;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	u = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK_EQ(SYS(SYS_bind, u, &a, sizeof(a)), 0);
	CHECK_EQ(SYS(SYS_getsockname, u, &a, &len), 0);
	v = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK_EQ(SYS(SYS_connect, v, &a, sizeof(a)), 0);
	len = sizeof(b);
	CHECK_EQ(SYS(SYS_getsockname, v, &b, &len), 0);

	t = proc_text("/proc/net/udp");
	CHECK(padded_header(t, udp_header, 127));
	l = line_of_inode(t, ino_of(u), 9, &n);
	CHECK(l != NULL);
	if (l) {
		CHECK_EQ(n, 127);
		snprintf(want, sizeof(want),
			 ": 0100007F:%04X 00000000:0000 07 00000000:00000000 "
			 "00:00000000 00000000     0        0 %lu 2 ",
			 ntohs(a.sin_port), ino_of(u));
		CHECK(line_has(l, 5, want));
	}
	l = line_of_inode(t, ino_of(v), 9, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want),
			 ": 0100007F:%04X 0100007F:%04X 01 00000000:00000000 "
			 "00:00000000 00000000     0        0 %lu 2 ",
			 ntohs(b.sin_port), ntohs(a.sin_port), ino_of(v));
		CHECK(line_has(l, 5, want));
	}
	close(u);
	close(v);
}

static void proc_unix(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char want[256];
	const char *t, *l;
	int lis, cl, pair[2], n;

	strcpy(sun.sun_path, "/tmp/netdev.sock");
	unlink(sun.sun_path);
	lis = SYS(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(SYS(SYS_bind, lis, &sun, sizeof(sun)), 0);
	CHECK_EQ(SYS(SYS_listen, lis, 1), 0);
	CHECK_EQ(SYS(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, pair), 0);

	/* A connection not accepted yet, and its client. */
	cl = SYS(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	strcpy(sun.sun_path, "/tmp/netdev.sock");
	CHECK_EQ(SYS(SYS_connect, cl, &sun, sizeof(sun)), 0);
	memset(sun.sun_path, 0, sizeof(sun.sun_path));
	memcpy(sun.sun_path, "\0netdev\0x", 9);
	CHECK_EQ(SYS(SYS_bind, pair[0], &sun,
		     offsetof(struct sockaddr_un, sun_path) + 9), 0);

	t = proc_text("/proc/net/unix");
	CHECK(strstr(t, " 00000000 00000000 0001 02     0 /tmp/netdev.sock\n"));
	l = line_of_inode(t, ino_of(cl), 6, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want), " 00000000 00000000 0001 03 %5lu",
			 ino_of(cl));
		CHECK_EQ(n, 26 + (int)strlen(want));
		CHECK(line_has(l, 26, want));
	}
	CHECK(!strncmp(t, "Num       RefCount Protocol Flags    Type St Inode "
			  "Path\n", 49));
	l = line_of_inode(t, ino_of(lis), 6, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want), " 00000000 00010000 0001 01 %5lu "
			 "/tmp/netdev.sock", ino_of(lis));
		CHECK_EQ(n, 26 + (int)strlen(want));
		CHECK(line_has(l, 26, want));
	}
	l = line_of_inode(t, ino_of(pair[0]), 6, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want), " 00000000 00000000 0002 03 %5lu "
			 "@netdev@x", ino_of(pair[0]));
		CHECK_EQ(n, 26 + (int)strlen(want));
		CHECK(line_has(l, 26, want));
	}
	l = line_of_inode(t, ino_of(pair[1]), 6, &n);
	CHECK(l != NULL);
	if (l) {
		snprintf(want, sizeof(want), " 00000000 00000000 0002 03 %5lu",
			 ino_of(pair[1]));
		CHECK_EQ(n, 26 + (int)strlen(want));
		CHECK(line_has(l, 26, want));
	}
	close(cl);
	close(lis);
	close(pair[0]);
	close(pair[1]);
	unlink("/tmp/netdev.sock");
}

static void proc_links(void)
{
	char buf[64];
	struct stat st;
	unsigned long v[16];
	const char *t, *l;

	CHECK_EQ(SYS(SYS_readlinkat, AT_FDCWD, "/proc/net", buf, sizeof(buf)),
		 8);
	CHECK(!memcmp(buf, "self/net", 8));
	CHECK_EQ(lstat("/proc/net", &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(stat("/proc/net", &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(stat("/proc/self/net/dev", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0444);

	t = proc_text("/proc/net/dev");
	CHECK(!strncmp(t, "Inter-|   Receive                            "
			  "                    |  Transmit\n"
			  " face |bytes    packets errs drop fifo frame "
			  "compressed multicast|bytes    packets errs drop "
			  "fifo colls carrier compressed\n", 200));
	l = strstr(t, "\n    lo: ");
	CHECK(l != NULL);
	if (l) {
		CHECK_EQ(sscanf(l + 9, "%lu %lu %lu %lu %lu %lu %lu %lu %lu %lu "
				"%lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2],
				&v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
				&v[10], &v[11], &v[12], &v[13], &v[14], &v[15]),
			 16);
		/* lo receives what it sends. */
		CHECK(v[1] > 0);
		CHECK_EQ(v[0], v[8]);
		CHECK_EQ(v[1], v[9]);
	}
}

/* eth0, when the machine has a card: set up as rcS does, then undone. */
static void eth0(void)
{
	struct ifreq ifr;
	char had[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];
	int flags;
	const char *t;

	if (ifreq_call(inet, SIOCGIFINDEX, "eth0", &ifr)) {
		say("netdev: no eth0; its cases are skipped\n");
		return;
	}
	CHECK_EQ(ifr.ifr_ifindex, 2);
	flags = get_flags("eth0");
	strcpy(had, get_addr(SIOCGIFADDR, "eth0"));
	strcpy(mask, get_addr(SIOCGIFNETMASK, "eth0"));
	CHECK_EQ(flags & ~(IFF_UP | IFF_RUNNING), IFF_BROADCAST | IFF_MULTICAST);
	CHECK_EQ(get_int(SIOCGIFMTU, "eth0"), 1500);
	CHECK_EQ(get_int(SIOCGIFTXQLEN, "eth0"), 1000);
	CHECK_EQ(ifreq_call(inet, SIOCGIFHWADDR, "eth0", &ifr), 0);
	CHECK_EQ(ifr.ifr_hwaddr.sa_family, ARPHRD_ETHER);
	CHECK_MEM(ifr.ifr_hwaddr.sa_data, "\x52\x54\x00", 3);

	CHECK_EQ(set_flags("eth0", flags & ~IFF_UP), 0);
	/* virtio-net's MTU bounds; the queue length; a settable flag. */
	CHECK_EQ(set_int(SIOCSIFMTU, "eth0", 67), -EINVAL);
	CHECK_EQ(set_int(SIOCSIFMTU, "eth0", 65536), -EINVAL);
	CHECK_EQ(set_int(SIOCSIFMTU, "eth0", 65535), 0);
	CHECK_EQ(get_int(SIOCGIFMTU, "eth0"), 65535);
	CHECK_EQ(set_int(SIOCSIFMTU, "eth0", 1500), 0);
	CHECK_EQ(set_int(SIOCSIFTXQLEN, "eth0", -1), -EINVAL);
	CHECK_EQ(set_int(SIOCSIFTXQLEN, "eth0", 500), 0);
	CHECK_EQ(get_int(SIOCGIFTXQLEN, "eth0"), 500);
	CHECK_EQ(set_int(SIOCSIFTXQLEN, "eth0", 1000), 0);
	CHECK_EQ(set_flags("eth0", IFF_BROADCAST | IFF_NOARP), 0);
	CHECK_EQ(get_flags("eth0"), IFF_BROADCAST | IFF_NOARP);
	CHECK_EQ(set_flags("eth0", flags & ~IFF_UP), 0);
	CHECK_EQ(get_flags("eth0"), IFF_BROADCAST | IFF_MULTICAST);
	CHECK_EQ(set_addr(SIOCSIFADDR, "eth0", "0.0.0.0"), 0);
	CHECK_ERR(ifreq_call(inet, SIOCGIFADDR, "eth0", &ifr), EADDRNOTAVAIL);
	CHECK_ERR(set_addr(SIOCSIFNETMASK, "eth0", "255.255.255.0"),
		  EADDRNOTAVAIL);

	/* A class A address; the mask moves the broadcast address along. */
	CHECK_EQ(set_addr(SIOCSIFADDR, "eth0", "10.0.2.15"), 0);
	CHECK(!strcmp(get_addr(SIOCGIFNETMASK, "eth0"), "255.0.0.0"));
	CHECK(!strcmp(get_addr(SIOCGIFBRDADDR, "eth0"), "10.255.255.255"));
	CHECK_EQ(set_addr(SIOCSIFNETMASK, "eth0", "255.255.255.0"), 0);
	CHECK(!strcmp(get_addr(SIOCGIFBRDADDR, "eth0"), "10.0.2.255"));
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "eth0\t"), 0);
	CHECK_ERR(route_call(SIOCADDRT, "0.0.0.0", "0.0.0.0", "10.0.2.2",
			     NULL, 0), ENETUNREACH);

	CHECK_EQ(set_flags("eth0", IFF_UP | IFF_BROADCAST | IFF_MULTICAST), 0);
	CHECK_EQ(get_flags("eth0") & ~IFF_RUNNING,
		 IFF_UP | IFF_BROADCAST | IFF_MULTICAST);
	CHECK_EQ(route_call(SIOCADDRT, "0.0.0.0", "0.0.0.0", "10.0.2.2", NULL,
			    0), 0);
	CHECK_ERR(route_call(SIOCADDRT, "0.0.0.0", "0.0.0.0", "10.0.2.2", NULL,
			     0), EEXIST);
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "eth0\t"), 2);
	CHECK(strstr(t, route_line("eth0\t00000000\t0202000A\t0003\t0\t0\t0\t"
				   "00000000\t0\t0\t0")));
	CHECK(strstr(t, route_line("eth0\t0002000A\t00000000\t0001\t0\t0\t0\t"
				   "00FFFFFF\t0\t0\t0")));
	CHECK(strstr(t, "\neth0\t00000000") < strstr(t, "\neth0\t0002000A"));
	CHECK_EQ(route_call(SIOCDELRT, "0.0.0.0", "0.0.0.0", NULL, NULL, 0), 0);
	CHECK_ERR(route_call(SIOCDELRT, "0.0.0.0", "0.0.0.0", NULL, NULL, 0),
		  ESRCH);

	/* As it was. */
	CHECK_EQ(set_flags("eth0", flags & ~IFF_UP), 0);
	t = proc_text("/proc/net/route");
	CHECK_EQ(count_lines_with(t, "eth0\t"), 0);
	CHECK_EQ(set_addr(SIOCSIFADDR, "eth0", had[0] ? had : "0.0.0.0"), 0);
	if (had[0])
		CHECK_EQ(set_addr(SIOCSIFNETMASK, "eth0", mask), 0);
	CHECK_EQ(set_flags("eth0", flags), 0);
}

int main(void)
{
	inet = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	unx = SYS(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	CHECK(inet >= 0 && unx >= 0);
	proc_mount();

	lo_basics();
	lo_conf();
	errors();
	CHECK_EXITED(run_in_child(unprivileged, NULL), 0);
	routes();
	proc_tcp();
	proc_udp();
	proc_unix();
	proc_links();
	eth0();
	return check_done();
}
