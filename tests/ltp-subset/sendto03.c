/*
 * sendto03: CVE-2020-14386. A TPACKET_V2 receive ring on lo whose
 * PACKET_RESERVE leaves no room in a frame: packets captured while a UDP
 * datagram is sent over 127.0.0.1 must not be written past the frame
 * (tpacket_rcv's overflow, kernel commit acab50be5f7f). Needs AF_PACKET
 * (TCONF without it).
 */
#include "sock_common.h"
#include "packet_common.h"

#define FRAME_SIZE 4096
#define ROUNDS 200

static int pkt = -1, udp_rcv = -1, udp_snd = -1;
static struct sockaddr_in udp_addr;
static struct sockaddr_ll ll;

static void setup(void)
{
	pkt = packet_socket_or_tconf(SOCK_RAW);
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	ll.sll_ifindex = sock_lo_ifindex();
	SAFE_BIND(pkt, (struct sockaddr *)&ll, sizeof(ll));
	udp_rcv = sock_udp_bound(&udp_addr);
	udp_snd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
}

static void cleanup(void)
{
	if (pkt >= 0)
		SAFE_CLOSE(pkt);
	if (udp_rcv >= 0)
		SAFE_CLOSE(udp_rcv);
	if (udp_snd >= 0)
		SAFE_CLOSE(udp_snd);
}

static void run(void)
{
	struct ltp_tpacket_req3 req = { 0 };
	int ver = LTP_TPACKET_V2, reserve = FRAME_SIZE - 32, i;

	/* A reserve that leaves no room for the frame header is refused. */
	SAFE_SETSOCKOPT(pkt, SOL_PACKET, LTP_PACKET_VERSION, &ver, sizeof(ver));
	SAFE_SETSOCKOPT(pkt, SOL_PACKET, LTP_PACKET_RESERVE, &reserve,
			sizeof(reserve));
	req.tp_block_size = FRAME_SIZE;
	req.tp_block_nr = 4;
	req.tp_frame_size = FRAME_SIZE;
	req.tp_frame_nr = 4;
	TST_EXP_FAIL(setsockopt(pkt, SOL_PACKET, LTP_PACKET_RX_RING, &req,
				4 * sizeof(unsigned int)), EINVAL,
		     "ring with a reserve past the frame");
	SAFE_CLOSE(pkt);
	pkt = packet_socket_or_tconf(SOCK_RAW);
	SAFE_BIND(pkt, (struct sockaddr *)&ll, sizeof(ll));
	/* Room for the header alone: every packet's data runs past it. */
	reserve = FRAME_SIZE - 128;
	char buf[1024], r[1024];

	SAFE_SETSOCKOPT(pkt, SOL_PACKET, LTP_PACKET_VERSION, &ver, sizeof(ver));
	SAFE_SETSOCKOPT(pkt, SOL_PACKET, LTP_PACKET_RESERVE, &reserve,
			sizeof(reserve));
	req.tp_block_size = FRAME_SIZE;
	req.tp_block_nr = 4;
	req.tp_frame_size = FRAME_SIZE;
	req.tp_frame_nr = 4;
	/* The v1/v2 request is the first four fields. */
	TEST(setsockopt(pkt, SOL_PACKET, LTP_PACKET_RX_RING, &req,
			4 * sizeof(unsigned int)));
	if (TST_RET) {
		tst_res(TFAIL | TTERRNO, "PACKET_RX_RING, reserve %d", reserve);
		return;
	}
	memset(buf, 0x42, sizeof(buf));
	for (i = 0; i < ROUNDS; i++) {
		SAFE_SENDTO(1, udp_snd, buf, sizeof(buf), 0,
			    (struct sockaddr *)&udp_addr, sizeof(udp_addr));
		SAFE_RECV(sizeof(buf), udp_rcv, r, sizeof(r), 0);
	}
	tst_res(TPASS, "%d datagrams captured into the ring, nothing bad "
		"happened", ROUNDS);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
