/*
 * Open files and descriptor tables.
 *
 * A struct file is shared by every descriptor that dup() or fork() made
 * from the same open(); its reference count says how many there are. A
 * descriptor table is an array that doubles when a process wants a slot
 * past its end, up to the RLIMIT_NOFILE soft limit. The table's spinlock
 * is never held while a file is released, because releasing may sleep
 * (a pipe waking its peer, a socket closing).
 */
#include "file.h"
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "vfs.h"
#include "inotify.h"
#include "abi/linux/errno.h"

/* Linux gives init a soft RLIMIT_NOFILE of 1024. */
#define NOFILE_DEFAULT 1024
#define FDTABLE_MIN 16

struct file *file_alloc(const struct file_ops *ops, struct inode *inode,
			u32 flags)
{
	struct file *f = kmalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refcount = 1;
	f->flags = flags;
	mutex_init(&f->pos_lock, "file_pos");
	f->ops = ops;
	f->inode = inode ? inode_get(inode) : NULL;
	list_init(&f->ep_links);
	return f;
}

struct file *file_get(struct file *f)
{
	__atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
	return f;
}

void file_put(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	eventpoll_release(f); /* epoll sets forget f, as on Linux */
	locks_remove_file(f);
	if (f->inode)
		fsnotify_close(f); /* not for O_PATH files: inotify.c */
	if (f->ops && f->ops->release)
		f->ops->release(f);
	inode_put(f->dir);
	inode_put(f->inode);
	mnt_put(f->mnt);
	kfree(f);
}

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *t = kmalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->refcount = 1;
	spin_init(&t->lock, "fdtable");
	t->nofile_limit = NOFILE_DEFAULT;
	return t;
}

struct fdtable *fdtable_get(struct fdtable *t)
{
	__atomic_fetch_add(&t->refcount, 1, __ATOMIC_RELAXED);
	return t;
}

/*
 * Makes room for at least want slots. The arrays are allocated with the
 * lock dropped; if another thread grew the table meanwhile, the new arrays
 * are thrown away and the size looked at again.
 */
static int fdtable_grow(struct fdtable *t, int want)
{
	struct file **fd, **old_fd;
	u8 *ce, *old_ce;
	int size, n;

	for (;;) {
		spin_lock(&t->lock);
		size = t->size;
		spin_unlock(&t->lock);
		if (size >= want)
			return 0;
		n = size ? size : FDTABLE_MIN;
		while (n < want)
			n *= 2;
		if ((u64)n > t->nofile_limit && (u64)want <= t->nofile_limit)
			n = (int)t->nofile_limit;
		fd = kmalloc(n * sizeof(*fd));
		ce = kmalloc(n);
		if (!fd || !ce) {
			kfree(fd);
			kfree(ce);
			return -ENOMEM;
		}
		spin_lock(&t->lock);
		if (t->size == size) {
			if (size) {
				memcpy(fd, t->fd, size * sizeof(*fd));
				memcpy(ce, t->cloexec, size);
			}
			old_fd = t->fd;
			old_ce = t->cloexec;
			t->fd = fd;
			t->cloexec = ce;
			t->size = n;
		} else {
			old_fd = fd;
			old_ce = ce;
		}
		spin_unlock(&t->lock);
		kfree(old_fd);
		kfree(old_ce);
	}
}

/*
 * A child's copy: the same open files, each with one more reference, and
 * the same close-on-exec flags. The size is read first so that the arrays
 * can be allocated unlocked; a table that grew meanwhile means a retry.
 */
struct fdtable *fdtable_dup(struct fdtable *t)
{
	struct fdtable *n = fdtable_alloc();
	int size;

	if (!n)
		return NULL;
	for (;;) {
		spin_lock(&t->lock);
		size = t->size;
		spin_unlock(&t->lock);
		if (size && fdtable_grow(n, size)) {
			fdtable_put(n);
			return NULL;
		}
		spin_lock(&t->lock);
		if (t->size <= n->size)
			break;
		spin_unlock(&t->lock);
	}
	for (int i = 0; i < t->size; i++) {
		n->fd[i] = t->fd[i] ? file_get(t->fd[i]) : NULL;
		n->cloexec[i] = t->cloexec[i];
	}
	n->nofile_limit = t->nofile_limit;
	spin_unlock(&t->lock);
	return n;
}

void fdtable_put(struct fdtable *t)
{
	if (!t || __atomic_sub_fetch(&t->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	/* Nobody else can see the table now: no lock needed. */
	for (int i = 0; i < t->size; i++) {
		locks_remove_posix(t->fd[i], t);
		file_put(t->fd[i]);
	}
	kfree(t->fd);
	kfree(t->cloexec);
	kfree(t);
}

/* Closes one descriptor at a time so that no file is released locked. */
void fdtable_close_on_exec(struct fdtable *t)
{
	struct file *f;
	int i = 0;

	for (;;) {
		f = NULL;
		spin_lock(&t->lock);
		for (; i < t->size; i++) {
			if (t->fd[i] && t->cloexec[i]) {
				f = t->fd[i];
				t->fd[i] = NULL;
				t->cloexec[i] = 0;
				break;
			}
		}
		spin_unlock(&t->lock);
		if (!f)
			return;
		locks_remove_posix(f, t);
		file_put(f);
	}
}

/*
 * On failure the caller still owns its reference to f and must drop it.
 * The lowest free descriptor is found by a scan: tables are small, and
 * POSIX requires exactly the lowest one.
 */
int fd_install(struct file *f, int min, bool cloexec)
{
	struct fdtable *t = current_proc()->files;
	int fd, err;

	if (min < 0)
		min = 0;
	for (;;) {
		spin_lock(&t->lock);
		for (fd = min; fd < t->size && t->fd[fd]; fd++)
			;
		if ((u64)fd >= t->nofile_limit) {
			spin_unlock(&t->lock);
			return -EMFILE;
		}
		if (fd < t->size) {
			t->fd[fd] = f;
			t->cloexec[fd] = cloexec;
			spin_unlock(&t->lock);
			return fd;
		}
		spin_unlock(&t->lock);
		err = fdtable_grow(t, fd + 1);
		if (err)
			return err;
	}
}

int fd_install_at(struct file *f, int fd, bool cloexec)
{
	struct fdtable *t = current_proc()->files;
	struct file *old;
	int err;

	if (fd < 0 || (u64)fd >= t->nofile_limit)
		return -EBADF;
	err = fdtable_grow(t, fd + 1);
	if (err)
		return err;
	/* Tables never shrink, so the slot is still there. */
	spin_lock(&t->lock);
	old = t->fd[fd];
	t->fd[fd] = f;
	t->cloexec[fd] = cloexec;
	spin_unlock(&t->lock);
	locks_remove_posix(old, t);
	file_put(old);
	return fd;
}

struct file *fd_get(int fd)
{
	struct fdtable *t = current_proc()->files;
	struct file *f = NULL;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->size && t->fd[fd])
		f = file_get(t->fd[fd]);
	spin_unlock(&t->lock);
	return f;
}

int fd_close(int fd)
{
	struct fdtable *t = current_proc()->files;
	struct file *f = NULL;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->size) {
		f = t->fd[fd];
		t->fd[fd] = NULL;
		t->cloexec[fd] = 0;
	}
	spin_unlock(&t->lock);
	if (!f)
		return -EBADF;
	/* POSIX: closing any descriptor of a file drops our locks on it. */
	locks_remove_posix(f, t);
	file_put(f);
	return 0;
}

int fd_get_cloexec(int fd)
{
	struct fdtable *t = current_proc()->files;
	int r = -EBADF;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->size && t->fd[fd])
		r = t->cloexec[fd];
	spin_unlock(&t->lock);
	return r;
}

int fd_set_cloexec(int fd, bool on)
{
	struct fdtable *t = current_proc()->files;
	int r = -EBADF;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->size && t->fd[fd]) {
		t->cloexec[fd] = on;
		r = 0;
	}
	spin_unlock(&t->lock);
	return r;
}

/*
 * close_range: closes (or marks close-on-exec) every open descriptor in
 * [first, last], one at a time so that nothing is released locked.
 */
int fd_close_range(unsigned int first, unsigned int last, bool cloexec)
{
	struct fdtable *t = current_proc()->files;
	struct file *f;
	u64 i = first;

	for (;;) {
		f = NULL;
		spin_lock(&t->lock);
		for (; i < (u64)t->size && i <= last; i++) {
			if (!t->fd[i])
				continue;
			if (cloexec) {
				t->cloexec[i] = 1;
				continue;
			}
			f = t->fd[i];
			t->fd[i] = NULL;
			t->cloexec[i] = 0;
			break;
		}
		spin_unlock(&t->lock);
		if (!f)
			return 0;
		locks_remove_posix(f, t);
		file_put(f);
	}
}
