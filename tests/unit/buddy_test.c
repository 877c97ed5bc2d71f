/*
 * The buddy allocator (kernel/mm/buddy.c) on a host buffer standing in for
 * RAM: splitting, merging back, exhaustion, reference counts, and a random
 * workload checked for overlaps and exact free counts.
 */
#include <stdlib.h>

#include "kernel/include/mm.h"
#include "kernel/include/spinlock.h"
#include "unit.h"

#define NPAGES 2048 /* 8 MiB: two blocks of the largest order */

/* The little of the core buddy.c needs, for one thread on the host. */
struct cpu;
void spin_lock(struct spinlock *l)
{
	l->locked = 1;
}
void spin_unlock(struct spinlock *l)
{
	l->locked = 0;
}
void panic(const char *fmt, ...)
{
	fprintf(stderr, "panic: %s\n", fmt);
	abort();
}

u64 kimage_voffset; /* the kernel image: not used on the host */
static char *ram;
static struct page map[NPAGES];

static void setup(void)
{
	u64 base;

	ram = aligned_alloc(PAGE_SIZE << MAX_ORDER, NPAGES * PAGE_SIZE);
	/* "Physical" addresses such that phys_to_virt() lands in ram. */
	base = (u64)ram - LINEAR_BASE;
	buddy_init(map, base >> PAGE_SHIFT, (base >> PAGE_SHIFT) + NPAGES);
	for (int i = 0; i < NPAGES; i++)
		buddy_add_page(base + (u64)i * PAGE_SIZE);
}

static void check_orders(void)
{
	void *big[3], *small;

	CHECK_EQ(free_page_count(), NPAGES);
	CHECK_EQ(total_page_count(), NPAGES);
	/* All freed pages merged into two blocks of the largest order. */
	big[0] = alloc_pages(MAX_ORDER);
	big[1] = alloc_pages(MAX_ORDER);
	big[2] = alloc_pages(MAX_ORDER);
	CHECK(big[0] && big[1]);
	CHECK(big[2] == NULL);
	CHECK_EQ(free_page_count(), 0);
	CHECK(alloc_page() == NULL);
	CHECK(alloc_pages(MAX_ORDER + 1) == NULL);
	free_pages(big[1], MAX_ORDER);
	/* A single page splits a large block; freeing it merges it back. */
	small = alloc_page();
	CHECK(small != NULL);
	CHECK_EQ(free_page_count(), (1 << MAX_ORDER) - 1);
	free_page(small);
	big[1] = alloc_pages(MAX_ORDER);
	CHECK(big[1] != NULL);
	free_pages(big[0], MAX_ORDER);
	free_pages(big[1], MAX_ORDER);
	CHECK_EQ(free_page_count(), NPAGES);
}

static void check_zeroed_and_refcounts(void)
{
	char *p = alloc_pages(2);
	struct page *pg;
	int dirty = 0;

	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		dirty |= p[i];
	CHECK_EQ(dirty, 0);
	p[0] = 1;
	free_pages(p, 2);
	p = alloc_page();
	pg = virt_to_page(p);
	CHECK_EQ(page_address(pg), p);
	CHECK_EQ(pg->refcount, 1);
	page_get(pg);
	page_put(pg);
	CHECK_EQ(free_page_count(), NPAGES - 1);
	page_put(pg); /* the last reference frees it */
	CHECK_EQ(free_page_count(), NPAGES);
}

/* Random allocations and frees; no two live blocks may overlap. */
static void check_random(void)
{
	struct { char *p; int order; } live[512];
	int n = 0;
	long used = 0;
	bool overlap = false;

	srand(1);
	for (int step = 0; step < 20000; step++) {
		if (n < 512 && (rand() % 3 || !n)) {
			int order = rand() % 5;
			char *p = alloc_pages(order);

			if (!p)
				continue;
			for (int i = 0; i < n; i++) {
				char *q = live[i].p;

				overlap |= !(p + (PAGE_SIZE << order) <= q ||
					     q + (PAGE_SIZE << live[i].order) <= p);
			}
			live[n].p = p;
			live[n++].order = order;
			used += 1L << order;
		} else {
			int i = rand() % n;

			free_pages(live[i].p, live[i].order);
			used -= 1L << live[i].order;
			live[i] = live[--n];
		}
		if (free_page_count() != (unsigned long)(NPAGES - used)) {
			CHECK_EQ(free_page_count(), NPAGES - used);
			break;
		}
	}
	CHECK(!overlap);
	while (n--)
		free_pages(live[n].p, live[n].order);
	CHECK_EQ(free_page_count(), NPAGES);
	/* Everything merged back: the two largest blocks exist again. */
	live[0].p = alloc_pages(MAX_ORDER);
	live[1].p = alloc_pages(MAX_ORDER);
	CHECK(live[0].p && live[1].p);
}

int main(void)
{
	setup();
	check_orders();
	check_zeroed_and_refcounts();
	check_random();
	free(ram);
	return unit_done("buddy_test");
}
