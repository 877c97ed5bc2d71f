/*
 * AF_UNIX stream sockets: socketpair both ways, a server on a path and on
 * an abstract name with a forked client, names, SO_PEERCRED, listen's
 * backlog, non-blocking accept and connect, shutdown, EPIPE and SIGPIPE,
 * EOF, poll readiness and fstat.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs_util.h"
#include "guest.h"

#define D "/tmp/unix_stream"

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static short poll_one(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	struct timespec zero = { 0, 0 };

	CHECK_EQ(SYS(SYS_ppoll, &p, 1, &zero, 0, 8) >= 0, 1);
	return p.revents;
}

static void test_socketpair(void)
{
	int sv[2];
	char buf[16];
	struct stat st;

	CHECK_EQ(SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(write(sv[0], "ping", 4), 4);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 4);
	CHECK_MEM(buf, "ping", 4);
	CHECK_EQ(send(sv[1], "pong!", 5, 0), 5);
	CHECK_EQ(recv(sv[0], buf, sizeof(buf), 0), 5);
	CHECK_MEM(buf, "pong!", 5);
	/* Stream data has no boundaries; MSG_PEEK leaves it. */
	CHECK_EQ(write(sv[0], "ab", 2), 2);
	CHECK_EQ(write(sv[0], "cd", 2), 2);
	CHECK_EQ(recv(sv[1], buf, 3, MSG_PEEK), 3);
	CHECK_MEM(buf, "abc", 3);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 4);
	CHECK_MEM(buf, "abcd", 4);
	/* Empty: EAGAIN with MSG_DONTWAIT. */
	CHECK_ERR(SYS(SYS_recvfrom, sv[1], buf, 1, MSG_DONTWAIT, 0, 0), EAGAIN);
	/* fstat says socket. */
	CHECK_EQ(fstat(sv[0], &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFSOCK);
	/* Options of a pair. */
	int v = -1;
	socklen_t len = sizeof(v);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(v, SOCK_STREAM);
	CHECK_EQ(len, sizeof(int));
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len), 0);
	CHECK_EQ(v, AF_UNIX);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_PROTOCOL, &v, &len), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &v, &len), 0);
	CHECK_EQ(v, 0);
	struct ucred cr;
	len = sizeof(cr);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len), 0);
	CHECK_EQ(len, sizeof(cr));
	CHECK_EQ(cr.pid, getpid());
	CHECK_EQ(cr.uid, geteuid());
	CHECK_EQ(cr.gid, getegid());
	/* A pair has no names. */
	struct sockaddr_un a;
	len = sizeof(a);
	CHECK_EQ(getsockname(sv[0], (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, 2);
	CHECK_EQ(a.sun_family, AF_UNIX);
	len = sizeof(a);
	CHECK_EQ(getpeername(sv[0], (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, 2);

	/* Poll: writable, then readable; shutdown and close give HUP. */
	CHECK_EQ(poll_one(sv[0], POLLIN | POLLOUT), POLLOUT);
	CHECK_EQ(write(sv[1], "x", 1), 1);
	CHECK_EQ(poll_one(sv[0], POLLIN | POLLOUT), POLLIN | POLLOUT);
	CHECK_EQ(read(sv[0], buf, 1), 1);
	CHECK_EQ(shutdown(sv[1], SHUT_WR), 0);
	CHECK_EQ(poll_one(sv[0], POLLIN | POLLRDHUP), POLLIN | POLLRDHUP);
	CHECK_EQ(read(sv[0], buf, 1), 0);
	/* Writing after SHUT_WR: EPIPE, without a signal if asked. */
	CHECK_ERR(SYS(SYS_sendto, sv[1], "x", 1, MSG_NOSIGNAL, 0, 0), EPIPE);
	CHECK_EQ(close(sv[1]), 0);
	CHECK_EQ(poll_one(sv[0], POLLIN | POLLOUT | POLLRDHUP),
		 POLLIN | POLLOUT | POLLRDHUP | POLLHUP);
	CHECK_ERR(SYS(SYS_sendto, sv[0], "x", 1, MSG_NOSIGNAL, 0, 0), EPIPE);
	CHECK_EQ(close(sv[0]), 0);
	CHECK_ERR(SYS(SYS_shutdown, 1000, SHUT_RD), EBADF);
}

static void sigpipe_child(void *arg)
{
	int sv[2];

	(void)arg;
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	write(sv[0], "x", 1);
	CHECK(0); /* not reached: SIGPIPE's default action ends us */
}

/* A server on addr: accepts one client, echoes, checks its names. */
static void server_client(struct sockaddr_un *addr, socklen_t alen)
{
	int ls, cs, c;
	char buf[32];
	struct sockaddr_un a;
	socklen_t len;
	int v;

	ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(ls >= 0);
	CHECK_EQ(fcntl(ls, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(bind(ls, (struct sockaddr *)addr, alen), 0);
	/* Again: a path exists (EADDRINUSE), an abstract socket is named. */
	CHECK_ERR(SYS(SYS_bind, ls, addr, alen),
		  addr->sun_path[0] ? EADDRINUSE : EINVAL);
	len = sizeof(a);
	CHECK_EQ(getsockname(ls, (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, alen);
	CHECK_MEM(&a, addr, alen);
	/* Nobody listens yet. */
	cs = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(SYS(SYS_connect, cs, addr, alen), ECONNREFUSED);
	CHECK_EQ(listen(ls, 5), 0);
	v = 0;
	len = sizeof(v);
	CHECK_EQ(getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &v, &len), 0);
	CHECK_EQ(v, 1);
	/* Non-blocking accept with nothing pending. */
	CHECK_EQ(fcntl(ls, F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(SYS(SYS_accept4, ls, 0, 0, SOCK_NONBLOCK), EAGAIN);
	CHECK_EQ(fcntl(ls, F_SETFL, 0), 0);
	CHECK_ERR(SYS(SYS_accept4, ls, 0, 0, 0x1234), EINVAL);
	CHECK_EQ(poll_one(ls, POLLIN | POLLOUT), 0);

	long pid = must_fork();
	if (!pid) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);

		if (connect(s, (struct sockaddr *)addr, alen) ||
		    write(s, "hello", 5) != 5 || read(s, buf, 5) != 5 ||
		    memcmp(buf, "HELLO", 5))
			_exit(1);
		_exit(0);
	}
	c = SYS(SYS_accept4, ls, &a, &(socklen_t){ sizeof(a) }, SOCK_CLOEXEC);
	CHECK(c >= 0);
	CHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
	/* The accepted socket has the listener's name; its peer has none. */
	len = sizeof(a);
	CHECK_EQ(getsockname(c, (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, alen);
	len = sizeof(a);
	CHECK_EQ(getpeername(c, (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, 2);
	struct ucred cr;
	len = sizeof(cr);
	CHECK_EQ(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len), 0);
	CHECK_EQ(cr.pid, pid);
	CHECK_EQ(recv(c, buf, 5, MSG_WAITALL), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK_EQ(write(c, "HELLO", 5), 5);
	CHECK_EXITED(must_wait(pid), 0);
	/* The client is gone: EOF. */
	CHECK_EQ(read(c, buf, sizeof(buf)), 0);
	close(c);

	/* A client sees the listener's credentials and the server's name. */
	CHECK_EQ(connect(cs, (struct sockaddr *)addr, alen), 0);
	CHECK_ERR(SYS(SYS_connect, cs, addr, alen), EISCONN);
	len = sizeof(cr);
	CHECK_EQ(getsockopt(cs, SOL_SOCKET, SO_PEERCRED, &cr, &len), 0);
	CHECK_EQ(cr.pid, getpid());
	len = sizeof(a);
	CHECK_EQ(getpeername(cs, (struct sockaddr *)&a, &len), 0);
	CHECK_EQ(len, alen);
	CHECK_MEM(&a, addr, alen);
	/* Pending connection: the listener is readable. */
	CHECK_EQ(poll_one(ls, POLLIN), POLLIN);
	c = accept(ls, NULL, NULL);
	CHECK(c >= 0);
	close(c);
	close(cs);
	close(ls);
}

static void test_backlog(void)
{
	struct sockaddr_un addr;
	socklen_t alen = abstract_addr(&addr, "akuma-backlog");
	int ls = socket(AF_UNIX, SOCK_STREAM, 0), n = 0, c[8];

	CHECK_EQ(bind(ls, (struct sockaddr *)&addr, alen), 0);
	CHECK_EQ(listen(ls, 1), 0);
	/* Linux lets backlog + 1 connections wait, then EAGAIN. */
	for (int i = 0; i < 4; i++) {
		c[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (SYS(SYS_connect, c[i], &addr, alen) == 0)
			n++;
		else
			CHECK_ERR(SYS(SYS_connect, c[i], &addr, alen), EAGAIN);
	}
	CHECK_EQ(n, 2);
	for (int i = 0; i < 4; i++)
		close(c[i]);
	close(ls);
	/* The name is free again. */
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(bind(ls, (struct sockaddr *)&addr, alen), 0);
	close(ls);
}

static void test_errors(void)
{
	struct sockaddr_un addr;
	socklen_t alen = path_addr(&addr, D "/srv");
	int s = socket(AF_UNIX, SOCK_STREAM, 0), t;
	char buf[4];

	/* Unconnected: read is EINVAL, write ENOTCONN, peer name ENOTCONN. */
	CHECK_ERR(SYS(SYS_read, s, buf, 1), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, s, "x", 1, MSG_NOSIGNAL, 0, 0), ENOTCONN);
	CHECK_ERR(SYS(SYS_getpeername, s, &addr, &(socklen_t){ sizeof(addr) }),
		  ENOTCONN);
	CHECK_ERR(SYS(SYS_listen, s, 1), EINVAL); /* not bound */
	CHECK_ERR(SYS(SYS_accept, s, 0, 0), EINVAL);
	/* Unconnected streams poll HUP and OUT. */
	CHECK_EQ(poll_one(s, POLLIN | POLLOUT), POLLOUT | POLLHUP);
	/* Missing path, not a socket, taken path. */
	CHECK_ERR(SYS(SYS_connect, s, &addr, alen), ENOENT);
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(bind(t, (struct sockaddr *)&addr, alen), 0);
	CHECK_ERR(SYS(SYS_bind, s, &addr, alen), EADDRINUSE);
	struct stat st;
	CHECK_EQ(stat(D "/srv", &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFSOCK);
	CHECK_ERR(SYS(SYS_openat, AT_FDCWD, D "/srv", O_RDONLY), ENXIO);
	/* Bound but not listening. */
	CHECK_ERR(SYS(SYS_connect, s, &addr, alen), ECONNREFUSED);
	/* A datagram socket's name is EPROTOTYPE for a stream. */
	close(t);
	/* The node stays after close; nobody behind it. */
	CHECK_ERR(SYS(SYS_connect, s, &addr, alen), ECONNREFUSED);
	alen = path_addr(&addr, "/tests/list");
	CHECK_ERR(SYS(SYS_connect, s, &addr, alen), ECONNREFUSED);
	/* Lengths and families. */
	CHECK_ERR(SYS(SYS_connect, s, &addr, 2), EINVAL);
	CHECK_ERR(SYS(SYS_connect, s, &addr, 111), EINVAL);
	CHECK_ERR(SYS(SYS_connect, s, &addr, -1), EINVAL);
	CHECK_ERR(SYS(SYS_connect, s, &addr, 129), EINVAL);
	addr.sun_family = AF_INET;
	CHECK_ERR(SYS(SYS_connect, s, &addr, alen), EINVAL);
	CHECK_ERR(SYS(SYS_bind, s, &addr, alen), EINVAL);
	CHECK_ERR(SYS(SYS_connect, s, NULL, alen), EFAULT);
	CHECK_ERR(SYS(SYS_bind, s, KERNEL_ADDR, alen), EFAULT);
	CHECK_ERR(SYS(SYS_shutdown, s, 3), EINVAL);
	CHECK_ERR(SYS(SYS_shutdown, s, -1), EINVAL);
	close(s);
}

int main(void)
{
	struct sockaddr_un addr;
	socklen_t alen;

	fs_scratch(D);
	test_socketpair();
	CHECK_SIGNALED(run_in_child(sigpipe_child, NULL), SIGPIPE);
	alen = path_addr(&addr, D "/server");
	server_client(&addr, alen);
	alen = abstract_addr(&addr, "akuma-unix-stream");
	server_client(&addr, alen);
	test_backlog();
	test_errors();
	fs_rm_rf(D);
	return check_done();
}
