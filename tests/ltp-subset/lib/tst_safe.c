/*
 * The SAFE_*() wrappers: each makes its call and, when the call fails,
 * ends the test with TBROK, naming the caller's file and line and errno.
 */
#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

#define BRK(f, l, ...) tst_brk_(f, l, TBROK | TERRNO, __VA_ARGS__)

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
	int r = socketpair(domain, type, proto, sv);

	if (r < 0)
		BRK(f, l, "socketpair(%d, %d, %d) failed", domain, type, proto);
	return r;
}

int safe_bind(const char *f, int l, int fd, const struct sockaddr *addr,
	      socklen_t len)
{
	int r = bind(fd, addr, len);

	if (r < 0)
		BRK(f, l, "bind(%d) failed", fd);
	return r;
}

int safe_listen(const char *f, int l, int fd, int backlog)
{
	int r = listen(fd, backlog);

	if (r < 0)
		BRK(f, l, "listen(%d, %d) failed", fd, backlog);
	return r;
}

int safe_connect(const char *f, int l, int fd, const struct sockaddr *addr,
		 socklen_t len)
{
	int r = connect(fd, addr, len);

	if (r < 0)
		BRK(f, l, "connect(%d) failed", fd);
	return r;
}

int safe_accept(const char *f, int l, int fd, struct sockaddr *addr,
		socklen_t *len)
{
	int r = accept(fd, addr, len);

	if (r < 0)
		BRK(f, l, "accept(%d) failed", fd);
	return r;
}

int safe_getsockname(const char *f, int l, int fd, struct sockaddr *addr,
		     socklen_t *len)
{
	int r = getsockname(fd, addr, len);

	if (r < 0)
		BRK(f, l, "getsockname(%d) failed", fd);
	return r;
}

int safe_setsockopt(const char *f, int l, int fd, int level, int name,
		    const void *val, socklen_t len)
{
	int r = setsockopt(fd, level, name, val, len);

	if (r < 0)
		BRK(f, l, "setsockopt(%d, %d, %d) failed", fd, level, name);
	return r;
}

int safe_getsockopt(const char *f, int l, int fd, int level, int name,
		    void *val, socklen_t *len)
{
	int r = getsockopt(fd, level, name, val, len);

	if (r < 0)
		BRK(f, l, "getsockopt(%d, %d, %d) failed", fd, level, name);
	return r;
}

ssize_t safe_send(const char *f, int l, int strict, int fd, const void *buf,
		  size_t len, int flags)
{
	ssize_t r = send(fd, buf, len, flags);

	if (r < 0)
		BRK(f, l, "send(%d, %zu) failed", fd, len);
	if (strict && (size_t)r != len)
		tst_brk_(f, l, TBROK, "short send(%d): %zd of %zu", fd, r, len);
	return r;
}

ssize_t safe_sendto(const char *f, int l, int strict, int fd,
		    const void *buf, size_t len, int flags,
		    const struct sockaddr *addr, socklen_t alen)
{
	ssize_t r = sendto(fd, buf, len, flags, addr, alen);

	if (r < 0)
		BRK(f, l, "sendto(%d, %zu) failed", fd, len);
	if (strict && (size_t)r != len)
		tst_brk_(f, l, TBROK, "short sendto(%d): %zd of %zu", fd, r,
			 len);
	return r;
}

ssize_t safe_recv(const char *f, int l, size_t want, int fd, void *buf,
		  size_t len, int flags)
{
	ssize_t r = recv(fd, buf, len, flags);

	if (r < 0)
		BRK(f, l, "recv(%d, %zu) failed", fd, len);
	if (want && (size_t)r != want)
		tst_brk_(f, l, TBROK, "recv(%d) returned %zd, wanted %zu", fd,
			 r, want);
	return r;
}

ssize_t safe_sendmsg(const char *f, int l, size_t want, int fd,
		     const struct msghdr *msg, int flags)
{
	ssize_t r = sendmsg(fd, msg, flags);

	if (r < 0)
		BRK(f, l, "sendmsg(%d) failed", fd);
	if (want && (size_t)r != want)
		tst_brk_(f, l, TBROK, "sendmsg(%d) returned %zd, wanted %zu",
			 fd, r, want);
	return r;
}

ssize_t safe_recvmsg(const char *f, int l, size_t want, int fd,
		     struct msghdr *msg, int flags)
{
	ssize_t r = recvmsg(fd, msg, flags);

	if (r < 0)
		BRK(f, l, "recvmsg(%d) failed", fd);
	if (want && (size_t)r != want)
		tst_brk_(f, l, TBROK, "recvmsg(%d) returned %zd, wanted %zu",
			 fd, r, want);
	return r;
}

int safe_close(const char *f, int l, int fd)
{
	int r = close(fd);

	if (r < 0)
		BRK(f, l, "close(%d) failed", fd);
	return r;
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
	int r = pipe(fds);

	if (r < 0)
		BRK(f, l, "pipe() failed");
	return r;
}

int safe_pipe2(const char *f, int l, int fds[2], int flags)
{
	int r = pipe2(fds, flags);

	if (r < 0)
		BRK(f, l, "pipe2(0x%x) failed", flags);
	return r;
}

ssize_t safe_read(const char *f, int l, int strict, int fd, void *buf,
		  size_t len)
{
	ssize_t r = read(fd, buf, len);

	if (r < 0)
		BRK(f, l, "read(%d, %zu) failed", fd, len);
	if (strict && (size_t)r != len)
		tst_brk_(f, l, TBROK, "short read(%d): %zd of %zu", fd, r, len);
	return r;
}

ssize_t safe_write(const char *f, int l, int strict, int fd, const void *buf,
		   size_t len)
{
	ssize_t r = write(fd, buf, len);

	if (r < 0)
		BRK(f, l, "write(%d, %zu) failed", fd, len);
	if (strict && (size_t)r != len)
		tst_brk_(f, l, TBROK, "short write(%d): %zd of %zu", fd, r,
			 len);
	return r;
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
	pid_t r = waitpid(pid, status, opts);

	if (r < 0)
		BRK(f, l, "waitpid(%d) failed", pid);
	return r;
}

int safe_kill(const char *f, int l, pid_t pid, int sig)
{
	int r = kill(pid, sig);

	if (r < 0)
		BRK(f, l, "kill(%d, %d) failed", pid, sig);
	return r;
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
	int r = sigaction(sig, act, old);

	if (r < 0)
		BRK(f, l, "sigaction(%d) failed", sig);
	return r;
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
	int r = munmap(addr, len);

	if (r < 0)
		BRK(f, l, "munmap(%p, %zu) failed", addr, len);
	return r;
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
	int r = epoll_ctl(epfd, op, fd, ev);

	if (r < 0)
		BRK(f, l, "epoll_ctl(%d, %d, %d) failed", epfd, op, fd);
	return r;
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
	int r = dup2(oldfd, newfd);

	if (r < 0)
		BRK(f, l, "dup2(%d, %d) failed", oldfd, newfd);
	return r;
}

int safe_setuid(const char *f, int l, uid_t uid)
{
	int r = setuid(uid);

	if (r < 0)
		BRK(f, l, "setuid(%u) failed", (unsigned int)uid);
	return r;
}

int safe_unlink(const char *f, int l, const char *path)
{
	int r = unlink(path);

	if (r < 0)
		BRK(f, l, "unlink(%s) failed", path);
	return r;
}

int safe_mkdir(const char *f, int l, const char *path, mode_t mode)
{
	int r = mkdir(path, mode);

	if (r < 0)
		BRK(f, l, "mkdir(%s, 0%o) failed", path, (unsigned int)mode);
	return r;
}
