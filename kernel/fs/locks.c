/*
 * fcntl record locks, as Linux's fs/locks.c keeps them: POSIX locks
 * belong to a descriptor table (so threads share them and fork does not
 * pass them on) and go when their owner closes any descriptor of the
 * file; open file description (OFD) locks belong to the open file and go
 * with its last close. A lock covers [start, end] (end OFFSET_MAX for "to
 * the end, however far"); an owner's locks never overlap, and neighbours
 * of one type merge, so F_GETLK reports ranges as Linux does.
 *
 * F_SETLKW sleeps until no other owner's lock conflicts; a POSIX waiter
 * that would wait on an owner which (through others) waits on it gets
 * EDEADLK, as Linux's posix_locks_deadlock finds.
 *
 * Lock: locks_lock (a spinlock) protects the lock list, the waiter list
 * and gen; nothing sleeps or allocates under it.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

#define OFFSET_MAX 0x7fffffffffffffffLL

struct file_lock {
	struct list_head link;
	struct inode *ino;  /* no reference: the owner's files hold it */
	void *owner;        /* a struct fdtable, or the file for OFD locks */
	bool ofd;
	bool flock;         /* flock(2): its own kind, never meets fcntl's */
	int pid;            /* who set it, for F_GETLK */
	int type;           /* F_RDLCK or F_WRLCK */
	s64 start, end;
};

/* A POSIX F_SETLKW caller asleep, and the owner it waits for. */
struct lock_waiter {
	struct list_head link;
	void *owner, *blocker;
};

static struct spinlock locks_lock = SPINLOCK_INIT("file_locks");
static LIST_HEAD(all_locks);
static LIST_HEAD(waiters);
static u64 gen;               /* bumped at every change, for sleepers */
static struct waitq locks_wq;
static bool wq_ready;

static void wq_init(void)
{
	spin_lock(&locks_lock);
	if (!wq_ready) {
		waitq_init(&locks_wq);
		wq_ready = true;
	}
	spin_unlock(&locks_lock);
}

static bool overlap(const struct file_lock *a, s64 start, s64 end)
{
	return a->start <= end && start <= a->end;
}

/* The first lock of another owner that a request would collide with. */
static struct file_lock *conflict(struct inode *ino, void *owner, int type,
				  s64 start, s64 end, bool flock)
{
	struct file_lock *l;

	list_for_each_entry(l, &all_locks, link) {
		if (l->ino != ino || l->owner == owner || l->flock != flock ||
		    !overlap(l, start, end))
			continue;
		if (l->type == F_WRLCK || type == F_WRLCK)
			return l;
	}
	return NULL;
}

/* Whether owner waiting for blocker closes a cycle of waiters. */
static bool deadlock(void *owner, void *blocker)
{
	struct lock_waiter *w;
	int depth = 0;

again:
	if (blocker == owner)
		return true;
	if (++depth > 10) /* Linux's MAX_DEADLK_ITERATIONS */
		return false;
	list_for_each_entry(w, &waiters, link) {
		if (w->owner == blocker) {
			blocker = w->blocker;
			goto again;
		}
	}
	return false;
}

/*
 * Sets owner's locks on ino over [start, end] to type (F_UNLCK removes
 * them). spare holds two preallocated locks; the ones used are taken out
 * of it, and the freed ones put on *dead. Caller holds locks_lock.
 */
static void apply(struct inode *ino, void *owner, bool ofd, bool flock,
		  int pid, int type, s64 start, s64 end,
		  struct file_lock **spare, struct list_head *dead)
{
	struct file_lock *l, *n, *nl;

	/* Cut [start, end] out of what owner holds. */
	list_for_each_entry_safe(l, n, &all_locks, link) {
		if (l->ino != ino || l->owner != owner || l->flock != flock ||
		    !overlap(l, start, end))
			continue;
		if (l->start < start && l->end > end) {
			/* The range is inside: split into two. */
			nl = spare[0] ? spare[0] : spare[1];
			if (spare[0])
				spare[0] = NULL;
			else
				spare[1] = NULL;
			*nl = *l;
			nl->start = end + 1;
			list_add(&nl->link, &l->link);
			l->end = start - 1;
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			list_del(&l->link);
			list_add(&l->link, dead);
		}
	}
	if (type == F_UNLCK)
		return;
	/* The new lock, merged with neighbours of its type. */
	list_for_each_entry_safe(l, n, &all_locks, link) {
		if (l->ino != ino || l->owner != owner || l->type != type ||
		    l->flock != flock)
			continue;
		if ((start && l->end == start - 1) ||
		    (end != OFFSET_MAX && l->start == end + 1)) {
			start = MIN(start, l->start);
			end = MAX(end, l->end);
			list_del(&l->link);
			list_add(&l->link, dead);
		}
	}
	nl = spare[0] ? spare[0] : spare[1];
	if (spare[0])
		spare[0] = NULL;
	else
		spare[1] = NULL;
	nl->ino = ino;
	nl->owner = owner;
	nl->ofd = ofd;
	nl->flock = flock;
	nl->pid = pid;
	nl->type = type;
	nl->start = start;
	nl->end = end;
	list_add_tail(&nl->link, &all_locks);
}

static void free_dead(struct list_head *dead)
{
	struct file_lock *l, *n;

	list_for_each_entry_safe(l, n, dead, link)
		kfree(l);
}

/* flock_to_posix_lock: the range a struct flock names in f. */
static int flock_range(struct file *f, const struct linux_flock *fl,
		       s64 *start, s64 *end)
{
	s64 s;

	switch (fl->l_whence) {
	case SEEK_SET:
		s = 0;
		break;
	case SEEK_CUR:
		s = f->pos;
		break;
	case SEEK_END:
		mutex_lock(&f->inode->lock);
		s = f->inode->size;
		mutex_unlock(&f->inode->lock);
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(s, fl->l_start, &s) || s < 0)
		return -EINVAL;
	if (fl->l_len > 0) {
		if (fl->l_len - 1 > OFFSET_MAX - s)
			return -EOVERFLOW;
		*end = s + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		if (s + fl->l_len < 0)
			return -EINVAL;
		*end = s - 1;
		s += fl->l_len;
	} else {
		*end = OFFSET_MAX;
	}
	*start = s;
	return 0;
}

static int getlk(struct file *f, bool ofd, struct linux_flock *fl)
{
	void *owner = ofd ? (void *)f : (void *)current_proc()->files;
	struct file_lock *l;
	s64 start, end;
	int err;

	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK)
		return -EINVAL;
	err = flock_range(f, fl, &start, &end);
	if (err)
		return err;
	if (ofd && fl->l_pid)
		return -EINVAL;
	spin_lock(&locks_lock);
	l = conflict(f->inode, owner, fl->l_type, start, end, false);
	if (l) {
		fl->l_type = l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = l->start;
		fl->l_len = l->end == OFFSET_MAX ? 0 : l->end - l->start + 1;
		fl->l_pid = l->ofd ? -1 : l->pid;
	} else {
		fl->l_type = F_UNLCK;
	}
	spin_unlock(&locks_lock);
	return 0;
}

static int setlk(struct file *f, bool ofd, bool wait, struct linux_flock *fl)
{
	struct process *p = current_proc();
	void *owner = ofd ? (void *)f : (void *)p->files;
	struct file_lock *spare[2], *l;
	struct lock_waiter w;
	LIST_HEAD(dead);
	u32 acc = f->flags & O_ACCMODE;
	s64 start, end;
	u64 seen;
	int err;

	err = flock_range(f, fl, &start, &end);
	if (err)
		return err;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK &&
	    fl->l_type != F_UNLCK)
		return -EINVAL;
	if ((fl->l_type == F_RDLCK && acc == O_WRONLY) ||
	    (fl->l_type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	if (ofd && fl->l_pid)
		return -EINVAL;
	spare[0] = kmalloc(sizeof(*spare[0]));
	spare[1] = kmalloc(sizeof(*spare[1]));
	if (!spare[0] || !spare[1]) {
		kfree(spare[0]);
		kfree(spare[1]);
		return -ENOLCK;
	}
	for (;;) {
		spin_lock(&locks_lock);
		l = fl->l_type == F_UNLCK ? NULL :
			conflict(f->inode, owner, fl->l_type, start, end,
				 false);
		if (!l) {
			apply(f->inode, owner, ofd, false, p->pid, fl->l_type,
			      start, end, spare, &dead);
			gen++;
			spin_unlock(&locks_lock);
			wake_up_all(&locks_wq);
			break;
		}
		if (!wait) {
			err = -EAGAIN;
		} else if (!ofd && deadlock(owner, l->owner)) {
			err = -EDEADLK;
		} else {
			w.owner = owner;
			w.blocker = l->owner;
			list_add_tail(&w.link, &waiters);
		}
		seen = gen;
		spin_unlock(&locks_lock);
		if (err)
			break;
		err = wait_event_interruptible(locks_wq,
					       READ_ONCE(gen) != seen);
		spin_lock(&locks_lock);
		list_del(&w.link);
		spin_unlock(&locks_lock);
		if (err)
			break;
	}
	kfree(spare[0]);
	kfree(spare[1]);
	free_dead(&dead);
	return err;
}

long vfs_fcntl_lock(struct file *f, unsigned int cmd, u64 ufl)
{
	struct linux_flock fl;
	bool ofd = cmd >= F_OFD_GETLK;
	long err;

	if (copy_from_user(&fl, (void *)ufl, sizeof(fl)))
		return -EFAULT;
	if (!f->inode)
		return -EINVAL; /* nothing to lock on */
	wq_init();
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		err = getlk(f, ofd, &fl);
		if (!err && copy_to_user((void *)ufl, &fl, sizeof(fl)))
			err = -EFAULT;
		return err;
	}
	return setlk(f, ofd, cmd == F_SETLKW || cmd == F_OFD_SETLKW, &fl);
}

/*
 * flock(2): one lock on the whole file per open file description. A
 * change is not atomic, as on Linux: the old lock goes first, then the
 * new one is waited for.
 */
long vfs_flock(struct file *f, int type, bool wait)
{
	struct process *p = current_proc();
	struct file_lock *spare[2], *l;
	LIST_HEAD(dead);
	long err = 0;
	u64 seen;

	if (!f->inode)
		return -EINVAL;
	wq_init();
	spare[0] = kmalloc(sizeof(*spare[0]));
	spare[1] = kmalloc(sizeof(*spare[1]));
	if (!spare[0] || !spare[1]) {
		kfree(spare[0]);
		kfree(spare[1]);
		return -ENOLCK;
	}
	spin_lock(&locks_lock);
	apply(f->inode, f, false, true, p->pid, F_UNLCK, 0, OFFSET_MAX, spare,
	      &dead);
	gen++;
	spin_unlock(&locks_lock);
	wake_up_all(&locks_wq);
	while (type != F_UNLCK) {
		spin_lock(&locks_lock);
		l = conflict(f->inode, f, type, 0, OFFSET_MAX, true);
		if (!l) {
			apply(f->inode, f, false, true, p->pid, type, 0,
			      OFFSET_MAX, spare, &dead);
			gen++;
			spin_unlock(&locks_lock);
			wake_up_all(&locks_wq);
			break;
		}
		seen = gen;
		spin_unlock(&locks_lock);
		if (!wait) {
			err = -EAGAIN; /* EWOULDBLOCK */
			break;
		}
		err = wait_event_interruptible(locks_wq, READ_ONCE(gen) != seen);
		if (err)
			break;
	}
	kfree(spare[0]);
	kfree(spare[1]);
	free_dead(&dead);
	return err;
}

/* Removes every lock matching (ino, owner); NULL ino matches any. */
static void remove_locks(struct inode *ino, void *owner)
{
	struct file_lock *l, *n;
	LIST_HEAD(dead);
	bool any = false;

	if (list_empty(&all_locks))
		return; /* the common case, without the lock */
	spin_lock(&locks_lock);
	list_for_each_entry_safe(l, n, &all_locks, link) {
		if (l->owner == owner && (!ino || l->ino == ino)) {
			list_del(&l->link);
			list_add(&l->link, &dead);
			any = true;
		}
	}
	if (any)
		gen++;
	spin_unlock(&locks_lock);
	if (any) {
		free_dead(&dead);
		if (wq_ready)
			wake_up_all(&locks_wq);
	}
}

void locks_remove_posix(struct file *f, void *owner)
{
	if (f && f->inode)
		remove_locks(f->inode, owner);
}

void locks_remove_file(struct file *f)
{
	remove_locks(NULL, f);
}
