/*
 * AF_UNIX: stream, datagram and seqpacket sockets between processes of
 * this machine, with Linux's semantics.
 *
 * Names are file system paths (a node of type S_IFSOCK made at bind time;
 * connect finds the socket by that node's inode) or abstract names (a
 * leading NUL, compared as bytes of the given length). A socket without a
 * name gets an abstract "\0XXXXX" one when it must have one (bind with
 * only the family, SO_PASSCRED senders), as Linux's autobind.
 *
 * Data travels as a queue of buffers on the receiver, each charged to the
 * sender until it is read (the sender's SO_SNDBUF bounds what it has in
 * flight). A stream connection is made at connect time: the listener's
 * queue holds an "embryo" socket, already joined to the client, which
 * accept hands out. Datagram receivers also bound their queue by count
 * (net.unix.max_dgram_qlen), and a listener's by its backlog: a
 * connect to a full listener waits, or is EAGAIN when non-blocking.
 *
 * Files passed with SCM_RIGHTS ride in the buffers with a reference each.
 * There is no garbage collector for sockets sent over themselves: such a
 * cycle is leaked, where Linux would reclaim it.
 *
 * Lock: unix_mtx, one mutex, covers every unix_sock and buffer and the
 * list of bound names. It is a mutex because data is copied from and to
 * user memory under it. Files are never put under it (closing a socket
 * takes it), so freed buffers go on a list that is emptied after unlock.
 */
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "vfs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "net/socket.h"

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* net.unix.max_dgram_qlen */
#define UNIX_MAX_DGRAM_QLEN 10
/* The most a stream buffer holds (Linux's are a page-sized head + frags). */
#define UNIX_STREAM_CHUNK 65536

#define SUN_PATH_OFFSET 2 /* offsetof(struct sockaddr_un, sun_path) */

enum unix_state {
	UNIX_CLOSE,     /* unconnected (or a datagram socket without a peer) */
	UNIX_LISTEN,
	UNIX_CONNECTED,
};

/* A name as bound: len counts the family, as getsockname returns it. */
struct unix_address {
	u32 refcount; /* unix_mtx */
	int len;
	struct linux_sockaddr_un name;
};

struct unix_sock;

struct unix_skb {
	struct list_head link;       /* in the receiver's queue */
	struct unix_sock *from;      /* the sender, charged; a reference */
	struct unix_address *addr;   /* the sender's name then, or NULL */
	struct unix_sock *embryo;    /* on a listener: the connection */
	struct linux_ucred cred;
	struct file **fds;
	int nfds;
	size_t len;                  /* bytes in data */
	size_t off;                  /* bytes already read (streams) */
	char data[];
};

/* Every field is under unix_mtx. */
struct unix_sock {
	u32 refcount;
	struct socket *sock;         /* NULL once the socket is released */
	int type;
	enum unix_state state;
	u32 shutdown;                /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool dead;
	struct unix_address *addr;   /* a reference, or NULL */
	struct inode *path_ino;      /* a path name's node; a reference */
	struct list_head bound;      /* in unix_bound while named */
	struct list_head all;        /* in unix_all, for /proc/net/unix */
	struct unix_sock *peer;      /* a reference */
	struct list_head queue;      /* of unix_skb */
	u32 qlen;
	size_t qbytes;
	size_t wmem;                 /* bytes of ours queued somewhere */
	int backlog;
	/* Senders waiting for room in this socket's queue (they hold refs). */
	struct waitq peer_wait;
};

static struct mutex unix_mtx = {
	.lock = SPINLOCK_INIT("unix"),
	.wq = { .lock = SPINLOCK_INIT("unix_mtx_wq"),
		.waiters = LIST_HEAD_INIT(unix_mtx.wq.waiters) },
};
static LIST_HEAD(unix_bound); /* unix_sock.bound; unix_mtx */
static LIST_HEAD(unix_all);   /* unix_sock.all; unix_mtx */
static u32 autobind_next;     /* unix_mtx */

static const struct proto_ops unix_ops;

/* ---------------------------------------------------------- lifetimes */

static struct unix_sock *unix_get(struct unix_sock *u)
{
	u->refcount++;
	return u;
}

static void addr_put(struct unix_address *a)
{
	if (a && !--a->refcount)
		kfree(a);
}

/* Caller holds unix_mtx. */
static void unix_put(struct unix_sock *u)
{
	if (--u->refcount)
		return;
	list_del(&u->all);
	addr_put(u->addr);
	kfree(u);
}

static struct unix_sock *unix_sk(struct socket *s)
{
	return s->sk;
}

static void unix_wake(struct unix_sock *u, u32 key)
{
	if (u->sock)
		sock_wake(u->sock, key);
}

/*
 * Caller holds unix_mtx: takes skb off its queue (if on one), uncharges
 * the sender and moves the buffer to dead, freed after unlock.
 */
static void skb_drop(struct unix_sock *owner, struct unix_skb *skb,
		     struct list_head *dead)
{
	if (owner) {
		list_del(&skb->link);
		owner->qlen--;
		owner->qbytes -= skb->len;
		wake_up_all(&owner->peer_wait);
	}
	if (skb->from) {
		skb->from->wmem -= skb->len;
		unix_wake(skb->from, POLLOUT | POLLWRNORM | POLLWRBAND);
		unix_put(skb->from);
		skb->from = NULL;
	}
	addr_put(skb->addr);
	skb->addr = NULL;
	list_add_tail(&skb->link, dead);
}

/* After unlock: puts the passed files and drops unaccepted connections. */
static void skbs_free(struct list_head *dead)
{
	while (!list_empty(dead)) {
		struct unix_skb *skb =
			list_first_entry(dead, struct unix_skb, link);

		list_del(&skb->link);
		for (int i = 0; i < skb->nfds; i++)
			file_put(skb->fds[i]);
		kfree(skb->fds);
		if (skb->embryo)
			sock_release(skb->embryo->sock);
		kfree(skb);
	}
}

static struct unix_sock *unix_sock_alloc(struct socket *s)
{
	struct unix_sock *u = kmalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->refcount = 1;
	u->sock = s;
	u->type = s->type;
	list_init(&u->queue);
	list_init(&u->bound);
	waitq_init(&u->peer_wait);
	s->sk = u;
	s->ops = &unix_ops;
	mutex_lock(&unix_mtx);
	list_add_tail(&u->all, &unix_all);
	mutex_unlock(&unix_mtx);
	return u;
}

static int unix_create(struct socket *s, int protocol)
{
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (s->type) {
	case SOCK_RAW:
		/* Linux turns a raw AF_UNIX socket into a datagram one. */
		s->type = SOCK_DGRAM;
		break;
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	return unix_sock_alloc(s) ? 0 : -ENOMEM;
}

const struct net_family unix_family = {
	.family = AF_UNIX,
	.create = unix_create,
};

/* ------------------------------------------------------------- names */

static bool connection_based(struct unix_sock *u)
{
	return u->type == SOCK_STREAM || u->type == SOCK_SEQPACKET;
}

/* An address others may send to or connect with (unix_validate_addr). */
static int check_addr(const struct linux_sockaddr_un *a, int len)
{
	if (len <= SUN_PATH_OFFSET || len > (int)sizeof(*a))
		return -EINVAL;
	if (a->sun_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/*
 * A path name ends at its first NUL (or the end of the length given); the
 * caller's buffer is a sockaddr_storage, so there is room for the NUL.
 */
static int path_len(struct linux_sockaddr_un *a, int len)
{
	((char *)a)[len] = '\0';
	return strlen(a->sun_path);
}

static bool is_abstract(const struct linux_sockaddr_un *a)
{
	return a->sun_path[0] == '\0';
}

/* Caller holds unix_mtx. The socket bound to an abstract name, or NULL. */
static struct unix_sock *find_abstract(const struct linux_sockaddr_un *a,
				       int len)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_bound, bound)
		if (!u->path_ino && u->addr->len == len &&
		    !memcmp(&u->addr->name, a, len))
			return u;
	return NULL;
}

static struct unix_address *addr_make(const void *name, int len)
{
	struct unix_address *a = kmalloc(sizeof(*a));

	if (!a)
		return NULL;
	a->refcount = 1;
	a->len = len;
	memcpy(&a->name, name, len);
	return a;
}

/* Caller holds unix_mtx. Names u and puts it on the list of bound names. */
static void set_name(struct unix_sock *u, struct unix_address *a,
		     struct inode *ino)
{
	u->addr = a;
	u->path_ino = ino;
	list_add_tail(&u->bound, &unix_bound);
}

/* Caller holds unix_mtx: an unused "\0XXXXX" name (unix_autobind). */
static int autobind(struct unix_sock *u)
{
	struct linux_sockaddr_un sun = { .sun_family = AF_UNIX };
	static const char hex[] = "0123456789abcdef";
	int len = SUN_PATH_OFFSET + 1 + 5;
	struct unix_address *a;

	if (u->addr)
		return 0;
	for (u32 tries = 0; tries <= 0xfffff; tries++) {
		u32 n = autobind_next++ & 0xfffff;

		for (int i = 0; i < 5; i++)
			sun.sun_path[5 - i] = hex[(n >> (4 * i)) & 0xf];
		if (find_abstract(&sun, len))
			continue;
		a = addr_make(&sun, len);
		if (!a)
			return -ENOMEM;
		set_name(u, a, NULL);
		return 0;
	}
	return -ENOSPC;
}

/*
 * A sender with SO_PASSCRED gets a name if it has none, as on Linux, so
 * the receiver can tell where credentials came from.
 */
static int passcred_autobind(struct socket *s, struct unix_sock *u)
{
	int err = 0;

	if (READ_ONCE(s->bool_opts) & SOCK_OPT_BIT(SO_PASSCRED)) {
		mutex_lock(&unix_mtx);
		err = autobind(u);
		mutex_unlock(&unix_mtx);
	}
	return err;
}

static int unix_bind(struct socket *s, const void *addr, int len)
{
	struct linux_sockaddr_un *sun = (void *)addr;
	struct unix_sock *u = unix_sk(s);
	struct unix_address *a;
	struct inode *ino = NULL;
	int err;

	if (len == SUN_PATH_OFFSET && sun->sun_family == AF_UNIX) {
		mutex_lock(&unix_mtx);
		err = u->addr ? -EINVAL : autobind(u);
		mutex_unlock(&unix_mtx);
		return err;
	}
	err = check_addr(sun, len);
	if (err)
		return err;
	if (!is_abstract(sun)) {
		int plen = path_len(sun, len);
		u32 mode = S_IFSOCK | (0777 & ~current_proc()->umask);

		len = SUN_PATH_OFFSET + plen + 1;
		/* The node comes first, as Linux: an existing one is EADDRINUSE. */
		ino = vfs_mknod_at(AT_FDCWD, sun->sun_path, mode, 0, NULL);
		if (IS_ERR(ino))
			return PTR_ERR(ino) == -EEXIST ? -EADDRINUSE :
							 PTR_ERR(ino);
	}
	a = addr_make(sun, len);
	mutex_lock(&unix_mtx);
	if (!a)
		err = -ENOMEM;
	else if (u->addr)
		err = -EINVAL;
	else if (!ino && find_abstract(sun, len))
		err = -EADDRINUSE;
	if (!err)
		set_name(u, a, ino);
	mutex_unlock(&unix_mtx);
	if (err) {
		addr_put(a);
		if (ino) {
			inode_put(ino);
			vfs_unlink_at(AT_FDCWD, sun->sun_path, false);
		}
	}
	return err;
}

/*
 * The socket named by an address, with a reference (unix_find_other): a
 * path must be a socket node we may write to, bound by a socket of the
 * same type; an abstract name must be bound by one of the same type.
 */
static struct unix_sock *find_other(struct linux_sockaddr_un *sun, int len,
				    int type, int *errp)
{
	struct unix_sock *u, *found = NULL;
	struct inode *ino;
	int err;

	if (is_abstract(sun)) {
		mutex_lock(&unix_mtx);
		found = find_abstract(sun, len);
		if (found && found->type == type)
			unix_get(found);
		else
			found = NULL;
		mutex_unlock(&unix_mtx);
		*errp = found ? 0 : -ECONNREFUSED;
		return found;
	}
	path_len(sun, len);
	ino = vfs_lookup_at(AT_FDCWD, sun->sun_path, true);
	if (IS_ERR(ino)) {
		*errp = PTR_ERR(ino);
		return NULL;
	}
	err = inode_permission(ino, MAY_WRITE);
	if (!err && !S_ISSOCK(ino->mode))
		err = -ECONNREFUSED;
	if (!err) {
		err = -ECONNREFUSED;
		mutex_lock(&unix_mtx);
		list_for_each_entry(u, &unix_bound, bound) {
			if (u->path_ino != ino)
				continue;
			if (u->type != type) {
				err = -EPROTOTYPE;
				break;
			}
			found = unix_get(u);
			err = 0;
			break;
		}
		mutex_unlock(&unix_mtx);
	}
	inode_put(ino);
	*errp = err;
	return found;
}

static int unix_getname(struct socket *s, void *addr, bool peer)
{
	struct unix_sock *u = unix_sk(s);
	struct linux_sockaddr_un *sun = addr;
	int len = SUN_PATH_OFFSET;

	mutex_lock(&unix_mtx);
	if (peer) {
		u = u->peer;
		if (!u || (connection_based(u) &&
			   unix_sk(s)->state != UNIX_CONNECTED)) {
			mutex_unlock(&unix_mtx);
			return -ENOTCONN;
		}
	}
	if (u->addr) {
		len = u->addr->len;
		memcpy(sun, &u->addr->name, len);
	} else {
		sun->sun_family = AF_UNIX;
		sun->sun_path[0] = '\0';
	}
	mutex_unlock(&unix_mtx);
	return len;
}

/* ----------------------------------------------------- waiting helpers */

/*
 * Caller holds unix_mtx and has put itself on a queue with
 * prepare_to_wait: drops the lock, sleeps, and takes the queue off.
 * Returns 0 (look again), -EAGAIN at the deadline, or a signal's error.
 */
static long unix_wait(struct waitq *wq, struct wait_entry *w, u64 deadline)
{
	long r;

	mutex_unlock(&unix_mtx);
	r = sock_sleep(deadline);
	finish_wait(wq, w);
	return r;
}

/* ------------------------------------------------------ connections */

static int unix_listen(struct socket *s, int backlog)
{
	struct unix_sock *u = unix_sk(s);
	int err = 0;

	if (u->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	mutex_lock(&unix_mtx);
	if (!u->addr || (u->state != UNIX_CLOSE && u->state != UNIX_LISTEN)) {
		err = -EINVAL;
	} else {
		/* A bigger backlog may let waiting connects in. */
		if (backlog > u->backlog)
			wake_up_all(&u->peer_wait);
		u->backlog = backlog;
		u->state = UNIX_LISTEN;
		s->listening = true;
		s->peercred = sock_current_creds();
	}
	mutex_unlock(&unix_mtx);
	return err;
}

/* Caller holds unix_mtx: joins a and b as a connected pair. */
static void join(struct unix_sock *a, struct unix_sock *b)
{
	a->peer = unix_get(b);
	b->peer = unix_get(a);
	a->state = UNIX_CONNECTED;
	b->state = UNIX_CONNECTED;
}

static int unix_socketpair(struct socket *a, struct socket *b)
{
	struct linux_ucred cred = sock_current_creds();

	mutex_lock(&unix_mtx);
	join(unix_sk(a), unix_sk(b));
	a->peercred = cred;
	b->peercred = cred;
	mutex_unlock(&unix_mtx);
	return 0;
}

/* The embryo: the server's end of a connection, made by the client. */
static struct socket *embryo_alloc(struct socket *listener_like)
{
	struct socket *ns = sock_alloc();

	if (!ns)
		return NULL;
	ns->family = AF_UNIX;
	ns->type = listener_like->type;
	ns->protocol = listener_like->protocol;
	if (!unix_sock_alloc(ns)) {
		sock_release(ns);
		return NULL;
	}
	return ns;
}

static int stream_connect(struct socket *s, struct linux_sockaddr_un *sun,
			  int len, u32 fflags)
{
	struct unix_sock *u = unix_sk(s), *other, *nu;
	u64 deadline = sock_deadline(s->sndtimeo_ns);
	struct wait_entry w = { .t = NULL };
	struct unix_skb *skb;
	struct socket *ns;
	int err;

	err = check_addr(sun, len);
	if (err)
		return err;
	err = passcred_autobind(s, u);
	if (err)
		return err;
	ns = embryo_alloc(s);
	skb = kmalloc(sizeof(*skb));
	if (!ns || !skb) {
		err = -ENOMEM;
		goto out_free;
	}
	other = find_other(sun, len, u->type, &err);
	if (!other)
		goto out_free;
	nu = unix_sk(ns);
	for (;;) {
		mutex_lock(&unix_mtx);
		if (other->state != UNIX_LISTEN || other->dead) {
			err = -ECONNREFUSED;
			break;
		}
		/* Linux admits one more than the backlog. */
		if (other->qlen > (u32)other->backlog) {
			if (fflags & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			prepare_to_wait(&other->peer_wait, &w,
					TASK_INTERRUPTIBLE);
			err = unix_wait(&other->peer_wait, &w, deadline);
			if (err) {
				mutex_lock(&unix_mtx);
				break;
			}
			continue;
		}
		if (u->state == UNIX_CONNECTED) {
			err = -EISCONN;
			break;
		}
		if (u->state != UNIX_CLOSE) {
			err = -EINVAL;
			break;
		}
		join(u, nu);
		if (other->addr) {
			other->addr->refcount++;
			nu->addr = other->addr;
		}
		ns->peercred = sock_current_creds();
		s->peercred = other->sock->peercred;
		skb->embryo = nu;
		list_add_tail(&skb->link, &other->queue);
		other->qlen++;
		unix_wake(other, POLLIN | POLLRDNORM);
		unix_put(other);
		mutex_unlock(&unix_mtx);
		return 0;
	}
	unix_put(other);
	mutex_unlock(&unix_mtx);
out_free:
	kfree(skb);
	if (ns)
		sock_release(ns);
	return err;
}

/* Caller holds unix_mtx: whether u may send to other (unix_may_send). */
static bool may_send(struct unix_sock *u, struct unix_sock *other)
{
	return !other->peer || other->peer == u;
}

static int dgram_connect(struct socket *s, struct linux_sockaddr_un *sun,
			 int len)
{
	struct unix_sock *u = unix_sk(s), *other, *old;
	int err;

	if (len >= (int)sizeof(sun->sun_family) &&
	    sun->sun_family == AF_UNSPEC) {
		/* AF_UNSPEC dissolves the association. */
		mutex_lock(&unix_mtx);
		old = u->peer;
		u->peer = NULL;
		u->state = UNIX_CLOSE;
		if (old)
			unix_put(old);
		mutex_unlock(&unix_mtx);
		return 0;
	}
	err = check_addr(sun, len);
	if (err)
		return err;
	err = passcred_autobind(s, u);
	if (err)
		return err;
	other = find_other(sun, len, u->type, &err);
	if (!other)
		return err;
	mutex_lock(&unix_mtx);
	if (other->dead) {
		err = -ECONNREFUSED;
	} else if (!may_send(u, other)) {
		err = -EPERM;
	} else {
		old = u->peer;
		u->peer = unix_get(other);
		u->state = UNIX_CONNECTED;
		if (old)
			unix_put(old);
	}
	unix_put(other);
	mutex_unlock(&unix_mtx);
	return err;
}

static int unix_connect(struct socket *s, const void *addr, int len,
			u32 fflags)
{
	struct linux_sockaddr_un *sun = (void *)addr;

	if (unix_sk(s)->type == SOCK_DGRAM)
		return dgram_connect(s, sun, len);
	return stream_connect(s, sun, len, fflags);
}

static int unix_accept(struct socket *s, struct socket **newsock,
		       u32 fflags)
{
	struct unix_sock *u = unix_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	struct wait_entry w = { .t = NULL };
	struct unix_skb *skb;
	struct unix_sock *nu;
	long err;

	if (u->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	for (;;) {
		mutex_lock(&unix_mtx);
		if (u->state != UNIX_LISTEN) {
			mutex_unlock(&unix_mtx);
			return -EINVAL;
		}
		if (!list_empty(&u->queue))
			break;
		if (fflags & O_NONBLOCK) {
			mutex_unlock(&unix_mtx);
			return -EAGAIN;
		}
		prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
		err = unix_wait(&s->wq, &w, deadline);
		if (err)
			return err;
	}
	skb = list_first_entry(&u->queue, struct unix_skb, link);
	list_del(&skb->link);
	u->qlen--;
	wake_up_all(&u->peer_wait);
	nu = skb->embryo;
	mutex_unlock(&unix_mtx);
	kfree(skb);
	*newsock = nu->sock;
	return 0;
}

static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = unix_sk(s), *other;
	u32 mode = how + 1, peer_mode = 0;

	mutex_lock(&unix_mtx);
	u->shutdown |= mode;
	unix_wake(u, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	wake_up_all(&u->peer_wait);
	other = u->peer;
	if (other && connection_based(u)) {
		if (mode & RCV_SHUTDOWN)
			peer_mode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			peer_mode |= RCV_SHUTDOWN;
		other->shutdown |= peer_mode;
		unix_wake(other, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
		wake_up_all(&other->peer_wait);
	}
	mutex_unlock(&unix_mtx);
	return 0;
}

static void unix_release(struct socket *s)
{
	struct unix_sock *u = unix_sk(s), *peer;
	LIST_HEAD(dead);
	struct inode *ino;

	if (!u)
		return;
	mutex_lock(&unix_mtx);
	u->dead = true;
	u->shutdown = SHUTDOWN_MASK;
	peer = u->peer;
	u->peer = NULL;
	if (peer && connection_based(u)) {
		peer->shutdown = SHUTDOWN_MASK;
		/* Unread data makes the close a reset for the other end. */
		if ((!list_empty(&u->queue) || u->state == UNIX_LISTEN) &&
		    peer->sock)
			peer->sock->err = ECONNRESET;
		unix_wake(peer, POLLIN | POLLOUT | POLLHUP | POLLRDHUP |
					POLLERR);
	}
	if (peer) {
		wake_up_all(&peer->peer_wait);
		unix_put(peer);
	}
	wake_up_all(&u->peer_wait);
	if (u->addr)
		list_del(&u->bound);
	ino = u->path_ino;
	u->path_ino = NULL;
	while (!list_empty(&u->queue))
		skb_drop(u, list_first_entry(&u->queue, struct unix_skb, link),
			 &dead);
	u->sock = NULL;
	s->sk = NULL;
	unix_put(u);
	mutex_unlock(&unix_mtx);
	if (ino)
		inode_put(ino);
	skbs_free(&dead);
}

/* ------------------------------------------------------------- data */

static struct unix_skb *skb_alloc(size_t len)
{
	return kmalloc(sizeof(struct unix_skb) + len);
}

/*
 * Caller holds unix_mtx: gives skb, filled by u, to other's queue and
 * charges u for it.
 */
static void skb_queue(struct unix_sock *u, struct unix_sock *other,
		      struct unix_skb *skb)
{
	skb->from = unix_get(u);
	if (u->addr) {
		u->addr->refcount++;
		skb->addr = u->addr;
	}
	u->wmem += skb->len;
	list_add_tail(&skb->link, &other->queue);
	other->qlen++;
	other->qbytes += skb->len;
	unix_wake(other, POLLIN | POLLRDNORM);
}

/* The ancillary data of a message goes with its first buffer. */
static void skb_take_control(struct unix_skb *skb, struct sock_msg *m)
{
	skb->cred = m->creds;
	skb->fds = m->fds;
	skb->nfds = m->nfds;
	m->fds = NULL;
	m->nfds = 0;
}

static void skb_free_unqueued(struct unix_skb *skb)
{
	LIST_HEAD(dead);

	list_add_tail(&skb->link, &dead);
	skbs_free(&dead);
}

static ssize_t stream_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	u64 deadline = sock_deadline(s->sndtimeo_ns);
	struct wait_entry w = { .t = NULL };
	size_t total = m->iter.count, sent = 0;
	long err = 0;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->namelen)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	mutex_lock(&unix_mtx);
	if (!u->peer)
		err = -ENOTCONN;
	else if (u->shutdown & SEND_SHUTDOWN)
		err = -EPIPE;
	mutex_unlock(&unix_mtx);
	if (err)
		return err;
	do {
		size_t size = MIN(total - sent, (size_t)UNIX_STREAM_CHUNK);
		struct unix_sock *other;
		struct unix_skb *skb;

		size = MIN(size, (size_t)(s->sndbuf / 2 - 64));
		/* Wait for room in what we may have in flight. */
		for (;;) {
			mutex_lock(&unix_mtx);
			other = u->peer;
			if (!other || other->dead ||
			    (other->shutdown & RCV_SHUTDOWN) ||
			    (u->shutdown & SEND_SHUTDOWN)) {
				err = -EPIPE;
				break;
			}
			if (u->wmem < (size_t)s->sndbuf)
				break;
			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
			err = unix_wait(&s->wq, &w, deadline);
			if (err) {
				mutex_lock(&unix_mtx);
				break;
			}
		}
		mutex_unlock(&unix_mtx);
		if (err)
			break;
		skb = skb_alloc(size);
		if (!skb) {
			err = -ENOMEM;
			break;
		}
		skb->len = size;
		if (msg_copy_from_iter(&m->iter, skb->data, size)) {
			kfree(skb);
			err = -EFAULT;
			break;
		}
		if (!sent)
			skb_take_control(skb, m);
		mutex_lock(&unix_mtx);
		other = u->peer;
		if (!other || other->dead ||
		    (other->shutdown & RCV_SHUTDOWN)) {
			mutex_unlock(&unix_mtx);
			skb_free_unqueued(skb);
			err = -EPIPE;
			break;
		}
		skb_queue(u, other, skb);
		mutex_unlock(&unix_mtx);
		sent += size;
	} while (sent < total);
	return sent ? (ssize_t)sent : err;
}

static ssize_t dgram_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s), *other = NULL;
	u64 deadline = sock_deadline(s->sndtimeo_ns);
	struct wait_entry w = { .t = NULL };
	size_t len = m->iter.count;
	struct unix_skb *skb;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (u->type == SOCK_SEQPACKET) {
		/* A seqpacket socket ignores addresses; it needs a peer. */
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		m->namelen = 0;
	}
	if (m->namelen) {
		err = check_addr(m->name, m->namelen);
		if (err)
			return err;
	}
	err = passcred_autobind(s, u);
	if (err)
		return err;
	if (len > (size_t)s->sndbuf - 32)
		return -EMSGSIZE;
	if (m->namelen) {
		other = find_other(m->name, m->namelen, u->type, &err);
		if (!other)
			return err;
	}
	skb = skb_alloc(len);
	if (!skb) {
		err = -ENOMEM;
		goto out_put;
	}
	skb->len = len;
	if (msg_copy_from_iter(&m->iter, skb->data, len)) {
		kfree(skb);
		err = -EFAULT;
		goto out_put;
	}
	skb_take_control(skb, m);
	for (;;) {
		struct unix_sock *to;

		mutex_lock(&unix_mtx);
		to = other ? other : u->peer;
		if (!to) {
			err = -ENOTCONN;
			break;
		}
		if (to->dead) {
			/* A dead peer is forgotten: the next send is ENOTCONN. */
			if (to == u->peer) {
				u->peer = NULL;
				u->state = UNIX_CLOSE;
				unix_put(to);
				err = u->type == SOCK_SEQPACKET ? -EPIPE :
								  -ECONNREFUSED;
			} else {
				err = -ECONNREFUSED;
			}
			break;
		}
		if (!may_send(u, to)) {
			err = -EPERM;
			break;
		}
		if ((to->shutdown & RCV_SHUTDOWN) ||
		    (u->type == SOCK_SEQPACKET &&
		     (u->shutdown & SEND_SHUTDOWN))) {
			err = -EPIPE;
			break;
		}
		/*
		 * A receiver that is not our peer in return holds at most
		 * max_dgram_qlen datagrams; our own in-flight bytes are
		 * bounded by SO_SNDBUF in every case.
		 */
		if ((to->peer != u && to->qlen > UNIX_MAX_DGRAM_QLEN) ||
		    u->wmem + len > (size_t)s->sndbuf) {
			struct waitq *wq = to->peer != u ? &to->peer_wait :
							     &s->wq;

			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			prepare_to_wait(wq, &w, TASK_INTERRUPTIBLE);
			/* to stays alive: we hold other, or u holds its peer. */
			unix_get(to);
			err = unix_wait(wq, &w, deadline);
			mutex_lock(&unix_mtx);
			unix_put(to);
			if (err)
				break;
			mutex_unlock(&unix_mtx);
			continue;
		}
		skb_queue(u, to, skb);
		skb = NULL;
		err = len;
		break;
	}
	if (other)
		unix_put(other);
	mutex_unlock(&unix_mtx);
	if (skb)
		skb_free_unqueued(skb);
	return err;
out_put:
	if (other) {
		mutex_lock(&unix_mtx);
		unix_put(other);
		mutex_unlock(&unix_mtx);
	}
	return err;
}

static ssize_t unix_sendmsg(struct socket *s, struct sock_msg *m)
{
	if (unix_sk(s)->type == SOCK_STREAM)
		return stream_sendmsg(s, m);
	return dgram_sendmsg(s, m);
}

/* Caller holds unix_mtx: the sender's name and credentials into m. */
static void recv_name_creds(struct socket *s, struct unix_skb *skb,
			    struct sock_msg *m)
{
	if (m->name && skb->addr) {
		memcpy(m->name, &skb->addr->name, skb->addr->len);
		m->namelen = skb->addr->len;
	}
	if (READ_ONCE(s->bool_opts) & SOCK_OPT_BIT(SO_PASSCRED)) {
		m->has_creds = true;
		m->creds = skb->cred;
	}
}

/*
 * Caller holds unix_mtx: hands skb's files to m, or with peek copies of
 * them (new references), as Linux duplicates them for MSG_PEEK.
 */
static void recv_fds(struct unix_skb *skb, struct sock_msg *m, bool peek)
{
	if (!skb->nfds || m->nfds)
		return;
	if (!peek) {
		m->fds = skb->fds;
		m->nfds = skb->nfds;
		skb->fds = NULL;
		skb->nfds = 0;
		return;
	}
	m->fds = kmalloc(skb->nfds * sizeof(*m->fds));
	if (!m->fds)
		return;
	for (int i = 0; i < skb->nfds; i++)
		m->fds[i] = file_get(skb->fds[i]);
	m->nfds = skb->nfds;
}

/*
 * Caller holds unix_mtx, with the queue empty: the error or 0 (EOF) that
 * ends a read, or 1 to wait.
 */
static int empty_queue_result(struct socket *s, struct unix_sock *u)
{
	int err = __atomic_exchange_n(&s->err, 0, __ATOMIC_SEQ_CST);

	if (err)
		return -err;
	if (u->shutdown & RCV_SHUTDOWN)
		return 0;
	return 1;
}

static ssize_t dgram_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	struct wait_entry w = { .t = NULL };
	bool peek = m->flags & MSG_PEEK;
	struct unix_skb *skb;
	LIST_HEAD(dead);
	long r;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	for (;;) {
		mutex_lock(&unix_mtx);
		if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED) {
			mutex_unlock(&unix_mtx);
			return -ENOTCONN;
		}
		if (!list_empty(&u->queue))
			break;
		r = empty_queue_result(s, u);
		if (r <= 0 || (m->flags & MSG_DONTWAIT)) {
			mutex_unlock(&unix_mtx);
			return r <= 0 ? r : -EAGAIN;
		}
		prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
		r = unix_wait(&s->wq, &w, deadline);
		if (r)
			return r;
	}
	skb = list_first_entry(&u->queue, struct unix_skb, link);
	recv_name_creds(s, skb, m);
	recv_fds(skb, m, peek);
	{
		size_t want = m->iter.count;
		size_t n = MIN(skb->len, want);

		r = msg_copy_to_iter(&m->iter, skb->data, n);
		if (skb->len > want)
			m->out_flags |= MSG_TRUNC;
		/* With MSG_TRUNC the real length is returned. */
		if (!r)
			r = (m->flags & MSG_TRUNC) ? skb->len : n;
	}
	if (!peek)
		skb_drop(u, skb, &dead);
	mutex_unlock(&unix_mtx);
	skbs_free(&dead);
	return r;
}

static ssize_t stream_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	struct wait_entry w = { .t = NULL };
	bool peek = m->flags & MSG_PEEK;
	size_t total = m->iter.count, copied = 0, target;
	LIST_HEAD(dead);
	long err = 0;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	target = (m->flags & MSG_WAITALL) ? total : MIN(total, (size_t)1);
	mutex_lock(&unix_mtx);
	if (u->state != UNIX_CONNECTED) {
		mutex_unlock(&unix_mtx);
		return -EINVAL;
	}
	for (;;) {
		struct unix_skb *skb, *next;
		bool got_fds = false;

		if (list_empty(&u->queue)) {
			int r;

			if (copied >= target)
				break;
			r = empty_queue_result(s, u);
			if (r <= 0) {
				err = r;
				break;
			}
			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
			err = unix_wait(&s->wq, &w, deadline);
			mutex_lock(&unix_mtx);
			if (err)
				break;
			continue;
		}
		list_for_each_entry_safe(skb, next, &u->queue, link) {
			size_t n = MIN(skb->len - skb->off, total - copied);

			if (!copied)
				recv_name_creds(s, skb, m);
			if (n && msg_copy_to_iter(&m->iter,
						  skb->data + skb->off, n)) {
				err = -EFAULT;
				goto out;
			}
			copied += n;
			/* A read stops after the buffer that carried files. */
			if (skb->nfds) {
				recv_fds(skb, m, peek);
				got_fds = true;
			}
			if (!peek) {
				skb->off += n;
				if (skb->off == skb->len)
					skb_drop(u, skb, &dead);
			}
			if (got_fds || copied == total)
				break;
		}
		if (got_fds || peek || copied >= target)
			break;
	}
out:
	mutex_unlock(&unix_mtx);
	skbs_free(&dead);
	return copied ? (ssize_t)copied : err;
}

static ssize_t unix_recvmsg(struct socket *s, struct sock_msg *m)
{
	if (unix_sk(s)->type == SOCK_STREAM)
		return stream_recvmsg(s, m);
	return dgram_recvmsg(s, m);
}

/* unix_poll and unix_dgram_poll. */
static u32 unix_poll(struct socket *s, struct file *f, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(s), *other;
	u32 mask = 0;

	poll_wait(f, &s->wq, pt);
	mutex_lock(&unix_mtx);
	if (READ_ONCE(s->err))
		mask |= POLLERR;
	if (u->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (u->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->queue))
		mask |= POLLIN | POLLRDNORM;
	if (connection_based(u) && u->state == UNIX_CLOSE)
		mask |= POLLHUP;
	if (u->state != UNIX_LISTEN && u->wmem * 4 <= (size_t)s->sndbuf) {
		other = u->peer;
		/* A datagram socket waits for room at a full receiver. */
		if (!(u->type == SOCK_DGRAM && other && other->peer != u &&
		      other->qlen > UNIX_MAX_DGRAM_QLEN))
			mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	}
	mutex_unlock(&unix_mtx);
	return mask;
}

/* SIOCINQ (FIONREAD) and SIOCOUTQ. */
#define SIOCOUTQ 0x5411
static long unix_ioctl(struct socket *s, unsigned int cmd)
{
	struct unix_sock *u = unix_sk(s);
	long v = -ENOIOCTLCMD;

	mutex_lock(&unix_mtx);
	if (cmd == SIOCOUTQ) {
		v = u->wmem;
	} else if (cmd == FIONREAD) {
		if (u->state == UNIX_LISTEN) {
			v = -EINVAL;
		} else if (u->type == SOCK_STREAM) {
			struct unix_skb *skb;

			v = 0;
			list_for_each_entry(skb, &u->queue, link)
				v += skb->len - skb->off;
		} else {
			/* A datagram socket reports its next datagram. */
			v = list_empty(&u->queue) ?
				    0 :
				    list_first_entry(&u->queue,
						     struct unix_skb, link)
					    ->len;
		}
	}
	mutex_unlock(&unix_mtx);
	return v;
}

static const struct proto_ops unix_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.socketpair = unix_socketpair,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.release = unix_release,
};

/* Caller holds unix_mtx. The listener whose queue u waits in, or NULL. */
static struct unix_sock *embryo_of(struct unix_sock *u)
{
	struct unix_sock *l;
	struct unix_skb *skb;

	list_for_each_entry(l, &unix_all, all) {
		if (l->state != UNIX_LISTEN)
			continue;
		list_for_each_entry(skb, &l->queue, link)
			if (skb->embryo == u)
				return l;
	}
	return NULL;
}

/*
 * For /proc/net/unix (net/proc_net.c): calls fn for every socket not yet
 * released, with unix_mtx held (fn must neither sleep nor call in here).
 */
void unix_for_each(void (*fn)(void *arg, const struct unix_info *ui),
		   void *arg)
{
	struct unix_sock *u, *l;
	struct unix_address *a;
	struct unix_info ui;

	mutex_lock(&unix_mtx);
	list_for_each_entry(u, &unix_all, all) {
		if (!u->sock)
			continue;
		ui.refcount = u->refcount;
		ui.type = u->type;
		ui.listening = u->state == UNIX_LISTEN;
		ui.connected = u->state == UNIX_CONNECTED;
		l = ui.connected && u->type != SOCK_DGRAM ? embryo_of(u) : NULL;
		ui.embryo = l != NULL;
		ui.ino = sock_ino(u->sock);
		/* Linux names a connection after its listener at connect. */
		a = u->addr ? u->addr : l ? l->addr : NULL;
		ui.addr = a ? &a->name : NULL;
		ui.addr_len = a ? a->len : 0;
		fn(arg, &ui);
	}
	mutex_unlock(&unix_mtx);
}
