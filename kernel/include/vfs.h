/*
 * The file system layer: inodes, mounts, path lookup, the in-memory file
 * systems and character devices.
 *
 * A place in the tree is a struct path: a mount and an inode of the file
 * system mounted there, as Linux's (vfsmount, dentry) pair. Lookup crosses
 * into a mount at its mountpoint and ".." from a mount's root climbs to
 * the mountpoint in the parent mount.
 */
#ifndef AKUMA_VFS_H
#define AKUMA_VFS_H

#include "file.h"
#include "types.h"
#include "../../abi/linux/stat.h"

struct inode;
struct mount;
struct process;
struct super_block;
struct linux_statfs;
struct linux_statx;

struct inode_ops {
	/*
	 * Returns the child with a reference, or ERR_PTR(-ENOENT) etc. The
	 * VFS handles "." and the ".." of a mount's root itself; every other
	 * ".." comes here.
	 */
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
	 * The ops below return 0 or -errno unless they say otherwise, and
	 * names are not NUL-terminated. create makes a new inode (mode has
	 * its S_IFMT type; rdev for devices; link is a symlink's target)
	 * named name in dir and returns it with a reference; -EEXIST if the
	 * name is taken. With len 0 it makes an unnamed regular file for
	 * O_TMPFILE.
	 */
	struct inode *(*create)(struct inode *dir, const char *name,
				size_t len, u32 mode, u32 rdev,
				const char *link);
	/* Adds another name for ino (not a directory) in dir. */
	int (*link)(struct inode *dir, const char *name, size_t len,
		    struct inode *ino);
	/*
	 * Removes a name; rmdir selects directories (-ENOTEMPTY if any).
	 * A mountpoint is -EBUSY (vfs_is_mountpoint, asked with the victim
	 * locked, so that a racing mount cannot land on a removed one).
	 */
	int (*unlink)(struct inode *dir, const char *name, size_t len,
		      bool rmdir);
	/*
	 * Moves odir/oname to ndir/nname, both in this file system, with
	 * renameat2's flags (RENAME_NOREPLACE, RENAME_EXCHANGE,
	 * RENAME_WHITEOUT) and Linux's errors. Optional: -EPERM without it.
	 */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen,
		      u32 flags);
	/* A symlink's target, valid while the caller holds the inode. */
	const char *(*get_link)(struct inode *ino);
	/*
	 * Writes the name directory child has in dir (its parent) into buf
	 * (NAME_MAX + 1 bytes, NUL-terminated) and returns its length, or
	 * -ENOENT. getcwd and /proc's links need it; optional.
	 */
	int (*get_name)(struct inode *dir, struct inode *child, char *buf);
	/* Truncates or extends a regular file. */
	int (*setsize)(struct inode *ino, u64 size);
	/* Frees the file system's data when the last reference goes. */
	void (*evict)(struct inode *ino);
};

/*
 * Device numbers as Linux keeps them inside the kernel (12-bit major,
 * 20-bit minor); stat shows them in the new_encode_dev form.
 */
#define MINORBITS 20
#define MKDEV(major, minor) ((u32)(major) << MINORBITS | (u32)(minor))
#define MAJOR(dev) ((u32)(dev) >> MINORBITS)
#define MINOR(dev) ((u32)(dev) & ((1U << MINORBITS) - 1))

/* inode->iflags */
#define I_LINKABLE 0x1 /* an O_TMPFILE file that linkat may still name */

/*
 * Lock: lock protects size, blocks, mode, nlink, owner, times, iflags and
 * the file system's own data; ino, rdev, sb and the ops never change
 * after creation.
 */
struct inode {
	u32 refcount;     /* atomic */
	u64 ino;
	u32 mode;         /* S_IFMT | permission bits */
	u32 nlink;
	u32 uid, gid;
	u32 rdev;         /* MKDEV(major, minor) */
	u32 iflags;       /* I_* */
	u64 size;
	u64 blocks;       /* 512-byte units of storage held, for st_blocks */
	struct linux_timespec atime, mtime, ctime, btime;
	struct mutex lock;
	/* Set by the file system; NULL: st_dev comes from the mount. */
	struct super_block *sb;
	const struct inode_ops *iops;
	const struct file_ops *fops; /* how open() files behave */
	void *fs_private;
	struct pipe *pipe; /* a FIFO's pipe while open; fifo_lock (pipe.c) */
};

struct inode *inode_get(struct inode *ino);
void inode_put(struct inode *ino);

/* A place in the tree; both members hold references when owned. */
struct path {
	struct mount *mnt;
	struct inode *ino;
};

void path_get(const struct path *p);
void path_put(struct path *p); /* clears it */

/*
 * Permission checks for the caller's fsuid/fsgid (its effective ids) with
 * root's overrides, as Linux's generic_permission: MAY_EXEC on a file
 * needs an x bit even for root. 0 or -EACCES.
 */
#define MAY_EXEC 0x1
#define MAY_WRITE 0x2
#define MAY_READ 0x4
int inode_permission(struct inode *ino, int mask);

/* Lookup flags for vfs_path_at. */
#define LOOKUP_FOLLOW 0x1    /* follow a final symlink */
#define LOOKUP_EMPTY 0x2     /* "" names dirfd itself (AT_EMPTY_PATH) */
#define LOOKUP_DIRECTORY 0x4 /* the result must be a directory */

/*
 * Resolves path (a kernel string) relative to dirfd (AT_FDCWD or an open
 * directory). On success *out holds references. 0 or -errno.
 */
int vfs_path_at(int dirfd, const char *path, u32 flags, struct path *out);
/* The same, for callers that only want the inode (with a reference). */
struct inode *vfs_lookup_at(int dirfd, const char *path, bool follow);
/*
 * Looks up an executable for execve: the mount must allow it (noexec is
 * EACCES) and so must the mode. Returns the inode with a reference.
 */
struct inode *vfs_lookup_exec(const char *path);
/* Opens a place in the tree as a file (devices get their driver's ops). */
struct file *vfs_open_path(const struct path *p, u32 flags);
/* Reads from a regular file into kernel memory; count or -errno. */
ssize_t vfs_read_kernel(struct inode *ino, u64 off, void *buf, size_t n);
/* stat of an inode; st_dev from its sb (0 if the file system sets none). */
void vfs_fill_stat(struct inode *ino, struct linux_stat *st);
/* stat of a place: st_dev from the mount. */
void vfs_getattr(const struct path *p, struct linux_stat *st);
/* statx of a place, with the request mask (STATX_*). */
void vfs_statx(const struct path *p, u32 mask, struct linux_statx *sx);
/*
 * Opens path relative to dirfd with open(2)'s flags (O_CREAT makes a
 * regular file with mode & ~umask). Returns the file or ERR_PTR(-errno).
 */
struct file *vfs_open_at(int dirfd, const char *path, u32 flags, u32 mode);
/*
 * Makes a new file system object at path, as mknodat does after its own
 * checks: mode carries the S_IFMT type and is used as given (the caller
 * applies the umask); rdev is for devices, link for symlinks. Returns the
 * inode with a reference, or ERR_PTR(-EEXIST, -ENOENT, ...). Owner is the
 * caller's (the directory's group if it is set-group-ID).
 */
struct inode *vfs_mknod_at(int dirfd, const char *path, u32 mode, u32 rdev,
			   const char *link);

/* The namespace operations behind the syscalls; each returns 0 or -errno. */
int vfs_unlink_at(int dirfd, const char *path, bool rmdir);
int vfs_rename_at(int odirfd, const char *opath, int ndirfd,
		  const char *npath, u32 flags);
/* flags: LOOKUP_FOLLOW and LOOKUP_EMPTY for the old path. */
int vfs_link_at(int odirfd, const char *opath, int ndirfd,
		const char *npath, u32 flags);
/* The errors of finding the directory path is in (two-path calls). */
int vfs_parent_at(int dirfd, const char *path);
/* A symlink's target into buf (no NUL); length or -errno (readlinkat). */
long vfs_readlink_at(int dirfd, const char *path, char *buf, size_t size);

/* Attribute changes on a place (chmod, chown, utimensat, truncate). */
int vfs_chmod(const struct path *p, u32 mode);
int vfs_chown(const struct path *p, u32 uid, u32 gid); /* -1: unchanged */
/* times[0] atime, times[1] mtime; NULL: now. UTIME_NOW/UTIME_OMIT. */
int vfs_utimes(const struct path *p, const struct linux_timespec *times);
int vfs_truncate(const struct path *p, s64 len);
int vfs_ftruncate(struct file *f, s64 len);
/* faccessat's check (mode: R_OK etc.); real ids unless eaccess. */
int vfs_access(const struct path *p, int mode, bool eaccess);
/* The same with the lookup, which also searches as those ids. */
int vfs_access_at(int dirfd, const char *path, u32 flags, int mode,
		  bool eaccess);

/*
 * The working directory. It is under proc_lock, as /proc reads it; these
 * keep the mount and the inode together.
 */
void cwd_init(struct process *p);                     /* the root */
void cwd_copy(struct process *to, struct process *from); /* fork */
void cwd_drop(struct process *p);                     /* exit */
void cwd_get(struct process *p, struct path *out);
int vfs_chdir(const struct path *p);
/* getcwd: writes the NUL-terminated name; its size or -errno. */
long vfs_getcwd(char *buf, size_t size);
/*
 * The name of a place as Linux's d_path writes it (with "(unreachable)"
 * in front of one outside the root, " (deleted)" after an unlinked one).
 * Returns the length without the NUL, or -ENAMETOOLONG.
 */
int vfs_path_name(const struct path *p, char *buf, size_t size);
/* The same for an open file; "anon_inode:..." and such for the rest. */
int vfs_file_path(struct file *f, char *buf, size_t size);
/* The name of a process's working directory. */
int vfs_cwd_path(struct process *p, char *buf, size_t size);
/* Best effort for callers holding only an inode (the first mount of it). */
int vfs_inode_path(struct inode *ino, char *buf, size_t size);

/* Mounts (mount.c); flags are mount(2)'s MS_*. */
int vfs_mount(const char *source, const struct path *target,
	      const char *type, unsigned long flags, char *data);
int vfs_umount(const struct path *target, int flags);
int vfs_statfs(const struct path *p, struct linux_statfs *st);
/* Read-only file systems and mounts refuse changes: 0 or -EROFS. */
int mnt_want_write(struct mount *m);
/* Whether ino is a mountpoint anywhere (under the caller's ino->lock). */
bool vfs_is_mountpoint(struct inode *ino);
/* /proc/mounts: the mount table in Linux's format; length or -errno. */
int vfs_show_mounts(char *buf, size_t size);
/* /proc/self/mountinfo. */
int vfs_show_mountinfo(char *buf, size_t size);
/*
 * The count of mount table changes, and the queue woken (POLLERR |
 * POLLPRI) after each: the poll of /proc/mounts.
 */
u64 mount_event_get(void);
struct waitq *mount_event_waitq(void);
/*
 * ramfs.c: whether f is a tmpfs file, and F_GET_SEALS / F_ADD_SEALS on
 * a regular one (the caller checked that it may write for F_ADD_SEALS).
 */
bool ramfs_file(struct file *f);
long ramfs_seals(struct file *f, unsigned int cmd, u64 arg);
struct mount *mnt_get(struct mount *m);
void mnt_put(struct mount *m);
int mnt_id(struct mount *m);

/*
 * fcntl record locks (locks.c): F_GETLK/F_SETLK/F_SETLKW and the OFD
 * variants on f; ufl is the user's struct flock.
 */
long vfs_fcntl_lock(struct file *f, unsigned int cmd, u64 ufl);
/* flock(2) on f: type F_RDLCK, F_WRLCK or F_UNLCK. */
long vfs_flock(struct file *f, int type, bool wait);
/* Drops the POSIX locks owner (a descriptor table) holds on f's inode. */
void locks_remove_posix(struct file *f, void *owner);
/* Drops the OFD locks of f, at its last close. */
void locks_remove_file(struct file *f);

/* Character devices (devices.c): the driver behind a device number. */
const struct file_ops *chrdev_fops(u32 rdev);
/* Installs /dev/console as fds 0, 1 and 2 of the current process. */
int open_console_fds(void);

/* Mounts an empty root and unpacks a newc cpio archive into it. */
void vfs_init(void);
int cpio_unpack(const void *data, size_t len);
/* The root directory; lives forever, so no reference is returned. */
struct inode *vfs_root(void);
/* Pages held by the in-memory file systems (/proc/meminfo's Shmem). */
unsigned long ramfs_page_count(void);

/* The console tty (console.c): fed by the UART interrupt. */
void tty_receive_char(char c);
extern const struct file_ops console_fops;

#endif
