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
#include "abi/linux/stat.h"
#include "kernel/include/file.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/uaccess.h"
#include "kernel/include/vfs.h"

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
	if (!r && n) {
		pos_lock(f);
		r = check_area(f, n);
		if (!r)
			r = transfer(f, ubuf, n, write);
		pos_unlock(f);
	}
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
	if (f->inode) {
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
	struct inode *ino;
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
		ino = vfs_lookup_at(dirfd, *path ? path : ".",
				    !(flags & AT_SYMLINK_NOFOLLOW));
		if (IS_ERR(ino)) {
			r = PTR_ERR(ino);
		} else {
			vfs_fill_stat(ino, &st);
			inode_put(ino);
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
