/*
 * The virtio-mmio transport, version 2 ("modern", virtio 1.x 4.2.2): finds
 * every "virtio,mmio" slot in the device tree and hands each occupied one
 * to the driver for its device ID. Legacy (version 1) devices are refused:
 * QEMU offers modern ones with -global virtio-mmio.force-legacy=false.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "abi/linux/errno.h"
#include "drivers/virtio/virtio.h"

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */

/* Register offsets (4.2.2). */
#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC_LOW 0x080
#define MMIO_QUEUE_DESC_HIGH 0x084
#define MMIO_QUEUE_DRIVER_LOW 0x090
#define MMIO_QUEUE_DRIVER_HIGH 0x094
#define MMIO_QUEUE_DEVICE_LOW 0x0a0
#define MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG 0x100

struct virtio_driver {
	u32 device_id;
	int (*probe)(struct virtio_device *vd);
};

static const struct virtio_driver drivers[] = {
	{ VIRTIO_ID_NET, virtio_net_probe },
};

/* Counted during the single-threaded boot probe only. */
static int nr_net, nr_refused;

static u32 rd(struct virtio_device *vd, u32 off)
{
	return *(volatile u32 *)(vd->base + off);
}

static void wr(struct virtio_device *vd, u32 off, u32 v)
{
	*(volatile u32 *)(vd->base + off) = v;
}

static void set_status(struct virtio_device *vd, u32 bits)
{
	wr(vd, MMIO_STATUS, rd(vd, MMIO_STATUS) | bits);
}

void virtio_fail(struct virtio_device *vd)
{
	set_status(vd, VIRTIO_STATUS_FAILED);
}

void virtio_driver_ok(struct virtio_device *vd)
{
	__asm__ volatile("dsb sy" ::: "memory");
	set_status(vd, VIRTIO_STATUS_DRIVER_OK);
}

int virtio_negotiate(struct virtio_device *vd, u64 wanted, u64 required)
{
	u64 dev;

	wr(vd, MMIO_STATUS, 0); /* reset */
	while (rd(vd, MMIO_STATUS))
		;
	set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(vd, VIRTIO_STATUS_DRIVER);
	wr(vd, MMIO_DEVICE_FEATURES_SEL, 1);
	dev = (u64)rd(vd, MMIO_DEVICE_FEATURES) << 32;
	wr(vd, MMIO_DEVICE_FEATURES_SEL, 0);
	dev |= rd(vd, MMIO_DEVICE_FEATURES);
	if ((dev & required) != required) {
		virtio_fail(vd);
		return -ENODEV;
	}
	vd->features = dev & (wanted | required);
	wr(vd, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vd, MMIO_DRIVER_FEATURES, vd->features >> 32);
	wr(vd, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vd, MMIO_DRIVER_FEATURES, (u32)vd->features);
	set_status(vd, VIRTIO_STATUS_FEATURES_OK);
	/* The device may refuse the subset: it then clears FEATURES_OK. */
	if (!(rd(vd, MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(vd);
		return -ENODEV;
	}
	return 0;
}

u32 virtio_irq_ack(struct virtio_device *vd)
{
	u32 st = rd(vd, MMIO_INTERRUPT_STATUS);

	if (st)
		wr(vd, MMIO_INTERRUPT_ACK, st);
	return st;
}

void virtio_config_read(struct virtio_device *vd, u32 off, void *buf,
			size_t len)
{
	u32 gen;

	do {
		gen = rd(vd, MMIO_CONFIG_GENERATION);
		for (size_t i = 0; i < len; i++)
			((u8 *)buf)[i] =
				*(volatile u8 *)(vd->base + MMIO_CONFIG + off + i);
	} while (gen != rd(vd, MMIO_CONFIG_GENERATION));
}

/* Queue registers for virtqueue.c. */
u32 virtio_mmio_queue_max(struct virtio_device *vd, u16 index)
{
	wr(vd, MMIO_QUEUE_SEL, index);
	if (rd(vd, MMIO_QUEUE_READY))
		return 0; /* already in use */
	return rd(vd, MMIO_QUEUE_NUM_MAX);
}

void virtio_mmio_queue_enable(struct virtio_device *vd, u16 index, u16 num,
			      phys_addr_t desc, phys_addr_t avail,
			      phys_addr_t used)
{
	wr(vd, MMIO_QUEUE_SEL, index);
	wr(vd, MMIO_QUEUE_NUM, num);
	wr(vd, MMIO_QUEUE_DESC_LOW, (u32)desc);
	wr(vd, MMIO_QUEUE_DESC_HIGH, desc >> 32);
	wr(vd, MMIO_QUEUE_DRIVER_LOW, (u32)avail);
	wr(vd, MMIO_QUEUE_DRIVER_HIGH, avail >> 32);
	wr(vd, MMIO_QUEUE_DEVICE_LOW, (u32)used);
	wr(vd, MMIO_QUEUE_DEVICE_HIGH, used >> 32);
	wr(vd, MMIO_QUEUE_READY, 1);
}

void virtio_mmio_notify(struct virtio_device *vd, u16 index)
{
	wr(vd, MMIO_QUEUE_NOTIFY, index);
}

static bool probe_slot(const struct fdt_node *n, void *arg)
{
	struct virtio_device *vd;
	u64 base, size;
	u32 version, id;
	volatile u8 *regs;

	if (!fdt_is_compatible(n, "virtio,mmio") || !fdt_reg(n, 0, &base, &size))
		return false;
	regs = ioremap(base, size);
	if (!regs || *(volatile u32 *)(regs + MMIO_MAGIC) != VIRTIO_MMIO_MAGIC)
		return false;
	id = *(volatile u32 *)(regs + MMIO_DEVICE_ID);
	if (!id)
		return false; /* an empty slot */
	version = *(volatile u32 *)(regs + MMIO_VERSION);
	if (version != 2) {
		printk("virtio-mmio@%lx: version %u (legacy) not supported: run "
		       "QEMU with -global virtio-mmio.force-legacy=false\n",
		       (unsigned long)base, version);
		nr_refused++;
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
		if (drivers[i].device_id != id)
			continue;
		vd = kmalloc(sizeof(*vd));
		if (!vd)
			return false;
		vd->base = regs;
		vd->phys = base;
		vd->irq = fdt_irq(n, 0);
		vd->device_id = id;
		if (drivers[i].probe(vd) == 0) {
			if (id == VIRTIO_ID_NET)
				nr_net++;
		} else {
			kfree(vd);
		}
	}
	return false;
}

/* Boot step: probes every virtio-mmio slot once. */
void virtio_init(void)
{
	fdt_walk(probe_slot, NULL);
	if (!nr_net && !nr_refused)
		printk("virtio-net: no device\n");
}
