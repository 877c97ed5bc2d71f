/*
 * Unix98 pseudo-terminals, as Linux's drivers/tty/pty.c: opening /dev/ptmx
 * (5:2) makes a pair and /dev/pts/N (136:N) in a devpts instance
 * (kernel/fs/devpts.c). The slave is a terminal like the console, with
 * the whole line discipline of tty.c; its driver hands output to the
 * master's buffer. The master has no discipline of its own: what it
 * writes is the slave's input, and its termios, window size and job
 * control ioctls act on the slave, as Linux's do.
 *
 * A pair lives while the master file or any slave file does. When the
 * slave's last file closes, master reads give EIO once the buffer is
 * empty; when the master closes, the slave is hung up (reads find
 * end-of-file, writes EIO, its session leader gets SIGHUP) and /dev/pts/N
 * goes away.
 */
#include "fs/fs.h"
#include "lib.h"
#include "mm.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

/* The master's buffer of slave output. */
#define PTY_MBUF 4096
#define UNIX98_PTY_SLAVE_MAJOR 136

/*
 * Lock: tty.lock protects the master buffer and the flags below it; the
 * devpts entry is set once before the pair is shared.
 */
struct pty {
	u32 refcount;         /* atomic: master file, slave files, openers */
	struct tty tty;       /* the slave */
	int index;            /* N of /dev/pts/N */
	void *node;           /* its devpts entry */
	struct waitq mread_wq; /* master readers */
	char mbuf[PTY_MBUF];
	u32 mhead, mtail;     /* free-running; mhead - mtail bytes queued */
	bool locked;          /* TIOCSPTLCK: the slave may not be opened */
	bool master_open;
	int slave_opens;      /* slave files */
	bool slave_closed;    /* the last slave file closed (TTY_OTHER_CLOSED) */
};

/* /proc/sys/kernel/pty/nr and max, Linux's defaults. */
u32 pty_count;
u32 pty_max = 4096;

struct pty *pty_get(struct pty *pty)
{
	__atomic_fetch_add(&pty->refcount, 1, __ATOMIC_RELAXED);
	return pty;
}

void pty_put(struct pty *pty)
{
	if (!pty || __atomic_sub_fetch(&pty->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	__atomic_fetch_sub(&pty_count, 1, __ATOMIC_RELAXED);
	kfree(pty);
}

struct tty *pty_tty(struct pty *pty)
{
	return &pty->tty;
}

/* The slave's output goes into the master's buffer, as far as it fits. */
static size_t pty_write_out(struct tty *tty, const char *buf, size_t n)
{
	struct pty *pty = tty->driver_data;
	size_t room = PTY_MBUF - (pty->mhead - pty->mtail), k = MIN(n, room);

	for (size_t i = 0; i < k; i++)
		pty->mbuf[pty->mhead++ % PTY_MBUF] = buf[i];
	if (k)
		wake_up_all(&pty->mread_wq);
	return k;
}

static size_t pty_write_room(struct tty *tty)
{
	struct pty *pty = tty->driver_data;

	return PTY_MBUF - (pty->mhead - pty->mtail);
}

static const struct tty_driver pty_driver = {
	.write = pty_write_out,
	.write_room = pty_write_room,
};

/*
 * ptmx's open: a new pair and its /dev/pts/N in the devpts instance that
 * goes with the ptmx node (its own, or "pts" beside /dev/ptmx).
 */
static int ptmx_open(struct file *f, u32 flags)
{
	struct linux_termios t = tty_std_termios;
	struct pty *pty;
	void *node;
	int index;

	if (__atomic_add_fetch(&pty_count, 1, __ATOMIC_RELAXED) >
	    READ_ONCE(pty_max)) {
		__atomic_fetch_sub(&pty_count, 1, __ATOMIC_RELAXED);
		return -ENOSPC;
	}
	pty = kmalloc(sizeof(*pty));
	if (!pty) {
		__atomic_fetch_sub(&pty_count, 1, __ATOMIC_RELAXED);
		return -ENOMEM;
	}
	pty->refcount = 1;
	pty->locked = true; /* until unlockpt(), as Linux's ptmx_open */
	pty->master_open = true;
	waitq_init(&pty->mread_wq);
	spin_init(&pty->tty.lock, "pty");
	pty->tty.driver_data = pty;
	pty->tty.fops = &pts_fops;
	/* Linux's pts driver: tty_std_termios without HUPCL. */
	t.c_cflag = B38400 | CS8 | CREAD;
	tty_init(&pty->tty, &pty_driver, &t);
	node = devpts_pty_new(f, pty, &index);
	if (IS_ERR(node)) {
		pty_put(pty);
		return PTR_ERR(node);
	}
	pty->node = node;
	pty->index = index;
	pty->tty.ctl.rdev = MKDEV(UNIX98_PTY_SLAVE_MAJOR + index / 256,
				  index % 256);
	f->private = pty;
	return 0;
}

/*
 * A slave open: EIO while the pair is locked or after the master closed.
 * f->private may bring a reference already (/dev/tty, TIOCGPTPEER).
 */
static int pts_open(struct file *f, u32 flags)
{
	struct pty *pty = f->private;
	int err = 0;

	if (!pty)
		pty = devpts_get_pty(f->inode);
	f->private = NULL;
	if (!pty)
		return -EIO;
	spin_lock(&pty->tty.lock);
	if (pty->locked || !pty->master_open) {
		err = -EIO;
	} else {
		pty->slave_opens++;
		pty->slave_closed = false;
	}
	spin_unlock(&pty->tty.lock);
	if (err) {
		pty_put(pty);
		return err;
	}
	f->private = pty;
	if (!(flags & O_NOCTTY))
		tty_open_ctty(&pty->tty.ctl);
	return 0;
}

static void pts_release(struct file *f)
{
	struct pty *pty = f->private;
	bool last;

	if (!pty)
		return;
	spin_lock(&pty->tty.lock);
	last = --pty->slave_opens == 0;
	if (last)
		pty->slave_closed = true;
	spin_unlock(&pty->tty.lock);
	if (last)
		wake_up_all(&pty->mread_wq);
	pty_put(pty);
}

/* The master going away hangs the slave up and removes /dev/pts/N. */
static void ptmx_release(struct file *f)
{
	struct pty *pty = f->private;

	if (!pty)
		return;
	spin_lock(&pty->tty.lock);
	pty->master_open = false;
	pty->tty.hung_up = true;
	spin_unlock(&pty->tty.lock);
	tty_ctl_hangup(&pty->tty.ctl);
	tty_wake_all(&pty->tty);
	devpts_pty_kill(pty->node);
	pty_put(pty);
}

static ssize_t pts_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	struct pty *pty = f->private;

	return tty_read(&pty->tty, f, ubuf, n);
}

static ssize_t pts_write(struct file *f, const char *ubuf, size_t n,
			 off_t *pos)
{
	struct pty *pty = f->private;

	return tty_write(&pty->tty, f, ubuf, n);
}

static long pts_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pty *pty = f->private;

	return tty_ioctl(&pty->tty, f, cmd, arg);
}

static u32 pts_poll(struct file *f, struct poll_table *pt)
{
	struct pty *pty = f->private;

	return tty_poll(&pty->tty, f, pt);
}

static bool master_readable(struct pty *pty)
{
	bool r;

	spin_lock(&pty->tty.lock);
	r = pty->mhead != pty->mtail || pty->slave_closed;
	spin_unlock(&pty->tty.lock);
	return r;
}

/*
 * Whatever the slave wrote, up to n bytes; EIO once the slave closed and
 * everything was read, as n_tty_read on a master with TTY_OTHER_CLOSED.
 */
static ssize_t ptmx_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	struct pty *pty = f->private;
	char kbuf[256];
	size_t done = 0, k;
	bool closed;
	long err;

	while (done < n) {
		spin_lock(&pty->tty.lock);
		k = MIN(MIN(n - done, sizeof(kbuf)), pty->mhead - pty->mtail);
		for (size_t i = 0; i < k; i++)
			kbuf[i] = pty->mbuf[pty->mtail++ % PTY_MBUF];
		closed = pty->slave_closed;
		spin_unlock(&pty->tty.lock);
		if (k) {
			/* Slave writers may go on. */
			wake_up_all(&pty->tty.write_wq);
			if (copy_to_user(ubuf + done, kbuf, k))
				return done ? (ssize_t)done : -EFAULT;
			done += k;
			continue;
		}
		if (done)
			break;
		if (closed)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(pty->mread_wq,
					       master_readable(pty));
		if (err)
			return err;
	}
	return done;
}

/* Room in the slave's input, or nothing there to wait for. */
static bool slave_input_room(struct pty *pty)
{
	struct tty *tty = &pty->tty;
	bool r;

	spin_lock(&tty->lock);
	r = tty_receive_room(tty) || tty->canon == tty->tail;
	spin_unlock(&tty->lock);
	return r;
}

/* The master's writes are the slave's input, through its discipline. */
static ssize_t ptmx_write(struct file *f, const char *ubuf, size_t n,
			  off_t *pos)
{
	struct pty *pty = f->private;
	char kbuf[256];
	size_t done = 0, chunk, off, k;
	long err = 0;

	while (done < n) {
		chunk = MIN(sizeof(kbuf), user_chunk(ubuf + done, n - done));
		if (copy_from_user(kbuf, ubuf + done, chunk)) {
			err = -EFAULT;
			break;
		}
		for (off = 0; off < chunk;) {
			k = tty_receive(&pty->tty, kbuf + off, chunk - off);
			off += k;
			done += k;
			if (off == chunk)
				break;
			if (f->flags & O_NONBLOCK) {
				err = -EAGAIN;
				goto out;
			}
			err = wait_event_interruptible(pty->tty.write_wq,
						       slave_input_room(pty));
			if (err)
				goto out;
		}
	}
out:
	return done ? (ssize_t)done : err;
}

static long put_int(unsigned long arg, int v)
{
	return copy_to_user((void *)arg, &v, sizeof(v));
}

/*
 * TIOCGPTPEER: opens the slave without a path lookup, with open(2)'s
 * flags, as Linux's ptm_open_peer. Returns the new descriptor.
 */
static long ptmx_open_peer(struct pty *pty, unsigned long arg)
{
	u32 flags = (u32)arg;
	struct file *f;
	int err, fd;

	f = file_alloc(&pts_fops, devpts_pty_inode(pty->node),
		       (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
				  O_CLOEXEC)) | O_LARGEFILE);
	if (!f)
		return -ENOMEM;
	devpts_set_place(pty->node, f);
	f->private = pty_get(pty);
	err = pts_open(f, flags);
	if (err) {
		file_put(f);
		return err;
	}
	fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long ptmx_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pty *pty = f->private;
	int v;

	switch (cmd) {
	case TIOCSPTLCK:
		if (copy_from_user(&v, (void *)arg, sizeof(v)))
			return -EFAULT;
		spin_lock(&pty->tty.lock);
		pty->locked = v != 0;
		spin_unlock(&pty->tty.lock);
		return 0;
	case TIOCGPTLCK:
		return put_int(arg, READ_ONCE(pty->locked));
	case TIOCGPTN:
		return put_int(arg, pty->index);
	case TIOCGPTPEER:
		return ptmx_open_peer(pty, arg);
	case FIONREAD:
		spin_lock(&pty->tty.lock);
		v = pty->mhead - pty->mtail;
		spin_unlock(&pty->tty.lock);
		return put_int(arg, v);
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH) {
			spin_lock(&pty->tty.lock);
			pty->mtail = pty->mhead;
			spin_unlock(&pty->tty.lock);
			wake_up_all(&pty->tty.write_wq);
		}
		return 0;
	}
	/* termios, window size and job control belong to the slave. */
	return tty_ioctl(&pty->tty, f, cmd, arg);
}

/*
 * As n_tty_poll on a master: readable with slave output queued, HUP
 * after the slave closed, writable while the slave's input has room.
 */
static u32 ptmx_poll(struct file *f, struct poll_table *pt)
{
	struct pty *pty = f->private;
	u32 mask = 0;

	poll_wait(f, &pty->mread_wq, pt);
	poll_wait(f, &pty->tty.write_wq, pt);
	spin_lock(&pty->tty.lock);
	if (pty->mhead != pty->mtail)
		mask |= POLLIN | POLLRDNORM;
	if (pty->slave_closed)
		mask |= POLLHUP;
	if (tty_receive_room(&pty->tty))
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock(&pty->tty.lock);
	return mask;
}

const struct file_ops ptmx_fops = {
	.open = ptmx_open,
	.read = ptmx_read,
	.write = ptmx_write,
	.ioctl = ptmx_ioctl,
	.poll = ptmx_poll,
	.release = ptmx_release,
};

const struct file_ops pts_fops = {
	.open = pts_open,
	.read = pts_read,
	.write = pts_write,
	.ioctl = pts_ioctl,
	.poll = pts_poll,
	.release = pts_release,
};
