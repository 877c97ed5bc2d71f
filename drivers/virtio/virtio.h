/*
 * Virtio 1.x over the memory-mapped transport (virtio-mmio version 2) and
 * split virtqueues. docs/virtio.md describes the design.
 */
#ifndef AKUMA_VIRTIO_H
#define AKUMA_VIRTIO_H

#include "types.h"

/* Device IDs (virtio 1.x, 5 "Device Types"). */
#define VIRTIO_ID_NET 1

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Reserved feature bits (6). */
#define VIRTIO_F_VERSION_1 32

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_RING 1
#define VIRTIO_INT_CONFIG 2

/*
 * One device found in a virtio-mmio slot. Written during probe only;
 * read-only afterwards.
 */
struct virtio_device {
	volatile u8 *base; /* the slot's registers */
	phys_addr_t phys;
	int irq;
	u32 device_id;
	u64 features;      /* negotiated */
	void *priv;        /* the device driver's */
};

/*
 * Resets the device, acknowledges it and negotiates features: the result
 * is the device's features masked by wanted. Returns 0, or -ENODEV when a
 * bit of required is missing or the device refuses FEATURES_OK (the
 * device is then marked FAILED).
 */
int virtio_negotiate(struct virtio_device *vd, u64 wanted, u64 required);
void virtio_driver_ok(struct virtio_device *vd);
void virtio_fail(struct virtio_device *vd);
/* Reads and acknowledges InterruptStatus: VIRTIO_INT_* bits. */
u32 virtio_irq_ack(struct virtio_device *vd);
/*
 * Copies len bytes of device configuration at off, retrying until the
 * configuration generation is stable so multi-byte fields are consistent.
 */
void virtio_config_read(struct virtio_device *vd, u32 off, void *buf,
			size_t len);
static inline bool virtio_has_feature(const struct virtio_device *vd,
				      int bit)
{
	return vd->features & (1ULL << bit);
}

/*
 * A split virtqueue (2.7). The caller serialises every call on one queue
 * except virtqueue_has_used, which only reads the device's index.
 */
struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc");

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct virtq_used_elem {
	u32 id;
	u32 len;
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[];
};

struct virtqueue {
	struct virtio_device *vd;
	u16 index;
	u16 num;            /* entries, a power of two */
	u16 num_free;
	u16 free_head;      /* chain of free descriptors through next */
	u16 avail_idx;      /* our copy of avail->idx */
	u16 last_used;      /* next used entry to look at */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void **cookie;      /* per head descriptor: what the caller queued */
	unsigned int order; /* of the pages holding the rings */
};

/* A buffer to queue: device-readable (out) or device-writable (in). */
struct virtq_buf {
	const void *addr;   /* kernel linear address */
	u32 len;
};

/*
 * Sets up queue index with at most num entries (rounded down to the
 * device's maximum, a power of two) and tells the device where its rings
 * are. Returns the queue or an ERR_PTR.
 */
struct virtqueue *virtqueue_create(struct virtio_device *vd, u16 index,
				   u16 num);
/*
 * Queues out readable buffers followed by in writable ones as one chain
 * that cookie names. Returns 0, or -ENOSPC when descriptors run out. The
 * device sees it after virtqueue_kick.
 */
int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs,
		  int out, int in, void *cookie);
/* Notifies the device of new buffers unless it asked not to be. */
void virtqueue_kick(struct virtqueue *vq);
/* True if the device has returned buffers not yet taken. */
bool virtqueue_has_used(struct virtqueue *vq);
/*
 * Interrupt suppression (2.7.7, a hint the device may ignore): disable
 * asks for no interrupts while the driver drains the queue anyway;
 * enable asks for them again and returns true if buffers came back
 * meanwhile, which the driver must then take without waiting for one.
 */
void virtqueue_disable_cb(struct virtqueue *vq);
bool virtqueue_enable_cb(struct virtqueue *vq);
/* Takes one returned chain: its cookie, and bytes written in *len; NULL if none. */
void *virtqueue_get_used(struct virtqueue *vq, u32 *len);

/* The transport's queue registers, for virtqueue.c. */
u32 virtio_mmio_queue_max(struct virtio_device *vd, u16 index);
void virtio_mmio_queue_enable(struct virtio_device *vd, u16 index, u16 num,
			      phys_addr_t desc, phys_addr_t avail,
			      phys_addr_t used);
void virtio_mmio_notify(struct virtio_device *vd, u16 index);

/* Device drivers, called by the transport's probe. */
int virtio_net_probe(struct virtio_device *vd);

/*
 * The boot-time self-check of akuma.netselftest (net_selftest.c): an ARP
 * request for 10.0.2.2, reported when the answer comes. t0 is the counter
 * when the probe began; rx sees every received frame first.
 */
struct net_device;
void net_selftest_start(struct net_device *dev, u64 t0);
void net_selftest_rx(struct net_device *dev, const void *frame, size_t len);

#endif
