/*
 * bind06: CVE-2018-18559. bind() of an AF_PACKET socket racing with
 * another bind() of the same socket (changing the protocol, which
 * unregisters and re-registers the packet hook) and with a fanout setup
 * must not crash the kernel. Needs AF_PACKET (TCONF without it).
 */
#include "sock_common.h"

#include <pthread.h>
#include <netpacket/packet.h>
#include <netinet/if_ether.h>

#ifndef PACKET_FANOUT_HASH
#define PACKET_FANOUT_HASH 0
#endif

#define RUN_MS 1500

static int sock = -1;
static struct sockaddr_ll addr1, addr2;
static volatile int stop;

static void setup(void)
{
	int idx = sock_lo_ifindex();

	addr1.sll_family = AF_PACKET;
	addr1.sll_ifindex = idx;
	addr1.sll_protocol = htons(ETH_P_ALL);
	addr2.sll_family = AF_PACKET;
	addr2.sll_ifindex = idx;
	addr2.sll_protocol = htons(0x88b5);
	sock = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (sock < 0 && (errno == EAFNOSUPPORT || errno == EPERM ||
			 errno == ESOCKTNOSUPPORT || errno == EPROTONOSUPPORT))
		tst_brk(TCONF | TERRNO, "AF_PACKET sockets not supported");
	if (sock < 0)
		tst_brk(TBROK | TERRNO, "socket(AF_PACKET)");
}

static void cleanup(void)
{
	if (sock >= 0)
		SAFE_CLOSE(sock);
}

static void *binder(void *arg)
{
	(void)arg;
	while (!stop)
		bind(sock, (struct sockaddr *)&addr2, sizeof(addr2));
	return NULL;
}

static void run(void)
{
	struct timespec start = tst_now();
	pthread_t thr;
	int fanout = PACKET_FANOUT_HASH << 16, n = 0, fd2;

	stop = 0;
	if (pthread_create(&thr, NULL, binder, NULL))
		tst_brk(TBROK, "pthread_create");
	while (tst_timespec_diff_us(tst_now(), start) < RUN_MS * 1000ULL) {
		bind(sock, (struct sockaddr *)&addr1, sizeof(addr1));
		fd2 = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
		if (fd2 >= 0) {
			setsockopt(fd2, SOL_PACKET, PACKET_FANOUT, &fanout,
				   sizeof(fanout));
			close(fd2);
		}
		n++;
	}
	stop = 1;
	pthread_join(thr, NULL);
	tst_res(TINFO, "%d rounds", n);
	TST_EXP_PASS(bind(sock, (struct sockaddr *)&addr1, sizeof(addr1)),
		     "bind() after the race");
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
