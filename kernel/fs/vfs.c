/*
 * The file system layer: inode references, path lookup, open, stat and
 * the boot-time root.
 *
 * Lookup walks one component at a time from a directory the walker holds
 * a reference to, as Linux's link_path_walk does: "." stays, ".." asks the
 * file system (root's ".." is root), a symlink met in the middle of a path
 * is always followed, and one at the end when the caller says so or a
 * slash follows it. Links followed are counted per lookup; the 41st gives
 * ELOOP. Names are slices of the path string and are never copied.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

/* Set once by vfs_init and never changed: no lock. */
static struct inode *root;

struct inode *inode_get(struct inode *ino)
{
	__atomic_fetch_add(&ino->refcount, 1, __ATOMIC_RELAXED);
	return ino;
}

void inode_put(struct inode *ino)
{
	if (!ino || __atomic_sub_fetch(&ino->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (ino->iops && ino->iops->evict)
		ino->iops->evict(ino);
	else
		kfree(ino);
}

/* The root lives forever; this returns no new reference. */
struct inode *vfs_root(void)
{
	return root;
}

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* Looks up one name in dir, which the caller holds. */
static struct inode *step(struct inode *dir, const char *name, size_t len)
{
	if (!S_ISDIR(dir->mode))
		return ERR_PTR(-ENOTDIR);
	if (is_dot(name, len) || (is_dotdot(name, len) && dir == root))
		return inode_get(dir);
	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	return dir->iops->lookup(dir, name, len);
}

/*
 * Splits the next component off the path [*p, end): sets name, whether a
 * slash followed it, and whether it is the last one. Returns its length,
 * 0 when only slashes were left.
 */
static size_t next_component(const char **p, const char *end,
			     const char **name, bool *slash, bool *last)
{
	const char *s = *p;
	size_t len;

	while (s < end && *s == '/')
		s++;
	*name = s;
	while (s < end && *s != '/')
		s++;
	len = s - *name;
	*slash = s < end;
	while (s < end && *s == '/')
		s++;
	*last = s == end;
	*p = s;
	return len;
}

static struct inode *walk(struct inode *dir, const char *path, size_t plen,
			  bool follow, int *links);

/* Resolves the symlink ino found in dir, consuming the reference to ino. */
static struct inode *follow_link(struct inode *dir, struct inode *ino,
				 int *links)
{
	const char *target;
	struct inode *r;

	if (++*links > MAXSYMLINKS) {
		r = ERR_PTR(-ELOOP);
	} else {
		target = ino->iops->get_link(ino);
		r = *target ? walk(dir, target, strlen(target), true, links)
			    : ERR_PTR(-ENOENT);
	}
	inode_put(ino);
	return r;
}

/*
 * Resolves path (plen bytes, not necessarily NUL-terminated) from dir,
 * which the caller holds; an absolute path starts at the root. An empty
 * path resolves to dir itself: callers that must refuse it do so first.
 */
static struct inode *walk(struct inode *dir, const char *path, size_t plen,
			  bool follow, int *links)
{
	const char *end = path + plen, *name;
	struct inode *cur, *next;
	bool slash, last;
	size_t len;

	cur = inode_get(plen && *path == '/' ? root : dir);
	for (;;) {
		len = next_component(&path, end, &name, &slash, &last);
		if (!len)
			return cur;
		next = step(cur, name, len);
		if (!IS_ERR(next) && S_ISLNK(next->mode) &&
		    (!last || follow || slash))
			next = follow_link(cur, next, links);
		inode_put(cur);
		if (IS_ERR(next))
			return next;
		cur = next;
		if (last) {
			if (slash && !S_ISDIR(cur->mode)) {
				inode_put(cur);
				return ERR_PTR(-ENOTDIR);
			}
			return cur;
		}
	}
}

/*
 * Resolves all but the last component of path and returns that directory
 * with a reference. name and len give the last component (len 0 for a
 * path like "/" that has none); slash says whether slashes followed it.
 */
static struct inode *walk_parent(struct inode *dir, const char *path,
				 const char **name, size_t *len, bool *slash,
				 int *links)
{
	const char *end = path + strlen(path), *e = end, *b;
	struct inode *parent;

	while (e > path && e[-1] == '/')
		e--;
	*slash = e != end;
	for (b = e; b > path && b[-1] != '/'; b--)
		;
	*name = b;
	*len = e - b;
	if (b == path)
		return inode_get(*path == '/' ? root : dir);
	parent = walk(dir, path, b - path, true, links);
	if (!IS_ERR(parent) && !S_ISDIR(parent->mode)) {
		inode_put(parent);
		return ERR_PTR(-ENOTDIR);
	}
	return parent;
}

/* Where a relative path starts: the cwd, or the directory dirfd names. */
static struct inode *start_dir(int dirfd, const char *path)
{
	struct process *p = current_proc();
	struct inode *ino;
	struct file *f;

	if (*path == '/' || !p)
		return inode_get(root);
	if (dirfd == AT_FDCWD)
		return inode_get(p->cwd ? p->cwd : root);
	f = fd_get(dirfd);
	if (!f)
		return ERR_PTR(-EBADF);
	ino = f->inode && S_ISDIR(f->inode->mode) ? inode_get(f->inode)
						  : ERR_PTR(-ENOTDIR);
	file_put(f);
	return ino;
}

struct inode *vfs_lookup_in(struct inode *dir, const char *path, bool follow)
{
	int links = 0;

	if (!*path)
		return ERR_PTR(-ENOENT);
	return walk(dir, path, strlen(path), follow, &links);
}

struct inode *vfs_lookup_at(int dirfd, const char *path, bool follow)
{
	struct inode *dir, *ino;

	if (!*path)
		return ERR_PTR(-ENOENT);
	dir = start_dir(dirfd, path);
	if (IS_ERR(dir))
		return dir;
	ino = vfs_lookup_in(dir, path, follow);
	inode_put(dir);
	return ino;
}

/* New objects belong to the caller's effective ids (root at boot). */
static void set_owner(struct inode *ino)
{
	struct process *p = current_proc();

	if (!p)
		return;
	mutex_lock(&ino->lock);
	ino->uid = p->euid;
	ino->gid = p->egid;
	mutex_unlock(&ino->lock);
}

/* The umask is the caller's business: mode is used as given. */
struct inode *vfs_mknod_in(struct inode *dir, const char *path, u32 mode,
			   u32 rdev, const char *link)
{
	struct inode *parent, *ino;
	const char *name;
	bool slash;
	size_t len;
	int links = 0;

	if (!*path)
		return ERR_PTR(-ENOENT);
	parent = walk_parent(dir, path, &name, &len, &slash, &links);
	if (IS_ERR(parent))
		return parent;
	if (!len || is_dot(name, len) || is_dotdot(name, len)) {
		ino = ERR_PTR(-EEXIST);
	} else if (len > NAME_MAX) {
		ino = ERR_PTR(-ENAMETOOLONG);
	} else if (slash && !S_ISDIR(mode)) {
		/* Linux: "name/" may only make a directory. */
		ino = step(parent, name, len);
		if (!IS_ERR(ino)) {
			inode_put(ino);
			ino = ERR_PTR(-EEXIST);
		}
	} else {
		ino = parent->iops->create(parent, name, len, mode, rdev,
					   link);
		if (!IS_ERR(ino))
			set_owner(ino);
	}
	inode_put(parent);
	return ino;
}

struct inode *vfs_mknod_at(int dirfd, const char *path, u32 mode, u32 rdev,
			   const char *link)
{
	struct inode *dir, *ino;

	if (!*path)
		return ERR_PTR(-ENOENT);
	dir = start_dir(dirfd, path);
	if (IS_ERR(dir))
		return dir;
	ino = vfs_mknod_in(dir, path, mode, rdev, link);
	inode_put(dir);
	return ino;
}

int vfs_link_in(struct inode *dir, const char *path, struct inode *ino)
{
	struct inode *parent;
	const char *name;
	bool slash;
	size_t len;
	int links = 0, err;

	parent = walk_parent(dir, path, &name, &len, &slash, &links);
	if (IS_ERR(parent))
		return PTR_ERR(parent);
	if (!len || is_dot(name, len) || is_dotdot(name, len))
		err = -EEXIST;
	else
		err = parent->iops->link(parent, name, len, ino);
	inode_put(parent);
	return err;
}

int vfs_unlink_in(struct inode *dir, const char *path, bool rmdir)
{
	struct inode *parent;
	const char *name;
	bool slash;
	size_t len;
	int links = 0, err;

	parent = walk_parent(dir, path, &name, &len, &slash, &links);
	if (IS_ERR(parent))
		return PTR_ERR(parent);
	if (!len)
		err = rmdir ? -EBUSY : -EISDIR;
	else if (is_dot(name, len))
		err = rmdir ? -EINVAL : -EISDIR;
	else if (is_dotdot(name, len))
		err = rmdir ? -ENOTEMPTY : -EISDIR;
	else
		err = parent->iops->unlink(parent, name, len, rmdir);
	inode_put(parent);
	return err;
}

static struct inode *open_create(struct inode *dir, const char *path,
				 u32 flags, u32 mode, int *links);

/* open(O_CREAT) met the symlink ino in dir: go on at its target. */
static struct inode *open_create_link(struct inode *dir, struct inode *ino,
				      u32 flags, u32 mode, int *links)
{
	const char *target = ino->iops->get_link(ino);
	struct inode *r;

	if (flags & O_NOFOLLOW)
		r = ERR_PTR(-ELOOP);
	else if (++*links > MAXSYMLINKS)
		r = ERR_PTR(-ELOOP);
	else if (!*target)
		r = ERR_PTR(-ENOENT);
	else
		r = open_create(dir, target, flags, mode, links);
	inode_put(ino);
	return r;
}

/*
 * The last step of open(O_CREAT): the name is looked up in its parent and
 * made if missing. A symlink there is followed, and a dangling one makes
 * its target, as Linux does. A create that loses a race to another one
 * finds the winner's file on the next lookup.
 */
static struct inode *open_create(struct inode *dir, const char *path,
				 u32 flags, u32 mode, int *links)
{
	struct inode *parent, *ino;
	const char *name;
	bool slash;
	size_t len;

	parent = walk_parent(dir, path, &name, &len, &slash, links);
	if (IS_ERR(parent))
		return parent;
	if (!len || is_dot(name, len) || is_dotdot(name, len) || slash)
		ino = ERR_PTR(-EISDIR);
	else if (len > NAME_MAX)
		ino = ERR_PTR(-ENAMETOOLONG);
	else
		ino = ERR_PTR(-EEXIST);
	while (PTR_ERR(ino) == -EEXIST) {
		ino = parent->iops->lookup(parent, name, len);
		if (!IS_ERR(ino)) {
			if (flags & O_EXCL) {
				inode_put(ino);
				ino = ERR_PTR(-EEXIST);
			} else if (S_ISLNK(ino->mode)) {
				ino = open_create_link(parent, ino, flags, mode,
						       links);
			} else if (S_ISDIR(ino->mode)) {
				inode_put(ino);
				ino = ERR_PTR(-EISDIR);
			}
			break;
		}
		if (PTR_ERR(ino) != -ENOENT)
			break;
		ino = parent->iops->create(parent, name, len, S_IFREG | mode,
					   0, NULL);
		if (!IS_ERR(ino))
			set_owner(ino);
	}
	inode_put(parent);
	return ino;
}

/* O_TMPFILE: an unnamed regular file made in the directory path names. */
static struct inode *open_tmpfile(struct inode *dir, const char *path,
				  u32 mode, int *links)
{
	struct inode *d = walk(dir, path, strlen(path), true, links), *ino;

	if (IS_ERR(d))
		return d;
	if (!S_ISDIR(d->mode))
		ino = ERR_PTR(-ENOTDIR);
	else
		ino = d->iops->create(d, "", 0, S_IFREG | mode, 0, NULL);
	if (!IS_ERR(ino))
		set_owner(ino);
	inode_put(d);
	return ino;
}

/* An O_PATH file: it names an inode and can do nothing else. */
static const struct file_ops path_fops;

struct file *vfs_open_inode(struct inode *ino, u32 flags)
{
	const struct file_ops *fops = ino->fops;
	u32 acc = flags & O_ACCMODE;
	bool wr = acc == O_WRONLY || acc == O_RDWR;
	struct file *f;

	if (flags & O_PATH) {
		fops = &path_fops;
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW;
	} else {
		switch (ino->mode & S_IFMT) {
		case S_IFREG:
			break;
		case S_IFDIR:
			if (wr || (flags & O_TRUNC))
				return ERR_PTR(-EISDIR);
			break;
		case S_IFLNK:
			return ERR_PTR(-ELOOP);
		case S_IFCHR:
			fops = chrdev_fops(ino->rdev);
			if (!fops)
				return ERR_PTR(-ENXIO);
			break;
		default:
			/* FIFOs, sockets and block devices: not yet. */
			return ERR_PTR(-ENXIO);
		}
	}
	/* Linux keeps O_LARGEFILE in f_flags on 64-bit; F_GETFL shows it. */
	f = file_alloc(fops, ino, (flags & ~(O_CREAT | O_EXCL | O_NOCTTY |
					     O_TRUNC | O_CLOEXEC)) |
					  O_LARGEFILE);
	if (!f)
		return ERR_PTR(-ENOMEM);
	/* Linux truncates on O_TRUNC even for O_RDONLY. */
	if (!(flags & O_PATH) && (flags & O_TRUNC) && S_ISREG(ino->mode) &&
	    ino->iops->setsize) {
		int err = ino->iops->setsize(ino, 0);

		if (err) {
			file_put(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

struct file *vfs_open_at(int dirfd, const char *path, u32 flags, u32 mode)
{
	struct process *p = current_proc();
	struct inode *dir, *ino;
	struct file *f;
	int links = 0;

	if (!*path)
		return ERR_PTR(-ENOENT);
	/* open(2) quietly drops what O_PATH does not allow. */
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return ERR_PTR(-EINVAL);
	dir = start_dir(dirfd, path);
	if (IS_ERR(dir))
		return ERR_PTR(PTR_ERR(dir));
	mode &= 07777 & ~(p ? p->umask : 022);
	if (flags & __O_TMPFILE)
		ino = open_tmpfile(dir, path, mode, &links);
	else if (flags & O_CREAT)
		ino = open_create(dir, path, flags, mode, &links);
	else
		ino = walk(dir, path, strlen(path), !(flags & O_NOFOLLOW),
			   &links);
	inode_put(dir);
	if (IS_ERR(ino))
		return ERR_PTR(PTR_ERR(ino));
	if (flags & __O_TMPFILE)
		f = vfs_open_inode(ino, flags & ~(O_TMPFILE | O_CREAT));
	else if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		f = ERR_PTR(-ENOTDIR);
	else
		f = vfs_open_inode(ino, flags);
	inode_put(ino);
	return f;
}

/*
 * Reads through get_page, which fills holes with fresh zero pages: only
 * the ELF loader uses this, on files that have none.
 */
ssize_t vfs_read_kernel(struct inode *ino, u64 off, void *buf, size_t n)
{
	size_t done = 0, chunk;
	struct page *pg;
	u64 size;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode) || !ino->iops->get_page)
		return -EINVAL;
	while (done < n) {
		mutex_lock(&ino->lock);
		size = ino->size;
		mutex_unlock(&ino->lock);
		if (off >= size)
			break;
		chunk = MIN(PAGE_SIZE - off % PAGE_SIZE, n - done);
		chunk = MIN(chunk, size - off);
		pg = ino->iops->get_page(ino, off / PAGE_SIZE);
		if (!pg)
			return done ? (ssize_t)done : -ENOMEM;
		memcpy((char *)buf + done,
		       (char *)page_address(pg) + off % PAGE_SIZE, chunk);
		page_put(pg);
		done += chunk;
		off += chunk;
	}
	return done;
}

void vfs_fill_stat(struct inode *ino, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	mutex_lock(&ino->lock);
	st->st_dev = RAMFS_DEV;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	/* Linux's new encoding equals the old one for 8-bit minors. */
	st->st_rdev = MAJOR(ino->rdev) << 8 | MINOR(ino->rdev);
	st->st_size = ino->size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = ino->blocks;
	st->st_atime = ino->atime.tv_sec;
	st->st_atime_nsec = ino->atime.tv_nsec;
	st->st_mtime = ino->mtime.tv_sec;
	st->st_mtime_nsec = ino->mtime.tv_nsec;
	st->st_ctime = ino->ctime.tv_sec;
	st->st_ctime_nsec = ino->ctime.tv_nsec;
	mutex_unlock(&ino->lock);
}

/*
 * For files whose position is a byte offset within the inode's size. The
 * caller holds f->pos_lock. SEEK_DATA and SEEK_HOLE treat the whole file
 * as data, as Linux's generic code does.
 */
off_t generic_file_llseek(struct file *f, off_t off, int whence)
{
	struct inode *ino = f->inode;
	s64 size, base = 0;

	mutex_lock(&ino->lock);
	size = ino->size;
	mutex_unlock(&ino->lock);
	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
		if (off < 0 || off >= size)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		off = size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &off) || off < 0)
		return -EINVAL;
	f->pos = off;
	return off;
}

/* The nodes Linux's initramfs would find, and the devices we drive. */
static const struct {
	const char *path;
	u32 mode;
	u32 rdev;
} boot_nodes[] = {
	{ "/dev", S_IFDIR | 0755, 0 },
	{ "/dev/console", S_IFCHR | 0600, MKDEV(5, 1) },
	{ "/dev/tty", S_IFCHR | 0666, MKDEV(5, 0) },
	{ "/dev/null", S_IFCHR | 0666, MKDEV(1, 3) },
	{ "/dev/zero", S_IFCHR | 0666, MKDEV(1, 5) },
	{ "/dev/full", S_IFCHR | 0666, MKDEV(1, 7) },
	{ "/dev/random", S_IFCHR | 0666, MKDEV(1, 8) },
	{ "/dev/urandom", S_IFCHR | 0666, MKDEV(1, 9) },
	{ "/root", S_IFDIR | 0700, 0 },
};

void vfs_init(void)
{
	struct inode *ino;

	console_init();
	root = ramfs_mount();
	if (!root)
		panic("vfs: no memory for the root directory");
	for (size_t i = 0; i < ARRAY_SIZE(boot_nodes); i++) {
		ino = vfs_mknod_in(root, boot_nodes[i].path, boot_nodes[i].mode,
				   boot_nodes[i].rdev, NULL);
		if (IS_ERR(ino))
			panic("vfs: cannot make %s: %ld", boot_nodes[i].path,
			      PTR_ERR(ino));
		inode_put(ino);
	}
}

/*
 * Linux warns and goes on without a console when /dev/console is missing;
 * we fall back on a console file without an inode, so that init can
 * still say what went wrong.
 */
int open_console_fds(void)
{
	struct file *f;
	int fd;

	f = vfs_open_at(AT_FDCWD, "/dev/console", O_RDWR, 0);
	if (IS_ERR(f)) {
		printk("vfs: cannot open /dev/console (%ld), using the UART\n",
		       PTR_ERR(f));
		f = file_alloc(&console_fops, NULL, O_RDWR | O_LARGEFILE);
		if (!f)
			return -ENOMEM;
	}
	for (int i = 0; i < 3; i++) {
		fd = fd_install(i ? file_get(f) : f, 0, false);
		if (fd < 0) {
			file_put(f);
			return fd;
		}
	}
	return 0;
}
