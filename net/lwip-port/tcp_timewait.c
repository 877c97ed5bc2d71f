/*
 * A new connection on the ports of one in TIME_WAIT, as Linux allows it.
 *
 * When a SYN arrives for a four-tuple still in TIME_WAIT, lwIP answers it
 * with an ACK for the old connection, and the client then waits for its
 * SYN retransmission timer (seconds, with QEMU's user network) before it
 * tries again; a busy server whose clients reuse ports stalls. Linux
 * (tcp_timewait_state_process) instead ends the TIME_WAIT and lets the
 * listener take the SYN when its sequence number is after the last one
 * the old connection received, which is what RFC 1122 (4.2.2.13) allows.
 * lwIP has no such rule, so this ip4_input hook applies it before lwIP
 * looks the segment up: lwIP itself stays as Debian ships it.
 */
#include "lwip/ip.h"
#include "lwip/ip4.h"
#include "lwip/pbuf.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip_port.h"

int lwip_port_ip4_input_hook(struct pbuf *p, struct netif *inp)
{
	const struct ip_hdr *iph = p->payload;
	const struct tcp_hdr *th;
	struct tcp_pcb *pcb;
	u16_t hlen, flags;
	u32_t seqno;

	(void)inp;
	if (p->len < IP_HLEN || IPH_V(iph) != 4 || IPH_PROTO(iph) != IP_PROTO_TCP)
		return 0;
	hlen = IPH_HL_BYTES(iph);
	/* Only whole first fragments carry a TCP header we can read here. */
	if (hlen < IP_HLEN || p->len < hlen + TCP_HLEN ||
	    (IPH_OFFSET(iph) & PP_HTONS(IP_OFFMASK)))
		return 0;
	th = (const struct tcp_hdr *)((const u8_t *)iph + hlen);
	flags = TCPH_FLAGS(th);
	if ((flags & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN)
		return 0;
	seqno = lwip_ntohl(th->seqno);
	for (pcb = tcp_tw_pcbs; pcb; pcb = pcb->next) {
		if (pcb->local_port != lwip_ntohs(th->dest) ||
		    pcb->remote_port != lwip_ntohs(th->src) ||
		    ip4_addr_get_u32(ip_2_ip4(&pcb->local_ip)) != iph->dest.addr ||
		    ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)) != iph->src.addr)
			continue;
		if (TCP_SEQ_GT(seqno, pcb->rcv_nxt))
			tcp_abort(pcb); /* frees a TIME_WAIT pcb, sends nothing */
		break;
	}
	return 0;
}
