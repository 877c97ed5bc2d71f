/*
 * virtio-net (virtio 1.x 5.1): one receive and one transmit queue, the MAC
 * from configuration space, interrupts for receive and for transmit
 * completion. Received frames go to the stack from a kernel thread the
 * interrupt wakes, so the stack may sleep in its rx callback.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "sched.h"
#include "spinlock.h"
#include "abi/linux/errno.h"
#include "drivers/virtio/net_device.h"
#include "drivers/virtio/virtio.h"

/* Feature bits (5.1.3). */
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16

/* Configuration space (5.1.4). */
#define NET_CFG_MAC 0
#define NET_CFG_STATUS 6
#define NET_CFG_MTU 10
#define VIRTIO_NET_S_LINK_UP 1

#define RXQ 0
#define TXQ 1
#define RING_SIZE 256
#define BUF_SIZE 2048 /* a header and a full frame; two per page */
#define TX_KICK_BATCH 32 /* frames queued at most before a notification */

/* Every buffer starts with this header (5.1.6, VIRTIO_F_VERSION_1 size). */
struct virtio_net_hdr {
	u8 flags;
	u8 gso_type;
	u16 hdr_len;
	u16 gso_size;
	u16 csum_start;
	u16 csum_offset;
	u16 num_buffers;
};
_Static_assert(sizeof(struct virtio_net_hdr) == 12, "virtio_net_hdr");

#define HDR_LEN sizeof(struct virtio_net_hdr)
_Static_assert(HDR_LEN + ETH_FRAME_MAX <= BUF_SIZE, "buffer size");

struct virtio_net {
	struct net_device dev;
	struct virtio_device *vd;
	/* Only the receive thread uses rxq once the device is running. */
	struct virtqueue *rxq;
	struct waitq rx_wait;     /* the receive thread sleeps here */
	struct spinlock tx_lock;
	struct virtqueue *txq;    /* under tx_lock */
	void **tx_free;           /* free transmit buffers; under tx_lock */
	int tx_nfree;             /* under tx_lock */
	/*
	 * While the receive thread hands a batch of frames to the stack, the
	 * frames the stack sends in reply (mostly ACKs) are queued without a
	 * notification each; one kick at the end of the batch, or every
	 * TX_KICK_BATCH frames, sends them. Both under tx_lock.
	 */
	bool tx_defer;
	int tx_unkicked;
	bool selftest;            /* set before DRIVER_OK */
};

/* Appended to at boot only. */
static struct net_device *net_devices;
static int nr_eth;

struct net_device *net_device_first(void)
{
	return net_devices;
}

static void count(u64 *ctr, u64 n)
{
	__atomic_fetch_add(ctr, n, __ATOMIC_RELAXED);
}

/* Takes back what the device has sent; tx_lock held. */
static int tx_reclaim_locked(struct virtio_net *vn)
{
	void *buf;
	int n = 0;

	while ((buf = virtqueue_get_used(vn->txq, NULL))) {
		vn->tx_free[vn->tx_nfree++] = buf;
		n++;
	}
	return n;
}

static int virtio_net_xmit_frags(struct net_device *dev,
				 const struct net_frag *frags, int nfrags)
{
	struct virtio_net *vn = container_of(dev, struct virtio_net, dev);
	struct virtq_buf b;
	size_t len = 0, off;
	u8 *buf;
	int err;

	for (int i = 0; i < nfrags; i++)
		len += frags[i].len;
	if (len < ETH_HLEN)
		return -EINVAL;
	if (len > ETH_FRAME_MAX)
		return -EMSGSIZE;
	spin_lock(&vn->tx_lock);
	if (!vn->tx_nfree)
		tx_reclaim_locked(vn);
	if (!vn->tx_nfree) {
		spin_unlock(&vn->tx_lock);
		count(&dev->tx_dropped, 1);
		return -ENOBUFS;
	}
	buf = vn->tx_free[--vn->tx_nfree];
	memset(buf, 0, HDR_LEN); /* no checksum offload, no GSO */
	off = HDR_LEN;
	for (int i = 0; i < nfrags; i++) {
		memcpy(buf + off, frags[i].data, frags[i].len);
		off += frags[i].len;
	}
	b.addr = buf;
	b.len = HDR_LEN + len;
	err = virtqueue_add(vn->txq, &b, 1, 0, buf);
	if (err) {
		vn->tx_free[vn->tx_nfree++] = buf;
		spin_unlock(&vn->tx_lock);
		count(&dev->tx_dropped, 1);
		return -ENOBUFS;
	}
	if (!vn->tx_defer || ++vn->tx_unkicked >= TX_KICK_BATCH) {
		virtqueue_kick(vn->txq);
		vn->tx_unkicked = 0;
	}
	spin_unlock(&vn->tx_lock);
	count(&dev->tx_packets, 1);
	count(&dev->tx_bytes, len);
	return 0;
}

static int virtio_net_xmit(struct net_device *dev, const void *frame,
			   size_t len)
{
	struct net_frag f = { frame, len };

	return virtio_net_xmit_frags(dev, &f, 1);
}

static int rx_post(struct virtio_net *vn, void *buf)
{
	struct virtq_buf b = { buf, BUF_SIZE };

	return virtqueue_add(vn->rxq, &b, 0, 1, buf);
}

static void read_link(struct virtio_net *vn)
{
	u16 st;

	if (!virtio_has_feature(vn->vd, VIRTIO_NET_F_STATUS)) {
		vn->dev.link_up = true;
		return;
	}
	virtio_config_read(vn->vd, NET_CFG_STATUS, &st, sizeof(st));
	vn->dev.link_up = st & VIRTIO_NET_S_LINK_UP;
}

/* Interrupt context: reclaim transmit buffers, wake the receive thread. */
static void virtio_net_irq(void *arg)
{
	struct virtio_net *vn = arg;
	u32 st = virtio_irq_ack(vn->vd);
	int n;

	if (st & VIRTIO_INT_USED_RING) {
		/* The receive thread drains the ring without interrupts. */
		if (virtqueue_has_used(vn->rxq)) {
			virtqueue_disable_cb(vn->rxq);
			wake_up_all(&vn->rx_wait);
		}
		spin_lock(&vn->tx_lock);
		n = tx_reclaim_locked(vn);
		spin_unlock(&vn->tx_lock);
		if (n)
			wake_up_all(&vn->dev.tx_wait);
	}
	if (st & VIRTIO_INT_CONFIG)
		read_link(vn);
}

/* Starts or ends a batch of transmissions sent with one notification. */
static void tx_batch(struct virtio_net *vn, bool start)
{
	spin_lock(&vn->tx_lock);
	vn->tx_defer = start;
	if (!start && vn->tx_unkicked) {
		virtqueue_kick(vn->txq);
		vn->tx_unkicked = 0;
	}
	spin_unlock(&vn->tx_lock);
}

/* One received frame to the stack (or the self-test). */
static void rx_one(struct virtio_net *vn, u8 *buf, u32 len)
{
	struct net_device *dev = &vn->dev;
	void (*rx)(struct net_device *, const void *, size_t);
	const u8 *frame = buf + HDR_LEN;
	size_t flen = len - HDR_LEN;

	if (len <= HDR_LEN || len > BUF_SIZE) {
		count(&dev->rx_dropped, 1);
		return;
	}
	count(&dev->rx_packets, 1);
	count(&dev->rx_bytes, flen);
	if (vn->selftest)
		net_selftest_rx(dev, frame, flen);
	rx = READ_ONCE(dev->rx);
	if (rx)
		rx(dev, frame, flen);
	else
		count(&dev->rx_dropped, 1);
}

/*
 * Hands received frames to the stack and posts their buffers again. As
 * NAPI does on Linux, the interrupt only wakes this thread, which then
 * drains the ring with the device's interrupts off and turns them back
 * on when it finds the ring empty; replies go out in one batch.
 */
static void __noreturn virtio_net_rx_thread(void *arg)
{
	struct virtio_net *vn = arg;
	struct net_device *dev = &vn->dev;
	void (*batch_end)(struct net_device *);
	u8 *buf;
	u32 len;
	int n;

	for (;;) {
		wait_event(vn->rx_wait, virtqueue_has_used(vn->rxq));
		tx_batch(vn, true);
		do {
			virtqueue_disable_cb(vn->rxq);
			n = 0;
			while ((buf = virtqueue_get_used(vn->rxq, &len))) {
				rx_one(vn, buf, len);
				rx_post(vn, buf);
				n++;
			}
			if (n)
				virtqueue_kick(vn->rxq);
		} while (virtqueue_enable_cb(vn->rxq));
		batch_end = READ_ONCE(dev->rx_batch_end);
		if (batch_end)
			batch_end(dev);
		tx_batch(vn, false);
	}
}

/* Fills the receive ring; returns the buffers posted or -ENOMEM. */
static int rx_fill(struct virtio_net *vn)
{
	int posted = 0;

	while (vn->rxq->num_free > 0) {
		u8 *page = alloc_page();

		if (!page)
			break;
		for (size_t off = 0; off < PAGE_SIZE; off += BUF_SIZE) {
			if (rx_post(vn, page + off))
				break;
			posted++;
		}
	}
	return posted ? posted : -ENOMEM;
}

static int tx_setup(struct virtio_net *vn)
{
	int num = vn->txq->num;

	vn->tx_free = kmalloc(sizeof(void *) * num);
	if (!vn->tx_free)
		return -ENOMEM;
	for (int i = 0; i < num; i += PAGE_SIZE / BUF_SIZE) {
		u8 *page = alloc_page();

		if (!page)
			return vn->tx_nfree ? 0 : -ENOMEM;
		for (size_t off = 0; off < PAGE_SIZE && vn->tx_nfree < num;
		     off += BUF_SIZE)
			vn->tx_free[vn->tx_nfree++] = page + off;
	}
	return 0;
}

static void read_mac(struct virtio_net *vn)
{
	struct net_device *dev = &vn->dev;

	if (virtio_has_feature(vn->vd, VIRTIO_NET_F_MAC)) {
		virtio_config_read(vn->vd, NET_CFG_MAC, dev->mac, ETH_ALEN);
		return;
	}
	/* No address from the device: a random locally administered one. */
	get_random_bytes(dev->mac, ETH_ALEN);
	dev->mac[0] = (dev->mac[0] & 0xfe) | 0x02;
}

int virtio_net_probe(struct virtio_device *vd)
{
	u64 wanted = (1ULL << VIRTIO_NET_F_MAC) | (1ULL << VIRTIO_NET_F_STATUS) |
		     (1ULL << VIRTIO_NET_F_MTU);
	u64 t0 = timer_now();
	struct virtio_net *vn;
	struct net_device **tail;
	int err, posted;

	err = virtio_negotiate(vd, wanted, 1ULL << VIRTIO_F_VERSION_1);
	if (err) {
		printk("virtio-net@%lx: device lacks VIRTIO_F_VERSION_1 or "
		       "refused features\n", (unsigned long)vd->phys);
		return err;
	}
	vn = kmalloc(sizeof(*vn));
	if (!vn)
		goto fail;
	vn->vd = vd;
	vd->priv = vn;
	waitq_init(&vn->rx_wait);
	waitq_init(&vn->dev.tx_wait);
	spin_init(&vn->tx_lock, "virtio-net tx");
	snprintf(vn->dev.name, sizeof(vn->dev.name), "eth%d", nr_eth);
	vn->dev.mtu = 1500;
	if (virtio_has_feature(vd, VIRTIO_NET_F_MTU)) {
		u16 mtu;

		virtio_config_read(vd, NET_CFG_MTU, &mtu, sizeof(mtu));
		if (mtu >= 68 && mtu < vn->dev.mtu)
			vn->dev.mtu = mtu;
	}
	read_mac(vn);
	vn->dev.xmit = virtio_net_xmit;
	vn->dev.xmit_frags = virtio_net_xmit_frags;
	vn->dev.driver_priv = vn;

	vn->rxq = virtqueue_create(vd, RXQ, RING_SIZE);
	vn->txq = virtqueue_create(vd, TXQ, RING_SIZE);
	if (IS_ERR(vn->rxq) || IS_ERR(vn->txq))
		goto fail;
	posted = rx_fill(vn);
	if (posted < 0 || tx_setup(vn))
		goto fail;
	vn->selftest = cmdline_has_flag("akuma.netselftest");
	if (!kthread_create("virtio-net-rx", virtio_net_rx_thread, vn))
		goto fail;
	if (vd->irq >= 0)
		irq_register(vd->irq, virtio_net_irq, vn);
	virtio_driver_ok(vd);
	read_link(vn);
	virtqueue_kick(vn->rxq);

	for (tail = &net_devices; *tail; tail = &(*tail)->next)
		;
	*tail = &vn->dev;
	nr_eth++;
	if (vn->selftest)
		net_selftest_start(&vn->dev, t0);
	return 0;

fail:
	/* Rings and buffers stay allocated: the device is dead, not freed. */
	printk("virtio-net@%lx: out of memory\n", (unsigned long)vd->phys);
	virtio_fail(vd);
	return -ENOMEM;
}
