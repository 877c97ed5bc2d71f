/*
 * inotify, after Linux's fs/notify/inotify: an instance (a descriptor)
 * holds watches on inodes, each with a descriptor number (wd) and a mask
 * of events; what happens to a watched inode queues struct inotify_event
 * records that read(2) returns.
 *
 * The file system layer calls the fsnotify_* hooks below after each
 * operation (namei.c, vfs.c, file.c, and read and write in sys_fs.c).
 * Every hook first checks whether any watch exists at all, so a system
 * with none pays one load per operation. Watches are kept on one list for
 * the whole system, searched by inode: a watch holds a reference on its
 * inode, so the pointer stays that inode's until the watch goes.
 *
 * As on Linux, events on a file also go to watches on the directory it
 * was opened in, with its name (for open files, whose directory is
 * known); an event equal to the last one queued is merged into it; a
 * queue of max_queued_events (16384) ends with one IN_Q_OVERFLOW; a
 * watch that goes (inotify_rm_watch, IN_ONESHOT, its inode's last name
 * removed) queues IN_IGNORED. Unlike Linux, IN_DELETE_SELF comes when the
 * last name goes even while the file is still open (Linux waits for the
 * last close), attribute changes made through a path reach the inode's
 * own watches only, and there is no IN_UNMOUNT.
 *
 * Locks: inotify_lock (a spinlock) protects the watch list, every watch
 * and every instance's watch list and wd counter; an instance's lock (a
 * spinlock, taken under inotify_lock) its event queue. Inode references
 * are dropped after both are released.
 */
#include "inotify.h"
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "uaccess.h"
#include "vfs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/inotify.h"
#include "abi/linux/poll.h"

#define INOTIFY_MAX_QUEUED 16384 /* Linux's max_queued_events default */

struct inotify_dev {
	struct spinlock lock;
	struct list_head events;  /* queued, oldest first; lock */
	u32 nevents;              /* lock */
	u64 bytes;                /* what a read could return now; lock */
	struct waitq wq;          /* readers and pollers */
	struct list_head watches; /* inotify_lock */
	int last_wd;              /* inotify_lock */
};

struct inotify_watch {
	struct list_head link;    /* in all_watches; inotify_lock */
	struct list_head dlink;   /* in dev->watches; inotify_lock */
	struct inotify_dev *dev;
	struct inode *ino;        /* holds a reference */
	int wd;
	u32 mask;                 /* inotify_lock */
};

struct inotify_kevent {
	struct list_head link;
	s32 wd;
	u32 mask, cookie;
	u32 name_len;             /* without the NUL */
	u32 len;                  /* the name's room, NUL and padding in */
	char name[];
};

static struct spinlock inotify_lock = SPINLOCK_INIT("inotify");
static LIST_HEAD(all_watches);
static u32 move_cookie;

static const struct file_ops inotify_fops;

bool inotify_active(void)
{
	return READ_ONCE(all_watches.next) != &all_watches;
}

/* The name's room as Linux rounds it: whole records, NUL included. */
static u32 name_room(size_t len)
{
	size_t rec = sizeof(struct linux_inotify_event);

	return len ? ALIGN_UP(len + 1, rec) : 0;
}

static u64 event_size(struct inotify_kevent *e)
{
	return sizeof(struct linux_inotify_event) + e->len;
}

/* Caller holds inotify_lock (or owns dev alone). */
static void queue_event(struct inotify_dev *dev, s32 wd, u32 mask,
			u32 cookie, const char *name, size_t len)
{
	struct inotify_kevent *e, *last;

	spin_lock(&dev->lock);
	if (!list_empty(&dev->events)) {
		last = list_entry(dev->events.prev, struct inotify_kevent,
				  link);
		/* Linux's inotify_merge: the same event again is dropped. */
		if (last->wd == wd && last->mask == mask &&
		    last->cookie == cookie && last->name_len == len &&
		    !memcmp(last->name, name, len))
			goto out;
		if (last->mask == IN_Q_OVERFLOW)
			goto out;
	}
	if (dev->nevents >= INOTIFY_MAX_QUEUED) {
		wd = -1;
		mask = IN_Q_OVERFLOW;
		cookie = 0;
		len = 0;
	}
	e = kmalloc(sizeof(*e) + name_room(len));
	if (!e)
		goto out; /* the event is lost, as Linux's would be */
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->name_len = len;
	e->len = name_room(len);
	memcpy(e->name, name, len);
	list_add_tail(&e->link, &dev->events);
	dev->nevents++;
	dev->bytes += event_size(e);
out:
	spin_unlock(&dev->lock);
	wake_up_key(&dev->wq, POLLIN | POLLRDNORM);
}

/*
 * Takes w off every list and queues IN_IGNORED if ignored; the caller
 * holds inotify_lock and frees w (and its inode reference) after it.
 */
static void detach_watch(struct inotify_watch *w, struct list_head *dead,
			 bool ignored)
{
	list_del(&w->link);
	list_del(&w->dlink);
	if (ignored)
		queue_event(w->dev, w->wd, IN_IGNORED, 0, "", 0);
	list_add_tail(&w->link, dead);
}

static void free_dead(struct list_head *dead)
{
	struct inotify_watch *w, *n;

	list_for_each_entry_safe(w, n, dead, link) {
		inode_put(w->ino);
		kfree(w);
	}
}

/* The event to ino's watches that ask for it; caller holds inotify_lock. */
static void notify_locked(struct inode *ino, u32 mask, u32 cookie,
			  const char *name, size_t len, struct list_head *dead)
{
	struct inotify_watch *w, *n;

	list_for_each_entry_safe(w, n, &all_watches, link) {
		if (w->ino != ino || !(w->mask & mask & IN_ALL_EVENTS))
			continue;
		queue_event(w->dev, w->wd, mask, cookie, name, len);
		if (w->mask & IN_ONESHOT)
			detach_watch(w, dead, true);
	}
}

static void notify(struct inode *ino, u32 mask, u32 cookie,
		   const char *name, size_t len)
{
	LIST_HEAD(dead);

	spin_lock(&inotify_lock);
	notify_locked(ino, mask, cookie, name, len, &dead);
	spin_unlock(&inotify_lock);
	free_dead(&dead);
}

static u32 isdir(struct inode *ino)
{
	return S_ISDIR(ino->mode) ? IN_ISDIR : 0;
}

/* IN_DELETE_SELF once nothing names ino, then its watches end. */
static void end_inode(struct inode *ino)
{
	struct inotify_watch *w, *n;
	LIST_HEAD(dead);

	if (READ_ONCE(ino->nlink))
		return;
	spin_lock(&inotify_lock);
	notify_locked(ino, IN_DELETE_SELF | isdir(ino), 0, "", 0, &dead);
	list_for_each_entry_safe(w, n, &all_watches, link)
		if (w->ino == ino)
			detach_watch(w, &dead, true);
	spin_unlock(&inotify_lock);
	free_dead(&dead);
}

void fsnotify_create(struct inode *dir, const char *name, size_t len,
		     struct inode *ino)
{
	if (!inotify_active() || !len)
		return;
	notify(dir, IN_CREATE | isdir(ino), 0, name, len);
}

void fsnotify_delete(struct inode *dir, const char *name, size_t len,
		     struct inode *victim)
{
	if (!inotify_active() || !victim)
		return;
	/* Linux's order: the link count, the inode's end, then the name. */
	if (!S_ISDIR(victim->mode))
		notify(victim, IN_ATTRIB, 0, "", 0);
	end_inode(victim);
	notify(dir, IN_DELETE | isdir(victim), 0, name, len);
}

void fsnotify_link(struct inode *dir, const char *name, size_t len,
		   struct inode *ino)
{
	if (!inotify_active())
		return;
	notify(ino, IN_ATTRIB, 0, "", 0);
	notify(dir, IN_CREATE | isdir(ino), 0, name, len);
}

void fsnotify_move(struct inode *odir, const char *oname, size_t olen,
		   struct inode *ndir, const char *nname, size_t nlen,
		   struct inode *moved, struct inode *victim)
{
	u32 cookie;

	if (!inotify_active() || !moved)
		return;
	cookie = __atomic_add_fetch(&move_cookie, 1, __ATOMIC_RELAXED);
	notify(odir, IN_MOVED_FROM | isdir(moved), cookie, oname, olen);
	notify(ndir, IN_MOVED_TO | isdir(moved), cookie, nname, nlen);
	if (victim)
		notify(victim, IN_ATTRIB, 0, "", 0);
	notify(moved, IN_MOVE_SELF | isdir(moved), 0, "", 0);
	if (victim)
		end_inode(victim);
}

void fsnotify_inode(struct inode *ino, u32 mask)
{
	if (!inotify_active() || !ino)
		return;
	notify(ino, mask | isdir(ino), 0, "", 0);
}

/* Whether ino has a watch (a cheap look before finding a name). */
static bool watched(struct inode *ino)
{
	struct inotify_watch *w;
	bool r = false;

	spin_lock(&inotify_lock);
	list_for_each_entry(w, &all_watches, link) {
		if (w->ino == ino) {
			r = true;
			break;
		}
	}
	spin_unlock(&inotify_lock);
	return r;
}

void fsnotify_file(struct file *f, u32 mask)
{
	struct inode *ino = f->inode, *dir = f->dir;
	char *name;
	int len;

	if (!inotify_active() || !ino || (f->flags & O_PATH))
		return;
	mask |= isdir(ino);
	/* The directory's watches first, with the name, as Linux. */
	if (dir && dir != ino && dir->iops && dir->iops->get_name &&
	    READ_ONCE(ino->nlink) && watched(dir)) {
		name = kmalloc(NAME_MAX + 1);
		len = name ? dir->iops->get_name(dir, ino, name) : -ENOMEM;
		if (len > 0)
			notify(dir, mask, 0, name, len);
		kfree(name);
	}
	notify(ino, mask, 0, "", 0);
}

void fsnotify_open(struct file *f)
{
	fsnotify_file(f, IN_OPEN);
}

void fsnotify_close(struct file *f)
{
	u32 acc = f->flags & O_ACCMODE;

	fsnotify_file(f, acc == O_WRONLY || acc == O_RDWR ? IN_CLOSE_WRITE
							  : IN_CLOSE_NOWRITE);
}

/* ------------------------------------------------------ the descriptor */

static bool has_events(struct inotify_dev *dev)
{
	bool r;

	spin_lock(&dev->lock);
	r = !list_empty(&dev->events);
	spin_unlock(&dev->lock);
	return r;
}

/*
 * Whole events only: EINVAL when the first does not fit. Waits for the
 * first unless O_NONBLOCK, then takes what is there and fits.
 */
static ssize_t inotify_read(struct file *f, char *ubuf, size_t n,
			    off_t *pos)
{
	struct inotify_dev *dev = f->private;
	struct linux_inotify_event hdr;
	struct inotify_kevent *e;
	size_t done = 0;
	long err;

	for (;;) {
		spin_lock(&dev->lock);
		if (list_empty(&dev->events)) {
			spin_unlock(&dev->lock);
			if (done)
				return done;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			err = wait_event_interruptible(dev->wq,
						       has_events(dev));
			if (err)
				return err;
			continue;
		}
		e = list_first_entry(&dev->events, struct inotify_kevent,
				     link);
		if (event_size(e) > n - done) {
			spin_unlock(&dev->lock);
			return done ? (ssize_t)done : -EINVAL;
		}
		list_del(&e->link);
		dev->nevents--;
		dev->bytes -= event_size(e);
		spin_unlock(&dev->lock);
		hdr.wd = e->wd;
		hdr.mask = e->mask;
		hdr.cookie = e->cookie;
		hdr.len = e->len;
		/* The name's room is NUL-padded (kmalloc zeroed it). */
		err = copy_to_user(ubuf + done, &hdr, sizeof(hdr)) ||
		      copy_to_user(ubuf + done + sizeof(hdr), e->name, e->len);
		done += event_size(e);
		kfree(e);
		if (err)
			return -EFAULT;
	}
}

static u32 inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify_dev *dev = f->private;

	poll_wait(f, &dev->wq, pt);
	return has_events(dev) ? POLLIN | POLLRDNORM : 0;
}

static long inotify_ioctl(struct file *f, unsigned int cmd,
			  unsigned long arg)
{
	struct inotify_dev *dev = f->private;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&dev->lock);
	n = (int)dev->bytes;
	spin_unlock(&dev->lock);
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

/* Linux's noop_llseek: the position never moves and seeking is no error. */
static off_t inotify_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static void inotify_release(struct file *f)
{
	struct inotify_dev *dev = f->private;
	struct inotify_watch *w, *n;
	struct inotify_kevent *e, *en;
	LIST_HEAD(dead);

	spin_lock(&inotify_lock);
	list_for_each_entry_safe(w, n, &dev->watches, dlink)
		detach_watch(w, &dead, false);
	spin_unlock(&inotify_lock);
	free_dead(&dead);
	list_for_each_entry_safe(e, en, &dev->events, link)
		kfree(e);
	kfree(dev);
}

static const struct file_ops inotify_fops = {
	.read = inotify_read,
	.llseek = inotify_llseek,
	.ioctl = inotify_ioctl,
	.poll = inotify_poll,
	.release = inotify_release,
	.anon_name = "inotify",
};

struct file *inotify_create(u32 flags)
{
	struct inotify_dev *dev = kmalloc(sizeof(*dev));
	struct file *f;

	if (!dev)
		return ERR_PTR(-ENOMEM);
	spin_init(&dev->lock, "inotify_dev");
	list_init(&dev->events);
	waitq_init(&dev->wq);
	list_init(&dev->watches);
	f = file_alloc(&inotify_fops, NULL, O_RDONLY | (flags & O_NONBLOCK));
	if (!f) {
		kfree(dev);
		return ERR_PTR(-ENOMEM);
	}
	f->private = dev;
	return f;
}

bool is_inotify(struct file *f)
{
	return f->ops == &inotify_fops;
}

int inotify_add(struct file *f, struct inode *ino, u32 mask)
{
	struct inotify_dev *dev = f->private;
	struct inotify_watch *w, *fresh = kmalloc(sizeof(*fresh));
	int wd;

	if (!fresh)
		return -ENOMEM;
	spin_lock(&inotify_lock);
	list_for_each_entry(w, &dev->watches, dlink) {
		if (w->ino != ino)
			continue;
		if (mask & IN_MASK_CREATE) {
			wd = -EEXIST;
		} else {
			w->mask = (mask & IN_MASK_ADD) ? w->mask | mask : mask;
			wd = w->wd;
		}
		spin_unlock(&inotify_lock);
		kfree(fresh);
		return wd;
	}
	/* Numbers go up from 1 and are not reused soon (idr_alloc_cyclic). */
	if (dev->last_wd == 0x7fffffff)
		dev->last_wd = 0;
	fresh->wd = ++dev->last_wd;
	fresh->dev = dev;
	fresh->ino = inode_get(ino);
	fresh->mask = mask;
	list_add_tail(&fresh->dlink, &dev->watches);
	list_add_tail(&fresh->link, &all_watches);
	wd = fresh->wd;
	spin_unlock(&inotify_lock);
	return wd;
}

int inotify_rm(struct file *f, int wd)
{
	struct inotify_dev *dev = f->private;
	struct inotify_watch *w;
	LIST_HEAD(dead);
	int r = -EINVAL;

	spin_lock(&inotify_lock);
	list_for_each_entry(w, &dev->watches, dlink) {
		if (w->wd == wd) {
			detach_watch(w, &dead, true);
			r = 0;
			break;
		}
	}
	spin_unlock(&inotify_lock);
	free_dead(&dead);
	return r;
}
