/*
 * connect02: CVE-2018-9568. An accepted IPv6 TCP socket turned into IPv4
 * with IPV6_ADDRFORM, dissolved with connect(AF_UNSPEC), bound and made a
 * listener must accept connections and close cleanly, a thousand times.
 * Needs IPv6 (TCONF without it).
 */
#include "sock_common.h"

#define ROUNDS 1000

static int listenfd = -1, fd = -1, confd1 = -1, confd2 = -1, confd3 = -1;
static struct sockaddr_in6 bind_addr;
static struct sockaddr_in bind_addr4, client_addr;
static struct sockaddr reset_addr;

static void setup(void)
{
	socklen_t size = sizeof(bind_addr);

	memset(&bind_addr, 0, sizeof(bind_addr));
	bind_addr.sin6_family = AF_INET6;
	bind_addr.sin6_addr = in6addr_any;
	tst_init_sockaddr_inet_bin(&bind_addr4, INADDR_ANY, 0);
	memset(&reset_addr, 0, sizeof(reset_addr));
	reset_addr.sa_family = AF_UNSPEC;

	listenfd = SAFE_SOCKET(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	SAFE_BIND(listenfd, (struct sockaddr *)&bind_addr, sizeof(bind_addr));
	SAFE_LISTEN(listenfd, 5);
	SAFE_GETSOCKNAME(listenfd, (struct sockaddr *)&bind_addr, &size);
	client_addr = sock_lo_addr(ntohs(bind_addr.sin6_port));
}

static void cleanup(void)
{
	if (confd3 >= 0)
		SAFE_CLOSE(confd3);
	if (confd2 >= 0)
		SAFE_CLOSE(confd2);
	if (confd1 >= 0)
		SAFE_CLOSE(confd1);
	if (fd >= 0)
		SAFE_CLOSE(fd);
	if (listenfd >= 0)
		SAFE_CLOSE(listenfd);
}

static void run(void)
{
	struct sockaddr_in addr2;
	socklen_t len;
	int i, optval = AF_INET;

	for (i = 0; i < ROUNDS; i++) {
		confd1 = SAFE_SOCKET(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		SAFE_CONNECT(confd1, (struct sockaddr *)&client_addr,
			     sizeof(client_addr));
		fd = SAFE_ACCEPT(listenfd, NULL, NULL);
		TEST(setsockopt(fd, SOL_IPV6, IPV6_ADDRFORM, &optval,
				sizeof(optval)));
		if (TST_RET == -1) {
			tst_res(TFAIL | TTERRNO, "setsockopt(IPV6_ADDRFORM) failed");
			return;
		}
		if (TST_RET != 0)
			tst_brk(TBROK | TTERRNO, "setsockopt(IPV6_ADDRFORM) "
				"returned invalid value");
		SAFE_CONNECT(fd, &reset_addr, sizeof(reset_addr));
		SAFE_BIND(fd, (struct sockaddr *)&bind_addr4, sizeof(bind_addr4));
		SAFE_LISTEN(fd, 5);
		len = sizeof(addr2);
		SAFE_GETSOCKNAME(fd, (struct sockaddr *)&addr2, &len);
		addr2.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		confd2 = SAFE_SOCKET(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		SAFE_CONNECT(confd2, (struct sockaddr *)&addr2, sizeof(addr2));
		confd3 = SAFE_ACCEPT(fd, NULL, NULL);
		SAFE_CLOSE(confd3);
		SAFE_CLOSE(confd2);
		SAFE_CLOSE(confd1);
		SAFE_CLOSE(fd);
	}
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.timeout = 120,
};
