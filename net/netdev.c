/*
 * Interface ioctls (Linux's dev_ioctl): the SIOC*IF* requests that
 * ifconfig, route and netstat make on any socket, answered from lwIP's
 * netif list. Interfaces are named as Linux names them ("lo", "ethN");
 * lwIP's own names ("lo0", "et0") never reach user space.
 */
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "abi/linux/errno.h"
#include "abi/linux/in.h"
#include "kernel/include/lib.h"
#include "kernel/include/uaccess.h"
#include "net/socket.h"

/* The lwIP netif behind a Linux interface name ("lo", "ethN"). */
static struct netif *netif_by_linux_name(const char *name)
{
	struct netif *n;
	u32 num = 0;

	if (!strcmp(name, "lo"))
		return netif_find("lo0");
	if (strncmp(name, "eth", 3) || !name[3] || strlen(name) > 5)
		return NULL;
	for (const char *p = name + 3; *p; p++) {
		if (*p < '0' || *p > '9')
			return NULL;
		num = num * 10 + (u32)(*p - '0');
	}
	NETIF_FOREACH(n)
		if (n->name[0] == 'e' && n->name[1] == 't' && n->num == num)
			return n;
	return NULL;
}

static s16 netif_linux_flags(struct netif *n)
{
	s16 f = 0;

	if (netif_is_up(n))
		f |= LINUX_IFF_UP;
	if (n->flags & NETIF_FLAG_BROADCAST)
		f |= LINUX_IFF_BROADCAST | LINUX_IFF_MULTICAST;
	if (n->name[0] == 'l' && n->name[1] == 'o')
		f |= LINUX_IFF_LOOPBACK;
	if (netif_is_up(n) && netif_is_link_up(n))
		f |= LINUX_IFF_RUNNING;
	return f;
}

/*
 * SIOCGIFFLAGS and SIOCSIFFLAGS on any socket (Linux's dev_ioctl). The
 * loopback interface cannot be taken down here yet: asking for that is
 * EOPNOTSUPP rather than a success that did nothing.
 */
long netdev_ioctl(unsigned int cmd, unsigned long arg)
{
	struct linux_ifreq ifr;
	struct netif *n;
	long err = 0;

	if (copy_from_user(&ifr, (void *)arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[LINUX_IFNAMSIZ - 1] = 0;
	LOCK_TCPIP_CORE();
	n = netif_by_linux_name(ifr.ifr_name);
	if (!n) {
		err = -ENODEV;
	} else if (cmd == SIOCGIFFLAGS) {
		ifr.ifr_flags = netif_linux_flags(n);
	} else if (ifr.ifr_flags & LINUX_IFF_UP) {
		netif_set_up(n);
	} else if (n->name[0] == 'l') {
		err = -EOPNOTSUPP;
	} else {
		netif_set_down(n);
	}
	UNLOCK_TCPIP_CORE();
	if (!err && cmd == SIOCGIFFLAGS &&
	    copy_to_user((void *)arg, &ifr, sizeof(ifr)))
		err = -EFAULT;
	return err;
}
