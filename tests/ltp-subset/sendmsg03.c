/*
 * sendmsg03: CVE-2017-17712. sendmsg() on a raw IPv4 socket while
 * another thread flips IP_HDRINCL must not let the kernel build a header
 * from uninitialised memory (crash or leak). Needs raw sockets and
 * IP_HDRINCL (TCONF without them).
 */
#include "sock_common.h"

#include <pthread.h>
#include <netinet/ip.h>

#define RUN_MS 1500

static int sockfd = -1;
static volatile int stop;
static struct sockaddr_in addr;

static void setup(void)
{
	int one = 1;

	addr = sock_lo_addr(0);
	sockfd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (sockfd < 0 && (errno == ESOCKTNOSUPPORT ||
			   errno == EPROTONOSUPPORT || errno == EAFNOSUPPORT))
		tst_brk(TCONF | TERRNO, "raw IPv4 sockets not supported");
	if (sockfd < 0)
		tst_brk(TBROK | TERRNO, "socket(AF_INET, SOCK_RAW)");
	TEST(setsockopt(sockfd, SOL_IP, IP_HDRINCL, &one, sizeof(one)));
	if (TST_RET == -1 && TST_ERR == ENOPROTOOPT)
		tst_brk(TCONF | TTERRNO, "IP_HDRINCL not supported");
	if (TST_RET)
		tst_brk(TBROK | TTERRNO, "setsockopt(IP_HDRINCL)");
}

static void cleanup(void)
{
	if (sockfd >= 0)
		SAFE_CLOSE(sockfd);
}

static void *flipper(void *arg)
{
	int val = 0;

	(void)arg;
	while (!stop) {
		setsockopt(sockfd, SOL_IP, IP_HDRINCL, &val, sizeof(val));
		val = !val;
	}
	return NULL;
}

static void run(void)
{
	struct timespec start = tst_now();
	char payload[64];
	struct iovec iov = { payload, sizeof(payload) };
	struct msghdr msg = {
		.msg_name = &addr, .msg_namelen = sizeof(addr),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	pthread_t thr;
	int n = 0;

	memset(payload, 0, sizeof(payload));
	stop = 0;
	if (pthread_create(&thr, NULL, flipper, NULL))
		tst_brk(TBROK, "pthread_create");
	while (tst_timespec_diff_us(tst_now(), start) < RUN_MS * 1000ULL) {
		sendmsg(sockfd, &msg, MSG_DONTWAIT);
		n++;
	}
	stop = 1;
	pthread_join(thr, NULL);
	tst_res(TINFO, "%d sends", n);
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
