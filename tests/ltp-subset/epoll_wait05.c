/*
 * epoll_wait05: epoll reports EPOLLRDHUP for a TCP socket over 127.0.0.1
 * whose reading half is shut down (shutdown(SHUT_RD)).
 */
#include "tst_test.h"

static int sync_fds[2] = { -1, -1 }, done_fds[2] = { -1, -1 };

static void server(void)
{
	struct sockaddr_in addr, sin;
	socklen_t len = sizeof(sin);
	uint16_t port;
	int fd;
	char c;

	tst_init_sockaddr_inet_bin(&addr, INADDR_ANY, 0);
	fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_BIND(fd, (struct sockaddr *)&addr, sizeof(addr));
	SAFE_LISTEN(fd, 10);
	memset(&sin, 0, sizeof(sin));
	SAFE_GETSOCKNAME(fd, (struct sockaddr *)&sin, &len);
	port = ntohs(sin.sin_port);
	SAFE_WRITE(1, sync_fds[1], &port, sizeof(port));
	SAFE_READ(0, done_fds[0], &c, 1);
	SAFE_CLOSE(fd);
	_exit(0);
}

static void run(void)
{
	struct sockaddr_in addr;
	struct epoll_event req = { .events = EPOLLRDHUP }, got;
	uint16_t port;
	int epfd, fd;

	SAFE_PIPE(sync_fds);
	SAFE_PIPE(done_fds);
	if (!SAFE_FORK())
		server();
	SAFE_READ(1, sync_fds[0], &port, sizeof(port));
	tst_res(TINFO, "Connecting to port %d", port);
	fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	tst_init_sockaddr_inet(&addr, "127.0.0.1", port);
	SAFE_CONNECT(fd, (struct sockaddr *)&addr, sizeof(addr));
	epfd = SAFE_EPOLL_CREATE1(0);
	SAFE_EPOLL_CTL(epfd, EPOLL_CTL_ADD, fd, &req);
	TST_EXP_PASS_SILENT(shutdown(fd, SHUT_RD));
	TEST(epoll_wait(epfd, &got, 1, 2000));
	if (TST_RET != 1)
		tst_res(TFAIL | TTERRNO, "epoll_wait() returned %ld, wanted 1",
			TST_RET);
	else if (got.events & EPOLLRDHUP)
		tst_res(TPASS, "Received EPOLLRDHUP (events 0x%x)", got.events);
	else
		tst_res(TFAIL, "EPOLLRDHUP not received (events 0x%x)",
			got.events);
	SAFE_CLOSE(epfd);
	SAFE_CLOSE(fd);
	SAFE_WRITE(1, done_fds[1], "x", 1);
	SAFE_WAITPID(-1, NULL, 0);
	SAFE_CLOSE(sync_fds[0]);
	SAFE_CLOSE(sync_fds[1]);
	SAFE_CLOSE(done_fds[0]);
	SAFE_CLOSE(done_fds[1]);
}

static struct tst_test test = {
	.test_all = run,
	.forks_child = 1,
};
