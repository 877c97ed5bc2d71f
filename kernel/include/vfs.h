/*
 * The file system layer: inodes, path lookup, the in-memory root file system
 * the initramfs is unpacked into, and character devices.
 */
#ifndef AKUMA_VFS_H
#define AKUMA_VFS_H

#include "file.h"
#include "types.h"
#include "../../abi/linux/stat.h"

struct inode;

struct inode_ops {
	/* Returns the child with a reference, or ERR_PTR(-ENOENT) etc. */
	struct inode *(*lookup)(struct inode *dir, const char *name,
				size_t len);
	/*
	 * Returns the page holding bytes [idx*4096, idx*4096+4096) of a
	 * regular file with a reference (page_get), allocating a zeroed one
	 * inside the file size, or NULL past the end / out of memory.
	 * Mappings of the file map these pages directly.
	 */
	struct page *(*get_page)(struct inode *ino, u64 idx);
	/*
	 * The ops below were added with the first file system; each returns
	 * 0 or -errno unless it says otherwise, and names are not
	 * NUL-terminated. create makes a new inode (mode has its S_IFMT type;
	 * rdev for devices; link is a symlink's target) named name in dir and
	 * returns it with a reference; -EEXIST if the name is taken. With len
	 * 0 it makes an unnamed regular file for O_TMPFILE.
	 */
	struct inode *(*create)(struct inode *dir, const char *name,
				size_t len, u32 mode, u32 rdev,
				const char *link);
	/* Adds another name for ino (not a directory) in dir. */
	int (*link)(struct inode *dir, const char *name, size_t len,
		    struct inode *ino);
	/* Removes a name; rmdir selects directories (-ENOTEMPTY if any). */
	int (*unlink)(struct inode *dir, const char *name, size_t len,
		      bool rmdir);
	/* A symlink's target, valid while the caller holds the inode. */
	const char *(*get_link)(struct inode *ino);
	/* Truncates or extends a regular file. */
	int (*setsize)(struct inode *ino, u64 size);
	/* Frees the file system's data when the last reference goes. */
	void (*evict)(struct inode *ino);
};

/* Device numbers in the inode's encoding, and as stat's st_rdev wants. */
#define MKDEV(major, minor) ((u32)(major) << 8 | (u32)(minor))
#define MAJOR(dev) ((u32)(dev) >> 8)
#define MINOR(dev) ((u32)(dev) & 0xff)

/*
 * Lock: lock protects size, blocks, mode, nlink, owner, times, and the file
 * system's own data; ino, rdev and the ops never change after creation.
 */
struct inode {
	u32 refcount;     /* atomic */
	u64 ino;
	u32 mode;         /* S_IFMT | permission bits */
	u32 nlink;
	u32 uid, gid;
	u32 rdev;         /* major << 8 | minor, as Linux's old encoding */
	u64 size;
	u64 blocks;       /* 512-byte units of storage held, for st_blocks */
	struct linux_timespec atime, mtime, ctime;
	struct mutex lock;
	const struct inode_ops *iops;
	const struct file_ops *fops; /* how open() files behave */
	void *fs_private;
};

struct inode *inode_get(struct inode *ino);
void inode_put(struct inode *ino);

/*
 * Resolves path relative to dirfd (AT_FDCWD or an open directory) and
 * returns the inode with a reference, or ERR_PTR(-ENOENT, -ENOTDIR, ...).
 * The path is a kernel string.
 */
struct inode *vfs_lookup_at(int dirfd, const char *path, bool follow);
/* Opens an inode as a file (devices get their driver's ops). */
struct file *vfs_open_inode(struct inode *ino, u32 flags);
/* Reads from a regular file into kernel memory; count or -errno. */
ssize_t vfs_read_kernel(struct inode *ino, u64 off, void *buf, size_t n);
void vfs_fill_stat(struct inode *ino, struct linux_stat *st);
/*
 * Opens path relative to dirfd with open(2)'s flags (O_CREAT makes a
 * regular file with mode & ~umask). Returns the file or ERR_PTR(-errno).
 */
struct file *vfs_open_at(int dirfd, const char *path, u32 flags, u32 mode);
/*
 * Makes a new file system object at path: mode carries the S_IFMT type;
 * rdev is for devices, link for symlinks. Returns the inode with a
 * reference, or ERR_PTR(-EEXIST, -ENOENT, ...). Owner is the caller's.
 */
struct inode *vfs_mknod_at(int dirfd, const char *path, u32 mode, u32 rdev,
			   const char *link);
/* Character devices (devices.c): the driver behind a device number. */
const struct file_ops *chrdev_fops(u32 rdev);
/* Installs /dev/console as fds 0, 1 and 2 of the current process. */
int open_console_fds(void);

/* Mounts an empty root and unpacks a newc cpio archive into it. */
void vfs_init(void);
int cpio_unpack(const void *data, size_t len);
struct inode *vfs_root(void);

/* The console tty (console.c): fed by the UART interrupt. */
void tty_receive_char(char c);
/*
 * Called for ^C, ^\ and ^Z under ISIG, in interrupt context. The signal
 * issue provides it (the foreground process group gets sig); until then a
 * weak default in console.c does nothing.
 */
void tty_signal(int sig);
extern const struct file_ops console_fops;

#endif
