/*
 * setsockopt06: CVE-2016-8655. PACKET_RX_RING (TPACKET_V3) racing with
 * PACKET_VERSION on the same AF_PACKET socket must not leave a ring timer
 * behind a freed ring. Runs the race for a while; passes if nothing bad
 * happens. Needs AF_PACKET (TCONF without it).
 */
#include "sock_common.h"
#include "packet_common.h"

#include <pthread.h>

#define RUN_MS 1500

static int sock = -1;
static volatile int go, done;

static void setup(void)
{
	sock = packet_socket_or_tconf(SOCK_RAW);
	SAFE_CLOSE(sock);
}

static void cleanup(void)
{
	if (sock >= 0)
		SAFE_CLOSE(sock);
}

static void *version_thread(void *arg)
{
	int ver = LTP_TPACKET_V1;

	(void)arg;
	while (!done) {
		while (!go && !done)
			;
		setsockopt(sock, SOL_PACKET, LTP_PACKET_VERSION, &ver,
			   sizeof(ver));
		go = 0;
	}
	return NULL;
}

static void run(void)
{
	struct timespec start = tst_now();
	struct ltp_tpacket_req3 req = { 0 };
	int ver = LTP_TPACKET_V3, n = 0;
	pthread_t thr;

	req.tp_block_size = 4096;
	req.tp_block_nr = 1;
	req.tp_frame_size = 4096;
	req.tp_frame_nr = 1;
	req.tp_retire_blk_tov = 1;
	done = 0;
	if (pthread_create(&thr, NULL, version_thread, NULL))
		tst_brk(TBROK, "pthread_create");
	while (tst_timespec_diff_us(tst_now(), start) < RUN_MS * 1000ULL) {
		sock = SAFE_SOCKET(AF_PACKET, SOCK_DGRAM, 0);
		SAFE_SETSOCKOPT(sock, SOL_PACKET, LTP_PACKET_VERSION, &ver,
				sizeof(ver));
		go = 1;
		setsockopt(sock, SOL_PACKET, LTP_PACKET_RX_RING, &req,
			   sizeof(req));
		while (go)
			;
		SAFE_CLOSE(sock);
		n++;
	}
	done = 1;
	pthread_join(thr, NULL);
	tst_res(TINFO, "%d rounds", n);
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
