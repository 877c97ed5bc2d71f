/*
 * Declarations shared by the files of kernel/fs/ only. Everything the rest
 * of the kernel may call is in vfs.h and file.h.
 */
#ifndef AKUMA_FS_FS_H
#define AKUMA_FS_FS_H

#include "list.h"
#include "vfs.h"

#include "irq.h" /* ktime_get_real, get_random_bytes */

struct linux_statfs;

/* Superblock flags: mount(2)'s MS_ values for what is per file system. */
#define SB_RDONLY 0x1
#define SB_SYNCHRONOUS 0x10
#define SB_MANDLOCK 0x40
#define SB_DIRSYNC 0x80
#define SB_LAZYTIME 0x2000000

/*
 * Passed to the rename op with renameat2's flags: the old or the new name
 * had trailing slashes.
 */
#define RENAME_OSLASH 0x10000000
#define RENAME_NSLASH 0x20000000

/* Per-mount flags, Linux's MNT_* values. */
#define MNT_NOSUID 0x01
#define MNT_NODEV 0x02
#define MNT_NOEXEC 0x04
#define MNT_NOATIME 0x08
#define MNT_NODIRATIME 0x10
#define MNT_RELATIME 0x20
#define MNT_READONLY 0x40
#define MNT_NOSYMFOLLOW 0x80
#define MNT_ATIME_MASK (MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)

/* Text for /proc: appends, and says when the buffer was too small. */
struct strbuf {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

void sb_printf(struct strbuf *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s with " \t\n\\" as octal escapes, as Linux's mangle(). */
void sb_escape(struct strbuf *m, const char *s);

/*
 * One instance of a file system. The file system sets root and
 * fs_private when it makes one; the rest is the VFS's.
 */
struct super_block {
	u32 refcount;                /* atomic: mounts and the fs's own */
	u32 dev;                     /* st_dev is 0:dev */
	u32 flags;                   /* SB_*; mount_lock */
	u32 fsid[2];                 /* statfs f_fsid */
	const struct fs_type *type;
	struct inode *root;          /* holds a reference */
	void *fs_private;
};

/*
 * A kind of file system mount(2) may name. Every op but get_sb and
 * kill_sb is optional.
 */
struct fs_type {
	const char *name;
	u32 magic;                   /* statfs f_type */
	/*
	 * Returns a superblock for a new mount with a reference: a new one,
	 * or the only one for single-instance types. data holds the options
	 * (NUL-terminated, to be parsed with mount_options) or is NULL.
	 */
	struct super_block *(*get_sb)(const struct fs_type *t, char *data,
				      u32 sb_flags);
	/* MS_REMOUNT with options; 0 or -errno. */
	int (*remount)(struct super_block *sb, char *data);
	/* The counts (blocks, files); the generic fields are filled. */
	void (*statfs)(struct super_block *sb, struct linux_statfs *st);
	/* Appends ",opt=val" for each option /proc/mounts shows. */
	void (*show_options)(struct super_block *sb, struct strbuf *m);
	/* Frees the file system when its last reference goes. */
	void (*kill_sb)(struct super_block *sb);
};

/*
 * A file system attached to the tree. Lock: mount_lock (a spinlock in
 * mount.c) protects parent, mountpoint, children, the table links, flags
 * and expired.
 */
struct mount {
	u32 refcount;                /* atomic: tree, children, paths, files */
	int id;                      /* mountinfo's and statx's mount ID */
	struct super_block *sb;      /* holds a reference */
	struct inode *root;          /* holds a reference */
	struct mount *parent;        /* holds a reference; NULL: top or gone */
	struct inode *mountpoint;    /* holds a reference; in parent */
	struct list_head children;
	struct list_head child_link; /* in parent's children */
	struct list_head link;       /* in the mount table, in mount order */
	bool attached;               /* in the table */
	bool expired;                /* MNT_EXPIRE's first call marked it */
	u32 flags;                   /* MNT_* */
	char *source;                /* what /proc/mounts shows first */
};

/* Allocates a superblock with a fresh anonymous device number. */
struct super_block *sb_alloc(const struct fs_type *t);
void sb_put(struct super_block *sb);
/*
 * Splits mount options at commas and hands each "key" or "key=value" to
 * param after taking the generic ones ("ro", "rw", "sync", ...) into
 * *sb_flags. Unknown keys are -EINVAL, as Linux's fs_context says.
 */
int mount_options(char *data, u32 *sb_flags,
		  int (*param)(void *ctx, const char *key, const char *val),
		  void *ctx);
/* Parses an unsigned number in base 0 with an optional k/m/g suffix. */
int parse_size(const char *s, u64 *out, bool suffix);
/* mount.c: an octal mode= value, whatever its first digit, as 07777 bits. */
int parse_mode_opt(const char *val, u32 *out);
/* mount.c: a decimal value of digits only, at most limit (uid=, max=). */
int parse_uint_opt(const char *val, u64 limit, u64 *out);

/* The types (mount.c) and the in-memory file systems (ramfs.c). */
extern const struct fs_type rootfs_type, tmpfs_type, ramfs_type,
	devtmpfs_type;
/* devpts.c: pty slaves. */
extern const struct fs_type devpts_type;
struct super_block *ramfs_get_sb(const struct fs_type *t, char *data,
				 u32 sb_flags);
int ramfs_remount(struct super_block *sb, char *data);
void ramfs_statfs(struct super_block *sb, struct linux_statfs *st);
void ramfs_show_options(struct super_block *sb, struct strbuf *m);
void ramfs_kill_sb(struct super_block *sb);
/* The one devtmpfs instance, made at boot with the device nodes. */
struct super_block *devtmpfs_sb(void);

/*
 * /proc and /sys (procfs.c and sysfs.c, by their owner): a new root
 * directory for a new mount, or ERR_PTR. Weak defaults in mount.c say
 * -ENODEV until they exist.
 */
struct inode *procfs_mount(void);
struct inode *sysfs_mount(void);

/* mount.c: the mount tree. */
void mount_init(struct super_block *root_sb);
/* The root of everything: mount and inode; lives forever, no reference. */
const struct path *root_path(void);
/* The mount on top of (m, ino), with a reference, or NULL. */
struct mount *lookup_mnt(struct mount *m, struct inode *ino);
/* For "..": the mountpoint path above m's root, with references. */
bool mnt_parent_path(struct mount *m, struct path *out);
/* The first mount of an inode's file system root, with a reference. */
struct mount *mnt_of_root(struct inode *root);
/* A mount of sb attached nowhere (an internal instance); NULL if no memory. */
struct mount *kern_mount(struct super_block *sb);

/* ramfs.c */
/* Writes kernel memory into a regular file (the initramfs). */
ssize_t ramfs_write_kernel(struct inode *ino, u64 pos, const void *buf,
			   size_t n);
/* Whether f is a ramfs file (fsync, seals). */
bool ramfs_file(struct file *f);
/* memfd_create: an unnamed regular file of sb, "memfd:..." for /proc. */
struct inode *ramfs_new_unlinked(struct super_block *sb, const char *name,
				 u32 seals);

/* devices.c: the nodes /dev and devtmpfs start with. */
struct dev_node {
	const char *name;
	u32 mode;
	u32 rdev;
};
extern const struct dev_node dev_nodes[];
extern const size_t dev_nodes_count;

/* namei.c: the same walks as the *_at calls, from a directory inode. */
struct inode *vfs_lookup_in(struct inode *dir, const char *path,
			    bool follow);
struct inode *vfs_mknod_in(struct inode *dir, const char *path, u32 mode,
			   u32 rdev, const char *link);
int vfs_link_in(struct inode *dir, const char *path, struct inode *ino);
int vfs_unlink_in(struct inode *dir, const char *path, bool rmdir);
/* The caller's file system ids and powers (namei.c). */
u32 current_fsuid(void);
u32 current_fsgid(void);
bool fs_capable(void);
bool sys_capable(void);
bool group_member(u32 gid, u32 primary);
int permission_as(struct inode *ino, int mask, u32 uid, u32 gid, bool root);
/* New objects belong to the caller's fsuid, and fsgid or the dir's. */
void inode_init_owner(struct inode *ino, struct inode *dir);
/* Where a relative path starts (cwd or dirfd), with references. */
int start_path(int dirfd, const char *path, struct path *out);
/* Updates atime after a read or a listing, as the mount says. */
void file_accessed(struct file *f);
/* Sets a regular file's size; touch also sets mtime and ctime to now. */
int vfs_setsize(struct inode *ino, s64 len, bool touch);
/* Seeks a file whose position is a byte offset bounded by the inode size. */
off_t generic_file_llseek(struct file *f, off_t off, int whence);

/*
 * vfs.c: fills one getdents64 record at rec for every file system; returns
 * its length, or 0 if it does not fit in room.
 */
size_t vfs_fill_dirent(void *rec, size_t room, u64 ino, s64 next, u32 mode,
		       const char *name, size_t len);

/*
 * One entry of a directory for vfs_getdents64: the entry at position pos
 * or the first after it. Fills name (NAME_MAX + 1 bytes), ino and mode and
 * returns the position after it, 0 at the end, or -errno.
 */
typedef s64 (*dir_entry_fn)(struct file *f, s64 pos, char *name, u64 *ino,
			    u32 *mode);
/*
 * vfs.c: the getdents64 loop of every file system that lists through a
 * dir_entry_fn. Each record is built on the stack, then copied out with no
 * lock held; an error or a first record that does not fit (EINVAL) is
 * returned only when nothing was listed. The caller holds f->pos_lock.
 */
long vfs_getdents64(struct file *f, void *ubuf, size_t n, dir_entry_fn entry);
/* vfs.c: read on a directory (EISDIR). */
ssize_t vfs_dir_read(struct file *f, char *ubuf, size_t n, off_t *pos);
/*
 * vfs.c: create and link for directories that make nothing (kernfs,
 * devpts): an open with O_CREAT is EACCES, mknod, mkdir, symlink and link
 * are EPERM.
 */
struct inode *ro_dir_create(struct inode *dir, const char *name, size_t len,
			    u32 mode, u32 rdev, const char *link);
int ro_dir_link(struct inode *dir, const char *name, size_t len,
		struct inode *ino);
/* vfs.c: seeks by SEEK_SET or SEEK_CUR only, never below 0, as Linux's. */
off_t no_seek_end_llseek(struct file *f, off_t off, int whence);

/* console.c */
void console_init(void);

/* Copies stop at user page boundaries so a fault ends a transfer exactly. */
static inline size_t user_chunk(const void *uaddr, size_t n)
{
	size_t room = 4096 - ((unsigned long)uaddr & 4095);

	return n < room ? n : room;
}

static inline bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static inline bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

#endif
