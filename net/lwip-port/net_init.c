/*
 * Starting lwIP: tcpip_init brings up the stack (with the loopback
 * interface, 127.0.0.1) and its tcpip thread. Also lwIP's allocator hooks.
 */
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "fdt.h"
#include "lib.h"
#include "mm.h"
#include "lwip_port.h"
#include "net/netdev.h"

/* lwIP initialises what it allocates (mem_calloc is the zeroing one). */
void *lwip_port_malloc(unsigned long size)
{
	return kmalloc_nozero(size);
}

/* kmalloc's memory is already zeroed. */
void *lwip_port_calloc(unsigned long n, unsigned long size)
{
	if (size && n > (unsigned long)-1 / size)
		return NULL;
	return kmalloc(n * size);
}

void lwip_port_free(void *p)
{
	kfree(p);
}

/*
 * Called once at boot, from start_kernel, after the scheduler is up.
 * tcpip_init runs lwip_init here and starts the tcpip thread; with core
 * locking, netconn calls work at once, before that thread has run.
 */
void net_init(void)
{
	struct netif *lo;

	tcpip_init(NULL, NULL);
	/*
	 * Like Linux's loopback device, lo neither computes nor verifies
	 * TCP and UDP checksums: its packets never leave memory, and checking
	 * them costs a pass over every byte. The IP header's and ICMP's are
	 * computed, as Linux does in software: raw and ping sockets show them.
	 */
	LOCK_TCPIP_CORE();
	lo = netif_find("lo0");
	if (lo)
		NETIF_SET_CHECKSUM_CTRL(lo, NETIF_CHECKSUM_GEN_IP |
					    NETIF_CHECKSUM_GEN_ICMP);
	UNLOCK_TCPIP_CORE();
	lwip_port_add_devices(); /* down, without an address, until ifconfig */
	if (cmdline_has_flag("akuma.lwipselftest"))
		lwip_selftest_run();
	netdev_init(); /* lo down without an address, as Linux boots */
}
