/*
 * Physical memory: a buddy allocator over the RAM the device tree
 * describes, one struct page per frame, and kmalloc on top of it.
 *
 * Kernel virtual layout (TTBR1, 48-bit):
 *   LINEAR_BASE + pa   every RAM and device frame (the linear map)
 *   KIMAGE_BASE        the kernel image, wherever QEMU loaded it
 */
#ifndef AKUMA_MM_H
#define AKUMA_MM_H

#include "list.h"
#include "types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define LINEAR_BASE 0xffff000000000000UL
#define KIMAGE_BASE 0xffffff8000000000UL

/* User space is the lower half; this is one past its last byte. */
#define USER_TOP 0x0001000000000000UL

extern u64 kimage_voffset; /* KIMAGE_BASE - load physical address */

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + LINEAR_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	u64 v = (u64)va;

	if (v >= KIMAGE_BASE)
		return v - kimage_voffset;
	return v - LINEAR_BASE;
}

/*
 * One per physical frame. Lock: the buddy allocator's lock for order and
 * the free list link; refcount is atomic.
 */
struct page {
	u32 refcount;
	u8 order;     /* buddy order while free or as allocated head */
	u8 flags;     /* PG_* */
	u16 slab_size; /* kmalloc object size when PG_SLAB */
	void *slab_free;   /* kmalloc: free objects in this page */
	u32 slab_inuse;
	struct list_head lru; /* buddy free list or slab partial list */
};

#define PG_FREE 0x01
#define PG_SLAB 0x02
#define PG_RESERVED 0x04

#define MAX_ORDER 10 /* the largest block: 2^10 pages, 4 MiB */

/* The buddy allocator (kernel/mm/buddy.c), set up by mm_init. */
void buddy_init(struct page *map, u64 base_pfn, u64 end_pfn);
void buddy_add_page(phys_addr_t pa);

struct page *pa_to_page(phys_addr_t pa);
phys_addr_t page_to_pa(struct page *pg);
static inline void *page_address(struct page *pg)
{
	return phys_to_virt(page_to_pa(pg));
}
static inline struct page *virt_to_page(const void *va)
{
	return pa_to_page(virt_to_phys(va));
}

/* Returns zeroed, linear-mapped memory of 2^order pages, or NULL. */
void *alloc_pages(unsigned int order);
/* The same, not zeroed: for buffers that are written before they are read. */
void *alloc_pages_nozero(unsigned int order);
void free_pages(void *va, unsigned int order);
static inline void *alloc_page(void)
{
	return alloc_pages(0);
}
static inline void free_page(void *va)
{
	free_pages(va, 0);
}
/* Reference counting on single pages shared by address spaces. */
void page_get(struct page *pg);
void page_put(struct page *pg); /* frees at zero */
unsigned long free_page_count(void);
unsigned long total_page_count(void);

void *kmalloc(size_t size);  /* zeroed */
void *kmalloc_nozero(size_t size); /* not zeroed: lwIP's buffers */
unsigned long slab_page_count(void); /* pages kmalloc carved up (meminfo) */
void kfree(const void *p);
char *kstrdup(const char *s);

/* Early memory setup from the device tree; see kernel/mm/page_alloc.c. */
void mm_init(phys_addr_t load_pa, phys_addr_t dtb_pa);
/* Kernel page tables (TTBR1), and a page for the page tables of users. */
extern u64 *kernel_pgd;
u64 *pt_alloc(void);
/* Maps [va, va+size) to pa in the tables rooted at pgd; 0 or -ENOMEM. */
int map_range(u64 *pgd, u64 va, phys_addr_t pa, u64 size, u64 attrs,
	      bool blocks);
/* Returns the level-3 entry for va, allocating tables if alloc. */
u64 *pte_walk(u64 *pgd, u64 va, bool alloc);

#endif
