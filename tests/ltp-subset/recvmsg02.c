/*
 * recvmsg02: UDP over IPv6 loopback, MSG_PEEK into a buffer shorter than
 * the datagram (kernel commit 197c949e7798): the peek fills the buffer
 * and returns its size without hanging; the read that follows gets the
 * same bytes and MSG_TRUNC. Needs IPv6 (TCONF without it).
 */
#include "sock_common.h"

static const char msg[] = "Michael Gilfix was here\341\210\264\r\n";
static const unsigned int msglen = sizeof(msg) - 1;
static unsigned char buff[25];
static int sdr = -1, sdw = -1;

static void run(void)
{
	struct sockaddr_in6 addr_init = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(0),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_in6 addr_r, addr_w, addr_f;
	socklen_t addrlen_r = sizeof(addr_r), addrlen_w = sizeof(addr_w);
	struct iovec iov = { buff, sizeof(buff) };
	struct msghdr msghdr = {
		.msg_name = &addr_f, .msg_namelen = sizeof(addr_f),
		.msg_iov = &iov, .msg_iovlen = 1,
	};

	sdr = SAFE_SOCKET(PF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_IP);
	SAFE_BIND(sdr, (struct sockaddr *)&addr_init, sizeof(addr_init));
	SAFE_GETSOCKNAME(sdr, (struct sockaddr *)&addr_r, &addrlen_r);
	sdw = SAFE_SOCKET(PF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_IP);
	SAFE_BIND(sdw, (struct sockaddr *)&addr_init, sizeof(addr_init));
	SAFE_GETSOCKNAME(sdw, (struct sockaddr *)&addr_w, &addrlen_w);
	SAFE_SENDTO(1, sdw, msg, msglen, 0, (struct sockaddr *)&addr_r,
		    addrlen_r);

	TEST(recvmsg(sdr, &msghdr, MSG_PEEK));
	if (TST_RET < 0) {
		tst_res(TFAIL | TTERRNO, "recvmsg(..., MSG_PEEK)");
		return;
	}
	tst_res(TINFO, "received %ld bytes", TST_RET);
	if (TST_RET == (long)sizeof(buff) && !memcmp(msg, buff, TST_RET))
		tst_res(TPASS, "recvmsg(..., MSG_PEEK) works fine");
	else
		tst_res(TFAIL, "recvmsg(..., MSG_PEEK) returned %ld", TST_RET);
	TST_EXP_EXPR(addr_f.sin6_port == addr_w.sin6_port,
		     "the sender's port %d", ntohs(addr_w.sin6_port));

	memset(buff, 0, sizeof(buff));
	msghdr.msg_flags = 0;
	TST_EXP_VAL(recvmsg(sdr, &msghdr, 0), sizeof(buff),
		    "the read after the peek");
	TST_EXP_EXPR(!memcmp(msg, buff, sizeof(buff)) &&
		     (msghdr.msg_flags & MSG_TRUNC),
		     "same bytes, MSG_TRUNC (flags 0x%x)", msghdr.msg_flags);
	SAFE_CLOSE(sdw);
	SAFE_CLOSE(sdr);
}

static void cleanup(void)
{
	if (sdw >= 0)
		SAFE_CLOSE(sdw);
	if (sdr >= 0)
		SAFE_CLOSE(sdr);
}

static struct tst_test test = {
	.cleanup = cleanup,
	.test_all = run,
};
