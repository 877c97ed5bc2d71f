/*
 * sysfs: the /sys file system, for now only the directories Linux's has
 * at the top and under which its objects would appear. Akuma has no
 * device model yet, so they are empty, which is what a program sees on a
 * Linux without those devices: mount -t sysfs and ls /sys work.
 *
 * The tree is a table. An inode is made at each lookup and freed with its
 * last reference; its number is its row, so it is the same every time.
 * Nothing here changes after boot: no locks.
 */
#include "procfs.h"
#include "lib.h"
#include "mm.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

struct sysfs_node {
	const char *name;
	int parent;  /* row of the directory it is in; the root has -1 */
	u32 mode;
};

/* In the order Linux 6.1 lists /sys. */
static const struct sysfs_node nodes[] = {
	{ "", -1, S_IFDIR | 0555 },
	{ "kernel", 0, S_IFDIR | 0755 },
	{ "power", 0, S_IFDIR | 0755 },
	{ "class", 0, S_IFDIR | 0755 },
	{ "devices", 0, S_IFDIR | 0755 },
	{ "dev", 0, S_IFDIR | 0755 },
	{ "hypervisor", 0, S_IFDIR | 0755 },
	{ "fs", 0, S_IFDIR | 0755 },
	{ "bus", 0, S_IFDIR | 0755 },
	{ "firmware", 0, S_IFDIR | 0755 },
	{ "block", 0, S_IFDIR | 0755 },
	{ "module", 0, S_IFDIR | 0755 },
	{ "char", 5, S_IFDIR | 0755 },
	{ "block", 5, S_IFDIR | 0755 },
	{ "mm", 1, S_IFDIR | 0755 },
};

struct sysfs_inode {
	struct inode vfs;
	int row;
};

static const struct inode_ops sysfs_iops;
static const struct file_ops sysfs_dir_fops;

static int row_of(struct inode *ino)
{
	return container_of(ino, struct sysfs_inode, vfs)->row;
}

/* Row numbers start at 1, as kernfs's inode numbers do. */
static struct inode *sysfs_inode(int row)
{
	struct sysfs_inode *si = kmalloc(sizeof(*si));
	struct inode *ino;
	int subdirs = 0;

	if (!si)
		return ERR_PTR(-ENOMEM);
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++)
		subdirs += nodes[i].parent == row;
	si->row = row;
	ino = &si->vfs;
	ino->refcount = 1;
	ino->ino = row + 1;
	ino->mode = nodes[row].mode;
	ino->nlink = 2 + subdirs;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "sysfs_inode");
	ino->iops = &sysfs_iops;
	ino->fops = &sysfs_dir_fops;
	return ino;
}

struct inode *sysfs_mount(void)
{
	return sysfs_inode(0);
}

/* The row named name in directory row dir, or -1. */
static int find(int dir, const char *name, size_t len)
{
	for (size_t i = 1; i < ARRAY_SIZE(nodes); i++) {
		if (nodes[i].parent == dir && strlen(nodes[i].name) == len &&
		    !memcmp(nodes[i].name, name, len))
			return i;
	}
	return -1;
}

static struct inode *sysfs_lookup(struct inode *dir, const char *name,
				  size_t len)
{
	int row = row_of(dir);

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return sysfs_inode(row ? nodes[row].parent : 0);
	row = find(row, name, len);
	return row < 0 ? ERR_PTR(-ENOENT) : sysfs_inode(row);
}

static int sysfs_unlink(struct inode *dir, const char *name, size_t len,
			bool rmdir)
{
	int row = find(row_of(dir), name, len);

	if (row < 0)
		return -ENOENT;
	return rmdir || !S_ISDIR(nodes[row].mode) ? -EPERM : -EISDIR;
}

/* The name child has in dir, for the VFS's paths (getcwd). */
static int sysfs_get_name(struct inode *dir, struct inode *child, char *buf)
{
	int row = row_of(child);

	if (!row || nodes[row].parent != row_of(dir))
		return -ENOENT;
	return strlcpy(buf, nodes[row].name, NAME_MAX + 1);
}

static void sysfs_evict(struct inode *ino)
{
	kfree(container_of(ino, struct sysfs_inode, vfs));
}

static const struct inode_ops sysfs_iops = {
	.lookup = sysfs_lookup,
	/* kernfs: no create (EACCES for open), no mkdir or links. */
	.create = ro_dir_create,
	.link = ro_dir_link,
	.unlink = sysfs_unlink,
	.get_name = sysfs_get_name,
	.evict = sysfs_evict,
};

/*
 * Positions: 0 ".", 1 "..", then 2 + the row of each entry, so that the
 * position after an entry names the next row to look at.
 */
static s64 sysfs_dir_entry(struct file *f, s64 pos, char *name, u64 *ino,
			   u32 *mode)
{
	int dir = row_of(f->inode), row;

	*mode = S_IFDIR;
	if (pos == 0) {
		strlcpy(name, ".", NAME_MAX + 1);
		*ino = dir + 1;
		return 1;
	}
	if (pos == 1) {
		strlcpy(name, "..", NAME_MAX + 1);
		*ino = (dir ? nodes[dir].parent : 0) + 1;
		return 2;
	}
	for (row = MAX(pos - 2, 1);
	     row < (int)ARRAY_SIZE(nodes) && nodes[row].parent != dir; row++)
		;
	if (row >= (int)ARRAY_SIZE(nodes))
		return 0;
	strlcpy(name, nodes[row].name, NAME_MAX + 1);
	*ino = row + 1;
	return row + 3;
}

static long sysfs_getdents64(struct file *f, void *ubuf, size_t n)
{
	return vfs_getdents64(f, ubuf, n, sysfs_dir_entry);
}

/* kernfs directories seek as generic_file_llseek with size 0. */
static off_t sysfs_dir_llseek(struct file *f, off_t off, int whence)
{
	return no_seek_end_llseek(f, off, whence == SEEK_END ? SEEK_SET : whence);
}

static const struct file_ops sysfs_dir_fops = {
	.read = vfs_dir_read,
	.llseek = sysfs_dir_llseek,
	.getdents64 = sysfs_getdents64,
};
