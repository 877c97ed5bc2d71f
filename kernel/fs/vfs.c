/*
 * The file system layer's inode side: references, stat and statx,
 * attribute changes (chmod, chown, utimensat, truncate), access(2), the
 * working directory, and the boot-time root.
 *
 * Attribute changes follow Linux's notify_change: the mount must be
 * writable, the caller must own the inode (or be root) to change its mode
 * or set its times, and changing the owner of a non-directory drops its
 * set-user-ID bit (and set-group-ID when group-executable), for root too.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "inotify.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/inotify.h"

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

/* ---------------------------------------------------------------- stat */

/* Linux's new_encode_dev: what stat shows for a device number. */
static u64 encode_dev(u32 major, u32 minor)
{
	return (minor & 0xff) | (major << 8) | ((u64)(minor & ~0xffU) << 12);
}

static void fill_stat(struct inode *ino, u32 dev, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	mutex_lock(&ino->lock);
	st->st_dev = encode_dev(0, dev);
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = encode_dev(MAJOR(ino->rdev), MINOR(ino->rdev));
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

void vfs_fill_stat(struct inode *ino, struct linux_stat *st)
{
	fill_stat(ino, ino->sb ? ino->sb->dev : 0, st);
}

void vfs_getattr(const struct path *p, struct linux_stat *st)
{
	fill_stat(p->ino, p->mnt->sb->dev, st);
}

/* Whether a > b, for timespecs. */
static bool ts_after(const struct linux_timespec *a,
		     const struct linux_timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/*
 * A read or a listing touches atime as Linux's touch_atime: never with
 * O_NOATIME or on noatime mounts (nodiratime for directories); on
 * relatime mounts only when atime is not after mtime and ctime, or is a
 * day old; always otherwise (the rootfs is mounted without relatime).
 */
void file_accessed(struct file *f)
{
	struct inode *ino = f->inode;
	u32 mflags = f->mnt ? READ_ONCE(f->mnt->flags) : MNT_NOATIME;
	struct linux_timespec now;

	if (!ino || (f->flags & O_NOATIME) || (mflags & MNT_NOATIME) ||
	    ((mflags & MNT_NODIRATIME) && S_ISDIR(ino->mode)) ||
	    (f->mnt && mnt_want_write(f->mnt)))
		return;
	ktime_get_real(&now);
	mutex_lock(&ino->lock);
	if (!(mflags & MNT_RELATIME) || !ts_after(&ino->atime, &ino->mtime) ||
	    !ts_after(&ino->atime, &ino->ctime) ||
	    now.tv_sec - ino->atime.tv_sec >= 24 * 60 * 60)
		ino->atime = now;
	mutex_unlock(&ino->lock);
}

static void statx_time(struct linux_statx_timestamp *t,
		       const struct linux_timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (u32)ts->tv_nsec;
}

/*
 * What tmpfs reports: the basic stats and the mount ID always, the birth
 * time when asked, mount roots flagged, and the attributes it could have.
 */
void vfs_statx(const struct path *p, u32 mask, struct linux_statx *sx)
{
	struct inode *ino = p->ino;
	struct linux_stat st;
	bool ramfs = ino->iops && ino->iops->rename; /* tmpfs-like */

	vfs_getattr(p, &st);
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx->stx_blksize = st.st_blksize;
	sx->stx_nlink = st.st_nlink;
	sx->stx_uid = st.st_uid;
	sx->stx_gid = st.st_gid;
	sx->stx_mode = (u16)st.st_mode;
	sx->stx_ino = st.st_ino;
	sx->stx_size = st.st_size;
	sx->stx_blocks = st.st_blocks;
	mutex_lock(&ino->lock);
	statx_time(&sx->stx_atime, &ino->atime);
	statx_time(&sx->stx_mtime, &ino->mtime);
	statx_time(&sx->stx_ctime, &ino->ctime);
	if (ramfs && (mask & STATX_BTIME)) {
		sx->stx_mask |= STATX_BTIME;
		statx_time(&sx->stx_btime, &ino->btime);
	}
	mutex_unlock(&ino->lock);
	sx->stx_rdev_major = MAJOR(ino->rdev);
	sx->stx_rdev_minor = MINOR(ino->rdev);
	sx->stx_dev_major = 0;
	sx->stx_dev_minor = p->mnt->sb->dev;
	sx->stx_mnt_id = mnt_id(p->mnt);
	sx->stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT |
				  STATX_ATTR_DAX;
	if (ramfs)
		sx->stx_attributes_mask |= STATX_ATTR_IMMUTABLE |
					   STATX_ATTR_APPEND |
					   STATX_ATTR_NODUMP;
	if (p->ino == p->mnt->root || p->ino->ino == p->mnt->root->ino)
		sx->stx_attributes |= STATX_ATTR_MOUNT_ROOT;
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

/* ---------------------------------------------------------- attributes */

static bool owner_or_root(struct inode *ino)
{
	return fs_capable() || current_fsuid() == READ_ONCE(ino->uid);
}

static void now(struct linux_timespec *ts)
{
	ktime_get_real(ts);
}

int vfs_chmod(const struct path *p, u32 mode)
{
	struct inode *ino = p->ino;
	int err = mnt_want_write(p->mnt);

	if (err)
		return err;
	if (!owner_or_root(ino))
		return -EPERM;
	/* An owner outside the file's group cannot set S_ISGID. */
	if (!fs_capable() && !group_member(READ_ONCE(ino->gid), current_fsgid()))
		mode &= ~S_ISGID;
	mutex_lock(&ino->lock);
	ino->mode = (ino->mode & ~S_IALLUGO) | (mode & S_IALLUGO);
	now(&ino->ctime);
	mutex_unlock(&ino->lock);
	fsnotify_inode(ino, IN_ATTRIB);
	return 0;
}

int vfs_chown(const struct path *p, u32 uid, u32 gid)
{
	struct inode *ino = p->ino;
	int err = mnt_want_write(p->mnt);

	if (err)
		return err;
	/*
	 * chown_ok and chgrp_ok: only root gives files away; an owner may
	 * set the group to one it is in.
	 */
	if (!fs_capable()) {
		bool owner = current_fsuid() == READ_ONCE(ino->uid);

		if ((uid != (u32)-1 && (!owner || uid != READ_ONCE(ino->uid))) ||
		    (gid != (u32)-1 &&
		     (!owner || (gid != READ_ONCE(ino->gid) &&
				 !group_member(gid, current_fsgid())))))
			return -EPERM;
	}
	mutex_lock(&ino->lock);
	if (uid != (u32)-1)
		ino->uid = uid;
	if (gid != (u32)-1)
		ino->gid = gid;
	if (!S_ISDIR(ino->mode)) {
		ino->mode &= ~S_ISUID;
		if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			ino->mode &= ~S_ISGID;
	}
	now(&ino->ctime);
	mutex_unlock(&ino->lock);
	fsnotify_inode(ino, IN_ATTRIB);
	return 0;
}

static bool nsec_valid(s64 nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW ||
	       (nsec >= 0 && nsec <= 999999999);
}

int vfs_utimes(const struct path *p, const struct linux_timespec *times)
{
	struct inode *ino = p->ino;
	struct linux_timespec t;
	int err;

	if (times) {
		if (!nsec_valid(times[0].tv_nsec) ||
		    !nsec_valid(times[1].tv_nsec))
			return -EINVAL;
		if (times[0].tv_nsec == UTIME_NOW &&
		    times[1].tv_nsec == UTIME_NOW)
			times = NULL;
	}
	err = mnt_want_write(p->mnt);
	if (err)
		return err;
	if (!owner_or_root(ino)) {
		/* Setting given times needs ownership; "now" write access. */
		if (times && (times[0].tv_nsec != UTIME_NOW ||
			      times[1].tv_nsec != UTIME_NOW))
			return -EPERM;
		err = inode_permission(ino, MAY_WRITE);
		if (err)
			return err;
	}
	now(&t);
	mutex_lock(&ino->lock);
	if (!times || times[0].tv_nsec == UTIME_NOW)
		ino->atime = t;
	else if (times[0].tv_nsec != UTIME_OMIT)
		ino->atime = times[0];
	if (!times || times[1].tv_nsec == UTIME_NOW)
		ino->mtime = t;
	else if (times[1].tv_nsec != UTIME_OMIT)
		ino->mtime = times[1];
	ino->ctime = t;
	mutex_unlock(&ino->lock);
	fsnotify_inode(ino, IN_ATTRIB);
	return 0;
}

int vfs_setsize(struct inode *ino, s64 len, bool touch)
{
	int err;

	if (!ino->iops->setsize)
		return -EINVAL;
	err = ino->iops->setsize(ino, len);
	if (!err && touch) {
		mutex_lock(&ino->lock);
		now(&ino->mtime);
		ino->ctime = ino->mtime;
		mutex_unlock(&ino->lock);
	}
	if (!err)
		fsnotify_inode(ino, IN_MODIFY);
	return err;
}

/* truncate(2): vfs_truncate's order. */
int vfs_truncate(const struct path *p, s64 len)
{
	struct inode *ino = p->ino;
	int err;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	err = mnt_want_write(p->mnt);
	if (!err)
		err = inode_permission(ino, MAY_WRITE);
	if (err)
		return err;
	return vfs_setsize(ino, len, false);
}

/* ftruncate(2) always sets the times, even to the same size. */
int vfs_ftruncate(struct file *f, s64 len)
{
	return vfs_setsize(f->inode, len, true);
}

/*
 * faccessat: the real ids unless AT_EACCESS; a regular file on a noexec
 * mount is not executable; write access to a read-only mount is EROFS.
 */
int vfs_access(const struct path *p, int mode, bool eaccess)
{
	struct process *proc = current_proc();
	struct inode *ino = p->ino;
	u32 m = READ_ONCE(ino->mode), uid, gid;
	int mask = (mode & R_OK ? MAY_READ : 0) | (mode & W_OK ? MAY_WRITE : 0) |
		   (mode & X_OK ? MAY_EXEC : 0);

	if ((mode & X_OK) && S_ISREG(m) &&
	    (READ_ONCE(p->mnt->flags) & MNT_NOEXEC))
		return -EACCES;
	uid = proc ? (eaccess ? proc->fsuid : proc->uid) : 0;
	gid = proc ? (eaccess ? proc->fsgid : proc->gid) : 0;
	if (permission_as(ino, mask, uid, gid, uid == 0))
		return -EACCES;
	if (!(mode & W_OK) || S_ISCHR(ino->mode) || S_ISBLK(ino->mode) ||
	    S_ISFIFO(ino->mode) || S_ISSOCK(ino->mode))
		return 0;
	return mnt_want_write(p->mnt);
}

/* ----------------------------------------------------------------- cwd */

void cwd_init(struct process *p)
{
	const struct path *r = root_path();

	p->cwd = inode_get(r->ino);
	p->cwd_mnt = mnt_get(r->mnt);
}

void cwd_copy(struct process *to, struct process *from)
{
	struct path cwd;

	cwd_get(from, &cwd);
	to->cwd = cwd.ino;
	to->cwd_mnt = cwd.mnt;
}

void cwd_drop(struct process *p)
{
	struct path old;

	spin_lock(&proc_lock);
	old.ino = p->cwd;
	old.mnt = p->cwd_mnt;
	p->cwd = NULL;
	p->cwd_mnt = NULL;
	spin_unlock(&proc_lock);
	inode_put(old.ino);
	mnt_put(old.mnt);
}

int vfs_chdir(const struct path *p)
{
	struct process *proc = current_proc();
	struct path old;
	int err;

	if (!S_ISDIR(p->ino->mode))
		return -ENOTDIR;
	err = inode_permission(p->ino, MAY_EXEC);
	if (err)
		return err;
	path_get(p);
	spin_lock(&proc_lock);
	old.ino = proc->cwd;
	old.mnt = proc->cwd_mnt;
	proc->cwd = p->ino;
	proc->cwd_mnt = p->mnt;
	spin_unlock(&proc_lock);
	inode_put(old.ino);
	mnt_put(old.mnt);
	return 0;
}

/* ---------------------------------------------------------------- boot */

void vfs_init(void)
{
	struct super_block *sb;
	struct inode *dev, *ino;

	console_init();
	sb = rootfs_type.get_sb(&rootfs_type, NULL, 0);
	if (IS_ERR(sb))
		panic("vfs: no memory for the root file system");
	mount_init(sb);
	sb_put(sb); /* the root mount holds it */
	/* The nodes Linux's initramfs would find, and the devices we drive. */
	dev = vfs_mknod_in(vfs_root(), "/dev", S_IFDIR | 0755, 0, NULL);
	if (IS_ERR(dev))
		panic("vfs: cannot make /dev: %ld", PTR_ERR(dev));
	for (size_t i = 0; i < dev_nodes_count; i++) {
		ino = vfs_mknod_in(dev, dev_nodes[i].name, dev_nodes[i].mode,
				   dev_nodes[i].rdev, NULL);
		if (IS_ERR(ino))
			panic("vfs: cannot make /dev/%s: %ld",
			      dev_nodes[i].name, PTR_ERR(ino));
		inode_put(ino);
	}
	inode_put(dev);
	ino = vfs_mknod_in(vfs_root(), "/root", S_IFDIR | 0700, 0, NULL);
	if (IS_ERR(ino))
		panic("vfs: cannot make /root: %ld", PTR_ERR(ino));
	inode_put(ino);
	/* devtmpfs exists from boot, as on Linux (0:5), mounted or not. */
	if (!devtmpfs_sb())
		panic("vfs: no memory for devtmpfs");
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

size_t vfs_fill_dirent(void *rec, size_t room, u64 ino, s64 next, u32 mode,
		       const char *name, size_t len)
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

long vfs_getdents64(struct file *f, void *ubuf, size_t n, dir_entry_fn entry)
{
	u64 rec[(sizeof(struct linux_dirent64) + NAME_MAX + 8) / 8];
	char name[NAME_MAX + 1];
	size_t done = 0, len;
	s64 pos = f->pos, next;
	long err = 0;
	u64 ino;
	u32 mode;

	for (;; pos = next) {
		next = entry(f, pos, name, &ino, &mode);
		if (next <= 0) {
			if (!done)
				err = next;
			break;
		}
		len = vfs_fill_dirent(rec, n - done, ino, next, mode, name,
				      strlen(name));
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
	}
	f->pos = pos;
	return done ? (long)done : err;
}

ssize_t vfs_dir_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	return -EISDIR;
}

struct inode *ro_dir_create(struct inode *dir, const char *name, size_t len,
			    u32 mode, u32 rdev, const char *link)
{
	return ERR_PTR(S_ISREG(mode) ? -EACCES : -EPERM);
}

int ro_dir_link(struct inode *dir, const char *name, size_t len,
		struct inode *ino)
{
	return -EPERM;
}

off_t no_seek_end_llseek(struct file *f, off_t off, int whence)
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
