/*
 * Physical memory. mm_init() reads the RAM banks from the device tree,
 * builds the kernel's linear map with a bump allocator, then hands every
 * frame not in use (kernel image, device tree, initrd, the bump area) to a
 * buddy allocator of orders 0..MAX_ORDER.
 */
#include "fdt.h"
#include "lib.h"
#include "mm.h"
#include "spinlock.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"

#define MAX_ORDER 10
#define MAX_BANKS 16
#define MAX_RESERVED 16

struct range {
	phys_addr_t start, end;
};

u64 kimage_voffset;
u64 *kernel_pgd;

static struct range banks[MAX_BANKS];
static int nbanks;
static struct range reserved[MAX_RESERVED];
static int nreserved;
static phys_addr_t bump_next, bump_start;
static bool buddy_ready;

/* Lock: zone_lock protects free_area, nr_free and every PG_FREE page. */
static struct spinlock zone_lock = SPINLOCK_INIT("zone");
static struct list_head free_area[MAX_ORDER + 1];
static unsigned long nr_free, nr_total;
static struct page *mem_map;
static u64 base_pfn, end_pfn;

extern char _head[], _end[];
extern u64 boot_pg_l0_k[];

static void reserve(phys_addr_t start, phys_addr_t end)
{
	if (nreserved == MAX_RESERVED)
		panic("too many reserved ranges");
	reserved[nreserved].start = ALIGN_DOWN(start, PAGE_SIZE);
	reserved[nreserved].end = ALIGN_UP(end, PAGE_SIZE);
	nreserved++;
}

static bool is_reserved(phys_addr_t pa)
{
	for (int i = 0; i < nreserved; i++) {
		if (pa >= reserved[i].start && pa < reserved[i].end)
			return true;
	}
	return pa >= bump_start && pa < bump_next;
}

/* Frames for page tables and mem_map before the buddy allocator runs. */
static void *bump_alloc(u64 pages)
{
	phys_addr_t pa;

	for (;;) {
		bool clash = false;

		pa = bump_next;
		for (int i = 0; i < nreserved; i++) {
			if (pa < reserved[i].end &&
			    pa + pages * PAGE_SIZE > reserved[i].start) {
				/* Skip past it; only possible before use. */
				if (bump_next != bump_start)
					panic("bump allocator ran into %lx",
					      reserved[i].start);
				bump_start = bump_next = reserved[i].end;
				clash = true;
			}
		}
		if (!clash)
			break;
	}
	bump_next += pages * PAGE_SIZE;
	memset(phys_to_virt(pa), 0, pages * PAGE_SIZE);
	return phys_to_virt(pa);
}

u64 *pt_alloc(void)
{
	return buddy_ready ? alloc_page() : bump_alloc(1);
}

static int level_shift(int level)
{
	return 39 - 9 * level;
}

u64 *pte_walk(u64 *pgd, u64 va, bool alloc)
{
	u64 *table = pgd;

	for (int level = 0; level < 3; level++) {
		u64 *e = &table[(va >> level_shift(level)) & 511];

		if (!(*e & PTE_VALID)) {
			u64 *next;

			if (!alloc || !(next = pt_alloc()))
				return NULL;
			*e = virt_to_phys(next) | PTE_VALID | PTE_TABLE;
		} else if (!(*e & PTE_TABLE)) {
			return NULL; /* a block mapping: no level 3 here */
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[(va >> 12) & 511];
}

int map_range(u64 *pgd, u64 va, phys_addr_t pa, u64 size, u64 attrs,
	      bool blocks)
{
	u64 end = va + size;

	while (va < end) {
		int level;
		u64 *table = pgd;

		/* Use the largest block the alignment and length allow. */
		for (level = 0; level < 3; level++) {
			u64 bsz = 1UL << level_shift(level);
			u64 *e = &table[(va >> level_shift(level)) & 511];

			if (blocks && level >= 1 && !((va | pa) & (bsz - 1)) &&
			    end - va >= bsz && !(*e & PTE_VALID)) {
				*e = pa | attrs | PTE_BLOCK;
				va += bsz;
				pa += bsz;
				goto next;
			}
			if (!(*e & PTE_VALID)) {
				u64 *t = pt_alloc();

				if (!t)
					return -ENOMEM;
				*e = virt_to_phys(t) | PTE_VALID | PTE_TABLE;
			} else if (!(*e & PTE_TABLE)) {
				/* Already covered by a block. */
				u64 bsz2 = 1UL << level_shift(level);

				pa += bsz2 - (va & (bsz2 - 1));
				va = ALIGN_DOWN(va, bsz2) + bsz2;
				goto next;
			}
			table = phys_to_virt(*e & PTE_ADDR_MASK);
		}
		table[(va >> 12) & 511] = pa | attrs | PTE_PAGE;
		va += PAGE_SIZE;
		pa += PAGE_SIZE;
next:;
	}
	__asm__ volatile("dsb ishst; isb" ::: "memory");
	return 0;
}

void *ioremap(phys_addr_t pa, size_t size)
{
	phys_addr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	u64 attrs = PTE_DEVICE_BLOCK & ~PTE_BLOCK;

	if (map_range(kernel_pgd, LINEAR_BASE + start, start,
		      ALIGN_UP(pa + size, PAGE_SIZE) - start, attrs, false))
		return NULL;
	return phys_to_virt(pa);
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

static bool memory_cb(const struct fdt_node *n, void *arg)
{
	const char *type = fdt_prop(n, "device_type", NULL);
	u64 addr, size;

	if (!type || strcmp(type, "memory"))
		return false;
	for (int i = 0; fdt_reg(n, i, &addr, &size); i++) {
		if (nbanks < MAX_BANKS && size) {
			banks[nbanks].start = addr;
			banks[nbanks].end = addr + size;
			nbanks++;
		}
	}
	return false;
}

static void reserve_initrd(void)
{
	struct fdt_node chosen;
	const void *s, *e;
	int ls, le;

	if (!fdt_find_node("chosen", &chosen))
		return;
	s = fdt_prop(&chosen, "linux,initrd-start", &ls);
	e = fdt_prop(&chosen, "linux,initrd-end", &le);
	if (s && e)
		reserve(fdt_read_cells(s, ls / 4), fdt_read_cells(e, le / 4));
}

static void buddy_free_block(struct page *pg, unsigned int order);

void mm_init(phys_addr_t load_pa, phys_addr_t dtb_pa)
{
	phys_addr_t kend = load_pa + (u64)(_end - _head);
	u64 *old_ttbr1;

	fdt_walk(memory_cb, NULL);
	if (!nbanks)
		panic("no memory in the device tree");
	reserve(load_pa, kend);
	reserve(dtb_pa, dtb_pa + fdt_total_size());
	reserve_initrd();
	bump_start = bump_next = ALIGN_UP(kend, PAGE_SIZE);

	/*
	 * New kernel tables: the image mapping is kept (level 0 slot 511 of
	 * the boot tables), the linear map is rebuilt to cover exactly RAM.
	 */
	kernel_pgd = bump_alloc(1);
	kernel_pgd[511] = boot_pg_l0_k[511];
	base_pfn = ~0UL;
	end_pfn = 0;
	for (int i = 0; i < nbanks; i++) {
		if (map_range(kernel_pgd, LINEAR_BASE + banks[i].start,
			      banks[i].start, banks[i].end - banks[i].start,
			      PTE_KERNEL_BLOCK & ~PTE_BLOCK, true))
			panic("cannot map RAM");
		base_pfn = MIN(base_pfn, banks[i].start >> PAGE_SHIFT);
		end_pfn = MAX(end_pfn, banks[i].end >> PAGE_SHIFT);
	}
	old_ttbr1 = kernel_pgd;
	__asm__ volatile("dsb ishst\n msr ttbr1_el1, %0\n isb\n"
			 "tlbi vmalle1is\n dsb ish\n isb"
			 :
			 : "r"(virt_to_phys(old_ttbr1))
			 : "memory");

	mem_map = bump_alloc(ALIGN_UP((end_pfn - base_pfn) *
					      sizeof(struct page),
				      PAGE_SIZE) / PAGE_SIZE);
	for (int o = 0; o <= MAX_ORDER; o++)
		list_init(&free_area[o]);
	for (u64 pfn = base_pfn; pfn < end_pfn; pfn++) {
		struct page *pg = &mem_map[pfn - base_pfn];

		list_init(&pg->lru);
		pg->flags = PG_RESERVED;
	}
	/* From here on page tables come from the buddy allocator. */
	buddy_ready = true;
	for (int i = 0; i < nbanks; i++) {
		for (phys_addr_t pa = ALIGN_UP(banks[i].start, PAGE_SIZE);
		     pa + PAGE_SIZE <= banks[i].end; pa += PAGE_SIZE) {
			if (is_reserved(pa))
				continue;
			nr_total++;
			buddy_free_block(pa_to_page(pa), 0);
		}
	}
}

/* Returns a reserved range (the initrd once unpacked) to the allocator. */
void free_reserved_range(phys_addr_t start, phys_addr_t end)
{
	/* Only whole pages: the edges may share a page with the device tree. */
	for (phys_addr_t pa = ALIGN_UP(start, PAGE_SIZE); pa + PAGE_SIZE <= end;
	     pa += PAGE_SIZE) {
		nr_total++;
		buddy_free_block(pa_to_page(pa), 0);
	}
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

void *alloc_pages(unsigned int order)
{
	struct page *pg = NULL;
	unsigned int o;
	void *va;

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
	va = page_address(pg);
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
