/*
 * The interface between an Ethernet driver (virtio-net) and the network
 * stack's netif. docs/virtio.md has the details.
 *
 * Receive: frames are delivered from the driver's own kernel thread
 * ("virtio-net-rx"), woken by the device's interrupt, never from interrupt
 * context. rx may therefore sleep and take mutexes (lwIP's tcpip_input,
 * mailboxes). The frame (Ethernet header first, no virtio header, no FCS)
 * is only valid during the call: copy what you keep. While rx is NULL,
 * received frames are counted in rx_dropped and discarded.
 *
 * Transmit: xmit copies the frame (Ethernet header first, at most
 * ETH_FRAME_MAX bytes) into a transmit buffer and queues it; it never
 * sleeps and may be called from any thread, or with interrupts off.
 */
#ifndef AKUMA_NET_DEVICE_H
#define AKUMA_NET_DEVICE_H

#include "sched.h"
#include "types.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
/* Largest frame xmit takes: 1500 bytes of MTU, the header and a VLAN tag. */
#define ETH_FRAME_MAX 1518

/* One piece of a frame for xmit_frags (an lwIP pbuf in a chain). */
struct net_frag {
	const void *data;
	size_t len;
};

struct net_device {
	/* Set by the driver before the device is listed; read-only after. */
	char name[16];            /* "eth0" */
	u8 mac[ETH_ALEN];
	u32 mtu;                  /* 1500 */

	/* The stack's: set before rx, never touched by the driver. */
	void *stack_priv;

	/*
	 * Queues one frame for transmission. Returns 0, -ENOBUFS when the
	 * transmit ring is full (the frame is not sent; tx_wait is woken
	 * when space comes back), -EMSGSIZE above ETH_FRAME_MAX, -EINVAL
	 * below ETH_HLEN, -ENETDOWN if the device failed.
	 */
	int (*xmit)(struct net_device *dev, const void *frame, size_t len);
	/*
	 * The same for a frame in pieces, copied straight into the
	 * transmit buffer (no bounce copy of a pbuf chain); same returns.
	 */
	int (*xmit_frags)(struct net_device *dev, const struct net_frag *frags,
			  int nfrags);
	/*
	 * Set by the stack (a single store, at any time): called for each
	 * received frame from the driver's receive thread; see above.
	 */
	void (*rx)(struct net_device *dev, const void *frame, size_t len);
	/*
	 * Also the stack's (may stay NULL): called from the receive thread
	 * after the frames it found waiting were all given to rx, before it
	 * sleeps. What the stack transmits in between may be held by the
	 * driver until this returns, so frames it kept back to merge (ACKs)
	 * must be sent from here.
	 */
	void (*rx_batch_end)(struct net_device *dev);

	/* Woken whenever transmitted buffers are reclaimed. */
	struct waitq tx_wait;
	/* Link state from the device (VIRTIO_NET_F_STATUS), else true. */
	volatile bool link_up;

	/*
	 * Counters as /proc/net/dev shows them; updated with atomic adds,
	 * read without a lock.
	 */
	u64 rx_packets, rx_bytes, rx_dropped;
	u64 tx_packets, tx_bytes, tx_dropped; /* dropped: -ENOBUFS */

	void *driver_priv;
	struct net_device *next;  /* the device list; written at boot only */
};

/* The first network device found at boot, or NULL if none. */
struct net_device *net_device_first(void);

#endif
