/*
 * poll, select, epoll and eventfd as the aarch64 (asm-generic) ABI has
 * them: include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h,
 * include/uapi/linux/posix_types.h (fd_set) and the eventfd flags.
 *
 * The kernel uses the same bits inside (file_ops->poll returns them and
 * wake_up_key passes them), as Linux's __poll_t does: on asm-generic the
 * POLL* and EPOLL* values coincide, so no translation is ever needed.
 */
#ifndef ABI_LINUX_POLL_H
#define ABI_LINUX_POLL_H

#include "../../kernel/include/types.h"
#include "fcntl.h"

#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLMSG 0x0400
#define POLLREMOVE 0x1000
#define POLLRDHUP 0x2000

#define EPOLLIN POLLIN
#define EPOLLPRI POLLPRI
#define EPOLLOUT POLLOUT
#define EPOLLERR POLLERR
#define EPOLLHUP POLLHUP
#define EPOLLNVAL POLLNVAL
#define EPOLLRDNORM POLLRDNORM
#define EPOLLRDBAND POLLRDBAND
#define EPOLLWRNORM POLLWRNORM
#define EPOLLWRBAND POLLWRBAND
#define EPOLLMSG POLLMSG
#define EPOLLRDHUP POLLRDHUP
/* Input flags of epoll_ctl only; never reported. */
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP (1U << 29)
#define EPOLLONESHOT (1U << 30)
#define EPOLLET (1U << 31)

/* What a file without a poll op reports (Linux's DEFAULT_POLLMASK). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLL_CLOEXEC O_CLOEXEC

struct linux_pollfd {
	s32 fd;
	s16 events;
	s16 revents;
};
_Static_assert(sizeof(struct linux_pollfd) == 8, "pollfd layout");

/*
 * Only x86-64 packs struct epoll_event; on aarch64 data is 8-aligned,
 * so the structure is 16 bytes with a hole after events.
 */
struct linux_epoll_event {
	u32 events;
	u64 data;
};
_Static_assert(sizeof(struct linux_epoll_event) == 16, "epoll_event layout");

/* fd_set: a bit array of unsigned longs, FD_SETSIZE bits in libc's type. */
#define LINUX_FD_SETSIZE 1024
#define NFDBITS 64
#define FDS_LONGS(n) (((n) + NFDBITS - 1) / NFDBITS)
#define FDS_BYTES(n) (FDS_LONGS(n) * sizeof(u64))

/* pselect6's sixth argument: the signal mask and its size, by address. */
struct linux_sigset_argpack {
	u64 ss;     /* const sigset_t *, or 0 */
	u64 ss_len; /* must be 8 when ss is set */
};
_Static_assert(sizeof(struct linux_sigset_argpack) == 16, "argpack layout");

/* eventfd2 flags: EFD_CLOEXEC and EFD_NONBLOCK are the O_* bits. */
#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK

/* pipe2: O_DIRECT makes a packet pipe; O_EXCL asks for a notification pipe. */
#define O_NOTIFICATION_PIPE O_EXCL

/* The pipe capacity and atomic write size of a new pipe. */
#define PIPE_DEF_BUFFERS 16
#define PIPE_BUF 4096

#endif
