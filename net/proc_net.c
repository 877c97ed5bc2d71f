/*
 * /proc/net (a link to self/net, as on Linux): dev, route, tcp, udp and
 * unix, in Linux 6.1's formats (net/core/net-procfs.c, fib_trie.c,
 * tcp_ipv4.c, udp.c, af_unix.c): the same headers, column widths,
 * padding, hex byte order and state numbers, so that netstat, route and
 * ifconfig print what they print on Linux.
 *
 * Everything is read under lwIP's core lock, which covers the interfaces,
 * the routes (netdev.h) and lwIP's pcb lists. Kernel pointers (%pK) are
 * shown as zeros, as Linux shows them to readers without CAP_SYSLOG.
 */
#include "lwip/api.h"
#include "lwip/ip4.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"
#include "kernel/fs/procfs.h"
#include "kernel/include/lib.h"
#include "net/netdev.h"
#include "net/socket.h"

/* adjtimex's TIME_WAIT (abi/linux/time.h) hides lwIP's TCP state. */
#undef TIME_WAIT
#define TIME_WAIT 10

#define KPTR_ZERO "0000000000000000"

/* Linux's seq_setwidth and seq_pad: spaces up to width, then a newline. */
static void seq_pad_to(struct seq *m, size_t start, size_t width)
{
	static const char spaces[] = "                                ";

	while (!m->overflow && m->len - start < width) {
		size_t n = MIN(width - (m->len - start), sizeof(spaces) - 1);

		seq_write(m, spaces, n);
	}
	seq_write(m, "\n", 1);
}

/* ------------------------------------------------------------------ dev */

int proc_net_dev_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "Inter-|   Receive                            "
		      "                    |  Transmit\n"
		      " face |bytes    packets errs drop fifo frame "
		      "compressed multicast|bytes    packets errs "
		      "drop fifo colls carrier compressed\n");
	LOCK_TCPIP_CORE();
	for (struct netdev *d = netdev_list(); d; d = d->next) {
		const struct stats_mib2_netif_ctrs *c = &d->nif->mib2_counters;
		u64 rxp = (u64)c->ifinucastpkts + c->ifinnucastpkts;
		u64 txp = (u64)c->ifoutucastpkts + c->ifoutnucastpkts;
		u64 rxb = c->ifinoctets, txb = c->ifoutoctets;

		/*
		 * Linux's lo counts a packet once, as sent and received,
		 * when it is delivered (lwIP counts the sending when it is
		 * queued), and as an Ethernet frame, 14 bytes of header
		 * more than lwIP's IP packet.
		 */
		if (d->type == LINUX_ARPHRD_LOOPBACK) {
			rxb += 14 * rxp;
			txb = rxb;
			txp = rxp;
		}
		seq_printf(m, "%6s: %7lu %7lu %4lu %4lu %4lu %5lu "
			   "%10lu %9lu %8lu %7lu %4lu %4lu %4lu %5lu "
			   "%7lu %10lu\n",
			   d->name, rxb, rxp, (u64)c->ifinerrors,
			   (u64)c->ifindiscards, 0UL, 0UL, 0UL, 0UL,
			   txb, txp, (u64)c->ifouterrors,
			   (u64)c->ifoutdiscards, 0UL, 0UL, 0UL, 0UL);
	}
	UNLOCK_TCPIP_CORE();
	return 0;
}

/* ---------------------------------------------------------------- route */

int proc_net_route_show(struct seq *m, struct proc_inode *pi)
{
	size_t start = m->len;

	seq_printf(m, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\t"
		      "Metric\tMask\t\tMTU\tWindow\tIRTT");
	seq_pad_to(m, start, 127);
	LOCK_TCPIP_CORE();
	for (struct route *r = route_list(); r; r = r->next) {
		u32 flags = LINUX_RTF_UP;

		if (r->gw)
			flags |= LINUX_RTF_GATEWAY;
		if (r->mask == 0xffffffff)
			flags |= LINUX_RTF_HOST;
		start = m->len;
		seq_printf(m, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
			   r->dev->name, r->dst, r->gw, flags, 0, 0,
			   (int)r->priority, r->mask, (int)r->mtu, r->window,
			   r->irtt);
		seq_pad_to(m, start, 127);
	}
	UNLOCK_TCPIP_CORE();
	return 0;
}

/* ------------------------------------------------------------ tcp, udp */

/* Linux's TCP_* state numbers, indexed by lwIP's enum tcp_state. */
static const u8 tcp_state_linux[] = {
	[CLOSED] = 7, [LISTEN] = 10, [SYN_SENT] = 2, [SYN_RCVD] = 3,
	[ESTABLISHED] = 1, [FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5,
	[CLOSE_WAIT] = 8, [CLOSING] = 11, [LAST_ACK] = 9, [TIME_WAIT] = 6,
};

/* The inode number and owner of a netconn's socket (0 if it has none). */
static void conn_owner(void *arg, u64 *ino, u32 *uid)
{
	*ino = 0;
	*uid = 0;
	if (arg)
		inet_conn_owner(arg, ino, uid);
}

static u32 mbox_count(sys_mbox_t *mb)
{
	u32 n;

	if (!sys_mbox_valid(mb))
		return 0;
	spin_lock(&mb->lock);
	n = mb->count;
	spin_unlock(&mb->lock);
	return n;
}

/* Linux's get_timewait4_sock: timer 3 with the time left, no owner. */
static void tcp_tw_line(struct seq *m, int sl, struct tcp_pcb *p)
{
	u32 age = (tcp_ticks - p->tmr) * TCP_SLOW_INTERVAL;
	u32 span = 2 * TCP_MSL;
	size_t start = m->len;

	seq_printf(m, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX "
		      "%08X %5d %8d %d %d " KPTR_ZERO,
		   sl, ip_2_ip4(&p->local_ip)->addr, p->local_port,
		   ip_2_ip4(&p->remote_ip)->addr, p->remote_port, 6, 0, 0, 3,
		   (unsigned long)(age < span ? (span - age) / 10 : 0), 0, 0,
		   0, 0, 3);
	seq_pad_to(m, start, 149);
}

/* Linux's get_tcp4_sock. */
static void tcp_line(struct seq *m, int sl, struct tcp_pcb *p)
{
	struct netconn *conn = p->callback_arg;
	bool listen = p->state == LISTEN;
	u32 rx = 0, tx = 0, timer = 0, retrans = 0;
	unsigned long when = 0;
	size_t start = m->len;
	u64 ino;
	u32 uid;

	if (p->state == TIME_WAIT) {
		tcp_tw_line(m, sl, p);
		return;
	}
	conn_owner(conn, &ino, &uid);
	if (listen) {
		rx = conn ? mbox_count(&conn->acceptmbox) : 0;
	} else {
		tx = p->snd_lbb - p->lastack;
		rx = conn ? (u32)conn->recv_avail : 0;
		if (p->refused_data)
			rx += p->refused_data->tot_len;
		/* The retransmission timer runs while data is unacknowledged. */
		if (p->unacked && p->rtime >= 0) {
			timer = 1;
			retrans = p->nrtx;
			if (p->rtime < p->rto)
				when = (unsigned long)(p->rto - p->rtime) *
				       TCP_SLOW_INTERVAL / 10;
		}
	}
	seq_printf(m, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX "
		      "%08X %5u %8d %lu ",
		   sl, ip_2_ip4(&p->local_ip)->addr, p->local_port,
		   listen ? 0 : ip_2_ip4(&p->remote_ip)->addr,
		   listen ? 0 : p->remote_port, tcp_state_linux[p->state],
		   tx, rx, timer, when, retrans, uid, 0, ino);
	if (listen) {
		/* Linux: refcount, sk, rto 1 s, ato, pingpong, cwnd, qlen. */
		seq_printf(m, "1 " KPTR_ZERO " 100 0 0 10 0");
	} else {
		u32 mss = p->mss ? p->mss : 536;

		seq_printf(m, "1 " KPTR_ZERO " %d 4 0 %u %d",
			   p->rto * TCP_SLOW_INTERVAL / 10,
			   (u32)(p->cwnd / mss),
			   p->cwnd < p->ssthresh ? -1 : (int)(p->ssthresh / mss));
	}
	seq_pad_to(m, start, 149);
}

int proc_net_tcp_show(struct seq *m, struct proc_inode *pi)
{
	size_t start = m->len;
	int sl = 0;

	seq_printf(m, "  sl  local_address rem_address   st tx_queue rx_queue "
		      "tr tm->when retrnsmt   uid  timeout inode");
	seq_pad_to(m, start, 149);
	LOCK_TCPIP_CORE();
	/* Listeners, then connections: Linux's two hash tables. */
	for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l;
	     l = l->next)
		tcp_line(m, sl++, (struct tcp_pcb *)l);
	for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
		tcp_line(m, sl++, p);
	for (struct tcp_pcb *p = tcp_tw_pcbs; p; p = p->next)
		tcp_line(m, sl++, p);
	UNLOCK_TCPIP_CORE();
	return 0;
}

int proc_net_udp_show(struct seq *m, struct proc_inode *pi)
{
	size_t start = m->len;

	seq_printf(m, "   sl  local_address rem_address   st tx_queue "
		      "rx_queue tr tm->when retrnsmt   uid  timeout inode "
		      "ref pointer drops");
	seq_pad_to(m, start, 127);
	LOCK_TCPIP_CORE();
	for (struct udp_pcb *p = udp_pcbs; p; p = p->next) {
		struct netconn *conn = p->recv_arg;
		bool connected = p->flags & UDP_FLAGS_CONNECTED;
		u32 local = ip_2_ip4(&p->local_ip)->addr;
		struct netif *out;
		u64 ino;
		u32 uid;

		/*
		 * Linux picks a connected socket's source address at
		 * connect; lwIP at each send: show the one it would pick.
		 */
		if (connected && !local) {
			out = ip4_route(ip_2_ip4(&p->remote_ip));
			local = out ? netif_ip4_addr(out)->addr : 0;
		}

		conn_owner(conn, &ino, &uid);
		start = m->len;
		/* The slot is Linux's hash bucket: the port's, in 256. */
		seq_printf(m, "%5d: %08X:%04X %08X:%04X %02X %08X:%08X "
			      "%02X:%08lX %08X %5u %8d %lu %d " KPTR_ZERO
			      " %u",
			   p->local_port & 255, local, p->local_port,
			   connected ? ip_2_ip4(&p->remote_ip)->addr : 0,
			   connected ? p->remote_port : 0,
			   connected ? 1 : 7, 0,
			   conn ? (u32)conn->recv_avail : 0, 0, 0UL, 0, uid, 0,
			   ino, 2, 0);
		seq_pad_to(m, start, 127);
	}
	UNLOCK_TCPIP_CORE();
	return 0;
}

/* ----------------------------------------------------------------- unix */

static void unix_line(void *arg, const struct unix_info *ui)
{
	struct seq *m = arg;
	/*
	 * Linux's SS_CONNECTED and SS_UNCONNECTED; a connection not yet
	 * accepted has no socket there: SS_CONNECTING and inode 0.
	 * __SO_ACCEPTCON marks a listener.
	 */
	int state = ui->embryo ? 2 : ui->connected ? 3 : 1;

	seq_printf(m, KPTR_ZERO ": %08X %08X %08X %04X %02X %5lu",
		   ui->refcount + 1, 0, ui->listening ? 1 << 16 : 0,
		   ui->type, state, ui->embryo ? 0 : ui->ino);
	if (ui->addr) {
		const char *path = ui->addr->sun_path;
		int len = ui->addr_len - 2, i = 0;

		seq_write(m, " ", 1);
		if (path[0]) {
			len--; /* the name's terminating NUL */
		} else {
			seq_write(m, "@", 1);
			i++;
		}
		for (; i < len; i++)
			seq_write(m, path[i] ? &path[i] : "@", 1);
	}
	seq_write(m, "\n", 1);
}

int proc_net_unix_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "Num       RefCount Protocol Flags    Type St Inode "
		      "Path\n");
	unix_for_each(unix_line, m);
	return 0;
}

/* ---------------------------------------------------------- tcp6, udp6 */

/*
 * There are no IPv6 sockets (socket(AF_INET6) fails), so these list none;
 * they exist because Linux has them and netstat reads them.
 */
int proc_net_tcp6_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "  sl  local_address                         "
		      "remote_address                        st tx_queue "
		      "rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
	return 0;
}

int proc_net_udp6_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "  sl  local_address                         "
		      "remote_address                        st tx_queue "
		      "rx_queue tr tm->when retrnsmt   uid  timeout inode "
		      "ref pointer drops\n");
	return 0;
}
