/*
 * poll and select, and the poll table every driver's poll op sees.
 *
 * A poll op calls poll_wait() for each wait queue whose wake-ups may
 * change its answer, then returns the events ready now. poll and select
 * call every file's poll op once with a table that hangs a callback entry
 * on each of those queues; the callback wakes the polling thread when the
 * key of the wake-up (the POLL* bits that changed) is one the caller asked
 * for. The thread then polls every file again. The entries stay until the
 * call returns, and each holds a reference on its file so that a queue
 * cannot go away under it when another thread closes the descriptor.
 *
 * As on Linux, once one file is ready no further entries are added: the
 * call is going to return without sleeping anyway.
 */
#include "poll.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

void poll_wait(struct file *f, struct waitq *wq, struct poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(f, wq, pt);
}

u32 vfs_poll(struct file *f, struct poll_table *pt)
{
	if (!file_can_poll(f))
		return DEFAULT_POLLMASK;
	return f->ops->poll(f, pt);
}

/* One registration on one wait queue. */
struct poll_entry {
	struct wait_entry w;
	struct waitq *wq;
	struct file *f; /* a reference, so that wq outlives the entry */
	u32 key;        /* the events this entry wakes for */
};

/* Entries beyond the few on the stack come in page-sized blocks. */
struct poll_block {
	struct poll_block *next;
	int used;
	struct poll_entry e[];
};

#define POLL_BLOCK_ENTRIES \
	((PAGE_SIZE - sizeof(struct poll_block)) / sizeof(struct poll_entry))
#define POLL_INLINE_ENTRIES 8

/*
 * The state of one poll or select call. Only the calling thread touches
 * it, except triggered, which wakers set (atomically) from their
 * callbacks.
 */
struct poll_wqueues {
	struct poll_table pt;
	struct thread *t;
	int triggered;
	int error;        /* -ENOMEM if an entry could not be allocated */
	int inline_used;
	struct poll_entry inline_entries[POLL_INLINE_ENTRIES];
	struct poll_block *blocks;
};

/*
 * Runs in the waker's context with the queue's lock held: it only marks
 * the call and wakes its thread.
 */
static int pollwake(struct wait_entry *w, u32 key)
{
	struct poll_entry *e = container_of(w, struct poll_entry, w);
	struct poll_wqueues *p = w->private;

	if (!(key & e->key))
		return 0;
	__atomic_store_n(&p->triggered, 1, __ATOMIC_SEQ_CST);
	wake_up_thread(p->t);
	return 1;
}

static struct poll_entry *poll_get_entry(struct poll_wqueues *p)
{
	struct poll_block *b = p->blocks;

	if (p->inline_used < POLL_INLINE_ENTRIES)
		return &p->inline_entries[p->inline_used++];
	if (!b || b->used == (int)POLL_BLOCK_ENTRIES) {
		b = kmalloc(PAGE_SIZE);
		if (!b) {
			p->error = -ENOMEM;
			return NULL;
		}
		b->next = p->blocks;
		p->blocks = b;
	}
	return &b->e[b->used++];
}

static void pollwait_queue(struct file *f, struct waitq *wq,
			   struct poll_table *pt)
{
	struct poll_wqueues *p = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *e = poll_get_entry(p);

	if (!e)
		return;
	e->f = file_get(f);
	e->wq = wq;
	e->key = pt->key;
	e->w.t = NULL;
	e->w.func = pollwake;
	e->w.private = p;
	add_wait_entry(wq, &e->w);
}

static void poll_initwait(struct poll_wqueues *p)
{
	p->pt.qproc = pollwait_queue;
	p->pt.key = ~0u;
	p->t = current_thread();
	p->triggered = 0;
	p->error = 0;
	p->inline_used = 0;
	p->blocks = NULL;
}

static void free_entry(struct poll_entry *e)
{
	remove_wait_entry(e->wq, &e->w);
	file_put(e->f);
}

static void poll_freewait(struct poll_wqueues *p)
{
	struct poll_block *b, *next;

	for (int i = 0; i < p->inline_used; i++)
		free_entry(&p->inline_entries[i]);
	for (b = p->blocks; b; b = next) {
		next = b->next;
		for (int i = 0; i < b->used; i++)
			free_entry(&b->e[i]);
		kfree(b);
	}
}

u64 poll_deadline_ticks(const u64 *end_ns)
{
	if (!end_ns)
		return 0;
	/* One tick more, so that the wait is never shorter than asked. */
	return ns_to_ticks(*end_ns) + 1;
}

/*
 * Sleeps until a callback fires, the deadline (0: none) passes or a
 * signal comes. Returns -ETIMEDOUT at the deadline, else 0.
 */
static long poll_schedule(struct poll_wqueues *p, u64 deadline)
{
	struct thread *t = current_thread();
	long r = 0;

	t->state = TASK_INTERRUPTIBLE;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&p->triggered, __ATOMIC_SEQ_CST) &&
	    !signal_pending())
		r = schedule_until(deadline);
	t->state = TASK_RUNNING;
	__atomic_store_n(&p->triggered, 0, __ATOMIC_SEQ_CST);
	return r == -ETIMEDOUT ? r : 0;
}

/* An open descriptor for polling: O_PATH files count as closed. */
static struct file *poll_fd_get(int fd)
{
	struct file *f = fd_get(fd);

	if (f && (f->flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

static u32 do_pollfd(struct linux_pollfd *pfd, struct poll_table *pt)
{
	struct file *f;
	u32 mask = 0, filter;

	if (pfd->fd >= 0) {
		mask = POLLNVAL;
		f = poll_fd_get(pfd->fd);
		if (f) {
			/* POLLERR and POLLHUP are reported unasked. */
			filter = (u16)pfd->events | POLLERR | POLLHUP;
			pt->key = filter;
			mask = vfs_poll(f, pt) & filter;
			file_put(f);
		}
	}
	pfd->revents = (s16)mask;
	return mask;
}

long do_poll(struct linux_pollfd *fds, unsigned int nfds, const u64 *end_ns)
{
	struct poll_wqueues *table = kmalloc(sizeof(*table));
	bool timed_out = false;
	u64 deadline = 0;
	long count = 0;

	if (!table)
		return -ENOMEM;
	poll_initwait(table);
	if (end_ns && !*end_ns) {
		table->pt.qproc = NULL;
		timed_out = true;
	} else {
		deadline = poll_deadline_ticks(end_ns);
	}
	for (;;) {
		for (unsigned int i = 0; i < nfds; i++) {
			if (do_pollfd(&fds[i], &table->pt)) {
				count++;
				table->pt.qproc = NULL;
			}
		}
		/* Every queue is registered after the first pass. */
		table->pt.qproc = NULL;
		if (!count) {
			count = table->error;
			if (signal_pending())
				count = -ERESTARTNOHAND;
		}
		if (count || timed_out)
			break;
		if (poll_schedule(table, deadline) == -ETIMEDOUT)
			timed_out = true;
	}
	poll_freewait(table);
	kfree(table);
	return count;
}

/* The events that make a descriptor count in each of select's sets. */
#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET (POLLPRI)

/*
 * Linux clips n to its descriptor table, which starts with 64 slots and
 * doubles; ours starts smaller, so 64 is the floor.
 */
int select_max_fds(int n)
{
	struct fdtable *t = current_proc()->files;
	int size;

	spin_lock(&t->lock);
	size = MAX(t->size, 64);
	spin_unlock(&t->lock);
	return MIN(n, size);
}

static bool fd_is_open(int fd)
{
	struct file *f = fd_get(fd);

	file_put(f);
	return f != NULL;
}

/*
 * Every descriptor in the sets must be open (-EBADF otherwise); returns
 * one more than the highest, so that the scans can stop there.
 */
static int max_select_fd(int n, const u64 *in, const u64 *out, const u64 *ex)
{
	int max = 0;

	for (int i = 0; i < n; i++) {
		u64 bit = 1UL << (i % NFDBITS);
		int w = i / NFDBITS;

		if (!((in[w] | out[w] | ex[w]) & bit))
			continue;
		if (!fd_is_open(i))
			return -EBADF;
		max = i + 1;
	}
	return max;
}

long do_select(int n, const u64 *in, const u64 *out, const u64 *ex,
	       u64 *rin, u64 *rout, u64 *rex, const u64 *end_ns)
{
	struct poll_wqueues *table;
	bool timed_out = false;
	u64 deadline = 0;
	long count = 0;

	n = max_select_fd(n, in, out, ex);
	if (n < 0)
		return n;
	table = kmalloc(sizeof(*table));
	if (!table)
		return -ENOMEM;
	poll_initwait(table);
	if (end_ns && !*end_ns) {
		table->pt.qproc = NULL;
		timed_out = true;
	} else {
		deadline = poll_deadline_ticks(end_ns);
	}
	for (;;) {
		for (int i = 0; i < n; i++) {
			u64 bit = 1UL << (i % NFDBITS);
			int w = i / NFDBITS;
			struct file *f;
			u32 mask = POLLNVAL;

			if (!((in[w] | out[w] | ex[w]) & bit))
				continue;
			f = poll_fd_get(i);
			if (f) {
				table->pt.key = POLLEX_SET |
					(in[w] & bit ? POLLIN_SET : 0) |
					(out[w] & bit ? POLLOUT_SET : 0);
				mask = vfs_poll(f, &table->pt);
				file_put(f);
			}
			/* A descriptor closed meanwhile (POLLNVAL) counts nowhere. */
			if ((mask & POLLIN_SET) && (in[w] & bit)) {
				rin[w] |= bit;
				count++;
				table->pt.qproc = NULL;
			}
			if ((mask & POLLOUT_SET) && (out[w] & bit)) {
				rout[w] |= bit;
				count++;
				table->pt.qproc = NULL;
			}
			if ((mask & POLLEX_SET) && (ex[w] & bit)) {
				rex[w] |= bit;
				count++;
				table->pt.qproc = NULL;
			}
		}
		table->pt.qproc = NULL;
		if (count || timed_out || signal_pending())
			break;
		if (table->error) {
			count = table->error;
			break;
		}
		if (poll_schedule(table, deadline) == -ETIMEDOUT)
			timed_out = true;
	}
	poll_freewait(table);
	kfree(table);
	if (!count && signal_pending())
		return -ERESTARTNOHAND;
	return count;
}
