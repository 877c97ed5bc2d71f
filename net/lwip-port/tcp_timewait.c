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
 *
 * lwIP has no such rule. Its LWIP_HOOK_TCP_INPACKET_PCB hook is handed the
 * TIME_WAIT pcb a segment matched, after lwIP's own lookup, so only such
 * segments pay anything here: the hook ends the TIME_WAIT, tells lwIP to
 * drop the segment, and feeds a copy of the packet back in through the
 * tcpip thread, where the listener finds it. lwIP stays as Debian ships it.
 */
#include "lwip/ip.h"
#include "lwip/ip4.h"
#include "lwip/pbuf.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lib.h"
#include "mm.h"
#include "lwip_port.h"

/* A SYN to hand to ip4_input again, on the tcpip thread. */
struct syn_again {
	struct pbuf *p;
	struct netif *inp;
};

static void syn_input(void *arg)
{
	struct syn_again *s = arg;

	ip4_input(s->p, s->inp); /* takes the pbuf in every case */
	kfree(s);
}

/*
 * The IPv4 packet being input, copied whole into a new pbuf, or NULL. A
 * SYN fits in the first pbuf (a received frame is one pool pbuf), and lwIP
 * has only moved the payload pointer past the headers, so the header and
 * what follows it are still in place in front of p->payload. tcp_input
 * turned the TCP header's ports, numbers and window to host order in
 * place: the copy gets them back in network order, as they came.
 */
static struct pbuf *copy_current_packet(const struct pbuf *p)
{
	const struct ip_hdr *iph = ip4_current_header();
	u16_t len = lwip_ntohs(IPH_LEN(iph));
	u16_t hlen = IPH_HL_BYTES(iph);
	const u8_t *end = (const u8_t *)p->payload + p->len;
	struct tcp_hdr *th;
	struct pbuf *q;

	if (p->next || (const u8_t *)iph + len != end ||
	    len < hlen + TCP_HLEN)
		return NULL;
	q = pbuf_alloc(PBUF_RAW, len, PBUF_RAM);
	if (!q)
		return NULL;
	memcpy(q->payload, iph, len);
	th = (struct tcp_hdr *)((u8_t *)q->payload + hlen);
	th->src = lwip_htons(th->src);
	th->dest = lwip_htons(th->dest);
	th->seqno = lwip_htonl(th->seqno);
	th->ackno = lwip_htonl(th->ackno);
	th->wnd = lwip_htons(th->wnd);
	return q;
}

signed char lwip_port_tcp_inpacket_hook(struct tcp_pcb *pcb,
					struct tcp_hdr *hdr, struct pbuf *p)
{
	struct syn_again *s;
	struct pbuf *q;

	if (pcb->state != TIME_WAIT ||
	    (TCPH_FLAGS(hdr) & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN ||
	    !TCP_SEQ_GT(hdr->seqno, pcb->rcv_nxt)) /* host order here */
		return ERR_OK;
	q = copy_current_packet(p);
	s = q ? kmalloc(sizeof(*s)) : NULL;
	if (!s) {
		if (q)
			pbuf_free(q);
		return ERR_OK; /* lwIP's answer; the client will try again */
	}
	s->p = q;
	s->inp = ip_current_input_netif();
	if (tcpip_try_callback(syn_input, s) != ERR_OK) {
		pbuf_free(q);
		kfree(s);
		return ERR_OK;
	}
	tcp_abort(pcb); /* frees a TIME_WAIT pcb, sends nothing */
	return ERR_ABRT; /* lwIP drops this copy and stops looking */
}
