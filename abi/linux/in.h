/*
 * Linux's IPv4 socket ABI: sockaddr_in, the protocol numbers and option
 * levels, the TCP options Akuma knows, and the interface ioctls with
 * struct ifreq. Values from include/uapi/linux/{in,tcp,if,sockios}.h.
 * Guarded because lwIP's headers define some of the same names with the
 * same values.
 */
#ifndef ABI_LINUX_IN_H
#define ABI_LINUX_IN_H

#include "kernel/include/types.h"

#ifndef IPPROTO_IP
#define IPPROTO_IP 0
#endif
#ifndef IPPROTO_ICMP
#define IPPROTO_ICMP 1
#endif
#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#ifndef IPPROTO_UDP
#define IPPROTO_UDP 17
#endif

#ifndef IPPROTO_RAW
#define IPPROTO_RAW 255
#endif
#define LINUX_IPPROTO_MAX 263 /* IPPROTO_MPTCP + 1 */

/* IPPROTO_TCP options (uapi/linux/tcp.h) and Linux's bounds for them. */
#define LINUX_TCP_NODELAY 1
#define LINUX_TCP_MAXSEG 2
#define LINUX_TCP_CORK 3
#define LINUX_TCP_KEEPIDLE 4
#define LINUX_TCP_KEEPINTVL 5
#define LINUX_TCP_KEEPCNT 6
#define LINUX_TCP_ULP 31
#define LINUX_MAX_TCP_KEEPIDLE 32767
#define LINUX_MAX_TCP_KEEPINTVL 32767
#define LINUX_MAX_TCP_KEEPCNT 127
#define LINUX_TCP_MIN_MSS 88
#define LINUX_TCP_MSS_DEFAULT 536
#define LINUX_MAX_TCP_WINDOW 32767

/* IPPROTO_UDP options (uapi/linux/udp.h). */
#define LINUX_UDP_CORK 1

/* IPPROTO_IP options (uapi/linux/in.h). */
#define LINUX_IP_TOS 1
#define LINUX_IP_TTL 2
#define LINUX_IP_HDRINCL 3
#define LINUX_IP_ADD_MEMBERSHIP 35
#define LINUX_IP_DROP_MEMBERSHIP 36
#define LINUX_MCAST_JOIN_GROUP 42
#define LINUX_MCAST_LEAVE_GROUP 45

/* IP_ADD_MEMBERSHIP's argument, short or long (fields network order). */
struct linux_ip_mreq {
	u32 imr_multiaddr;
	u32 imr_interface;
};
_Static_assert(sizeof(struct linux_ip_mreq) == 8, "ip_mreq");

struct linux_ip_mreqn {
	u32 imr_multiaddr;
	u32 imr_address;
	int imr_ifindex;
};
_Static_assert(sizeof(struct linux_ip_mreqn) == 12, "ip_mreqn");

/* MCAST_JOIN_GROUP's: an interface index and a sockaddr_storage. */
struct linux_group_req {
	u32 gr_interface;
	u32 pad;                /* the storage is 8-aligned */
	u8 gr_group[128];
};
_Static_assert(sizeof(struct linux_group_req) == 136, "group_req");

/* SOL_RAW options (uapi/linux/icmp.h): a mask of ICMP types to drop. */
#define LINUX_SOL_RAW 255
#define LINUX_ICMP_FILTER 1

/* ICMP message types the kernel itself looks at. */
#define LINUX_ICMP_ECHOREPLY 0
#define LINUX_ICMP_ECHO 8

struct linux_icmphdr {
	u8 type;
	u8 code;
	u16 checksum;
	u16 id;                /* echo: network order */
	u16 sequence;
};
_Static_assert(sizeof(struct linux_icmphdr) == 8, "icmphdr");

struct linux_sockaddr_in {
	u16 sin_family;
	u16 sin_port;          /* network order */
	u32 sin_addr;          /* network order */
	u8 sin_zero[8];
};
_Static_assert(sizeof(struct linux_sockaddr_in) == 16, "sockaddr_in");

#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914

#define LINUX_IFNAMSIZ 16
#define LINUX_IFF_UP 0x1
#define LINUX_IFF_BROADCAST 0x2
#define LINUX_IFF_LOOPBACK 0x8
#define LINUX_IFF_RUNNING 0x40
#define LINUX_IFF_MULTICAST 0x1000

/* struct ifreq: a name and a 24-byte union (flags is its first short). */
struct linux_ifreq {
	char ifr_name[LINUX_IFNAMSIZ];
	union {
		s16 ifr_flags;
		u8 ifr_raw[24];
	};
};
_Static_assert(sizeof(struct linux_ifreq) == 40, "ifreq");

#endif
