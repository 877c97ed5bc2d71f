/*
 * AF_PACKET ring constants and structures for the packet tests (bind06,
 * sendto03, setsockopt02/06/07/09), as Linux's uapi if_packet.h lays them
 * out; musl's netpacket/packet.h has only part of them.
 */
#ifndef PACKET_COMMON_H
#define PACKET_COMMON_H

#include <netpacket/packet.h>
#include <netinet/if_ether.h>

#define LTP_PACKET_RX_RING	5
#define LTP_PACKET_VERSION	10
#define LTP_PACKET_RESERVE	12
#define LTP_TPACKET_V1		0
#define LTP_TPACKET_V2		1
#define LTP_TPACKET_V3		2

struct ltp_tpacket_req3 {
	unsigned int tp_block_size;
	unsigned int tp_block_nr;
	unsigned int tp_frame_size;
	unsigned int tp_frame_nr;
	unsigned int tp_retire_blk_tov;
	unsigned int tp_sizeof_priv;
	unsigned int tp_feature_req_word;
};

/* A packet socket, or TCONF when the kernel has none. */
static inline int packet_socket_or_tconf(int type)
{
	int fd = socket(AF_PACKET, type, htons(ETH_P_ALL));

	if (fd < 0 && (errno == EAFNOSUPPORT || errno == ESOCKTNOSUPPORT ||
		       errno == EPROTONOSUPPORT))
		tst_brk(TCONF | TERRNO, "AF_PACKET sockets not supported");
	if (fd < 0)
		tst_brk(TBROK | TERRNO, "socket(AF_PACKET)");
	return fd;
}

#endif
