/*
 * kmalloc: power-of-two size classes from 16 to 2048 bytes carved out of
 * single pages, each page holding objects of one class; anything larger
 * is a run of whole pages from the buddy allocator.
 */
#include "lib.h"
#include "mm.h"
#include "spinlock.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)

/* Lock: slab_lock protects the partial lists and every slab page's fields. */
static struct spinlock slab_lock = SPINLOCK_INIT("slab");
static unsigned long slab_pages; /* pages carved into objects; slab_lock */
static struct list_head partial[NCLASSES] = {
#define P(i) [i] = { &partial[i], &partial[i] }
	P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7),
#undef P
};

static int size_class(size_t size)
{
	int c = 0;

	while ((1UL << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static unsigned int order_for(size_t size)
{
	unsigned int o = 0;

	while ((PAGE_SIZE << o) < size)
		o++;
	return o;
}

static void *__kmalloc(size_t size, bool zero)
{
	struct page *pg;
	void *obj;
	int c;

	if (size == 0)
		size = 1;
	if (size > (1UL << MAX_SHIFT))
		return zero ? alloc_pages(order_for(size)) :
			      alloc_pages_nozero(order_for(size));
	c = size_class(size);
	spin_lock(&slab_lock);
	if (list_empty(&partial[c])) {
		size_t osz = 1UL << (c + MIN_SHIFT);
		char *base;

		spin_unlock(&slab_lock);
		base = alloc_pages_nozero(0); /* objects are zeroed as handed out */
		if (!base)
			return NULL;
		pg = virt_to_page(base);
		pg->flags |= PG_SLAB;
		pg->slab_size = osz;
		pg->slab_inuse = 0;
		pg->slab_free = NULL;
		/* Thread the free objects through their first word. */
		for (size_t off = PAGE_SIZE; off >= osz; off -= osz) {
			*(void **)(base + off - osz) = pg->slab_free;
			pg->slab_free = base + off - osz;
		}
		spin_lock(&slab_lock);
		slab_pages++;
		list_add(&pg->lru, &partial[c]);
	}
	pg = list_first_entry(&partial[c], struct page, lru);
	obj = pg->slab_free;
	pg->slab_free = *(void **)obj;
	pg->slab_inuse++;
	if (!pg->slab_free)
		list_del(&pg->lru);
	spin_unlock(&slab_lock);
	if (zero)
		memset(obj, 0, 1UL << (c + MIN_SHIFT));
	return obj;
}

void *kmalloc(size_t size)
{
	return __kmalloc(size, true);
}

/*
 * Network buffers are written whole before they are read; zeroing each
 * one first was a tenth of the time spent sending a file over TCP.
 */
void *kmalloc_nozero(size_t size)
{
	return __kmalloc(size, false);
}

void kfree(const void *p)
{
	struct page *pg;
	bool was_full;

	if (!p)
		return;
	pg = virt_to_page(p);
	if (!(pg->flags & PG_SLAB)) {
		free_pages((void *)p, pg->order);
		return;
	}
	spin_lock(&slab_lock);
	was_full = pg->slab_free == NULL;
	*(void **)p = pg->slab_free;
	pg->slab_free = (void *)p;
	pg->slab_inuse--;
	if (pg->slab_inuse == 0) {
		/* An empty slab page goes back to the buddy allocator. */
		if (!was_full)
			list_del(&pg->lru);
		pg->flags &= ~PG_SLAB;
		slab_pages--;
		spin_unlock(&slab_lock);
		free_page((void *)ALIGN_DOWN((u64)p, PAGE_SIZE));
		return;
	}
	if (was_full)
		list_add(&pg->lru, &partial[size_class(pg->slab_size)]);
	spin_unlock(&slab_lock);
}

unsigned long slab_page_count(void)
{
	return READ_ONCE(slab_pages);
}

char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}
