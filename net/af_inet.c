/*
 * AF_INET: TCP (SOCK_STREAM), UDP (SOCK_DGRAM), raw (SOCK_RAW) and ICMP
 * ping (SOCK_DGRAM, IPPROTO_ICMP) sockets on lwIP's netconn API.
 *
 * Every netconn is non-blocking; the socket layer does its own waiting on
 * s->wq, so that waits are interruptible by signals and honour
 * SO_RCVTIMEO/SO_SNDTIMEO. Readiness is read from lwIP's state (the
 * netconn's mailboxes and the pcb) rather than counted from events: the
 * netconn callback only wakes the socket's queue with the POLL* bits an
 * event may have changed. That way nothing is lost for an accepted
 * connection whose events came before it had a socket.
 *
 * err_t stays in this file: lwip_err_to_errno maps it, after the cases
 * whose meaning depends on the call (ERR_CLSD on receive is end of file,
 * on send EPIPE; ERR_RST while connecting is ECONNREFUSED) are decided.
 */
#include "lwip/api.h"
#include "lwip/ip4.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/api_msg.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"
#include "lwip-port/errno_map.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/in.h"
#include "abi/linux/poll.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"
#include "net/netdev.h"
#include "net/socket.h"
#if LWIP_IGMP
#include "lwip/igmp.h"
#endif

/* Linux's largest UDP payload over IPv4 (65535 - 20 - 8). */
#define UDP_MAX_PAYLOAD 65507
/* Bytes copied from the user per netconn write. */
#define TCP_SEND_CHUNK 65536

/*
 * One AF_INET socket. lock (a mutex) serialises the socket's calls and
 * covers the receive state; conn's own fields belong to lwIP (read under
 * the core lock).
 */
struct inet_sock {
	struct socket *sock;
	struct netconn *conn;
	struct mutex lock;
	struct inet_sock *hash_next;    /* under hash_lock */
	struct pbuf *rx_pbuf;           /* TCP data taken from lwIP, unread */
	u32 rx_off;                     /* bytes of rx_pbuf already read */
	struct netbuf *rx_nb;           /* UDP: a datagram kept by MSG_PEEK */
	int rx_err;                     /* a receive error not yet reported */
	bool rx_eof;                    /* the peer closed (or reset) */
	bool shut_rd, shut_wr;
	bool connecting;                /* a non-blocking connect is under way */
	bool connected;                 /* TCP: connect or accept completed */
	bool bound;
	bool connect_unreported;        /* poll saw it; connect says 0 once */
	u32 events;                     /* bumped before every wake-up */
	/*
	 * Options of the IP and TCP levels (under lock), kept here and put
	 * on the pcb by apply_opts: the pcb may not exist yet (a listener's
	 * lacks the TCP fields) or be gone after a reset.
	 */
	int ttl;                        /* IP_TTL; -1: the default, 64 */
	u8 tos;                         /* IP_TOS */
	bool nodelay;                   /* TCP_NODELAY */
	u16 user_mss;                   /* TCP_MAXSEG; 0: none set */
	u16 keep_idle, keep_intvl;      /* TCP_KEEPIDLE/KEEPINTVL, seconds */
	u8 keep_cnt;                    /* TCP_KEEPCNT */
	bool hdrincl;                   /* IP_HDRINCL (raw) */
	u32 icmp_filter;                /* ICMP_FILTER: types to drop (raw) */
	/* Raw and ping sockets (under lock). */
	bool ping;                      /* SOCK_DGRAM with IPPROTO_ICMP */
	u16 ping_id;                    /* its echo identifier, once bound */
	struct inet_sock *ping_next;    /* under ping_lock */
	bool has_peer;                  /* connect gave a default destination */
	ip_addr_t peer;
	/*
	 * TCP output held back by MSG_MORE or TCP_CORK, as Linux's corking:
	 * less than a segment, handed to lwIP by the next send without
	 * MSG_MORE, uncorking, TCP_NODELAY, shutdown, close, or after
	 * CORK_CEILING_MS. Under lwIP's core lock, which its timeout holds.
	 */
	u8 *cork_buf;                   /* cork_cap bytes, from the first hold */
	u32 cork_len, cork_cap;
	bool cork_timer;                /* cork_expire is set */
	bool cork;                      /* TCP_CORK (under lock) */
	/*
	 * UDP: a datagram built by sends with MSG_MORE or under UDP_CORK,
	 * for the first one's destination (under lock).
	 */
	bool udp_cork;                  /* UDP_CORK */
	bool pending;
	u8 *pend_buf;
	u32 pend_len;
	ip_addr_t pend_ip;
	u16 pend_port;
	/*
	 * IPv4 multicast memberships (under lock). A socket's own, never
	 * copied to the sockets accept makes (CVE-2017-8890).
	 */
	struct mc_member *mc_list;
	u32 mc_count;
};

/* One multicast membership of a socket, as Linux's ip_mc_socklist. */
struct mc_member {
	struct mc_member *next;
	u32 group;                      /* network order */
	u32 address;                    /* imr_address as given */
	int ifindex;                    /* the interface, found at join */
};

/* Linux's net.ipv4.tcp_keepalive_{time,intvl,probes} defaults. */
#define KEEPIDLE_DEFAULT 7200
#define KEEPINTVL_DEFAULT 75
#define KEEPCNT_DEFAULT 9
/* Linux's defaults for a TCP socket: tcp_rmem[1] and tcp_wmem[1]. */
#define TCP_RCVBUF_DEFAULT 131072
#define TCP_SNDBUF_DEFAULT 16384

/*
 * The netconn callback learns only the netconn: this hash finds its
 * socket. An entry lives from socket creation (or accept) to release.
 */
#define INET_HASH_SIZE 256
static struct spinlock hash_lock = SPINLOCK_INIT("inet_hash");
static struct inet_sock *hash_heads[INET_HASH_SIZE]; /* under hash_lock */

static u32 conn_hash(struct netconn *c)
{
	return ((uintptr_t)c >> 6) % INET_HASH_SIZE;
}

static void hash_add(struct inet_sock *in)
{
	u32 h = conn_hash(in->conn);

	spin_lock(&hash_lock);
	in->hash_next = hash_heads[h];
	hash_heads[h] = in;
	spin_unlock(&hash_lock);
}

static void hash_del(struct inet_sock *in)
{
	struct inet_sock **pp = &hash_heads[conn_hash(in->conn)];

	spin_lock(&hash_lock);
	while (*pp && *pp != in)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = in->hash_next;
	spin_unlock(&hash_lock);
}

/* Called by lwIP with the core lock held; never sleeps. */
static void inet_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	static const u32 keys[] = {
		[NETCONN_EVT_RCVPLUS] = POLLIN | POLLRDNORM,
		[NETCONN_EVT_SENDPLUS] = POLLOUT | POLLWRNORM,
		[NETCONN_EVT_ERROR] = POLLIN | POLLOUT | POLLERR | POLLHUP,
	};
	struct inet_sock *in;

	if ((unsigned)evt >= ARRAY_SIZE(keys) || !keys[evt])
		return;
	spin_lock(&hash_lock);
	for (in = hash_heads[conn_hash(conn)]; in; in = in->hash_next)
		if (in->conn == conn) {
			__atomic_add_fetch(&in->events, 1, __ATOMIC_SEQ_CST);
			sock_wake(in->sock, keys[evt]);
			break;
		}
	spin_unlock(&hash_lock);
}

static struct inet_sock *inet_sk(struct socket *s)
{
	return s->sk;
}

static const struct proto_ops inet_stream_ops, inet_dgram_ops, inet_raw_ops;
static int rawsk_create(struct socket *s, int protocol);
static bool ping_allowed(void);
static void ping_drop_id(struct inet_sock *in);
static void icmp_err_watch(void);
static void settle_connect(struct inet_sock *in);
static void apply_opts(struct inet_sock *in);
static void inherit_opts(struct socket *ns, struct socket *s);

static struct inet_sock *inet_sock_new(struct socket *s, struct netconn *c)
{
	struct inet_sock *in = kmalloc(sizeof(*in)) /* zeroed */;

	if (!in)
		return NULL;
	in->sock = s;
	in->conn = c;
	in->ttl = -1;
	in->keep_idle = KEEPIDLE_DEFAULT;
	in->keep_intvl = KEEPINTVL_DEFAULT;
	in->keep_cnt = KEEPCNT_DEFAULT;
	mutex_init(&in->lock, "inet_sock");
	netconn_set_nonblocking(c, 1);
	s->sk = in;
	hash_add(in);
	return in;
}

static int inet_create(struct socket *s, int protocol)
{
	enum netconn_type nt;
	struct netconn *c;

	if (protocol < 0 || protocol >= LINUX_IPPROTO_MAX)
		return -EINVAL;
	icmp_err_watch();
	switch (s->type) {
	case SOCK_STREAM:
		if (protocol && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		s->protocol = IPPROTO_TCP;
		s->ops = &inet_stream_ops;
		s->rcvbuf = TCP_RCVBUF_DEFAULT;
		s->sndbuf = TCP_SNDBUF_DEFAULT;
		nt = NETCONN_TCP;
		break;
	case SOCK_DGRAM:
		if (protocol == IPPROTO_ICMP) {
			/* A ping socket, for the groups in ping_group_range. */
			if (!ping_allowed())
				return -EACCES;
			return rawsk_create(s, protocol);
		}
		if (protocol && protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		s->protocol = IPPROTO_UDP;
		s->ops = &inet_dgram_ops;
		nt = NETCONN_UDP;
		break;
	case SOCK_RAW:
		/* Any protocol but 0 (Linux has no wildcard), for root. */
		if (!protocol)
			return -EPROTONOSUPPORT;
		if (current_proc()->euid != 0)
			return -EPERM;
		return rawsk_create(s, protocol);
	default:
		return -ESOCKTNOSUPPORT;
	}
	c = netconn_new_with_callback(nt, inet_event);
	if (!c)
		return -ENOMEM;
	if (!inet_sock_new(s, c)) {
		netconn_delete(c);
		return -ENOMEM;
	}
	return 0;
}

const struct net_family inet_family = {
	.family = AF_INET,
	.create = inet_create,
};

static void close_conn(struct netconn *c)
{
	netconn_set_nonblocking(c, 0);
	if (netconn_prepare_delete(c) == ERR_OK)
		netconn_delete(c);
}

/*
 * Closes the connections a listener has not accepted. lwIP 2.1.3's own
 * drain would assert on them (their mailboxes are not yet marked
 * invalid), so they are taken and closed here, after the listening pcb
 * stops accepting (a NULL accept callback makes lwIP abort new ones).
 */
static void drop_pending(struct netconn *l)
{
	struct netconn *nc;
	err_t e;

	LOCK_TCPIP_CORE();
	if (l->pcb.tcp && l->pcb.tcp->state == LISTEN)
		tcp_accept(l->pcb.tcp, NULL);
	UNLOCK_TCPIP_CORE();
	netconn_set_nonblocking(l, 1);
	for (;;) {
		e = netconn_accept(l, &nc);
		if (e == ERR_OK)
			close_conn(nc);
		else if (e != ERR_ABRT)
			break;
	}
}

/* Data queued but not yet acknowledged by the peer. */
static bool unsent_data(struct inet_sock *in)
{
	struct tcp_pcb *pcb;
	bool r;

	LOCK_TCPIP_CORE();
	pcb = in->conn->pcb.tcp;
	r = pcb && pcb->state != LISTEN && (pcb->unsent || pcb->unacked);
	UNLOCK_TCPIP_CORE();
	return r;
}

/*
 * SO_LINGER on a TCP connection, as Linux's tcp_close: a zero time
 * resets the connection (the peer sees ECONNRESET); otherwise the close
 * waits, at most that long, for the data to be acknowledged, unless a
 * signal comes or the process is exiting. Linux's wait also covers the
 * FIN; ours ends when the data is acknowledged and the FIN goes after.
 */
static void linger(struct socket *s, struct inet_sock *in)
{
	struct process *me = current_proc();
	u64 end, step = ns_to_ticks(10 * 1000 * 1000);

	if (s->type != SOCK_STREAM || !in->connected || !s->linger.l_onoff)
		return;
	if (!s->linger.l_linger) {
		LOCK_TCPIP_CORE();
		if (in->conn->pcb.tcp && in->conn->pcb.tcp->state != LISTEN)
			tcp_abort(in->conn->pcb.tcp);
		UNLOCK_TCPIP_CORE();
		return;
	}
	if (me->group_exiting || me->killed)
		return;
	end = timer_now() + ns_to_ticks((u64)(u32)s->linger.l_linger *
					 1000000000ULL);
	/*
	 * lwIP wakes a writer only when much of the buffer frees, so the
	 * wait looks again every 10 ms instead of waiting for an event.
	 */
	while (unsent_data(in) && !signal_pending() && timer_now() < end) {
		struct wait_entry w = { .t = NULL };

		prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
		schedule_until(MIN(end, timer_now() + step + 1));
		finish_wait(&s->wq, &w);
	}
}

static int cork_push_locked(struct inet_sock *in, bool output, bool rearm);
static void cork_expire(void *arg);
static void mc_drop_all(struct inet_sock *in);

static void inet_release(struct socket *s)
{
	struct inet_sock *in = inet_sk(s);

	if (!in)
		return;
	/* Held output goes before the FIN, as Linux's (what fits). */
	if (s->type == SOCK_STREAM) {
		LOCK_TCPIP_CORE();
		sys_untimeout(cork_expire, in);
		cork_push_locked(in, true, false);
		UNLOCK_TCPIP_CORE();
	}
	linger(s, in);
	hash_del(in);
	if (in->ping && in->bound)
		ping_drop_id(in);
	if (in->rx_pbuf)
		pbuf_free(in->rx_pbuf);
	if (in->rx_nb)
		netbuf_delete(in->rx_nb);
	/*
	 * As lwIP's own sockets.c: prepare_delete closes the pcb, and it
	 * must be called even after end of file (which marked the mailboxes
	 * invalid, making netconn_delete skip the close). A close that
	 * failed leaves the netconn to lwIP rather than free a live pcb.
	 */
	if (s->listening)
		drop_pending(in->conn);
	close_conn(in->conn);
	mc_drop_all(in);
	kfree(in->cork_buf);
	kfree(in->pend_buf);
	kfree(in);
	s->sk = NULL;
}

/* ------------------------------------------------------------ addresses */

/* Checks a sockaddr_in as Linux's inet_bind and inet_connect do. */
static int addr_in(const void *addr, int len, ip_addr_t *ip, u16 *port,
		   bool unspec_any)
{
	const struct linux_sockaddr_in *sin = addr;

	if (len < (int)sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family != AF_INET &&
	    !(unspec_any && sin->sin_family == AF_UNSPEC && !sin->sin_addr))
		return -EAFNOSUPPORT;
	ip_addr_set_ip4_u32(ip, sin->sin_addr);
	*port = lwip_ntohs(sin->sin_port);
	return 0;
}

static int fill_addr(void *addr, const ip_addr_t *ip, u16 port)
{
	struct linux_sockaddr_in *sin = addr;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = lwip_htons(port);
	sin->sin_addr = ip_2_ip4(ip)->addr;
	return sizeof(*sin);
}

/* Linux's inet_addr_type: any address of 127/8 or of an interface. */
static bool addr_is_local(const ip_addr_t *ip)
{
	struct netif *n;
	bool found = false;

	if (ip_addr_isany(ip) || ip4_addr_isloopback(ip_2_ip4(ip)))
		return true;
	LOCK_TCPIP_CORE();
	NETIF_FOREACH(n)
		if (ip_addr_cmp(&n->ip_addr, ip))
			found = true;
	UNLOCK_TCPIP_CORE();
	return found;
}

/*
 * net.ipv4.ip_unprivileged_port_start: ports below it need
 * CAP_NET_BIND_SERVICE (here: euid 0). Linux keeps it at most the start
 * of the local port range, 32768 by default (Akuma has no sysctl for
 * that range, so Linux's default stands for it).
 */
#define LOCAL_PORT_RANGE_START 32768
static int unpriv_port_start = 1024; /* read and written whole, no lock */

int inet_unpriv_port_start(void)
{
	return READ_ONCE(unpriv_port_start);
}

int inet_set_unpriv_port_start(int port)
{
	if (port < 0 || port > 65535 || port > LOCAL_PORT_RANGE_START)
		return -EINVAL;
	WRITE_ONCE(unpriv_port_start, port);
	return 0;
}

static int inet_bind(struct socket *s, const void *addr, int len)
{
	struct inet_sock *in = inet_sk(s);
	ip_addr_t ip;
	u16 port;
	int err = addr_in(addr, len, &ip, &port, true);

	if (err)
		return err;
	if (!addr_is_local(&ip))
		return -EADDRNOTAVAIL;
	/* Before the bound-twice check, as Linux's __inet_bind. */
	if (port && port < inet_unpriv_port_start() &&
	    current_proc()->euid != 0)
		return -EACCES;
	mutex_lock(&in->lock);
	if (in->bound || in->connected || s->listening) {
		mutex_unlock(&in->lock);
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (in->conn->pcb.ip) {
		if (s->bool_opts & SOCK_OPT_BIT(SO_REUSEADDR))
			ip_set_option(in->conn->pcb.ip, SOF_REUSEADDR);
		else
			ip_reset_option(in->conn->pcb.ip, SOF_REUSEADDR);
	}
	UNLOCK_TCPIP_CORE();
	err = lwip_err_to_errno(netconn_bind(in->conn, &ip, port));
	if (!err)
		in->bound = true;
	mutex_unlock(&in->lock);
	return err;
}

/* Binds to an ephemeral port, as Linux's autobind before listen or send. */
static int autobind(struct inet_sock *in)
{
	int err;

	if (in->bound)
		return 0;
	err = lwip_err_to_errno(netconn_bind(in->conn, IP4_ADDR_ANY, 0));
	if (!err)
		in->bound = true;
	return err;
}

static int inet_getname(struct socket *s, void *addr, bool peer)
{
	struct inet_sock *in = inet_sk(s);
	ip_addr_t ip;
	u16_t port;
	err_t e;

	mutex_lock(&in->lock);
	settle_connect(in);
	mutex_unlock(&in->lock);
	if (peer && s->type == SOCK_STREAM && !in->connected)
		return -ENOTCONN;
	e = netconn_getaddr(in->conn, &ip, &port, !peer);
	if (e != ERR_OK) {
		if (peer)
			return -ENOTCONN;
		ip_addr_set_zero_ip4(&ip);
		port = 0;
	}
	return fill_addr(addr, &ip, port);
}

/* ------------------------------------------------------------- waiting */

static u32 inet_readiness(struct socket *s, int lowat);

/*
 * Sleeps until one of the POLL bits in want is ready (or a signal or the
 * deadline). Called without in->lock. 0 means look again. Readiness takes
 * mutexes, which would undo prepare_to_wait's sleeping state, so it is
 * read first and the event count tells whether anything changed between.
 */
static long inet_wait(struct socket *s, u32 want, u64 deadline)
{
	struct inet_sock *in = inet_sk(s);
	struct wait_entry w = { .t = NULL };
	u32 seq = __atomic_load_n(&in->events, __ATOMIC_SEQ_CST);
	long r = 0;

	if (inet_readiness(s, 1) & (want | POLLERR | POLLHUP))
		return 0;
	prepare_to_wait(&s->wq, &w, TASK_INTERRUPTIBLE);
	if (__atomic_load_n(&in->events, __ATOMIC_SEQ_CST) == seq)
		r = sock_sleep(deadline);
	finish_wait(&s->wq, &w);
	return r;
}

/* ---------------------------------------------------------- connections */

static int inet_listen(struct socket *s, int backlog)
{
	struct inet_sock *in = inet_sk(s);
	int err;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	mutex_lock(&in->lock);
	if (in->connected || in->connecting) {
		mutex_unlock(&in->lock);
		return -EINVAL;
	}
	/* lwIP keeps the backlog in a u8_t; Linux's somaxconn is larger. */
	backlog = MIN(MAX(backlog, 0), 255);
	err = autobind(in);
	if (!err)
		err = lwip_err_to_errno(netconn_listen_with_backlog(in->conn,
								     backlog));
	if (!err)
		s->listening = true;
	mutex_unlock(&in->lock);
	return err;
}

static int inet_accept(struct socket *s, struct socket **newsock, u32 fflags)
{
	struct inet_sock *in = inet_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	struct netconn *nc;
	struct socket *ns;
	err_t e;
	long r;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	for (;;) {
		if (!s->listening)
			return -EINVAL;
		e = netconn_accept(in->conn, &nc);
		if (e == ERR_OK)
			break;
		if (e != ERR_WOULDBLOCK)
			return e == ERR_ABRT || e == ERR_CLSD ?
				       -ECONNABORTED : lwip_err_to_errno(e);
		if (fflags & O_NONBLOCK)
			return -EAGAIN;
		r = inet_wait(s, POLLIN, deadline);
		if (r)
			return r;
	}
	ns = sock_alloc();
	if (!ns) {
		close_conn(nc);
		return -ENOMEM;
	}
	ns->family = AF_INET;
	ns->type = SOCK_STREAM;
	ns->protocol = IPPROTO_TCP;
	ns->ops = &inet_stream_ops;
	if (!inet_sock_new(ns, nc)) {
		close_conn(nc);
		ns->ops = NULL;
		sock_release(ns);
		return -ENOMEM;
	}
	inet_sk(ns)->connected = true;
	inet_sk(ns)->bound = true;
	inherit_opts(ns, s);
	*newsock = ns;
	return 0;
}

/* The state of a connect lwIP has finished: 0 or -errno. */
static int connect_result(struct inet_sock *in)
{
	err_t e = netconn_err(in->conn);

	in->connecting = false;
	if (e == ERR_OK && in->conn->pcb.tcp) {
		in->connected = true;
		in->bound = true;
		apply_opts(in);
		return 0;
	}
	if (e == ERR_OK || e == ERR_RST || e == ERR_ABRT || e == ERR_CLSD)
		return -ECONNREFUSED;
	return lwip_err_to_errno(e);
}

static bool connect_done(struct inet_sock *in)
{
	return in->conn->state != NETCONN_CONNECT;
}

/*
 * A non-blocking connect lwIP has finished becomes connected or leaves
 * its error in SO_ERROR. Caller holds in->lock.
 */
static void settle_connect(struct inet_sock *in)
{
	int err;

	if (!in->connecting || !connect_done(in))
		return;
	err = connect_result(in);
	if (err)
		in->sock->err = -err; /* SO_ERROR keeps it positive */
	else
		in->connect_unreported = true;
}

static int inet_connect(struct socket *s, const void *addr, int len,
			u32 fflags)
{
	struct inet_sock *in = inet_sk(s);
	u64 deadline = sock_deadline(s->sndtimeo_ns);
	ip_addr_t ip;
	u16 port;
	int err;
	long r;
	err_t e;

	if (len < (int)sizeof(u16))
		return -EINVAL;
	if (s->type == SOCK_DGRAM) {
		if (((const struct linux_sockaddr_in *)addr)->sin_family ==
		    AF_UNSPEC) {
			netconn_disconnect(in->conn);
			return 0;
		}
		err = addr_in(addr, len, &ip, &port, false);
		if (err)
			return err;
		mutex_lock(&in->lock);
		err = lwip_err_to_errno(netconn_connect(in->conn, &ip, port));
		if (!err)
			in->bound = true;
		mutex_unlock(&in->lock);
		return err;
	}
	err = addr_in(addr, len, &ip, &port, false);
	if (err)
		return err;
	mutex_lock(&in->lock);
	if (s->listening) {
		mutex_unlock(&in->lock);
		return -EINVAL;
	}
	if (in->connected) {
		/* Linux's first connect after the handshake says 0. */
		err = in->connect_unreported ? 0 : -EISCONN;
		in->connect_unreported = false;
		mutex_unlock(&in->lock);
		return err;
	}
	if (!in->connecting) {
		e = netconn_connect(in->conn, &ip, port);
		if (e != ERR_INPROGRESS && e != ERR_OK) {
			mutex_unlock(&in->lock);
			return e == ERR_RST ? -ECONNREFUSED :
					      lwip_err_to_errno(e);
		}
		in->connecting = true;
		if (fflags & O_NONBLOCK) {
			mutex_unlock(&in->lock);
			return -EINPROGRESS;
		}
	} else if (fflags & O_NONBLOCK) {
		err = connect_done(in) ? connect_result(in) : -EALREADY;
		mutex_unlock(&in->lock);
		return err;
	}
	mutex_unlock(&in->lock);
	for (;;) {
		mutex_lock(&in->lock);
		if (!in->connecting) {
			/* poll settled it; its error is in SO_ERROR. */
			err = -__atomic_exchange_n(&s->err, 0,
						    __ATOMIC_SEQ_CST);
			if (in->connected)
				err = 0;
			else if (!err)
				err = -ECONNREFUSED;
			mutex_unlock(&in->lock);
			return err;
		}
		if (connect_done(in)) {
			err = connect_result(in);
			mutex_unlock(&in->lock);
			return err;
		}
		mutex_unlock(&in->lock);
		r = inet_wait(s, POLLOUT, deadline);
		if (r)
			return r == -EAGAIN ? -EINPROGRESS : r;
	}
}

static int inet_shutdown(struct socket *s, int how)
{
	struct inet_sock *in = inet_sk(s);
	int err = 0;

	mutex_lock(&in->lock);
	if (s->type == SOCK_STREAM && !in->connected) {
		mutex_unlock(&in->lock);
		return -ENOTCONN;
	}
	if (how != SHUT_WR)
		in->shut_rd = true;
	if (how != SHUT_RD && !in->shut_wr) {
		in->shut_wr = true;
		if (s->type == SOCK_STREAM) {
			/* Held output goes before the FIN. */
			LOCK_TCPIP_CORE();
			cork_push_locked(in, false, true);
			UNLOCK_TCPIP_CORE();
			netconn_shutdown(in->conn, 0, 1);
		}
	}
	mutex_unlock(&in->lock);
	__atomic_add_fetch(&in->events, 1, __ATOMIC_SEQ_CST);
	sock_wake(s, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	return err;
}

/* ------------------------------------------------------------ readiness */

static u32 mbox_count(sys_mbox_t *mb)
{
	return sys_mbox_valid(mb) ? READ_ONCE(mb->count) : 0;
}

static u32 mbox_bytes(struct netconn *c, bool first_only, bool *end);

/*
 * The ready POLL* bits. A TCP socket is readable once lowat bytes wait
 * (SO_RCVLOWAT for poll; a reader that has taken some already waits for
 * any data, so it passes 1), or at end of file or an error.
 */
static u32 inet_readiness(struct socket *s, int lowat)
{
	struct inet_sock *in = inet_sk(s);
	struct netconn *c = in->conn;
	u32 mask = 0;

	if (s->type != SOCK_STREAM) {
		mask = POLLOUT | POLLWRNORM;
		if (in->rx_nb || mbox_count(&c->recvmbox))
			mask |= POLLIN | POLLRDNORM;
		if (in->shut_rd)
			mask |= POLLIN | POLLRDNORM | POLLRDHUP;
		if (in->shut_rd && in->shut_wr)
			mask |= POLLHUP;
		if (READ_ONCE(s->err))
			mask |= POLLERR;
		return mask;
	}
	if (s->listening)
		return mbox_count(&c->acceptmbox) ? POLLIN | POLLRDNORM : 0;
	mutex_lock(&in->lock);
	settle_connect(in);
	LOCK_TCPIP_CORE();
	if (in->connecting) {
		mask = 0;
	} else if (!in->connected) {
		mask = POLLOUT | POLLWRNORM | POLLHUP;
	} else {
		struct tcp_pcb *pcb = c->pcb.tcp;

		if (lowat <= 1) {
			if (in->rx_pbuf || in->rx_eof || in->rx_err ||
			    mbox_count(&c->recvmbox))
				mask |= POLLIN | POLLRDNORM;
		} else {
			bool end = false;
			u32 n = mbox_bytes(c, false, &end);

			if (in->rx_pbuf)
				n += in->rx_pbuf->tot_len - in->rx_off;
			if (n >= (u32)lowat || end || in->rx_eof || in->rx_err)
				mask |= POLLIN | POLLRDNORM;
		}
		if (in->rx_eof || in->shut_rd)
			mask |= POLLIN | POLLRDNORM | POLLRDHUP;
		if (in->shut_wr)
			mask |= POLLOUT | POLLWRNORM;
		else if (pcb && tcp_sndbuf(pcb) > 0 &&
			 tcp_sndqueuelen(pcb) < TCP_SND_QUEUELEN)
			mask |= POLLOUT | POLLWRNORM;
		if (!pcb || (in->shut_wr && (in->rx_eof || in->shut_rd)))
			mask |= POLLHUP;
		if (in->rx_err)
			mask |= POLLERR;
	}
	if (READ_ONCE(s->err))
		mask |= POLLERR;
	UNLOCK_TCPIP_CORE();
	mutex_unlock(&in->lock);
	return mask;
}

static u32 inet_poll(struct socket *s, struct file *f, struct poll_table *pt)
{
	poll_wait(f, &s->wq, pt);
	return inet_readiness(s, s->rcvlowat ? s->rcvlowat : 1);
}

/* ------------------------------------------------------------ TCP data */

/*
 * Linux lets corked output wait until its probe timer fires when nothing
 * is in flight: TCP_RTO_MIN, 200 ms (the man page's "ceiling").
 */
#define CORK_CEILING_MS 200

/* Core lock held. */
static void cork_arm(struct inet_sock *in)
{
	if (!in->cork_timer) {
		in->cork_timer = true;
		sys_timeout(CORK_CEILING_MS, cork_expire, in);
	}
}

/*
 * Hands the held bytes to lwIP (core lock held); with output they leave
 * now, else with the write that follows, in the same segment. A full
 * send buffer keeps them (-EAGAIN; rearm: try again after the ceiling);
 * a connection that is gone drops them, its error comes with the next
 * call.
 */
static int cork_push_locked(struct inet_sock *in, bool output, bool rearm)
{
	struct tcp_pcb *pcb = in->conn->pcb.tcp;
	err_t e;

	if (!in->cork_len)
		return 0;
	if (!pcb || pcb->state == LISTEN) {
		in->cork_len = 0;
		return 0;
	}
	e = tcp_write(pcb, in->cork_buf, in->cork_len, TCP_WRITE_FLAG_COPY);
	if (e == ERR_MEM) {
		if (rearm)
			cork_arm(in);
		return -EAGAIN;
	}
	in->cork_len = 0;
	if (e == ERR_OK && output)
		tcp_output(pcb);
	return 0;
}

/* lwIP's timeout, in its thread with the core lock: the ceiling. */
static void cork_expire(void *arg)
{
	struct inet_sock *in = arg;

	in->cork_timer = false;
	cork_push_locked(in, true, true);
}

/* Sends what is held, waiting for room as a send does. */
static int cork_flush(struct socket *s, bool output, int flags, u64 deadline)
{
	struct inet_sock *in = inet_sk(s);
	int r;

	/* Most sends find nothing held: no need for the core lock. */
	if (!READ_ONCE(in->cork_len))
		return 0;
	for (;;) {
		LOCK_TCPIP_CORE();
		r = cork_push_locked(in, output, false);
		UNLOCK_TCPIP_CORE();
		if (r != -EAGAIN)
			return r;
		if (flags & MSG_DONTWAIT)
			return r;
		r = inet_wait(s, POLLOUT, deadline);
		if (r)
			return r;
	}
}

/*
 * How many of this send's len bytes to hold (MSG_MORE or TCP_CORK):
 * all while they and what is held stay under a segment; else the part
 * past the last whole segment, and the rest goes with what was held.
 */
static size_t cork_hold(struct inet_sock *in, size_t len)
{
	size_t hold;

	LOCK_TCPIP_CORE();
	if (!in->cork_buf) {
		struct tcp_pcb *pcb = in->conn->pcb.tcp;
		u32 cap = pcb && pcb->mss ? pcb->mss : LINUX_TCP_MSS_DEFAULT;

		in->cork_buf = kmalloc(cap);
		in->cork_cap = in->cork_buf ? cap : 0;
	}
	if (!in->cork_cap)
		hold = 0;
	else if (in->cork_len + len < in->cork_cap)
		hold = len;
	else
		hold = len % in->cork_cap;
	UNLOCK_TCPIP_CORE();
	return hold;
}

static ssize_t tcp_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *in = inet_sk(s);
	u64 deadline = sock_deadline(s->sndtimeo_ns);
	size_t total = 0, hold = 0;
	bool more = (m->flags & MSG_MORE) || READ_ONCE(in->cork);
	u8 *buf;
	long r = 0;

	if (m->flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE | MSG_EOR |
			 MSG_CONFIRM | MSG_DONTROUTE | MSG_BATCH))
		return -EOPNOTSUPP;
	mutex_lock(&in->lock);
	settle_connect(in);
	mutex_unlock(&in->lock);
	if (in->connecting)
		return -EAGAIN;
	if (!in->connected)
		return -EPIPE;
	if (in->shut_wr)
		return -EPIPE;
	if (more)
		hold = cork_hold(in, m->iter.count);
	buf = kmalloc(MIN(m->iter.count, (size_t)TCP_SEND_CHUNK) + 1);
	if (!buf)
		return -ENOMEM;
	/* What was held goes first, in one segment with what follows. */
	if (!more || m->iter.count > hold) {
		r = cork_flush(s, m->iter.count == hold, m->flags, deadline);
		if (r) {
			kfree(buf);
			return r;
		}
	}
	while (m->iter.count > hold) {
		size_t n = MIN(m->iter.count - hold, (size_t)TCP_SEND_CHUNK);
		size_t off = 0;

		r = msg_copy_from_iter(&m->iter, buf, n);
		if (r)
			break;
		while (off < n) {
			size_t done = 0;
			err_t e;

			if (in->shut_wr) {
				r = -EPIPE;
				goto out;
			}
			mutex_lock(&in->lock);
			e = netconn_write_partly(in->conn, buf + off, n - off,
						 NETCONN_COPY | NETCONN_DONTBLOCK,
						 &done);
			mutex_unlock(&in->lock);
			off += done;
			if (e == ERR_OK || (e == ERR_WOULDBLOCK && done))
				continue;
			if (e != ERR_WOULDBLOCK) {
				r = e == ERR_RST || e == ERR_ABRT ?
					    -ECONNRESET : -EPIPE;
				goto out;
			}
			if (m->flags & MSG_DONTWAIT) {
				r = -EAGAIN;
				goto out;
			}
			r = inet_wait(s, POLLOUT, deadline);
			if (r)
				goto out;
		}
		total += n;
		continue;
out:
		total += off;
		break;
	}
	if (!r && hold) {
		/* The tail waits for more (under a segment: fits cork_buf). */
		r = msg_copy_from_iter(&m->iter, buf, hold);
		if (!r) {
			LOCK_TCPIP_CORE();
			memcpy(in->cork_buf + in->cork_len, buf, hold);
			in->cork_len += hold;
			cork_arm(in);
			UNLOCK_TCPIP_CORE();
			total += hold;
		}
	}
	kfree(buf);
	return total ? (ssize_t)total : r;
}

/*
 * Makes sure rx_pbuf holds data, or sets rx_eof/rx_err. Caller holds
 * in->lock. Returns 0, or -EAGAIN when lwIP has nothing yet.
 */
static int tcp_fill(struct inet_sock *in)
{
	struct pbuf *p;
	err_t e;

	if (in->rx_pbuf || in->rx_eof)
		return 0;
	e = netconn_recv_tcp_pbuf_flags(in->conn, &p, NETCONN_DONTBLOCK);
	if (e == ERR_OK) {
		in->rx_pbuf = p;
		in->rx_off = 0;
		return 0;
	}
	if (e == ERR_WOULDBLOCK)
		return -EAGAIN;
	in->rx_eof = true;
	if (e == ERR_RST || e == ERR_ABRT)
		in->rx_err = -ECONNRESET;
	else if (e != ERR_CLSD && e != ERR_CONN)
		in->rx_err = lwip_err_to_errno(e);
	return 0;
}

static ssize_t tcp_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *in = inet_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	/* SO_RCVLOWAT: wait for this much, as Linux's sock_rcvlowat. */
	size_t target = MIN((size_t)(s->rcvlowat ? s->rcvlowat : 1),
			    m->iter.count);
	size_t got = 0;
	long r;

	if (m->flags & MSG_ERRQUEUE)
		return -EAGAIN;
	/*
	 * Linux's tcp_recv_urg: with no urgent byte waiting (or with
	 * SO_OOBINLINE) MSG_OOB is EINVAL, "Yes this is right". lwIP hands
	 * urgent data over in line, so there never is one to take out of
	 * band; only a listener says ENOTCONN first, as tcp_recvmsg_locked.
	 */
	if (m->flags & MSG_OOB)
		return s->listening ? -ENOTCONN : -EINVAL;
	if (m->flags & ~(MSG_DONTWAIT | MSG_PEEK | MSG_WAITALL | MSG_TRUNC |
			 MSG_NOSIGNAL | MSG_CMSG_CLOEXEC))
		return -EOPNOTSUPP;
	mutex_lock(&in->lock);
	settle_connect(in);
	mutex_unlock(&in->lock);
	if (!in->connected && !in->connecting)
		return -ENOTCONN;
	for (;;) {
		mutex_lock(&in->lock);
		if (in->shut_rd && !in->rx_pbuf) {
			mutex_unlock(&in->lock);
			return got;
		}
		r = tcp_fill(in);
		if (!r && in->rx_pbuf) {
			struct pbuf *p = in->rx_pbuf;
			size_t n = MIN(m->iter.count, (size_t)(p->tot_len -
							       in->rx_off));
			u32 off = in->rx_off, left = n;
			struct pbuf *q = p;

			while (q && off >= q->len) {
				off -= q->len;
				q = q->next;
			}
			for (; q && left; q = q->next, off = 0) {
				u32 k = MIN(left, (u32)(q->len - off));

				r = msg_copy_to_iter(&m->iter,
						     (u8 *)q->payload + off, k);
				if (r)
					break;
				left -= k;
			}
			n -= left;
			if (!(m->flags & MSG_PEEK)) {
				in->rx_off += n;
				if (in->rx_off == p->tot_len) {
					pbuf_free(p);
					in->rx_pbuf = NULL;
				}
			}
			mutex_unlock(&in->lock);
			got += n;
			if (r)
				return got ? (ssize_t)got : r;
			/*
			 * Like Linux's tcp_recvmsg, go on while data is queued
			 * (one segment per pbuf): a 4 KiB read takes three
			 * segments, not one. The wait below ends at target.
			 */
			if (!m->iter.count || (m->flags & MSG_PEEK))
				return got;
			continue;
		}
		if (!r && in->rx_eof) {
			r = in->rx_err;
			if (!got)
				in->rx_err = 0;
			mutex_unlock(&in->lock);
			return got ? (ssize_t)got : r;
		}
		mutex_unlock(&in->lock);
		if (got && !(m->flags & MSG_WAITALL) && got >= target)
			return got;
		if (m->flags & MSG_DONTWAIT)
			return got ? (ssize_t)got : -EAGAIN;
		r = inet_wait(s, POLLIN, deadline);
		if (r)
			return got ? (ssize_t)got : r;
	}
}

/* ------------------------------------------------------------ UDP data */

/*
 * Linux's loopback hands a packet to its receiver before the send returns
 * (netif_rx, then the softirq as the send ends); lwIP queues it for its
 * thread. Polling the queues here, under the core lock, delivers it at
 * once, so that a receiver looking right after the send finds it.
 */
static void loop_deliver(void)
{
	struct netif *n;

	LOCK_TCPIP_CORE();
	NETIF_FOREACH(n)
		if (n->loop_first)
			netif_poll(n);
	UNLOCK_TCPIP_CORE();
}

/* One datagram of len bytes from data to ip:port. Caller holds in->lock. */
static int udp_send_one(struct inet_sock *in, const void *data, size_t len,
			const ip_addr_t *ip, u16 port, struct msg_iter *it)
{
	struct netbuf *nb = netbuf_new();
	void *buf = nb ? netbuf_alloc(nb, len) : NULL;
	int err;

	if (!buf) {
		if (nb)
			netbuf_delete(nb);
		return -ENOMEM;
	}
	err = it ? msg_copy_from_iter(it, buf, len) : 0;
	if (!it)
		memcpy(buf, data, len);
	if (!err) {
		err = lwip_err_to_errno(netconn_sendto(in->conn, nb, ip, port));
		if (!err)
			in->bound = true;
	}
	netbuf_delete(nb);
	if (!err)
		loop_deliver();
	return err;
}

/* Drops the datagram MSG_MORE or UDP_CORK was building. Under in->lock. */
static void udp_drop_pending(struct inet_sock *in)
{
	kfree(in->pend_buf);
	in->pend_buf = NULL;
	in->pend_len = 0;
	in->pending = false;
}

/* Sends it, as Linux's udp_push_pending_frames. Under in->lock. */
static int udp_push_pending(struct inet_sock *in)
{
	int err;

	if (!in->pending)
		return 0;
	err = udp_send_one(in, in->pend_buf, in->pend_len, &in->pend_ip,
			   in->pend_port, NULL);
	udp_drop_pending(in);
	return err;
}

/*
 * Appends len bytes to the pending datagram (starting one), as Linux's
 * ip_append_data; an error drops the whole datagram, as udp_sendmsg's
 * udp_flush_pending_frames. Under in->lock.
 */
static int udp_append(struct inet_sock *in, struct sock_msg *m, size_t len)
{
	u8 *buf;
	int err;

	if (in->pend_len + len > UDP_MAX_PAYLOAD) {
		udp_drop_pending(in);
		return -EMSGSIZE;
	}
	buf = kmalloc(MAX(in->pend_len + len, (size_t)1));
	if (!buf) {
		udp_drop_pending(in);
		return -ENOMEM;
	}
	memcpy(buf, in->pend_buf, in->pend_len);
	err = msg_copy_from_iter(&m->iter, buf + in->pend_len, len);
	kfree(in->pend_buf);
	in->pend_buf = buf;
	in->pend_len += len;
	in->pending = true;
	if (err)
		udp_drop_pending(in);
	return err;
}

static ssize_t udp_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *in = inet_sk(s);
	size_t len = m->iter.count;
	ip_addr_t ip;
	u16 port = 0;
	bool more;
	int err;

	if (m->flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE | MSG_EOR |
			 MSG_CONFIRM | MSG_DONTROUTE | MSG_BATCH))
		return -EOPNOTSUPP;
	/*
	 * A datagram under construction takes the data whatever the
	 * address, as Linux's udp_sendmsg (up->pending) does.
	 */
	mutex_lock(&in->lock);
	more = (m->flags & MSG_MORE) || in->udp_cork;
	if (in->pending) {
		err = udp_append(in, m, len);
		if (!err && !more)
			err = udp_push_pending(in);
		mutex_unlock(&in->lock);
		return err ? err : (ssize_t)len;
	}
	mutex_unlock(&in->lock);
	if (m->namelen) {
		err = addr_in(m->name, m->namelen, &ip, &port, false);
		if (err)
			return err;
	}
	if (in->shut_wr)
		return -EPIPE;
	if (len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	mutex_lock(&in->lock);
	if (!m->namelen) {
		u16_t p;

		if (netconn_getaddr(in->conn, &ip, &p, 0) != ERR_OK) {
			mutex_unlock(&in->lock);
			return -EDESTADDRREQ;
		}
		port = p;
	}
	if (more && !in->pending) {
		/* The first piece: its destination is the datagram's. */
		err = autobind(in);
		if (!err) {
			ip_addr_copy(in->pend_ip, ip);
			in->pend_port = port;
			err = udp_append(in, m, len);
		}
	} else if (in->pending) {
		/* Another sender started one meanwhile. */
		err = udp_append(in, m, len);
		if (!err && !more)
			err = udp_push_pending(in);
	} else {
		err = udp_send_one(in, NULL, len, &ip, port, &m->iter);
	}
	mutex_unlock(&in->lock);
	return err ? err : (ssize_t)len;
}

static ssize_t udp_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *in = inet_sk(s);
	u64 deadline = sock_deadline(s->rcvtimeo_ns);
	struct netbuf *nb;
	struct pbuf *q;
	size_t len, n, left;
	long r;
	err_t e;

	/* Nothing is ever queued there: Akuma has no IP_RECVERR. */
	if (m->flags & MSG_ERRQUEUE)
		return -EAGAIN;
	if (m->flags & ~(MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC | MSG_WAITALL |
			 MSG_NOSIGNAL | MSG_CMSG_CLOEXEC))
		return -EOPNOTSUPP;
	for (;;) {
		/* A pending ICMP error comes first, as Linux's sock_error. */
		r = __atomic_exchange_n(&s->err, 0, __ATOMIC_SEQ_CST);
		if (r)
			return -r;
		mutex_lock(&in->lock);
		if (in->rx_nb)
			break;
		e = netconn_recv_udp_raw_netbuf_flags(in->conn, &in->rx_nb,
						      NETCONN_DONTBLOCK);
		if (e == ERR_OK)
			break;
		in->rx_nb = NULL;
		mutex_unlock(&in->lock);
		if (in->shut_rd)
			return 0;
		if (e != ERR_WOULDBLOCK)
			return lwip_err_to_errno(e);
		if (m->flags & MSG_DONTWAIT)
			return -EAGAIN;
		r = inet_wait(s, POLLIN, deadline);
		if (r)
			return r;
	}
	nb = in->rx_nb;
	len = nb->p->tot_len;
	n = MIN(len, m->iter.count);
	left = n;
	r = 0;
	for (q = nb->p; q && left && !r; q = q->next) {
		size_t k = MIN(left, (size_t)q->len);

		r = msg_copy_to_iter(&m->iter, q->payload, k);
		left -= k;
	}
	if (m->name)
		m->namelen = fill_addr(m->name, netbuf_fromaddr(nb),
				       netbuf_fromport(nb));
	if (!(m->flags & MSG_PEEK)) {
		netbuf_delete(nb);
		in->rx_nb = NULL;
	}
	mutex_unlock(&in->lock);
	if (r)
		return r;
	if (n < len)
		m->out_flags |= MSG_TRUNC;
	return (m->flags & MSG_TRUNC) ? (ssize_t)len : (ssize_t)n;
}

/* ------------------------------------------------------ raw and ping */

/*
 * SOCK_RAW (any protocol but 0) and ping sockets (SOCK_DGRAM with
 * IPPROTO_ICMP) are lwIP raw netconns whose receive callback is ours:
 * it filters (ICMP_FILTER; for ping, echo replies to the socket's
 * identifier only), keeps the IP header for raw sockets as Linux does
 * and strips it for ping sockets, and queues a netbuf on the netconn's
 * mailbox, so that receiving, poll and SO_RCVBUF work as for UDP.
 */

/* net.ipv4.ping_group_range: the kernel's default "1 0" admits nobody. */
static struct spinlock ping_lock = SPINLOCK_INIT("ping");
static u32 ping_group_lo = 1, ping_group_hi = 0; /* under ping_lock */
static struct inet_sock *ping_socks;             /* bound; under ping_lock */
static u16 ping_rover;                           /* under ping_lock */

void inet_ping_group_range(u32 *lo, u32 *hi)
{
	spin_lock(&ping_lock);
	*lo = ping_group_lo;
	*hi = ping_group_hi;
	spin_unlock(&ping_lock);
}

/* An empty range (hi below lo) becomes Linux's "1 0". */
void inet_set_ping_group_range(u32 lo, u32 hi)
{
	if (hi < lo) {
		lo = 1;
		hi = 0;
	}
	spin_lock(&ping_lock);
	ping_group_lo = lo;
	ping_group_hi = hi;
	spin_unlock(&ping_lock);
}

/* ping_init_sock: the effective group or a supplementary one in range. */
static bool ping_allowed(void)
{
	struct process *me = current_proc();
	u32 lo, hi;

	inet_ping_group_range(&lo, &hi);
	if (me->egid >= lo && me->egid <= hi)
		return true;
	for (u32 i = 0; i < me->ngroups; i++)
		if (me->groups[i] >= lo && me->groups[i] <= hi)
			return true;
	return false;
}

static bool ping_id_used(u16 id, struct inet_sock *self, bool reuse)
{
	for (struct inet_sock *p = ping_socks; p; p = p->ping_next)
		if (p != self && p->ping_id == id &&
		    !(reuse && (p->sock->bool_opts & SOCK_OPT_BIT(SO_REUSEADDR))))
			return true;
	return false;
}

/*
 * Takes an echo identifier, the ping socket's "port": the one asked for
 * (EADDRINUSE if another socket has it, unless both set SO_REUSEADDR),
 * or with 0 the next free one, as Linux's ping_get_port.
 */
static int ping_take_id(struct inet_sock *in, u16 id)
{
	bool reuse = in->sock->bool_opts & SOCK_OPT_BIT(SO_REUSEADDR);
	int err = 0;

	spin_lock(&ping_lock);
	if (!id) {
		for (u32 i = 0; i < 65536 && !id; i++) {
			u16 cand = ++ping_rover;

			if (cand && !ping_id_used(cand, in, false))
				id = cand;
		}
		if (!id)
			err = -EADDRINUSE;
	} else if (ping_id_used(id, in, reuse)) {
		err = -EADDRINUSE;
	}
	if (!err) {
		in->ping_id = id;
		in->ping_next = ping_socks;
		ping_socks = in;
	}
	spin_unlock(&ping_lock);
	return err;
}

static void ping_drop_id(struct inet_sock *in)
{
	struct inet_sock **pp;

	spin_lock(&ping_lock);
	for (pp = &ping_socks; *pp; pp = &(*pp)->ping_next)
		if (*pp == in) {
			*pp = in->ping_next;
			break;
		}
	spin_unlock(&ping_lock);
}

/*
 * lwIP's raw receive callback, with the core lock held. It never eats
 * the packet: lwIP's ICMP still answers echo requests, and every raw
 * socket of the protocol gets a copy, as on Linux.
 */
static u8_t rawsk_input(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr)
{
	struct inet_sock *in = arg;
	struct netconn *c = in->conn;
	u16 hlen = IPH_HL_BYTES((struct ip_hdr *)p->payload);
	struct linux_icmphdr ic;
	struct netbuf *nb;
	struct pbuf *q;
	int avail;
	u16 n;

	if (!sys_mbox_valid(&c->recvmbox) ||
	    (c->flags & NETCONN_FLAG_MBOXINVALID) || p->tot_len < hlen)
		return 0;
	if (pcb->protocol == IPPROTO_ICMP) {
		n = pbuf_copy_partial(p, &ic, sizeof(ic), hlen);
		if (in->ping) {
			if (n < sizeof(ic) || ic.type != LINUX_ICMP_ECHOREPLY ||
			    ic.id != lwip_htons(in->ping_id) || !in->ping_id)
				return 0;
		} else if (!n || (ic.type < 32 &&
				  (in->icmp_filter & (1U << ic.type)))) {
			return 0;
		}
	}
	SYS_ARCH_GET(c->recv_avail, avail);
	if (avail + (int)p->tot_len > c->recv_bufsize)
		return 0;
	q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	if (!q)
		return 0;
	if (in->ping)
		pbuf_remove_header(q, hlen);
	nb = netbuf_new();
	if (!nb) {
		pbuf_free(q);
		return 0;
	}
	nb->p = nb->ptr = q;
	ip_addr_copy(nb->addr, *addr);
	nb->port = 0;
	n = q->tot_len;
	if (sys_mbox_trypost(&c->recvmbox, nb) != ERR_OK) {
		netbuf_delete(nb);
		return 0;
	}
	SYS_ARCH_INC(c->recv_avail, n);
	inet_event(c, NETCONN_EVT_RCVPLUS, n);
	return 0;
}

static int rawsk_bind(struct socket *s, const void *addr, int len)
{
	struct inet_sock *in = inet_sk(s);
	const struct linux_sockaddr_in *sin = addr;
	ip_addr_t ip;
	u16 port;
	int err;

	if (in->ping) {
		/* ping_check_bind_addr, then one bind only. */
		err = addr_in(addr, len, &ip, &port, true);
		if (err)
			return err;
	} else {
		/* Linux's raw_bind: the address only; binding again is fine. */
		if (len < (int)sizeof(*sin))
			return -EINVAL;
		ip_addr_set_ip4_u32(&ip, sin->sin_addr);
		port = 0;
	}
	if (!addr_is_local(&ip))
		return -EADDRNOTAVAIL;
	mutex_lock(&in->lock);
	if (in->ping && in->bound) {
		mutex_unlock(&in->lock);
		return -EINVAL;
	}
	err = in->ping ? ping_take_id(in, port) : 0;
	if (!err) {
		err = lwip_err_to_errno(netconn_bind(in->conn, &ip, 0));
		if (err && in->ping)
			ping_drop_id(in);
	}
	if (!err)
		in->bound = true;
	mutex_unlock(&in->lock);
	return err;
}

static int rawsk_autobind(struct inet_sock *in)
{
	int err;

	if (!in->ping || in->bound)
		return 0;
	err = ping_take_id(in, 0);
	if (!err)
		in->bound = true;
	return err;
}

static int rawsk_connect(struct socket *s, const void *addr, int len,
		       u32 fflags)
{
	struct inet_sock *in = inet_sk(s);
	ip_addr_t ip;
	u16 port;
	int err;

	if (len < (int)sizeof(u16))
		return -EINVAL;
	mutex_lock(&in->lock);
	if (((const struct linux_sockaddr_in *)addr)->sin_family ==
	    AF_UNSPEC) {
		netconn_disconnect(in->conn);
		in->has_peer = false;
		mutex_unlock(&in->lock);
		return 0;
	}
	err = addr_in(addr, len, &ip, &port, false);
	if (!err)
		err = rawsk_autobind(in);
	if (!err)
		err = lwip_err_to_errno(netconn_connect(in->conn, &ip, 0));
	if (!err) {
		in->peer = ip;
		in->has_peer = true;
	}
	mutex_unlock(&in->lock);
	return err;
}

/* Raw and ping sockets show their protocol or identifier as the port. */
static int rawsk_getname(struct socket *s, void *addr, bool peer)
{
	struct inet_sock *in = inet_sk(s);
	ip_addr_t ip;
	u16_t p;

	/* Linux's inet_getname: no peer port, so never a peer. */
	if (peer)
		return -ENOTCONN;
	if (netconn_getaddr(in->conn, &ip, &p, 1) != ERR_OK)
		ip_addr_set_zero_ip4(&ip);
	return fill_addr(addr, &ip, in->ping ? in->ping_id : s->protocol);
}

/* The Internet checksum of a buffer (RFC 1071). */
static u16 csum(const void *buf, size_t n)
{
	const u8 *b = buf;
	u32 sum = 0;

	for (; n > 1; n -= 2, b += 2)
		sum += (u32)b[0] << 8 | b[1];
	if (n)
		sum += (u32)b[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return lwip_htons(~sum & 0xffff);
}

static u16 ip_ident;

/*
 * IP_HDRINCL: the caller's header goes out with Linux's repairs (the
 * total length and checksum always, the source and identification
 * when zero), as raw_send_hdrinc.
 */
static int hdrincl_fixup(u8 *data, size_t len, const ip_addr_t *dst)
{
	struct ip_hdr *iph = (struct ip_hdr *)data;
	u16 hlen;

	if (len < IP_HLEN)
		return -EINVAL;
	hlen = IPH_HL_BYTES(iph);
	if (hlen > len)
		return -EINVAL;
	if (hlen < IP_HLEN)
		return 0;
	if (!iph->src.addr) {
		struct netif *nif;

		LOCK_TCPIP_CORE();
		nif = ip4_route(ip_2_ip4(dst));
		if (nif)
			iph->src.addr = ip4_addr_get_u32(netif_ip4_addr(nif));
		UNLOCK_TCPIP_CORE();
		if (!nif)
			return -ENETUNREACH;
	}
	IPH_LEN_SET(iph, lwip_htons(len));
	if (!IPH_ID(iph))
		IPH_ID_SET(iph, lwip_htons(__atomic_add_fetch(&ip_ident, 1,
							       __ATOMIC_RELAXED)));
	IPH_CHKSUM_SET(iph, 0);
	IPH_CHKSUM_SET(iph, csum(iph, hlen));
	return 0;
}

/* The destination of a raw or ping send: the address given, or connect's. */
static int raw_dest(struct inet_sock *in, struct sock_msg *m, ip_addr_t *ip)
{
	const struct linux_sockaddr_in *sin = m->name;

	if (!m->namelen) {
		if (!in->has_peer)
			return -EDESTADDRREQ;
		*ip = in->peer;
		return 0;
	}
	if (m->namelen < (int)sizeof(*sin))
		return -EINVAL;
	/* Raw sockets take AF_UNSPEC as AF_INET; ping does not. */
	if (sin->sin_family != AF_INET &&
	    (in->ping || sin->sin_family != AF_UNSPEC))
		return -EAFNOSUPPORT;
	ip_addr_set_ip4_u32(ip, sin->sin_addr);
	return 0;
}

/*
 * Linux's raw_sendmsg and ping_v4_sendmsg: the raw caller gives the
 * whole message after the IP header (its checksum included); the ping
 * caller an echo request whose identifier and checksum the kernel
 * writes.
 */
static ssize_t rawsk_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *in = inet_sk(s);
	size_t len = m->iter.count;
	struct linux_icmphdr *ic;
	struct netbuf *nb;
	ip_addr_t ip;
	u8 *data;
	int err;

	/* Checks in the order of Linux's ping_common_sendmsg/raw_sendmsg. */
	if (len > 0xffff)
		return -EMSGSIZE;
	if (in->ping && len < sizeof(*ic))
		return -EINVAL;
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (!in->ping) {
		err = raw_dest(in, m, &ip);
		if (err)
			return err;
	}
	data = kmalloc(MAX(len, (size_t)1));
	if (!data)
		return -ENOMEM;
	err = msg_copy_from_iter(&m->iter, data, len);
	if (err)
		goto out;
	ic = (struct linux_icmphdr *)data;
	if (in->ping) {
		err = -EINVAL;
		if (ic->type != LINUX_ICMP_ECHO || ic->code)
			goto out;
		err = raw_dest(in, m, &ip);
		if (err)
			goto out;
	}
	err = -EMSGSIZE;
	if (!in->hdrincl && len > 0xffff - IP_HLEN)
		goto out;
	mutex_lock(&in->lock);
	err = rawsk_autobind(in);
	if (!err && in->ping) {
		ic->id = lwip_htons(in->ping_id);
		ic->checksum = 0;
		ic->checksum = csum(data, len);
	}
	if (!err && in->hdrincl)
		err = hdrincl_fixup(data, len, &ip);
	if (!err) {
		nb = netbuf_new();
		err = -ENOMEM;
		if (nb && netbuf_ref(nb, data, len) == ERR_OK)
			err = lwip_err_to_errno(netconn_sendto(in->conn, nb,
							       &ip, 0));
		if (nb)
			netbuf_delete(nb);
	}
	mutex_unlock(&in->lock);
	if (!err)
		loop_deliver();
out:
	kfree(data);
	return err ? err : (ssize_t)len;
}

static int rawsk_create(struct socket *s, int protocol)
{
	struct inet_sock *in;
	struct netconn *c;

	c = netconn_new_with_proto_and_callback(NETCONN_RAW, protocol,
						inet_event);
	if (!c)
		return -ENOMEM;
	in = inet_sock_new(s, c);
	if (!in) {
		netconn_delete(c);
		return -ENOMEM;
	}
	in->ping = s->type == SOCK_DGRAM;
	/* Linux's raw and ping sockets start with SO_REUSEADDR on. */
	s->bool_opts |= SOCK_OPT_BIT(SO_REUSEADDR);
	/* IPPROTO_RAW sockets send whole packets, as Linux's. */
	in->hdrincl = protocol == IPPROTO_RAW;
	s->ops = &inet_raw_ops;
	LOCK_TCPIP_CORE();
	raw_recv(c->pcb.raw, rawsk_input, in);
	UNLOCK_TCPIP_CORE();
	apply_opts(in);
	return 0;
}

/* ------------------------------------------------------ ICMP errors */

/*
 * Linux's icmp_err_convert for "destination unreachable", by code: the
 * errno and whether it is a hard error, which a connected UDP socket
 * reports (SO_ERROR, then the next receive) even without IP_RECVERR.
 */
static const struct {
	u8 err;
	bool fatal;
} dur_errors[16] = {
	{ ENETUNREACH, false }, { EHOSTUNREACH, false },
	{ ENOPROTOOPT, true }, { ECONNREFUSED, true },
	{ EMSGSIZE, false }, { EOPNOTSUPP, false },
	{ ENETUNREACH, true }, { EHOSTDOWN, true },
	{ ENONET, true }, { ENETUNREACH, true },
	{ EHOSTUNREACH, true }, { ENETUNREACH, false },
	{ EHOSTUNREACH, false }, { EHOSTUNREACH, true },
	{ EHOSTUNREACH, true }, { EHOSTUNREACH, true },
};

#define ICMP_DEST_UNREACH 3

/*
 * A raw ICMP pcb of the kernel's own, made with the first AF_INET socket:
 * lwIP 2.1.3 tells no transport about ICMP errors, so this callback
 * (core lock held) finds the connected UDP socket an error is about, by
 * the datagram quoted in it, and sets its SO_ERROR as __udp4_lib_err.
 */
static u8_t icmp_err_input(void *arg, struct raw_pcb *pcb, struct pbuf *p,
			   const ip_addr_t *addr)
{
	u16 hlen = IPH_HL_BYTES((struct ip_hdr *)p->payload), ihl;
	struct linux_icmphdr ic;
	struct ip_hdr inner;
	u16 ports[2];
	int err;

	if (pbuf_copy_partial(p, &ic, sizeof(ic), hlen) != sizeof(ic) ||
	    ic.type != ICMP_DEST_UNREACH || ic.code >= ARRAY_SIZE(dur_errors) ||
	    !dur_errors[ic.code].fatal)
		return 0;
	hlen += sizeof(ic);
	if (pbuf_copy_partial(p, &inner, sizeof(inner), hlen) != sizeof(inner) ||
	    IPH_PROTO(&inner) != IPPROTO_UDP)
		return 0;
	ihl = IPH_HL_BYTES(&inner);
	if (pbuf_copy_partial(p, ports, sizeof(ports), hlen + ihl) !=
	    sizeof(ports))
		return 0;
	err = dur_errors[ic.code].err;
	spin_lock(&hash_lock);
	for (u32 h = 0; h < INET_HASH_SIZE; h++)
		for (struct inet_sock *in = hash_heads[h]; in;
		     in = in->hash_next) {
			struct udp_pcb *u = in->conn->pcb.udp;

			if (in->sock->type != SOCK_DGRAM || in->ping || !u ||
			    !(u->flags & UDP_FLAGS_CONNECTED) ||
			    u->local_port != lwip_ntohs(ports[0]) ||
			    u->remote_port != lwip_ntohs(ports[1]) ||
			    ip4_addr_get_u32(ip_2_ip4(&u->remote_ip)) !=
				    inner.dest.addr)
				continue;
			WRITE_ONCE(in->sock->err, err);
			__atomic_add_fetch(&in->events, 1, __ATOMIC_SEQ_CST);
			sock_wake(in->sock, POLLERR);
		}
	spin_unlock(&hash_lock);
	return 0;
}

static void icmp_err_watch(void)
{
	static struct raw_pcb *watch; /* under the core lock */

	LOCK_TCPIP_CORE();
	if (!watch) {
		watch = raw_new(IPPROTO_ICMP);
		if (watch)
			raw_recv(watch, icmp_err_input, NULL);
	}
	UNLOCK_TCPIP_CORE();
}

/* ------------------------------------------------------------- options */

/*
 * Puts the socket's options on its pcb. A listening TCP pcb is a
 * struct tcp_pcb_listen, which has only the IP fields: the TCP ones are
 * put on each connection as it is accepted. Caller holds in->lock.
 */
static void apply_opts(struct inet_sock *in)
{
	struct socket *s = in->sock;
	u64 b = READ_ONCE(s->bool_opts);
	struct netconn *c = in->conn;
	struct tcp_pcb *pcb;

	LOCK_TCPIP_CORE();
	if (c->pcb.ip) {
		struct ip_pcb *ip = c->pcb.ip;

		ip->ttl = in->ttl < 0 ? IP_DEFAULT_TTL : in->ttl;
		ip->tos = in->tos;
		if (b & SOCK_OPT_BIT(SO_KEEPALIVE))
			ip_set_option(ip, SOF_KEEPALIVE);
		else
			ip_reset_option(ip, SOF_KEEPALIVE);
		if (b & SOCK_OPT_BIT(SO_BROADCAST))
			ip_set_option(ip, SOF_BROADCAST);
		else
			ip_reset_option(ip, SOF_BROADCAST);
	}
	if (s->type == SOCK_RAW && c->pcb.raw) {
		if (in->hdrincl)
			raw_set_flags(c->pcb.raw, RAW_FLAGS_HDRINCL);
		else
			raw_clear_flags(c->pcb.raw, RAW_FLAGS_HDRINCL);
	}
	if (s->type != SOCK_STREAM) {
		/* lwIP drops datagrams beyond it, as Linux past SO_RCVBUF. */
		netconn_set_recvbufsize(c, s->rcvbuf);
		UNLOCK_TCPIP_CORE();
		return;
	}
	pcb = c->pcb.tcp;
	if (pcb && pcb->state != LISTEN) {
		if (in->nodelay && !tcp_nagle_disabled(pcb)) {
			tcp_nagle_disable(pcb);
			/* Linux pushes what Nagle held back at once. */
			if (pcb->state == ESTABLISHED)
				tcp_output(pcb);
		} else if (!in->nodelay) {
			tcp_nagle_enable(pcb);
		}
		pcb->keep_idle = in->keep_idle * 1000U;
		pcb->keep_intvl = in->keep_intvl * 1000U;
		pcb->keep_cnt = in->keep_cnt;
		/* TCP_MAXSEG bounds what we send (the MSS we announce is lwIP's). */
		if (in->user_mss && pcb->state != SYN_SENT &&
		    pcb->mss > in->user_mss)
			pcb->mss = in->user_mss;
	}
	UNLOCK_TCPIP_CORE();
}

/* The options a new connection takes from its listener, as Linux's clone. */
static void inherit_opts(struct socket *ns, struct socket *s)
{
	struct inet_sock *nin = inet_sk(ns), *in = inet_sk(s);

	ns->bool_opts = READ_ONCE(s->bool_opts);
	ns->rcvtimeo_ns = s->rcvtimeo_ns;
	ns->sndtimeo_ns = s->sndtimeo_ns;
	ns->rcvbuf = s->rcvbuf;
	ns->sndbuf = s->sndbuf;
	ns->priority = s->priority;
	ns->rcvlowat = s->rcvlowat;
	ns->linger = s->linger;
	mutex_lock(&in->lock);
	nin->ttl = in->ttl;
	nin->tos = in->tos;
	nin->nodelay = in->nodelay;
	nin->cork = in->cork;
	nin->user_mss = in->user_mss;
	nin->keep_idle = in->keep_idle;
	nin->keep_intvl = in->keep_intvl;
	nin->keep_cnt = in->keep_cnt;
	mutex_unlock(&in->lock);
	mutex_lock(&nin->lock);
	apply_opts(nin);
	mutex_unlock(&nin->lock);
}

/* Linux's ip_tos2prio: the priority IP_TOS gives, by the TOS bits. */
static const u8 tos_priority[16] = {
	0, 0, 0, 0, 2, 2, 2, 2, 6, 6, 6, 6, 4, 4, 4, 4,
};

/*
 * IPPROTO_IP options take an int, or a single byte when optlen is 1..3
 * (do_ip_setsockopt); no value at all reads as 0.
 */
/* ------------------------------------------------------------ multicast */

/* Linux's net.ipv4.igmp_max_memberships default. */
#define IGMP_MAX_MEMBERSHIPS 20

static bool ipv4_is_multicast(u32 a)
{
	return (lwip_ntohl(a) & 0xf0000000) == 0xe0000000;
}

/*
 * Linux's ip_mc_find_dev: the interface of that index, else the one
 * holding that address, else the one the route to the group leaves by.
 * Core lock held; NULL if none.
 */
static struct netdev *mc_find_dev(u32 group, u32 address, int ifindex)
{
	struct netdev *d;
	struct netif *nif;
	ip4_addr_t g;

	if (ifindex) {
		for (d = netdev_list(); d; d = d->next)
			if (d->ifindex == ifindex)
				return d;
		return NULL;
	}
	if (address) {
		for (d = netdev_list(); d; d = d->next)
			if (d->addr == address)
				return d;
		return NULL;
	}
	ip4_addr_set_u32(&g, group);
	nif = netdev_route_hook(NULL, &g);
	for (d = netdev_list(); d && nif; d = d->next)
		if (d->nif == nif)
			return d;
	return NULL;
}

/* lwIP's IGMP, where the interface does it: a use count per group. */
static int mc_lwip(struct netdev *d, u32 group, bool join)
{
#if LWIP_IGMP
	ip4_addr_t g;
	err_t e;

	if (!d || !(d->nif->flags & NETIF_FLAG_IGMP))
		return 0;
	ip4_addr_set_u32(&g, group);
	e = join ? igmp_joingroup_netif(d->nif, &g) :
		   igmp_leavegroup_netif(d->nif, &g);
	/* 224.0.0.1 is lwIP's own from the start (ERR_VAL): no count. */
	return e == ERR_MEM ? -ENOBUFS : 0;
#else
	return 0;
#endif
}

/* __ip_mc_join_group: in->lock held. */
static int mc_join(struct inet_sock *in, u32 group, u32 address, int ifindex)
{
	struct mc_member *m;
	struct netdev *d;
	int err;

	if (!ipv4_is_multicast(group))
		return -EINVAL;
	LOCK_TCPIP_CORE();
	d = mc_find_dev(group, address, ifindex);
	err = d ? 0 : -ENODEV;
	if (!err) {
		ifindex = d->ifindex;
		for (m = in->mc_list; m; m = m->next)
			if (m->group == group && m->ifindex == ifindex)
				err = -EADDRINUSE;
	}
	if (!err && in->mc_count >= IGMP_MAX_MEMBERSHIPS)
		err = -ENOBUFS;
	m = err ? NULL : kmalloc(sizeof(*m));
	if (!err && !m)
		err = -ENOBUFS;
	if (!err)
		err = mc_lwip(d, group, true);
	UNLOCK_TCPIP_CORE();
	if (err) {
		kfree(m);
		return err;
	}
	m->group = group;
	m->address = address;
	m->ifindex = ifindex;
	m->next = in->mc_list;
	in->mc_list = m;
	in->mc_count++;
	return 0;
}

/* ip_mc_leave_group: in->lock held. */
static int mc_leave(struct inet_sock *in, u32 group, u32 address, int ifindex)
{
	struct mc_member **pp, *m;
	struct netdev *d;
	int err = -EADDRNOTAVAIL;

	LOCK_TCPIP_CORE();
	d = mc_find_dev(group, address, ifindex);
	if (!ifindex && !address && !d) {
		UNLOCK_TCPIP_CORE();
		return -ENODEV;
	}
	if (d)
		ifindex = d->ifindex;
	for (pp = &in->mc_list; (m = *pp); pp = &m->next) {
		if (m->group != group)
			continue;
		if (ifindex ? m->ifindex != ifindex :
			      address && address != m->address)
			continue;
		*pp = m->next;
		in->mc_count--;
		mc_lwip(d, group, false);
		kfree(m);
		err = 0;
		break;
	}
	UNLOCK_TCPIP_CORE();
	return err;
}

/* At close, as Linux's ip_mc_drop_socket. */
static void mc_drop_all(struct inet_sock *in)
{
	struct mc_member *m;

	LOCK_TCPIP_CORE();
	while ((m = in->mc_list)) {
		struct netdev *d;

		in->mc_list = m->next;
		for (d = netdev_list(); d; d = d->next)
			if (d->ifindex == m->ifindex)
				mc_lwip(d, m->group, false);
		kfree(m);
	}
	in->mc_count = 0;
	UNLOCK_TCPIP_CORE();
}

/*
 * IP_ADD_MEMBERSHIP/IP_DROP_MEMBERSHIP take an ip_mreq or ip_mreqn (not
 * on TCP sockets: EPROTO), MCAST_JOIN_GROUP/MCAST_LEAVE_GROUP a
 * group_req, as Linux's do_ip_setsockopt and ip_mcast_join_leave.
 */
static int ip_membership(struct socket *s, int name, const void *val,
			 int optlen)
{
	struct inet_sock *in = inet_sk(s);
	struct linux_ip_mreqn mr = { 0 };
	bool join;

	if (name == LINUX_IP_ADD_MEMBERSHIP ||
	    name == LINUX_IP_DROP_MEMBERSHIP) {
		if (s->type == SOCK_STREAM)
			return -EPROTO;
		if (optlen < (int)sizeof(struct linux_ip_mreq))
			return -EINVAL;
		memcpy(&mr, val, optlen >= (int)sizeof(mr) ? sizeof(mr) :
				 sizeof(struct linux_ip_mreq));
		join = name == LINUX_IP_ADD_MEMBERSHIP;
	} else {
		struct linux_group_req gr;
		struct linux_sockaddr_in sin;

		if (optlen < (int)sizeof(gr))
			return -EINVAL;
		memcpy(&gr, val, sizeof(gr));
		memcpy(&sin, gr.gr_group, sizeof(sin));
		if (sin.sin_family != AF_INET)
			return -EINVAL;
		mr.imr_multiaddr = sin.sin_addr;
		mr.imr_ifindex = gr.gr_interface;
		join = name == LINUX_MCAST_JOIN_GROUP;
	}
	return join ? mc_join(in, mr.imr_multiaddr, mr.imr_address,
			      mr.imr_ifindex) :
		      mc_leave(in, mr.imr_multiaddr, mr.imr_address,
			       mr.imr_ifindex);
}

static int ip_setsockopt(struct socket *s, int name, const void *val,
			 int optlen)
{
	struct inet_sock *in = inet_sk(s);
	int v = 0;

	switch (name) {
	case LINUX_IP_ADD_MEMBERSHIP:
	case LINUX_IP_DROP_MEMBERSHIP:
	case LINUX_MCAST_JOIN_GROUP:
	case LINUX_MCAST_LEAVE_GROUP:
		return ip_membership(s, name, val, optlen);
	}

	if (optlen >= (int)sizeof(int))
		memcpy(&v, val, sizeof(v));
	else if (optlen >= 1)
		v = *(const u8 *)val;
	switch (name) {
	case LINUX_IP_TOS:
		/* A stream socket's ECN bits belong to TCP. */
		if (s->type == SOCK_STREAM)
			v = (v & ~3) | (in->tos & 3);
		if (in->tos != v) {
			in->tos = v;
			s->priority = tos_priority[(v & 0x1e) >> 1];
		}
		break;
	case LINUX_IP_TTL:
		if (optlen < 1 || (v != -1 && (v < 1 || v > 255)))
			return -EINVAL;
		in->ttl = v;
		break;
	case LINUX_IP_HDRINCL:
		if (s->type != SOCK_RAW)
			return -ENOPROTOOPT;
		in->hdrincl = v != 0;
		break;
	default:
		return -ENOPROTOOPT;
	}
	return 0;
}

/*
 * SOL_RAW's ICMP_FILTER (ICMP sockets only): up to four bytes of the
 * mask are replaced, as raw_seticmpfilter copies what it is given.
 */
static int raw_setsockopt(struct socket *s, int name, const void *val,
			  int optlen)
{
	struct inet_sock *in = inet_sk(s);

	if (name != LINUX_ICMP_FILTER)
		return -ENOPROTOOPT;
	if (s->protocol != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	memcpy(&in->icmp_filter, val, MIN(optlen, (int)sizeof(u32)));
	return 0;
}

static int raw_getsockopt(struct socket *s, int name, void *val, int *optlen)
{
	struct inet_sock *in = inet_sk(s);

	if (name != LINUX_ICMP_FILTER)
		return -ENOPROTOOPT;
	if (s->protocol != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	*optlen = MIN(*optlen, (int)sizeof(u32));
	memcpy(val, &in->icmp_filter, *optlen);
	return 0;
}

/*
 * udp_lib_setsockopt: UDP_CORK; turning it off sends the datagram it
 * held. UDP's other names (encapsulation, GSO, GRO) are not here.
 */
static int udp_setsockopt(struct inet_sock *in, int name, const void *val,
			  int optlen)
{
	int v;

	if (optlen < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	if (name != LINUX_UDP_CORK)
		return -ENOPROTOOPT;
	in->udp_cork = v != 0;
	return in->udp_cork ? 0 : udp_push_pending(in);
}

static int udp_getsockopt(struct inet_sock *in, int name, void *val,
			  int *optlen)
{
	int v = in->udp_cork;

	if (name != LINUX_UDP_CORK)
		return -ENOPROTOOPT;
	*optlen = MIN(*optlen, (int)sizeof(v));
	memcpy(val, &v, *optlen);
	return 0;
}

static int tcp_setsockopt(struct socket *s, int name, const void *val,
			  int optlen)
{
	struct inet_sock *in = inet_sk(s);
	bool push = false;
	int v;

	/*
	 * TCP_ULP takes a name, so it comes before the int-size check, as
	 * in Linux's do_tcp_setsockopt. No upper layer protocol ("tls",
	 * ...) is registered here: tcp_set_ulp finds none, ENOENT.
	 */
	if (name == LINUX_TCP_ULP)
		return optlen < 1 ? -EINVAL : -ENOENT;
	if (optlen < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case LINUX_TCP_NODELAY:
		in->nodelay = v != 0;
		/* Linux pushes what is held, corked or not (TCP_NAGLE_PUSH). */
		if (in->nodelay)
			push = true;
		break;
	case LINUX_TCP_CORK:
		in->cork = v != 0;
		push = !in->cork;
		break;
	case LINUX_TCP_MAXSEG:
		if (v && (v < LINUX_TCP_MIN_MSS || v > LINUX_MAX_TCP_WINDOW))
			return -EINVAL;
		in->user_mss = v;
		break;
	case LINUX_TCP_KEEPIDLE:
		if (v < 1 || v > LINUX_MAX_TCP_KEEPIDLE)
			return -EINVAL;
		in->keep_idle = v;
		break;
	case LINUX_TCP_KEEPINTVL:
		if (v < 1 || v > LINUX_MAX_TCP_KEEPINTVL)
			return -EINVAL;
		in->keep_intvl = v;
		break;
	case LINUX_TCP_KEEPCNT:
		if (v < 1 || v > LINUX_MAX_TCP_KEEPCNT)
			return -EINVAL;
		in->keep_cnt = v;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (push) {
		LOCK_TCPIP_CORE();
		cork_push_locked(in, true, true);
		UNLOCK_TCPIP_CORE();
	}
	return 0;
}

/*
 * SOL_SOCKET: the generic layer has stored the value; what lwIP must
 * know goes to the pcb. SO_REUSEPORT's balancing of several listeners
 * on one port is beyond lwIP, so turning it on is refused rather than
 * ignored.
 */
static int inet_sol_socket(struct socket *s, int name, const void *val)
{
	int v;

	memcpy(&v, val, sizeof(v));
	if (name == SO_REUSEPORT && v) {
		spin_lock(&s->opt_lock);
		s->bool_opts &= ~SOCK_OPT_BIT(SO_REUSEPORT);
		spin_unlock(&s->opt_lock);
		return -ENOPROTOOPT;
	}
	return 0;
}

static int inet_setsockopt(struct socket *s, int level, int name,
			   const void *val, int optlen)
{
	struct inet_sock *in = inet_sk(s);
	int err;

	if (level == SOL_SOCKET) {
		err = inet_sol_socket(s, name, val);
	} else if (level == IPPROTO_TCP && s->type == SOCK_STREAM) {
		mutex_lock(&in->lock);
		err = tcp_setsockopt(s, name, val, optlen);
		mutex_unlock(&in->lock);
	} else if (level == IPPROTO_UDP && s->type == SOCK_DGRAM &&
		   s->protocol == IPPROTO_UDP) {
		mutex_lock(&in->lock);
		err = udp_setsockopt(in, name, val, optlen);
		mutex_unlock(&in->lock);
	} else if (level == LINUX_SOL_RAW && s->type == SOCK_RAW) {
		mutex_lock(&in->lock);
		err = raw_setsockopt(s, name, val, optlen);
		mutex_unlock(&in->lock);
	} else if (level == IPPROTO_IP) {
		mutex_lock(&in->lock);
		err = ip_setsockopt(s, name, val, optlen);
		mutex_unlock(&in->lock);
	} else {
		err = -ENOPROTOOPT;
	}
	if (!err) {
		mutex_lock(&in->lock);
		apply_opts(in);
		mutex_unlock(&in->lock);
	}
	return err;
}

/*
 * IPPROTO_IP values are ints, or one byte when the buffer is shorter
 * than an int and the value fits, as do_ip_getsockopt answers.
 */
static int ip_getsockopt(struct socket *s, int name, void *val, int *optlen)
{
	struct inet_sock *in = inet_sk(s);
	int v;

	switch (name) {
	case LINUX_IP_TOS:
		v = in->tos;
		break;
	case LINUX_IP_TTL:
		v = in->ttl < 0 ? IP_DEFAULT_TTL : in->ttl;
		break;
	case LINUX_IP_HDRINCL:
		v = in->hdrincl;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (*optlen > 0 && *optlen < (int)sizeof(int) && v >= 0 && v <= 255) {
		*optlen = 1;
		*(u8 *)val = v;
		return 0;
	}
	*optlen = MIN(*optlen, (int)sizeof(v));
	memcpy(val, &v, *optlen);
	return 0;
}

static int tcp_getsockopt(struct socket *s, int name, void *val, int *optlen)
{
	struct inet_sock *in = inet_sk(s);
	int v;

	switch (name) {
	case LINUX_TCP_NODELAY:
		v = in->nodelay;
		break;
	case LINUX_TCP_MAXSEG:
		/* Linux shows the MSS in use, or before that the one set. */
		v = in->user_mss ? in->user_mss : LINUX_TCP_MSS_DEFAULT;
		LOCK_TCPIP_CORE();
		if (in->connected && in->conn->pcb.tcp &&
		    in->conn->pcb.tcp->state != LISTEN)
			v = in->conn->pcb.tcp->mss;
		UNLOCK_TCPIP_CORE();
		break;
	case LINUX_TCP_KEEPIDLE:
		v = in->keep_idle;
		break;
	case LINUX_TCP_KEEPINTVL:
		v = in->keep_intvl;
		break;
	case LINUX_TCP_KEEPCNT:
		v = in->keep_cnt;
		break;
	case LINUX_TCP_CORK:
		v = in->cork;
		break;
	case LINUX_TCP_ULP:
		/* No upper layer protocol: an empty name, as Linux. */
		*optlen = 0;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
	*optlen = MIN(*optlen, (int)sizeof(v));
	memcpy(val, &v, *optlen);
	return 0;
}

static int inet_getsockopt(struct socket *s, int level, int name, void *val,
			   int *optlen)
{
	struct inet_sock *in = inet_sk(s);
	int err;

	mutex_lock(&in->lock);
	if (level == IPPROTO_TCP && s->type == SOCK_STREAM)
		err = tcp_getsockopt(s, name, val, optlen);
	else if (level == LINUX_SOL_RAW && s->type == SOCK_RAW)
		err = raw_getsockopt(s, name, val, optlen);
	else if (level == IPPROTO_IP)
		err = ip_getsockopt(s, name, val, optlen);
	else if (level == IPPROTO_UDP && s->protocol == IPPROTO_UDP)
		err = udp_getsockopt(in, name, val, optlen);
	else
		err = -EOPNOTSUPP; /* ip_getsockopt, unlike ip_setsockopt */
	mutex_unlock(&in->lock);
	return err;
}

/* ---------------------------------------------------------------- ioctl */

/*
 * Bytes of data waiting in a receive mailbox: every TCP pbuf (TCP), or
 * the first datagram only (UDP), as Linux's SIOCINQ answers.
 */
static u32 mbox_bytes(struct netconn *c, bool first_only, bool *end)
{
	sys_mbox_t *mb = &c->recvmbox;
	u32 n = 0;

	if (!sys_mbox_valid(mb) || (c->flags & NETCONN_FLAG_MBOXINVALID))
		return 0;
	spin_lock(&mb->lock);
	for (u32 i = 0; i < mb->count; i++) {
		void *msg = mb->slots[(mb->head + i) % mb->size];
		err_t e;

		if (lwip_netconn_is_deallocated_msg(msg) ||
		    lwip_netconn_is_err_msg(msg, &e)) {
			if (end)
				*end = true;
			continue;
		}
		if (first_only) {
			n = ((struct netbuf *)msg)->p->tot_len;
			break;
		}
		n += ((struct pbuf *)msg)->tot_len;
	}
	spin_unlock(&mb->lock);
	return n;
}

static long inet_ioctl(struct socket *s, unsigned int cmd)
{
	struct inet_sock *in = inet_sk(s);
	long v = 0;

	if (cmd != FIONREAD && cmd != TIOCOUTQ)
		return -ENOIOCTLCMD;
	if (s->type == SOCK_STREAM && s->listening)
		return -EINVAL;
	mutex_lock(&in->lock);
	if (cmd == FIONREAD && s->type != SOCK_STREAM) {
		v = in->rx_nb ? in->rx_nb->p->tot_len :
				mbox_bytes(in->conn, true, NULL);
	} else if (cmd == FIONREAD) {
		if (in->rx_pbuf)
			v = in->rx_pbuf->tot_len - in->rx_off;
		v += mbox_bytes(in->conn, false, NULL);
	} else if (s->type == SOCK_STREAM) {
		/* Linux's write_seq - snd_una: not acknowledged, or held. */
		LOCK_TCPIP_CORE();
		if (in->conn->pcb.tcp)
			v = (u32)(in->conn->pcb.tcp->snd_lbb -
				  in->conn->pcb.tcp->lastack);
		v += in->cork_len;
		UNLOCK_TCPIP_CORE();
	} else {
		/* Nothing stays queued: lwIP sends a datagram in the call. */
		v = 0;
	}
	mutex_unlock(&in->lock);
	return v;
}

static const struct proto_ops inet_stream_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.release = inet_release,
};

static const struct proto_ops inet_dgram_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.release = inet_release,
};

static const struct proto_ops inet_raw_ops = {
	.bind = rawsk_bind,
	.connect = rawsk_connect,
	.sendmsg = rawsk_sendmsg,
	.recvmsg = udp_recvmsg,
	.shutdown = inet_shutdown,
	.getname = rawsk_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.release = inet_release,
};

/*
 * For /proc/net/tcp and udp (net/proc_net.c): the inode number and owner
 * of conn's socket. False when it has none (a connection not accepted).
 */
bool inet_conn_owner(void *conn, u64 *ino, u32 *uid)
{
	struct inet_sock *in;
	bool found = false;

	spin_lock(&hash_lock);
	for (in = hash_heads[conn_hash(conn)]; in; in = in->hash_next)
		if (in->conn == conn) {
			*ino = sock_ino(in->sock);
			*uid = sock_uid(in->sock);
			found = true;
			break;
		}
	spin_unlock(&hash_lock);
	return found;
}
