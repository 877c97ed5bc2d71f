/*
 * setsockopt02: CVE-2017-7308. A TPACKET_V3 receive ring whose
 * tp_sizeof_priv has the high bit set is refused with EINVAL; a sane one
 * is accepted. Needs AF_PACKET (TCONF without it).
 */
#include "sock_common.h"
#include "packet_common.h"

static int sk = -1;

static void cleanup(void)
{
	if (sk >= 0)
		SAFE_CLOSE(sk);
}

static int create_ring(unsigned int sizeof_priv)
{
	struct ltp_tpacket_req3 req = { 0 };
	int ver = LTP_TPACKET_V3;

	req.tp_block_size = 4096;
	req.tp_block_nr = 2;
	req.tp_frame_size = req.tp_block_size;
	req.tp_frame_nr = req.tp_block_nr;
	req.tp_retire_blk_tov = 100;
	req.tp_sizeof_priv = sizeof_priv;
	sk = packet_socket_or_tconf(SOCK_RAW);
	TEST(setsockopt(sk, SOL_PACKET, LTP_PACKET_VERSION, &ver, sizeof(ver)));
	if (TST_RET && TST_ERR == EINVAL)
		tst_brk(TCONF | TTERRNO, "TPACKET_V3 not supported");
	if (TST_RET)
		tst_brk(TBROK | TTERRNO, "setsockopt(PACKET_VERSION, TPACKET_V3)");
	return setsockopt(sk, SOL_PACKET, LTP_PACKET_RX_RING, &req, sizeof(req));
}

static void run(unsigned int n)
{
	if (n == 0) {
		TST_EXP_PASS(create_ring(512), "ring with tp_sizeof_priv 512");
	} else {
		TST_EXP_FAIL(create_ring(3U << 30), EINVAL,
			     "ring with tp_sizeof_priv 3 << 30");
	}
	SAFE_CLOSE(sk);
}

static struct tst_test test = {
	.tcnt = 2,
	.cleanup = cleanup,
	.test = run,
	.needs_root = 1,
};
