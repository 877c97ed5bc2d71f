/*
 * The buddy allocator: every RAM frame has a struct page; free blocks of
 * 2^order frames (order 0..MAX_ORDER) sit on one list per order and merge
 * with their buddy when both are free. It knows nothing of page tables or
 * the device tree, so the host unit tests run it as it is.
 */
#include "lib.h"
#include "mm.h"
#include "spinlock.h"

/* Lock: zone_lock protects free_area, nr_free and every PG_FREE page. */
static struct spinlock zone_lock = SPINLOCK_INIT("zone");
static struct list_head free_area[MAX_ORDER + 1];
static unsigned long nr_free, nr_total;
static struct page *mem_map;
static u64 base_pfn, end_pfn;

void buddy_init(struct page *map, u64 base, u64 end)
{
	mem_map = map;
	base_pfn = base;
	end_pfn = end;
	for (int o = 0; o <= MAX_ORDER; o++)
		list_init(&free_area[o]);
	/* Every frame starts reserved; buddy_add_page frees the usable. */
	for (u64 pfn = base_pfn; pfn < end_pfn; pfn++) {
		struct page *pg = &mem_map[pfn - base_pfn];

		list_init(&pg->lru);
		pg->flags = PG_RESERVED;
	}
}

struct page *pa_to_page(phys_addr_t pa)
{
	u64 pfn = pa >> PAGE_SHIFT;

	BUG_ON(pfn < base_pfn || pfn >= end_pfn);
	return &mem_map[pfn - base_pfn];
}

phys_addr_t page_to_pa(struct page *pg)
{
	return (base_pfn + (u64)(pg - mem_map)) << PAGE_SHIFT;
}

static void buddy_free_block(struct page *pg, unsigned int order);

/* Hands one frame to the allocator for good. */
void buddy_add_page(phys_addr_t pa)
{
	spin_lock(&zone_lock);
	nr_total++;
	spin_unlock(&zone_lock);
	buddy_free_block(pa_to_page(pa), 0);
}

static struct page *buddy_of(struct page *pg, unsigned int order)
{
	u64 pfn = base_pfn + (pg - mem_map);
	u64 bpfn = pfn ^ (1UL << order);

	if (bpfn < base_pfn || bpfn >= end_pfn)
		return NULL;
	return &mem_map[bpfn - base_pfn];
}

static void buddy_free_block(struct page *pg, unsigned int order)
{
	spin_lock(&zone_lock);
	nr_free += 1UL << order;
	while (order < MAX_ORDER) {
		struct page *b = buddy_of(pg, order);

		if (!b || !(b->flags & PG_FREE) || b->order != order)
			break;
		list_del(&b->lru);
		b->flags = 0;
		if (b < pg)
			pg = b;
		order++;
	}
	pg->flags = PG_FREE;
	pg->order = order;
	pg->refcount = 0;
	list_add(&pg->lru, &free_area[order]);
	spin_unlock(&zone_lock);
}

void *alloc_pages_nozero(unsigned int order)
{
	struct page *pg = NULL;
	unsigned int o;

	if (order > MAX_ORDER)
		return NULL;
	spin_lock(&zone_lock);
	for (o = order; o <= MAX_ORDER; o++) {
		if (!list_empty(&free_area[o])) {
			pg = list_first_entry(&free_area[o], struct page, lru);
			list_del(&pg->lru);
			break;
		}
	}
	if (!pg) {
		spin_unlock(&zone_lock);
		return NULL;
	}
	/* Split, putting the upper halves back. */
	while (o > order) {
		struct page *half;

		o--;
		half = pg + (1UL << o);
		half->flags = PG_FREE;
		half->order = o;
		list_add(&half->lru, &free_area[o]);
	}
	pg->flags = 0;
	pg->order = order;
	pg->refcount = 1;
	nr_free -= 1UL << order;
	spin_unlock(&zone_lock);
	return page_address(pg);
}

void *alloc_pages(unsigned int order)
{
	void *va = alloc_pages_nozero(order);

	if (va)
		memset(va, 0, PAGE_SIZE << order);
	return va;
}

void free_pages(void *va, unsigned int order)
{
	struct page *pg = virt_to_page(va);

	BUG_ON(pg->flags & (PG_FREE | PG_RESERVED));
	pg->flags = 0;
	buddy_free_block(pg, order);
}

void page_get(struct page *pg)
{
	__atomic_fetch_add(&pg->refcount, 1, __ATOMIC_RELAXED);
}

void page_put(struct page *pg)
{
	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(page_address(pg), pg->order);
}

unsigned long free_page_count(void)
{
	return READ_ONCE(nr_free);
}

unsigned long total_page_count(void)
{
	return nr_total;
}
