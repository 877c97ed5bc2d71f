/*
 * The lwIP netif of an Ethernet device (drivers/virtio/net_device.h).
 * Received frames are copied into a pbuf and go through lwIP on the
 * driver's receive thread, under the core lock (as the tcpip thread would
 * run them, without waking it for each frame); transmitted pbuf chains go
 * to the driver piece by piece. The interface starts down and without an
 * address: ifconfig sets both.
 *
 * ACKs merged within a receive batch: while the driver hands a batch of
 * frames over, a pure TCP ACK that lwIP sends is held back; a later one for
 * the same connection acknowledging more replaces it, and anything else
 * sent first sends it. The batch's end sends what is held. This is what
 * Linux's GRO gives a receiver (one ACK for many segments), and it halves
 * the frames and device notifications of a bulk download.
 */
#include "lwip/etharp.h"
#include "lwip/prot/ethernet.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/tcp.h"
#include "lwip/ip.h"
#include "lwip/priv/tcp_priv.h"
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

/* Largest frame held back: Ethernet, IPv4 and TCP headers with options. */
#define ACK_FRAME_MAX (SIZEOF_ETH_HDR + 60 + 60)

/* A netif with the ACK it holds back; all fields under lwIP's core lock. */
struct eth_if {
	struct netif nif;
	bool batching;            /* the receive thread is handing frames over */
	u16 ack_len;              /* 0: nothing held */
	u8 ack[ACK_FRAME_MAX];
};

static struct eth_if *eth_if_of(struct netif *nif)
{
	return container_of(nif, struct eth_if, nif);
}

static err_t eth_send(struct netif *nif, struct pbuf *p);

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
	LOCK_TCPIP_CORE();
	eth_if_of(nif)->batching = true;
	if (ethernet_input(p, nif) != ERR_OK)
		pbuf_free(p);
	UNLOCK_TCPIP_CORE();
}

/* Sends the ACK held back, if any; core lock held. */
static void ack_flush(struct eth_if *ei)
{
	struct pbuf pb = { 0 };

	if (!ei->ack_len)
		return;
	pb.payload = ei->ack;
	pb.len = pb.tot_len = ei->ack_len;
	ei->ack_len = 0;
	eth_send(&ei->nif, &pb);
}

static void eth_rx_batch_end(struct net_device *dev)
{
	struct eth_if *ei = eth_if_of(dev->stack_priv);

	LOCK_TCPIP_CORE();
	ack_flush(ei);
	ei->batching = false;
	UNLOCK_TCPIP_CORE();
}

/*
 * The TCP header of a frame that is a bare ACK over IPv4 (no data, no
 * other flag, no IP options), or NULL. Only such frames are merged.
 */
static const struct tcp_hdr *bare_ack(const u8 *f, u16 len)
{
	const struct eth_hdr *eh = (const struct eth_hdr *)f;
	const struct ip_hdr *iph = (const struct ip_hdr *)(f + SIZEOF_ETH_HDR);
	const struct tcp_hdr *th;
	u16 tlen;

	if (len < SIZEOF_ETH_HDR + IP_HLEN + TCP_HLEN ||
	    eh->type != PP_HTONS(ETHTYPE_IP) || IPH_V(iph) != 4 ||
	    IPH_HL_BYTES(iph) != IP_HLEN || IPH_PROTO(iph) != IP_PROTO_TCP)
		return NULL;
	th = (const struct tcp_hdr *)((const u8 *)iph + IP_HLEN);
	tlen = TCPH_HDRLEN_BYTES(th);
	if (tlen < TCP_HLEN || lwip_ntohs(IPH_LEN(iph)) != IP_HLEN + tlen ||
	    SIZEOF_ETH_HDR + IP_HLEN + tlen > len ||
	    TCPH_FLAGS(th) != TCP_ACK)
		return NULL;
	return th;
}

/* Whether the held ACK may be replaced by th's: same flow, acks more. */
static bool ack_supersedes(const struct eth_if *ei, const struct tcp_hdr *th)
{
	const struct ip_hdr *a = (const struct ip_hdr *)(ei->ack + SIZEOF_ETH_HDR);
	const struct tcp_hdr *ah = (const struct tcp_hdr *)((const u8 *)a + IP_HLEN);
	const struct ip_hdr *b = (const struct ip_hdr *)((const u8 *)th - IP_HLEN);

	/* Options (SACK blocks) make an ACK more than its number: keep it. */
	return TCPH_HDRLEN_BYTES(ah) == TCP_HLEN &&
	       TCPH_HDRLEN_BYTES(th) == TCP_HLEN &&
	       a->src.addr == b->src.addr && a->dest.addr == b->dest.addr &&
	       ah->src == th->src && ah->dest == th->dest &&
	       ah->seqno == th->seqno &&
	       TCP_SEQ_GT(lwip_ntohl(th->ackno), lwip_ntohl(ah->ackno));
}

/* lwIP's linkoutput: with the core lock held. */
static err_t eth_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct eth_if *ei = eth_if_of(nif);
	const struct tcp_hdr *th;

	if (!ei->batching || p->next || p->tot_len > ACK_FRAME_MAX ||
	    !(th = bare_ack(p->payload, p->len))) {
		ack_flush(ei);
		return eth_send(nif, p);
	}
	if (ei->ack_len && !ack_supersedes(ei, th))
		ack_flush(ei);
	memcpy(ei->ack, p->payload, p->len);
	ei->ack_len = p->len;
	return ERR_OK;
}

/* One frame to the driver, waiting a little for ring space; core lock held. */
static err_t eth_send(struct netif *nif, struct pbuf *p)
{
	struct net_device *dev = nif->state;
	struct net_frag frags[8];
	u64 deadline = timer_now() + ns_to_ticks(TX_WAIT_NS);
	const void *data = p->payload;
	u8 frame[ETH_FRAME_MAX];
	int nfrags = 0, err;

	if (p->tot_len > sizeof(frame))
		return ERR_VAL;
	/* A chain goes as its pieces; a long one is gathered here first. */
	for (struct pbuf *q = p; q && nfrags < 8; q = q->next)
		frags[nfrags++] = (struct net_frag){ q->payload, q->len };
	if (p->next && pbuf_clen(p) > 8) {
		pbuf_copy_partial(p, frame, p->tot_len, 0);
		frags[0] = (struct net_frag){ frame, p->tot_len };
		nfrags = 1;
	}
	for (;;) {
		struct wait_entry w = { .t = NULL };

		prepare_to_wait(&dev->tx_wait, &w, TASK_UNINTERRUPTIBLE);
		err = dev->xmit_frags(dev, frags, nfrags);
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
		struct eth_if *ei = kmalloc(sizeof(*ei));
		struct netif *nif;

		if (!ei)
			break;
		nif = &ei->nif;
		LOCK_TCPIP_CORE();
		if (!netif_add(nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4,
			       dev, eth_netif_init, tcpip_input)) {
			UNLOCK_TCPIP_CORE();
			kfree(ei);
			break;
		}
		if (dev->link_up)
			netif_set_link_up(nif);
		UNLOCK_TCPIP_CORE();
		dev->stack_priv = nif;
		WRITE_ONCE(dev->rx_batch_end, eth_rx_batch_end);
		WRITE_ONCE(dev->rx, eth_rx);
		n++;
	}
	return n;
}
