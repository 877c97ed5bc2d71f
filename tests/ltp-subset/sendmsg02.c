/*
 * sendmsg02: the unix_release() race (kernel commit ded34e0fe8fe): pairs
 * of processes where a server keeps binding, unbinding and closing an
 * AF_UNIX datagram socket on a path while its client keeps sending to
 * that path from fresh sockets. Nothing may crash and every child must
 * exit cleanly. The stop flag is a shared page (LTP's used a semaphore).
 */
#include "sock_common.h"

#define RUN_SECONDS 3

static volatile int *running;

static void client(int id, int pipefd[])
{
	char data[] = "123456789";
	struct iovec w = { data, 10 };
	struct sockaddr_un sa;
	struct cmsghdr cmh;
	struct msghdr mh;
	int fd;

	/* The server may go first: its pipe end closes under us. */
	signal(SIGPIPE, SIG_IGN);
	close(pipefd[0]);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "socket_test%d", id);
	memset(&cmh, 0, sizeof(cmh));
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &sa;
	mh.msg_namelen = sizeof(sa);
	mh.msg_iov = &w;
	mh.msg_iovlen = 1;
	do {
		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (write(pipefd[1], &fd, 1) < 0)
			break;
		sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
	} while (*running);
	close(pipefd[1]);
}

static void server(int id, int pipefd[])
{
	struct sockaddr_un sa;
	int fd;
	char c;

	close(pipefd[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "socket_test%d", id);
	do {
		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		unlink(sa.sun_path);
		bind(fd, (struct sockaddr *)&sa, sizeof(sa));
		if (read(pipefd[0], &c, 1) <= 0) {
			close(fd);
			break;
		}
		close(fd);
	} while (*running);
	close(pipefd[0]);
}

static void setup(void)
{
	sock_tmpdir_enter("sendmsg02");
	running = SAFE_MMAP(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

static void cleanup(void)
{
	sock_tmpdir_leave();
}

static void run(void)
{
	int pairs = sysconf(_SC_NPROCESSORS_ONLN) * 4, i, status, fails = 0;
	int pipefd[2];
	pid_t pids[256];
	int count = 0;

	if (pairs > 64)
		pairs = 64;
	*running = 1;
	for (i = 0; i < pairs * 2; i++) {
		if (i % 2 == 0)
			SAFE_PIPE(pipefd);
		pids[count] = SAFE_FORK();
		if (!pids[count]) {
			if (i % 2 == 0)
				server(i, pipefd);
			else
				client(i - 1, pipefd);
			_exit(0);
		}
		count++;
		if (i % 2 == 1) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
	}
	sleep(RUN_SECONDS);
	*running = 0;
	for (i = 0; i < count; i++) {
		SAFE_WAITPID(pids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			tst_res(TFAIL, "child %d ended with status 0x%x", i,
				status);
			fails++;
		}
	}
	if (!fails)
		tst_res(TPASS, "%d pairs ran %d s, all exited cleanly", pairs,
			RUN_SECONDS);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.forks_child = 1,
	.needs_root = 1,
};
