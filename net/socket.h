/*
 * The socket layer: what every address family shares, and the ops table a
 * family fills in.
 *
 * A socket is a file whose inode has type S_IFSOCK; struct socket lives
 * beside that inode and goes away with it. The generic layer (socket.c)
 * finds the socket behind a descriptor, copies addresses and options
 * between user and kernel memory, keeps the SOL_SOCKET options that mean
 * the same for every family, and calls the family's ops. Families never
 * see a user pointer: addresses and option values arrive as kernel copies,
 * and message data moves only through msg_copy_from_iter and
 * msg_copy_to_iter.
 *
 * Every op returns 0, a count, or -errno.
 */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

#include "kernel/include/file.h"
#include "kernel/include/sched.h"
#include "kernel/include/types.h"
#include "abi/linux/socket.h"

struct poll_table;
struct socket;

/* Linux's internal "not a request of this family" (never reaches users). */
#ifndef ENOIOCTLCMD
#define ENOIOCTLCMD 515
#endif

/*
 * The data of a message: an array of segments (a kernel copy of the
 * user's iovec array), consumed from the front. The segments' addresses
 * are user addresses unless kernel is set.
 */
struct msg_iter {
	const struct linux_iovec *iov;
	unsigned long nr_segs;
	unsigned long seg;     /* the segment being consumed */
	u64 seg_off;           /* bytes of it consumed */
	size_t count;          /* bytes left in all */
	bool kernel;
};

/*
 * Copies n bytes (at most count) between the iterator and kernel memory
 * and advances it. Returns 0 or -EFAULT; after a fault the iterator has
 * advanced over what was copied.
 */
long msg_copy_from_iter(struct msg_iter *it, void *dst, size_t n);
long msg_copy_to_iter(struct msg_iter *it, const void *src, size_t n);
/* An iterator over one user buffer, for read and write. */
void msg_iter_init_single(struct msg_iter *it, struct linux_iovec *iov,
			  void *ubuf, size_t n);

/*
 * A message on its way to or from a family, in kernel form.
 *
 * sendmsg: name/namelen is the destination (namelen 0: none); fds are
 * the files of SCM_RIGHTS, each with a reference the family takes over
 * (it sets nfds to 0 when it does); creds are the sender's, or those of
 * SCM_CREDENTIALS.
 *
 * recvmsg: name points at a sockaddr_storage the family fills in, setting
 * namelen (left 0 when the sender has no address); the family hands over
 * received files in fds/nfds (kmalloc'd array, references included) and
 * sets has_creds when the receiver asked for SCM_CREDENTIALS. The generic
 * layer turns them into control messages. out_flags gets MSG_TRUNC,
 * MSG_EOR and such.
 */
struct sock_msg {
	void *name;
	int namelen;
	struct msg_iter iter;
	u32 flags;                /* MSG_*; MSG_DONTWAIT set for O_NONBLOCK */
	u32 out_flags;
	struct file **fds;
	int nfds;
	bool has_creds;
	struct linux_ucred creds;
};

struct proto_ops {
	/*
	 * bind and connect get the address copied in, with its length
	 * checked to be within 0..sizeof(sockaddr_storage). connect's
	 * fflags are the file's flags (O_NONBLOCK).
	 */
	int (*bind)(struct socket *s, const void *addr, int len);
	int (*connect)(struct socket *s, const void *addr, int len,
		       u32 fflags);
	int (*listen)(struct socket *s, int backlog);
	/*
	 * Takes a pending connection: *newsock is a socket made by the
	 * family (sock_alloc) for it, which the generic layer puts in a
	 * new file. fflags: O_NONBLOCK.
	 */
	int (*accept)(struct socket *s, struct socket **newsock, u32 fflags);
	/* Joins two new sockets of the same type; optional (EOPNOTSUPP). */
	int (*socketpair)(struct socket *a, struct socket *b);
	/* Return the bytes sent or received. */
	ssize_t (*sendmsg)(struct socket *s, struct sock_msg *m);
	ssize_t (*recvmsg)(struct socket *s, struct sock_msg *m);
	int (*shutdown)(struct socket *s, int how); /* how checked */
	/*
	 * Writes the socket's (or with peer its peer's) address into addr,
	 * a sockaddr_storage, and returns its length.
	 */
	int (*getname)(struct socket *s, void *addr, bool peer);
	/*
	 * Options at levels other than SOL_SOCKET (optional: EOPNOTSUPP,
	 * as Linux without a handler). val is a kernel copy of optlen
	 * bytes; getsockopt's buffer holds *optlen bytes and the op sets
	 * *optlen to what it wrote. For SOL_SOCKET the generic layer
	 * answers and then calls setsockopt with the level, so that a
	 * family can act on the new value (its error is returned).
	 */
	int (*setsockopt)(struct socket *s, int level, int name,
			  const void *val, int optlen);
	int (*getsockopt)(struct socket *s, int level, int name, void *val,
			  int *optlen);
	/*
	 * Ready POLL* bits; calls poll_wait on s->wq (and any other queue
	 * whose wake-ups may change the answer), as file_ops->poll.
	 */
	u32 (*poll)(struct socket *s, struct file *f, struct poll_table *pt);
	/*
	 * Integer-valued queries (FIONREAD/SIOCINQ, SIOCOUTQ): returns
	 * the value, which the generic layer stores at the user's int, or
	 * -ENOIOCTLCMD for requests the family does not know. Optional.
	 */
	long (*ioctl)(struct socket *s, unsigned int cmd);
	/* The file is gone (or an unaccepted socket is dropped). */
	void (*release)(struct socket *s);
};

/* A family: create fills in s->ops and s->sk for (type, protocol). */
struct net_family {
	int family;
	/*
	 * type is the base type (no flags). Returns 0, -EPROTONOSUPPORT for
	 * a bad protocol or -ESOCKTNOSUPPORT for a type the family lacks.
	 * It may change s->type (AF_UNIX makes SOCK_RAW a SOCK_DGRAM).
	 */
	int (*create)(struct socket *s, int protocol);
};

/* Boolean SOL_SOCKET options, kept as bits of socket.bool_opts. */
#define SOCK_OPT_BIT(optname) (1ULL << (optname))

/*
 * Lock: family, type, protocol and ops never change after creation; the
 * family's own lock covers sk and listening. The option fields are
 * written by setsockopt under opt_lock and read without it (each is a
 * single word); err is atomic.
 */
struct socket {
	int family;
	int type;
	int protocol;
	const struct proto_ops *ops;
	void *sk;               /* the family's state */
	struct waitq wq;        /* readiness; woken with POLL* keys */
	struct spinlock opt_lock;
	u64 bool_opts;          /* SOCK_OPT_BIT(SO_*) */
	u64 rcvtimeo_ns;        /* 0: wait for ever */
	u64 sndtimeo_ns;
	int rcvbuf, sndbuf;     /* as getsockopt shows them (doubled) */
	int priority;
	int rcvlowat;
	struct linux_linger linger;
	int err;                /* SO_ERROR: pending error, read and clear */
	bool listening;         /* SO_ACCEPTCONN */
	/* SO_PEERCRED: set by the family at connect or socketpair. */
	struct linux_ucred peercred;
};

/* Linux's defaults (net.core.[rw]mem_default) and floors. */
#define SOCK_DEFAULT_BUF 212992
#define SOCK_MAX_BUF 212992 /* net.core.[rw]mem_max */
#define SOCK_MIN_RCVBUF 2304
#define SOCK_MIN_SNDBUF 4608

/*
 * Makes a socket of nothing yet (family fields zero) with its inode; the
 * caller holds the one reference, which sock_alloc_file passes to the
 * file or sock_release drops. NULL when out of memory.
 */
struct socket *sock_alloc(void);
/* Drops a socket that has no file, calling its release op. */
void sock_release(struct socket *s);
/*
 * Puts s in a new file (O_RDWR plus the O_NONBLOCK in flags), taking over
 * the caller's reference. NULL when out of memory (s is then released).
 */
struct file *sock_alloc_file(struct socket *s, u32 flags);
/* The socket of a file, or NULL if it is not one. */
struct socket *sock_from_file(struct file *f);
/* The inode number /proc shows as socket:[N]. */
u64 sock_ino(struct socket *s);
/* The socket's owner (its creator's euid), as /proc/net shows it. */
u32 sock_uid(struct socket *s);

/* The credentials of the calling process, for SO_PEERCRED. */
struct linux_ucred sock_current_creds(void);

/*
 * Sleeping with the socket's timeouts. sock_deadline turns SO_RCVTIMEO or
 * SO_SNDTIMEO into an absolute deadline (0: none). sock_sleep is called
 * after prepare_to_wait and returns 0 when woken, -EAGAIN at the deadline,
 * or on a signal -ERESTARTSYS (no timeout) or -EINTR (with one), as
 * Linux's sock_intr_errno.
 */
u64 sock_deadline(u64 timeo_ns);
long sock_sleep(u64 deadline);

/* Wakes everything waiting on s with the POLL* bits that changed. */
void sock_wake(struct socket *s, u32 key);

/* The cores of the calls, on kernel data (net/socket.c). */
int sock_create(int family, int type, int protocol, struct socket **out);
int sock_socketpair(int family, int type, int protocol,
		    struct socket *out[2]);
int sock_bind(struct socket *s, const void *addr, int len);
int sock_connect(struct socket *s, const void *addr, int len, u32 fflags);
int sock_listen(struct socket *s, int backlog);
int sock_accept(struct socket *s, struct socket **newsock, u32 fflags);
int sock_getname(struct socket *s, void *addr, bool peer);
int sock_shutdown(struct socket *s, int how);
/* fflags: the file's flags; O_NONBLOCK adds MSG_DONTWAIT. */
ssize_t sock_sendmsg(struct socket *s, struct sock_msg *m, u32 fflags);
ssize_t sock_recvmsg(struct socket *s, struct sock_msg *m, u32 fflags);
int sock_setsockopt(struct socket *s, int level, int name, const void *val,
		    int optlen);
int sock_getsockopt(struct socket *s, int level, int name, void *val,
		    int *optlen);

/* The families (one row each in socket.c's table). */
extern const struct net_family unix_family;
extern const struct net_family inet_family;

/*
 * net.ipv4.ping_group_range (net/af_inet.c): the groups that may make
 * ping sockets. Setting hi below lo empties it ("1 0", the default).
 */
void inet_ping_group_range(u32 *lo, u32 *hi);
void inet_set_ping_group_range(u32 lo, u32 hi);

/*
 * net.ipv4.ip_unprivileged_port_start (net/af_inet.c): binding a lower
 * port needs privilege. Setting it checks Linux's bounds (-EINVAL).
 */
int inet_unpriv_port_start(void);
int inet_set_unpriv_port_start(int port);

/*
 * Interface and route ioctls (SIOC*IF*, SIOCADDRT...) on a socket of
 * family (net/netdev.c); -ENOIOCTLCMD for other requests.
 */
long netdev_ioctl(int family, unsigned int cmd, unsigned long arg);
/*
 * The inode number and owner of the socket of an lwIP netconn, for
 * /proc/net (net/af_inet.c); false if it has none.
 */
bool inet_conn_owner(void *conn, u64 *ino, u32 *uid);

/* An AF_UNIX socket as /proc/net/unix shows it (net/af_unix.c). */
struct unix_info {
	u32 refcount;
	int type;
	bool listening, connected;
	bool embryo;                          /* not accepted yet */
	u64 ino;
	const struct linux_sockaddr_un *addr; /* NULL: unnamed */
	int addr_len;                         /* counting the family */
};
void unix_for_each(void (*fn)(void *arg, const struct unix_info *ui),
		   void *arg);

#endif
