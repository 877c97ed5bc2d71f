/*
 * setsockopt10: CVE-2023-0461. A TCP socket with the "tls" upper layer
 * protocol, disconnected with connect(AF_UNSPEC) and bound again, may not
 * become a listener (EINVAL), so that accepted sockets never share its
 * ULP state. Needs kTLS (TCONF when TCP_ULP "tls" is unknown).
 */
#include "sock_common.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int lst = -1, sock = -1, acc = -1;

static void cleanup(void)
{
	if (acc >= 0)
		SAFE_CLOSE(acc);
	if (sock >= 0)
		SAFE_CLOSE(sock);
	if (lst >= 0)
		SAFE_CLOSE(lst);
}

static void run(void)
{
	struct sockaddr_in addr, any;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	lst = sock_tcp_listener(&addr, 1);
	sock = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(sock, (struct sockaddr *)&addr, sizeof(addr));
	acc = SAFE_ACCEPT(lst, NULL, NULL);
	TEST(setsockopt(sock, SOL_TCP, TCP_ULP, "tls", 3));
	if (TST_RET == -1 && (TST_ERR == ENOENT || TST_ERR == ENOPROTOOPT))
		tst_brk(TCONF | TTERRNO, "kTLS (TCP_ULP \"tls\") not available");
	if (TST_RET)
		tst_brk(TBROK | TTERRNO, "setsockopt(TCP_ULP, \"tls\")");
	SAFE_CONNECT(sock, &unspec, sizeof(unspec));
	tst_init_sockaddr_inet_bin(&any, INADDR_LOOPBACK, 0);
	SAFE_BIND(sock, (struct sockaddr *)&any, sizeof(any));
	TST_EXP_FAIL(listen(sock, 1), EINVAL, "listen() on a socket with a ULP");
}

static struct tst_test test = {
	.cleanup = cleanup,
	.test_all = run,
};
