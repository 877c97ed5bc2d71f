/*
 * Split virtqueues (virtio 1.x 2.7): a descriptor table, the available
 * ring we fill and the used ring the device fills, in one block of
 * physically contiguous zeroed pages. The device sees physical addresses.
 */
#include "lib.h"
#include "mm.h"
#include "abi/linux/errno.h"
#include "drivers/virtio/virtio.h"

/* The device reads what we wrote before it sees the new index. */
static inline void dma_wmb(void)
{
	__asm__ volatile("dmb oshst" ::: "memory");
}

/* We read a used entry only after seeing the index that covers it. */
static inline void dma_rmb(void)
{
	__asm__ volatile("dmb oshld" ::: "memory");
}

static inline void mb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

struct virtqueue *virtqueue_create(struct virtio_device *vd, u16 index,
				   u16 num)
{
	struct virtqueue *vq;
	size_t avail_off, used_off, total;
	u32 max = virtio_mmio_queue_max(vd, index);
	u8 *mem;

	if (!max)
		return ERR_PTR(-ENOENT);
	if (num > max)
		num = max;
	while (num & (num - 1)) /* split rings are a power of two long */
		num &= num - 1;
	avail_off = sizeof(struct virtq_desc) * num;
	used_off = ALIGN_UP(avail_off + 6 + 2 * num, 4);
	total = used_off + 6 + sizeof(struct virtq_used_elem) * num;

	vq = kmalloc(sizeof(*vq));
	if (!vq)
		return ERR_PTR(-ENOMEM);
	vq->cookie = kmalloc(sizeof(void *) * num);
	vq->order = order_for(total);
	mem = alloc_pages(vq->order);
	if (!vq->cookie || !mem) {
		kfree(vq->cookie);
		kfree(vq);
		if (mem)
			free_pages(mem, order_for(total));
		return ERR_PTR(-ENOMEM);
	}
	vq->vd = vd;
	vq->index = index;
	vq->num = num;
	vq->desc = (struct virtq_desc *)mem;
	vq->avail = (struct virtq_avail *)(mem + avail_off);
	vq->used = (struct virtq_used *)(mem + used_off);
	for (u16 i = 0; i < num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = num;
	vq->avail_idx = 0;
	vq->last_used = 0;
	virtio_mmio_queue_enable(vd, index, num, virt_to_phys(vq->desc),
				 virt_to_phys(vq->avail),
				 virt_to_phys(vq->used));
	return vq;
}

int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs,
		  int out, int in, void *cookie)
{
	int n = out + in;
	u16 head, i, last = 0;

	if (n < 1)
		return -EINVAL;
	if (vq->num_free < n)
		return -ENOSPC;
	head = i = vq->free_head;
	for (int k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = virt_to_phys(bufs[k].addr);
		d->len = bufs[k].len;
		d->flags = (k >= out ? VIRTQ_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= n;
	vq->cookie[head] = cookie;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	dma_wmb();
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	/* The new index must be visible before we read the device's flag. */
	mb();
	if (!(READ_ONCE(vq->used->flags) & VIRTQ_USED_F_NO_NOTIFY))
		virtio_mmio_notify(vq->vd, vq->index);
}

bool virtqueue_has_used(struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used;
}

void virtqueue_disable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool virtqueue_enable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, 0);
	/* The flag must be visible before we look at the device's index. */
	mb();
	return virtqueue_has_used(vq);
}

void *virtqueue_get_used(struct virtqueue *vq, u32 *len)
{
	struct virtq_used_elem *e;
	void *cookie;
	u16 head, i;

	if (!virtqueue_has_used(vq))
		return NULL;
	dma_rmb();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	head = e->id;
	if (len)
		*len = e->len;
	vq->last_used++;
	cookie = vq->cookie[head];
	vq->cookie[head] = NULL;
	/* Give the chain's descriptors back to the free list. */
	i = head;
	vq->num_free++;
	while (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) {
		i = vq->desc[i].next;
		vq->num_free++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	return cookie;
}
