/*
 * User address spaces. Pages are demand-faulted: anonymous memory on first
 * touch, file data from the file's own pages (shared read-only until
 * written). fork() shares every private page copy-on-write.
 */
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "vfs.h"
#include "vm.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"

#define STACK_TOP 0x0000fffffffff000UL
#define STACK_RESERVE (8UL << 20) /* RLIMIT_STACK's default */
#define MMAP_GAP (128UL << 20)
#define MMAP_MIN 0x10000UL
#define NR_ASIDS 65536

/* asid_lock protects asid_map. ASID 0 is the kernel's empty table. */
static struct spinlock asid_lock = SPINLOCK_INIT("asid");
static u64 asid_map[NR_ASIDS / 64] = { 1 };
static u64 *empty_pgd;

static int asid_alloc(void)
{
	int a = -1;

	spin_lock(&asid_lock);
	for (int i = 0; i < NR_ASIDS / 64 && a < 0; i++) {
		if (asid_map[i] != ~0UL) {
			int b = __builtin_ctzl(~asid_map[i]);

			asid_map[i] |= 1UL << b;
			a = i * 64 + b;
		}
	}
	spin_unlock(&asid_lock);
	return a;
}

static void asid_free(int a)
{
	/* Nothing of the old space may survive in the TLB for the next user. */
	__asm__ volatile("dsb ishst\n tlbi aside1is, %0\n dsb ish\n isb"
			 ::"r"((u64)a << 48) : "memory");
	spin_lock(&asid_lock);
	asid_map[a / 64] &= ~(1UL << (a % 64));
	spin_unlock(&asid_lock);
}

static void flush_page(struct mm *mm, u64 va)
{
	__asm__ volatile("dsb ishst\n tlbi vae1is, %0\n dsb ish\n isb"
			 ::"r"((u64)mm->asid << 48 | (va >> 12)) : "memory");
}

static void flush_mm(struct mm *mm)
{
	__asm__ volatile("dsb ishst\n tlbi aside1is, %0\n dsb ish\n isb"
			 ::"r"((u64)mm->asid << 48) : "memory");
}

static u64 make_pte(phys_addr_t pa, u32 prot, bool cow)
{
	u64 pte = pa | PTE_PAGE | PTE_AF | PTE_SH_INNER |
		  PTE_ATTR(MT_NORMAL) | PTE_NG | PTE_PXN;

	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return pa | PTE_PROTNONE | (cow ? PTE_COW : 0);
	pte |= PTE_USER;
	if (!(prot & PROT_WRITE) || cow)
		pte |= PTE_RDONLY;
	if (cow)
		pte |= PTE_COW;
	if (!(prot & PROT_EXEC))
		pte |= PTE_UXN;
	return pte;
}

static bool pte_has_page(u64 pte)
{
	return pte & (PTE_VALID | PTE_PROTNONE);
}

struct mm *mm_create(void)
{
	struct mm *mm = kmalloc(sizeof(*mm));
	int asid;

	if (!mm)
		return NULL;
	mm->pgd = alloc_page();
	asid = asid_alloc();
	if (!mm->pgd || asid < 0) {
		if (mm->pgd)
			free_page(mm->pgd);
		if (asid >= 0)
			asid_free(asid);
		kfree(mm);
		return NULL;
	}
	mm->asid = asid;
	mm->refcount = 1;
	mutex_init(&mm->lock, "mm");
	list_init(&mm->vmas);
	mm->stack_top = STACK_TOP;
	mm->mmap_top = STACK_TOP - STACK_RESERVE - MMAP_GAP;
	return mm;
}

/* Drops every page and table below table (at level) and the table. */
static void free_table(u64 *table, int level)
{
	for (int i = 0; i < 512; i++) {
		u64 e = table[i];

		if (level < 3 && (e & PTE_VALID))
			free_table(phys_to_virt(e & PTE_ADDR_MASK), level + 1);
		else if (level == 3 && pte_has_page(e))
			page_put(pa_to_page(e & PTE_ADDR_MASK));
	}
	free_page(table);
}

static void vma_free(struct vma *v)
{
	list_del(&v->link);
	if (v->file)
		inode_put(v->file);
	kfree(v);
}

void mm_put(struct mm *mm)
{
	struct vma *v, *n;

	if (__atomic_sub_fetch(&mm->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	list_for_each_entry_safe(v, n, &mm->vmas, link)
		vma_free(v);
	free_table(mm->pgd, 0);
	asid_free(mm->asid);
	kfree(mm->exe_path);
	kfree(mm);
}

void mm_switch(struct thread *next)
{
	struct mm *mm = next->proc ? next->proc->mm : NULL;
	u64 ttbr;

	if (!empty_pgd)
		empty_pgd = alloc_page();
	ttbr = mm ? virt_to_phys(mm->pgd) | (u64)mm->asid << 48 :
		    virt_to_phys(empty_pgd);
	__asm__ volatile("msr ttbr0_el1, %0\n isb" ::"r"(ttbr));
}

struct vma *vma_find(struct mm *mm, u64 addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link) {
		if (v->end > addr)
			return v;
	}
	return NULL;
}

static struct vma *vma_split(struct vma *v, u64 at)
{
	struct vma *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *v;
	n->start = at;
	if (n->file) {
		inode_get(n->file);
		n->file_off += at - v->start;
	}
	v->end = at;
	list_add(&n->link, &v->link);
	return n;
}

static void unmap_pages(struct mm *mm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 *pte = pte_walk(mm->pgd, va, false);

		if (!pte || !pte_has_page(*pte))
			continue;
		page_put(pa_to_page(*pte & PTE_ADDR_MASK));
		*pte = 0;
		flush_page(mm, va);
	}
}

int vma_unmap(struct mm *mm, u64 addr, u64 len)
{
	u64 end = addr + len;
	struct vma *v, *n;

	list_for_each_entry_safe(v, n, &mm->vmas, link) {
		if (v->end <= addr || v->start >= end)
			continue;
		if (v->start < addr && v->end > end) {
			if (!vma_split(v, end))
				return -ENOMEM;
			n = list_entry(v->link.next, struct vma, link);
		}
		if (v->start < addr) {
			v = vma_split(v, addr);
			if (!v)
				return -ENOMEM;
			n = list_entry(v->link.next, struct vma, link);
		}
		if (v->end > end) {
			if (!vma_split(v, end))
				return -ENOMEM;
			n = list_entry(v->link.next, struct vma, link);
		}
		unmap_pages(mm, v->start, v->end);
		vma_free(v);
	}
	return 0;
}

int vma_map(struct mm *mm, u64 addr, u64 len, u32 prot, u32 flags,
	    struct inode *file, u64 file_off, u64 file_end)
{
	struct vma *v, *pos;
	int err = vma_unmap(mm, addr, len);

	if (err)
		return err;
	v = kmalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = addr;
	v->end = addr + len;
	v->prot = prot;
	v->flags = flags;
	v->file = file ? inode_get(file) : NULL;
	v->file_off = file_off;
	v->file_end = file ? file_end : 0;
	list_for_each_entry(pos, &mm->vmas, link) {
		if (pos->start >= v->end)
			break;
	}
	list_add_tail(&v->link, &pos->link);
	return 0;
}

int vma_protect(struct mm *mm, u64 addr, u64 len, u32 prot)
{
	u64 end = addr + len, at = addr;
	struct vma *v;

	/* Linux changes nothing unless the whole range is mapped. */
	list_for_each_entry(v, &mm->vmas, link) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return -ENOMEM;
		at = v->end;
		if (at >= end)
			break;
	}
	if (at < end)
		return -ENOMEM;
	list_for_each_entry(v, &mm->vmas, link) {
		if (v->end <= addr || v->start >= end)
			continue;
		if (v->start < addr) {
			if (!vma_split(v, addr))
				return -ENOMEM;
			continue; /* the new upper part comes next */
		}
		if (v->end > end && !vma_split(v, end))
			return -ENOMEM;
		v->prot = prot;
		for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
			u64 *pte = pte_walk(mm->pgd, va, false);

			if (!pte || !pte_has_page(*pte))
				continue;
			*pte = make_pte(*pte & PTE_ADDR_MASK, prot,
					*pte & PTE_COW);
			flush_page(mm, va);
		}
	}
	return 0;
}

u64 vma_find_gap(struct mm *mm, u64 len)
{
	u64 top = mm->mmap_top;
	struct vma *v;

	list_for_each_entry_reverse(v, &mm->vmas, link) {
		if (v->start >= top)
			continue;
		if (v->end <= top && top - v->end >= len)
			return top - len;
		top = v->start;
	}
	return top >= MMAP_MIN + len ? top - len : 0;
}

/* Gives a private page its own copy; caller holds mm->lock. */
static int break_cow(struct mm *mm, struct vma *v, u64 va, u64 *pte)
{
	struct page *old = pa_to_page(*pte & PTE_ADDR_MASK);
	void *copy;

	if (__atomic_load_n(&old->refcount, __ATOMIC_ACQUIRE) == 1) {
		*pte = make_pte(*pte & PTE_ADDR_MASK, v->prot, false);
		flush_page(mm, va);
		return 0;
	}
	copy = alloc_page();
	if (!copy)
		return -ENOMEM;
	memcpy(copy, page_address(old), PAGE_SIZE);
	*pte = 0;
	flush_page(mm, va);
	*pte = make_pte(virt_to_phys(copy), v->prot, false);
	page_put(old);
	return 0;
}

/*
 * The page holding "mov x8, #__NR_rt_sigreturn; svc #0", mapped into every
 * process: handlers installed without SA_RESTORER (glibc's) return there,
 * as they return to the vDSO's trampoline on Linux.
 */
static struct page *sigpage(void)
{
	static struct page *pg;
	static struct spinlock lock = SPINLOCK_INIT("sigpage");

	spin_lock(&lock);
	if (!pg) {
		u32 *code = alloc_page();

		BUG_ON(!code);
		code[0] = 0xd2801168; /* mov x8, #139 */
		code[1] = 0xd4000001; /* svc #0 */
		pg = virt_to_page(code);
	}
	spin_unlock(&lock);
	return pg;
}

u64 map_sigpage(struct mm *mm)
{
	u64 addr = vma_find_gap(mm, PAGE_SIZE);

	if (!addr || vma_map(mm, addr, PAGE_SIZE, PROT_READ | PROT_EXEC,
			     VMA_SHARED | VMA_SIGPAGE, NULL, 0, 0))
		return 0;
	return addr;
}

/* Fills a fresh page for a not-present address; returns its pte value. */
static int fault_in(struct vma *v, u64 va, bool write, u64 *out)
{
	struct page *pg;
	void *fresh;
	u64 off = v->file_off + (va - v->start);

	if (v->flags & VMA_SIGPAGE) {
		pg = sigpage();
		page_get(pg);
		*out = make_pte(page_to_pa(pg), v->prot, false);
		return 0;
	}
	if (v->file && va < v->file_end) {
		if (v->file->size <= off)
			return -EIO; /* wholly past the end of the file */
		pg = v->file->iops->get_page(v->file, off / PAGE_SIZE);
		if (!pg)
			return -EIO;
		if (v->flags & VMA_SHARED) {
			*out = make_pte(page_to_pa(pg), v->prot, false);
			return 0;
		}
		if (!write && va + PAGE_SIZE <= v->file_end) {
			*out = make_pte(page_to_pa(pg), v->prot, true);
			return 0;
		}
		fresh = alloc_page();
		if (!fresh) {
			page_put(pg);
			return -ENOMEM;
		}
		memcpy(fresh, page_address(pg),
		       MIN(PAGE_SIZE, v->file_end - va));
		page_put(pg);
	} else {
		fresh = alloc_page();
		if (!fresh)
			return -ENOMEM;
	}
	*out = make_pte(virt_to_phys(fresh), v->prot, false);
	return 0;
}

int handle_mm_fault(struct mm *mm, u64 addr, bool write, bool exec)
{
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vma *v;
	u64 *pte, val;
	int err = -EFAULT;

	if (!mm || addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->lock);
	v = vma_find(mm, addr);
	if (!v || v->start > addr)
		goto out;
	if ((write && !(v->prot & PROT_WRITE)) ||
	    (exec && !(v->prot & PROT_EXEC)) ||
	    !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		goto out;
	pte = pte_walk(mm->pgd, va, true);
	if (!pte) {
		err = -ENOMEM;
		goto out;
	}
	if (*pte & PTE_VALID) {
		err = 0;
		if (write && (*pte & PTE_COW))
			err = break_cow(mm, v, va, pte);
		goto out;
	}
	err = fault_in(v, va, write, &val);
	if (!err) {
		*pte = val;
		__asm__ volatile("dsb ishst\n isb" ::: "memory");
	}
out:
	mutex_unlock(&mm->lock);
	return err;
}

/* Copies the page tables of a private range copy-on-write. */
static int fork_range(struct mm *old, struct mm *new, struct vma *v)
{
	bool shared = v->flags & VMA_SHARED;

	for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
		u64 *src = pte_walk(old->pgd, va, false), *dst;

		if (!src || !pte_has_page(*src))
			continue;
		dst = pte_walk(new->pgd, va, true);
		if (!dst)
			return -ENOMEM;
		page_get(pa_to_page(*src & PTE_ADDR_MASK));
		if (!shared)
			*src = make_pte(*src & PTE_ADDR_MASK, v->prot, true);
		*dst = *src;
	}
	return 0;
}

struct mm *mm_fork(struct mm *old)
{
	struct mm *mm = mm_create();
	struct vma *v;
	int err = 0;

	if (!mm)
		return NULL;
	mutex_lock(&old->lock);
	mm->brk_start = old->brk_start;
	mm->brk = old->brk;
	mm->mmap_top = old->mmap_top;
	mm->stack_top = old->stack_top;
	mm->sigpage = old->sigpage;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->start_stack = old->start_stack;
	mm->exe_path = old->exe_path ? kstrdup(old->exe_path) : NULL;
	list_for_each_entry(v, &old->vmas, link) {
		struct vma *n = kmalloc(sizeof(*n));

		if (!n) {
			err = -ENOMEM;
			break;
		}
		*n = *v;
		if (n->file)
			inode_get(n->file);
		list_add_tail(&n->link, &mm->vmas);
		err = fork_range(old, mm, v);
		if (err)
			break;
	}
	flush_mm(old);
	mutex_unlock(&old->lock);
	if (err) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}

static int mm_access(struct mm *mm, u64 addr, void *buf, size_t n, bool write)
{
	while (n) {
		u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
		size_t chunk = MIN(n, va + PAGE_SIZE - addr);
		u64 *pte;
		bool ok;

		mutex_lock(&mm->lock);
		pte = pte_walk(mm->pgd, va, false);
		ok = pte && (*pte & PTE_VALID) &&
		     (!write || !(*pte & PTE_RDONLY));
		if (ok) {
			char *k = phys_to_virt((*pte & PTE_ADDR_MASK) +
					       (addr - va));

			if (write)
				memcpy(k, buf, chunk);
			else
				memcpy(buf, k, chunk);
		}
		mutex_unlock(&mm->lock);
		if (!ok) {
			if (handle_mm_fault(mm, addr, write, false))
				return -EFAULT;
			continue;
		}
		addr += chunk;
		buf = (char *)buf + chunk;
		n -= chunk;
	}
	return 0;
}

int mm_write(struct mm *mm, u64 addr, const void *src, size_t n)
{
	return mm_access(mm, addr, (void *)src, n, true);
}

int mm_read(struct mm *mm, u64 addr, void *dst, size_t n)
{
	return mm_access(mm, addr, dst, n, false);
}

/* Drops the pages of [addr, addr+len) so the next touch faults them in
 * anew (MADV_DONTNEED). Caller holds mm->lock. */
void vma_zap(struct mm *mm, u64 addr, u64 len)
{
	unmap_pages(mm, addr, addr + len);
}

/* Caller holds mm->lock: true if every page of the range is mapped. */
bool vma_range_mapped(struct mm *mm, u64 addr, u64 len)
{
	u64 at = addr, end = addr + len;
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return false;
		at = v->end;
		if (at >= end)
			return true;
	}
	return at >= end;
}

/* Is the page at va present? (mincore). Caller holds mm->lock. */
bool vma_page_present(struct mm *mm, u64 va)
{
	u64 *pte = pte_walk(mm->pgd, va, false);

	return pte && pte_has_page(*pte);
}

/*
 * Moves the mapping [old, old+len) to new (a free range), pages and all,
 * as mremap(MREMAP_MAYMOVE) does. Caller holds mm->lock.
 */
int vma_move(struct mm *mm, u64 old, u64 len, u64 new, u64 new_len)
{
	struct vma *v = vma_find(mm, old);
	int err;

	if (!v || v->start > old || v->end < old + len)
		return -EFAULT;
	err = vma_map(mm, new, new_len, v->prot, v->flags, v->file,
		      v->file_off + (old - v->start),
		      v->file ? new + (v->file_end - old) : 0);
	if (err)
		return err;
	v = vma_find(mm, old); /* vma_map may have split the list */
	for (u64 off = 0; off < len; off += PAGE_SIZE) {
		u64 *src = pte_walk(mm->pgd, old + off, false), *dst;

		if (!src || !pte_has_page(*src))
			continue;
		dst = pte_walk(mm->pgd, new + off, true);
		if (!dst)
			return -ENOMEM;
		*dst = *src;
		*src = 0;
		flush_page(mm, old + off);
	}
	/* The pages moved; what remains of the old range is empty. */
	return vma_unmap(mm, old, len);
}

/* Grows the mapping ending at end by more bytes, in place. */
int vma_extend(struct mm *mm, u64 end, u64 more)
{
	struct vma *v = vma_find(mm, end - 1);
	struct vma *next;

	if (!v || v->end != end)
		return -EFAULT;
	next = list_entry(v->link.next, struct vma, link);
	if (&next->link != &mm->vmas && next->start < end + more)
		return -ENOMEM;
	v->end += more;
	if (v->file && v->file_end == end)
		v->file_end += more;
	return 0;
}
