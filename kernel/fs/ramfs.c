/*
 * ramfs: the in-memory root file system, with tmpfs's behaviour.
 *
 * A directory is a list of named entries, each holding a reference to its
 * inode; a subdirectory also holds a reference to its parent for "..". An
 * inode is freed when its last reference goes, which for a linked inode
 * cannot happen before it is unlinked. A regular file is an array of pages
 * (NULL for holes), which mmap maps directly through get_page. A symlink
 * keeps its target string.
 *
 * Locks: inode->lock (a mutex) protects a directory's entries and a file's
 * page array, size and times, and is held only briefly, never across a
 * user copy: a fault in that copy may need get_page on the same file. A
 * file's write_lock serialises writers and truncation and is held across
 * user copies; faults never take it. Order: write_lock, then a directory's
 * lock, then the lock of an inode inside it.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

/* tmpfs reports a directory's size as 20 bytes per entry, "." and ".." too. */
#define BOGO_DIRENT_SIZE 20
/* The page array is flat, so a file is kept well below MAX_LFS_FILESIZE. */
#define RAMFS_MAX_SIZE (1ULL << 40)

struct ramfs_dirent {
	struct list_head link;  /* in the directory's entries, by cookie */
	struct inode *ino;      /* holds a reference */
	u64 cookie;             /* getdents64 position; grows along the list */
	u16 len;
	char name[];
};

struct ramfs_inode {
	struct inode vfs;
	union {
		struct {                        /* S_IFDIR; under vfs.lock */
			struct list_head entries;
			struct inode *parent;   /* holds a reference; root: NULL */
			u64 next_cookie;
		} dir;
		struct {                        /* S_IFREG */
			struct mutex write_lock;
			struct page **pages;    /* under vfs.lock */
			u64 npages;             /* slots in pages */
		} reg;
		char *link;                     /* S_IFLNK; never changes */
	};
};

static const struct inode_ops ramfs_iops;
static const struct file_ops ramfs_file_fops;
static const struct file_ops ramfs_dir_fops;

/* Inode numbers are never reused: 64 bits do not wrap. */
static u64 next_ino = 1;
/* Pages holding file data, for /proc/meminfo; atomic. */
static unsigned long nr_pages;

unsigned long ramfs_page_count(void)
{
	return __atomic_load_n(&nr_pages, __ATOMIC_RELAXED);
}

static struct ramfs_inode *RI(struct inode *ino)
{
	return container_of(ino, struct ramfs_inode, vfs);
}

static struct inode *ramfs_new_inode(u32 mode, u32 rdev)
{
	struct ramfs_inode *ri = kmalloc(sizeof(*ri));
	struct inode *ino;

	if (!ri)
		return NULL;
	ino = &ri->vfs;
	ino->refcount = 1;
	ino->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	ino->mode = mode;
	ino->nlink = 1;
	ino->rdev = rdev;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "ramfs_inode");
	ino->iops = &ramfs_iops;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		list_init(&ri->dir.entries);
		ri->dir.next_cookie = 2; /* 0 and 1 are "." and ".." */
		ino->nlink = 2;
		ino->size = 2 * BOGO_DIRENT_SIZE;
		ino->fops = &ramfs_dir_fops;
		break;
	case S_IFREG:
		mutex_init(&ri->reg.write_lock, "ramfs_write");
		ino->fops = &ramfs_file_fops;
		break;
	}
	return ino;
}

/* Linux's rootfs is a tmpfs, whose root is mode 1777 until init says. */
struct inode *ramfs_mount(void)
{
	return ramfs_new_inode(S_IFDIR | 01777, 0);
}

static struct ramfs_dirent *dir_find(struct inode *dir, const char *name,
				     size_t len)
{
	struct ramfs_dirent *de;

	list_for_each_entry(de, &RI(dir)->dir.entries, link)
		if (de->len == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

/* A directory that was removed keeps nlink 0 and accepts no new names. */
static bool dir_dead(struct inode *dir)
{
	return dir->nlink == 0;
}

static struct inode *ramfs_lookup(struct inode *dir, const char *name,
				  size_t len)
{
	struct ramfs_dirent *de;
	struct inode *r = ERR_PTR(-ENOENT);

	mutex_lock(&dir->lock);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		r = inode_get(RI(dir)->dir.parent ? RI(dir)->dir.parent : dir);
	} else {
		de = dir_find(dir, name, len);
		if (de)
			r = inode_get(de->ino);
	}
	mutex_unlock(&dir->lock);
	return r;
}

/* Links ino into dir under name; the caller holds dir->lock. */
static void dir_add(struct inode *dir, struct ramfs_dirent *de,
		    struct inode *ino, const char *name, size_t len)
{
	de->ino = ino;
	de->len = len;
	memcpy(de->name, name, len);
	de->cookie = RI(dir)->dir.next_cookie++;
	list_add_tail(&de->link, &RI(dir)->dir.entries);
	dir->size += BOGO_DIRENT_SIZE;
	ktime_get_real(&dir->mtime);
	dir->ctime = dir->mtime;
}

static struct inode *ramfs_create(struct inode *dir, const char *name,
				  size_t len, u32 mode, u32 rdev,
				  const char *link)
{
	struct ramfs_dirent *de;
	struct inode *ino;
	int err = -ENOMEM;

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	ino = ramfs_new_inode(mode, rdev);
	if (!len) {
		/* O_TMPFILE: a regular file with no name at all. */
		if (!ino || !S_ISREG(mode)) {
			inode_put(ino);
			return ERR_PTR(ino ? -EINVAL : -ENOMEM);
		}
		ino->nlink = 0;
		return ino;
	}
	de = kmalloc(sizeof(*de) + len + 1);
	if (!ino || !de)
		goto out_free;
	if (S_ISLNK(mode)) {
		RI(ino)->link = kstrdup(link);
		if (!RI(ino)->link)
			goto out_free;
		ino->size = strlen(link);
	}
	mutex_lock(&dir->lock);
	err = dir_dead(dir) ? -ENOENT : dir_find(dir, name, len) ? -EEXIST : 0;
	if (err) {
		mutex_unlock(&dir->lock);
		goto out_free;
	}
	if (S_ISDIR(mode)) {
		RI(ino)->dir.parent = inode_get(dir);
		dir->nlink++;
	}
	/* The entry keeps the first reference; the caller gets a second. */
	dir_add(dir, de, ino, name, len);
	mutex_unlock(&dir->lock);
	return inode_get(ino);

out_free:
	kfree(de);
	inode_put(ino);
	return ERR_PTR(err);
}

static int ramfs_link(struct inode *dir, const char *name, size_t len,
		      struct inode *ino)
{
	struct ramfs_dirent *de;
	int err;

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (S_ISDIR(ino->mode))
		return -EPERM;
	de = kmalloc(sizeof(*de) + len + 1);
	if (!de)
		return -ENOMEM;
	mutex_lock(&dir->lock);
	err = dir_dead(dir) ? -ENOENT : dir_find(dir, name, len) ? -EEXIST : 0;
	mutex_lock(&ino->lock);
	if (!err && ino->nlink == 0)
		err = -ENOENT; /* unlinked meanwhile, as Linux's link() says */
	if (!err) {
		ino->nlink++;
		ktime_get_real(&ino->ctime);
		dir_add(dir, de, inode_get(ino), name, len);
	}
	mutex_unlock(&ino->lock);
	mutex_unlock(&dir->lock);
	if (err)
		kfree(de);
	return err;
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len,
			bool rmdir)
{
	struct ramfs_dirent *de;
	struct inode *ino;
	int err = 0;

	mutex_lock(&dir->lock);
	de = dir_find(dir, name, len);
	if (!de) {
		mutex_unlock(&dir->lock);
		return -ENOENT;
	}
	ino = de->ino;
	mutex_lock(&ino->lock);
	if (rmdir && !S_ISDIR(ino->mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(ino->mode))
		err = -EISDIR;
	else if (rmdir && !list_empty(&RI(ino)->dir.entries))
		err = -ENOTEMPTY;
	if (!err) {
		list_del(&de->link);
		dir->size -= BOGO_DIRENT_SIZE;
		ktime_get_real(&dir->mtime);
		dir->ctime = ino->ctime = dir->mtime;
		if (rmdir) {
			ino->nlink = 0;
			dir->nlink--;
		} else {
			ino->nlink--;
		}
	}
	mutex_unlock(&ino->lock);
	mutex_unlock(&dir->lock);
	if (err)
		return err;
	inode_put(ino);
	kfree(de);
	return 0;
}

static const char *ramfs_get_link(struct inode *ino)
{
	return RI(ino)->link;
}

/*
 * Returns the page at idx, allocating it when alloc says so; the caller
 * holds ino->lock. NULL for a hole not to be filled, past the size limit,
 * or when out of memory.
 */
static struct page *reg_page(struct inode *ino, u64 idx, bool alloc)
{
	struct ramfs_inode *ri = RI(ino);
	struct page **pages;
	u64 n;
	void *va;

	if (idx < ri->reg.npages && ri->reg.pages[idx])
		return ri->reg.pages[idx];
	if (!alloc || idx >= RAMFS_MAX_SIZE / PAGE_SIZE)
		return NULL;
	if (idx >= ri->reg.npages) {
		n = ri->reg.npages ? ri->reg.npages : 4;
		while (n <= idx)
			n *= 2;
		pages = kmalloc(n * sizeof(*pages));
		if (!pages)
			return NULL;
		if (ri->reg.npages)
			memcpy(pages, ri->reg.pages,
			       ri->reg.npages * sizeof(*pages));
		kfree(ri->reg.pages);
		ri->reg.pages = pages;
		ri->reg.npages = n;
	}
	va = alloc_page();
	if (!va)
		return NULL;
	ri->reg.pages[idx] = virt_to_page(va);
	ino->blocks += PAGE_SIZE / 512;
	__atomic_fetch_add(&nr_pages, 1, __ATOMIC_RELAXED);
	return ri->reg.pages[idx];
}

static struct page *ramfs_get_page(struct inode *ino, u64 idx)
{
	struct page *pg = NULL;

	mutex_lock(&ino->lock);
	if (idx < ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE) {
		pg = reg_page(ino, idx, true);
		if (pg)
			page_get(pg);
	}
	mutex_unlock(&ino->lock);
	return pg;
}

/* Drops the pages past size and zeroes the tail of the last one. */
static int ramfs_setsize(struct inode *ino, u64 size)
{
	struct ramfs_inode *ri = RI(ino);
	u64 keep = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	struct page *pg;

	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	mutex_lock(&ri->reg.write_lock);
	mutex_lock(&ino->lock);
	if (size < ino->size) {
		for (u64 i = keep; i < ri->reg.npages; i++) {
			if (ri->reg.pages[i]) {
				page_put(ri->reg.pages[i]);
				ri->reg.pages[i] = NULL;
				ino->blocks -= PAGE_SIZE / 512;
				__atomic_fetch_sub(&nr_pages, 1,
						   __ATOMIC_RELAXED);
			}
		}
		pg = size % PAGE_SIZE ? reg_page(ino, size / PAGE_SIZE, false)
				      : NULL;
		if (pg)
			memset((char *)page_address(pg) + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	ino->size = size;
	ktime_get_real(&ino->mtime);
	ino->ctime = ino->mtime;
	mutex_unlock(&ino->lock);
	mutex_unlock(&ri->reg.write_lock);
	return 0;
}

static void ramfs_evict(struct inode *ino)
{
	struct ramfs_inode *ri = RI(ino);
	struct ramfs_dirent *de, *tmp;

	switch (ino->mode & S_IFMT) {
	case S_IFDIR:
		/* Only an unlinked, hence empty, directory gets here. */
		list_for_each_entry_safe(de, tmp, &ri->dir.entries, link) {
			inode_put(de->ino);
			kfree(de);
		}
		inode_put(ri->dir.parent);
		break;
	case S_IFREG:
		for (u64 i = 0; i < ri->reg.npages; i++) {
			if (ri->reg.pages[i]) {
				page_put(ri->reg.pages[i]);
				__atomic_fetch_sub(&nr_pages, 1,
						   __ATOMIC_RELAXED);
			}
		}
		kfree(ri->reg.pages);
		break;
	case S_IFLNK:
		kfree(ri->link);
		break;
	}
	kfree(ri);
}

static const struct inode_ops ramfs_iops = {
	.lookup = ramfs_lookup,
	.get_page = ramfs_get_page,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.get_link = ramfs_get_link,
	.setsize = ramfs_setsize,
	.evict = ramfs_evict,
};

/*
 * Reads stop at the file size; a hole reads as zeroes without allocating.
 * The page is pinned with a reference so that the copy runs unlocked.
 */
static ssize_t ramfs_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	struct inode *ino = f->inode;
	u64 p = *pos;
	size_t done = 0, chunk;
	struct page *pg;
	long err = 0;

	while (done < n) {
		mutex_lock(&ino->lock);
		if (p >= ino->size) {
			mutex_unlock(&ino->lock);
			break;
		}
		chunk = MIN(PAGE_SIZE - p % PAGE_SIZE, ino->size - p);
		chunk = MIN(chunk, user_chunk(ubuf + done, n - done));
		pg = reg_page(ino, p / PAGE_SIZE, false);
		if (pg)
			page_get(pg);
		mutex_unlock(&ino->lock);
		if (pg) {
			err = copy_to_user(ubuf + done, (char *)page_address(pg) +
					   p % PAGE_SIZE, chunk);
			page_put(pg);
		} else {
			err = clear_user(ubuf + done, chunk);
		}
		if (err)
			break;
		done += chunk;
		p += chunk;
	}
	*pos = p;
	return done ? (ssize_t)done : err;
}

/*
 * The write core, from user or kernel memory. Returns the count written
 * (short if a copy faults) or -errno if nothing was; *pos is advanced.
 */
static ssize_t reg_write(struct inode *ino, const char *src, size_t n,
			 u64 *pos, bool append, bool user)
{
	struct ramfs_inode *ri = RI(ino);
	size_t done = 0, chunk;
	struct page *pg;
	long err = 0;
	u64 p;
	char *dst;

	mutex_lock(&ri->reg.write_lock);
	mutex_lock(&ino->lock);
	p = append ? ino->size : *pos;
	mutex_unlock(&ino->lock);
	if (p >= RAMFS_MAX_SIZE) {
		mutex_unlock(&ri->reg.write_lock);
		return -EFBIG;
	}
	n = MIN(n, RAMFS_MAX_SIZE - p);
	while (done < n) {
		chunk = MIN(PAGE_SIZE - p % PAGE_SIZE, n - done);
		if (user)
			chunk = MIN(chunk, user_chunk(src + done, n - done));
		mutex_lock(&ino->lock);
		pg = reg_page(ino, p / PAGE_SIZE, true);
		if (pg)
			page_get(pg);
		mutex_unlock(&ino->lock);
		if (!pg) {
			err = -ENOMEM;
			break;
		}
		dst = (char *)page_address(pg) + p % PAGE_SIZE;
		if (user) {
			err = copy_from_user(dst, src + done, chunk);
		} else {
			memcpy(dst, src + done, chunk);
		}
		if (err) {
			/* What lies past the size must stay zero for later. */
			mutex_lock(&ino->lock);
			if (p + chunk > ino->size) {
				u64 from = MAX(p, ino->size);

				memset(dst + (from - p), 0, p + chunk - from);
			}
			mutex_unlock(&ino->lock);
			page_put(pg);
			break;
		}
		page_put(pg);
		done += chunk;
		p += chunk;
		mutex_lock(&ino->lock);
		if (p > ino->size)
			ino->size = p;
		mutex_unlock(&ino->lock);
	}
	if (done) {
		mutex_lock(&ino->lock);
		ktime_get_real(&ino->mtime);
		ino->ctime = ino->mtime;
		mutex_unlock(&ino->lock);
	}
	mutex_unlock(&ri->reg.write_lock);
	*pos = p;
	return done ? (ssize_t)done : err;
}

static ssize_t ramfs_write(struct file *f, const char *ubuf, size_t n,
			   off_t *pos)
{
	u64 p = *pos;
	ssize_t r;

	r = reg_write(f->inode, ubuf, n, &p, f->flags & O_APPEND, true);
	*pos = p;
	return r;
}

ssize_t ramfs_write_kernel(struct inode *ino, u64 pos, const void *buf,
			   size_t n)
{
	if (!S_ISREG(ino->mode) || ino->iops != &ramfs_iops)
		return -EINVAL;
	return reg_write(ino, buf, n, &pos, false, false);
}

static const struct file_ops ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
};

static ssize_t ramfs_dir_read(struct file *f, char *ubuf, size_t n,
			      off_t *pos)
{
	return -EISDIR;
}

/*
 * A directory position is a cookie: 0 and 1 are "." and "..", then each
 * entry's own number, so an entry removed between two calls never makes
 * the next one skip or repeat a name.
 */
static off_t ramfs_dir_llseek(struct file *f, off_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->pos = off;
	return off;
}

/* Fills one record in rec; returns its length, or 0 if it does not fit. */
static size_t fill_dirent(void *rec, size_t room, u64 ino, s64 next,
			  u32 mode, const char *name, size_t len)
{
	struct linux_dirent64 *d = rec;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) +
				 len + 1, 8);

	if (reclen > room)
		return 0;
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = next;
	d->d_reclen = reclen;
	d->d_type = (mode & S_IFMT) >> 12;
	memcpy(d->d_name, name, len);
	return reclen;
}

/*
 * The caller holds f->pos_lock. Each record is built on the stack with the
 * directory locked, then copied out unlocked.
 */
static long ramfs_getdents64(struct file *f, void *ubuf, size_t n)
{
	struct inode *dir = f->inode;
	struct ramfs_dirent *de;
	u64 rec[(sizeof(struct linux_dirent64) + NAME_MAX + 8) / 8];
	size_t done = 0, len;
	s64 pos = f->pos, next;
	long err = 0;

	for (;;) {
		mutex_lock(&dir->lock);
		len = 0;
		if (pos == 0) {
			next = 1;
			len = fill_dirent(rec, n - done, dir->ino, next,
					  S_IFDIR, ".", 1);
		} else if (pos == 1) {
			struct inode *up = RI(dir)->dir.parent;

			next = 2;
			len = fill_dirent(rec, n - done, (up ? up : dir)->ino,
					  next, S_IFDIR, "..", 2);
		} else {
			next = -1;
			list_for_each_entry(de, &RI(dir)->dir.entries, link) {
				if (de->cookie < (u64)pos)
					continue;
				next = de->cookie + 1;
				len = fill_dirent(rec, n - done, de->ino->ino,
						  next, de->ino->mode,
						  de->name, de->len);
				break;
			}
		}
		mutex_unlock(&dir->lock);
		if (next < 0)
			break; /* the end */
		if (!len) {
			if (!done)
				err = -EINVAL; /* not even one record fits */
			break;
		}
		if (copy_to_user((char *)ubuf + done, rec, len)) {
			err = -EFAULT;
			break;
		}
		done += len;
		pos = next;
	}
	f->pos = pos;
	return done ? (long)done : err;
}

static const struct file_ops ramfs_dir_fops = {
	.read = ramfs_dir_read,
	.llseek = ramfs_dir_llseek,
	.getdents64 = ramfs_getdents64,
};
