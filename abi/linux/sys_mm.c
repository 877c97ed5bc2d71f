/* Memory syscalls: brk, mmap, munmap, mprotect. */
#include "abi/linux/syscalls.h"
#include "kernel/include/file.h"
#include "kernel/include/lib.h"
#include "kernel/include/memfd.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/vfs.h"
#include "kernel/include/uaccess.h"
#include "kernel/include/vm.h"
#include "abi/linux/fcntl.h"

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000
#define MMAP_MIN_ADDR 0x10000UL /* vm.mmap_min_addr on Debian */

static bool range_free(struct mm *mm, u64 addr, u64 len)
{
	struct vma *v = vma_find(mm, addr);

	return !v || v->start >= addr + len;
}

SYSCALL_DEFINE(brk)
{
	struct mm *mm = current_proc()->mm;
	u64 want = a0, ret;

	mutex_lock(&mm->lock);
	ret = mm->brk;
	/* Also keeps the page rounding below from wrapping around. */
	if (want < mm->brk_start || want >= mm->mmap_top)
		goto out;
	if (ALIGN_UP(want, PAGE_SIZE) < ALIGN_UP(mm->brk, PAGE_SIZE)) {
		vma_unmap(mm, ALIGN_UP(want, PAGE_SIZE),
			  ALIGN_UP(mm->brk, PAGE_SIZE) -
				  ALIGN_UP(want, PAGE_SIZE));
	} else if (ALIGN_UP(want, PAGE_SIZE) > ALIGN_UP(mm->brk, PAGE_SIZE)) {
		u64 from = ALIGN_UP(mm->brk, PAGE_SIZE);
		u64 len = ALIGN_UP(want, PAGE_SIZE) - from;

		/* The heap may not grow into another mapping (or the stack). */
		if (!range_free(mm, from, len) ||
		    vma_map(mm, from, len, PROT_READ | PROT_WRITE, VMA_HEAP,
			    NULL, 0, 0))
			goto out;
	}
	mm->brk = ret = want;
out:
	mutex_unlock(&mm->lock);
	return ret;
}

SYSCALL_DEFINE(mmap)
{
	u64 addr = a0, len = a1, off = a5;
	u32 prot = a2, flags = a3;
	int fd = (int)a4;
	struct mm *mm = current_proc()->mm;
	struct file *f = NULL;
	struct inode *ino = NULL;
	u32 vflags = 0;
	long err;

	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN |
		     PROT_GROWSUP))
		return -EINVAL;
	if (!len || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || len > USER_TOP)
		return -ENOMEM;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		vflags = VMA_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get(fd);
		if (!f)
			return -EBADF;
		ino = f->inode;
		err = -EACCES;
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			goto out;
		if ((vflags & VMA_SHARED) && (prot & PROT_WRITE) &&
		    (f->flags & O_ACCMODE) != O_RDWR)
			goto out;
		err = -ENODEV;
		if (!ino || !S_ISREG(ino->mode) || !ino->iops->get_page)
			goto out;
		err = -EOVERFLOW;
		if (off + len < off)
			goto out;
	}
	mutex_lock(&mm->lock);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		err = -EPERM;
		if (addr < MMAP_MIN_ADDR)
			goto unlock;
		err = -ENOMEM;
		if (addr + len > USER_TOP || addr + len < addr)
			goto unlock;
		err = -EEXIST;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    !range_free(mm, addr, len))
			goto unlock;
	} else {
		/* A free hint is honoured; otherwise search top-down. */
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (addr < MMAP_MIN_ADDR || addr + len > mm->mmap_top ||
		    !range_free(mm, addr, len))
			addr = vma_find_gap(mm, len);
		err = -ENOMEM;
		if (!addr)
			goto unlock;
	}
	err = vma_map(mm, addr, len, prot & 7, vflags, ino, off,
		      ino ? addr + len : 0);
unlock:
	mutex_unlock(&mm->lock);
	/*
	 * Shared anonymous memory is filled now, so that fork() shares the
	 * very pages; MAP_POPULATE asks for the same.
	 */
	if (!err && (((vflags & VMA_SHARED) && !ino) || (flags & MAP_POPULATE))) {
		for (u64 va = addr; va < addr + len; va += PAGE_SIZE) {
			if (handle_mm_fault(mm, va, false, false))
				break;
		}
	}
out:
	if (f)
		file_put(f);
	return err ? err : (long)addr;
}

SYSCALL_DEFINE(munmap)
{
	struct mm *mm = current_proc()->mm;
	u64 addr = a0, len = ALIGN_UP(a1, PAGE_SIZE);
	long err;

	if ((addr & (PAGE_SIZE - 1)) || !a1 || addr >= USER_TOP ||
	    len > USER_TOP - addr)
		return -EINVAL;
	mutex_lock(&mm->lock);
	err = vma_unmap(mm, addr, len);
	mutex_unlock(&mm->lock);
	return err;
}

SYSCALL_DEFINE(mprotect)
{
	struct mm *mm = current_proc()->mm;
	u64 addr = a0, len = ALIGN_UP(a1, PAGE_SIZE);
	u32 prot = a2;
	long err;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN |
		     PROT_GROWSUP))
		return -EINVAL;
	if (a1 && !len)
		return -ENOMEM;
	if (!len)
		return 0;
	if (addr + len < addr || addr + len > USER_TOP)
		return -ENOMEM;
	mutex_lock(&mm->lock);
	err = vma_protect(mm, addr, len, prot & 7);
	mutex_unlock(&mm->lock);
	return err;
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

SYSCALL_DEFINE(mremap)
{
	struct mm *mm = current_proc()->mm;
	u64 old = a0, old_len = ALIGN_UP(a1, PAGE_SIZE);
	u64 new_len = ALIGN_UP(a2, PAGE_SIZE), flags = a3, want = a4;
	struct vma *v;
	long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	/* Moving while keeping the old mapping is not implemented yet. */
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;
	if ((old & (PAGE_SIZE - 1)) || !new_len || new_len < a2)
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && (want & (PAGE_SIZE - 1)))
		return -EINVAL;
	mutex_lock(&mm->lock);
	v = vma_find(mm, old);
	ret = -EFAULT;
	if (!v || v->start > old || (old_len && v->end < old + old_len))
		goto out;
	if (!old_len) {
		/* Size 0 duplicates a shared mapping; private ones: EINVAL. */
		ret = -EINVAL;
		goto out;
	}
	if (flags & MREMAP_FIXED) {
		ret = -EINVAL;
		if (want < old + old_len && old < want + new_len)
			goto out;
		ret = vma_unmap(mm, want, new_len);
		if (!ret)
			ret = vma_move(mm, old, MIN(old_len, new_len), want,
				       new_len);
		if (!ret && old_len > new_len)
			ret = vma_unmap(mm, old + new_len, old_len - new_len);
		if (!ret)
			ret = want;
		goto out;
	}
	if (new_len <= old_len) {
		ret = vma_unmap(mm, old + new_len, old_len - new_len);
		if (!ret)
			ret = old;
		goto out;
	}
	ret = vma_extend(mm, old + old_len, new_len - old_len);
	if (!ret) {
		ret = old;
		goto out;
	}
	ret = -ENOMEM;
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	want = vma_find_gap(mm, new_len);
	if (!want)
		goto out;
	ret = vma_move(mm, old, old_len, want, new_len);
	if (!ret)
		ret = want;
out:
	mutex_unlock(&mm->lock);
	return ret;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

SYSCALL_DEFINE(msync)
{
	struct mm *mm = current_proc()->mm;
	u64 addr = a0, len = ALIGN_UP(a1, PAGE_SIZE);
	long err = 0;

	if ((addr & (PAGE_SIZE - 1)) ||
	    (a2 & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    (a2 & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	if (!len)
		return 0;
	/*
	 * Shared mappings are the file's own pages in memory, so there is
	 * nothing to write back; only the range is checked.
	 */
	mutex_lock(&mm->lock);
	if (!vma_range_mapped(mm, addr, len))
		err = -ENOMEM;
	mutex_unlock(&mm->lock);
	return err;
}

#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9
#define MADV_LAST 23 /* MADV_POPULATE_WRITE */
#define MADV_HWPOISON 100

SYSCALL_DEFINE(madvise)
{
	struct mm *mm = current_proc()->mm;
	u64 addr = a0, len = ALIGN_UP(a1, PAGE_SIZE);
	int advice = (int)a2;
	long err = 0;

	if ((addr & (PAGE_SIZE - 1)) || (a1 && !len))
		return -EINVAL;
	/* 5-7 were never assigned; 24 and up are not known to Linux 6.1. */
	if (advice < 0 || advice > MADV_LAST || (advice >= 5 && advice <= 7))
		return -EINVAL;
	if (!len)
		return 0;
	/*
	 * Advice with an effect Akuma does not implement yet (REMOVE,
	 * DONTFORK/DOFORK, MERGEABLE/UNMERGEABLE, WIPEONFORK/KEEPONFORK) is
	 * refused rather than accepted and ignored.
	 */
	if (advice == MADV_REMOVE || advice == 10 || advice == 11 ||
	    advice == 12 || advice == 13 || advice == 18 || advice == 19)
		return -EINVAL;
	mutex_lock(&mm->lock);
	if (!vma_range_mapped(mm, addr, len)) {
		err = -ENOMEM;
	} else if (advice == MADV_DONTNEED || advice == MADV_FREE) {
		/* Private memory reads back as zeros (or the file's data). */
		vma_zap(mm, addr, len);
	}
	mutex_unlock(&mm->lock);
	/* POPULATE_READ and POPULATE_WRITE fault the range in now. */
	for (u64 va = addr; !err && (advice == 22 || advice == 23) &&
			    va < addr + len;
	     va += PAGE_SIZE) {
		if (handle_mm_fault(mm, va, advice == 23, false))
			err = -EFAULT;
	}
	/* The other advice values are hints with nothing to do here. */
	return err;
}

SYSCALL_DEFINE(mincore)
{
	struct mm *mm = current_proc()->mm;
	u64 addr = a0, len = ALIGN_UP(a1, PAGE_SIZE);
	u8 buf[64];
	long err = 0;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (a1 && (!len || addr + len < addr || addr + len > USER_TOP))
		return -ENOMEM;
	for (u64 done = 0; done < len && !err;) {
		size_t n = MIN(sizeof(buf), (len - done) / PAGE_SIZE);

		mutex_lock(&mm->lock);
		if (!vma_range_mapped(mm, addr + done, n * PAGE_SIZE))
			err = -ENOMEM;
		for (size_t i = 0; i < n && !err; i++)
			buf[i] = vma_page_present(mm, addr + done + i * PAGE_SIZE);
		mutex_unlock(&mm->lock);
		if (!err && copy_to_user((u8 *)a2 + done / PAGE_SIZE, buf, n))
			err = -EFAULT;
		done += n * PAGE_SIZE;
	}
	return err;
}

/*
 * memfd_create(name, flags), with Linux's order of checks: the flags,
 * then the name (EFAULT, or EINVAL past MFD_NAME_MAX_LEN bytes). Huge
 * pages are not implemented: MFD_HUGETLB is ENOSYS, what Linux says
 * without hugetlbfs.
 */
SYSCALL_DEFINE(memfd_create)
{
	u32 flags = (u32)a1;
	u32 all = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB;
	char name[MFD_NAME_MAX_LEN + 1];
	struct file *f;
	long len;
	int fd;

	if (flags & MFD_HUGETLB)
		all |= MFD_HUGE_MASK << MFD_HUGE_SHIFT;
	if (flags & ~all)
		return -EINVAL;
	len = strncpy_from_user(name, (const char *)a0, sizeof(name));
	if (len == -ENAMETOOLONG)
		return -EINVAL;
	if (len < 0)
		return len;
	if (flags & MFD_HUGETLB)
		return -ENOSYS;
	f = memfd_create(name, flags);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, 0, flags & MFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
