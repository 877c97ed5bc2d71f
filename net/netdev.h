/*
 * Network interfaces and the IPv4 route table as Linux shows them
 * (net/netdev.c), for the interface ioctls and /proc/net (proc_net.c).
 *
 * Lock: everything here (the interface list, each interface's fields and
 * the route list) is covered by lwIP's core lock (LOCK_TCPIP_CORE), which
 * lwIP already holds when it calls the routing hooks. Nothing else is
 * needed, and lwIP's own netif fields change under the same lock.
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "lwip/netif.h"
#include "abi/linux/if.h"

/*
 * One interface. The lwIP netif holds the address and the up state that
 * lwIP acts on; this holds what Linux shows besides (its name and index,
 * the flags lwIP has no use for, the broadcast address, the MTU of lo).
 */
struct netdev {
	struct netdev *next;         /* in ifindex order */
	struct netif *nif;
	char name[LINUX_IFNAMSIZ];
	int ifindex;
	u16 type;                    /* ARPHRD_* */
	u32 flags;                   /* IFF_* but UP and RUNNING (from nif) */
	u32 addr, mask, bcast, dst;  /* network order; addr 0: no address */
	int mtu;
	int txqlen;
};

/* One route of the main table; fields in network order. */
struct route {
	struct route *next;          /* in /proc/net/route's order */
	u32 dst, mask, gw;           /* gw 0: on link */
	struct netdev *dev;
	u32 priority;                /* Linux's fib_priority: metric - 1 */
	bool kernel;                 /* an address's own subnet route */
	u32 mtu, window, irtt;       /* as /proc/net/route prints them */
};

/* The list heads; read and walked under the core lock. */
struct netdev *netdev_list(void);
struct route *route_list(void);
/* IFF_* as SIOCGIFFLAGS reports them (16 bits). */
u16 netdev_flags(const struct netdev *d);
/* Sets up the interface list: lo down and without an address, as Linux. */
void netdev_init(void);

#endif
