/*
 * The generic socket layer: sockets as files, the family table, the
 * SOL_SOCKET options every family shares, and the cores the socket system
 * calls (abi/linux/sys_socket.c) run on kernel copies of their arguments.
 *
 * A socket and its inode are one allocation, as Linux's socket_alloc: the
 * inode gives fstat S_IFSOCK and /proc its socket:[N], and the socket is
 * freed when the last inode reference goes (the file's, or the creator's
 * for a socket that never got a file).
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
#include "abi/linux/signal.h"
#include "abi/linux/in.h"
#include "net/socket.h"

/* ------------------------------------------------------------ families */

/*
 * The families that exist, by number. Absent ones (AF_INET until the
 * network stack lands, AF_INET6, AF_PACKET, AF_NETLINK...) are
 * EAFNOSUPPORT, as Linux without the module.
 */
static const struct net_family *const families[] = {
	&unix_family,
	&inet_family,
};

static const struct net_family *family_find(int family)
{
	for (size_t i = 0; i < ARRAY_SIZE(families); i++)
		if (families[i]->family == family)
			return families[i];
	return NULL;
}

/* ------------------------------------------------------- the socket file */

struct socket_alloc {
	struct inode vfs;
	struct socket sock;
};

static u64 next_sock_ino = 1;

static void sock_evict(struct inode *ino)
{
	kfree(container_of(ino, struct socket_alloc, vfs));
}

static const struct inode_ops sock_iops = {
	.evict = sock_evict,
};

struct socket *sock_alloc(void)
{
	struct socket_alloc *sa = kmalloc(sizeof(*sa));
	struct process *me = current_proc();
	struct inode *ino;
	struct socket *s;

	if (!sa)
		return NULL;
	ino = &sa->vfs;
	ino->refcount = 1;
	ino->ino = __atomic_fetch_add(&next_sock_ino, 1, __ATOMIC_RELAXED);
	ino->mode = S_IFSOCK | 0777;
	ino->nlink = 1;
	ino->uid = me ? me->euid : 0;
	ino->gid = me ? me->egid : 0;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "sock_inode");
	ino->iops = &sock_iops;
	s = &sa->sock;
	ino->fs_private = s;
	waitq_init(&s->wq);
	spin_init(&s->opt_lock, "sock_opt");
	s->rcvbuf = SOCK_DEFAULT_BUF;
	s->sndbuf = SOCK_DEFAULT_BUF;
	s->peercred = (struct linux_ucred){ 0, (u32)-1, (u32)-1 };
	return s;
}

static struct inode *sock_inode(struct socket *s)
{
	return &container_of(s, struct socket_alloc, sock)->vfs;
}

u64 sock_ino(struct socket *s)
{
	return sock_inode(s)->ino;
}

u32 sock_uid(struct socket *s)
{
	return sock_inode(s)->uid;
}

void sock_release(struct socket *s)
{
	if (s->ops && s->ops->release)
		s->ops->release(s);
	s->ops = NULL;
	inode_put(sock_inode(s));
}

struct socket *sock_from_file(struct file *f)
{
	extern const struct file_ops socket_fops;

	return f->ops == &socket_fops ? f->private : NULL;
}

void sock_wake(struct socket *s, u32 key)
{
	wake_up_key(&s->wq, key);
}

struct linux_ucred sock_current_creds(void)
{
	struct process *me = current_proc();

	return (struct linux_ucred){ me->pid, me->euid, me->egid };
}

/* ------------------------------------------------------------- waiting */

u64 sock_deadline(u64 timeo_ns)
{
	if (!timeo_ns)
		return 0;
	return timer_now() + ns_to_ticks(timeo_ns) + 1;
}

long sock_sleep(u64 deadline)
{
	/* A signal that came before prepare_to_wait would not wake us. */
	long r = signal_pending() ? -ERESTARTSYS : schedule_until(deadline);

	if (r == -ETIMEDOUT)
		return -EAGAIN;
	if (r == -ERESTARTSYS && deadline)
		return -EINTR;
	return r;
}

/* ------------------------------------------------------- message data */

void msg_iter_init_single(struct msg_iter *it, struct linux_iovec *iov,
			  void *ubuf, size_t n)
{
	iov->iov_base = (u64)ubuf;
	iov->iov_len = n;
	*it = (struct msg_iter){ .iov = iov, .nr_segs = 1, .count = n };
}

/* Moves n bytes in the direction to_iter says; the one loop for both. */
static long iter_copy(struct msg_iter *it, void *kbuf, size_t n,
		      bool to_iter)
{
	char *k = kbuf;

	n = MIN(n, it->count);
	while (n) {
		const struct linux_iovec *v = &it->iov[it->seg];
		size_t chunk = MIN(n, (size_t)(v->iov_len - it->seg_off));
		void *u = (void *)(v->iov_base + it->seg_off);
		long r = 0;

		if (!chunk) {
			it->seg++;
			it->seg_off = 0;
			continue;
		}
		if (it->kernel) {
			if (to_iter)
				memcpy(u, k, chunk);
			else
				memcpy(k, u, chunk);
		} else if (to_iter) {
			r = copy_to_user(u, k, chunk);
		} else {
			r = copy_from_user(k, u, chunk);
		}
		if (r)
			return -EFAULT;
		k += chunk;
		n -= chunk;
		it->count -= chunk;
		it->seg_off += chunk;
	}
	return 0;
}

long msg_copy_from_iter(struct msg_iter *it, void *dst, size_t n)
{
	return iter_copy(it, dst, n, false);
}

long msg_copy_to_iter(struct msg_iter *it, const void *src, size_t n)
{
	return iter_copy(it, (void *)src, n, true);
}

/* ------------------------------------------------------------ the calls */

int sock_create(int family, int type, int protocol, struct socket **out)
{
	const struct net_family *fam;
	struct socket *s;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	fam = family_find(family);
	if (!fam)
		return -EAFNOSUPPORT;
	s = sock_alloc();
	if (!s)
		return -ENOMEM;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	err = fam->create(s, protocol);
	if (err) {
		sock_release(s);
		return err;
	}
	*out = s;
	return 0;
}

int sock_socketpair(int family, int type, int protocol,
		    struct socket *out[2])
{
	int err = sock_create(family, type, protocol, &out[0]);

	if (err)
		return err;
	err = sock_create(family, type, protocol, &out[1]);
	if (err) {
		sock_release(out[0]);
		return err;
	}
	err = out[0]->ops->socketpair ?
		      out[0]->ops->socketpair(out[0], out[1]) :
		      -EOPNOTSUPP;
	if (err) {
		sock_release(out[0]);
		sock_release(out[1]);
	}
	return err;
}

int sock_bind(struct socket *s, const void *addr, int len)
{
	return s->ops->bind ? s->ops->bind(s, addr, len) : -EOPNOTSUPP;
}

int sock_connect(struct socket *s, const void *addr, int len, u32 fflags)
{
	return s->ops->connect ? s->ops->connect(s, addr, len, fflags) :
				 -EOPNOTSUPP;
}

/* Linux clamps the backlog to somaxconn; a negative one means the most. */
int sock_listen(struct socket *s, int backlog)
{
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	return s->ops->listen ? s->ops->listen(s, backlog) : -EOPNOTSUPP;
}

int sock_accept(struct socket *s, struct socket **newsock, u32 fflags)
{
	return s->ops->accept ? s->ops->accept(s, newsock, fflags) :
				-EOPNOTSUPP;
}

int sock_getname(struct socket *s, void *addr, bool peer)
{
	return s->ops->getname ? s->ops->getname(s, addr, peer) :
				 -EOPNOTSUPP;
}

int sock_shutdown(struct socket *s, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	return s->ops->shutdown ? s->ops->shutdown(s, how) : -EOPNOTSUPP;
}

/*
 * EPIPE raises SIGPIPE unless the caller said MSG_NOSIGNAL, for every
 * family, as Linux's stream protocols each do.
 */
ssize_t sock_sendmsg(struct socket *s, struct sock_msg *m, u32 fflags)
{
	ssize_t r;

	if (fflags & O_NONBLOCK)
		m->flags |= MSG_DONTWAIT;
	if (!s->ops->sendmsg)
		return -EOPNOTSUPP;
	r = s->ops->sendmsg(s, m);
	if (r == -EPIPE && !(m->flags & MSG_NOSIGNAL))
		send_signal(current_proc(), SIGPIPE);
	return r;
}

ssize_t sock_recvmsg(struct socket *s, struct sock_msg *m, u32 fflags)
{
	if (fflags & O_NONBLOCK)
		m->flags |= MSG_DONTWAIT;
	return s->ops->recvmsg ? s->ops->recvmsg(s, m) : -EOPNOTSUPP;
}

/* --------------------------------------------------- SOL_SOCKET options */

#define USEC_PER_SEC 1000000L
#define NSEC_PER_USEC 1000L

/* The boolean options: stored as bits and shown back as 0 or 1. */
static const u64 bool_options =
	SOCK_OPT_BIT(SO_DEBUG) | SOCK_OPT_BIT(SO_REUSEADDR) |
	SOCK_OPT_BIT(SO_DONTROUTE) | SOCK_OPT_BIT(SO_BROADCAST) |
	SOCK_OPT_BIT(SO_KEEPALIVE) | SOCK_OPT_BIT(SO_OOBINLINE) |
	SOCK_OPT_BIT(SO_NO_CHECK) | SOCK_OPT_BIT(SO_REUSEPORT) |
	SOCK_OPT_BIT(SO_PASSCRED) | SOCK_OPT_BIT(SO_PASSSEC);

static bool is_bool_option(int name)
{
	return name >= 0 && name < 64 && (bool_options & SOCK_OPT_BIT(name));
}

/*
 * SO_RCVTIMEO/SO_SNDTIMEO as sock_set_timeout: microseconds outside a
 * second are EDOM, a negative time means no wait at all... which Linux
 * stores as 0, the same as "for ever".
 */
static int set_timeout(u64 *timeo, const void *val, int optlen)
{
	struct linux_timeval tv;

	if (optlen < (int)sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	if ((u64)tv.tv_sec > 0x7fffffffUL)
		*timeo = 0;
	else
		*timeo = tv.tv_sec * 1000000000UL + tv.tv_usec * NSEC_PER_USEC;
	return 0;
}

/*
 * Linux stores twice the value (for its bookkeeping overhead) and shows
 * that. The plain options are capped at net.core.[rw]mem_max; the
 * *FORCE ones, for CAP_NET_ADMIN, only at INT_MAX / 2.
 */
static int set_buf(int *field, int val, int floor, bool force)
{
	u32 v;

	if (force && current_proc()->euid != 0)
		return -EPERM;
	if (force)
		v = MIN((u32)MAX(val, 0), 0x7fffffffU / 2);
	else
		v = MIN((u32)val, (u32)SOCK_MAX_BUF);
	*field = MAX((int)(v * 2), floor);
	return 0;
}

static int sol_socket_set(struct socket *s, int name, const void *val,
			  int optlen)
{
	int v;

	if (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW)
		return set_timeout(&s->rcvtimeo_ns, val, optlen);
	if (name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW)
		return set_timeout(&s->sndtimeo_ns, val, optlen);
	if (optlen < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	if (is_bool_option(name)) {
		spin_lock(&s->opt_lock);
		if (v)
			s->bool_opts |= SOCK_OPT_BIT(name);
		else
			s->bool_opts &= ~SOCK_OPT_BIT(name);
		spin_unlock(&s->opt_lock);
		return 0;
	}
	switch (name) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		return set_buf(&s->sndbuf, v, SOCK_MIN_SNDBUF,
			       name == SO_SNDBUFFORCE);
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		return set_buf(&s->rcvbuf, v, SOCK_MIN_RCVBUF,
			       name == SO_RCVBUFFORCE);
	case SO_PRIORITY:
		if ((v < 0 || v > 6) && current_proc()->euid != 0)
			return -EPERM;
		s->priority = v;
		return 0;
	case SO_RCVLOWAT:
		s->rcvlowat = v < 0 ? 0x7fffffff : MAX(v, 1);
		return 0;
	case SO_LINGER: {
		struct linux_linger l;

		if (optlen < (int)sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		/* Turning it off keeps the time, which getsockopt shows. */
		if (l.l_onoff)
			s->linger = (struct linux_linger){ 1, l.l_linger };
		else
			s->linger.l_onoff = 0;
		return 0;
	}
	case SO_BSDCOMPAT:
		return 0;
	}
	return -ENOPROTOOPT;
}

static void timeout_value(u64 ns, struct linux_timeval *tv)
{
	tv->tv_sec = ns / 1000000000UL;
	tv->tv_usec = (ns % 1000000000UL) / NSEC_PER_USEC;
}

/*
 * Writes the value of a SOL_SOCKET option into val (at least 16 bytes)
 * and returns its natural length, or -ENOPROTOOPT.
 */
static int sol_socket_get(struct socket *s, int name, void *val)
{
	int v;

	if (is_bool_option(name)) {
		v = !!(READ_ONCE(s->bool_opts) & SOCK_OPT_BIT(name));
		goto out_int;
	}
	switch (name) {
	case SO_TYPE:
		v = s->type;
		break;
	case SO_PROTOCOL:
		v = s->protocol;
		break;
	case SO_DOMAIN:
		v = s->family;
		break;
	case SO_ERROR:
		v = __atomic_exchange_n(&s->err, 0, __ATOMIC_SEQ_CST);
		break;
	case SO_ACCEPTCONN:
		v = READ_ONCE(s->listening);
		break;
	case SO_SNDBUF:
		v = s->sndbuf;
		break;
	case SO_RCVBUF:
		v = s->rcvbuf;
		break;
	case SO_PRIORITY:
		v = s->priority;
		break;
	case SO_RCVLOWAT:
		v = s->rcvlowat ? s->rcvlowat : 1;
		break;
	case SO_SNDLOWAT:
		v = 1;
		break;
	case SO_BSDCOMPAT:
		v = 0;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		timeout_value(s->rcvtimeo_ns, val);
		return sizeof(struct linux_timeval);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		timeout_value(s->sndtimeo_ns, val);
		return sizeof(struct linux_timeval);
	case SO_LINGER:
		memcpy(val, &s->linger, sizeof(s->linger));
		return sizeof(s->linger);
	case SO_PEERCRED:
		memcpy(val, &s->peercred, sizeof(s->peercred));
		return sizeof(s->peercred);
	default:
		return -ENOPROTOOPT;
	}
out_int:
	memcpy(val, &v, sizeof(v));
	return sizeof(v);
}

int sock_setsockopt(struct socket *s, int level, int name, const void *val,
		    int optlen)
{
	int err;

	if (optlen < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return s->ops->setsockopt ?
			       s->ops->setsockopt(s, level, name, val, optlen) :
			       -EOPNOTSUPP;
	err = sol_socket_set(s, name, val, optlen);
	if (!err && s->ops->setsockopt)
		err = s->ops->setsockopt(s, level, name, val, optlen);
	return err;
}

/*
 * SO_PEERNAME: the peer's address with Linux's own rules for this option,
 * unlike getpeername(): no peer is ENOTCONN whatever the family said, a
 * buffer longer than the address is EINVAL, and exactly the buffer's
 * length is written.
 */
static int peername_get(struct socket *s, void *val, int *optlen)
{
	struct linux_sockaddr_storage addr;
	int len = sock_getname(s, &addr, true);

	if (len < 0)
		return -ENOTCONN;
	if (len < *optlen)
		return -EINVAL;
	memcpy(val, &addr, *optlen);
	return 0;
}

/*
 * *optlen holds the buffer's size on entry (the caller checked it is not
 * negative) and what was written on return: a value is cut to the
 * buffer, as Linux's sock_getsockopt does.
 */
int sock_getsockopt(struct socket *s, int level, int name, void *val,
		    int *optlen)
{
	union {
		int i;
		struct linux_timeval tv;
		struct linux_ucred cred;
		struct linux_linger linger;
	} v;
	int len;

	if (level != SOL_SOCKET)
		return s->ops->getsockopt ?
			       s->ops->getsockopt(s, level, name, val, optlen) :
			       -EOPNOTSUPP;
	if (name == SO_PEERNAME)
		return peername_get(s, val, optlen);
	len = sol_socket_get(s, name, &v);
	if (len < 0)
		return len;
	if (*optlen > len)
		*optlen = len;
	memcpy(val, &v, *optlen);
	return 0;
}

/* ---------------------------------------------------------- file ops */

static ssize_t sock_file_read(struct file *f, char *ubuf, size_t n,
			      off_t *pos)
{
	struct socket *s = f->private;
	struct linux_iovec iov;
	struct sock_msg m = { 0 };
	ssize_t r;

	msg_iter_init_single(&m.iter, &iov, ubuf, n);
	r = sock_recvmsg(s, &m, f->flags);
	/* Files passed to a plain read are dropped, as Linux does. */
	for (int i = 0; i < m.nfds; i++)
		file_put(m.fds[i]);
	kfree(m.fds);
	return r;
}

static ssize_t sock_file_write(struct file *f, const char *ubuf, size_t n,
			       off_t *pos)
{
	struct socket *s = f->private;
	struct linux_iovec iov;
	struct sock_msg m = { 0 };

	msg_iter_init_single(&m.iter, &iov, (void *)ubuf, n);
	m.creds = sock_current_creds();
	return sock_sendmsg(s, &m, f->flags);
}

static u32 sock_file_poll(struct file *f, struct poll_table *pt)
{
	struct socket *s = f->private;

	return s->ops->poll ? s->ops->poll(s, f, pt) : 0;
}

/*
 * The family answers integer queries; a request no one knows is ENOTTY,
 * as Linux's sock_do_ioctl says for commands that are not socket ones.
 */
static long sock_file_ioctl(struct file *f, unsigned int cmd,
			    unsigned long arg)
{
	struct socket *s = f->private;
	long v;
	int iv;

	/* Interface requests work on a socket of any family, as Linux's. */
	v = netdev_ioctl(s->family, cmd, arg);
	if (v != -ENOIOCTLCMD)
		return v;
	v = s->ops->ioctl ? s->ops->ioctl(s, cmd) : -ENOIOCTLCMD;
	iv = (int)v;

	if (v == -ENOIOCTLCMD)
		return -ENOTTY;
	if (v < 0)
		return v;
	return copy_to_user((void *)arg, &iv, sizeof(iv));
}

static void sock_file_release(struct file *f)
{
	struct socket *s = f->private;

	if (s->ops && s->ops->release)
		s->ops->release(s);
	s->ops = NULL;
}

const struct file_ops socket_fops = {
	.read = sock_file_read,
	.write = sock_file_write,
	.poll = sock_file_poll,
	.ioctl = sock_file_ioctl,
	.release = sock_file_release,
};

struct file *sock_alloc_file(struct socket *s, u32 flags)
{
	struct file *f = file_alloc(&socket_fops, sock_inode(s),
				    O_RDWR | (flags & O_NONBLOCK));

	if (!f) {
		sock_release(s);
		return NULL;
	}
	f->private = s;
	/* The file holds its own reference on the inode now. */
	inode_put(sock_inode(s));
	return f;
}
