/*
 * Helpers shared by the socket tests of the LTP-style suite (accept*,
 * bind*, connect*, send*, recv*, setsockopt*, ...): a scratch directory of
 * the test's own for AF_UNIX path names, sockets whose family or protocol
 * may be missing (TCONF for that case only, so later cases still run), and
 * addresses on 127.0.0.1.
 */
#ifndef SOCK_COMMON_H
#define SOCK_COMMON_H

#include "tst_test.h"

#include <dirent.h>
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <net/if.h>

static char sock_tmpdir_path[64];

/* Makes /tmp/<name>.<pid> and enters it: path sockets live there. */
static inline void sock_tmpdir_enter(const char *name)
{
	snprintf(sock_tmpdir_path, sizeof(sock_tmpdir_path), "/tmp/%s.%d",
		 name, (int)getpid());
	SAFE_MKDIR(sock_tmpdir_path, 0777);
	if (chdir(sock_tmpdir_path) < 0)
		tst_brk(TBROK | TERRNO, "chdir(%s)", sock_tmpdir_path);
}

/* Removes the scratch directory and what the test left in it. */
static inline void sock_tmpdir_leave(void)
{
	struct dirent *de;
	DIR *d;

	if (!sock_tmpdir_path[0])
		return;
	d = opendir(sock_tmpdir_path);
	if (d) {
		while ((de = readdir(d))) {
			char p[384];

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", sock_tmpdir_path,
				 de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	if (chdir("/") == 0)
		rmdir(sock_tmpdir_path);
	sock_tmpdir_path[0] = 0;
}

/*
 * socket() for a family, type or protocol the kernel may lack: TCONF with
 * the reason and -1, so that the caller skips this case alone.
 */
static inline int sock_or_tconf(int domain, int type, int proto,
				const char *what)
{
	int fd = socket(domain, type, proto);

	if (fd >= 0)
		return fd;
	if (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT ||
	    errno == ESOCKTNOSUPPORT)
		tst_res(TCONF | TERRNO, "%s: socket(%d, %d, %d) not supported",
			what, domain, type, proto);
	else
		tst_res(TBROK | TERRNO, "%s: socket(%d, %d, %d)", what,
			domain, type, proto);
	return -1;
}

/* 127.0.0.1 with a port in host order (0: any). */
static inline struct sockaddr_in sock_lo_addr(uint16_t port)
{
	struct sockaddr_in a;

	tst_init_sockaddr_inet_bin(&a, INADDR_LOOPBACK, port);
	return a;
}

/* A listening TCP socket on 127.0.0.1 and an ephemeral port; *addr gets
 * its name. */
static inline int sock_tcp_listener(struct sockaddr_in *addr, int backlog)
{
	socklen_t len = sizeof(*addr);
	int fd;

	*addr = sock_lo_addr(0);
	fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_BIND(fd, (struct sockaddr *)addr, sizeof(*addr));
	SAFE_LISTEN(fd, backlog);
	SAFE_GETSOCKNAME(fd, (struct sockaddr *)addr, &len);
	return fd;
}

/* A UDP socket bound to 127.0.0.1 and an ephemeral port. */
static inline int sock_udp_bound(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd;

	*addr = sock_lo_addr(0);
	fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	SAFE_BIND(fd, (struct sockaddr *)addr, sizeof(*addr));
	SAFE_GETSOCKNAME(fd, (struct sockaddr *)addr, &len);
	return fd;
}

/* iptables' IPT_SO_SET_REPLACE: struct ipt_replace's layout, with n
 * bytes of entries after it (setsockopt03, setsockopt08). */
#define IPT_SO_SET_REPLACE 64
#define NF_INET_NUMHOOKS 5
#define LTP_IPT_REPLACE(n)                                             \
	struct {                                                       \
		char name[32];                                         \
		unsigned int valid_hooks;                              \
		unsigned int num_entries;                              \
		unsigned int size;                                     \
		unsigned int hook_entry[NF_INET_NUMHOOKS];             \
		unsigned int underflow[NF_INET_NUMHOOKS];              \
		unsigned int num_counters;                             \
		void *counters;                                        \
		unsigned char entries[n];                              \
	}

/* The addresses of port 0 on 127.0.0.1, 0.0.0.0, ::1 and ::. */
static inline void sock_inet_addrs(struct sockaddr_in *lo,
				   struct sockaddr_in *any,
				   struct sockaddr_in6 *lo6,
				   struct sockaddr_in6 *any6)
{
	*lo = sock_lo_addr(0);
	tst_init_sockaddr_inet_bin(any, INADDR_ANY, 0);
	lo6->sin6_family = AF_INET6;
	lo6->sin6_addr = in6addr_loopback;
	any6->sin6_family = AF_INET6;
	any6->sin6_addr = in6addr_any;
}

/* The address a peer reaches fd at: its name, with a wildcard address
 * replaced by the loopback one. */
static inline socklen_t sock_peer_address(int fd, struct sockaddr_storage *ss)
{
	socklen_t len = sizeof(*ss);

	SAFE_GETSOCKNAME(fd, (struct sockaddr *)ss, &len);
	if (ss->ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		if (in->sin_addr.s_addr == htonl(INADDR_ANY))
			in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else if (ss->ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		if (!memcmp(&in6->sin6_addr, &in6addr_any, sizeof(in6addr_any)))
			in6->sin6_addr = in6addr_loopback;
	}
	return len;
}

/* A connected TCP pair over 127.0.0.1: *cli connected, *srv accepted. */
static inline void sock_tcp_pair(int *cli, int *srv)
{
	struct sockaddr_in a;
	int l = sock_tcp_listener(&a, 1);

	*cli = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(*cli, (struct sockaddr *)&a, sizeof(a));
	*srv = SAFE_ACCEPT(l, NULL, NULL);
	SAFE_CLOSE(l);
}

/* The index of lo, read with SIOCGIFINDEX; 1 (Linux's) if that fails. */
static inline int sock_lo_ifindex(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), idx = 1;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (fd >= 0 && ioctl(fd, SIOCGIFINDEX, &ifr) == 0)
		idx = ifr.ifr_ifindex;
	if (fd >= 0)
		close(fd);
	return idx;
}

#endif /* SOCK_COMMON_H */
