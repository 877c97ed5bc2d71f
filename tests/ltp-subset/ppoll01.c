/*
 * ppoll01: the ppoll(2) system call (raw, with the 8-byte sigset size):
 * events of a regular file, a signal blocked by the call's sigmask does
 * not interrupt it, a timeout with no fds, POLLNVAL for a closed fd, EINTR
 * from a handled signal, EINTR from a signal the process blocks but the
 * call's mask lets through, EINVAL for nfds over RLIMIT_NOFILE, EFAULT for
 * an unreadable fds array.
 */
#include <poll.h>
#include <sys/syscall.h>
#include "tst_test.h"

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif
#define SIGSETSIZE 8

enum kind { NORMAL, MASK_SIGNAL, TIMEOUT, FD_ALREADY_CLOSED, SEND_SIGINT,
	    SEND_SIGINT_RACE_TEST, INVALID_NFDS, INVALID_FDS };

static int fd1 = -1;
static sigset_t mask_empty, mask_sigint;
static struct pollfd fds_good[1], fds_closed[1];

static struct tcase {
	enum kind kind;
	const char *desc;
	int ret;
	int err;
	short revents;
	unsigned int nfds;
	sigset_t *sigmask;
	sigset_t *procmask;
	long ts_ns;		/* timeout */
	struct pollfd *fds;
	int sigints;		/* a child sends this many SIGINTs */
	long delay_us;		/* apart */
} tcases[] = {
	{ NORMAL, "NORMAL", 1, 0, POLLIN | POLLOUT, 1, NULL, NULL,
	  2000000000L, fds_good, 0, 0 },
	{ MASK_SIGNAL, "MASK_SIGNAL", 0, 0, 0, 0, &mask_sigint, NULL,
	  200000000L, fds_good, 4, 100000 },
	{ TIMEOUT, "TIMEOUT", 0, 0, 0, 0, NULL, NULL, 200000000L, fds_good,
	  0, 0 },
	{ FD_ALREADY_CLOSED, "FD_ALREADY_CLOSED", 1, 0, POLLNVAL, 1, NULL,
	  NULL, 2000000000L, fds_closed, 0, 0 },
	{ SEND_SIGINT, "SEND_SIGINT", -1, EINTR, 0, 0, NULL, NULL,
	  2000000000L, fds_good, 40, 100000 },
	{ SEND_SIGINT_RACE_TEST, "SEND_SIGINT_RACE_TEST", -1, EINTR, 0, 0,
	  &mask_empty, &mask_sigint, 2000000000L, fds_good, 1, 0 },
	{ INVALID_NFDS, "INVALID_NFDS", -1, EINVAL, 0, (unsigned int)-1, NULL,
	  NULL, 2000000000L, fds_good, 0, 0 },
	{ INVALID_FDS, "INVALID_FDS", -1, EFAULT, 0, 1, NULL, NULL,
	  2000000000L, (struct pollfd *)-1, 0, 0 },
};

static void handler(int sig)
{
	(void)sig;
}

static pid_t signaller(int count, long delay_us)
{
	pid_t parent = getpid(), pid = SAFE_FORK();

	if (pid == 0) {
		while (count-- > 0) {
			struct timespec d = { delay_us / 1000000,
					      delay_us % 1000000 * 1000 };

			nanosleep(&d, NULL);
			if (kill(parent, SIGINT) < 0)
				break;
		}
		_exit(0);
	}
	return pid;
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct timespec ts = { tc->ts_ns / 1000000000L, tc->ts_ns % 1000000000L };
	pid_t pid = 0;
	long ret;
	int err;

	tst_res(TINFO, "case %s", tc->desc);
	if (tc->fds != (struct pollfd *)-1)
		tc->fds[0].revents = 0;
	if (tc->procmask)
		sigprocmask(SIG_SETMASK, tc->procmask, NULL);
	if (tc->sigints)
		pid = signaller(tc->sigints, tc->delay_us);

	errno = 0;
	ret = syscall(SYS_ppoll, tc->fds, tc->nfds, &ts, tc->sigmask,
		      SIGSETSIZE);
	err = errno;

	if (tc->procmask)
		sigprocmask(SIG_SETMASK, &mask_empty, NULL);
	if (pid > 0) {
		kill(pid, SIGTERM);
		SAFE_WAITPID(pid, NULL, 0);
	}

	if (tc->revents) {
		if (tc->fds[0].revents == tc->revents)
			tst_res(TPASS, "%s: revents 0x%04x", tc->desc,
				tc->revents);
		else
			tst_res(TFAIL, "%s: revents 0x%04x, wanted 0x%04x",
				tc->desc, tc->fds[0].revents, tc->revents);
	}
	if (ret == tc->ret && (ret != -1 || err == tc->err))
		tst_res(TPASS, "%s: returned %ld%s%s", tc->desc, ret,
			ret == -1 ? ", errno " : "",
			ret == -1 ? tst_strerrno(err) : "");
	else
		tst_res(TFAIL, "%s: returned %ld errno %s, wanted %d errno %s",
			tc->desc, ret, tst_strerrno(err), tc->ret,
			tst_strerrno(tc->err));
}

static void setup(void)
{
	struct sigaction sa;
	int fd2;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	SAFE_SIGACTION(SIGINT, &sa, NULL);
	sigemptyset(&mask_empty);
	sigemptyset(&mask_sigint);
	sigaddset(&mask_sigint, SIGINT);

	fd1 = SAFE_OPEN("ppoll01_file1", O_CREAT | O_EXCL | O_RDWR, 0600);
	fds_good[0].fd = fd1;
	fds_good[0].events = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;
	fd2 = SAFE_OPEN("ppoll01_file2", O_CREAT | O_EXCL | O_RDWR, 0600);
	fds_closed[0].fd = fd2;
	fds_closed[0].events = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;
	SAFE_CLOSE(fd2);
}

static void cleanup(void)
{
	if (fd1 >= 0)
		SAFE_CLOSE(fd1);
	unlink("ppoll01_file1");
	unlink("ppoll01_file2");
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.forks_child = 1,
};
