/*
 * Pipes and signals: EPIPE with SIGPIPE for a write without readers (by
 * default fatal, ignored, blocked or handled), SIGPIPE for the writing
 * thread only, a partial write when the reader goes away, and blocking
 * reads and writes interrupted by a handler: EINTR without SA_RESTART, a
 * restart with it, and the partial count when some data was already
 * written.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>

#include "guest.h"

static volatile int got_sig, got_count;

static void on_signal(int sig)
{
	got_sig = sig;
	got_count++;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	CHECK_EQ(sigaction(sig, &sa, 0), 0);
}

static unsigned long pending(void)
{
	unsigned long set = 0;

	CHECK_EQ(SYS(SYS_rt_sigpending, &set, KERNEL_SIGSET_SIZE), 0);
	return set;
}

static void write_no_reader(void *arg)
{
	int fds[2];

	(void)arg;
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	SYS(SYS_close, fds[0]);
	SYS(SYS_write, fds[1], "x", 1);
	say("still alive after SIGPIPE\n");
}

static void check_sigpipe(void)
{
	unsigned long bit = 1UL << (SIGPIPE - 1);
	int fds[2];

	/* By default SIGPIPE kills the writer. */
	CHECK_SIGNALED(run_in_child(write_no_reader, 0), SIGPIPE);

	/* Ignored: just EPIPE, nothing pending. */
	set_handler(SIGPIPE, SIG_IGN, 0);
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	SYS(SYS_close, fds[0]);
	CHECK_ERR(SYS(SYS_write, fds[1], "x", 1), EPIPE);
	CHECK_EQ(SYS(SYS_write, fds[1], "", 0), 0);
	CHECK_EQ(pending(), 0);

	/* Blocked: EPIPE, and the signal waits. */
	set_handler(SIGPIPE, on_signal, 0);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_BLOCK, &bit, 0,
		     KERNEL_SIGSET_SIZE), 0);
	CHECK_ERR(SYS(SYS_write, fds[1], "x", 1), EPIPE);
	CHECK_EQ(pending() & bit, bit);
	CHECK_EQ(got_count, 0);
	CHECK_EQ(SYS(SYS_rt_sigprocmask, SIG_UNBLOCK, &bit, 0,
		     KERNEL_SIGSET_SIZE), 0);
	CHECK_EQ(got_count, 1);
	CHECK_EQ(got_sig, SIGPIPE);

	/* Handled: the handler runs once per write, each write is EPIPE. */
	got_count = 0;
	CHECK_ERR(SYS(SYS_write, fds[1], "xy", 2), EPIPE);
	CHECK_EQ(got_count, 1);
	CHECK_ERR(SYS(SYS_write, fds[1], "xy", 2), EPIPE);
	CHECK_EQ(got_count, 2);
	SYS(SYS_close, fds[1]);
	set_handler(SIGPIPE, SIG_DFL, 0);
}

static int thread_fd;
static unsigned long thread_pending;
static long thread_write;

static void *blocked_writer(void *arg)
{
	unsigned long bit = 1UL << (SIGPIPE - 1);

	(void)arg;
	SYS(SYS_rt_sigprocmask, SIG_BLOCK, &bit, 0, KERNEL_SIGSET_SIZE);
	thread_write = SYS(SYS_write, thread_fd, "x", 1);
	thread_pending = pending();
	return 0;
}

/* SIGPIPE is for the writing thread only, not the process. */
static void check_thread_directed(void)
{
	unsigned long bit = 1UL << (SIGPIPE - 1);
	pthread_t t;
	int fds[2];

	set_handler(SIGPIPE, on_signal, 0);
	got_count = 0;
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	SYS(SYS_close, fds[0]);
	thread_fd = fds[1];
	CHECK_EQ(pthread_create(&t, 0, blocked_writer, 0), 0);
	CHECK_EQ(pthread_join(t, 0), 0);
	CHECK_ERR(thread_write, EPIPE);
	CHECK_EQ(thread_pending & bit, bit);
	CHECK_EQ(pending() & bit, 0);
	CHECK_EQ(got_count, 0);
	SYS(SYS_close, fds[1]);
	set_handler(SIGPIPE, SIG_DFL, 0);
}

static long fionread(int fd)
{
	int n = -1;

	SYS(SYS_ioctl, fd, FIONREAD, &n);
	return n;
}

static void check_reader_leaves(void)
{
	static char buf[100000];
	int fds[2];
	long pid;

	/*
	 * A writer blocked on a full pipe whose reader goes away returns
	 * what it wrote; the next write is EPIPE.
	 */
	set_handler(SIGPIPE, SIG_IGN, 0);
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_close, fds[1]);
		while (fionread(fds[0]) < 65536)
			sleep_ms(5);
		sleep_ms(20);
		SYS(SYS_exit_group, 0);
	}
	SYS(SYS_close, fds[0]);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, sizeof(buf)), 65536);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 1), EPIPE);
	CHECK_EXITED(must_wait(pid), 0);
	SYS(SYS_close, fds[1]);
	set_handler(SIGPIPE, SIG_DFL, 0);
}

/* A child that sends sig to its parent every 30 ms until killed. */
static long start_pinger(int sig)
{
	long pid = must_fork(), parent;

	if (pid == 0) {
		parent = SYS(SYS_getppid);
		for (;;) {
			sleep_ms(30);
			SYS(SYS_kill, parent, sig);
		}
	}
	return pid;
}

static void stop_child(long pid)
{
	SYS(SYS_kill, pid, SIGKILL);
	CHECK_SIGNALED(must_wait(pid), SIGKILL);
}

static void check_interrupted(void)
{
	static char buf[100000];
	int fds[2];
	long pid;

	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);

	/* Without SA_RESTART a blocked read is EINTR. */
	set_handler(SIGUSR1, on_signal, 0);
	got_count = 0;
	pid = start_pinger(SIGUSR1);
	CHECK_ERR(SYS(SYS_read, fds[0], buf, 10), EINTR);
	stop_child(pid);
	CHECK(got_count >= 1);
	CHECK_EQ(got_sig, SIGUSR1);

	/* With it the read goes on after the handler and gets the data. */
	set_handler(SIGUSR1, on_signal, SA_RESTART);
	got_count = 0;
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(50);
		SYS(SYS_kill, SYS(SYS_getppid), SIGUSR1);
		sleep_ms(100);
		SYS(SYS_write, fds[1], "late", 4);
		SYS(SYS_exit_group, 0);
	}
	CHECK_EQ(SYS(SYS_read, fds[0], buf, 10), 4);
	CHECK_MEM(buf, "late", 4);
	CHECK_EQ(got_count, 1);
	CHECK_EXITED(must_wait(pid), 0);

	/* A writer interrupted before writing anything: EINTR. */
	set_handler(SIGUSR1, on_signal, 0);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(SYS(SYS_write, fds[1], buf, 4096), 4096);
	pid = start_pinger(SIGUSR1);
	CHECK_ERR(SYS(SYS_write, fds[1], buf, 10), EINTR);
	stop_child(pid);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);

	/* After part of the data: the count, even with SA_RESTART. */
	set_handler(SIGUSR1, on_signal, SA_RESTART);
	CHECK_EQ(SYS(SYS_pipe2, fds, 0), 0);
	pid = start_pinger(SIGUSR1);
	CHECK_EQ(SYS(SYS_write, fds[1], buf, sizeof(buf)), 65536);
	stop_child(pid);
	SYS(SYS_close, fds[0]);
	SYS(SYS_close, fds[1]);
	set_handler(SIGUSR1, SIG_DFL, 0);
}

int main(void)
{
	check_sigpipe();
	check_thread_directed();
	check_reader_leaves();
	check_interrupted();
	return check_done();
}
