/*
 * setsockopt07: CVE-2017-1000111. PACKET_RESERVE racing with
 * PACKET_RX_RING on the same AF_PACKET socket must not let the reserve
 * grow after the ring was sized for it. Runs the race for a while, then
 * checks that a reserve change on a socket with a ring is EBUSY. Needs
 * AF_PACKET (TCONF without it).
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

static void *reserve_thread(void *arg)
{
	int reserve = 4096 - 64;

	(void)arg;
	while (!done) {
		while (!go && !done)
			;
		setsockopt(sock, SOL_PACKET, LTP_PACKET_RESERVE, &reserve,
			   sizeof(reserve));
		go = 0;
	}
	return NULL;
}

static void set_ring(int fd)
{
	struct ltp_tpacket_req3 req = { 0 };

	req.tp_block_size = 4096;
	req.tp_block_nr = 2;
	req.tp_frame_size = 4096;
	req.tp_frame_nr = 2;
	setsockopt(fd, SOL_PACKET, LTP_PACKET_RX_RING, &req,
		   4 * sizeof(unsigned int));
}

static void run(void)
{
	struct timespec start = tst_now();
	int ver = LTP_TPACKET_V2, n = 0, reserve = 64;
	pthread_t thr;

	done = 0;
	if (pthread_create(&thr, NULL, reserve_thread, NULL))
		tst_brk(TBROK, "pthread_create");
	while (tst_timespec_diff_us(tst_now(), start) < RUN_MS * 1000ULL) {
		sock = SAFE_SOCKET(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
		SAFE_SETSOCKOPT(sock, SOL_PACKET, LTP_PACKET_VERSION, &ver,
				sizeof(ver));
		go = 1;
		set_ring(sock);
		while (go)
			;
		SAFE_CLOSE(sock);
		n++;
	}
	done = 1;
	pthread_join(thr, NULL);
	tst_res(TINFO, "%d rounds", n);

	sock = SAFE_SOCKET(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	SAFE_SETSOCKOPT(sock, SOL_PACKET, LTP_PACKET_VERSION, &ver, sizeof(ver));
	set_ring(sock);
	TST_EXP_FAIL(setsockopt(sock, SOL_PACKET, LTP_PACKET_RESERVE, &reserve,
				sizeof(reserve)), EBUSY,
		     "PACKET_RESERVE on a socket with a ring");
	SAFE_CLOSE(sock);
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
