/*
 * Physical memory. mm_init() reads the RAM banks from the device tree,
 * builds the kernel's linear map with a bump allocator, then hands every
 * frame not in use (kernel image, device tree, initrd, the bump area) to a
 * buddy allocator (buddy.c).
 */
#include "fdt.h"
#include "lib.h"
#include "mm.h"
#include "spinlock.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"

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
static u64 base_pfn, end_pfn; /* the frames RAM spans, holes included */


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

	buddy_init(bump_alloc(ALIGN_UP((end_pfn - base_pfn) *
					       sizeof(struct page),
				       PAGE_SIZE) / PAGE_SIZE),
		   base_pfn, end_pfn);
	/* From here on page tables come from the buddy allocator. */
	buddy_ready = true;
	for (int i = 0; i < nbanks; i++) {
		for (phys_addr_t pa = ALIGN_UP(banks[i].start, PAGE_SIZE);
		     pa + PAGE_SIZE <= banks[i].end; pa += PAGE_SIZE) {
			if (!is_reserved(pa))
				buddy_add_page(pa);
		}
	}
}

/* Returns a reserved range (the initrd once unpacked) to the allocator. */
void free_reserved_range(phys_addr_t start, phys_addr_t end)
{
	/* Only whole pages: the edges may share a page with the device tree. */
	for (phys_addr_t pa = ALIGN_UP(start, PAGE_SIZE); pa + PAGE_SIZE <= end;
	     pa += PAGE_SIZE)
		buddy_add_page(pa);
}
