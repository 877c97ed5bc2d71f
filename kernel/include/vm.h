/* User address spaces: page tables, mapped areas, faults, fork copies. */
#ifndef AKUMA_VM_H
#define AKUMA_VM_H

#include "list.h"
#include "sched.h"
#include "types.h"

struct inode;

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

#define VMA_SHARED 0x1 /* writes reach the file / other processes */
#define VMA_STACK 0x2
#define VMA_HEAP 0x4
#define VMA_SIGPAGE 0x8 /* the kernel's signal return trampoline */

/* A mapped range [start, end). Fields are under the owning mm's lock. */
struct vma {
	struct list_head link; /* sorted by address */
	u64 start, end;
	u32 prot;
	u32 flags;
	struct inode *file;  /* holds a reference; NULL if anonymous */
	u64 file_off;        /* file offset of start, page aligned */
	u64 file_end;        /* address where file data ends (ELF bss) */
};

/* Lock: lock protects vmas, the page tables and brk. */
struct mm {
	u32 refcount;        /* atomic; threads sharing it (CLONE_VM) */
	struct mutex lock;
	u64 *pgd;
	u16 asid;
	struct list_head vmas;
	u64 brk_start, brk;
	u64 mmap_top;        /* top-down allocation starts below this */
	u64 stack_top;
	u64 sigpage;         /* address of the signal trampoline */
	/* Set by execve before the mm is used, for /proc; never change. */
	u64 arg_start, arg_end, env_start, env_end; /* argv, envp strings */
	u64 start_stack;     /* where argc is */
	char *exe_path;      /* the program's absolute path; kmalloc'd */
};

struct mm *mm_create(void);
void mm_put(struct mm *mm);
struct mm *mm_fork(struct mm *old);
/* Loads the thread's address space into TTBR0 (the scheduler's hook). */
void mm_switch(struct thread *next);

/*
 * Maps [addr, addr+len) (page aligned) with prot; replaces what was there.
 * Caller holds mm->lock. Returns 0 or -ENOMEM.
 */
int vma_map(struct mm *mm, u64 addr, u64 len, u32 prot, u32 flags,
	    struct inode *file, u64 file_off, u64 file_end);
int vma_unmap(struct mm *mm, u64 addr, u64 len);
int vma_protect(struct mm *mm, u64 addr, u64 len, u32 prot);
/* A free gap of len bytes below mm_top, or 0. Caller holds mm->lock. */
u64 vma_find_gap(struct mm *mm, u64 len);
struct vma *vma_find(struct mm *mm, u64 addr); /* first with end > addr */

/* For madvise, mincore and mremap; callers hold mm->lock. */
void vma_zap(struct mm *mm, u64 addr, u64 len);
bool vma_range_mapped(struct mm *mm, u64 addr, u64 len);
bool vma_page_present(struct mm *mm, u64 va);
int vma_move(struct mm *mm, u64 old, u64 len, u64 new, u64 new_len);
int vma_extend(struct mm *mm, u64 end, u64 more);

/* Maps the signal trampoline page; returns its address or 0. */
u64 map_sigpage(struct mm *mm);

/* Resolves a user fault; 0, or -EFAULT (SIGSEGV) / -EIO (SIGBUS). */
int handle_mm_fault(struct mm *mm, u64 addr, bool write, bool exec);
/* Copies to/from another address space through the linear map. */
int mm_write(struct mm *mm, u64 addr, const void *src, size_t n);
int mm_read(struct mm *mm, u64 addr, void *dst, size_t n);

#endif
