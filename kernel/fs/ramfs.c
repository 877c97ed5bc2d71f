/*
 * ramfs: the in-memory file systems, with tmpfs's behaviour. One code
 * serves four types: rootfs (the root), tmpfs, devtmpfs (one instance,
 * made at boot with the device nodes) and ramfs (no limits), which differ
 * only in their defaults, limits and statfs.
 *
 * A directory is a list of named entries, each holding a reference to its
 * inode; a subdirectory also holds a reference to its parent for "..". An
 * inode is freed when its last reference goes, which for a linked inode
 * cannot happen before it is unlinked. A regular file is an array of pages
 * (NULL for holes), which mmap maps directly through get_page. A symlink
 * keeps its target string.
 *
 * An instance (struct ramfs_sb) counts its pages and names against the
 * size= and nr_inodes= limits, as tmpfs does: every inode and every extra
 * hard link takes one of nr_inodes. It lives until its superblock and its
 * last inode are gone, since a mapping may keep a file after umount.
 *
 * Locks: inode->lock (a mutex) protects a directory's entries and a file's
 * page array, size and times, and is held only briefly, never across a
 * user copy: a fault in that copy may need get_page on the same file. A
 * file's write_lock serialises writers and truncation and is held across
 * user copies; faults never take it. Order: write_lock, then a directory's
 * lock, then the lock of an inode inside it. rename takes the instance's
 * rename_lock first, then both directories (an ancestor before its
 * descendants), then the inodes it moves. The counters are atomic.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

/* tmpfs reports a directory's size as 20 bytes per entry, "." and ".." too. */
#define BOGO_DIRENT_SIZE 20
/* Linux's MAX_LFS_FILESIZE on 64-bit, tmpfs's s_maxbytes. */
#define RAMFS_MAX_SIZE 0x7fffffffffffffffULL
/*
 * A file's pages are a radix tree of 512-slot nodes, as tall as its
 * highest page needs: six levels cover every page below RAMFS_MAX_SIZE,
 * and holes cost nothing.
 */
#define TREE_SHIFT 9
#define TREE_SLOTS (1U << TREE_SHIFT)

struct ramfs_sb {
	u32 refcount;           /* atomic: live inodes, and the superblock */
	struct super_block *sb;
	struct mutex rename_lock;
	u64 max_blocks;         /* pages; 0 is no limit */
	u64 max_inodes;         /* 0 is no limit */
	u64 used_blocks;        /* atomic */
	u64 used_inodes;        /* atomic */
	u32 mode, uid, gid;     /* of the root, as mounted */
	bool full_inums;        /* inode64 (the default) or inode32 */
	bool show_limits;       /* rootfs and devtmpfs always show them */
};

struct ramfs_dirent {
	struct list_head link;  /* in the directory's entries, by cookie */
	struct inode *ino;      /* holds a reference */
	u64 cookie;             /* getdents64 position; grows along the list */
	u16 len;
	char name[];
};

struct ramfs_inode {
	struct inode vfs;
	struct ramfs_sb *fs;
	/* The last name, kept once there is none, for " (deleted)" paths. */
	struct ramfs_dirent *gone;    /* under vfs.lock */
	union {
		struct {                        /* S_IFDIR; under vfs.lock */
			struct list_head entries;
			struct inode *parent;   /* holds a reference; root: NULL */
			u64 next_cookie;
		} dir;
		struct {                        /* S_IFREG */
			struct mutex write_lock;
			void **tree;            /* under vfs.lock; NULL: empty */
			u32 height;             /* levels; 1: tree holds pages */
			/* F_SEAL_*; changed under write_lock and vfs.lock */
			u32 seals;
		} reg;
		char *link;                     /* S_IFLNK; never changes */
	};
};

static const struct inode_ops ramfs_iops;
static const struct file_ops ramfs_file_fops;
static const struct file_ops ramfs_dir_fops;

/* Inode numbers are never reused: 64 bits do not wrap. */
static u64 next_ino = 1;
/* Pages held by every instance, for /proc/meminfo. */
static u64 total_pages;

static struct ramfs_inode *RI(struct inode *ino)
{
	return container_of(ino, struct ramfs_inode, vfs);
}

unsigned long ramfs_page_count(void)
{
	return __atomic_load_n(&total_pages, __ATOMIC_RELAXED);
}

static void fs_put(struct ramfs_sb *fs)
{
	if (!__atomic_sub_fetch(&fs->refcount, 1, __ATOMIC_ACQ_REL))
		kfree(fs);
}

/* Takes one of nr_inodes; false when the instance is full. */
static bool reserve_inode(struct ramfs_sb *fs)
{
	u64 n = __atomic_add_fetch(&fs->used_inodes, 1, __ATOMIC_RELAXED);

	if (fs->max_inodes && n > fs->max_inodes) {
		__atomic_sub_fetch(&fs->used_inodes, 1, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static void free_inode_slot(struct ramfs_sb *fs)
{
	__atomic_sub_fetch(&fs->used_inodes, 1, __ATOMIC_RELAXED);
}

static bool reserve_block(struct ramfs_sb *fs)
{
	u64 n = __atomic_add_fetch(&fs->used_blocks, 1, __ATOMIC_RELAXED);

	if (fs->max_blocks && n > fs->max_blocks) {
		__atomic_sub_fetch(&fs->used_blocks, 1, __ATOMIC_RELAXED);
		return false;
	}
	__atomic_add_fetch(&total_pages, 1, __ATOMIC_RELAXED);
	return true;
}

static void free_block(struct ramfs_sb *fs)
{
	__atomic_sub_fetch(&fs->used_blocks, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&total_pages, 1, __ATOMIC_RELAXED);
}

/* A new inode of fs, counted; NULL when out of memory or of inodes. */
static struct inode *ramfs_new_inode(struct ramfs_sb *fs, u32 mode, u32 rdev)
{
	struct ramfs_inode *ri;
	struct inode *ino;

	if (!reserve_inode(fs))
		return NULL;
	ri = kmalloc(sizeof(*ri));
	if (!ri) {
		free_inode_slot(fs);
		return NULL;
	}
	__atomic_fetch_add(&fs->refcount, 1, __ATOMIC_RELAXED);
	ri->fs = fs;
	ino = &ri->vfs;
	ino->refcount = 1;
	ino->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	ino->mode = mode;
	ino->nlink = 1;
	ino->rdev = rdev;
	ino->sb = fs->sb;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->btime = ino->mtime;
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
		ri->reg.tree = NULL;
		ri->reg.height = 0;
		/* Only memfd_create makes files that take seals. */
		ri->reg.seals = F_SEAL_SEAL;
		ino->fops = &ramfs_file_fops;
		break;
	}
	return ino;
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

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	mutex_lock(&dir->lock);
	if (is_dotdot(name, len)) {
		r = inode_get(RI(dir)->dir.parent ? RI(dir)->dir.parent : dir);
	} else {
		de = dir_find(dir, name, len);
		if (de)
			r = inode_get(de->ino);
	}
	mutex_unlock(&dir->lock);
	return r;
}

/*
 * A name child has in dir; once it has none, the last it had (an O_TMPFILE
 * file's is "#ino"), as Linux's dentry keeps it for /proc's links.
 */
static int ramfs_get_name(struct inode *dir, struct inode *child, char *buf)
{
	struct ramfs_dirent *de;
	int r = -ENOENT;

	mutex_lock(&dir->lock);
	list_for_each_entry(de, &RI(dir)->dir.entries, link) {
		if (de->ino == child) {
			memcpy(buf, de->name, de->len);
			buf[de->len] = '\0';
			r = de->len;
			break;
		}
	}
	mutex_unlock(&dir->lock);
	if (r >= 0 || child->iops != &ramfs_iops)
		return r;
	mutex_lock(&child->lock);
	de = RI(child)->gone;
	if (!child->nlink && de) {
		memcpy(buf, de->name, de->len);
		buf[de->len] = '\0';
		r = de->len;
	} else if (!child->nlink && S_ISREG(child->mode)) {
		r = snprintf(buf, NAME_MAX + 1, "#%lu", child->ino);
	}
	mutex_unlock(&child->lock);
	return r;
}

static void touch_dir(struct inode *dir)
{
	ktime_get_real(&dir->mtime);
	dir->ctime = dir->mtime;
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
	touch_dir(dir);
}

static void dir_remove(struct inode *dir, struct ramfs_dirent *de)
{
	list_del(&de->link);
	dir->size -= BOGO_DIRENT_SIZE;
	touch_dir(dir);
}

static struct inode *ramfs_create(struct inode *dir, const char *name,
				  size_t len, u32 mode, u32 rdev,
				  const char *link)
{
	struct ramfs_sb *fs = RI(dir)->fs;
	struct ramfs_dirent *de;
	struct inode *ino;
	int err = -ENOSPC;

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	ino = ramfs_new_inode(fs, mode, rdev);
	if (!len) {
		/* O_TMPFILE: a regular file with no name at all. */
		if (!ino || !S_ISREG(mode)) {
			inode_put(ino);
			return ERR_PTR(ino ? -EINVAL : -ENOSPC);
		}
		ino->nlink = 0;
		ino->iflags |= I_LINKABLE;
		return ino;
	}
	if (!ino)
		return ERR_PTR(-ENOSPC);
	err = -ENOMEM;
	de = kmalloc(sizeof(*de) + len + 1);
	if (!de)
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
	struct ramfs_sb *fs = RI(dir)->fs;
	struct ramfs_dirent *de;
	bool counted = false;
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
	if (!err && ino->nlink == 0 && !(ino->iflags & I_LINKABLE))
		err = -ENOENT; /* unlinked meanwhile, as Linux's link() says */
	/* Every name past the first takes one of nr_inodes, as tmpfs's. */
	if (!err && ino->nlink) {
		counted = reserve_inode(fs);
		if (!counted)
			err = -ENOSPC;
	}
	if (!err) {
		ino->nlink++;
		ino->iflags &= ~I_LINKABLE;
		ktime_get_real(&ino->ctime);
		dir_add(dir, de, inode_get(ino), name, len);
	}
	mutex_unlock(&ino->lock);
	mutex_unlock(&dir->lock);
	if (err)
		kfree(de);
	return err;
}

/*
 * Whether victim may go from dir (may_delete's checks past the VFS's):
 * type against what the caller wants, mountpoints. Both are locked.
 */
static int may_remove(struct inode *dir, struct inode *victim, bool isdir)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	u32 fsuid = current_fsuid();

	if (err)
		return err;
	/* The sticky bit: only the owners (or root) remove names. */
	if ((dir->mode & S_ISVTX) && !fs_capable() && fsuid != victim->uid &&
	    fsuid != dir->uid)
		return -EPERM;
	if (isdir) {
		if (!S_ISDIR(victim->mode))
			return -ENOTDIR;
	} else if (S_ISDIR(victim->mode)) {
		return -EISDIR;
	}
	return 0;
}

/* Takes de's name and inode out of dir (both locked); the entry goes. */
static void drop_name(struct inode *dir, struct inode *ino)
{
	if (S_ISDIR(ino->mode)) {
		ino->nlink = 0;
		dir->nlink--;
	} else {
		if (ino->nlink > 1)
			free_inode_slot(RI(ino)->fs);
		ino->nlink--;
	}
	ino->ctime = dir->mtime;
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len,
			bool rmdir)
{
	struct ramfs_dirent *de;
	struct inode *ino;
	int err;

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	mutex_lock(&dir->lock);
	de = dir_find(dir, name, len);
	if (!de) {
		mutex_unlock(&dir->lock);
		return -ENOENT;
	}
	ino = de->ino;
	mutex_lock(&ino->lock);
	err = may_remove(dir, ino, rmdir);
	if (!err && vfs_is_mountpoint(ino))
		err = -EBUSY;
	else if (!err && rmdir && !list_empty(&RI(ino)->dir.entries))
		err = -ENOTEMPTY;
	if (!err) {
		dir_remove(dir, de);
		drop_name(dir, ino);
		if (!ino->nlink && !RI(ino)->gone) {
			RI(ino)->gone = de;
			de = NULL;
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

/* Whether dir a is b or above it; the caller holds the rename lock. */
static bool is_ancestor(struct inode *a, struct inode *b)
{
	if (!S_ISDIR(a->mode) || !S_ISDIR(b->mode))
		return a == b;
	for (; b; b = RI(b)->dir.parent)
		if (a == b)
			return true;
	return false;
}

static void lock_two(struct inode *a, struct inode *b)
{
	if (a == b || !b) {
		mutex_lock(&a->lock);
		return;
	}
	if (!a) {
		mutex_lock(&b->lock);
		return;
	}
	if (is_ancestor(b, a) || (!is_ancestor(a, b) && a > b)) {
		struct inode *t = a;

		a = b;
		b = t;
	}
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);
}

static void unlock_two(struct inode *a, struct inode *b)
{
	if (a)
		mutex_unlock(&a->lock);
	if (b && b != a)
		mutex_unlock(&b->lock);
}

/* Moves the subdirectory ino from one parent to another (all locked). */
static void reparent(struct inode *ino, struct inode *from, struct inode *to)
{
	if (!S_ISDIR(ino->mode) || from == to)
		return;
	RI(ino)->dir.parent = inode_get(to);
	inode_put(from); /* the caller holds it: never the last reference */
	from->nlink--;
	to->nlink++;
}

/*
 * The checks Linux's do_renameat2 and vfs_rename make once the two
 * parents are locked, in their order, then the move. RENAME_OSLASH and
 * RENAME_NSLASH (from the VFS) say that the names had trailing slashes.
 */
static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen,
			u32 flags)
{
	struct ramfs_sb *fs = RI(odir)->fs;
	struct ramfs_dirent *ode, *nde, *wde = NULL, *fresh = NULL, *gone = NULL;
	struct inode *src, *tgt, *wh = NULL, *put = NULL;
	bool exchange = flags & RENAME_EXCHANGE, isdir;
	int err;

	/* What a move may need is made first: nothing fails half-way. */
	if (!exchange && nlen <= NAME_MAX) {
		fresh = kmalloc(sizeof(*fresh) + nlen + 1);
		if (!fresh)
			return -ENOMEM;
	}
	if (flags & RENAME_WHITEOUT) {
		wh = ramfs_new_inode(fs, S_IFCHR, 0);
		wde = kmalloc(sizeof(*wde) + olen + 1);
		if (!wh || !wde) {
			err = wh ? -ENOMEM : -ENOSPC;
			goto out_free;
		}
		inode_init_owner(wh, odir);
	}
	mutex_lock(&fs->rename_lock);
	lock_two(odir, ndir);
	err = -ENAMETOOLONG;
	if (olen > NAME_MAX)
		goto out;
	ode = dir_find(odir, oname, olen);
	err = -ENOENT;
	if (!ode)
		goto out; /* the source must exist */
	err = -ENAMETOOLONG;
	if (nlen > NAME_MAX)
		goto out;
	src = ode->ino;
	nde = dir_find(ndir, nname, nlen);
	tgt = nde ? nde->ino : NULL;
	isdir = S_ISDIR(src->mode);
	err = -EEXIST;
	if ((flags & RENAME_NOREPLACE) && tgt)
		goto out;
	if (exchange) {
		err = -ENOENT;
		if (!tgt)
			goto out;
		err = -ENOTDIR;
		if (!S_ISDIR(tgt->mode) && (flags & RENAME_NSLASH))
			goto out;
	}
	err = -ENOTDIR;
	if (!isdir && ((flags & RENAME_OSLASH) ||
		       (!exchange && (flags & RENAME_NSLASH))))
		goto out;
	/* The source may not be above the target, nor the target above it. */
	err = -EINVAL;
	if (isdir && odir != ndir && is_ancestor(src, ndir))
		goto out;
	err = exchange ? -EINVAL : -ENOTEMPTY;
	if (tgt && S_ISDIR(tgt->mode) && odir != ndir &&
	    is_ancestor(tgt, odir))
		goto out;
	err = 0;
	if (src == tgt)
		goto out; /* two names of one file: nothing to do */
	err = may_remove(odir, src, isdir);
	if (err)
		goto out;
	if (!tgt)
		err = dir_dead(ndir) ? -ENOENT
				     : inode_permission(ndir, MAY_WRITE | MAY_EXEC);
	else
		err = may_remove(ndir, tgt, exchange ? S_ISDIR(tgt->mode)
						      : isdir);
	if (err)
		goto out;
	lock_two(src, tgt);
	if (vfs_is_mountpoint(src) || (tgt && vfs_is_mountpoint(tgt)))
		err = -EBUSY;
	else if (!exchange && tgt && S_ISDIR(tgt->mode) &&
		 !list_empty(&RI(tgt)->dir.entries))
		err = -ENOTEMPTY;
	if (err) {
		unlock_two(src, tgt);
		goto out;
	}
	if (exchange) {
		ode->ino = tgt;
		nde->ino = src;
		reparent(src, odir, ndir);
		reparent(tgt, ndir, odir);
		touch_dir(odir);
		touch_dir(ndir);
		tgt->ctime = odir->mtime;
	} else {
		dir_remove(odir, ode);
		gone = ode;
		if (tgt) {
			/* The target's entry now names the source. */
			nde->ino = src;
			touch_dir(ndir);
			drop_name(ndir, tgt);
			put = tgt;
		} else {
			dir_add(ndir, fresh, src, nname, nlen);
			fresh = NULL;
		}
		reparent(src, odir, ndir);
		if (wh) {
			dir_add(odir, wde, wh, oname, olen);
			wh = NULL;
			wde = NULL;
		}
	}
	src->ctime = odir->mtime;
	unlock_two(src, tgt);
out:
	unlock_two(odir, ndir);
	mutex_unlock(&fs->rename_lock);
	inode_put(put);
out_free:
	kfree(gone);
	kfree(fresh);
	inode_put(wh);
	kfree(wde);
	return err;
}

static const char *ramfs_get_link(struct inode *ino)
{
	return RI(ino)->link;
}

/* How many pages a tree of this height covers. */
static u64 tree_span(u32 height)
{
	return height ? 1ULL << (TREE_SHIFT * height) : 0;
}

/*
 * The slot for page idx, making the nodes on the way when alloc says so
 * (NULL when there is none, or out of memory). Caller holds ino->lock.
 */
static struct page **tree_slot(struct ramfs_inode *ri, u64 idx, bool alloc)
{
	void **node;

	while (idx >= tree_span(ri->reg.height)) {
		if (!alloc)
			return NULL;
		/* Taller: the old tree becomes the new root's first child. */
		node = kmalloc(TREE_SLOTS * sizeof(void *));
		if (!node)
			return NULL;
		node[0] = ri->reg.tree;
		ri->reg.tree = node;
		ri->reg.height++;
	}
	node = ri->reg.tree;
	for (u32 h = ri->reg.height; h > 1; h--) {
		void **next = &node[(idx >> (TREE_SHIFT * (h - 1))) &
				    (TREE_SLOTS - 1)];

		if (!*next) {
			if (!alloc)
				return NULL;
			*next = kmalloc(TREE_SLOTS * sizeof(void *));
			if (!*next)
				return NULL;
		}
		node = *next;
	}
	return (struct page **)&node[idx & (TREE_SLOTS - 1)];
}

/*
 * Drops the pages at and past page keep under node (height h, first page
 * base), and the nodes left with nothing to cover. Caller holds the lock.
 */
static void tree_trim(struct ramfs_inode *ri, void **node, u32 h, u64 base,
		      u64 keep)
{
	u64 span = tree_span(h - 1) ? tree_span(h - 1) : 1;

	for (u32 i = 0; i < TREE_SLOTS; i++) {
		u64 first = base + i * span;

		if (!node[i] || first + span <= keep)
			continue;
		if (h == 1) {
			page_put(node[i]);
			free_block(ri->fs);
			ri->vfs.blocks -= PAGE_SIZE / 512;
		} else {
			tree_trim(ri, node[i], h - 1, first, keep);
			if (first < keep)
				continue; /* still holds pages before keep */
			kfree(node[i]);
		}
		node[i] = NULL;
	}
}

/*
 * The first page index in [from, end) under node (height h, first page
 * base) that is present, or absent when present is false; end if none.
 */
static u64 tree_find(void **node, u32 h, u64 base, u64 from, u64 end,
		     bool present)
{
	u64 span = h > 1 ? tree_span(h - 1) : 1, first, r;

	for (u64 i = from > base ? (from - base) / span : 0; i < TREE_SLOTS;
	     i++) {
		first = base + i * span;
		if (first >= end)
			break;
		if (!node[i]) {
			if (!present)
				return MAX(first, from);
			continue;
		}
		if (h == 1) {
			if (present)
				return MAX(first, from);
			continue;
		}
		r = tree_find(node[i], h - 1, first, MAX(first, from),
			      MIN(end, first + span), present);
		if (r < MIN(end, first + span))
			return r;
	}
	return end;
}

/*
 * Returns the page at idx, allocating it when alloc says so; the caller
 * holds ino->lock. NULL for a hole not to be filled, and with *err set
 * past the size limit (-EFBIG), the instance's (-ENOSPC), or out of memory.
 */
static struct page *reg_page(struct inode *ino, u64 idx, bool alloc,
			     int *err)
{
	struct ramfs_inode *ri = RI(ino);
	struct page **slot = tree_slot(ri, idx, false);
	void *va;

	if (slot && *slot)
		return *slot;
	if (!alloc)
		return NULL;
	*err = -EFBIG;
	if (idx > RAMFS_MAX_SIZE / PAGE_SIZE)
		return NULL;
	*err = -ENOMEM;
	slot = tree_slot(ri, idx, true);
	if (!slot)
		return NULL;
	*err = -ENOSPC;
	if (!reserve_block(ri->fs))
		return NULL;
	va = alloc_page();
	if (!va) {
		free_block(ri->fs);
		*err = -ENOMEM;
		return NULL;
	}
	*slot = virt_to_page(va);
	ino->blocks += PAGE_SIZE / 512;
	return *slot;
}

static struct page *ramfs_get_page(struct inode *ino, u64 idx)
{
	struct page *pg = NULL;
	int err;

	mutex_lock(&ino->lock);
	if (idx < ALIGN_UP(ino->size, PAGE_SIZE) / PAGE_SIZE) {
		pg = reg_page(ino, idx, true, &err);
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
	int err;

	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	mutex_lock(&ri->reg.write_lock);
	mutex_lock(&ino->lock);
	if ((size < ino->size && (ri->reg.seals & F_SEAL_SHRINK)) ||
	    (size > ino->size && (ri->reg.seals & F_SEAL_GROW))) {
		mutex_unlock(&ino->lock);
		mutex_unlock(&ri->reg.write_lock);
		return -EPERM;
	}
	if (size < ino->size) {
		if (ri->reg.tree)
			tree_trim(ri, ri->reg.tree, ri->reg.height, 0, keep);
		pg = size % PAGE_SIZE ?
			     reg_page(ino, size / PAGE_SIZE, false, &err) :
			     NULL;
		if (pg)
			memset((char *)page_address(pg) + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	/* Even to the same size, as Linux 6.1's truncate(2) on tmpfs. */
	ktime_get_real(&ino->mtime);
	ino->ctime = ino->mtime;
	ino->size = size;
	mutex_unlock(&ino->lock);
	mutex_unlock(&ri->reg.write_lock);
	return 0;
}

static void ramfs_evict(struct inode *ino)
{
	struct ramfs_inode *ri = RI(ino);
	struct ramfs_sb *fs = ri->fs;
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
		if (ri->reg.tree) {
			tree_trim(ri, ri->reg.tree, ri->reg.height, 0, 0);
			kfree(ri->reg.tree);
		}
		break;
	case S_IFLNK:
		kfree(ri->link);
		break;
	}
	free_inode_slot(fs);
	kfree(ri->gone);
	kfree(ri);
	fs_put(fs);
}

static const struct inode_ops ramfs_iops = {
	.lookup = ramfs_lookup,
	.get_page = ramfs_get_page,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.get_link = ramfs_get_link,
	.get_name = ramfs_get_name,
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
	int unused;

	while (done < n) {
		mutex_lock(&ino->lock);
		if (p >= ino->size) {
			mutex_unlock(&ino->lock);
			break;
		}
		chunk = MIN(PAGE_SIZE - p % PAGE_SIZE, ino->size - p);
		chunk = MIN(chunk, user_chunk(ubuf + done, n - done));
		pg = reg_page(ino, p / PAGE_SIZE, false, &unused);
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
	if (done || !err)
		file_accessed(f);
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
	int perr;
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
		/* A sealed file refuses, page by page, as shmem_write_begin. */
		if ((ri->reg.seals & F_SEAL_GROW) && p + chunk > ino->size) {
			mutex_unlock(&ino->lock);
			err = -EPERM;
			break;
		}
		pg = reg_page(ino, p / PAGE_SIZE, true, &perr);
		if (pg)
			page_get(pg);
		mutex_unlock(&ino->lock);
		if (!pg) {
			err = perr;
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
		/* A write by anyone but root drops set-user-ID, as Linux. */
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

/* Nothing to write back: the pages are the file. */
static int ramfs_fsync(struct file *f)
{
	return 0;
}

/*
 * SEEK_DATA and SEEK_HOLE by page, as tmpfs finds them: data is the
 * pages held, a hole the rest, and the end of the file is a hole.
 */
static off_t ramfs_llseek(struct file *f, off_t off, int whence)
{
	struct inode *ino = f->inode;
	struct ramfs_inode *ri = RI(ino);
	u64 size, end, idx, r, limit;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_file_llseek(f, off, whence);
	mutex_lock(&ino->lock);
	size = ino->size;
	if (off < 0 || (u64)off >= size) {
		mutex_unlock(&ino->lock);
		return -ENXIO;
	}
	end = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	idx = off / PAGE_SIZE;
	/* Past what the tree covers, everything is a hole. */
	limit = MIN(end, tree_span(ri->reg.height));
	r = ri->reg.tree && idx < limit ?
		    tree_find(ri->reg.tree, ri->reg.height, 0, idx, limit,
			      whence == SEEK_DATA) :
		    limit;
	mutex_unlock(&ino->lock);
	if (whence == SEEK_DATA && r >= limit)
		r = end;
	else if (whence == SEEK_HOLE && r >= limit)
		r = MAX(idx, limit);
	if (whence == SEEK_DATA) {
		if (r >= end)
			return -ENXIO;
		off = MAX((u64)off, r * PAGE_SIZE);
	} else {
		off = r >= end ? size : MAX((u64)off, r * PAGE_SIZE);
	}
	f->pos = off;
	return off;
}

static const struct file_ops ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = ramfs_llseek,
	.fsync = ramfs_fsync,
};

bool ramfs_file(struct file *f)
{
	return f->inode && f->inode->iops == &ramfs_iops;
}

/*
 * F_GET_SEALS and F_ADD_SEALS on a regular ramfs file (the caller checked
 * that it may write for F_ADD_SEALS). F_SEAL_WRITE and
 * F_SEAL_FUTURE_WRITE are not implemented: they would need to know of
 * the file's writable shared mappings, which nothing counts yet, so they
 * are refused as unknown seals are (EINVAL).
 */
long ramfs_seals(struct file *f, unsigned int cmd, u64 arg)
{
	struct inode *ino = f->inode;
	struct ramfs_inode *ri = RI(ino);
	long r = 0;

	if (cmd == F_GET_SEALS)
		return READ_ONCE(ri->reg.seals);
	if (arg & ~(u64)F_ALL_SEALS)
		return -EINVAL;
	mutex_lock(&ri->reg.write_lock);
	mutex_lock(&ino->lock);
	if (ri->reg.seals & F_SEAL_SEAL)
		r = -EPERM;
	else if (arg & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		r = -EINVAL;
	else
		ri->reg.seals |= arg;
	mutex_unlock(&ino->lock);
	mutex_unlock(&ri->reg.write_lock);
	return r;
}

/*
 * memfd_create's file: regular, mode 0777 and no name in any directory
 * of sb, named "memfd:<name>" for /proc (" (deleted)" follows, as on
 * Linux), with the seals given.
 */
struct inode *ramfs_new_unlinked(struct super_block *sb, const char *name,
				 u32 seals)
{
	struct ramfs_sb *fs = sb->fs_private;
	size_t len = strlen(name);
	struct ramfs_dirent *de = kmalloc(sizeof(*de) + len + 1);
	struct inode *ino;

	if (!de)
		return ERR_PTR(-ENOMEM);
	ino = ramfs_new_inode(fs, S_IFREG | 0777, 0);
	if (!ino) {
		kfree(de);
		return ERR_PTR(-ENOSPC);
	}
	ino->nlink = 0;
	inode_init_owner(ino, sb->root);
	de->ino = NULL;
	de->cookie = 0;
	de->len = len;
	memcpy(de->name, name, len + 1);
	RI(ino)->gone = de;
	RI(ino)->reg.seals = seals;
	return ino;
}

/*
 * A directory position is a cookie: 0 and 1 are "." and "..", then each
 * entry's own number, so an entry removed between two calls never makes
 * the next one skip or repeat a name. The entry is read with the
 * directory locked; vfs_getdents64 copies it out unlocked.
 */
static s64 ramfs_dir_entry(struct file *f, s64 pos, char *name, u64 *ino,
			   u32 *mode)
{
	struct inode *dir = f->inode;
	struct ramfs_dirent *de;
	s64 next = 0;

	mutex_lock(&dir->lock);
	if (dir_dead(dir)) {
		/* A removed directory lists nothing, as IS_DEADDIR. */
		mutex_unlock(&dir->lock);
		return -ENOENT;
	}
	if (pos < 2) {
		struct inode *up = pos ? RI(dir)->dir.parent : NULL;

		strlcpy(name, pos ? ".." : ".", NAME_MAX + 1);
		*ino = (up ? up : dir)->ino;
		*mode = S_IFDIR;
		next = pos + 1;
	} else {
		list_for_each_entry(de, &RI(dir)->dir.entries, link) {
			if (de->cookie < (u64)pos)
				continue;
			memcpy(name, de->name, de->len);
			name[de->len] = '\0';
			*ino = de->ino->ino;
			*mode = de->ino->mode;
			next = de->cookie + 1;
			break;
		}
	}
	mutex_unlock(&dir->lock);
	return next;
}

/* The caller holds f->pos_lock. */
static long ramfs_getdents64(struct file *f, void *ubuf, size_t n)
{
	long ret = vfs_getdents64(f, ubuf, n, ramfs_dir_entry);

	if (ret >= 0)
		file_accessed(f);
	return ret;
}

static const struct file_ops ramfs_dir_fops = {
	.read = vfs_dir_read,
	.llseek = no_seek_end_llseek,
	.getdents64 = ramfs_getdents64,
	.fsync = ramfs_fsync,
};

/* ---------------------------------------------------------- instances */

/* tmpfs's defaults: half of RAM for pages, and as many inodes. */
static u64 default_blocks(void)
{
	return total_page_count() / 2;
}

struct tmpfs_opts {
	const struct fs_type *type;
	u64 blocks, inodes;
	u32 mode, uid, gid;
	bool full_inums;
	bool have_mode, have_uid, have_gid;
};

static int tmpfs_param(void *ctx, const char *key, const char *val)
{
	struct tmpfs_opts *o = ctx;
	size_t vlen = val ? strlen(val) : 0;
	u64 n;

	/* ramfs takes mode= and quietly ignores the rest, as Linux's. */
	if (o->type == &ramfs_type && strcmp(key, "mode"))
		return 0;
	if (!strcmp(key, "inode64") && !val) {
		o->full_inums = true;
		return 0;
	}
	if (!strcmp(key, "inode32") && !val) {
		o->full_inums = false;
		return 0;
	}
	if (!val)
		return -EINVAL;
	if (!strcmp(key, "size")) {
		if (vlen > 1 && val[vlen - 1] == '%') {
			char num[24];

			if (vlen > sizeof(num))
				return -EINVAL;
			memcpy(num, val, vlen - 1);
			num[vlen - 1] = '\0';
			if (parse_size(num, &n, false) || n > 100000000)
				return -EINVAL;
			o->blocks = (total_page_count() * n + 99) / 100;
			return 0;
		}
		if (parse_size(val, &n, true))
			return -EINVAL;
		o->blocks = ALIGN_UP(n, PAGE_SIZE) / PAGE_SIZE;
		if (n && !o->blocks)
			return -EINVAL; /* the rounding wrapped */
		return 0;
	}
	if (!strcmp(key, "nr_blocks")) {
		if (parse_size(val, &o->blocks, true))
			return -EINVAL;
		return 0;
	}
	if (!strcmp(key, "nr_inodes")) {
		if (parse_size(val, &o->inodes, true))
			return -EINVAL;
		return 0;
	}
	if (!strcmp(key, "mode")) {
		if (parse_mode_opt(val, &o->mode))
			return -EINVAL;
		o->have_mode = true;
		return 0;
	}
	if (!strcmp(key, "uid") || !strcmp(key, "gid")) {
		/* (uid_t)-1 is no valid id. */
		if (parse_uint_opt(val, 0xfffffffeULL, &n))
			return -EINVAL;
		if (key[0] == 'u') {
			o->uid = (u32)n;
			o->have_uid = true;
		} else {
			o->gid = (u32)n;
			o->have_gid = true;
		}
		return 0;
	}
	if (!strcmp(key, "huge")) {
		/* Transparent huge pages do not exist here: only "never". */
		return strcmp(val, "never") ? -EINVAL : 0;
	}
	return -EINVAL;
}

static void defaults(struct tmpfs_opts *o, const struct fs_type *t)
{
	memset(o, 0, sizeof(*o));
	o->type = t;
	o->full_inums = true;
	if (t == &ramfs_type) {
		o->mode = 0755;
		return;
	}
	o->blocks = default_blocks();
	o->inodes = default_blocks();
	o->mode = t == &devtmpfs_type ? 0755 : 01777;
}

/* A new instance with its root directory; ERR_PTR on failure. */
static struct super_block *ramfs_new_sb(const struct fs_type *t,
					const struct tmpfs_opts *o)
{
	struct super_block *sb = sb_alloc(t);
	struct ramfs_sb *fs = kmalloc(sizeof(*fs));
	struct inode *r;

	if (!sb || !fs) {
		kfree(fs);
		sb_put(sb); /* no fs_private: kill_sb has nothing to do */
		return ERR_PTR(-ENOMEM);
	}
	fs->refcount = 1;
	fs->sb = sb;
	mutex_init(&fs->rename_lock, "ramfs_rename");
	fs->max_blocks = o->blocks;
	fs->max_inodes = o->inodes;
	fs->mode = o->mode;
	fs->uid = o->uid;
	fs->gid = o->gid;
	fs->full_inums = o->full_inums;
	fs->show_limits = t == &rootfs_type || t == &devtmpfs_type;
	sb->fs_private = fs;
	if (t != &ramfs_type)
		get_random_bytes(sb->fsid, sizeof(sb->fsid));
	r = ramfs_new_inode(fs, S_IFDIR | o->mode, 0);
	if (!r) {
		sb_put(sb);
		return ERR_PTR(-ENOMEM);
	}
	r->uid = o->uid;
	r->gid = o->gid;
	sb->root = r;
	return sb;
}

static struct super_block *devtmpfs;

struct super_block *ramfs_get_sb(const struct fs_type *t, char *data,
				 u32 sb_flags)
{
	struct super_block *sb;
	struct tmpfs_opts o;
	int err;

	defaults(&o, t);
	err = mount_options(data, &sb_flags, tmpfs_param, &o);
	if (err)
		return ERR_PTR(err);
	if (t == &devtmpfs_type) {
		/* One instance, which every mount shows. */
		sb = devtmpfs_sb();
		if (sb)
			__atomic_fetch_add(&sb->refcount, 1, __ATOMIC_RELAXED);
		return sb ? sb : ERR_PTR(-ENOMEM);
	}
	sb = ramfs_new_sb(t, &o);
	if (!IS_ERR(sb))
		sb->flags = sb_flags;
	return sb;
}

/* tmpfs's remount may change the limits (not below what is in use). */
int ramfs_remount(struct super_block *sb, char *data)
{
	struct ramfs_sb *fs = sb->fs_private;
	struct tmpfs_opts o;
	u32 flags = 0;
	int err;

	defaults(&o, sb->type);
	o.blocks = fs->max_blocks;
	o.inodes = fs->max_inodes;
	o.full_inums = fs->full_inums;
	err = mount_options(data, &flags, tmpfs_param, &o);
	if (err)
		return err;
	if ((o.blocks && o.blocks < fs->used_blocks) ||
	    (o.inodes && o.inodes < fs->used_inodes))
		return -EINVAL;
	fs->max_blocks = o.blocks;
	fs->max_inodes = o.inodes;
	fs->full_inums = o.full_inums;
	return 0;
}

void ramfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct ramfs_sb *fs = sb->fs_private;
	u64 used = __atomic_load_n(&fs->used_blocks, __ATOMIC_RELAXED);
	u64 files = __atomic_load_n(&fs->used_inodes, __ATOMIC_RELAXED);

	if (fs->max_blocks) {
		st->f_blocks = fs->max_blocks;
		st->f_bfree = st->f_bavail =
			fs->max_blocks > used ? fs->max_blocks - used : 0;
	}
	if (fs->max_inodes) {
		st->f_files = fs->max_inodes;
		st->f_ffree = fs->max_inodes > files ? fs->max_inodes - files
						     : 0;
	}
}

/* shmem_show_options: what differs from the defaults, in its order. */
void ramfs_show_options(struct super_block *sb, struct strbuf *m)
{
	struct ramfs_sb *fs = sb->fs_private;

	if (sb->type == &ramfs_type) {
		if (fs->mode != 0755)
			sb_printf(m, ",mode=%o", fs->mode);
		return;
	}
	if (fs->show_limits || fs->max_blocks != default_blocks())
		sb_printf(m, ",size=%luk", fs->max_blocks * (PAGE_SIZE / 1024));
	if (fs->show_limits || fs->max_inodes != default_blocks())
		sb_printf(m, ",nr_inodes=%lu", fs->max_inodes);
	if (fs->mode != 01777)
		sb_printf(m, ",mode=%03o", fs->mode);
	if (fs->uid)
		sb_printf(m, ",uid=%u", fs->uid);
	if (fs->gid)
		sb_printf(m, ",gid=%u", fs->gid);
	sb_printf(m, fs->full_inums ? ",inode64" : ",inode32");
}

/*
 * The last mount went: every name is removed, deepest first, without
 * recursion (trees may be deep). Open files keep their inodes.
 */
void ramfs_kill_sb(struct super_block *sb)
{
	struct ramfs_sb *fs = sb->fs_private;
	struct inode *dir = sb->root, *ino;
	struct ramfs_dirent *de;

	if (!fs)
		return;
	while (dir) {
		mutex_lock(&dir->lock);
		if (list_empty(&RI(dir)->dir.entries)) {
			mutex_unlock(&dir->lock);
			dir = dir == sb->root ? NULL : RI(dir)->dir.parent;
			continue;
		}
		de = list_first_entry(&RI(dir)->dir.entries,
				      struct ramfs_dirent, link);
		ino = de->ino;
		if (S_ISDIR(ino->mode) && !list_empty(&RI(ino)->dir.entries)) {
			mutex_unlock(&dir->lock);
			dir = ino; /* its entry in dir keeps it alive */
			continue;
		}
		dir_remove(dir, de);
		mutex_lock(&ino->lock);
		drop_name(dir, ino);
		mutex_unlock(&ino->lock);
		mutex_unlock(&dir->lock);
		inode_put(ino);
		kfree(de);
	}
	fs_put(fs);
}

/*
 * devtmpfs: made on first use with the device nodes, and kept: Linux's
 * lives from boot, mounted or not.
 */
struct super_block *devtmpfs_sb(void)
{
	struct super_block *sb = __atomic_load_n(&devtmpfs, __ATOMIC_ACQUIRE);
	struct tmpfs_opts o;
	struct inode *ino;

	if (sb)
		return sb;
	defaults(&o, &devtmpfs_type);
	sb = ramfs_new_sb(&devtmpfs_type, &o);
	if (IS_ERR(sb))
		return NULL;
	for (size_t i = 0; i < dev_nodes_count; i++) {
		ino = vfs_mknod_in(sb->root, dev_nodes[i].name,
				   dev_nodes[i].mode, dev_nodes[i].rdev, NULL);
		if (!IS_ERR(ino))
			inode_put(ino);
	}
	/* Two racing first mounts: one instance wins, the other goes. */
	if (!__atomic_compare_exchange_n(&devtmpfs, &(struct super_block *){
						 NULL }, sb, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		sb_put(sb);
		sb = __atomic_load_n(&devtmpfs, __ATOMIC_ACQUIRE);
	}
	return sb;
}
