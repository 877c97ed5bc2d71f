/*
 * lwIP configuration for Akuma: a server's stack, not a microcontroller's.
 * Options left out keep lwIP's defaults (src/include/lwip/opt.h); docs/
 * lwip.md explains the choices.
 */
#ifndef AKUMA_LWIPOPTS_H
#define AKUMA_LWIPOPTS_H

/* ------------------------------------------------ threads and the OS layer */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
/*
 * Core locking: a netconn call from a process takes the core lock and runs
 * in its own thread instead of waking the tcpip thread and sleeping on a
 * semaphore for the answer. Received frames still go through the tcpip
 * thread's mailbox, since the driver posts them from interrupt context.
 */
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_MBOX_SIZE 4096
#define DEFAULT_THREAD_STACKSIZE 0 /* kernel threads have fixed stacks */
#define TCPIP_THREAD_STACKSIZE 0
#define TCPIP_THREAD_PRIO 0
#define DEFAULT_RAW_RECVMBOX_SIZE 256
#define DEFAULT_UDP_RECVMBOX_SIZE 256
#define DEFAULT_TCP_RECVMBOX_SIZE 256
#define DEFAULT_ACCEPTMBOX_SIZE 256

/* ----------------------------------------------------------------- memory */
/*
 * Every allocation, pools included, comes from kmalloc: nothing is reserved
 * up front and connections are bounded by memory, as on Linux. The MEMP_NUM_*
 * counts below are then not limits; they only satisfy lwIP's sanity checks.
 * kmalloc is safe from interrupt context and returns zeroed memory.
 */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
void *lwip_port_malloc(unsigned long size);
void *lwip_port_calloc(unsigned long n, unsigned long size);
void lwip_port_free(void *p);
#define mem_clib_malloc lwip_port_malloc
#define mem_clib_calloc lwip_port_calloc
#define mem_clib_free lwip_port_free
#define MEMP_NUM_TCP_PCB 4096
#define MEMP_NUM_TCP_PCB_LISTEN 1024
#define MEMP_NUM_UDP_PCB 1024
#define MEMP_NUM_RAW_PCB 256
#define MEMP_NUM_NETCONN 8192
#define MEMP_NUM_NETBUF 4096
#define MEMP_NUM_TCP_SEG 65535
#define MEMP_NUM_PBUF 4096
#define MEMP_NUM_TCPIP_MSG_API 1024
#define MEMP_NUM_TCPIP_MSG_INPKT 4096
#define MEMP_NUM_SYS_TIMEOUT 64
#define MEMP_NUM_ARP_QUEUE 256
#define PBUF_POOL_SIZE 1024
#define PBUF_POOL_BUFSIZE 1536 /* a full Ethernet frame in one pbuf */

/* ------------------------------------------------------- protocols and IP */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ARP_TABLE_SIZE 64
#define ARP_QUEUEING 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 0 /* the guest's addresses are set with ifconfig */
#define LWIP_AUTOIP 0
/* Multicast memberships (IP_ADD_MEMBERSHIP...) join groups on lo. */
#define LWIP_IGMP 1
#define LWIP_DNS 0  /* resolvers live in user space */
#define IP_FORWARD 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define IP_DEFAULT_TTL 64 /* Linux's */
#define IP_SOF_BROADCAST 1
#define IP_SOF_BROADCAST_RECV 1
#define LWIP_BROADCAST_PING 0
#define LWIP_MULTICAST_PING 0

/* -------------------------------------------------------------------- TCP */
/*
 * The largest segment lwIP sends. A connection takes the smaller of this
 * and its interface's MTU less 40, so Ethernet connections use 1460 (the
 * card's MTU is 1500) while loopback ones, whose interface has no MTU in
 * lwIP, use this: few large segments, as Linux's 64 KiB loopback MTU gives.
 * The buffers below are sized in Ethernet segments.
 */
#define TCP_MSS 12288
#define ETH_TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_WND (88 * ETH_TCP_MSS)      /* 125 KiB, about Linux's default */
#define TCP_SND_BUF (88 * ETH_TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / ETH_TCP_MSS)
/* lwIP keeps it in a u16_t, 4 * TCP_MSS below its overflow. */
#define TCP_SNDLOWAT (8 * ETH_TCP_MSS)
/* TIME_WAIT lasts 2 * TCP_MSL: 60 s, Linux's TCP_TIMEWAIT_LEN. */
#define TCP_MSL 30000UL
#define TCP_QUEUE_OOSEQ 1
#define TCP_OVERSIZE TCP_MSS
#define LWIP_TCP_SACK_OUT 1
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 0xff
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_TCP_TIMESTAMPS 0
#define TCP_MAXRTX 12
#define TCP_SYNMAXRTX 6

/* --------------------------------------------------------------- netconn */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 0 /* our socket layer is net/, on netconn */
#define LWIP_NETCONN_SEM_PER_THREAD 1
#define LWIP_NETCONN_FULLDUPLEX 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
#define LWIP_TCP_PCB_NUM_EXT_ARGS 1 /* the socket layer's per-pcb slot */
#define SO_REUSE 1
#define SO_REUSE_RXTOALL 1
#define RECV_BUFSIZE_DEFAULT 0x7fffffff

/* ------------------------------------------------------------ interfaces */
#define LWIP_NETIF_API 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPIF_MULTICAST 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_TX_SINGLE_PBUF 0
#define LWIP_SINGLE_NETIF 0

/* ------------------------------------------------------ checksums, stats */
#define LWIP_CHECKSUM_ON_COPY 1
/* Eight bytes per load rather than lwIP's two (chksum.c). */
#include "chksum.h"
#define LWIP_CHKSUM lwip_port_chksum
/* Loopback packets are neither checksummed nor checked (net_init.c). */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define MIB2_STATS 1 /* interface counters for /proc/net/dev */

/* ---------------------------------------------------------------- routes */
/*
 * Routes are Linux's, kept by net/netdev.c (SIOCADDRT, SIOCDELRT): lwIP
 * asks it for the interface to send on and for the next hop off the link.
 */
struct netif;
struct ip4_addr;
struct netif *netdev_route_hook(const struct ip4_addr *src,
				const struct ip4_addr *dest);
const struct ip4_addr *netdev_gw_hook(struct netif *netif,
				      const struct ip4_addr *dest);
#define LWIP_HOOK_IP4_ROUTE_SRC(src, dest) netdev_route_hook(src, dest)
#define LWIP_HOOK_ETHARP_GET_GW(netif, dest) netdev_gw_hook(netif, dest)

/* A SYN may end a TIME_WAIT on its ports, as on Linux (tcp_timewait.c). */
struct pbuf;
struct tcp_pcb;
struct tcp_hdr;
signed char lwip_port_tcp_inpacket_hook(struct tcp_pcb *pcb,
					struct tcp_hdr *hdr, struct pbuf *p);
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) \
	lwip_port_tcp_inpacket_hook(pcb, hdr, p)

#endif
