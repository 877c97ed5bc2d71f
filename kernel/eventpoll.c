/*
 * epoll, after Linux's fs/eventpoll.c.
 *
 * An instance keeps one item per watched (file, descriptor) pair. Adding
 * an item calls the file's poll op once with a table that hangs a
 * callback entry on each wait queue it names; from then on the file's
 * wake-ups push the item onto the instance's ready list, from whatever
 * context they come (a pipe write, an interrupt, a network thread), and
 * wake the instance's waiters. epoll_wait never scans the items: it takes
 * the ready list, asks each file on it for its events again (without a
 * table), reports those that are ready, and puts level-triggered ones
 * back so that the next wait looks at them again. Edge-triggered items
 * wait for their next wake-up; one-shot items are disabled until
 * EPOLL_CTL_MOD.
 *
 * The instance holds no reference on the files: when a file's last
 * reference goes, eventpoll_release() removes its items everywhere first.
 *
 * Locks, in the order they nest:
 *   epmutex        (mutex) adding an epoll instance to another (the loop
 *                  check), freeing an instance, and eventpoll_release;
 *   eventpoll.mtx  (mutex) the item list and every item's fields but the
 *                  ready-list ones; held across a scan, so items cannot
 *                  go while their files are polled. An instance's mutex
 *                  is taken before those of the instances it watches;
 *   the wait queue locks of watched files (held while callbacks run);
 *   eventpoll.lock (spinlock) the ready list, and every item's rdlink
 *                  and on_rdllist;
 *   ep_files_lock  (spinlock) every file's ep_links list.
 * A callback takes eventpoll.lock under the file's queue lock, drops it,
 * then wakes the instance's own queues; a loop of instances is refused,
 * so these chains always end.
 */
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

/* Bits of an item's events that are modes, not events to report. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* The only events EPOLLEXCLUSIVE may be combined with. */
#define EPOLLEXCLUSIVE_OK_BITS                                               \
	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET |   \
	 EPOLLEXCLUSIVE)
/* How deep instances may watch instances, as Linux's EP_MAX_NESTS. */
#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct linux_epoll_event))

struct eventpoll {
	struct mutex mtx;
	struct spinlock lock;
	struct list_head items;   /* every epitem; mtx */
	struct list_head rdllist; /* items that may be ready; lock */
	struct waitq wq;          /* threads in epoll_wait */
	struct waitq poll_wq;     /* poll, select and epoll of this instance */
	struct file *file;        /* its own file, which owns it */
	u64 gen;                  /* loop check mark; epmutex */
	int loop_check_depth;     /* depth found by that check; epmutex */
};

struct epitem;

/* One callback entry of an item on one of its file's wait queues. */
struct ep_pwq {
	struct wait_entry w;
	struct waitq *wq;
	struct epitem *epi;
	struct ep_pwq *next;
};

struct epitem {
	struct list_head link;   /* in ep->items; ep->mtx */
	struct list_head rdlink; /* in ep->rdllist or a scan's list; ep->lock */
	bool on_rdllist;         /* rdlink is on a list; ep->lock */
	struct list_head flink;  /* in file->ep_links; ep_files_lock */
	struct eventpoll *ep;
	struct file *file;       /* no reference, see eventpoll_release */
	int fd;
	u32 events;              /* written under ep->mtx, read by callbacks */
	u64 data;                /* ep->mtx */
	struct ep_pwq *pwqs;     /* ep->mtx */
	bool nwait_failed;       /* an entry could not be allocated */
};

static struct mutex epmutex = {
	.lock = SPINLOCK_INIT("epmutex"),
	.wq = { SPINLOCK_INIT("epmutex_wq"), LIST_HEAD_INIT(epmutex.wq.waiters) },
};
static struct spinlock ep_files_lock = SPINLOCK_INIT("ep_files");
static u64 loop_check_gen;

static const struct file_ops eventpoll_fops;

static bool is_file_epoll(struct file *f)
{
	return f->ops == &eventpoll_fops;
}

/* The instance's wait and poll queues learn that items may be ready. */
static void ep_wake(struct eventpoll *ep)
{
	wake_up_all(&ep->wq);
	wake_up_key(&ep->poll_wq, POLLIN);
}

/* Puts epi on the ready list unless it is on it (or on a scan's list). */
static bool ep_make_ready(struct eventpoll *ep, struct epitem *epi)
{
	bool added = false;

	spin_lock(&ep->lock);
	if (!epi->on_rdllist) {
		list_add_tail(&epi->rdlink, &ep->rdllist);
		epi->on_rdllist = true;
		added = true;
	}
	spin_unlock(&ep->lock);
	return added;
}

/*
 * Whether a wake-up with key counts as waking an EPOLLEXCLUSIVE item
 * whose instance has a thread in epoll_wait: as Linux, only when the key
 * is a kind of event the item asked for (IN or OUT alone), or says
 * nothing of IN and OUT.
 */
static bool ep_exclusive_woke(u32 events, u32 key)
{
	u32 inout = key == ~0u ? 0 : key & (EPOLLIN | EPOLLOUT);

	if (inout == 0)
		return true;
	if (inout == EPOLLIN || inout == EPOLLOUT)
		return (events & inout) != 0;
	return false;
}

/*
 * A watched file's queue was woken with key (the POLL* bits that changed,
 * ~0 for any). Runs with that queue's lock held, interrupts off. Returns
 * whether it woke someone, which ends the wake-up at an exclusive entry
 * (EPOLLEXCLUSIVE); a non-exclusive item always says so.
 */
static int ep_poll_callback(struct wait_entry *w, u32 key)
{
	struct ep_pwq *pwq = container_of(w, struct ep_pwq, w);
	struct epitem *epi = pwq->epi;
	struct eventpoll *ep = epi->ep;
	u32 events = READ_ONCE(epi->events);
	int ewake = 0;

	/* A one-shot item that fired has no events left until MOD. */
	if (!(events & ~EP_PRIVATE_BITS))
		goto out;
	if (!(key & events))
		goto out;
	ep_make_ready(ep, epi);
	/* Read without ep->wq's lock, as Linux's waitqueue_active. */
	if ((events & EPOLLEXCLUSIVE) &&
	    READ_ONCE(ep->wq.waiters.next) != &ep->wq.waiters)
		ewake = ep_exclusive_woke(events, key);
	ep_wake(ep);
out:
	if (!(events & EPOLLEXCLUSIVE))
		ewake = 1;
	return ewake;
}

static void ep_ptable_queue_proc(struct file *f, struct waitq *wq,
				 struct poll_table *pt);

/* The table epoll passes to a poll op when it adds an item. */
struct ep_queue {
	struct poll_table pt;
	struct epitem *epi;
};

static void ep_ptable_queue_proc(struct file *f, struct waitq *wq,
				 struct poll_table *pt)
{
	struct ep_queue *q = container_of(pt, struct ep_queue, pt);
	struct epitem *epi = q->epi;
	struct ep_pwq *pwq;

	if (epi->nwait_failed)
		return;
	pwq = kmalloc(sizeof(*pwq));
	if (!pwq) {
		epi->nwait_failed = true;
		return;
	}
	pwq->w.t = NULL;
	pwq->w.func = ep_poll_callback;
	pwq->w.private = epi;
	pwq->wq = wq;
	pwq->epi = epi;
	pwq->next = epi->pwqs;
	epi->pwqs = pwq;
	if (epi->events & EPOLLEXCLUSIVE)
		add_wait_entry_exclusive(wq, &pwq->w);
	else
		add_wait_entry(wq, &pwq->w);
}

/* The item's events now; pt registers it when it is being added. */
static u32 ep_item_poll(struct epitem *epi, struct poll_table *pt)
{
	u32 events = READ_ONCE(epi->events);

	if (pt)
		pt->key = events;
	return vfs_poll(epi->file, pt) & events;
}

/* Caller holds ep->mtx. After the entries are gone no callback runs. */
static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	struct ep_pwq *pwq, *next;

	for (pwq = epi->pwqs; pwq; pwq = next) {
		next = pwq->next;
		remove_wait_entry(pwq->wq, &pwq->w);
		kfree(pwq);
	}
	spin_lock(&ep_files_lock);
	list_del(&epi->flink);
	spin_unlock(&ep_files_lock);
	list_del(&epi->link);
	spin_lock(&ep->lock);
	if (epi->on_rdllist)
		list_del(&epi->rdlink);
	spin_unlock(&ep->lock);
	kfree(epi);
}

/* Caller holds ep->mtx. */
static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *epi;

	list_for_each_entry(epi, &ep->items, link) {
		if (epi->file == f && epi->fd == fd)
			return epi;
	}
	return NULL;
}

/* Caller holds ep->mtx. */
static long ep_insert(struct eventpoll *ep, const struct linux_epoll_event *ev,
		      struct file *tf, int fd)
{
	struct epitem *epi = kmalloc(sizeof(*epi));
	struct ep_queue q;

	if (!epi)
		return -ENOMEM;
	list_init(&epi->rdlink);
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->events = ev->events;
	epi->data = ev->data;
	list_add_tail(&epi->link, &ep->items);
	spin_lock(&ep_files_lock);
	list_add_tail(&epi->flink, &tf->ep_links);
	spin_unlock(&ep_files_lock);

	q.pt.qproc = ep_ptable_queue_proc;
	q.epi = epi;
	/* Registered before the look, so no event in between is lost. */
	if (ep_item_poll(epi, &q.pt) && !epi->nwait_failed &&
	    ep_make_ready(ep, epi))
		ep_wake(ep);
	if (epi->nwait_failed) {
		ep_remove(ep, epi);
		return -ENOMEM;
	}
	return 0;
}

/* Caller holds ep->mtx. */
static long ep_modify(struct eventpoll *ep, struct epitem *epi,
		      const struct linux_epoll_event *ev)
{
	/* The new mask first, so that a wake-up during the look counts. */
	WRITE_ONCE(epi->events, ev->events);
	epi->data = ev->data;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ep_item_poll(epi, NULL) && ep_make_ready(ep, epi))
		ep_wake(ep);
	return 0;
}

/*
 * The longest chain of instances below ep (0 when it watches none), or
 * more than EP_MAX_NESTS when a chain leads back to `into` or goes too
 * deep. Caller holds epmutex.
 */
static int ep_loop_check_proc(struct eventpoll *ep, struct eventpoll *into,
			      int depth)
{
	struct epitem *epi;
	int result = 0, sub;

	if (ep->gen == loop_check_gen)
		return ep->loop_check_depth;
	mutex_lock(&ep->mtx);
	ep->gen = loop_check_gen;
	list_for_each_entry(epi, &ep->items, link) {
		struct eventpoll *next;

		if (!is_file_epoll(epi->file))
			continue;
		next = epi->file->private;
		if (next == into || depth > EP_MAX_NESTS)
			sub = EP_MAX_NESTS + 1;
		else
			sub = ep_loop_check_proc(next, into, depth + 1) + 1;
		if (sub > result)
			result = sub;
		if (result > EP_MAX_NESTS)
			break;
	}
	ep->loop_check_depth = result;
	mutex_unlock(&ep->mtx);
	return result;
}

/*
 * The longest chain of instances above ep (that watch it, directly or
 * not). Caller holds epmutex and ep_files_lock, which keeps the items
 * on each file's ep_links, and so their instances, in place.
 */
static int ep_upwards_depth(struct eventpoll *ep)
{
	struct epitem *epi;
	int result = 0, up;

	if (ep->gen == loop_check_gen)
		return ep->loop_check_depth;
	list_for_each_entry(epi, &ep->file->ep_links, flink) {
		up = ep_upwards_depth(epi->ep) + 1;
		if (up > result)
			result = up;
	}
	ep->gen = loop_check_gen;
	ep->loop_check_depth = result;
	return result;
}

/*
 * Whether watching `to` from `into` would close a loop or make a chain of
 * instances longer than EP_MAX_NESTS, counting those below `to` and
 * those above `into`, as Linux 6.1 does (a sixth level is ELOOP).
 */
static bool ep_loop_check(struct eventpoll *into, struct eventpoll *to)
{
	int depth, up;

	loop_check_gen++;
	depth = ep_loop_check_proc(to, into, 0);
	if (depth > EP_MAX_NESTS)
		return true;
	spin_lock(&ep_files_lock);
	up = ep_upwards_depth(into);
	spin_unlock(&ep_files_lock);
	return depth + 1 + up > EP_MAX_NESTS;
}

/*
 * Moves the ready list to a private list for a scan. Items stay marked
 * on_rdllist there, so callbacks leave them alone until the scan takes
 * each one off (and clears the mark) just before polling it.
 */
static void ep_start_scan(struct eventpoll *ep, struct list_head *txlist)
{
	spin_lock(&ep->lock);
	list_init(txlist);
	if (!list_empty(&ep->rdllist)) {
		txlist->next = ep->rdllist.next;
		txlist->prev = ep->rdllist.prev;
		txlist->next->prev = txlist;
		txlist->prev->next = txlist;
		list_init(&ep->rdllist);
	}
	spin_unlock(&ep->lock);
}

/* Puts what the scan did not get to back at the front of the list. */
static void ep_done_scan(struct eventpoll *ep, struct list_head *txlist)
{
	bool more;

	spin_lock(&ep->lock);
	if (!list_empty(txlist)) {
		struct list_head *first = txlist->next, *last = txlist->prev;

		last->next = ep->rdllist.next;
		ep->rdllist.next->prev = last;
		ep->rdllist.next = first;
		first->prev = &ep->rdllist;
	}
	more = !list_empty(&ep->rdllist);
	spin_unlock(&ep->lock);
	/* Another waiter may take what this one left. */
	if (more)
		wake_up_all(&ep->wq);
}

/* Takes epi off the scan's list before its file is polled. */
static void ep_take(struct eventpoll *ep, struct epitem *epi)
{
	spin_lock(&ep->lock);
	list_del(&epi->rdlink);
	epi->on_rdllist = false;
	spin_unlock(&ep->lock);
}

/* Puts epi back at the front of the scan's list, unless it was re-queued. */
static void ep_put_back(struct eventpoll *ep, struct epitem *epi,
			struct list_head *txlist)
{
	spin_lock(&ep->lock);
	if (!epi->on_rdllist) {
		list_add(&epi->rdlink, txlist);
		epi->on_rdllist = true;
	}
	spin_unlock(&ep->lock);
}

/* Only events and data are written: the padding stays as it was. */
static long put_event(char *uev, u32 revents, u64 data)
{
	if (copy_to_user(uev + offsetof(struct linux_epoll_event, events),
			 &revents, sizeof(revents)) ||
	    copy_to_user(uev + offsetof(struct linux_epoll_event, data), &data,
			 sizeof(data)))
		return -EFAULT;
	return 0;
}

static long ep_send_events(struct eventpoll *ep, char *uevents,
			   int maxevents)
{
	struct list_head txlist;
	struct epitem *epi;
	long res = 0;
	u32 revents;

	/* A dying process stops collecting events at once. */
	if (READ_ONCE(current_proc()->killed))
		return -EINTR;
	mutex_lock(&ep->mtx);
	ep_start_scan(ep, &txlist);
	while (!list_empty(&txlist) && res < maxevents) {
		epi = list_first_entry(&txlist, struct epitem, rdlink);
		ep_take(ep, epi);
		revents = ep_item_poll(epi, NULL);
		if (!revents)
			continue;
		if (put_event(uevents + res * sizeof(struct linux_epoll_event),
			      revents, epi->data)) {
			ep_put_back(ep, epi, &txlist);
			if (!res)
				res = -EFAULT;
			break;
		}
		res++;
		if (epi->events & EPOLLONESHOT)
			WRITE_ONCE(epi->events, epi->events & EP_PRIVATE_BITS);
		else if (!(epi->events & EPOLLET))
			ep_make_ready(ep, epi); /* looked at again next time */
	}
	ep_done_scan(ep, &txlist);
	mutex_unlock(&ep->mtx);
	return res;
}

static bool ep_events_available(struct eventpoll *ep)
{
	bool r;

	spin_lock(&ep->lock);
	r = !list_empty(&ep->rdllist);
	spin_unlock(&ep->lock);
	return r;
}

static long ep_poll(struct eventpoll *ep, char *uevents, int maxevents,
		    const u64 *end_ns)
{
	bool timed_out = false, eavail;
	struct wait_entry w = { .t = NULL };
	u64 deadline = 0;
	long res;

	if (end_ns && !*end_ns)
		timed_out = true;
	else
		deadline = poll_deadline_ticks(end_ns);
	eavail = ep_events_available(ep);
	for (;;) {
		if (eavail) {
			res = ep_send_events(ep, uevents, maxevents);
			if (res)
				return res;
		}
		/* A zero timeout returns 0 even with a signal pending. */
		if (timed_out)
			return 0;
		if (signal_pending())
			return -EINTR;
		prepare_to_wait(&ep->wq, &w, TASK_INTERRUPTIBLE);
		if (!ep_events_available(ep) && !signal_pending() &&
		    schedule_until(deadline) == -ETIMEDOUT)
			timed_out = true;
		finish_wait(&ep->wq, &w);
		eavail = true;
	}
}

/* Whether the instance has an item that is really ready now. */
static u32 ep_eventpoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->private;
	struct list_head txlist;
	struct epitem *epi;
	u32 res = 0;

	poll_wait(f, &ep->poll_wq, pt);
	mutex_lock(&ep->mtx);
	ep_start_scan(ep, &txlist);
	/* Items that are not ready leave the list, as on Linux. */
	while (!list_empty(&txlist)) {
		epi = list_first_entry(&txlist, struct epitem, rdlink);
		ep_take(ep, epi);
		if (ep_item_poll(epi, NULL)) {
			ep_put_back(ep, epi, &txlist);
			res = POLLIN | POLLRDNORM;
			break;
		}
	}
	ep_done_scan(ep, &txlist);
	mutex_unlock(&ep->mtx);
	return res;
}

static void ep_free(struct file *f)
{
	struct eventpoll *ep = f->private;

	mutex_lock(&epmutex);
	mutex_lock(&ep->mtx);
	while (!list_empty(&ep->items))
		ep_remove(ep, list_first_entry(&ep->items, struct epitem,
					       link));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epmutex);
	kfree(ep);
}

/* Linux's noop_llseek: the position never moves and seeking is no error. */
static off_t ep_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static const struct file_ops eventpoll_fops = {
	.llseek = ep_llseek,
	.poll = ep_eventpoll_poll,
	.release = ep_free,
	.anon_name = "[eventpoll]",
};

struct file *eventpoll_file_create(void)
{
	struct eventpoll *ep = kmalloc(sizeof(*ep));
	struct file *f;

	if (!ep)
		return ERR_PTR(-ENOMEM);
	mutex_init(&ep->mtx, "eventpoll");
	spin_init(&ep->lock, "eventpoll");
	list_init(&ep->items);
	list_init(&ep->rdllist);
	waitq_init(&ep->wq);
	waitq_init(&ep->poll_wq);
	ep->gen = 0;
	ep->loop_check_depth = 0;
	f = file_alloc(&eventpoll_fops, NULL, O_RDWR);
	if (!f) {
		kfree(ep);
		return ERR_PTR(-ENOMEM);
	}
	f->private = ep;
	ep->file = f;
	return f;
}

/* An open descriptor; O_PATH files are not files to epoll. */
static struct file *ep_fd_get(int fd)
{
	struct file *f = fd_get(fd);

	if (f && (f->flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

/* The checks are Linux's, in its order: programs see which comes first. */
long epoll_ctl(int epfd, int op, int fd, const struct linux_epoll_event *event)
{
	struct linux_epoll_event ev = { 0 };
	struct file *f, *tf = NULL;
	struct eventpoll *ep;
	struct epitem *epi;
	bool full_check = false;
	long err = -EBADF;

	if (op != EPOLL_CTL_DEL)
		ev = *event;
	f = ep_fd_get(epfd);
	if (!f)
		return -EBADF;
	tf = ep_fd_get(fd);
	if (!tf)
		goto out;
	err = -EPERM;
	if (!file_can_poll(tf))
		goto out;
	err = -EINVAL;
	if (f == tf || !is_file_epoll(f))
		goto out;
	/* EPOLLEXCLUSIVE is for ADD only, on plain files, with few events. */
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			goto out;
		if (op == EPOLL_CTL_ADD &&
		    (is_file_epoll(tf) || (ev.events & ~EPOLLEXCLUSIVE_OK_BITS)))
			goto out;
	}
	ep = f->private;
	if (op == EPOLL_CTL_ADD && is_file_epoll(tf)) {
		full_check = true;
		mutex_lock(&epmutex);
		err = -ELOOP;
		if (ep_loop_check(ep, tf->private))
			goto out_unlock_epmutex;
	}
	mutex_lock(&ep->mtx);
	epi = ep_find(ep, tf, fd);
	err = -EINVAL;
	switch (op) {
	case EPOLL_CTL_ADD:
		/* Errors and hang-ups are always reported. */
		ev.events |= EPOLLERR | EPOLLHUP;
		err = epi ? -EEXIST : ep_insert(ep, &ev, tf, fd);
		break;
	case EPOLL_CTL_DEL:
		if (epi)
			ep_remove(ep, epi);
		err = epi ? 0 : -ENOENT;
		break;
	case EPOLL_CTL_MOD:
		if (!epi) {
			err = -ENOENT;
		} else if (!(epi->events & EPOLLEXCLUSIVE)) {
			ev.events |= EPOLLERR | EPOLLHUP;
			err = ep_modify(ep, epi, &ev);
		}
		break;
	}
	mutex_unlock(&ep->mtx);
out_unlock_epmutex:
	if (full_check)
		mutex_unlock(&epmutex);
out:
	file_put(tf);
	file_put(f);
	return err;
}

long epoll_wait(int epfd, void *uevents, int maxevents, const u64 *end_ns)
{
	struct file *f;
	long err;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	/* Like access_ok: only the range is checked before waiting. */
	if (!user_range_ok((u64)uevents,
			   (u64)maxevents * sizeof(struct linux_epoll_event)))
		return -EFAULT;
	f = ep_fd_get(epfd);
	if (!f)
		return -EBADF;
	err = -EINVAL;
	if (is_file_epoll(f))
		err = ep_poll(f->private, uevents, maxevents, end_ns);
	file_put(f);
	return err;
}

void eventpoll_release(struct file *f)
{
	struct eventpoll *ep;
	struct epitem *epi;
	bool empty;

	/* The file has no references left, so no item can be added. */
	spin_lock(&ep_files_lock);
	empty = list_empty(&f->ep_links);
	spin_unlock(&ep_files_lock);
	if (empty)
		return;
	mutex_lock(&epmutex);
	for (;;) {
		spin_lock(&ep_files_lock);
		if (list_empty(&f->ep_links)) {
			spin_unlock(&ep_files_lock);
			break;
		}
		epi = list_first_entry(&f->ep_links, struct epitem, flink);
		ep = epi->ep;
		spin_unlock(&ep_files_lock);
		/* Only this function and ep_free (under epmutex) remove it. */
		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epmutex);
}
