/*
 * Waiting syscalls: pipe2, ppoll, pselect6, epoll and eventfd2.
 *
 * Timeouts follow fs/select.c: a relative timespec becomes an absolute
 * monotonic end time once, so that a restarted or looping call never
 * waits longer in all than asked, and ppoll and pselect6 write back the
 * time that was left (Linux does; glibc relies on it for select's
 * timeval). A temporary signal mask is installed with the thread's
 * saved_sigmask: when the call is cut short by a signal, the mask stays
 * until the handler's frame has saved the old one, so the handler runs
 * under the caller's mask and sigreturn restores it; otherwise it is put
 * back before returning.
 */
#include "abi/linux/syscalls.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/signal.h"
#include "abi/linux/stat.h"
#include "kernel/include/file.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/poll.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_MSEC 1000000L
#define TIME64_MAX 0x7fffffffffffffffL
#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

/* ---------------------------------------------------------- timeouts */

static bool timespec_valid(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < NSEC_PER_SEC;
}

static struct linux_timespec ns_to_timespec(u64 ns)
{
	return (struct linux_timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/*
 * The end time of a wait of ts from now, as poll_select_set_timeout: 0 for
 * a zero wait, saturated at TIME64_MAX seconds as timespec64_add_safe.
 */
static struct linux_timespec end_time(const struct linux_timespec *ts)
{
	struct linux_timespec now = ns_to_timespec(ktime_get_ns()), end;

	if (!ts->tv_sec && !ts->tv_nsec)
		return (struct linux_timespec){ 0, 0 };
	end.tv_sec = now.tv_sec + ts->tv_sec;
	end.tv_nsec = now.tv_nsec + ts->tv_nsec;
	if (end.tv_nsec >= NSEC_PER_SEC) {
		end.tv_sec++;
		end.tv_nsec -= NSEC_PER_SEC;
	}
	if (end.tv_sec < now.tv_sec || end.tv_sec < ts->tv_sec)
		end = (struct linux_timespec){ TIME64_MAX, 0 };
	return end;
}

/*
 * The core's deadline in nanoseconds: *buf, or NULL (no deadline) for no
 * timeout and for end times too far away to count in nanoseconds.
 */
static const u64 *core_deadline(const struct linux_timespec *end, u64 *buf)
{
	if (!end)
		return NULL;
	if (end->tv_sec >= (s64)(~0UL / 2 / NSEC_PER_SEC) - 1)
		return NULL;
	*buf = end->tv_sec * NSEC_PER_SEC + end->tv_nsec;
	return buf;
}

/* ---------------------------------------------------------- sigmasks */

/* set_user_sigmask: installs the caller's temporary mask, if any. */
static long set_user_sigmask(u64 umask, u64 size)
{
	struct thread *t = current_thread();
	u64 mask;

	if (!umask)
		return 0;
	if (size != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (void *)umask, sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	t->sigmask = mask & ~UNBLOCKABLE;
	return 0;
}

/*
 * Puts the old mask back now, unless a signal interrupted the call: then
 * signal delivery saves it in the handler's frame (or restores it if no
 * handler runs).
 */
static void restore_saved_sigmask_unless(bool interrupted)
{
	struct thread *t = current_thread();

	if (interrupted || !t->restore_sigmask)
		return;
	t->sigmask = t->saved_sigmask;
	t->restore_sigmask = false;
}

/*
 * poll_select_finish: restores the mask and writes back the time left.
 * A timeout that cannot be written back makes a restart impossible.
 */
static long poll_select_finish(const struct linux_timespec *end, u64 utsp,
			       long ret)
{
	struct linux_timespec rts;
	s64 now;

	restore_saved_sigmask_unless(ret == -ERESTARTNOHAND);
	if (!utsp)
		return ret;
	if (!end->tv_sec && !end->tv_nsec)
		return ret;
	now = (s64)ktime_get_ns();
	rts.tv_sec = end->tv_sec - now / NSEC_PER_SEC;
	rts.tv_nsec = end->tv_nsec - now % NSEC_PER_SEC;
	if (rts.tv_nsec < 0) {
		rts.tv_sec--;
		rts.tv_nsec += NSEC_PER_SEC;
	}
	if (rts.tv_sec < 0)
		rts.tv_sec = rts.tv_nsec = 0;
	if (!copy_to_user((void *)utsp, &rts, sizeof(rts)))
		return ret;
	if (ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

/* Copies a timeout in: 0, -EFAULT or -EINVAL; *end gets the end time. */
static long get_timeout(u64 utsp, struct linux_timespec *end)
{
	struct linux_timespec ts;

	if (copy_from_user(&ts, (void *)utsp, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	*end = end_time(&ts);
	return 0;
}

/* -------------------------------------------------------------- pipe2 */

SYSCALL_DEFINE(pipe2)
{
	u32 flags = (u32)a1;
	struct file *ends[2];
	int fds[2];
	long err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_NOTIFICATION_PIPE))
		return -EINVAL;
	/* Notification pipes need CONFIG_WATCH_QUEUE's machinery. */
	if (flags & O_NOTIFICATION_PIPE)
		return -ENOPKG;
	err = pipe_create(ends, flags);
	if (err)
		return err;
	fds[0] = fd_install(ends[0], 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(ends[0]);
		file_put(ends[1]);
		return fds[0];
	}
	fds[1] = fd_install(ends[1], 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(ends[1]);
		return fds[1];
	}
	if (copy_to_user((void *)a0, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* -------------------------------------------------------------- ppoll */

SYSCALL_DEFINE(ppoll)
{
	u64 ufds = a0, utsp = a2;
	unsigned int nfds = (unsigned int)a1;
	struct linux_timespec end = { 0, 0 };
	struct linux_pollfd *fds = NULL;
	u64 end_ns;
	long ret;

	if (utsp) {
		ret = get_timeout(utsp, &end);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(a3, a4);
	if (ret)
		return ret;
	if (nfds > current_proc()->files->nofile_limit) {
		ret = -EINVAL;
		goto out;
	}
	if (nfds) {
		fds = kmalloc((size_t)nfds * sizeof(*fds));
		ret = -ENOMEM;
		if (!fds)
			goto out;
		ret = -EFAULT;
		if (copy_from_user(fds, (void *)ufds, nfds * sizeof(*fds)))
			goto out;
	}
	ret = do_poll(fds, nfds,
		      utsp ? core_deadline(&end, &end_ns) : NULL);
	/* Only revents is written back, entry by entry, as Linux does. */
	for (unsigned int i = 0; i < nfds; i++) {
		struct linux_pollfd *u = (struct linux_pollfd *)ufds + i;

		if (copy_to_user(&u->revents, &fds[i].revents,
				 sizeof(fds[i].revents))) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(fds);
	return poll_select_finish(&end, utsp, ret);
}

/* ----------------------------------------------------------- pselect6 */

/* Reads one set (a NULL set is empty); 0 or -EFAULT. */
static long get_fd_set(u64 uset, u64 *set, int n)
{
	if (!uset) {
		memset(set, 0, FDS_BYTES(n));
		return 0;
	}
	return copy_from_user(set, (void *)uset, FDS_BYTES(n));
}

static long set_fd_set(u64 uset, const u64 *set, int n)
{
	if (!uset)
		return 0;
	return copy_to_user((void *)uset, set, FDS_BYTES(n));
}

static long core_sys_select(int n, u64 uin, u64 uout, u64 uex,
			    const u64 *end_ns)
{
	size_t longs;
	u64 *bits;
	long ret;

	if (n < 0)
		return -EINVAL;
	n = select_max_fds(n);
	longs = FDS_LONGS(n);
	/* in, out, ex, then the three result sets. */
	bits = kmalloc(6 * longs * sizeof(u64) + 1);
	if (!bits)
		return -ENOMEM;
	ret = get_fd_set(uin, bits, n);
	if (!ret)
		ret = get_fd_set(uout, bits + longs, n);
	if (!ret)
		ret = get_fd_set(uex, bits + 2 * longs, n);
	if (ret)
		goto out;
	ret = do_select(n, bits, bits + longs, bits + 2 * longs,
			bits + 3 * longs, bits + 4 * longs, bits + 5 * longs,
			end_ns);
	if (ret < 0)
		goto out;
	if (set_fd_set(uin, bits + 3 * longs, n) ||
	    set_fd_set(uout, bits + 4 * longs, n) ||
	    set_fd_set(uex, bits + 5 * longs, n))
		ret = -EFAULT;
out:
	kfree(bits);
	return ret;
}

SYSCALL_DEFINE(pselect6)
{
	struct linux_sigset_argpack pack = { 0, 0 };
	struct linux_timespec end = { 0, 0 };
	u64 utsp = a4, end_ns;
	long ret;

	if (a5 && copy_from_user(&pack, (void *)a5, sizeof(pack)))
		return -EFAULT;
	if (utsp) {
		ret = get_timeout(utsp, &end);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(pack.ss, pack.ss_len);
	if (ret)
		return ret;
	ret = core_sys_select((int)a0, a1, a2, a3,
			      utsp ? core_deadline(&end, &end_ns) : NULL);
	return poll_select_finish(&end, utsp, ret);
}

/* -------------------------------------------------------------- epoll */

SYSCALL_DEFINE(epoll_create1)
{
	u32 flags = (u32)a0;
	struct file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	f = eventpoll_file_create();
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL_DEFINE(epoll_ctl)
{
	struct linux_epoll_event ev;
	int op = (int)a1;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, (void *)a3, sizeof(ev)))
		return -EFAULT;
	return epoll_ctl((int)a0, op, (int)a2, &ev);
}

/* do_epoll_pwait: the mask goes in first, even before the fd is checked. */
static long do_epoll_pwait(int epfd, u64 uevents, int maxevents,
			   const u64 *end_ns, u64 umask, u64 size)
{
	long ret = set_user_sigmask(umask, size);

	if (ret)
		return ret;
	ret = epoll_wait(epfd, (void *)uevents, maxevents, end_ns);
	restore_saved_sigmask_unless(ret == -EINTR);
	return ret;
}

SYSCALL_DEFINE(epoll_pwait)
{
	int ms = (int)a3;
	u64 end_ns;

	/* A negative timeout waits for ever; 0 polls once. */
	if (ms < 0)
		return do_epoll_pwait((int)a0, a1, (int)a2, NULL, a4, a5);
	end_ns = ms ? ktime_get_ns() + (u64)ms * NSEC_PER_MSEC : 0;
	return do_epoll_pwait((int)a0, a1, (int)a2, &end_ns, a4, a5);
}

SYSCALL_DEFINE(epoll_pwait2)
{
	struct linux_timespec end;
	u64 end_ns;
	long ret;

	if (!a3)
		return do_epoll_pwait((int)a0, a1, (int)a2, NULL, a4, a5);
	ret = get_timeout(a3, &end);
	if (ret)
		return ret;
	end_ns = 0; /* a zero timeout polls once */
	return do_epoll_pwait((int)a0, a1, (int)a2,
			      end.tv_sec || end.tv_nsec ?
				      core_deadline(&end, &end_ns) : &end_ns,
			      a4, a5);
}

/* ------------------------------------------------------------ eventfd */

SYSCALL_DEFINE(eventfd2)
{
	u32 count = (u32)a0, flags = (u32)a1;
	struct file *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	f = eventfd_create(count, flags);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
