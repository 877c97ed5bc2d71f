/*
 * Waiting for files: the poll table drivers see through poll_wait(), the
 * cores of poll and select (kernel/poll.c), epoll (kernel/eventpoll.c),
 * and the files that only exist to be waited on: pipes (kernel/pipe.c)
 * and eventfds (kernel/eventfd.c).
 *
 * Readiness is pushed, never polled: a driver's poll op names the wait
 * queues whose wake-ups may change its answer, and the waker passes the
 * POLL* bits that changed as the key of wake_up_key(). poll and select
 * hang a callback entry that wakes the sleeping thread on each queue;
 * epoll hangs one that puts the file on the instance's ready list, which
 * works from any context that may take a spinlock (a network stack's
 * thread, an interrupt), even before the file has a descriptor.
 */
#ifndef AKUMA_POLL_H
#define AKUMA_POLL_H

#include "file.h"
#include "types.h"

struct linux_epoll_event;
struct linux_pollfd;
struct poll_table;
typedef void (*poll_queue_proc)(struct file *f, struct waitq *wq,
				struct poll_table *pt);

/*
 * What a poll op receives. qproc is NULL once the caller has all the
 * registrations it needs (or wants none); key holds the events the
 * caller cares about, which wake-ups are filtered against.
 */
struct poll_table {
	poll_queue_proc qproc;
	u32 key;
};

/* Calls f's poll op, or reports DEFAULT_POLLMASK if it has none. */
u32 vfs_poll(struct file *f, struct poll_table *pt);

/* Whether f has a poll op at all (epoll refuses files that do not). */
static inline bool file_can_poll(struct file *f)
{
	return f->ops && f->ops->poll;
}

/*
 * poll's core. fds is a kernel copy of the user's array; revents is
 * filled in. end_ns is the absolute monotonic deadline: NULL waits for
 * ever, a pointer to 0 does not wait. Returns the number of entries with
 * events, or -ERESTARTNOHAND when a signal came first, or -errno.
 */
long do_poll(struct linux_pollfd *fds, unsigned int nfds, const u64 *end_ns);

/*
 * select's core on kernel bitmaps of n bits: in, out and ex are read,
 * rin, rout and rex (zeroed by the caller) receive the ready sets. n is
 * clipped to the descriptor table as Linux does; *n_out is that value,
 * for the copy back. Returns the count of set bits, -EBADF for a set bit
 * that is not an open descriptor, -ERESTARTNOHAND or -errno.
 */
long do_select(int n, const u64 *in, const u64 *out, const u64 *ex,
	       u64 *rin, u64 *rout, u64 *rex, const u64 *end_ns);
/* The n select should use: n clipped to the descriptor table's size. */
int select_max_fds(int n);

/* An absolute monotonic deadline in counter ticks (0: none), rounded up. */
u64 poll_deadline_ticks(const u64 *end_ns);

/*
 * epoll (kernel/eventpoll.c). eventpoll_file_create returns a new instance
 * or ERR_PTR(-errno); epoll_ctl takes a kernel copy of the event (unused
 * for EPOLL_CTL_DEL) and returns 0 or -errno.
 */
struct file *eventpoll_file_create(void);
long epoll_ctl(int epfd, int op, int fd, const struct linux_epoll_event *ev);
/*
 * Waits for events on epfd and copies up to maxevents of them to the user
 * array uevents; end_ns as for do_poll. Returns the count, 0 on timeout,
 * -EINTR for a signal, -EFAULT if the first copy failed.
 */
long epoll_wait(int epfd, void *uevents, int maxevents, const u64 *end_ns);
/*
 * Called when the last reference to f goes, before its release op: every
 * epoll instance watching f forgets it, as on Linux.
 */
void eventpoll_release(struct file *f);

/* pipe2's core: makes the two ends (O_NONBLOCK, O_DIRECT in flags). */
long pipe_create(struct file *ends[2], u32 flags);
/*
 * FIFOs: the ops of an opened FIFO, and the open itself (called by the VFS
 * with f->inode the FIFO): 0, -ENXIO, -ERESTARTSYS or -ENOMEM.
 */
extern const struct file_ops fifo_fops;
int fifo_open(struct file *f);

/* eventfd2's core: returns the new file or ERR_PTR(-errno). */
struct file *eventfd_create(u64 count, u32 flags);

#endif
