/*
 * AF_UNIX sockets and waiting: a reader blocked in read, accept and poll
 * woken by another process, epoll readiness, a megabyte through a stream
 * pair between processes (senders block on SO_SNDBUF), and a close that
 * wakes a blocked reader with EOF.
 */
#include <poll.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "guest.h"

#define BIG (1024 * 1024)

static void test_bulk(void)
{
	int sv[2];
	static unsigned char buf[65536];
	long pid, got = 0, sum = 0, want = 0;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = must_fork();
	if (!pid) {
		close(sv[1]);
		for (long off = 0; off < BIG;) {
			unsigned char chunk[5000];
			long n = BIG - off < 5000 ? BIG - off : 5000;

			for (long i = 0; i < n; i++)
				chunk[i] = (unsigned char)((off + i) * 7);
			if (write(sv[0], chunk, n) != n)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(sv[0]);
	for (long i = 0; i < BIG; i++)
		want += (unsigned char)(i * 7);
	for (;;) {
		long n = read(sv[1], buf, sizeof(buf));

		if (n <= 0) {
			CHECK_EQ(n, 0);
			break;
		}
		for (long i = 0; i < n; i++)
			sum += buf[i];
		got += n;
	}
	CHECK_EQ(got, BIG);
	CHECK_EQ(sum, want);
	CHECK_EXITED(must_wait(pid), 0);
	close(sv[1]);
}

static void test_wakeups(void)
{
	int sv[2], ep, ls, c;
	char b;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP }, out[2];
	struct sockaddr_un a;
	socklen_t alen;
	long pid;

	/* A blocked read is woken by a write from another process. */
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ep = epoll_create1(0);
	ev.data.fd = sv[0];
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev), 0);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
	pid = must_fork();
	if (!pid) {
		sleep_ms(50);
		write(sv[1], "w", 1);
		sleep_ms(50);
		_exit(0);
	}
	CHECK_EQ(epoll_wait(ep, out, 2, 5000), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(read(sv[0], &b, 1), 1);
	CHECK_EXITED(must_wait(pid), 0);
	/* The other end closes: a blocked read returns 0, epoll says HUP. */
	pid = must_fork();
	if (!pid) {
		sleep_ms(50);
		_exit(0);
	}
	close(sv[1]);
	CHECK_EQ(epoll_wait(ep, out, 2, 5000), 1);
	CHECK_EQ(out[0].events, EPOLLIN | EPOLLRDHUP | EPOLLHUP);
	CHECK_EQ(read(sv[0], &b, 1), 0);
	CHECK_EXITED(must_wait(pid), 0);
	close(sv[0]);
	close(ep);

	/* A blocked accept and a blocked poll on a listener. */
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path + 1, "akuma-poll", 10);
	alen = offsetof(struct sockaddr_un, sun_path) + 11;
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(bind(ls, (struct sockaddr *)&a, alen), 0);
	CHECK_EQ(listen(ls, 4), 0);
	pid = must_fork();
	if (!pid) {
		for (int i = 0; i < 2; i++) {
			int s = socket(AF_UNIX, SOCK_STREAM, 0);

			sleep_ms(50);
			if (connect(s, (struct sockaddr *)&a, alen))
				_exit(1);
			close(s);
		}
		_exit(0);
	}
	c = accept(ls, NULL, NULL);
	CHECK(c >= 0);
	close(c);
	struct pollfd p = { ls, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	CHECK_EQ(p.revents, POLLIN);
	c = accept(ls, NULL, NULL);
	CHECK(c >= 0);
	/* Its client is gone already: EOF, and POLLHUP. */
	CHECK_EQ(read(c, &b, 1), 0);
	close(c);
	CHECK_EXITED(must_wait(pid), 0);
	close(ls);
}

int main(void)
{
	test_bulk();
	test_wakeups();
	return check_done();
}
