/*
 * File syscalls: argument checking in Linux's order, then the file layer.
 *
 * The checks a handler makes, and their order, are Linux's, because
 * programs see which error comes first: a read is EBADF for a bad fd,
 * then EBADF for a file not open for reading, then EFAULT for a buffer
 * outside user space, and only then does a count of 0 return 0.
 */
#include "abi/linux/syscalls.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/inotify.h"
#include "abi/linux/stat.h"
#include "kernel/include/file.h"
#include "kernel/include/inotify.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"
#include "kernel/include/vfs.h"
#include "kernel/include/vm.h"

/* Copies a path in; returns a kmalloc'd string or ERR_PTR(-errno). */
static char *getname(u64 upath)
{
	char *buf = kmalloc(PATH_MAX);
	long r;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	r = strncpy_from_user(buf, (const char *)upath, PATH_MAX);
	if (r < 0) {
		kfree(buf);
		return ERR_PTR(r);
	}
	return buf;
}

/* An O_PATH file only names an inode: no I/O, no ioctl, no seeking. */
static bool is_path(struct file *f)
{
	return f->flags & O_PATH;
}

static bool can_read(struct file *f)
{
	u32 acc = f->flags & O_ACCMODE;

	return !is_path(f) && (acc == O_RDONLY || acc == O_RDWR);
}

static bool can_write(struct file *f)
{
	u32 acc = f->flags & O_ACCMODE;

	return !is_path(f) && (acc == O_WRONLY || acc == O_RDWR);
}

/*
 * Regular files and directories have a shared position that concurrent
 * calls must not tear; ttys and devices take no lock, so a reader blocked
 * on the console never holds up the others.
 */
static bool has_pos(struct file *f)
{
	return f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode));
}

static void pos_lock(struct file *f)
{
	if (has_pos(f))
		mutex_lock(&f->pos_lock);
}

static void pos_unlock(struct file *f)
{
	if (has_pos(f))
		mutex_unlock(&f->pos_lock);
}

/* rw_verify_area: the end of the transfer must fit in a loff_t. */
static long check_area(struct file *f, size_t n)
{
	s64 end;

	if (has_pos(f) && __builtin_add_overflow(f->pos, (s64)n, &end))
		return -EINVAL;
	return 0;
}

/* vfs_read and vfs_write's checks, in their order; 0 or -errno. */
static long check_rw(struct file *f, bool write)
{
	if (write ? !can_write(f) : !can_read(f))
		return -EBADF;
	if (write ? !f->ops->write : !f->ops->read)
		return -EINVAL;
	return 0;
}

/*
 * One transfer, the caller holding f's position lock. The length is
 * clamped to MAX_RW_COUNT as Linux does, so a short count results.
 */
static ssize_t transfer(struct file *f, u64 ubuf, size_t n, bool write)
{
	n = MIN(n, (size_t)MAX_RW_COUNT);
	return write ? f->ops->write(f, (const char *)ubuf, n, &f->pos)
		     : f->ops->read(f, (char *)ubuf, n, &f->pos);
}

static long rw(u64 fd, u64 ubuf, u64 n, bool write)
{
	struct file *f = fd_get((int)fd);
	long r;

	if (!f)
		return -EBADF;
	r = check_rw(f, write);
	if (!r && !user_range_ok(ubuf, n))
		r = -EFAULT;
	/*
	 * Files with a position take an empty transfer as done; the others
	 * decide (Linux's vfs_read calls them: an eventfd says EINVAL).
	 */
	if (!r && (n || !has_pos(f))) {
		pos_lock(f);
		r = check_area(f, n);
		if (!r)
			r = transfer(f, ubuf, n, write);
		pos_unlock(f);
	}
	if (r > 0)
		fsnotify_file(f, write ? IN_MODIFY : IN_ACCESS);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(read)
{
	return rw(a0, a1, a2, false);
}

SYSCALL_DEFINE(write)
{
	return rw(a0, a1, a2, true);
}

/*
 * Copies an iovec array in, with import_iovec's checks in its order: the
 * count (EINVAL past IOV_MAX), the array (EFAULT), each length (EINVAL if
 * negative), each buffer (EFAULT). Lengths past MAX_RW_COUNT in total are
 * cut. Returns the total, or -errno.
 */
static long import_iovec(u64 uiov, u64 cnt, struct linux_iovec **out)
{
	struct linux_iovec *iov;
	size_t total = 0;

	*out = NULL;
	if (cnt > IOV_MAX)
		return -EINVAL;
	if (!cnt)
		return 0;
	iov = kmalloc(cnt * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	*out = iov;
	if (copy_from_user(iov, (void *)uiov, cnt * sizeof(*iov)))
		return -EFAULT;
	for (u64 i = 0; i < cnt; i++)
		if ((s64)iov[i].iov_len < 0)
			return -EINVAL;
	for (u64 i = 0; i < cnt; i++) {
		if (!user_range_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		iov[i].iov_len = MIN(iov[i].iov_len, MAX_RW_COUNT - total);
		total += iov[i].iov_len;
	}
	return total;
}

/*
 * readv and writev. The fd is looked up first, then the array imported,
 * then the file's mode checked, as Linux's do_readv does. Segments go one
 * at a time and a short one ends the call, like Linux's loop for files
 * without read_iter; empty segments are skipped.
 */
static long rwv(u64 fd, u64 uiov, u64 cnt, bool write)
{
	struct linux_iovec *iov;
	struct file *f = fd_get((int)fd);
	ssize_t done = 0, r;
	long total;

	if (!f)
		return -EBADF;
	total = import_iovec(uiov, cnt, &iov);
	r = total < 0 ? total : check_rw(f, write);
	if (!r && total) {
		pos_lock(f);
		r = check_area(f, total);
		for (u64 i = 0; !r && i < cnt; i++) {
			ssize_t n;

			if (!iov[i].iov_len)
				continue;
			n = transfer(f, iov[i].iov_base, iov[i].iov_len, write);
			if (n < 0) {
				r = n;
				break;
			}
			done += n;
			if ((size_t)n < iov[i].iov_len)
				break; /* a short transfer ends the call */
		}
		pos_unlock(f);
		if (done)
			r = done;
	}
	if (done)
		fsnotify_file(f, write ? IN_MODIFY : IN_ACCESS);
	kfree(iov);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(readv)
{
	return rwv(a0, a1, a2, false);
}

SYSCALL_DEFINE(writev)
{
	return rwv(a0, a1, a2, true);
}

/*
 * open(2)'s own rules on flags, checked before the path is read: unknown
 * bits are dropped, O_PATH drops all but three, O_TMPFILE needs write
 * access, and the mode only counts when a file is made.
 */
SYSCALL_DEFINE(openat)
{
	int dirfd = (int)a0;
	u32 flags = (u32)a2 & VALID_OPEN_FLAGS;
	u32 mode = (u32)a3 & 07777;
	u32 acc = flags & O_ACCMODE;
	struct file *f;
	char *path;
	long fd;

	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	/* Linux 6.1 (backported from 6.4) refuses this pair outright. */
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return -EINVAL;
	if ((flags & __O_TMPFILE) && ((flags & O_TMPFILE) != O_TMPFILE ||
				      (acc != O_WRONLY && acc != O_RDWR)))
		return -EINVAL;
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	f = vfs_open_at(dirfd, path, flags, mode);
	if (IS_ERR(f)) {
		fd = PTR_ERR(f);
		goto out;
	}
	fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
out:
	kfree(path);
	return fd;
}

SYSCALL_DEFINE(close)
{
	return fd_close((int)a0);
}

SYSCALL_DEFINE(lseek)
{
	struct file *f = fd_get((int)a0);
	u32 whence = (u32)a2;
	long r;

	if (!f)
		return -EBADF;
	if (is_path(f))
		r = -EBADF;
	else if (whence > SEEK_HOLE)
		r = -EINVAL;
	else if (!f->ops->llseek)
		r = -ESPIPE;
	else {
		mutex_lock(&f->pos_lock);
		r = f->ops->llseek(f, (off_t)a1, whence);
		mutex_unlock(&f->pos_lock);
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(getdents64)
{
	struct file *f = fd_get((int)a0);
	long r;

	if (!f)
		return -EBADF;
	if (is_path(f))
		r = -EBADF;
	else if (!f->ops->getdents64)
		r = -ENOTDIR;
	else {
		mutex_lock(&f->pos_lock);
		r = f->ops->getdents64(f, (void *)a1, (u32)a2);
		mutex_unlock(&f->pos_lock);
	}
	file_put(f);
	return r;
}

/* Files without an inode (pipes, sockets) report an empty stat for now. */
static void stat_file(struct file *f, struct linux_stat *st)
{
	if (f->inode && f->mnt) {
		vfs_getattr(&(struct path){ f->mnt, f->inode }, st);
	} else if (f->inode) {
		vfs_fill_stat(f->inode, st);
	} else {
		memset(st, 0, sizeof(*st));
		st->st_blksize = PAGE_SIZE;
	}
}

SYSCALL_DEFINE(fstat)
{
	struct file *f = fd_get((int)a0);
	struct linux_stat st;

	if (!f)
		return -EBADF;
	stat_file(f, &st);
	file_put(f);
	return copy_to_user((void *)a1, &st, sizeof(st));
}

/*
 * Linux checks the flags before it looks at the path; an empty path means
 * dirfd itself, and only with AT_EMPTY_PATH.
 */
SYSCALL_DEFINE(newfstatat)
{
	int dirfd = (int)a0;
	u32 flags = (u32)a3;
	struct linux_stat st;
	struct path p;
	struct file *f;
	char *path;
	long r = 0;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (!*path && !(flags & AT_EMPTY_PATH)) {
		r = -ENOENT;
	} else if (!*path && dirfd != AT_FDCWD) {
		f = fd_get(dirfd);
		if (f) {
			stat_file(f, &st);
			file_put(f);
		} else {
			r = -EBADF;
		}
	} else {
		r = vfs_path_at(dirfd, *path ? path : ".",
				flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
				&p);
		if (!r) {
			vfs_getattr(&p, &st);
			path_put(&p);
		}
	}
	kfree(path);
	if (!r)
		r = copy_to_user((void *)a2, &st, sizeof(st));
	return r;
}

/* The ioctls every file has (Linux's do_vfs_ioctl), before the driver's. */
static long ioctl_fioclex(int fd, struct file *f, u64 arg)
{
	return fd_set_cloexec(fd, true);
}

static long ioctl_fionclex(int fd, struct file *f, u64 arg)
{
	return fd_set_cloexec(fd, false);
}

static long ioctl_fionbio(int fd, struct file *f, u64 arg)
{
	int on;

	if (copy_from_user(&on, (void *)arg, sizeof(on)))
		return -EFAULT;
	if (on)
		__atomic_fetch_or(&f->flags, O_NONBLOCK, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&f->flags, ~O_NONBLOCK, __ATOMIC_RELAXED);
	return 0;
}

/* FIONREAD on a regular file is generic; other files ask their driver. */
static long ioctl_fionread(int fd, struct file *f, u64 arg)
{
	int n;

	if (!f->inode || !S_ISREG(f->inode->mode))
		return f->ops->ioctl ? f->ops->ioctl(f, FIONREAD, arg)
				     : -ENOTTY;
	mutex_lock(&f->inode->lock);
	n = (int)(f->inode->size - f->pos);
	mutex_unlock(&f->inode->lock);
	return copy_to_user((void *)arg, &n, sizeof(n));
}

static const struct {
	unsigned int cmd;
	long (*fn)(int fd, struct file *f, u64 arg);
} generic_ioctls[] = {
	{ FIOCLEX, ioctl_fioclex },
	{ FIONCLEX, ioctl_fionclex },
	{ FIONBIO, ioctl_fionbio },
	{ FIONREAD, ioctl_fionread },
};

SYSCALL_DEFINE(ioctl)
{
	int fd = (int)a0;
	unsigned int cmd = (u32)a1;
	struct file *f = fd_get(fd);
	long r = -ENOTTY;
	size_t i;

	if (!f)
		return -EBADF;
	if (is_path(f)) {
		file_put(f);
		return -EBADF;
	}
	for (i = 0; i < ARRAY_SIZE(generic_ioctls); i++)
		if (generic_ioctls[i].cmd == cmd)
			break;
	if (i < ARRAY_SIZE(generic_ioctls))
		r = generic_ioctls[i].fn(fd, f, a2);
	else if (f->ops->ioctl)
		r = f->ops->ioctl(f, cmd, a2);
	file_put(f);
	return r;
}

/* ------------------------------------------------------------ names */

/*
 * The place a descriptor names, for the f*() calls. O_PATH files only
 * name a place: the calls that act on the file (fchmod, fchown, futimens,
 * ftruncate, fsync) refuse them with EBADF, as Linux's fdget does.
 * Files with no place (pipes, sockets) are EINVAL for now.
 */
static long fd_place(int fd, bool allow_path, struct file **fp,
		     struct path *p)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (is_path(f) && !allow_path) {
		file_put(f);
		return -EBADF;
	}
	if (!f->inode || !f->mnt) {
		file_put(f);
		return -EINVAL;
	}
	*fp = f;
	p->mnt = f->mnt;
	p->ino = f->inode;
	return 0;
}

/*
 * Resolves a user path for the *at() calls. With LOOKUP_EMPTY an empty
 * string names dirfd itself.
 */
static long user_path_at(int dirfd, u64 upath, u32 flags, struct path *p)
{
	char *path = getname(upath);
	long r;

	if (IS_ERR(path))
		return PTR_ERR(path);
	r = vfs_path_at(dirfd, path, flags, p);
	kfree(path);
	return r;
}

static long current_umask(void)
{
	return __atomic_load_n(&current_proc()->umask, __ATOMIC_RELAXED);
}

SYSCALL_DEFINE(getcwd)
{
	char *buf = kmalloc(PATH_MAX);
	long len;

	if (!buf)
		return -ENOMEM;
	len = vfs_getcwd(buf, PATH_MAX);
	if (len >= 0) {
		if ((u64)len > a1)
			len = -ERANGE;
		else if (copy_to_user((void *)a0, buf, len))
			len = -EFAULT;
	}
	kfree(buf);
	return len;
}

SYSCALL_DEFINE(chdir)
{
	struct path p;
	long r = user_path_at(AT_FDCWD, a0, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			      &p);

	if (r)
		return r;
	r = vfs_chdir(&p);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(fchdir)
{
	struct file *f = fd_get((int)a0);
	long r;

	if (!f)
		return -EBADF;
	if (!f->inode || !f->mnt || !S_ISDIR(f->inode->mode))
		r = -ENOTDIR;
	else
		r = vfs_chdir(&(struct path){ f->mnt, f->inode });
	file_put(f);
	return r;
}

SYSCALL_DEFINE(umask)
{
	return __atomic_exchange_n(&current_proc()->umask, (u32)a0 & 0777,
				   __ATOMIC_RELAXED);
}

/*
 * mknodat: may_mknod's type check comes before anything about the path.
 * A FIFO or socket node is made here; opening one is the business of the
 * pipe and socket layers.
 */
SYSCALL_DEFINE(mknodat)
{
	u32 mode = (u32)a2, dev = (u32)a3, type = mode & S_IFMT, rdev = 0;
	struct inode *ino;
	char *path;

	switch (type) {
	case 0:
		type = S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		/* new_decode_dev: 12 bits of major, 20 of minor. */
		rdev = MKDEV((dev & 0xfff00) >> 8,
			     (dev & 0xff) | ((dev >> 12) & 0xfff00));
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	ino = vfs_mknod_at((int)a0, path,
			   type | (mode & S_IALLUGO & ~current_umask()), rdev,
			   NULL);
	kfree(path);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_put(ino);
	return 0;
}

SYSCALL_DEFINE(mkdirat)
{
	u32 mode = ((u32)a2 & (S_IRWXUGO | S_ISVTX)) & ~current_umask();
	struct inode *ino;
	char *path = getname(a1);

	if (IS_ERR(path))
		return PTR_ERR(path);
	ino = vfs_mknod_at((int)a0, path, S_IFDIR | mode, 0, NULL);
	kfree(path);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_put(ino);
	return 0;
}

SYSCALL_DEFINE(unlinkat)
{
	u32 flags = (u32)a2;
	char *path;
	long r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	r = vfs_unlink_at((int)a0, path, flags & AT_REMOVEDIR);
	kfree(path);
	return r;
}

/* The target is read first: an empty or bad one fails before the path. */
SYSCALL_DEFINE(symlinkat)
{
	char *target = getname(a0), *path;
	struct inode *ino;

	if (IS_ERR(target))
		return PTR_ERR(target);
	if (!*target) {
		kfree(target);
		return -ENOENT;
	}
	path = getname(a2);
	if (IS_ERR(path)) {
		kfree(target);
		return PTR_ERR(path);
	}
	ino = vfs_mknod_at((int)a1, path, S_IFLNK | 0777, 0, target);
	kfree(path);
	kfree(target);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_put(ino);
	return 0;
}

SYSCALL_DEFINE(linkat)
{
	u32 flags = (u32)a4, how = 0;
	char *old, *new;
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		how |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		how |= LOOKUP_EMPTY;
	/* Naming any open file needs CAP_DAC_READ_SEARCH: else ENOENT. */
	if ((flags & AT_EMPTY_PATH) && current_proc()->fsuid)
		return -ENOENT;
	old = getname(a1);
	if (IS_ERR(old))
		return PTR_ERR(old);
	new = getname(a3);
	if (IS_ERR(new)) {
		/* Linux finds the old file before it reports a bad new name. */
		struct path p;

		r = vfs_path_at((int)a0, old, how, &p);
		if (!r)
			path_put(&p);
		kfree(old);
		return r ? r : PTR_ERR(new);
	}
	r = vfs_link_at((int)a0, old, (int)a2, new, how);
	kfree(old);
	kfree(new);
	return r;
}

/* aarch64 still has renameat (38); both C libraries' rename() use it. */
SYSCALL_DEFINE(renameat)
{
	return sys_renameat2(a0, a1, a2, a3, 0, 0);
}

SYSCALL_DEFINE(renameat2)
{
	u32 flags = (u32)a4;
	char *old, *new;
	long r;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) &&
	    (flags & RENAME_EXCHANGE))
		return -EINVAL;
	old = getname(a1);
	if (IS_ERR(old))
		return PTR_ERR(old);
	new = getname(a3);
	if (IS_ERR(new)) {
		/* The old name's directory is found before the new is read. */
		r = vfs_parent_at((int)a0, old);
		kfree(old);
		return r ? r : PTR_ERR(new);
	}
	r = vfs_rename_at((int)a0, old, (int)a2, new, flags);
	kfree(old);
	kfree(new);
	return r;
}

/* A bufsiz of 0 or less is EINVAL before the path is looked at. */
SYSCALL_DEFINE(readlinkat)
{
	int size = (int)a3;
	char *path, *buf;
	long n;

	if (size <= 0)
		return -EINVAL;
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	buf = kmalloc(PATH_MAX);
	n = buf ? vfs_readlink_at((int)a0, path, buf, MIN(size, PATH_MAX))
		: -ENOMEM;
	if (n > 0 && copy_to_user((void *)a2, buf, n))
		n = -EFAULT;
	kfree(buf);
	kfree(path);
	return n;
}

/* ------------------------------------------------------- attributes */

SYSCALL_DEFINE(fchmod)
{
	struct file *f;
	struct path p;
	long r = fd_place((int)a0, false, &f, &p);

	if (r)
		return r;
	r = vfs_chmod(&p, (u32)a1);
	file_put(f);
	return r;
}

/* fchmodat has no flags on Linux 6.1: symlinks are always followed. */
SYSCALL_DEFINE(fchmodat)
{
	struct path p;
	long r = user_path_at((int)a0, a1, LOOKUP_FOLLOW, &p);

	if (r)
		return r;
	r = vfs_chmod(&p, (u32)a2);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(fchown)
{
	struct file *f;
	struct path p;
	long r = fd_place((int)a0, false, &f, &p);

	if (r)
		return r;
	r = vfs_chown(&p, (u32)a1, (u32)a2);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(fchownat)
{
	u32 flags = (u32)a4, how = LOOKUP_FOLLOW;
	struct path p;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		how = 0;
	if (flags & AT_EMPTY_PATH)
		how |= LOOKUP_EMPTY;
	r = user_path_at((int)a0, a1, how, &p);
	if (r)
		return r;
	r = vfs_chown(&p, (u32)a2, (u32)a3);
	path_put(&p);
	return r;
}

/*
 * utimensat: both times UTIME_OMIT return at once, before the path is
 * looked at; a NULL path with a descriptor is futimens.
 */
SYSCALL_DEFINE(utimensat)
{
	struct linux_timespec times[2], *t = NULL;
	u32 flags = (u32)a3, how = LOOKUP_FOLLOW;
	struct file *f;
	struct path p;
	long r;

	if (a2) {
		if (copy_from_user(times, (void *)a2, sizeof(times)))
			return -EFAULT;
		if (times[0].tv_nsec == UTIME_OMIT &&
		    times[1].tv_nsec == UTIME_OMIT)
			return 0;
		t = times;
	}
	if (!a1 && (int)a0 != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		r = fd_place((int)a0, false, &f, &p);
		if (r)
			return r;
		r = vfs_utimes(&p, t);
		file_put(f);
		return r;
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		how = 0;
	if (flags & AT_EMPTY_PATH)
		how |= LOOKUP_EMPTY;
	r = user_path_at((int)a0, a1, how, &p);
	if (r)
		return r;
	r = vfs_utimes(&p, t);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(truncate)
{
	struct path p;
	long r;

	if ((s64)a1 < 0)
		return -EINVAL;
	r = user_path_at(AT_FDCWD, a0, LOOKUP_FOLLOW, &p);
	if (r)
		return r;
	r = vfs_truncate(&p, (s64)a1);
	path_put(&p);
	return r;
}

/* A file not open for writing, or not regular, is EINVAL, not EBADF. */
SYSCALL_DEFINE(ftruncate)
{
	struct file *f;
	long r;

	if ((s64)a1 < 0)
		return -EINVAL;
	f = fd_get((int)a0);
	if (!f)
		return -EBADF;
	if (is_path(f))
		r = -EBADF;
	else if (!f->inode || !S_ISREG(f->inode->mode) || !can_write(f))
		r = -EINVAL;
	else
		r = vfs_ftruncate(f, (s64)a1);
	file_put(f);
	return r;
}

static long do_faccessat(int dirfd, u64 upath, u32 mode, u32 flags)
{
	u32 how = LOOKUP_FOLLOW;
	char *path;
	long r;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		how = 0;
	if (flags & AT_EMPTY_PATH)
		how |= LOOKUP_EMPTY;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	r = vfs_access_at(dirfd, path, how, mode, flags & AT_EACCESS);
	kfree(path);
	return r;
}

SYSCALL_DEFINE(faccessat)
{
	return do_faccessat((int)a0, a1, (u32)a2, 0);
}

SYSCALL_DEFINE(faccessat2)
{
	return do_faccessat((int)a0, a1, (u32)a2, (u32)a3);
}

/*
 * statx: the mask and flags are checked before the path. An empty path
 * with AT_EMPTY_PATH names dirfd, which may be a pipe or a socket.
 */
SYSCALL_DEFINE(statx)
{
	int dirfd = (int)a0;
	u32 flags = (u32)a2, mask = (u32)a3, how = 0;
	struct linux_statx sx;
	struct linux_stat st;
	struct file *f;
	struct path p;
	char *path;
	long r = 0;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		how |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		how |= LOOKUP_EMPTY;
	path = getname(a1);
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (!*path && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		f = fd_get(dirfd);
		if (!f) {
			r = -EBADF;
		} else if (f->inode && f->mnt) {
			vfs_statx(&(struct path){ f->mnt, f->inode }, mask, &sx);
		} else {
			/* No place in the tree (a pipe): what fstat says. */
			stat_file(f, &st);
			memset(&sx, 0, sizeof(sx));
			sx.stx_mask = STATX_BASIC_STATS;
			sx.stx_blksize = st.st_blksize;
			sx.stx_mode = (u16)st.st_mode;
			sx.stx_nlink = st.st_nlink;
		}
		file_put(f);
	} else {
		r = vfs_path_at(dirfd, path, how, &p);
		if (!r) {
			vfs_statx(&p, mask, &sx);
			path_put(&p);
		}
	}
	kfree(path);
	if (!r && copy_to_user((void *)a4, &sx, sizeof(sx)))
		r = -EFAULT;
	return r;
}

/* ------------------------------------------------------------- sync */

/* Everything lives in memory: there is nothing to write back. */
SYSCALL_DEFINE(sync)
{
	return 0;
}

SYSCALL_DEFINE(syncfs)
{
	struct file *f = fd_get((int)a0);
	long r = 0;

	if (!f)
		return -EBADF;
	if (is_path(f))
		r = -EBADF;
	file_put(f);
	return r;
}

/* Files that can be synced say so with an fsync op; the rest is EINVAL. */
static long do_fsync(int fd)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	if (is_path(f))
		r = -EBADF;
	else
		r = f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
	file_put(f);
	return r;
}

SYSCALL_DEFINE(fsync)
{
	return do_fsync((int)a0);
}

SYSCALL_DEFINE(fdatasync)
{
	return do_fsync((int)a0);
}

/* ------------------------------------------------------ descriptors */

SYSCALL_DEFINE(dup)
{
	struct file *f = fd_get((int)a0);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(f, 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* Linux takes both descriptors as unsigned: -1 is just a large number. */
SYSCALL_DEFINE(dup3)
{
	u32 oldfd = (u32)a0, newfd = (u32)a1, flags = (u32)a2;
	struct file *f;
	int fd;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= current_proc()->files->nofile_limit)
		return -EBADF;
	f = fd_get((int)oldfd);
	if (!f)
		return -EBADF;
	fd = fd_install_at(f, (int)newfd, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/*
 * flock: LOCK_MAND is ignored, as Linux 6.1 does; the operation is checked
 * before the descriptor; an O_PATH one is EBADF.
 */
SYSCALL_DEFINE(flock)
{
	u32 cmd = (u32)a1;
	struct file *f;
	int type;
	long r;

	if (cmd & LOCK_MAND)
		return 0;
	switch (cmd & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	f = fd_get((int)a0);
	if (!f)
		return -EBADF;
	r = is_path(f) ? -EBADF : vfs_flock(f, type, !(cmd & LOCK_NB));
	file_put(f);
	return r;
}

/*
 * close_range: flags and the range are checked first. CLOSE_RANGE_UNSHARE
 * gives the caller a table of its own first when it shares one with
 * another process (CLONE_FILES).
 */
SYSCALL_DEFINE(close_range)
{
	u32 first = (u32)a0, last = (u32)a1, flags = (u32)a2;
	struct process *p = current_proc();
	struct fdtable *t, *n;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	t = p->files;
	if ((flags & CLOSE_RANGE_UNSHARE) &&
	    __atomic_load_n(&t->refcount, __ATOMIC_RELAXED) > 1) {
		n = fdtable_dup(t);
		if (!n)
			return -ENOMEM;
		p->files = n;
		fdtable_put(t);
	}
	return fd_close_range(first, last, flags & CLOSE_RANGE_CLOEXEC);
}

/*
 * F_SETFL: only these flags change; O_DIRECT is refused as open does,
 * except on pipes, where it switches packet mode.
 */
static long setfl(struct file *f, u32 arg)
{
	u32 old, new;

	if ((arg & O_DIRECT) && f->inode && !S_ISFIFO(f->inode->mode))
		return -EINVAL;
	if ((arg & O_NOATIME) && !(f->flags & O_NOATIME) && f->inode &&
	    current_proc()->fsuid && current_proc()->fsuid != f->inode->uid)
		return -EPERM;
	old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	do {
		new = (arg & SETFL_MASK) | (old & ~SETFL_MASK);
	} while (!__atomic_compare_exchange_n(&f->flags, &old, new, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

/* F_SETOWN: a process (pid > 0) or process group (pid < 0) that exists. */
static long setown(struct file *f, int who)
{
	struct process *p;
	bool found = who == 0;

	if (who == -0x7fffffff - 1)
		return -EINVAL;
	spin_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_link) {
		if ((who > 0 && p->pid == who) || (who < 0 && p->pgid == -who))
			found = true;
	}
	spin_unlock(&proc_lock);
	if (!found)
		return -ESRCH;
	__atomic_store_n(&f->owner, who, __ATOMIC_RELAXED);
	return 0;
}

/*
 * tmpfs files carry seals: F_SEAL_SEAL for one made by open(2), as on
 * Linux, and what memfd_create and F_ADD_SEALS gave a memfd (ramfs.c).
 */
static long seals(struct file *f, unsigned int cmd, u64 arg)
{
	if (f->ops->fcntl)
		return f->ops->fcntl(f, cmd, arg);
	if (ramfs_file(f) && S_ISREG(f->inode->mode)) {
		if (cmd == F_ADD_SEALS && !can_write(f))
			return -EPERM;
		return ramfs_seals(f, cmd, arg);
	}
	if (!f->inode || !S_ISREG(f->inode->mode) || !f->inode->iops->rename)
		return -EINVAL;
	if (cmd == F_GET_SEALS)
		return F_SEAL_SEAL;
	if (!can_write(f))
		return -EPERM;
	if (arg & ~0x1fUL) /* F_ALL_SEALS */
		return -EINVAL;
	return -EPERM; /* sealed against more seals */
}

static long do_fcntl(int fd, struct file *f, unsigned int cmd, u64 arg)
{
	u64 limit = current_proc()->files->nofile_limit;
	int from = (int)arg, r;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((u32)from >= limit)
			return -EINVAL;
		r = fd_install(file_get(f), from, cmd == F_DUPFD_CLOEXEC);
		if (r < 0)
			file_put(f);
		return r;
	case F_GETFD:
		r = fd_get_cloexec(fd);
		return r < 0 ? r : r ? FD_CLOEXEC : 0;
	case F_SETFD:
		return fd_set_cloexec(fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	case F_SETFL:
		return setfl(f, (u32)arg);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return vfs_fcntl_lock(f, cmd, arg);
	case F_GETOWN:
		return __atomic_load_n(&f->owner, __ATOMIC_RELAXED);
	case F_SETOWN:
		return setown(f, (int)arg);
	case F_GETLEASE:
		return F_UNLCK; /* no leases exist */
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return f->ops->fcntl ? f->ops->fcntl(f, cmd, arg) : -EBADF;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return seals(f, cmd, arg);
	default:
		/* Signals on I/O, leases and dnotify are not implemented. */
		return -EINVAL;
	}
}

/* An O_PATH descriptor allows only what changes the descriptor itself. */
SYSCALL_DEFINE(fcntl)
{
	int fd = (int)a0;
	unsigned int cmd = (u32)a1;
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	if (is_path(f) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC &&
	    cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL)
		r = -EBADF;
	else
		r = do_fcntl(fd, f, cmd, a2);
	file_put(f);
	return r;
}

/* ---------------------------------------------------------- sendfile */

/* sendfile copies through a buffer it maps in the caller's memory. */
#define SENDFILE_CHUNK (64 * 1024UL)

static long bounce_map(u64 *addr)
{
	struct mm *mm = current_proc()->mm;
	long err = -ENOMEM;

	mutex_lock(&mm->lock);
	*addr = vma_find_gap(mm, SENDFILE_CHUNK);
	if (*addr)
		err = vma_map(mm, *addr, SENDFILE_CHUNK, PROT_READ | PROT_WRITE,
			      0, NULL, 0, 0);
	mutex_unlock(&mm->lock);
	return err;
}

static void bounce_unmap(u64 addr)
{
	struct mm *mm = current_proc()->mm;

	mutex_lock(&mm->lock);
	vma_unmap(mm, addr, SENDFILE_CHUNK);
	mutex_unlock(&mm->lock);
}

/*
 * do_sendfile's order: the input (EBADF, ESPIPE for an offset on a
 * stream, EINVAL for a negative one), then the output (EBADF, EINVAL for
 * O_APPEND), then the input must be a regular file (EINVAL). Positions
 * are copied and written back, as Linux does, rather than locked.
 */
static long do_sendfile(int out_fd, int in_fd, s64 *ppos, size_t count)
{
	struct file *in = fd_get(in_fd), *out = NULL;
	ssize_t done = 0, n, w;
	s64 pos, opos;
	long err;
	u64 buf;

	if (!in)
		return -EBADF;
	err = -EBADF;
	if (!can_read(in))
		goto out;
	err = -ESPIPE;
	if (ppos && !in->ops->llseek)
		goto out;
	pos = ppos ? *ppos : in->pos;
	err = -EINVAL;
	if (pos < 0)
		goto out;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	out = fd_get(out_fd);
	err = -EBADF;
	if (!out || !can_write(out))
		goto out;
	err = -EINVAL;
	if ((out->flags & O_APPEND) || !in->inode ||
	    !S_ISREG(in->inode->mode) || !out->ops->write)
		goto out;
	err = 0;
	if (!count)
		goto out;
	err = bounce_map(&buf);
	if (err)
		goto out;
	opos = out->pos;
	while ((size_t)done < count) {
		n = in->ops->read(in, (char *)buf,
				  MIN(count - done, SENDFILE_CHUNK), &pos);
		if (n <= 0) {
			err = n;
			break;
		}
		w = out->ops->write(out, (const char *)buf, n, &opos);
		if (w < 0) {
			err = w;
			pos -= n;
			break;
		}
		done += w;
		if (w < n) {
			pos -= n - w;
			break;
		}
		if (signal_pending())
			break;
	}
	bounce_unmap(buf);
	if (has_pos(out))
		out->pos = opos;
	if (ppos)
		*ppos = pos;
	else
		in->pos = pos;
	if (done)
		err = done;
out:
	file_put(out);
	file_put(in);
	return err;
}

SYSCALL_DEFINE(sendfile)
{
	s64 pos;
	long r;

	if (!a2)
		return do_sendfile((int)a0, (int)a1, NULL, a3);
	if (copy_from_user(&pos, (void *)a2, sizeof(pos)))
		return -EFAULT;
	r = do_sendfile((int)a0, (int)a1, &pos, a3);
	if (copy_to_user((void *)a2, &pos, sizeof(pos)))
		return -EFAULT;
	return r;
}

/* ------------------------------------------------------------ mounts */

/* Mount strings are at most a page, as strndup_user(s, PAGE_SIZE). */
static char *mount_string(u64 us)
{
	char *s;
	long r;

	if (!us)
		return NULL;
	s = kmalloc(PAGE_SIZE);
	if (!s)
		return ERR_PTR(-ENOMEM);
	r = strncpy_from_user(s, (const char *)us, PAGE_SIZE);
	if (r < 0) {
		kfree(s);
		return ERR_PTR(r == -ENAMETOOLONG ? -EINVAL : r);
	}
	return s;
}

/*
 * Options are copied as a page, as much of it as is readable; only a
 * wholly unreadable one is EFAULT. The last byte is made a NUL.
 */
static char *mount_data(u64 udata)
{
	char *d;
	size_t done = 0, chunk;

	if (!udata)
		return NULL;
	d = kmalloc(PAGE_SIZE);
	if (!d)
		return ERR_PTR(-ENOMEM);
	while (done < PAGE_SIZE) {
		/* A page at a time: what precedes a bad page is kept. */
		chunk = PAGE_SIZE - ((udata + done) & (PAGE_SIZE - 1));
		chunk = MIN(chunk, PAGE_SIZE - done);
		if (copy_from_user(d + done, (void *)(udata + done), chunk))
			break;
		done += chunk;
	}
	if (!done) {
		kfree(d);
		return ERR_PTR(-EFAULT);
	}
	d[PAGE_SIZE - 1] = '\0';
	return d;
}

SYSCALL_DEFINE(mount)
{
	char *type = NULL, *source = NULL, *data = NULL;
	struct path target;
	long r;

	type = mount_string(a2);
	if (IS_ERR(type))
		return PTR_ERR(type);
	source = mount_string(a0);
	if (IS_ERR(source)) {
		r = PTR_ERR(source);
		source = NULL;
		goto out;
	}
	data = mount_data(a4);
	if (IS_ERR(data)) {
		r = PTR_ERR(data);
		data = NULL;
		goto out;
	}
	r = user_path_at(AT_FDCWD, a1, LOOKUP_FOLLOW, &target);
	if (r)
		goto out;
	r = vfs_mount(source, &target, type, a3, data);
	path_put(&target);
out:
	kfree(data);
	kfree(source);
	kfree(type);
	return r;
}

SYSCALL_DEFINE(umount2)
{
	int flags = (int)a1;
	struct path target;
	long r;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (current_proc()->euid)
		return -EPERM; /* may_mount: CAP_SYS_ADMIN */
	r = user_path_at(AT_FDCWD, a0,
			 flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &target);
	if (r)
		return r;
	r = vfs_umount(&target, flags);
	path_put(&target);
	return r;
}

SYSCALL_DEFINE(statfs)
{
	struct linux_statfs st;
	struct path p;
	long r = user_path_at(AT_FDCWD, a0, LOOKUP_FOLLOW, &p);

	if (r)
		return r;
	r = vfs_statfs(&p, &st);
	path_put(&p);
	if (!r && copy_to_user((void *)a1, &st, sizeof(st)))
		r = -EFAULT;
	return r;
}

SYSCALL_DEFINE(fstatfs)
{
	struct linux_statfs st;
	struct file *f;
	struct path p;
	long r = fd_place((int)a0, true, &f, &p);

	if (r)
		return r;
	r = vfs_statfs(&p, &st);
	file_put(f);
	if (!r && copy_to_user((void *)a1, &st, sizeof(st)))
		r = -EFAULT;
	return r;
}

/* ------------------------------------------------------------ inotify */

SYSCALL_DEFINE(inotify_init1)
{
	u32 flags = (u32)a0;
	struct file *f;
	int fd;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	f = inotify_create(flags);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, 0, flags & IN_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* The inotify instance fd names: EBADF, or EINVAL for another file. */
static long inotify_fd(int fd, struct file **out)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	/* Linux's fdget does not see O_PATH descriptors. */
	if (is_path(f) || !is_inotify(f)) {
		file_put(f);
		return is_path(f) ? -EBADF : -EINVAL;
	}
	*out = f;
	return 0;
}

/* Linux's order: the mask, the descriptor, the path, read permission. */
SYSCALL_DEFINE(inotify_add_watch)
{
	u32 mask = (u32)a2;
	u32 lookup = 0;
	struct file *f;
	struct path p;
	long r;

	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if (mask & ~IN_ALL_BITS)
		return -EINVAL;
	if (!(mask & IN_ALL_BITS))
		return -EINVAL;
	r = inotify_fd((int)a0, &f);
	if (r)
		return r;
	if (!(mask & IN_DONT_FOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (mask & IN_ONLYDIR)
		lookup |= LOOKUP_DIRECTORY;
	r = user_path_at(AT_FDCWD, a1, lookup, &p);
	if (!r) {
		r = inode_permission(p.ino, MAY_READ);
		if (!r)
			r = inotify_add(f, p.ino, mask);
		path_put(&p);
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(inotify_rm_watch)
{
	struct file *f;
	long r = inotify_fd((int)a0, &f);

	if (r)
		return r;
	r = inotify_rm(f, (int)a1);
	file_put(f);
	return r;
}
