/*
 * setsockopt11: CVE-2026-53362. A corked IPv6 UDP socket with a type 4
 * routing header (IPV6_RTHDR) that leaves a fragment gap, fed pipe pages
 * with splice(), must not drop a page reference too many when it is
 * closed: the pipe's data must survive memory being reused. Needs IPv6
 * and routing header type 4 (TCONF without them).
 */
#include "sock_common.h"

#include <netinet/udp.h>

#define PIPE_BUF_SIZE (1 << 20)
#define BUFSIZE 4096
#define PATTERN_SIZE 256
#define PATTERN_CHAR 0x42
#define TEST_HDRSIZE 640
#define TEST_MTU 1280
#define TEST_PORT 12345
#define TEST_MSGSIZE (1232 - TEST_HDRSIZE)
#define POLLUTE_MB 32

#ifndef UDP_CORK
#define UDP_CORK 1
#endif

static int pipefds[2][2] = { { -1, -1 }, { -1, -1 } };
static int sockfd = -1;
static unsigned char buf[BUFSIZE];
static struct sockaddr_in6 addr;

static void setup(void)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd < 0 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT))
		tst_brk(TCONF | TERRNO, "IPv6 not supported");
	if (fd >= 0)
		close(fd);
	addr.sin6_family = AF_INET6;
	addr.sin6_addr = in6addr_loopback;
	addr.sin6_port = htons(TEST_PORT);
}

static void close_all(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (pipefds[i][0] >= 0)
			SAFE_CLOSE(pipefds[i][0]);
		if (pipefds[i][1] >= 0)
			SAFE_CLOSE(pipefds[i][1]);
	}
	if (sockfd >= 0)
		SAFE_CLOSE(sockfd);
}

/* Fills memory nobody uses with the inverse pattern, then frees it. */
static void pollute(void)
{
	size_t len = POLLUTE_MB << 20;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	memset(p, (unsigned char)~PATTERN_CHAR, len);
	munmap(p, len);
}

static int leak_pipe(void)
{
	int i, padding, segcount = (TEST_HDRSIZE - 8) / 16;

	memset(buf, PATTERN_CHAR, PATTERN_SIZE);
	for (i = 0; i < 2; i++) {
		SAFE_PIPE(pipefds[i]);
		fcntl(pipefds[i][1], F_SETPIPE_SZ, PIPE_BUF_SIZE);
	}
	SAFE_WRITE(1, pipefds[0][1], buf, PATTERN_SIZE);

	sockfd = SAFE_SOCKET(AF_INET6, SOCK_DGRAM, 0);
	padding = TEST_HDRSIZE - 8 - 16 * segcount;
	memset(buf, 0, TEST_HDRSIZE);
	buf[1] = (TEST_HDRSIZE - 8) / 8;
	buf[2] = 4;
	buf[3] = (unsigned char)(segcount - 1);
	buf[4] = buf[3];
	for (i = 0; i < segcount; i++)
		memcpy(buf + 8 + 16 * i, &in6addr_loopback,
		       sizeof(in6addr_loopback));
	if (padding)
		buf[9 + 16 * segcount] = (unsigned char)(padding - 2);
	TEST(setsockopt(sockfd, IPPROTO_IPV6, IPV6_RTHDR, buf, TEST_HDRSIZE));
	if (TST_RET == -1 && (TST_ERR == EINVAL || TST_ERR == ENOPROTOOPT))
		tst_brk(TCONF | TTERRNO, "IPV6_RTHDR type 4 is not supported");
	else if (TST_RET)
		tst_brk(TBROK | TTERRNO, "setsockopt(IPV6_RTHDR) failed");
	SAFE_SETSOCKOPT_INT(sockfd, IPPROTO_IPV6, IPV6_MTU, TEST_MTU);
	SAFE_CONNECT(sockfd, (struct sockaddr *)&addr, sizeof(addr));
	SAFE_SETSOCKOPT_INT(sockfd, IPPROTO_UDP, UDP_CORK, 1);

	memset(buf, 0, TEST_MSGSIZE);
	buf[TEST_MSGSIZE - 6] = 1;
	SAFE_WRITE(1, pipefds[1][1], buf, TEST_MSGSIZE);
	if (splice(pipefds[1][0], NULL, sockfd, NULL, TEST_MSGSIZE,
		   SPLICE_F_MORE) < 0)
		tst_brk(TBROK | TERRNO, "splice");
	tee(pipefds[0][0], pipefds[1][1], PATTERN_SIZE, 0);
	if (splice(pipefds[1][0], NULL, sockfd, NULL, PATTERN_SIZE,
		   SPLICE_F_MORE) < 0)
		tst_brk(TBROK | TERRNO, "splice");
	SAFE_CLOSE(sockfd);

	pollute();
	SAFE_READ(1, pipefds[0][0], buf, PATTERN_SIZE);
	close_all();
	for (i = 0; i < PATTERN_SIZE; i++)
		if (buf[i] != PATTERN_CHAR)
			return 1;
	return 0;
}

static void run(void)
{
	int i;

	for (i = 0; i < 64; i++) {
		if (leak_pipe()) {
			tst_res(TFAIL, "Pipe buffer was corrupted");
			return;
		}
	}
	tst_res(TPASS, "Nothing bad happened (yet)");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = close_all,
	.test_all = run,
	.timeout = 120,
};
