/*
 * Declarations shared by the files of kernel/fs/ only. Everything the rest
 * of the kernel may call is in vfs.h and file.h.
 */
#ifndef AKUMA_FS_FS_H
#define AKUMA_FS_FS_H

#include "vfs.h"

#include "irq.h" /* ktime_get_real, get_random_bytes */

/* The st_dev every ramfs inode reports: 0:2, as Linux 6.1's rootfs. */
#define RAMFS_DEV 2

/* ramfs.c */
struct inode *ramfs_mount(void);
/* Writes kernel memory into a regular file (the initramfs). */
ssize_t ramfs_write_kernel(struct inode *ino, u64 pos, const void *buf,
			   size_t n);

/* vfs.c: the same walks as the *_at calls, from a directory inode. */
struct inode *vfs_lookup_in(struct inode *dir, const char *path,
			    bool follow);
struct inode *vfs_mknod_in(struct inode *dir, const char *path, u32 mode,
			   u32 rdev, const char *link);
int vfs_link_in(struct inode *dir, const char *path, struct inode *ino);
int vfs_unlink_in(struct inode *dir, const char *path, bool rmdir);
/* Seeks a file whose position is a byte offset bounded by the inode size. */
off_t generic_file_llseek(struct file *f, off_t off, int whence);

/* console.c */
void console_init(void);

/* Copies stop at user page boundaries so a fault ends a transfer exactly. */
static inline size_t user_chunk(const void *uaddr, size_t n)
{
	size_t room = 4096 - ((unsigned long)uaddr & 4095);

	return n < room ? n : room;
}

#endif
