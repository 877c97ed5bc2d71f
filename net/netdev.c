/*
 * Network interfaces and IPv4 routes as Linux shows them: the interface
 * ioctls that ifconfig, route and netstat make on any socket (Linux's
 * dev_ioctl, devinet_ioctl and ip_rt_ioctl, with their errno order), and
 * the main route table, which lwIP consults through its routing hooks.
 *
 * Interfaces are named as Linux names them ("lo", "eth0", ...) and
 * numbered as it numbers them (lo 1, then the cards in order); lwIP's own
 * names ("lo0", "et1") never reach user space. Each interface has at most
 * one IPv4 address (no "eth0:1" aliases).
 *
 * Routes follow Linux's rules: setting an address on an interface that is
 * up (or bringing up one that has an address) adds its subnet's route;
 * changing or removing the address, or taking the interface down, drops
 * every route through it. lo's routes live in Linux's local table, which
 * /proc/net/route does not show, so lo gets none here; lwIP reaches
 * 127.0.0.0/8 and the interfaces' own addresses by itself.
 *
 * Lock: lwIP's core lock covers all of it (see netdev.h).
 */
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "abi/linux/errno.h"
#include "abi/linux/if.h"
#include "abi/linux/socket.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/sched.h"
#include "kernel/include/uaccess.h"
#include "net/netdev.h"
#include "net/socket.h"

#define LO_MTU 65536          /* Linux's loopback MTU */
#define ETH_MIN_MTU 68        /* virtio-net's min_mtu and max_mtu */
#define ETH_MAX_MTU 65535
#define DEFAULT_TXQLEN 1000   /* DEFAULT_TX_QUEUE_LEN */

/* The flags SIOCSIFFLAGS may change (Linux's __dev_change_flags). */
#define SETTABLE_FLAGS                                                     \
	(LINUX_IFF_DEBUG | LINUX_IFF_NOTRAILERS | LINUX_IFF_NOARP |        \
	 LINUX_IFF_PROMISC | LINUX_IFF_ALLMULTI | LINUX_IFF_MULTICAST |    \
	 LINUX_IFF_PORTSEL | LINUX_IFF_AUTOMEDIA | LINUX_IFF_DYNAMIC)

static struct netdev *devs;     /* under the core lock */
static struct route *routes;    /* under the core lock */

struct netdev *netdev_list(void)
{
	return devs;
}

struct route *route_list(void)
{
	return routes;
}

static inline u32 swab32(u32 x)
{
	return __builtin_bswap32(x);
}

static int mask_len(u32 mask)
{
	return __builtin_popcount(mask);
}

static u32 make_mask(int len)
{
	return len ? swab32(~0U << (32 - len)) : 0;
}

/* Linux's bad_mask: host bits set in addr, or a mask with holes. */
static bool bad_mask(u32 mask, u32 addr)
{
	u32 host = ~mask;

	if (addr & host)
		return true;
	host = swab32(host);
	return host & (host + 1);
}

/*
 * Linux's inet_abc_len: the prefix length of an address's class, 0 for
 * 0.x.x.x and 255.255.255.255, -1 for multicast.
 */
static int abc_len(u32 addr)
{
	u32 h = swab32(addr);

	if ((h >> 24) == 0 || h == 0xffffffff)
		return 0;
	if (!(h & 0x80000000))
		return 8;
	if ((h & 0xc0000000) == 0x80000000)
		return 16;
	if ((h & 0xe0000000) == 0xc0000000)
		return 24;
	if ((h & 0xf0000000) == 0xf0000000)
		return 32;
	return -1;
}

static bool capable_net_admin(void)
{
	struct process *p = current_proc();

	return !p || p->euid == 0;
}

/* ------------------------------------------------------------ interfaces */

u16 netdev_flags(const struct netdev *d)
{
	u32 f = d->flags;

	if (netif_is_up(d->nif)) {
		f |= LINUX_IFF_UP;
		if (netif_is_link_up(d->nif))
			f |= LINUX_IFF_RUNNING;
	}
	return (u16)f;
}

static struct netdev *dev_by_name(const char *name)
{
	for (struct netdev *d = devs; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static struct netdev *dev_by_index(int ifindex)
{
	for (struct netdev *d = devs; d; d = d->next)
		if (d->ifindex == ifindex)
			return d;
	return NULL;
}

static struct netdev *dev_add(struct netif *nif, const char *name, u16 type)
{
	struct netdev *d = kmalloc(sizeof(*d)), **pp = &devs;
	int index = 1;

	if (!d)
		return NULL;
	while (*pp) {
		pp = &(*pp)->next;
		index++;
	}
	d->nif = nif;
	strlcpy(d->name, name, sizeof(d->name));
	d->ifindex = index;
	d->type = type;
	d->txqlen = DEFAULT_TXQLEN;
	if (type == LINUX_ARPHRD_LOOPBACK) {
		d->flags = LINUX_IFF_LOOPBACK;
		d->mtu = LO_MTU;
	} else {
		d->flags = LINUX_IFF_BROADCAST | LINUX_IFF_MULTICAST;
		d->mtu = nif->mtu;
	}
	*pp = d;
	return d;
}

/*
 * Called once from net_init, after the netifs exist. lwIP starts its
 * loopback interface up with 127.0.0.1; Linux's lo starts down with no
 * address, and gets 127.0.0.1/8 when it is brought up.
 */
void netdev_init(void)
{
	struct netif *n, *lo;
	char name[LINUX_IFNAMSIZ];
	int eth = 0;

	LOCK_TCPIP_CORE();
	lo = netif_find("lo0");
	if (lo && dev_add(lo, "lo", LINUX_ARPHRD_LOOPBACK)) {
		netif_set_down(lo);
		netif_set_addr(lo, IP4_ADDR_ANY4, IP4_ADDR_ANY4,
			       IP4_ADDR_ANY4);
	}
	/* The cards in the order they were added: lwIP numbers them so. */
	for (int num = 0; num < 256; num++) {
		NETIF_FOREACH(n) {
			if (n->name[0] != 'e' || n->name[1] != 't' ||
			    n->num != num)
				continue;
			snprintf(name, sizeof(name), "eth%d", eth++);
			dev_add(n, name, LINUX_ARPHRD_ETHER);
		}
	}
	UNLOCK_TCPIP_CORE();
}

/* ---------------------------------------------------------------- routes */

/*
 * /proc/net/route's order, which is Linux's trie walk: by destination,
 * longer prefixes first, then by priority.
 */
static int route_cmp(const struct route *a, const struct route *b)
{
	u32 ka = swab32(a->dst), kb = swab32(b->dst);
	int la = mask_len(a->mask), lb = mask_len(b->mask);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (la != lb)
		return la > lb ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return 0;
}

/*
 * Linux puts a route from SIOCADDRT before its equals and a subnet route
 * (NLM_F_APPEND) after them.
 */
static void route_insert(struct route *r, bool after_equals)
{
	struct route **pp = &routes;
	int c;

	for (; *pp; pp = &(*pp)->next) {
		c = route_cmp(*pp, r);
		if (c > 0 || (c == 0 && !after_equals))
			break;
	}
	r->next = *pp;
	*pp = r;
}

static void routes_flush_dev(struct netdev *d)
{
	struct route **pp = &routes, *r;

	while ((r = *pp)) {
		if (r->dev == d) {
			*pp = r->next;
			kfree(r);
		} else {
			pp = &r->next;
		}
	}
}

/* Linux's fib_add_ifaddr, for the main table. */
static void route_add_subnet(struct netdev *d)
{
	u32 prefix = d->dst & d->mask;
	struct route *r;

	if (!netif_is_up(d->nif) || !d->addr ||
	    d->type == LINUX_ARPHRD_LOOPBACK)
		return;
	if (!(swab32(prefix) >> 24) ||
	    (prefix == d->addr && mask_len(d->mask) == 32))
		return;
	r = kmalloc(sizeof(*r));
	if (!r)
		return;
	r->dst = prefix;
	r->mask = d->mask;
	r->dev = d;
	r->kernel = true;
	route_insert(r, true);
}

/* The route to dst: longest prefix, then lowest priority, then first. */
static struct route *route_lookup(u32 dst)
{
	struct route *best = NULL;

	for (struct route *r = routes; r; r = r->next) {
		if ((dst & r->mask) != r->dst || !netif_is_up(r->dev->nif))
			continue;
		if (!best || mask_len(r->mask) > mask_len(best->mask) ||
		    (mask_len(r->mask) == mask_len(best->mask) &&
		     r->priority < best->priority))
			best = r;
	}
	return best;
}

/*
 * LWIP_HOOK_IP4_ROUTE_SRC: lwIP asks this first for every packet it
 * sends (with src NULL, again after its own search of the interfaces'
 * subnets). Loopback destinations are left to lwIP, which has lo.
 */
struct netif *netdev_route_hook(const ip4_addr_t *src, const ip4_addr_t *dest)
{
	struct route *r;

	if (ip4_addr_isloopback(dest))
		return NULL;
	r = route_lookup(ip4_addr_get_u32(dest));
	return r ? r->dev->nif : NULL;
}

/*
 * LWIP_HOOK_ETHARP_GET_GW: the next hop for a destination outside the
 * interface's subnet: the route's gateway, or the destination itself for
 * a route on the link.
 */
const ip4_addr_t *netdev_gw_hook(struct netif *nif, const ip4_addr_t *dest)
{
	struct route *r = route_lookup(ip4_addr_get_u32(dest));

	if (!r || r->dev->nif != nif)
		return NULL;
	return r->gw ? (const ip4_addr_t *)&r->gw : dest;
}

/* ----------------------------------------------------- interface changes */

/*
 * After the address, mask or broadcast address changed: Linux deletes
 * the old address (the last one: every route through the interface goes)
 * and inserts the new one (its subnet route comes back).
 */
static void addr_changed(struct netdev *d, bool had_addr)
{
	ip4_addr_t a, m;

	ip4_addr_set_u32(&a, d->addr);
	ip4_addr_set_u32(&m, d->addr ? d->mask : 0);
	netif_set_addr(d->nif, &a, &m, IP4_ADDR_ANY4);
	if (had_addr)
		routes_flush_dev(d);
	route_add_subnet(d);
}

static void set_addr(struct netdev *d, u32 addr, int plen)
{
	d->addr = d->dst = addr;
	d->mask = make_mask(plen);
	d->bcast = 0;
	if ((d->flags & LINUX_IFF_BROADCAST) && plen < 31)
		d->bcast = addr | ~d->mask;
}

static void dev_up(struct netdev *d)
{
	netif_set_up(d->nif);
	/* Linux's inetdev_event gives lo 127.0.0.1/8 when it comes up. */
	if (d->type == LINUX_ARPHRD_LOOPBACK && !d->addr) {
		set_addr(d, swab32(0x7f000001), 8);
		addr_changed(d, false);
		return;
	}
	route_add_subnet(d);
}

static void dev_down(struct netdev *d)
{
	netif_set_down(d->nif);
	routes_flush_dev(d);
}

/* ------------------------------------------------------ the ifreq union */

static int ifr_int(const struct linux_ifreq *ifr)
{
	int v;

	memcpy(&v, ifr->ifr_raw, sizeof(v));
	return v;
}

static void ifr_set_int(struct linux_ifreq *ifr, int v)
{
	memcpy(ifr->ifr_raw, &v, sizeof(v));
}

static u16 ifr_family(const struct linux_ifreq *ifr)
{
	struct linux_sockaddr_in sin;

	memcpy(&sin, ifr->ifr_raw, sizeof(sin));
	return sin.sin_family;
}

static u32 ifr_addr(const struct linux_ifreq *ifr)
{
	struct linux_sockaddr_in sin;

	memcpy(&sin, ifr->ifr_raw, sizeof(sin));
	return sin.sin_addr;
}

/* devinet_ioctl's answer: sockaddr_in with only family and address. */
static void ifr_set_addr(struct linux_ifreq *ifr, u32 addr)
{
	struct linux_sockaddr_in sin = { .sin_family = AF_INET,
					 .sin_addr = addr };

	memcpy(ifr->ifr_raw, &sin, sizeof(sin));
}

/* ------------------------------------------------------ the requests */

static int gifflags(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr->ifr_flags = (s16)netdev_flags(d);
	return 0;
}

/* Linux's dev_change_flags: the settable flags, then up or down. */
static int sifflags(struct netdev *d, struct linux_ifreq *ifr)
{
	u32 f = (u32)(s32)ifr->ifr_flags;

	d->flags = (d->flags & ~SETTABLE_FLAGS) | (f & SETTABLE_FLAGS);
	if ((f & LINUX_IFF_UP) && !netif_is_up(d->nif))
		dev_up(d);
	else if (!(f & LINUX_IFF_UP) && netif_is_up(d->nif))
		dev_down(d);
	return 0;
}

static int gifmetric(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_int(ifr, 0);
	return 0;
}

static int gifmtu(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_int(ifr, d->mtu);
	return 0;
}

/*
 * Linux's dev_set_mtu: virtio-net takes 68..65535. lo has no bounds but
 * 0; its MTU is only shown (lwIP's loopback has none).
 */
static int sifmtu(struct netdev *d, struct linux_ifreq *ifr)
{
	int mtu = ifr_int(ifr);

	if (mtu < 0)
		return -EINVAL;
	if (d->type == LINUX_ARPHRD_ETHER) {
		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU)
			return -EINVAL;
		d->nif->mtu = (u16)mtu;
	}
	d->mtu = mtu;
	return 0;
}

static int gifmap(struct netdev *d, struct linux_ifreq *ifr)
{
	/* Neither lo nor virtio-net has I/O ports, memory or an IRQ here. */
	memset(ifr->ifr_raw, 0, sizeof(struct linux_ifmap));
	return 0;
}

static int gifindex(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_int(ifr, d->ifindex);
	return 0;
}

static int giftxqlen(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_int(ifr, d->txqlen);
	return 0;
}

static int siftxqlen(struct netdev *d, struct linux_ifreq *ifr)
{
	if (ifr_int(ifr) < 0)
		return -EINVAL;
	d->txqlen = ifr_int(ifr);
	return 0;
}

static int gifhwaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	struct linux_sockaddr sa = { .sa_family = d->type };

	if (d->type == LINUX_ARPHRD_ETHER)
		memcpy(sa.sa_data, d->nif->hwaddr, 6);
	memcpy(ifr->ifr_raw, &sa, sizeof(sa));
	return 0;
}

static int einval(struct netdev *d, struct linux_ifreq *ifr)
{
	return -EINVAL;
}

/*
 * What the interfaces here cannot do: lo and virtio-net have no
 * ndo_set_config (SIOCSIFMAP); lo cannot change its hardware address.
 * Changing virtio-net's address, renaming and SIOCSIFMETRIC (EOPNOTSUPP
 * on Linux too) are left out.
 */
static int eopnotsupp(struct netdev *d, struct linux_ifreq *ifr)
{
	return -EOPNOTSUPP;
}

static int gifaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_addr(ifr, d->addr);
	return 0;
}

static int gifbrdaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_addr(ifr, d->bcast);
	return 0;
}

static int gifdstaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_addr(ifr, d->dst);
	return 0;
}

static int gifnetmask(struct netdev *d, struct linux_ifreq *ifr)
{
	ifr_set_addr(ifr, d->mask);
	return 0;
}

/* devinet_ioctl's SIOCSIFADDR: the class's mask and broadcast address. */
static int sifaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	u32 addr = ifr_addr(ifr);
	int plen = abc_len(addr);
	bool had = d->addr != 0;

	if (plen < 0)
		return -EINVAL;
	if (had && d->addr == addr)
		return 0;
	if (!had && !addr)
		return 0;
	if (addr)
		set_addr(d, addr, plen);
	else
		d->addr = d->dst = d->mask = d->bcast = 0;
	addr_changed(d, had);
	return 0;
}

static int sifbrdaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	if (d->bcast != ifr_addr(ifr)) {
		d->bcast = ifr_addr(ifr);
		addr_changed(d, true);
	}
	return 0;
}

static int sifdstaddr(struct netdev *d, struct linux_ifreq *ifr)
{
	u32 dst = ifr_addr(ifr);

	if (d->dst == dst)
		return 0;
	if (abc_len(dst) < 0)
		return -EINVAL;
	d->dst = dst;
	addr_changed(d, true);
	return 0;
}

/*
 * A new mask moves the broadcast address with it when that was the
 * subnet's (Linux keeps one set by hand).
 */
static int sifnetmask(struct netdev *d, struct linux_ifreq *ifr)
{
	u32 mask = ifr_addr(ifr), old = d->mask;

	if (bad_mask(mask, 0))
		return -EINVAL;
	if (mask == old)
		return 0;
	d->mask = mask;
	if ((d->flags & LINUX_IFF_BROADCAST) && mask_len(mask) < 31 &&
	    d->bcast == (d->addr | ~old))
		d->bcast = d->addr | ~mask;
	addr_changed(d, true);
	return 0;
}

/* How a request is checked and answered. */
#define RQ_SET 0x1      /* needs CAP_NET_ADMIN; nothing is copied back */
#define RQ_INET 0x2     /* devinet_ioctl's: AF_INET sockets only */
#define RQ_ADDR 0x4     /* needs the interface's address (EADDRNOTAVAIL) */
#define RQ_SIN 0x8      /* the argument must be an AF_INET sockaddr */

struct ifreq_op {
	unsigned int cmd;
	u8 how;
	int (*fn)(struct netdev *d, struct linux_ifreq *ifr);
};

static const struct ifreq_op ifreq_ops[] = {
	/* dev_ioctl, any socket */
	{ SIOCGIFFLAGS, 0, gifflags },
	{ SIOCGIFMETRIC, 0, gifmetric },
	{ SIOCGIFMTU, 0, gifmtu },
	{ SIOCGIFSLAVE, 0, einval },
	{ SIOCGIFMAP, 0, gifmap },
	{ SIOCGIFINDEX, 0, gifindex },
	{ SIOCGIFTXQLEN, 0, giftxqlen },
	{ SIOCGIFHWADDR, 0, gifhwaddr },
	{ SIOCSIFFLAGS, RQ_SET, sifflags },
	{ SIOCSIFMETRIC, RQ_SET, eopnotsupp },
	{ SIOCSIFMTU, RQ_SET, sifmtu },
	{ SIOCSIFHWADDR, RQ_SET, eopnotsupp },
	{ SIOCSIFMAP, RQ_SET, eopnotsupp },
	{ SIOCSIFTXQLEN, RQ_SET, siftxqlen },
	{ SIOCSIFNAME, RQ_SET, eopnotsupp },
	/* devinet_ioctl, AF_INET sockets */
	{ SIOCGIFADDR, RQ_INET | RQ_ADDR, gifaddr },
	{ SIOCGIFBRDADDR, RQ_INET | RQ_ADDR, gifbrdaddr },
	{ SIOCGIFDSTADDR, RQ_INET | RQ_ADDR, gifdstaddr },
	{ SIOCGIFNETMASK, RQ_INET | RQ_ADDR, gifnetmask },
	{ SIOCSIFADDR, RQ_INET | RQ_SET | RQ_SIN, sifaddr },
	{ SIOCSIFBRDADDR, RQ_INET | RQ_SET | RQ_SIN | RQ_ADDR, sifbrdaddr },
	{ SIOCSIFDSTADDR, RQ_INET | RQ_SET | RQ_SIN | RQ_ADDR, sifdstaddr },
	{ SIOCSIFNETMASK, RQ_INET | RQ_SET | RQ_SIN | RQ_ADDR, sifnetmask },
};

static const struct ifreq_op inet_sifflags = {
	SIOCSIFFLAGS, RQ_INET | RQ_SET, sifflags
};

static long ifreq_ioctl(const struct ifreq_op *op, bool inet,
			unsigned long arg)
{
	struct linux_ifreq ifr;
	struct netdev *d;
	char *colon;
	long err;

	if (copy_from_user(&ifr, (void *)arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[LINUX_IFNAMSIZ - 1] = 0;
	/*
	 * An AF_INET socket's SIOCSIFFLAGS goes through devinet_ioctl,
	 * which makes "eth0:1" an alias's label; dev_ioctl ignores what
	 * follows the colon.
	 */
	if (inet && op->cmd == SIOCSIFFLAGS)
		op = &inet_sifflags;
	if ((op->how & RQ_SET) && !capable_net_admin())
		return -EPERM;
	if ((op->how & RQ_SIN) && ifr_family(&ifr) != AF_INET)
		return -EINVAL;
	colon = strchr(ifr.ifr_name, ':');
	if (colon)
		*colon = 0;
	LOCK_TCPIP_CORE();
	d = dev_by_name(ifr.ifr_name);
	if (!d)
		err = -ENODEV;
	else if ((op->how & RQ_INET) && colon && op->cmd != SIOCSIFADDR)
		err = -EADDRNOTAVAIL; /* no alias has that label */
	else if ((op->how & RQ_INET) && colon)
		err = -EOPNOTSUPP;    /* making aliases is left out */
	else if ((op->how & RQ_ADDR) && !d->addr)
		err = -EADDRNOTAVAIL;
	else
		err = op->fn(d, &ifr);
	UNLOCK_TCPIP_CORE();
	if (colon)
		*colon = ':';
	if (!err && !(op->how & RQ_SET) &&
	    copy_to_user((void *)arg, &ifr, sizeof(ifr)))
		err = -EFAULT;
	return err;
}

/* SIOCGIFNAME: the name of an index. */
static long gifname(unsigned long arg)
{
	struct linux_ifreq ifr;
	struct netdev *d;
	long err = 0;

	if (copy_from_user(&ifr, (void *)arg, sizeof(ifr)))
		return -EFAULT;
	LOCK_TCPIP_CORE();
	d = dev_by_index(ifr_int(&ifr));
	if (d)
		strlcpy(ifr.ifr_name, d->name, sizeof(ifr.ifr_name));
	else
		err = -ENODEV;
	UNLOCK_TCPIP_CORE();
	if (!err && copy_to_user((void *)arg, &ifr, sizeof(ifr)))
		err = -EFAULT;
	return err;
}

/*
 * SIOCGIFCONF (Linux's dev_ifconf and inet_gifconf): one ifreq per IPv4
 * address, in interface order, as many as fit; a NULL buffer asks for
 * the length all of them need. ifc_len gets the bytes written.
 */
static long gifconf(unsigned long arg)
{
	struct linux_ifconf ifc;
	struct linux_ifreq *reqs;
	int n = 0, total = 0, size = sizeof(struct linux_ifreq);
	long err = 0;

	if (copy_from_user(&ifc, (void *)arg, sizeof(ifc)))
		return -EFAULT;
	LOCK_TCPIP_CORE();
	for (struct netdev *d = devs; d; d = d->next)
		n += d->addr != 0;
	reqs = n ? kmalloc(n * sizeof(*reqs)) /* zeroed */ : NULL;
	if (n && !reqs) {
		UNLOCK_TCPIP_CORE();
		return -ENOMEM;
	}
	n = 0;
	for (struct netdev *d = devs; d; d = d->next) {
		if (!d->addr)
			continue;
		strlcpy(reqs[n].ifr_name, d->name, LINUX_IFNAMSIZ);
		ifr_set_addr(&reqs[n], d->addr);
		n++;
	}
	UNLOCK_TCPIP_CORE();
	for (int i = 0; i < n; i++) {
		if (!ifc.ifc_buf) {
			total += size;
			continue;
		}
		if (ifc.ifc_len - total < size)
			break;
		if (copy_to_user((char *)ifc.ifc_buf + total, &reqs[i],
				 size)) {
			err = -EFAULT;
			break;
		}
		total += size;
	}
	kfree(reqs);
	if (!err && copy_to_user((char *)arg + offsetof(struct linux_ifconf,
							 ifc_len),
				 &total, sizeof(total)))
		err = -EFAULT;
	return err;
}

/* ------------------------------------------------------- route requests */

static u32 sa_addr(const struct linux_sockaddr *sa)
{
	struct linux_sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	return sin.sin_addr;
}

/* Whether addr is one of the addresses of an interface that is up. */
static struct netdev *local_addr_dev(u32 addr)
{
	for (struct netdev *d = devs; d; d = d->next)
		if (d->addr == addr && netif_is_up(d->nif))
			return d;
	return NULL;
}

/*
 * Linux's fib_check_nh for a gateway: it must be on a link (a route
 * without a gateway covers it, through dev if one was named) or be a
 * local address; the route goes out through that route's interface.
 */
static int gateway_dev(u32 gw, struct netdev *want, struct netdev **out)
{
	struct route *best = NULL;
	struct netdev *d = local_addr_dev(gw);

	if (d && (!want || want == d)) {
		*out = d;
		return 0;
	}
	for (struct route *r = routes; r; r = r->next) {
		if (r->gw || (gw & r->mask) != r->dst ||
		    (want && r->dev != want))
			continue;
		if (!best || mask_len(r->mask) > mask_len(best->mask))
			best = r;
	}
	if (!best)
		return -ENETUNREACH;
	*out = best->dev;
	return netif_is_up(best->dev->nif) ? 0 : -ENETDOWN;
}

static int route_add(const struct linux_rtentry *rt, struct route *nr,
		     struct netdev *dev)
{
	int err;

	if ((rt->rt_flags & LINUX_RTF_GATEWAY) && !nr->gw)
		return -EINVAL;
	if (nr->gw) {
		err = gateway_dev(nr->gw, dev, &dev);
		if (err)
			return err;
	} else if (!dev) {
		return -ENODEV;
	} else if (!netif_is_up(dev->nif)) {
		return -ENETDOWN;
	}
	nr->dev = dev;
	for (struct route *r = routes; r; r = r->next)
		if (!r->kernel && r->dst == nr->dst &&
		    r->mask == nr->mask && r->priority == nr->priority &&
		    r->gw == nr->gw && r->dev == nr->dev)
			return -EEXIST;
	if (rt->rt_flags & LINUX_RTF_MTU)
		nr->mtu = (u32)rt->rt_mtu;
	if (rt->rt_flags & LINUX_RTF_WINDOW)
		nr->window = (u32)rt->rt_window;
	if (rt->rt_flags & LINUX_RTF_IRTT)
		nr->irtt = rt->rt_irtt;
	route_insert(nr, false);
	return 0;
}

/* Linux's fib_table_delete: the first route the request describes. */
static int route_del(const struct linux_rtentry *rt, const struct route *nr,
		     struct netdev *dev)
{
	struct route **pp = &routes, *r;

	for (; (r = *pp); pp = &r->next) {
		if (r->dst != nr->dst || r->mask != nr->mask)
			continue;
		if (rt->rt_metric && r->priority != nr->priority)
			continue;
		if ((dev && r->dev != dev) || (nr->gw && r->gw != nr->gw))
			continue;
		*pp = r->next;
		kfree(r);
		return 0;
	}
	return -ESRCH;
}

/*
 * SIOCADDRT and SIOCDELRT (Linux's ip_rt_ioctl and rtentry_to_fib_config,
 * with their checks in the same order).
 */
static long route_ioctl(unsigned int cmd, unsigned long arg)
{
	struct linux_rtentry rt;
	char name[LINUX_IFNAMSIZ] = "";
	struct route *nr;
	struct netdev *dev = NULL;
	char *colon;
	u32 mask = 0xffffffff;
	long err;

	if (copy_from_user(&rt, (void *)arg, sizeof(rt)))
		return -EFAULT;
	if (!capable_net_admin())
		return -EPERM;
	if (rt.rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	if (!(rt.rt_flags & LINUX_RTF_HOST)) {
		mask = sa_addr(&rt.rt_genmask);
		if (rt.rt_genmask.sa_family != AF_INET &&
		    (mask || rt.rt_genmask.sa_family))
			return -EAFNOSUPPORT;
		if (bad_mask(mask, sa_addr(&rt.rt_dst)))
			return -EINVAL;
	}
	/* Unreachable (reject) routes are left out. */
	if (rt.rt_flags & LINUX_RTF_REJECT)
		return -EOPNOTSUPP;
	if (rt.rt_dev) {
		if (copy_from_user(name, (void *)rt.rt_dev,
				   LINUX_IFNAMSIZ - 1))
			return -EFAULT;
		name[LINUX_IFNAMSIZ - 1] = 0;
		colon = strchr(name, ':');
		if (colon)
			*colon = 0;
	}
	nr = kmalloc(sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	nr->dst = sa_addr(&rt.rt_dst) & mask;
	nr->mask = mask;
	nr->priority = rt.rt_metric ? (u32)(rt.rt_metric - 1) : 0;
	if (rt.rt_gateway.sa_family == AF_INET)
		nr->gw = sa_addr(&rt.rt_gateway);
	LOCK_TCPIP_CORE();
	if (name[0] && !(dev = dev_by_name(name)))
		err = -ENODEV;
	else if (cmd == SIOCADDRT)
		err = route_add(&rt, nr, dev);
	else
		err = route_del(&rt, nr, dev);
	UNLOCK_TCPIP_CORE();
	if (err || cmd == SIOCDELRT)
		kfree(nr);
	return err;
}

/*
 * The interface and route requests on a socket of family (Linux's
 * inet_ioctl for AF_INET, then dev_ioctl for every family). Returns
 * -ENOIOCTLCMD for requests that are not these.
 */
long netdev_ioctl(int family, unsigned int cmd, unsigned long arg)
{
	bool inet = family == AF_INET;

	if (cmd == SIOCGIFCONF)
		return gifconf(arg);
	if (cmd == SIOCGIFNAME)
		return gifname(arg);
	if (inet && (cmd == SIOCADDRT || cmd == SIOCDELRT))
		return route_ioctl(cmd, arg);
	if (inet && (cmd == SIOCGIFPFLAGS || cmd == SIOCSIFPFLAGS ||
		     cmd == SIOCRTMSG))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(ifreq_ops); i++) {
		const struct ifreq_op *op = &ifreq_ops[i];

		if (op->cmd != cmd)
			continue;
		if ((op->how & RQ_INET) && !inet)
			break;
		return ifreq_ioctl(op, inet, arg);
	}
	return -ENOIOCTLCMD;
}
