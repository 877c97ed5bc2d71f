/*
 * Pipes, with Linux's buffer model, because programs can see it: a pipe is
 * a ring of 16 slots, each a page holding a run of bytes. A write first
 * tops up the last slot with the part of its length that is not a whole
 * number of pages, then fills whole new slots; a pipe is full when every
 * slot is in use, however little each holds. This gives Linux's capacity
 * (64 KiB of page-sized writes, less for odd sizes), its POLLOUT (a free
 * slot) and PIPE_BUF atomicity: a write of at most 4096 bytes fits in one
 * slot or one top-up, and the pipe's mutex is held while it is copied.
 *
 * F_SETPIPE_SZ changes the number of slots (a power of two).
 *
 * O_DIRECT makes a packet pipe: every write of up to a page is a slot of
 * its own, and a read returns one slot at most, dropping what does not
 * fit in the buffer.
 *
 * Both ends share one inode of type S_IFIFO, so fstat says what a pipe
 * is. A FIFO (a named pipe, made by mknod) gets a pipe when it is first
 * opened, with Linux's rules for blocking opens; the pipe goes when the
 * last file using it is released.
 *
 * Lock: pipe.mtx, a mutex, protects everything but the wait queues; poll
 * reads head, tail, readers and writers without it, registering on the
 * queues first so that a change it misses still wakes the waiter.
 */
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "uaccess.h"
#include "vfs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/sigframe.h"
#include "abi/linux/signal.h"

#define PIPE_BUF_FLAG_CAN_MERGE 1 /* later writes may top this slot up */
#define PIPE_BUF_FLAG_PACKET 2    /* a packet: one read takes it whole */

struct pipe_buffer {
	void *page; /* NULL while the slot is unused */
	u32 offset; /* where the unread bytes start in the page */
	u32 len;
	u32 flags;
};

struct pipe {
	struct mutex mtx;
	u32 head;             /* next slot to fill; slots [tail, head) hold data */
	u32 tail;             /* next slot to read */
	u32 ring_size;        /* slots in bufs, a power of two */
	u32 max_usage;        /* slots a writer may fill */
	struct pipe_buffer *bufs;
	void *tmp_page;       /* a spare page for the next slot */
	int readers, writers; /* open read and write ends */
	bool poll_usage;      /* polled once: every write wakes readers */
	struct waitq rd_wait; /* readers and pollers of the read end */
	struct waitq wr_wait; /* writers and pollers of the write end */
	u32 r_counter;        /* opens for reading so far (FIFOs) */
	u32 w_counter;        /* opens for writing so far (FIFOs) */
	int files;            /* open files using the pipe; fifo_lock */
};

/*
 * One open end. A FIFO opened for reading without blocking while it has
 * no writer reports no POLLHUP until a writer has come and gone: version
 * holds the writer count of that moment (Linux's f_version).
 */
struct pipe_file {
	struct pipe *pipe;
	u32 version;
};

/*
 * fifo_lock protects every inode's pipe pointer and every pipe's files
 * count: a FIFO gets a pipe on its first open and loses it on its last
 * close, and the data goes with it.
 */
static struct spinlock fifo_lock = SPINLOCK_INIT("fifo");
static u64 next_pipe_ino = 1;

static struct pipe *pipe_of(struct file *f)
{
	return ((struct pipe_file *)f->private)->pipe;
}

static bool pipe_empty(u32 head, u32 tail)
{
	return head == tail;
}

static bool pipe_full(u32 head, u32 tail, u32 limit)
{
	return head - tail >= limit;
}

static bool readable_end(struct file *f)
{
	u32 acc = f->flags & O_ACCMODE;

	return acc == O_RDONLY || acc == O_RDWR;
}

static bool writable_end(struct file *f)
{
	u32 acc = f->flags & O_ACCMODE;

	return acc == O_WRONLY || acc == O_RDWR;
}

/* Caller holds mtx. The page goes back as the spare if there is none. */
static void release_buf(struct pipe *p, struct pipe_buffer *buf)
{
	if (!p->tmp_page)
		p->tmp_page = buf->page;
	else
		free_page(buf->page);
	buf->page = NULL;
}

static bool pipe_readable(struct pipe *p)
{
	return !pipe_empty(READ_ONCE(p->head), READ_ONCE(p->tail)) ||
	       !READ_ONCE(p->writers);
}

static bool pipe_writable(struct pipe *p)
{
	return !pipe_full(READ_ONCE(p->head), READ_ONCE(p->tail),
			  p->max_usage) ||
	       !READ_ONCE(p->readers);
}

static ssize_t pipe_read(struct file *f, char *ubuf, size_t total,
			 off_t *pos)
{
	struct pipe *p = pipe_of(f);
	bool was_full, wake_next_reader = false;
	ssize_t ret = 0;
	long err;

	if (!total)
		return 0;
	mutex_lock(&p->mtx);
	/* Writers only wait when the pipe is full: wake them only then. */
	was_full = pipe_full(p->head, p->tail, p->max_usage);
	for (;;) {
		u32 head = p->head, tail = p->tail;

		if (!pipe_empty(head, tail)) {
			struct pipe_buffer *buf =
				&p->bufs[tail & (p->ring_size - 1)];
			size_t chars = MIN((size_t)buf->len, total);

			if (chars && copy_to_user(ubuf + ret,
						  (char *)buf->page +
							  buf->offset,
						  chars)) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			ret += chars;
			buf->offset += chars;
			buf->len -= chars;
			/* A packet is read whole; the rest of it is lost. */
			if (buf->flags & PIPE_BUF_FLAG_PACKET) {
				total = chars;
				buf->len = 0;
			}
			if (!buf->len) {
				release_buf(p, buf);
				WRITE_ONCE(p->tail, ++tail);
			}
			total -= chars;
			if (!total)
				break;
			if (!pipe_empty(head, tail))
				continue;
		}
		if (!p->writers || ret)
			break;
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&p->mtx);
		if (was_full)
			wake_up_key(&p->wr_wait, POLLOUT | POLLWRNORM);
		err = wait_event_interruptible(p->rd_wait, pipe_readable(p));
		if (err)
			return err;
		mutex_lock(&p->mtx);
		was_full = pipe_full(p->head, p->tail, p->max_usage);
		wake_next_reader = true;
	}
	if (pipe_empty(p->head, p->tail))
		wake_next_reader = false;
	mutex_unlock(&p->mtx);
	if (was_full)
		wake_up_key(&p->wr_wait, POLLOUT | POLLWRNORM);
	if (wake_next_reader)
		wake_up_key(&p->rd_wait, POLLIN | POLLRDNORM);
	return ret;
}

/* SIGPIPE goes to the writing thread, as Linux's send_sig does. */
static void send_sigpipe(void)
{
	spin_lock(&proc_lock);
	send_signal_to_locked(current_proc(), current_thread(), SIGPIPE,
			      SI_USER);
	spin_unlock(&proc_lock);
}

/* Caller holds mtx: the page for a new slot, or NULL. */
static void *take_page(struct pipe *p)
{
	void *page = p->tmp_page;

	if (page) {
		p->tmp_page = NULL;
		return page;
	}
	return alloc_page();
}

static ssize_t pipe_write(struct file *f, const char *ubuf, size_t total,
			  off_t *pos)
{
	struct pipe *p = pipe_of(f);
	bool was_empty = false, wake_next_writer = false;
	size_t chars, done = 0;
	ssize_t ret = 0;
	u32 head;
	long err;

	if (!total)
		return 0;
	mutex_lock(&p->mtx);
	if (!p->readers) {
		send_sigpipe();
		ret = -EPIPE;
		goto out;
	}
	/*
	 * The part of the length that is not a whole number of pages tops
	 * up the last slot if it fits, so small writes share pages and the
	 * rest of a large write starts page-aligned.
	 */
	head = p->head;
	was_empty = pipe_empty(head, p->tail);
	chars = total & (PAGE_SIZE - 1);
	if (chars && !was_empty) {
		struct pipe_buffer *buf = &p->bufs[(head - 1) &
						   (p->ring_size - 1)];
		u32 offset = buf->offset + buf->len;

		if ((buf->flags & PIPE_BUF_FLAG_CAN_MERGE) &&
		    offset + chars <= PAGE_SIZE) {
			if (copy_from_user((char *)buf->page + offset, ubuf,
					   chars)) {
				ret = -EFAULT;
				goto out;
			}
			buf->len += chars;
			done = chars;
			ret = chars;
			if (done == total)
				goto out;
		}
	}
	for (;;) {
		if (!p->readers) {
			send_sigpipe();
			if (!ret)
				ret = -EPIPE;
			break;
		}
		head = p->head;
		if (!pipe_full(head, p->tail, p->max_usage)) {
			struct pipe_buffer *buf =
				&p->bufs[head & (p->ring_size - 1)];
			void *page = take_page(p);
			size_t n = MIN(total - done, (size_t)PAGE_SIZE);

			if (!page) {
				if (!ret)
					ret = -ENOMEM;
				break;
			}
			/*
			 * The slot is taken before the copy, as Linux does: a
			 * fault leaves it empty, and it is not retried.
			 */
			buf->page = page;
			buf->offset = 0;
			buf->len = 0;
			buf->flags = (f->flags & O_DIRECT) ?
					     PIPE_BUF_FLAG_PACKET :
					     PIPE_BUF_FLAG_CAN_MERGE;
			WRITE_ONCE(p->head, head + 1);
			if (copy_from_user(page, ubuf + done, n)) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			buf->len = n;
			done += n;
			ret += n;
			if (done == total)
				break;
		}
		if (!pipe_full(p->head, p->tail, p->max_usage))
			continue;
		if (f->flags & O_NONBLOCK) {
			if (!ret)
				ret = -EAGAIN;
			break;
		}
		if (signal_pending()) {
			if (!ret)
				ret = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&p->mtx);
		if (was_empty)
			wake_up_key(&p->rd_wait, POLLIN | POLLRDNORM);
		err = wait_event_interruptible(p->wr_wait, pipe_writable(p));
		mutex_lock(&p->mtx);
		if (err) {
			if (!ret)
				ret = err;
			break;
		}
		was_empty = pipe_empty(p->head, p->tail);
		wake_next_writer = true;
	}
out:
	if (pipe_full(p->head, p->tail, p->max_usage))
		wake_next_writer = false;
	mutex_unlock(&p->mtx);
	/* Edge-triggered epoll wants a wake-up for every write (as Linux). */
	if (was_empty || READ_ONCE(p->poll_usage))
		wake_up_key(&p->rd_wait, POLLIN | POLLRDNORM);
	if (wake_next_writer)
		wake_up_key(&p->wr_wait, POLLOUT | POLLWRNORM);
	return ret;
}

static u32 pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = pipe_of(f);
	u32 head, tail, mask = 0;

	WRITE_ONCE(p->poll_usage, true);
	/* Register first, then look: a change in between still wakes us. */
	if (readable_end(f))
		poll_wait(f, &p->rd_wait, pt);
	if (writable_end(f))
		poll_wait(f, &p->wr_wait, pt);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	head = READ_ONCE(p->head);
	tail = READ_ONCE(p->tail);
	if (readable_end(f)) {
		if (!pipe_empty(head, tail))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers) &&
		    ((struct pipe_file *)f->private)->version !=
			    READ_ONCE(p->w_counter))
			mask |= POLLHUP;
	}
	if (writable_end(f)) {
		if (!pipe_full(head, tail, p->max_usage))
			mask |= POLLOUT | POLLWRNORM;
		/* Linux reports a pipe without readers as an error. */
		if (!READ_ONCE(p->readers))
			mask |= POLLERR;
	}
	return mask;
}

/* FIONREAD: the unread bytes. Other requests are not a pipe's. */
static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = pipe_of(f);
	int count = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->mtx);
	for (u32 i = p->tail; i != p->head; i++)
		count += p->bufs[i & (p->ring_size - 1)].len;
	mutex_unlock(&p->mtx);
	return copy_to_user((void *)arg, &count, sizeof(count));
}

/* Linux's /proc/sys/fs/pipe-max-size: the most a user without privilege may ask. */
#define PIPE_MAX_SIZE (1024 * 1024)

/*
 * Caller holds mtx. Moves the slots in use to a ring of nr_slots, which
 * must hold them all (-EBUSY otherwise).
 */
static long pipe_resize_ring(struct pipe *p, u32 nr_slots)
{
	struct pipe_buffer *bufs;
	u32 n = p->head - p->tail;

	if (nr_slots < n)
		return -EBUSY;
	bufs = kmalloc(nr_slots * sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	for (u32 i = 0; i < n; i++)
		bufs[i] = p->bufs[(p->tail + i) & (p->ring_size - 1)];
	kfree(p->bufs);
	p->bufs = bufs;
	p->ring_size = nr_slots;
	WRITE_ONCE(p->tail, 0);
	WRITE_ONCE(p->head, n);
	return 0;
}

/*
 * F_SETPIPE_SZ: the size becomes a power of two of at least a page, up to
 * 2^31 bytes; more than pipe-max-size needs privilege. Returns the new
 * size in bytes.
 */
static long pipe_set_size(struct pipe *p, unsigned long arg)
{
	u32 nr_slots;
	u64 size;
	long err;

	if (arg > (1UL << 31))
		return -EINVAL;
	for (size = PAGE_SIZE; size < arg; size <<= 1)
		;
	nr_slots = size / PAGE_SIZE;
	if (nr_slots > p->max_usage && size > PIPE_MAX_SIZE &&
	    current_proc()->euid != 0)
		return -EPERM;
	err = pipe_resize_ring(p, nr_slots);
	if (err)
		return err;
	p->max_usage = nr_slots;
	return size;
}

static long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = pipe_of(f);
	long r = -EINVAL;

	mutex_lock(&p->mtx);
	if (cmd == F_SETPIPE_SZ)
		r = pipe_set_size(p, arg);
	else if (cmd == F_GETPIPE_SZ)
		r = p->max_usage * PAGE_SIZE;
	mutex_unlock(&p->mtx);
	/* A bigger ring may have made room for writers. */
	if (cmd == F_SETPIPE_SZ && r > 0)
		wake_up_key(&p->wr_wait, POLLOUT | POLLWRNORM);
	return r;
}

static void pipe_free(struct pipe *p)
{
	for (u32 i = p->tail; i != p->head; i++) {
		struct pipe_buffer *buf = &p->bufs[i & (p->ring_size - 1)];

		if (buf->page)
			free_page(buf->page);
	}
	if (p->tmp_page)
		free_page(p->tmp_page);
	kfree(p->bufs);
	kfree(p);
}

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kmalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->ring_size = PIPE_DEF_BUFFERS;
	p->max_usage = PIPE_DEF_BUFFERS;
	p->bufs = kmalloc(p->ring_size * sizeof(*p->bufs));
	if (!p->bufs) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->mtx, "pipe");
	waitq_init(&p->rd_wait);
	waitq_init(&p->wr_wait);
	return p;
}

/* One file less on the pipe; the last one frees it. */
static void put_pipe(struct inode *ino, struct pipe *p)
{
	bool last;

	spin_lock(&fifo_lock);
	last = --p->files == 0;
	if (last)
		ino->pipe = NULL;
	spin_unlock(&fifo_lock);
	if (last)
		pipe_free(p);
}

static void pipe_release(struct file *f)
{
	struct pipe_file *pf = f->private;
	struct pipe *p;
	bool wake;

	if (!pf)
		return; /* a FIFO open that failed */
	p = pf->pipe;
	mutex_lock(&p->mtx);
	if (readable_end(f))
		p->readers--;
	if (writable_end(f))
		p->writers--;
	/* The last of one side went: the other sees EOF, EPIPE or HUP. */
	wake = !p->readers != !p->writers;
	mutex_unlock(&p->mtx);
	if (wake) {
		wake_up_all(&p->rd_wait);
		wake_up_all(&p->wr_wait);
	}
	put_pipe(f->inode, p);
	kfree(pf);
}

/* No llseek: seeking a pipe is ESPIPE. */
const struct file_ops fifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.fcntl = pipe_fcntl,
	.release = pipe_release,
};

/* Anonymous pipes' inodes are plain inodes, freed by inode_put. */
static const struct inode_ops pipe_iops;

static struct inode *pipe_inode_alloc(struct pipe *p)
{
	struct inode *ino = kmalloc(sizeof(*ino));
	struct process *me = current_proc();

	if (!ino)
		return NULL;
	ino->refcount = 1;
	ino->ino = __atomic_fetch_add(&next_pipe_ino, 1, __ATOMIC_RELAXED);
	ino->mode = S_IFIFO | 0600;
	ino->nlink = 1;
	ino->uid = me ? me->euid : 0;
	ino->gid = me ? me->egid : 0;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "pipe_inode");
	ino->iops = &pipe_iops;
	ino->pipe = p;
	return ino;
}

static struct file *pipe_open_end(struct inode *ino, u32 flags)
{
	struct pipe_file *pf = kmalloc(sizeof(*pf));
	struct pipe *p = ino->pipe;
	struct file *f;

	if (!pf)
		return NULL;
	f = file_alloc(&fifo_fops, ino, flags);
	if (!f) {
		kfree(pf);
		return NULL;
	}
	pf->pipe = p;
	f->private = pf;
	p->files++;
	if (readable_end(f))
		p->readers++;
	if (writable_end(f))
		p->writers++;
	return f;
}

long pipe_create(struct file *ends[2], u32 flags)
{
	u32 status = flags & (O_NONBLOCK | O_DIRECT);
	struct pipe *p = pipe_alloc();
	struct inode *ino = p ? pipe_inode_alloc(p) : NULL;

	if (!ino) {
		if (p)
			pipe_free(p);
		return -ENOMEM;
	}
	/* Both ends are counted as FIFO opens are, for poll's POLLHUP. */
	p->r_counter = p->w_counter = 1;
	ends[0] = pipe_open_end(ino, O_RDONLY | status);
	ends[1] = ends[0] ? pipe_open_end(ino, O_WRONLY | status) : NULL;
	if (!ends[1]) {
		if (ends[0])
			file_put(ends[0]); /* frees the pipe */
		else
			pipe_free(p);
		inode_put(ino);
		return -ENOMEM;
	}
	/* The files hold the inode now. */
	inode_put(ino);
	return 0;
}

/*
 * Sleeps until *cnt moves on (a partner opened), with mtx dropped while
 * asleep. Returns 0, or -ERESTARTSYS if a signal came first.
 */
static long wait_for_partner(struct pipe *p, u32 *cnt)
{
	u32 cur = *cnt;
	long err = 0;

	while (cur == READ_ONCE(*cnt)) {
		mutex_unlock(&p->mtx);
		err = wait_event_interruptible(p->rd_wait,
					       READ_ONCE(*cnt) != cur);
		mutex_lock(&p->mtx);
		if (err)
			break;
	}
	return cur == *cnt ? -ERESTARTSYS : 0;
}

/* A partner came: anyone waiting in an open of the other kind goes on. */
static void wake_partner(struct pipe *p)
{
	wake_up_all(&p->rd_wait);
}

/*
 * Opening a FIFO, as Linux's fifo_open: a reader waits for a writer and a
 * writer for a reader, unless O_NONBLOCK (then a writer without a reader
 * gets ENXIO); O_RDWR never waits. The caller releases f on failure.
 */
int fifo_open(struct file *f)
{
	struct inode *ino = f->inode;
	struct pipe_file *pf = kmalloc(sizeof(*pf));
	struct pipe *p, *fresh = NULL;
	long err = 0;

	if (!pf)
		return -ENOMEM;
	for (;;) {
		spin_lock(&fifo_lock);
		p = ino->pipe;
		if (p) {
			p->files++;
		} else if (fresh) {
			ino->pipe = p = fresh;
			p->files = 1;
			fresh = NULL;
		}
		spin_unlock(&fifo_lock);
		if (p)
			break;
		fresh = pipe_alloc();
		if (!fresh) {
			kfree(pf);
			return -ENOMEM;
		}
	}
	if (fresh)
		pipe_free(fresh); /* another open got there first */
	pf->pipe = p;
	pf->version = 0;
	mutex_lock(&p->mtx);
	switch (f->flags & O_ACCMODE) {
	case O_RDONLY:
		p->r_counter++;
		if (p->readers++ == 0)
			wake_partner(p);
		if (!p->writers) {
			if (f->flags & O_NONBLOCK)
				pf->version = p->w_counter;
			else if (wait_for_partner(p, &p->w_counter))
				goto err_rd;
		}
		break;
	case O_WRONLY:
		err = -ENXIO;
		if ((f->flags & O_NONBLOCK) && !p->readers)
			goto out_err;
		p->w_counter++;
		if (!p->writers++)
			wake_partner(p);
		if (!p->readers && wait_for_partner(p, &p->r_counter))
			goto err_wr;
		break;
	case O_RDWR:
		/* It can at least talk to itself. */
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		if (p->readers == 1 || p->writers == 1)
			wake_partner(p);
		break;
	default:
		err = -EINVAL;
		goto out_err;
	}
	mutex_unlock(&p->mtx);
	f->private = pf;
	return 0;

err_rd:
	if (!--p->readers)
		wake_up_all(&p->wr_wait);
	err = -ERESTARTSYS;
	goto out_err;
err_wr:
	if (!--p->writers)
		wake_up_all(&p->rd_wait);
	err = -ERESTARTSYS;
out_err:
	mutex_unlock(&p->mtx);
	put_pipe(ino, p);
	kfree(pf);
	return err;
}
