/*
 * setsockopt09: CVE-2021-22600. A TPACKET_V3 ring torn down with a
 * zero-block PACKET_RX_RING, the socket switched to TPACKET_V2 and given
 * a new ring, then closed, must not free the first ring's block vector
 * twice. Needs AF_PACKET (TCONF without it).
 */
#include "sock_common.h"
#include "packet_common.h"

static int sock = -1;

static void cleanup(void)
{
	if (sock >= 0)
		SAFE_CLOSE(sock);
}

static void run(void)
{
	struct ltp_tpacket_req3 req = { 0 };
	int ver = LTP_TPACKET_V3, i;

	for (i = 0; i < 100; i++) {
		sock = packet_socket_or_tconf(SOCK_RAW);
		ver = LTP_TPACKET_V3;
		SAFE_SETSOCKOPT(sock, SOL_PACKET, LTP_PACKET_VERSION, &ver,
				sizeof(ver));
		memset(&req, 0, sizeof(req));
		req.tp_block_size = 4096;
		req.tp_block_nr = 4;
		req.tp_frame_size = 4096;
		req.tp_frame_nr = 4;
		req.tp_retire_blk_tov = 10;
		TST_EXP_PASS_SILENT(setsockopt(sock, SOL_PACKET,
				    LTP_PACKET_RX_RING, &req, sizeof(req)),
				    "V3 ring");
		memset(&req, 0, sizeof(req));
		TST_EXP_PASS_SILENT(setsockopt(sock, SOL_PACKET,
				    LTP_PACKET_RX_RING, &req, sizeof(req)),
				    "ring torn down");
		ver = LTP_TPACKET_V2;
		TST_EXP_PASS_SILENT(setsockopt(sock, SOL_PACKET,
				    LTP_PACKET_VERSION, &ver, sizeof(ver)),
				    "switch to TPACKET_V2");
		req.tp_block_size = 4096;
		req.tp_block_nr = 2;
		req.tp_frame_size = 4096;
		req.tp_frame_nr = 2;
		TST_EXP_PASS_SILENT(setsockopt(sock, SOL_PACKET,
				    LTP_PACKET_RX_RING, &req,
				    4 * sizeof(unsigned int)), "V2 ring");
		SAFE_CLOSE(sock);
	}
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
