/*
 * The socket system calls. Each finds the socket behind the descriptor,
 * copies addresses, option values, message headers, iovec arrays and
 * control messages in, calls the core in net/socket.c and copies the
 * results out, with the checks of Linux's net/socket.c in its order:
 * an address length outside 0..sizeof(sockaddr_storage) is EINVAL, a
 * pointer that cannot be copied EFAULT, a descriptor that is not open
 * EBADF and one that is not a socket ENOTSOCK.
 */
#include "abi/linux/syscalls.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/socket.h"
#include "abi/linux/time.h"
#include "kernel/include/file.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"
#include "net/socket.h"

#define UIO_MAXIOV 1024
#define INT_MAX 0x7fffffff
/* net.core.optmem_max: the most control data one message may carry. */
#define OPTMEM_MAX 20480

/* ------------------------------------------------------------ helpers */

/*
 * An open descriptor as Linux's fdget sees it: O_PATH files only name an
 * inode and count as not open (EBADF, before any ENOTSOCK).
 */
static struct file *sock_fd_get(long fd)
{
	struct file *f = fd_get((int)fd);

	if (f && (f->flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

/* The socket behind fd, with a reference on its file in *fp. */
static struct socket *sockfd_get(long fd, struct file **fp, long *err)
{
	struct file *f = sock_fd_get(fd);
	struct socket *s;

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	s = sock_from_file(f);
	if (!s) {
		file_put(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	*fp = f;
	return s;
}

/* move_addr_to_kernel. */
static long addr_from_user(u64 uaddr, long len,
			   struct linux_sockaddr_storage *k)
{
	if (len < 0 || len > (long)sizeof(*k))
		return -EINVAL;
	if (!len)
		return 0;
	return copy_from_user(k, (void *)uaddr, len);
}

/*
 * move_addr_to_user: the user's length is read (EFAULT, EINVAL if
 * negative), as much of the address as fits is copied, and the full
 * length is written back.
 */
static long addr_to_user(const void *k, int klen, u64 uaddr, u64 ulenp)
{
	int len;

	if (copy_from_user(&len, (void *)ulenp, sizeof(len)))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user((void *)uaddr, k, len))
		return -EFAULT;
	return copy_to_user((void *)ulenp, &klen, sizeof(klen));
}

/* SOCK_NONBLOCK and SOCK_CLOEXEC are the only flags of a type. */
static long split_type(long type, int *base, u32 *fflags, bool *cloexec)
{
	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	*base = type & SOCK_TYPE_MASK;
	*fflags = (type & SOCK_NONBLOCK) ? O_NONBLOCK : 0;
	*cloexec = type & SOCK_CLOEXEC;
	return 0;
}

/* Gives s a file and a descriptor; the socket is released on failure. */
static long sock_install(struct socket *s, u32 fflags, bool cloexec)
{
	struct file *f = sock_alloc_file(s, fflags);
	int fd;

	if (!f)
		return -ENOMEM;
	fd = fd_install(f, 0, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* --------------------------------------------------- making sockets */

SYSCALL_DEFINE(socket)
{
	struct socket *s;
	bool cloexec;
	u32 fflags;
	int type;
	long err;

	err = split_type((int)a1, &type, &fflags, &cloexec);
	if (err)
		return err;
	err = sock_create((int)a0, type, (int)a2, &s);
	if (err)
		return err;
	return sock_install(s, fflags, cloexec);
}

SYSCALL_DEFINE(socketpair)
{
	struct socket *pair[2];
	int fds[2];
	bool cloexec;
	u32 fflags;
	int type;
	long err;

	err = split_type((int)a1, &type, &fflags, &cloexec);
	if (err)
		return err;
	err = sock_socketpair((int)a0, type, (int)a2, pair);
	if (err)
		return err;
	fds[0] = sock_install(pair[0], fflags, cloexec);
	if (fds[0] < 0) {
		sock_release(pair[1]);
		return fds[0];
	}
	fds[1] = sock_install(pair[1], fflags, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user((void *)a3, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* ---------------------------------------------------- names and links */

SYSCALL_DEFINE(bind)
{
	struct linux_sockaddr_storage addr;
	struct socket *s;
	struct file *f;
	long err;

	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	err = addr_from_user(a1, (int)a2, &addr);
	if (!err)
		err = sock_bind(s, &addr, (int)a2);
	file_put(f);
	return err;
}

/* The address comes in before the descriptor is checked, as Linux's. */
SYSCALL_DEFINE(connect)
{
	struct linux_sockaddr_storage addr;
	struct socket *s;
	struct file *f;
	long err;

	f = sock_fd_get(a0);
	if (!f)
		return -EBADF;
	err = addr_from_user(a1, (int)a2, &addr);
	if (!err) {
		s = sock_from_file(f);
		err = s ? sock_connect(s, &addr, (int)a2, f->flags) :
			  -ENOTSOCK;
	}
	file_put(f);
	return err;
}

SYSCALL_DEFINE(listen)
{
	struct socket *s;
	struct file *f;
	long err;

	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	err = sock_listen(s, (int)a1);
	file_put(f);
	return err;
}

static long do_accept(u64 fd, u64 uaddr, u64 ulenp, long flags)
{
	struct linux_sockaddr_storage addr;
	struct socket *s, *ns;
	struct file *f, *nf;
	long err;
	int len, nfd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	s = sockfd_get(fd, &f, &err);
	if (!s)
		return err;
	err = sock_accept(s, &ns, f->flags);
	file_put(f);
	if (err)
		return err;
	nf = sock_alloc_file(ns, (flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	if (!nf)
		return -ENOMEM;
	if (uaddr) {
		len = sock_getname(ns, &addr, true);
		err = len < 0 ? -ECONNABORTED :
				addr_to_user(&addr, len, uaddr, ulenp);
		if (err) {
			file_put(nf);
			return err;
		}
	}
	nfd = fd_install(nf, 0, flags & SOCK_CLOEXEC);
	if (nfd < 0)
		file_put(nf);
	return nfd;
}

SYSCALL_DEFINE(accept)
{
	return do_accept(a0, a1, a2, 0);
}

SYSCALL_DEFINE(accept4)
{
	return do_accept(a0, a1, a2, (int)a3);
}

static long do_getname(u64 fd, u64 uaddr, u64 ulenp, bool peer)
{
	struct linux_sockaddr_storage addr;
	struct socket *s;
	struct file *f;
	long err;
	int len;

	s = sockfd_get(fd, &f, &err);
	if (!s)
		return err;
	len = sock_getname(s, &addr, peer);
	file_put(f);
	if (len < 0)
		return len;
	return addr_to_user(&addr, len, uaddr, ulenp);
}

SYSCALL_DEFINE(getsockname)
{
	return do_getname(a0, a1, a2, false);
}

SYSCALL_DEFINE(getpeername)
{
	return do_getname(a0, a1, a2, true);
}

SYSCALL_DEFINE(shutdown)
{
	struct socket *s;
	struct file *f;
	long err;

	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	err = sock_shutdown(s, (int)a1);
	file_put(f);
	return err;
}

/* ------------------------------------------------------------ options */

/* The most any option we know takes; longer values are cut to it. */
#define OPTVAL_MAX 256

SYSCALL_DEFINE(setsockopt)
{
	char val[OPTVAL_MAX];
	int level = (int)a1, name = (int)a2, optlen = (int)a4;
	struct socket *s;
	struct file *f;
	long err;

	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	err = -EINVAL;
	if (optlen < 0)
		goto out;
	/* Every SOL_SOCKET option is at least an int; Linux checks first. */
	if (level == SOL_SOCKET && optlen < (int)sizeof(int))
		goto out;
	err = -EFAULT;
	if (copy_from_user(val, (void *)a3, MIN(optlen, OPTVAL_MAX)))
		goto out;
	err = sock_setsockopt(s, level, name, val, MIN(optlen, OPTVAL_MAX));
out:
	file_put(f);
	return err;
}

SYSCALL_DEFINE(getsockopt)
{
	char val[OPTVAL_MAX];
	int level = (int)a1, name = (int)a2, len;
	struct socket *s;
	struct file *f;
	long err;

	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	err = -EFAULT;
	if (copy_from_user(&len, (void *)a4, sizeof(len)))
		goto out;
	err = -EINVAL;
	if (len < 0)
		goto out;
	len = MIN(len, OPTVAL_MAX);
	err = sock_getsockopt(s, level, name, val, &len);
	if (err)
		goto out;
	err = -EFAULT;
	if (copy_to_user((void *)a3, val, len) ||
	    copy_to_user((void *)a4, &len, sizeof(len)))
		goto out;
	err = 0;
out:
	file_put(f);
	return err;
}

/* ------------------------------------------------------------ messages */

/* A kernel message with its buffers; msg_done frees what it holds. */
struct kmsg {
	struct sock_msg m;
	struct linux_sockaddr_storage addr;
	struct linux_iovec one;       /* sendto/recvfrom's single buffer */
	struct linux_iovec *iov;      /* kmalloc'd array, or NULL */
	u64 uname;                    /* the user's msg_name */
	u64 ucontrol;                 /* the user's control buffer */
	u64 controllen;
};

static void msg_done(struct kmsg *k)
{
	for (int i = 0; i < k->m.nfds; i++)
		file_put(k->m.fds[i]);
	kfree(k->m.fds);
	kfree(k->iov);
}

/* One user buffer (sendto, recvfrom): import_single_range's checks. */
static long msg_single(struct kmsg *k, u64 ubuf, u64 len)
{
	len = MIN(len, (u64)MAX_RW_COUNT);
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	msg_iter_init_single(&k->m.iter, &k->one, (void *)ubuf, len);
	return 0;
}

/*
 * copy_msghdr_from_user and the iovec import: a negative name length is
 * EINVAL and a long one is cut to sockaddr_storage; more than UIO_MAXIOV
 * segments is EMSGSIZE; a negative segment length EINVAL.
 */
static long msg_from_user(struct kmsg *k, u64 umsg, bool send)
{
	struct linux_msghdr h;
	size_t total = 0;
	long err;

	if (copy_from_user(&h, (void *)umsg, sizeof(h)))
		return -EFAULT;
	if (!h.msg_name)
		h.msg_namelen = 0;
	if (h.msg_namelen < 0)
		return -EINVAL;
	if (h.msg_namelen > (int)sizeof(k->addr))
		h.msg_namelen = sizeof(k->addr);
	if (h.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if (send && h.msg_namelen) {
		err = addr_from_user(h.msg_name, h.msg_namelen, &k->addr);
		if (err)
			return err;
		k->m.name = &k->addr;
		k->m.namelen = h.msg_namelen;
	} else if (!send && h.msg_name) {
		k->m.name = &k->addr;
	}
	if (h.msg_iovlen) {
		k->iov = kmalloc(h.msg_iovlen * sizeof(*k->iov));
		if (!k->iov)
			return -ENOMEM;
		if (copy_from_user(k->iov, (void *)h.msg_iov,
				   h.msg_iovlen * sizeof(*k->iov)))
			return -EFAULT;
	}
	for (u64 i = 0; i < h.msg_iovlen; i++)
		if ((s64)k->iov[i].iov_len < 0)
			return -EINVAL;
	for (u64 i = 0; i < h.msg_iovlen; i++) {
		if (!user_range_ok(k->iov[i].iov_base, k->iov[i].iov_len))
			return -EFAULT;
		k->iov[i].iov_len = MIN(k->iov[i].iov_len,
					MAX_RW_COUNT - total);
		total += k->iov[i].iov_len;
	}
	k->m.iter = (struct msg_iter){ .iov = k->iov,
				       .nr_segs = h.msg_iovlen,
				       .count = total };
	k->uname = h.msg_name;
	k->ucontrol = h.msg_control;
	k->controllen = h.msg_controllen;
	return 0;
}

static long cmsg_rights(struct kmsg *k, const struct linux_cmsghdr *c)
{
	int num = (c->cmsg_len - sizeof(*c)) / sizeof(int);
	const int *fdp = (const int *)(c + 1);
	struct file **fds;

	if (num <= 0)
		return 0;
	if (num > SCM_MAX_FD || k->m.nfds + num > SCM_MAX_FD)
		return -EINVAL;
	fds = kmalloc((k->m.nfds + num) * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	memcpy(fds, k->m.fds, k->m.nfds * sizeof(*fds));
	kfree(k->m.fds);
	k->m.fds = fds;
	for (int i = 0; i < num; i++) {
		struct file *f = fd_get(fdp[i]);

		if (!f)
			return -EBADF;
		fds[k->m.nfds++] = f;
	}
	return 0;
}

/* scm_check_creds: others' ids need privilege. */
static long cmsg_creds(struct kmsg *k, const struct linux_cmsghdr *c)
{
	struct process *me = current_proc();
	struct linux_ucred cr;
	bool root = me->euid == 0;

	if (c->cmsg_len != CMSG_LEN(sizeof(cr)))
		return -EINVAL;
	memcpy(&cr, c + 1, sizeof(cr));
	if (!root && (cr.pid != me->pid ||
		      (cr.uid != me->uid && cr.uid != me->euid &&
		       cr.uid != me->suid) ||
		      (cr.gid != me->gid && cr.gid != me->egid &&
		       cr.gid != me->sgid)))
		return -EPERM;
	k->m.creds = cr;
	return 0;
}

/*
 * __scm_send: walks the control messages; those of other levels are
 * skipped, unknown SOL_SOCKET types and malformed headers are EINVAL,
 * SCM_RIGHTS is only for AF_UNIX.
 */
static long control_from_user(struct kmsg *k, struct socket *s)
{
	struct process *me = current_proc();
	char *buf;
	u64 off = 0;
	long err = 0;

	k->m.creds = (struct linux_ucred){ me->pid, me->uid, me->gid };
	if (!k->controllen)
		return 0;
	if (k->controllen > INT_MAX)
		return -ENOBUFS;
	if (k->controllen > OPTMEM_MAX)
		return -ENOBUFS;
	buf = kmalloc(k->controllen);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, (void *)k->ucontrol, k->controllen)) {
		kfree(buf);
		return -EFAULT;
	}
	while (off + sizeof(struct linux_cmsghdr) <= k->controllen) {
		struct linux_cmsghdr *c = (void *)(buf + off);

		if (c->cmsg_len < sizeof(*c) ||
		    c->cmsg_len > k->controllen - off) {
			err = -EINVAL;
			break;
		}
		if (c->cmsg_level == SOL_SOCKET) {
			if (c->cmsg_type == SCM_RIGHTS)
				err = s->family == AF_UNIX ? cmsg_rights(k, c) :
							     -EINVAL;
			else if (c->cmsg_type == SCM_CREDENTIALS)
				err = cmsg_creds(k, c);
			else
				err = -EINVAL;
			if (err)
				break;
		}
		off += CMSG_ALIGN(c->cmsg_len);
	}
	kfree(buf);
	return err;
}

/* put_cmsg: as much as fits; MSG_CTRUNC when something did not. */
static long put_cmsg(struct kmsg *k, u64 *used, int type, const void *data,
		     size_t len)
{
	struct linux_cmsghdr c = { CMSG_LEN(len), SOL_SOCKET, type };
	u64 room = k->controllen - *used, cmlen = c.cmsg_len;
	char *u = (char *)(k->ucontrol + *used);

	if (!k->ucontrol || room < sizeof(c)) {
		k->m.out_flags |= MSG_CTRUNC;
		return 0;
	}
	if (room < cmlen) {
		k->m.out_flags |= MSG_CTRUNC;
		cmlen = room;
	}
	if (copy_to_user(u, &c, sizeof(c)) ||
	    copy_to_user(u + sizeof(c), data, cmlen - sizeof(c)))
		return -EFAULT;
	*used += MIN((u64)CMSG_SPACE(len), room);
	return 0;
}

/*
 * scm_recv: SCM_CREDENTIALS first, then the received files as new
 * descriptors in one SCM_RIGHTS message, as many as fit; the rest are
 * closed and MSG_CTRUNC set. Returns 0 or -EFAULT.
 */
static long control_to_user(struct kmsg *k, u32 flags, u64 *used)
{
	long err = 0;
	int fdmax = 0, n = 0;
	int *fds;

	*used = 0;
	if (k->m.has_creds)
		err = put_cmsg(k, used, SCM_CREDENTIALS, &k->m.creds,
			       sizeof(k->m.creds));
	if (err || !k->m.nfds)
		return err;
	if (k->ucontrol && k->controllen - *used > sizeof(struct linux_cmsghdr))
		fdmax = (k->controllen - *used - sizeof(struct linux_cmsghdr)) /
			sizeof(int);
	fds = kmalloc(k->m.nfds * sizeof(int));
	if (!fds)
		return -ENOMEM;
	while (n < MIN(fdmax, k->m.nfds)) {
		int fd = fd_install(k->m.fds[n], 0, flags & MSG_CMSG_CLOEXEC);

		if (fd < 0)
			break;
		k->m.fds[n] = NULL;
		fds[n++] = fd;
	}
	if (n)
		err = put_cmsg(k, used, SCM_RIGHTS, fds, n * sizeof(int));
	if (n < k->m.nfds)
		k->m.out_flags |= MSG_CTRUNC;
	/* Installed files belong to the table now; msg_done puts the rest. */
	for (int i = 0, j = 0; i < k->m.nfds; i++)
		if (k->m.fds[i])
			k->m.fds[j++] = k->m.fds[i];
	k->m.nfds -= n;
	kfree(fds);
	return err;
}

static long send_one(struct socket *s, struct file *f, u64 umsg, u32 flags)
{
	struct kmsg k = { 0 };
	long r;

	r = msg_from_user(&k, umsg, true);
	if (!r)
		r = control_from_user(&k, s);
	if (!r) {
		k.m.flags = flags;
		r = sock_sendmsg(s, &k.m, f->flags);
	}
	msg_done(&k);
	return r;
}

/*
 * Receives into the user's msghdr and writes back msg_namelen,
 * msg_controllen and msg_flags.
 */
static long recv_one(struct socket *s, struct file *f, u64 umsg, u32 flags)
{
	struct linux_msghdr *um = (void *)umsg;
	struct kmsg k = { 0 };
	u64 uname, used = 0;
	long r, err;

	r = msg_from_user(&k, umsg, false);
	if (r)
		goto out;
	uname = k.uname;
	k.m.flags = flags;
	/* Linux hands MSG_CMSG_CLOEXEC back in msg_flags. */
	k.m.out_flags = flags & MSG_CMSG_CLOEXEC;
	r = sock_recvmsg(s, &k.m, f->flags);
	if (r < 0)
		goto out;
	if (uname) {
		err = addr_to_user(&k.addr, k.m.namelen, uname,
				   (u64)&um->msg_namelen);
		if (err) {
			r = err;
			goto out;
		}
	}
	err = control_to_user(&k, flags, &used);
	if (!err) {
		u32 oflags = k.m.out_flags;

		if (copy_to_user(&um->msg_flags, &oflags, sizeof(oflags)) ||
		    copy_to_user(&um->msg_controllen, &used, sizeof(used)))
			err = -EFAULT;
	}
	if (err)
		r = err;
out:
	msg_done(&k);
	return r;
}

SYSCALL_DEFINE(sendto)
{
	struct kmsg k = { 0 };
	struct socket *s;
	struct file *f;
	long err;

	err = msg_single(&k, a1, a2);
	if (err)
		return err;
	s = sockfd_get(a0, &f, &err);
	if (!s)
		return err;
	if (a4) {
		err = addr_from_user(a4, (int)a5, &k.addr);
		if (err)
			goto out;
		k.m.name = &k.addr;
		k.m.namelen = (int)a5;
	}
	k.m.flags = (u32)a3;
	k.m.creds = sock_current_creds();
	err = sock_sendmsg(s, &k.m, f->flags);
out:
	file_put(f);
	msg_done(&k);
	return err;
}

SYSCALL_DEFINE(recvfrom)
{
	struct kmsg k = { 0 };
	struct socket *s;
	struct file *f;
	long r, err;

	r = msg_single(&k, a1, a2);
	if (r)
		return r;
	s = sockfd_get(a0, &f, &r);
	if (!s)
		return r;
	k.m.name = a4 ? &k.addr : NULL;
	k.m.flags = (u32)a3;
	r = sock_recvmsg(s, &k.m, f->flags);
	file_put(f);
	if (r >= 0 && a4) {
		err = addr_to_user(&k.addr, k.m.namelen, a4, a5);
		if (err)
			r = err;
	}
	msg_done(&k);
	return r;
}

SYSCALL_DEFINE(sendmsg)
{
	struct socket *s;
	struct file *f;
	long r;

	s = sockfd_get(a0, &f, &r);
	if (!s)
		return r;
	r = send_one(s, f, a1, (u32)a2);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(recvmsg)
{
	struct socket *s;
	struct file *f;
	long r;

	s = sockfd_get(a0, &f, &r);
	if (!s)
		return r;
	r = recv_one(s, f, a1, (u32)a2);
	file_put(f);
	return r;
}

/*
 * sendmmsg and recvmmsg: one message after another; an error after the
 * first is dropped and the count returned, as Linux's (which keeps it for
 * SO_ERROR, except EAGAIN).
 */
SYSCALL_DEFINE(sendmmsg)
{
	struct linux_mmsghdr *um = (void *)a1;
	unsigned int vlen = MIN((u32)a2, (u32)UIO_MAXIOV), n;
	struct socket *s;
	struct file *f;
	long r = 0;

	s = sockfd_get(a0, &f, &r);
	if (!s)
		return r;
	for (n = 0; n < vlen; n++) {
		/* More follow: MSG_BATCH on all but the last, as Linux. */
		u32 batch = n + 1 < vlen ? MSG_BATCH : 0;
		u32 len;

		r = send_one(s, f, (u64)&um[n].msg_hdr, (u32)a3 | batch);
		if (r < 0)
			break;
		len = r;
		if (copy_to_user(&um[n].msg_len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
	}
	if (n && r < 0 && r != -EAGAIN)
		__atomic_store_n(&s->err, (int)-r, __ATOMIC_RELAXED);
	file_put(f);
	return n ? n : r;
}

SYSCALL_DEFINE(recvmmsg)
{
	struct linux_mmsghdr *um = (void *)a1;
	unsigned int vlen = MIN((u32)a2, (u32)UIO_MAXIOV), n;
	u32 flags = (u32)a3;
	struct linux_timespec ts;
	u64 end = 0;
	struct socket *s;
	struct file *f;
	long r = 0;

	if (a4) {
		if (copy_from_user(&ts, (void *)a4, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		end = ktime_get_ns() + ts.tv_sec * 1000000000UL + ts.tv_nsec;
	}
	s = sockfd_get(a0, &f, &r);
	if (!s)
		return r;
	for (n = 0; n < vlen;) {
		u32 len;

		r = recv_one(s, f, (u64)&um[n].msg_hdr, flags);
		if (r < 0)
			break;
		len = r;
		if (copy_to_user(&um[n].msg_len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
		n++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		/* The timeout is looked at between datagrams only. */
		if (a4 && ktime_get_ns() >= end)
			break;
	}
	if (n && r < 0 && r != -EAGAIN)
		__atomic_store_n(&s->err, (int)-r, __ATOMIC_RELAXED);
	file_put(f);
	return n ? n : r;
}
