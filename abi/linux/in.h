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

#define LINUX_TCP_NODELAY 1

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
