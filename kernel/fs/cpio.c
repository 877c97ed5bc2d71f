/*
 * Unpacks the initramfs into the root file system, as Linux's
 * init/initramfs.c does: entries replace what is there when the type
 * differs, directories get their times after all their children are in,
 * and regular files that share an inode number (newc hard links) become
 * one inode with several names. Missing parent directories are made
 * (mode 0755), which Linux does not do. A broken entry is reported and
 * skipped; a broken archive stops the unpacking with -EINVAL.
 */
#include "cpio_parse.h"
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

/* What one unpacking remembers: hard-link sources and directory times. */
struct remembered {
	struct remembered *next;
	struct inode *ino;      /* holds a reference */
	u32 cpio_ino, major, minor;
	s64 mtime;
};

struct unpack {
	struct remembered *links;
	struct remembered *dirs;
};

static int remember(struct remembered **list, struct inode *ino,
		    const struct cpio_entry *e)
{
	struct remembered *r = kmalloc(sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->ino = inode_get(ino);
	r->cpio_ino = e->ino;
	r->major = e->devmajor;
	r->minor = e->devminor;
	r->mtime = e->mtime;
	r->next = *list;
	*list = r;
	return 0;
}

static void set_attrs(struct inode *ino, const struct cpio_entry *e)
{
	mutex_lock(&ino->lock);
	ino->mode = (ino->mode & S_IFMT) | (e->mode & 07777);
	ino->uid = e->uid;
	ino->gid = e->gid;
	ino->mtime.tv_sec = ino->atime.tv_sec = e->mtime;
	ino->mtime.tv_nsec = ino->atime.tv_nsec = 0;
	mutex_unlock(&ino->lock);
}

/* Makes every missing directory above path, as "mkdir -p" would. */
static int make_parents(const char *path)
{
	char *buf = kstrdup(path);
	struct inode *ino;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	for (char *s = buf; (s = strchr(s + 1, '/'));) {
		*s = '\0';
		ino = vfs_mknod_in(vfs_root(), buf, S_IFDIR | 0755, 0, NULL);
		*s = '/';
		if (IS_ERR(ino) && PTR_ERR(ino) != -EEXIST) {
			err = PTR_ERR(ino);
			break;
		}
		if (!IS_ERR(ino))
			inode_put(ino);
	}
	kfree(buf);
	return err;
}

/*
 * Makes path, first removing what is there if its type differs from the
 * new one (or always, for symlinks). An existing object of the same type
 * is returned as it is.
 */
static struct inode *make(const char *path, u32 mode, u32 rdev,
			  const char *link)
{
	struct inode *ino;

	ino = vfs_lookup_in(vfs_root(), path, false);
	if (!IS_ERR(ino)) {
		if (((ino->mode ^ mode) & S_IFMT) == 0 && !S_ISLNK(mode))
			return ino;
		vfs_unlink_in(vfs_root(), path, S_ISDIR(ino->mode));
		inode_put(ino);
	}
	ino = vfs_mknod_in(vfs_root(), path, mode, rdev, link);
	if (PTR_ERR(ino) == -ENOENT) {
		int err = make_parents(path);

		if (err)
			return ERR_PTR(err);
		ino = vfs_mknod_in(vfs_root(), path, mode, rdev, link);
	}
	return ino;
}

static struct remembered *find_link(struct unpack *u,
				    const struct cpio_entry *e)
{
	for (struct remembered *r = u->links; r; r = r->next)
		if (r->cpio_ino == e->ino && r->major == e->devmajor &&
		    r->minor == e->devminor)
			return r;
	return NULL;
}

/*
 * A regular file. Writers of newc put a hard-linked file's data in one of
 * its entries (GNU cpio the last, others the first) and leave the rest
 * empty, so only an entry with data writes the shared inode.
 */
static int unpack_file(struct unpack *u, const char *path,
		       const struct cpio_entry *e)
{
	struct remembered *r = e->nlink > 1 ? find_link(u, e) : NULL;
	struct inode *ino, *old;
	ssize_t n;
	int err = 0;

	if (r) {
		ino = inode_get(r->ino);
		old = vfs_lookup_in(vfs_root(), path, false);
		if (!IS_ERR(old)) {
			if (old != ino)
				vfs_unlink_in(vfs_root(), path,
					      S_ISDIR(old->mode));
			inode_put(old);
		}
		err = vfs_link_in(vfs_root(), path, ino);
		if (err == -ENOENT && !(err = make_parents(path)))
			err = vfs_link_in(vfs_root(), path, ino);
		if (err == -EEXIST)
			err = 0; /* already this inode's name */
	} else {
		ino = make(path, S_IFREG | (e->mode & 07777), 0, NULL);
		if (IS_ERR(ino))
			return PTR_ERR(ino);
		if (e->nlink > 1)
			err = remember(&u->links, ino, e);
	}
	if (!err && (e->filesize || !r))
		err = ino->iops->setsize(ino, 0);
	if (!err && e->filesize) {
		n = ramfs_write_kernel(ino, 0, e->data, e->filesize);
		if (n >= 0 && n != e->filesize)
			n = -ENOSPC;
		if (n < 0)
			err = n;
	}
	if (!err)
		set_attrs(ino, e);
	inode_put(ino);
	return err;
}

static int unpack_symlink(const char *path, const struct cpio_entry *e)
{
	struct inode *ino;
	char *target;

	if (!e->filesize)
		return -ENOENT;
	if (e->filesize >= PATH_MAX)
		return -ENAMETOOLONG;
	target = kmalloc(e->filesize + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->filesize);
	target[e->filesize] = '\0';
	ino = make(path, S_IFLNK | 0777, 0, target);
	kfree(target);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	set_attrs(ino, e);
	inode_put(ino);
	return 0;
}

/* Directories, device nodes, FIFOs and sockets. */
static int unpack_node(struct unpack *u, const char *path,
		       const struct cpio_entry *e)
{
	u32 type = e->mode & S_IFMT;
	struct inode *ino;
	int err = 0;

	if (e->rdevmajor > 0xfff || e->rdevminor > 0xfffff)
		return -EINVAL; /* Linux's 12-bit majors and 20-bit minors */
	ino = *path ? make(path, e->mode, MKDEV(e->rdevmajor, e->rdevminor),
			   NULL)
		    : inode_get(vfs_root());
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	set_attrs(ino, e);
	if (type == S_IFDIR)
		err = remember(&u->dirs, ino, e);
	inode_put(ino);
	return err;
}

/* Strips "/" and "./" from the front: every name is relative to root. */
static const char *clean_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '.' && name[1] == '\0')
			name++;
		else
			return name;
	}
}

static int unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
	const char *path = clean_name(e->name);

	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return *path ? unpack_file(u, path, e) : -EISDIR;
	case S_IFLNK:
		return *path ? unpack_symlink(path, e) : -EEXIST;
	case S_IFDIR:
		return unpack_node(u, path, e);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return *path ? unpack_node(u, path, e) : -EEXIST;
	default:
		return -EINVAL;
	}
}

static void forget(struct remembered *list, bool set_mtime)
{
	struct remembered *next;

	for (; list; list = next) {
		next = list->next;
		if (set_mtime) {
			mutex_lock(&list->ino->lock);
			list->ino->mtime.tv_sec = list->mtime;
			list->ino->mtime.tv_nsec = 0;
			mutex_unlock(&list->ino->lock);
		}
		inode_put(list->ino);
		kfree(list);
	}
}

int cpio_unpack(const void *data, size_t len)
{
	struct unpack u = { NULL, NULL };
	struct cpio_entry e;
	size_t off = 0;
	int r, err, ret = 0;

	for (;;) {
		r = cpio_next(data, len, &off, &e);
		if (r == CPIO_END)
			break;
		if (r == CPIO_TRAILER) {
			/* Hard links do not reach across archives. */
			forget(u.links, false);
			u.links = NULL;
			continue;
		}
		if (r < 0) {
			printk("initramfs: %s at byte %zu\n", cpio_strerror(r),
			       off);
			ret = -EINVAL;
			break;
		}
		err = unpack_entry(&u, &e);
		if (err) {
			printk("initramfs: %s: error %d\n", e.name, -err);
			if (err == -ENOMEM) {
				ret = err;
				break;
			}
		}
	}
	forget(u.links, false);
	forget(u.dirs, true);
	return ret;
}
