/*
 * Linux's interface and route ioctl ABI: the request numbers, the IFF_ and
 * RTF_ flags, ARPHRD_ types and struct ifconf, ifmap and rtentry (arm64
 * layouts). Values from include/uapi/linux/{sockios,if,if_arp,route}.h.
 * struct ifreq and the first requests are in in.h.
 */
#ifndef ABI_LINUX_IF_H
#define ABI_LINUX_IF_H

#include "abi/linux/in.h"
#include "abi/linux/socket.h"

#define SIOCADDRT 0x890b
#define SIOCDELRT 0x890c
#define SIOCRTMSG 0x890d
#define SIOCGIFNAME 0x8910
#define SIOCSIFLINK 0x8911
#define SIOCGIFCONF 0x8912
#define SIOCGIFADDR 0x8915
#define SIOCSIFADDR 0x8916
#define SIOCGIFDSTADDR 0x8917
#define SIOCSIFDSTADDR 0x8918
#define SIOCGIFBRDADDR 0x8919
#define SIOCSIFBRDADDR 0x891a
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c
#define SIOCGIFMETRIC 0x891d
#define SIOCSIFMETRIC 0x891e
#define SIOCGIFMEM 0x891f
#define SIOCSIFMEM 0x8920
#define SIOCGIFMTU 0x8921
#define SIOCSIFMTU 0x8922
#define SIOCSIFNAME 0x8923
#define SIOCSIFHWADDR 0x8924
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFSLAVE 0x8929
#define SIOCGIFINDEX 0x8933
#define SIOCSIFPFLAGS 0x8934
#define SIOCGIFPFLAGS 0x8935
#define SIOCGIFTXQLEN 0x8942
#define SIOCSIFTXQLEN 0x8943
#define SIOCGIFMAP 0x8970
#define SIOCSIFMAP 0x8971

/* The flags in.h does not name (uapi/linux/if.h). */
#define LINUX_IFF_DEBUG 0x4
#define LINUX_IFF_POINTOPOINT 0x10
#define LINUX_IFF_NOTRAILERS 0x20
#define LINUX_IFF_NOARP 0x80
#define LINUX_IFF_PROMISC 0x100
#define LINUX_IFF_ALLMULTI 0x200
#define LINUX_IFF_PORTSEL 0x2000
#define LINUX_IFF_AUTOMEDIA 0x4000
#define LINUX_IFF_DYNAMIC 0x8000

#define LINUX_ARPHRD_ETHER 1
#define LINUX_ARPHRD_LOOPBACK 772

/* Route flags (uapi/linux/route.h). */
#define LINUX_RTF_UP 0x0001
#define LINUX_RTF_GATEWAY 0x0002
#define LINUX_RTF_HOST 0x0004
#define LINUX_RTF_MTU 0x0040
#define LINUX_RTF_WINDOW 0x0080
#define LINUX_RTF_IRTT 0x0100
#define LINUX_RTF_REJECT 0x0200

/* The union member of struct ifreq for SIOCGIFMAP. */
struct linux_ifmap {
	u64 mem_start;
	u64 mem_end;
	u16 base_addr;
	u8 irq;
	u8 dma;
	u8 port;
};
_Static_assert(sizeof(struct linux_ifmap) == 24, "ifmap");

struct linux_ifconf {
	int ifc_len;
	u64 ifc_buf;           /* a user pointer; NULL asks for the length */
};
_Static_assert(sizeof(struct linux_ifconf) == 16, "ifconf");

struct linux_rtentry {
	u64 rt_pad1;
	struct linux_sockaddr rt_dst;
	struct linux_sockaddr rt_gateway;
	struct linux_sockaddr rt_genmask;
	u16 rt_flags;
	s16 rt_pad2;
	u64 rt_pad3;
	u64 rt_pad4;
	s16 rt_metric;         /* the route's metric plus one */
	u64 rt_dev;            /* a user pointer to a name, or NULL */
	u64 rt_mtu;
	u64 rt_window;
	u16 rt_irtt;
};
_Static_assert(sizeof(struct linux_rtentry) == 120, "rtentry");

#endif
