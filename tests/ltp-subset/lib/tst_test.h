/*
 * The test library of tests/ltp-subset: LTP's shape and vocabulary
 * (tst_test, tst_res, tst_brk, TEST, TST_EXP_*, SAFE_*), written here.
 * docs/ltp-subset.md describes the API and the suite.
 *
 * A test file defines "static struct tst_test test = { ... };" and no
 * main(): this header supplies main() (unless TST_NO_DEFAULT_MAIN), which
 * calls tst_run_tcases(). The library forks the test process (setup, every
 * test(n) or test_all, cleanup) with a timeout; results from every process
 * of the test are counted in a shared page, and the exit status is the OR
 * of the result types seen (0 when everything passed, 32 when the only
 * non-pass results were TCONF).
 */
#ifndef TST_TEST_H
#define TST_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

/* Result types, with LTP's values (also the exit status bits). */
#define TPASS	0
#define TFAIL	1
#define TBROK	2
#define TWARN	4
#define TINFO	16
#define TCONF	32
/* Flags or-ed into the type: append errno's name and text, or TST_ERR's. */
#define TERRNO	0x100
#define TTERRNO	0x200
#define TTYPE_MASK 0x3f

struct tst_test {
	unsigned int tcnt;		/* test(n) runs for n < tcnt */
	void (*setup)(void);
	void (*cleanup)(void);
	void (*test)(unsigned int n);
	void (*test_all)(void);
	int timeout;			/* seconds for the whole run; 0: 30 */
	int needs_root;
	int forks_child;
	const char *min_kver;		/* "4.5" etc.: older kernels TCONF */
};

void tst_res_(const char *file, int line, int ttype, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void tst_brk_(const char *file, int line, int ttype, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

#define tst_res(ttype, ...) tst_res_(__FILE__, __LINE__, (ttype), __VA_ARGS__)
#define tst_brk(ttype, ...) tst_brk_(__FILE__, __LINE__, (ttype), __VA_ARGS__)

void tst_run_tcases(int argc, char *argv[], struct tst_test *test)
	__attribute__((noreturn));

/* errno's symbolic name ("EINVAL"), or "???" */
const char *tst_strerrno(int err);

/* ------------------------------------------------------------ TEST() */

extern long TST_RET;
extern int TST_ERR;
extern int TST_PASS;

#define TEST(SCALL) \
	do { \
		errno = 0; \
		TST_RET = (long)(SCALL); \
		TST_ERR = errno; \
	} while (0)

/*
 * The assertions. The optional trailing arguments are a printf format (a
 * string literal) and its values, printed after the call's text; "" glues
 * an absent format into an empty one.
 */
void tst_exp_pass_(const char *file, int line, const char *scall, int silent,
		   const char *fmt, ...);
void tst_exp_fd_(const char *file, int line, const char *scall, int kind,
		 const char *fmt, ...);
void tst_exp_val_(const char *file, int line, const char *scall, long val,
		  const char *fmt, ...);
void tst_exp_fail_(const char *file, int line, const char *scall, int err,
		   const char *fmt, ...);
void tst_exp_expr_(const char *file, int line, const char *expr, int ok,
		   const char *fmt, ...);
void tst_exp_eq_li_(const char *file, int line, const char *a, long long va,
		    const char *b, long long vb);
void tst_exp_eq_lu_(const char *file, int line, const char *a,
		    unsigned long long va, const char *b,
		    unsigned long long vb);

#define TST_EXP_KIND_FD		0
#define TST_EXP_KIND_POSITIVE	1

/* SCALL returns 0. */
#define TST_EXP_PASS(SCALL, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_pass_(__FILE__, __LINE__, #SCALL, 0, "" __VA_ARGS__); \
	} while (0)
/* As TST_EXP_PASS, but only a failure is reported. */
#define TST_EXP_PASS_SILENT(SCALL, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_pass_(__FILE__, __LINE__, #SCALL, 1, "" __VA_ARGS__); \
	} while (0)
/* SCALL returns a file descriptor (>= 0). */
#define TST_EXP_FD(SCALL, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_fd_(__FILE__, __LINE__, #SCALL, TST_EXP_KIND_FD, \
			    "" __VA_ARGS__); \
	} while (0)
/* SCALL returns a count (>= 0). */
#define TST_EXP_POSITIVE(SCALL, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_fd_(__FILE__, __LINE__, #SCALL, \
			    TST_EXP_KIND_POSITIVE, "" __VA_ARGS__); \
	} while (0)
/* SCALL returns exactly VAL. */
#define TST_EXP_VAL(SCALL, VAL, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_val_(__FILE__, __LINE__, #SCALL, (long)(VAL), \
			     "" __VA_ARGS__); \
	} while (0)
/* SCALL returns -1 with errno ERRNO (a call returning 0 on success). */
#define TST_EXP_FAIL(SCALL, ERRNO, ...) \
	do { \
		TEST(SCALL); \
		tst_exp_fail_(__FILE__, __LINE__, #SCALL, (ERRNO), \
			      "" __VA_ARGS__); \
	} while (0)
/* The same for calls that return an fd or a count on success. */
#define TST_EXP_FAIL2(SCALL, ERRNO, ...) TST_EXP_FAIL(SCALL, ERRNO, ##__VA_ARGS__)

#define TST_EXP_EQ_LI(A, B) \
	tst_exp_eq_li_(__FILE__, __LINE__, #A, (long long)(A), #B, \
		       (long long)(B))
#define TST_EXP_EQ_LU(A, B) \
	tst_exp_eq_lu_(__FILE__, __LINE__, #A, (unsigned long long)(A), #B, \
		       (unsigned long long)(B))
/* TPASS when EXPR holds; the message is the format, else EXPR's text. */
#define TST_EXP_EXPR(EXPR, ...) \
	tst_exp_expr_(__FILE__, __LINE__, #EXPR, !!(EXPR), "" __VA_ARGS__)

/* ------------------------------------------------------------ SAFE_*() */

#define SF_ __FILE__, __LINE__

int safe_socket(const char *f, int l, int domain, int type, int proto);
int safe_socketpair(const char *f, int l, int domain, int type, int proto,
		    int sv[2]);
int safe_bind(const char *f, int l, int fd, const struct sockaddr *addr,
	      socklen_t len);
int safe_listen(const char *f, int l, int fd, int backlog);
int safe_connect(const char *f, int l, int fd, const struct sockaddr *addr,
		 socklen_t len);
int safe_accept(const char *f, int l, int fd, struct sockaddr *addr,
		socklen_t *len);
int safe_getsockname(const char *f, int l, int fd, struct sockaddr *addr,
		     socklen_t *len);
int safe_setsockopt(const char *f, int l, int fd, int level, int name,
		    const void *val, socklen_t len);
int safe_getsockopt(const char *f, int l, int fd, int level, int name,
		    void *val, socklen_t *len);
ssize_t safe_send(const char *f, int l, int strict, int fd, const void *buf,
		  size_t len, int flags);
ssize_t safe_sendto(const char *f, int l, int strict, int fd,
		    const void *buf, size_t len, int flags,
		    const struct sockaddr *addr, socklen_t alen);
ssize_t safe_recv(const char *f, int l, size_t want, int fd, void *buf,
		  size_t len, int flags);
ssize_t safe_sendmsg(const char *f, int l, size_t want, int fd,
		     const struct msghdr *msg, int flags);
ssize_t safe_recvmsg(const char *f, int l, size_t want, int fd,
		     struct msghdr *msg, int flags);
int safe_close(const char *f, int l, int fd);
int safe_open(const char *f, int l, const char *path, int flags, ...);
int safe_pipe(const char *f, int l, int fds[2]);
int safe_pipe2(const char *f, int l, int fds[2], int flags);
ssize_t safe_read(const char *f, int l, int strict, int fd, void *buf,
		  size_t len);
ssize_t safe_write(const char *f, int l, int strict, int fd, const void *buf,
		   size_t len);
pid_t safe_fork(const char *f, int l);
pid_t safe_waitpid(const char *f, int l, pid_t pid, int *status, int opts);
int safe_kill(const char *f, int l, pid_t pid, int sig);
void (*safe_signal(const char *f, int l, int sig, void (*h)(int)))(int);
int safe_sigaction(const char *f, int l, int sig, const struct sigaction *act,
		   struct sigaction *old);
void *safe_malloc(const char *f, int l, size_t size);
void *safe_mmap(const char *f, int l, void *addr, size_t len, int prot,
		int flags, int fd, off_t off);
int safe_munmap(const char *f, int l, void *addr, size_t len);
int safe_epoll_create1(const char *f, int l, int flags);
int safe_epoll_ctl(const char *f, int l, int epfd, int op, int fd,
		   struct epoll_event *ev);
int safe_eventfd(const char *f, int l, unsigned int initval, int flags);
int safe_dup2(const char *f, int l, int oldfd, int newfd);
int safe_setuid(const char *f, int l, uid_t uid);
int safe_unlink(const char *f, int l, const char *path);
int safe_mkdir(const char *f, int l, const char *path, mode_t mode);

#define SAFE_SOCKET(d, t, p)		safe_socket(SF_, d, t, p)
#define SAFE_SOCKETPAIR(d, t, p, sv)	safe_socketpair(SF_, d, t, p, sv)
#define SAFE_BIND(fd, a, l)		safe_bind(SF_, fd, a, l)
#define SAFE_LISTEN(fd, b)		safe_listen(SF_, fd, b)
#define SAFE_CONNECT(fd, a, l)		safe_connect(SF_, fd, a, l)
#define SAFE_ACCEPT(fd, a, l)		safe_accept(SF_, fd, a, l)
#define SAFE_GETSOCKNAME(fd, a, l)	safe_getsockname(SF_, fd, a, l)
#define SAFE_SETSOCKOPT(fd, lv, n, v, l) \
	safe_setsockopt(SF_, fd, lv, n, v, l)
#define SAFE_SETSOCKOPT_INT(fd, lv, n, v) \
	do { \
		int tst_val_ = (v); \
		safe_setsockopt(SF_, fd, lv, n, &tst_val_, sizeof(tst_val_)); \
	} while (0)
#define SAFE_GETSOCKOPT(fd, lv, n, v, l) \
	safe_getsockopt(SF_, fd, lv, n, v, l)
/* strict: a short count is TBROK. */
#define SAFE_SEND(strict, fd, b, n, fl) safe_send(SF_, strict, fd, b, n, fl)
#define SAFE_SENDTO(strict, fd, b, n, fl, a, al) \
	safe_sendto(SF_, strict, fd, b, n, fl, a, al)
/* want: the exact count expected (0: any count). */
#define SAFE_RECV(want, fd, b, n, fl)	safe_recv(SF_, want, fd, b, n, fl)
#define SAFE_SENDMSG(want, fd, m, fl)	safe_sendmsg(SF_, want, fd, m, fl)
#define SAFE_RECVMSG(want, fd, m, fl)	safe_recvmsg(SF_, want, fd, m, fl)
#define SAFE_CLOSE(fd) \
	do { \
		safe_close(SF_, fd); \
		(fd) = -1; \
	} while (0)
#define SAFE_OPEN(path, ...)		safe_open(SF_, path, __VA_ARGS__)
#define SAFE_PIPE(fds)			safe_pipe(SF_, fds)
#define SAFE_PIPE2(fds, fl)		safe_pipe2(SF_, fds, fl)
#define SAFE_READ(strict, fd, b, n)	safe_read(SF_, strict, fd, b, n)
#define SAFE_WRITE(strict, fd, b, n)	safe_write(SF_, strict, fd, b, n)
#define SAFE_FORK()			safe_fork(SF_)
#define SAFE_WAITPID(p, s, o)		safe_waitpid(SF_, p, s, o)
#define SAFE_KILL(p, s)			safe_kill(SF_, p, s)
#define SAFE_SIGNAL(s, h)		safe_signal(SF_, s, h)
#define SAFE_SIGACTION(s, a, o)		safe_sigaction(SF_, s, a, o)
#define SAFE_MALLOC(n)			safe_malloc(SF_, n)
#define SAFE_MMAP(a, n, p, fl, fd, o)	safe_mmap(SF_, a, n, p, fl, fd, o)
#define SAFE_MUNMAP(a, n)		safe_munmap(SF_, a, n)
#define SAFE_EPOLL_CREATE1(fl)		safe_epoll_create1(SF_, fl)
#define SAFE_EPOLL_CTL(e, op, fd, ev)	safe_epoll_ctl(SF_, e, op, fd, ev)
#define SAFE_EVENTFD(v, fl)		safe_eventfd(SF_, v, fl)
#define SAFE_DUP2(o, n)			safe_dup2(SF_, o, n)
#define SAFE_SETUID(u)			safe_setuid(SF_, u)
#define SAFE_UNLINK(p)			safe_unlink(SF_, p)
#define SAFE_MKDIR(p, m)		safe_mkdir(SF_, p, m)

/* ------------------------------------------------------------ helpers */

/* An address that faults (a PROT_NONE page); cleanup is unused. */
void *tst_get_bad_addr(void (*cleanup)(void));
/* Waits for every child; one that died of a signal or exited with a code
 * other than 0, TBROK or TCONF is TBROK. */
void tst_reap_children(void);
/* ip: dotted quad or NULL (INADDR_ANY); port in host order. */
void tst_init_sockaddr_inet(struct sockaddr_in *sa, const char *ip,
			    uint16_t port);
void tst_init_sockaddr_inet_bin(struct sockaddr_in *sa, uint32_t ip,
				uint16_t port);
/* A port nobody uses now, in network byte order as LTP's (AF_INET/6). */
int tst_get_unused_port(int family, int type);
/* t1 - t2 in microseconds (t1 the later one). */
unsigned long long tst_timespec_diff_us(struct timespec t1,
					struct timespec t2);
/* Sleeps ms milliseconds (restarting after signals). */
void tst_sleep_ms(int ms);
/* CLOCK_MONOTONIC now. */
struct timespec tst_now(void);
/* Compares the running kernel's release with "maj.min[.patch]": <0, 0, >0 */
int tst_kvercmp_str(const char *ver);

/*
 * Timing tests: sample(usec) makes the call with that timeout and returns
 * 0 (or non-zero after reporting a failure); each of several durations is
 * sampled a few times: no sample may end early, and the median may be late
 * by at most 10 ms + 10%.
 */
void tst_timer_test(const char *scall, int (*sample)(long long usec));
/* Waits until /proc/<pid>/stat shows the state letter ('S': asleep);
 * TBROK after timeout_ms (0: the test's own timeout). */
void tst_process_state_wait(pid_t pid, char state, int timeout_ms);
#define TST_PROCESS_STATE_WAIT(pid, state, ms) \
	tst_process_state_wait(pid, state, ms)

/*
 * Fixtures (lib/tst_fixture.c). TST_EPOLL_WATCH: a new epoll instance
 * watching fd for events (data.fd = fd). TST_CLOSE_PAIR: a cleanup's
 * closes of a descriptor (an epoll instance, or -1 for none) and a pipe or
 * socketpair, each only if it was opened (>= 0).
 */
int tst_epoll_watch_(const char *f, int l, int fd, uint32_t events);
void tst_close_pair_(const char *f, int l, int fd, int pair[2]);
#define TST_EPOLL_WATCH(fd, ev)		tst_epoll_watch_(SF_, fd, ev)
#define TST_CLOSE_PAIR(fd, pair)	tst_close_pair_(SF_, fd, pair)

/* Descriptors of every kind (lib/tst_fd.c). */
enum tst_fd_type {
	TST_FD_FILE, TST_FD_PATH, TST_FD_DIR, TST_FD_DEV_ZERO,
	TST_FD_PROC_MAPS, TST_FD_PIPE_READ, TST_FD_PIPE_WRITE,
	TST_FD_UNIX_SOCK, TST_FD_INET_SOCK, TST_FD_EPOLL, TST_FD_EVENTFD,
	TST_FD_SIGNALFD, TST_FD_TIMERFD, TST_FD_PIDFD, TST_FD_INOTIFY,
	TST_FD_MEMFD, TST_FD_MAX
};
struct tst_fd {
	enum tst_fd_type type;
	int fd;
	int extra;	/* the other end of a pipe, or -1 */
};
/* 0 with fd->fd open, or -1 after a TCONF "Skipping" (cannot be made). */
int tst_fd_open(struct tst_fd *fd, enum tst_fd_type type);
void tst_fd_close(struct tst_fd *fd);
const char *tst_fd_desc(const struct tst_fd *fd);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef TST_NO_DEFAULT_MAIN
static struct tst_test test;

int main(int argc, char *argv[])
{
	tst_run_tcases(argc, argv, &test);
}
#endif

#endif /* TST_TEST_H */
