/*
 * setsockopt05: CVE-2017-1000112. In a network namespace of its own with
 * lo at MTU 1500, a UDP socket that sends with MSG_MORE, then turns on
 * SO_NO_CHECK, then sends again must not corrupt memory (UFO against
 * fragmentation, kernel commit 85f1bd9a7b5a), a thousand times. Needs
 * network namespaces (TCONF without them).
 */
#include "sock_common.h"

#include <sched.h>

#define BUFSIZE 4000

static struct sockaddr_in addr;
static int dst_sock = -1;

static void setup(void)
{
	socklen_t addrlen = sizeof(addr);
	struct ifreq ifr;

	if (unshare(CLONE_NEWNET) < 0) {
		if (errno == EINVAL || errno == ENOSYS || errno == EPERM)
			tst_brk(TCONF | TERRNO, "network namespaces not supported");
		tst_brk(TBROK | TERRNO, "unshare(CLONE_NEWNET)");
	}
	addr = sock_lo_addr(0);
	dst_sock = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_mtu = 1500;
	if (ioctl(dst_sock, SIOCSIFMTU, &ifr) < 0)
		tst_brk(TBROK | TERRNO, "SIOCSIFMTU");
	ifr.ifr_flags = IFF_UP;
	if (ioctl(dst_sock, SIOCSIFFLAGS, &ifr) < 0)
		tst_brk(TBROK | TERRNO, "SIOCSIFFLAGS");
	SAFE_BIND(dst_sock, (struct sockaddr *)&addr, addrlen);
	SAFE_GETSOCKNAME(dst_sock, (struct sockaddr *)&addr, &addrlen);
}

static void cleanup(void)
{
	if (dst_sock >= 0)
		SAFE_CLOSE(dst_sock);
}

static void run(void)
{
	char buf[BUFSIZE];
	int sock, i;

	memset(buf, 0x42, BUFSIZE);
	for (i = 0; i < 1000; i++) {
		sock = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
		SAFE_CONNECT(sock, (struct sockaddr *)&addr, sizeof(addr));
		SAFE_SEND(1, sock, buf, BUFSIZE, MSG_MORE);
		SAFE_SETSOCKOPT_INT(sock, SOL_SOCKET, SO_NO_CHECK, 1);
		send(sock, buf, 1, 0);
		SAFE_CLOSE(sock);
	}
	tst_res(TPASS, "Nothing bad happened, probably");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
	.timeout = 60,
};
