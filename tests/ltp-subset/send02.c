/*
 * send02: MSG_MORE with send(), sendto() and sendmsg(). A full send is
 * received at once; after a send with MSG_MORE nothing is readable; the
 * next plain send delivers both pieces as one (TCP stream with Nagle off,
 * UDP datagram). A thousand rounds per case.
 */
#include "sock_common.h"

#define SENDSIZE 16
#define RECVSIZE 32
#define ROUNDS 1000

static int sock = -1, dst_sock = -1, listen_sock = -1;
static struct sockaddr_in addr;
static char sendbuf[SENDSIZE];

static void do_send(int fd, void *buf, size_t size, int flags)
{
	SAFE_SEND(1, fd, buf, size, flags);
}

static void do_sendto(int fd, void *buf, size_t size, int flags)
{
	SAFE_SENDTO(1, fd, buf, size, flags, (struct sockaddr *)&addr,
		    sizeof(addr));
}

static void do_sendmsg(int fd, void *buf, size_t size, int flags)
{
	struct iovec iov = { buf, size };
	struct msghdr msg = {
		.msg_name = &addr,
		.msg_namelen = sizeof(addr),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};

	SAFE_SENDMSG(size, fd, &msg, flags);
}

static struct tcase {
	int type;
	void (*send)(int fd, void *buf, size_t size, int flags);
	int needs_connect, needs_accept;
	const char *name;
} tcases[] = {
	{ SOCK_STREAM, do_send, 1, 1, "TCP send" },
	{ SOCK_DGRAM, do_send, 1, 0, "UDP send" },
	{ SOCK_DGRAM, do_sendto, 0, 0, "UDP sendto" },
	{ SOCK_DGRAM, do_sendmsg, 0, 0, "UDP sendmsg" },
};

static void setup(void)
{
	memset(sendbuf, 0x42, SENDSIZE);
}

/* Reads what is there without waiting: expsize bytes, or none if 0. */
static int check_recv(int fd, long expsize, int loop)
{
	char recvbuf[RECVSIZE] = { 0 };

	for (;;) {
		TEST(recv(fd, recvbuf, RECVSIZE, MSG_DONTWAIT));
		if (TST_RET == -1) {
			if (TST_ERR == EAGAIN || TST_ERR == EWOULDBLOCK) {
				if (expsize)
					continue;
				return 1;
			}
			tst_res(TFAIL | TTERRNO, "recv() error at step %d, "
				"expsize %ld", loop, expsize);
			return 0;
		}
		if (TST_RET != expsize) {
			tst_res(TFAIL, "recv() read %ld bytes, expected %ld, "
				"step %d", TST_RET, expsize, loop);
			return 0;
		}
		return 1;
	}
}

static void cleanup(void)
{
	if (sock >= 0)
		SAFE_CLOSE(sock);
	if (dst_sock >= 0 && dst_sock != listen_sock)
		SAFE_CLOSE(dst_sock);
	if (listen_sock >= 0)
		SAFE_CLOSE(listen_sock);
	dst_sock = -1;
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	socklen_t len = sizeof(addr);
	int i, ret = 1;

	tst_res(TINFO, "Testing %s", tc->name);
	addr = sock_lo_addr(0);
	listen_sock = SAFE_SOCKET(AF_INET, tc->type, 0);
	dst_sock = listen_sock;
	SAFE_BIND(listen_sock, (struct sockaddr *)&addr, sizeof(addr));
	SAFE_GETSOCKNAME(listen_sock, (struct sockaddr *)&addr, &len);
	if (tc->needs_accept)
		SAFE_LISTEN(listen_sock, 1);

	for (i = 0; i < ROUNDS; i++) {
		sock = SAFE_SOCKET(AF_INET, tc->type, 0);
		/*
		 * Nagle off, so that only MSG_MORE holds data back: with it
		 * on, an ACK arriving between the sends may push the corked
		 * piece alone and hold the last byte behind it.
		 */
		if (tc->type == SOCK_STREAM)
			SAFE_SETSOCKOPT_INT(sock, IPPROTO_TCP, TCP_NODELAY, 1);
		if (tc->needs_connect)
			SAFE_CONNECT(sock, (struct sockaddr *)&addr, len);
		if (tc->needs_accept)
			dst_sock = SAFE_ACCEPT(listen_sock, NULL, NULL);
		tc->send(sock, sendbuf, SENDSIZE, 0);
		ret = check_recv(dst_sock, SENDSIZE, i + 1);
		if (!ret)
			break;
		tc->send(sock, sendbuf, SENDSIZE, MSG_MORE);
		ret = check_recv(dst_sock, 0, i + 1);
		if (!ret)
			break;
		tc->send(sock, sendbuf, 1, 0);
		ret = check_recv(dst_sock, SENDSIZE + 1, i + 1);
		if (!ret)
			break;
		SAFE_CLOSE(sock);
		if (dst_sock != listen_sock)
			SAFE_CLOSE(dst_sock);
	}
	if (ret)
		tst_res(TPASS, "MSG_MORE works correctly");
	cleanup();
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.timeout = 120,
};
