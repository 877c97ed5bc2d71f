/*
 * memfd_create, as Linux's mm/memfd.c: an anonymous regular file of an
 * internal tmpfs instance (Linux's shm_mnt), made on first use, with no
 * size or inode limits, mounted nowhere. The file has mode 0777, no name
 * in any directory ("/memfd:<name> (deleted)" in /proc), and takes seals
 * when made with MFD_ALLOW_SEALING (ramfs.c keeps and enforces them).
 *
 * Lock: shm_mnt is set once, by compare-and-swap; it is never freed.
 */
#include "lib.h"
#include "memfd.h"
#include "mm.h"
#include "proc.h"
#include "kernel/fs/fs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

static struct mount *shm_mnt;

static struct mount *shm_mount(void)
{
	struct mount *m = __atomic_load_n(&shm_mnt, __ATOMIC_ACQUIRE);
	char opts[] = "size=0,nr_inodes=0";
	struct super_block *sb;

	if (m)
		return m;
	sb = ramfs_get_sb(&tmpfs_type, opts, 0);
	if (IS_ERR(sb))
		return NULL;
	m = kern_mount(sb);
	sb_put(sb);
	if (!m)
		return NULL;
	/* Two racing first users: one mount wins, the other goes. */
	if (!__atomic_compare_exchange_n(&shm_mnt, &(struct mount *){ NULL }, m,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		mnt_put(m);
		m = __atomic_load_n(&shm_mnt, __ATOMIC_ACQUIRE);
	}
	return m;
}

struct file *memfd_create(const char *name, u32 flags)
{
	struct mount *m = shm_mount();
	struct inode *ino;
	struct file *f;
	char *full;

	if (!m)
		return ERR_PTR(-ENOMEM);
	full = kmalloc(NAME_MAX + 1);
	if (!full)
		return ERR_PTR(-ENOMEM);
	snprintf(full, NAME_MAX + 1, "memfd:%s", name);
	ino = ramfs_new_unlinked(m->sb, full,
				 flags & MFD_ALLOW_SEALING ? 0 : F_SEAL_SEAL);
	kfree(full);
	if (IS_ERR(ino))
		return ERR_PTR(PTR_ERR(ino));
	/* Linux keeps O_LARGEFILE in f_flags on 64-bit; F_GETFL shows it. */
	f = file_alloc(ino->fops, ino, O_RDWR | O_LARGEFILE);
	if (f) {
		f->mnt = mnt_get(m);
		f->dir = inode_get(m->sb->root);
	}
	inode_put(ino);
	return f ? f : ERR_PTR(-ENOMEM);
}
