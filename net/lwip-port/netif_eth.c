/*
 * The lwIP netif of an Ethernet device (drivers/virtio/net_device.h).
 * Received frames are copied into a pbuf and queued for the tcpip thread;
 * transmitted pbuf chains are gathered into one frame for the driver.
 * The interface starts down and without an address: ifconfig sets both.
 */
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "drivers/virtio/net_device.h"
#include "irq.h"
#include "mm.h"
#include "lib.h"
#include "abi/linux/errno.h"
#include "lwip_port.h"

/* How long a transmit waits for ring space before dropping the frame. */
#define TX_WAIT_NS 20000000ULL

/* The driver's receive thread; may sleep. */
static void eth_rx(struct net_device *dev, const void *frame, size_t len)
{
	struct netif *nif = dev->stack_priv;
	struct pbuf *p;

	if (len > 0xffff)
		return;
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p) {
		LINK_STATS_INC(link.memerr);
		MIB2_STATS_NETIF_INC(nif, ifindiscards);
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	MIB2_STATS_NETIF_ADD(nif, ifinoctets, len);
	/* Packets, for /proc/net/dev: group-addressed ones apart. */
	if (len && (((const u8 *)frame)[0] & 1))
		MIB2_STATS_NETIF_INC(nif, ifinnucastpkts);
	else
		MIB2_STATS_NETIF_INC(nif, ifinucastpkts);
	if (nif->input(p, nif) != ERR_OK)
		pbuf_free(p); /* the tcpip thread's mailbox is full */
}

/* lwIP's linkoutput: with the core lock held. */
static err_t eth_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct net_device *dev = nif->state;
	u8 frame[ETH_FRAME_MAX];
	u64 deadline = timer_now() + ns_to_ticks(TX_WAIT_NS);
	const void *data = p->payload;
	int err;

	if (p->tot_len > sizeof(frame))
		return ERR_VAL;
	if (p->next) {
		pbuf_copy_partial(p, frame, p->tot_len, 0);
		data = frame;
	}
	for (;;) {
		struct wait_entry w = { .t = NULL };

		prepare_to_wait(&dev->tx_wait, &w, TASK_UNINTERRUPTIBLE);
		err = dev->xmit(dev, data, p->tot_len);
		if (err != -ENOBUFS || !irqs_enabled()) {
			finish_wait(&dev->tx_wait, &w);
			break;
		}
		err = schedule_until(deadline);
		finish_wait(&dev->tx_wait, &w);
		if (err == -ETIMEDOUT) {
			err = -ENOBUFS;
			break;
		}
	}
	if (err) {
		LINK_STATS_INC(link.drop);
		MIB2_STATS_NETIF_INC(nif, ifoutdiscards);
		return ERR_IF;
	}
	LINK_STATS_INC(link.xmit);
	MIB2_STATS_NETIF_ADD(nif, ifoutoctets, p->tot_len);
	if (((const u8 *)data)[0] & 1)
		MIB2_STATS_NETIF_INC(nif, ifoutnucastpkts);
	else
		MIB2_STATS_NETIF_INC(nif, ifoutucastpkts);
	return ERR_OK;
}

static err_t eth_netif_init(struct netif *nif)
{
	struct net_device *dev = nif->state;

	nif->name[0] = 'e';
	nif->name[1] = 't';
	nif->output = etharp_output;
	nif->linkoutput = eth_linkoutput;
	nif->mtu = dev->mtu;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, dev->mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET;
	return ERR_OK;
}

/*
 * Adds a netif for every network device. Called by net_init, after
 * tcpip_init; returns the number added.
 */
int lwip_port_add_devices(void)
{
	int n = 0;

	for (struct net_device *dev = net_device_first(); dev; dev = dev->next) {
		struct netif *nif = kmalloc(sizeof(*nif));

		if (!nif)
			break;
		LOCK_TCPIP_CORE();
		if (!netif_add(nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4,
			       dev, eth_netif_init, tcpip_input)) {
			UNLOCK_TCPIP_CORE();
			kfree(nif);
			break;
		}
		if (dev->link_up)
			netif_set_link_up(nif);
		UNLOCK_TCPIP_CORE();
		dev->stack_priv = nif;
		WRITE_ONCE(dev->rx, eth_rx);
		n++;
	}
	return n;
}
