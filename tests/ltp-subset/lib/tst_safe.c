/*
 * The SAFE_*() wrappers: each makes its call and, when the call fails,
 * ends the test with TBROK, naming the caller's file and line and errno.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

#define BRK(f, l, ...) tst_brk_(f, l, TBROK | TERRNO, __VA_ARGS__)

/* The value of call, ending the test (TBROK) with the message if below 0. */
#define CHECK(call, ...)                                               \
	({                                                             \
		__typeof__(call) r_ = (call);                          \
		if (r_ < 0)                                            \
			BRK(f, l, __VA_ARGS__);                        \
		r_;                                                    \
	})

/* A transfer that had to move all len bytes. */
static ssize_t whole(const char *f, int l, const char *call, int fd,
		     ssize_t r, int strict, size_t len)
{
	if (strict && (size_t)r != len)
		tst_brk_(f, l, TBROK, "short %s(%d): %zd of %zu", call, fd, r,
			 len);
	return r;
}

/* A transfer that had to move want bytes (0: any count). */
static ssize_t wanted(const char *f, int l, const char *call, int fd,
		      ssize_t r, size_t want)
{
	if (want && (size_t)r != want)
		tst_brk_(f, l, TBROK, "%s(%d) returned %zd, wanted %zu", call,
			 fd, r, want);
	return r;
}

int safe_socket(const char *f, int l, int domain, int type, int proto)
{
	int fd = socket(domain, type, proto);

	if (fd < 0) {
		/* A family or type the kernel lacks is a missing feature. */
		if (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT ||
		    errno == ESOCKTNOSUPPORT)
			tst_brk_(f, l, TCONF | TERRNO,
				 "socket(%d, %d, %d) not supported", domain,
				 type, proto);
		BRK(f, l, "socket(%d, %d, %d) failed", domain, type, proto);
	}
	return fd;
}

int safe_socketpair(const char *f, int l, int domain, int type, int proto,
		    int sv[2])
{
	return CHECK(socketpair(domain, type, proto, sv),
		     "socketpair(%d, %d, %d) failed", domain, type, proto);
}

int safe_bind(const char *f, int l, int fd, const struct sockaddr *addr,
	      socklen_t len)
{
	return CHECK(bind(fd, addr, len), "bind(%d) failed", fd);
}

int safe_listen(const char *f, int l, int fd, int backlog)
{
	return CHECK(listen(fd, backlog), "listen(%d, %d) failed", fd, backlog);
}

int safe_connect(const char *f, int l, int fd, const struct sockaddr *addr,
		 socklen_t len)
{
	return CHECK(connect(fd, addr, len), "connect(%d) failed", fd);
}

int safe_accept(const char *f, int l, int fd, struct sockaddr *addr,
		socklen_t *len)
{
	return CHECK(accept(fd, addr, len), "accept(%d) failed", fd);
}

int safe_getsockname(const char *f, int l, int fd, struct sockaddr *addr,
		     socklen_t *len)
{
	return CHECK(getsockname(fd, addr, len), "getsockname(%d) failed", fd);
}

int safe_setsockopt(const char *f, int l, int fd, int level, int name,
		    const void *val, socklen_t len)
{
	return CHECK(setsockopt(fd, level, name, val, len),
		     "setsockopt(%d, %d, %d) failed", fd, level, name);
}

int safe_getsockopt(const char *f, int l, int fd, int level, int name,
		    void *val, socklen_t *len)
{
	return CHECK(getsockopt(fd, level, name, val, len),
		     "getsockopt(%d, %d, %d) failed", fd, level, name);
}

ssize_t safe_send(const char *f, int l, int strict, int fd, const void *buf,
		  size_t len, int flags)
{
	ssize_t r = CHECK(send(fd, buf, len, flags),
			  "send(%d, %zu) failed", fd, len);

	return whole(f, l, "send", fd, r, strict, len);
}

ssize_t safe_sendto(const char *f, int l, int strict, int fd,
		    const void *buf, size_t len, int flags,
		    const struct sockaddr *addr, socklen_t alen)
{
	ssize_t r = CHECK(sendto(fd, buf, len, flags, addr, alen),
			  "sendto(%d, %zu) failed", fd, len);

	return whole(f, l, "sendto", fd, r, strict, len);
}

ssize_t safe_recv(const char *f, int l, size_t want, int fd, void *buf,
		  size_t len, int flags)
{
	ssize_t r = CHECK(recv(fd, buf, len, flags),
			  "recv(%d, %zu) failed", fd, len);

	return wanted(f, l, "recv", fd, r, want);
}

ssize_t safe_sendmsg(const char *f, int l, size_t want, int fd,
		     const struct msghdr *msg, int flags)
{
	ssize_t r = CHECK(sendmsg(fd, msg, flags), "sendmsg(%d) failed", fd);

	return wanted(f, l, "sendmsg", fd, r, want);
}

ssize_t safe_recvmsg(const char *f, int l, size_t want, int fd,
		     struct msghdr *msg, int flags)
{
	ssize_t r = CHECK(recvmsg(fd, msg, flags), "recvmsg(%d) failed", fd);

	return wanted(f, l, "recvmsg", fd, r, want);
}

int safe_close(const char *f, int l, int fd)
{
	return CHECK(close(fd), "close(%d) failed", fd);
}

int safe_open(const char *f, int l, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	fd = open(path, flags, mode);
	if (fd < 0)
		BRK(f, l, "open(%s, 0x%x, 0%o) failed", path, flags, mode);
	return fd;
}

int safe_pipe(const char *f, int l, int fds[2])
{
	return CHECK(pipe(fds), "pipe() failed");
}

int safe_pipe2(const char *f, int l, int fds[2], int flags)
{
	return CHECK(pipe2(fds, flags), "pipe2(0x%x) failed", flags);
}

ssize_t safe_read(const char *f, int l, int strict, int fd, void *buf,
		  size_t len)
{
	ssize_t r = CHECK(read(fd, buf, len), "read(%d, %zu) failed", fd, len);

	return whole(f, l, "read", fd, r, strict, len);
}

ssize_t safe_write(const char *f, int l, int strict, int fd, const void *buf,
		   size_t len)
{
	ssize_t r = CHECK(write(fd, buf, len),
			  "write(%d, %zu) failed", fd, len);

	return whole(f, l, "write", fd, r, strict, len);
}

pid_t safe_fork(const char *f, int l)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		BRK(f, l, "fork() failed");
	return pid;
}

pid_t safe_waitpid(const char *f, int l, pid_t pid, int *status, int opts)
{
	return CHECK(waitpid(pid, status, opts), "waitpid(%d) failed", pid);
}

int safe_kill(const char *f, int l, pid_t pid, int sig)
{
	return CHECK(kill(pid, sig), "kill(%d, %d) failed", pid, sig);
}

void (*safe_signal(const char *f, int l, int sig, void (*h)(int)))(int)
{
	void (*old)(int) = signal(sig, h);

	if (old == SIG_ERR)
		BRK(f, l, "signal(%d) failed", sig);
	return old;
}

int safe_sigaction(const char *f, int l, int sig, const struct sigaction *act,
		   struct sigaction *old)
{
	return CHECK(sigaction(sig, act, old), "sigaction(%d) failed", sig);
}

void *safe_malloc(const char *f, int l, size_t size)
{
	void *p = malloc(size);

	if (!p)
		BRK(f, l, "malloc(%zu) failed", size);
	return p;
}

void *safe_mmap(const char *f, int l, void *addr, size_t len, int prot,
		int flags, int fd, off_t off)
{
	void *p = mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		BRK(f, l, "mmap(%p, %zu, %d, 0x%x, %d) failed", addr, len,
		    prot, flags, fd);
	return p;
}

int safe_munmap(const char *f, int l, void *addr, size_t len)
{
	return CHECK(munmap(addr, len), "munmap(%p, %zu) failed", addr, len);
}

int safe_epoll_create1(const char *f, int l, int flags)
{
	int fd = epoll_create1(flags);

	if (fd < 0) {
		if (errno == ENOSYS)
			tst_brk_(f, l, TCONF | TERRNO,
				 "epoll_create1() not supported");
		BRK(f, l, "epoll_create1(0x%x) failed", flags);
	}
	return fd;
}

int safe_epoll_ctl(const char *f, int l, int epfd, int op, int fd,
		   struct epoll_event *ev)
{
	return CHECK(epoll_ctl(epfd, op, fd, ev),
		     "epoll_ctl(%d, %d, %d) failed", epfd, op, fd);
}

int safe_eventfd(const char *f, int l, unsigned int initval, int flags)
{
	int fd = eventfd(initval, flags);

	if (fd < 0) {
		if (errno == ENOSYS)
			tst_brk_(f, l, TCONF | TERRNO,
				 "eventfd() not supported");
		BRK(f, l, "eventfd(%u, 0x%x) failed", initval, flags);
	}
	return fd;
}

int safe_dup2(const char *f, int l, int oldfd, int newfd)
{
	return CHECK(dup2(oldfd, newfd), "dup2(%d, %d) failed", oldfd, newfd);
}

int safe_setuid(const char *f, int l, uid_t uid)
{
	return CHECK(setuid(uid), "setuid(%u) failed", (unsigned int)uid);
}

int safe_unlink(const char *f, int l, const char *path)
{
	return CHECK(unlink(path), "unlink(%s) failed", path);
}

int safe_mkdir(const char *f, int l, const char *path, mode_t mode)
{
	return CHECK(mkdir(path, mode),
		     "mkdir(%s, 0%o) failed", path, (unsigned int)mode);
}
