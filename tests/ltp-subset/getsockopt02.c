/*
 * getsockopt02: SO_PEERCRED of a socket accepted from a listener on an
 * AF_UNIX path, when the client is another thread of the same process:
 * the pid is the process's, the ids are root's; the length is that of
 * struct ucred.
 */
#include "sock_common.h"

#include <pthread.h>

#define SOCKNAME "testsocket"

static int socket_fd = -1, accepted = -1, client_go[2] = { -1, -1 };
static struct sockaddr_un sun;
static pthread_t tid;
static int thread_started;

static void setup(void)
{
	sock_tmpdir_enter("getsockopt02");
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, SOCKNAME);
	socket_fd = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	SAFE_BIND(socket_fd, (struct sockaddr *)&sun, sizeof(sun));
	SAFE_LISTEN(socket_fd, SOMAXCONN);
	SAFE_PIPE(client_go);
}

static void *thread_func(void *arg)
{
	int fd = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	char c;

	(void)arg;
	SAFE_CONNECT(fd, (struct sockaddr *)&sun, sizeof(sun));
	/* Stay connected until the main thread has looked. */
	SAFE_READ(1, client_go[0], &c, 1);
	SAFE_CLOSE(fd);
	return NULL;
}

static void run(void)
{
	struct ucred cred;
	socklen_t cred_len = sizeof(cred);

	if (pthread_create(&tid, NULL, thread_func, NULL))
		tst_brk(TBROK, "pthread_create");
	thread_started = 1;
	accepted = accept(socket_fd, NULL, NULL);
	if (accepted < 0) {
		tst_res(TFAIL | TERRNO, "Error with accepting connection");
		goto clean;
	}
	if (getsockopt(accepted, SOL_SOCKET, SO_PEERCRED, &cred,
		       &cred_len) < 0) {
		tst_res(TFAIL | TERRNO, "Error while getting socket option");
		goto clean;
	}
	if (cred.pid != getpid())
		tst_res(TFAIL, "Received wrong PID %d, expected %d", cred.pid,
			getpid());
	else
		tst_res(TPASS, "SO_PEERCRED pid is the process's (%d)",
			cred.pid);
	TST_EXP_EQ_LU(cred_len, sizeof(cred));
	TST_EXP_EQ_LI(cred.uid, geteuid());
	TST_EXP_EQ_LI(cred.gid, getegid());
clean:
	if (accepted >= 0)
		SAFE_CLOSE(accepted);
	SAFE_WRITE(1, client_go[1], "x", 1);
	pthread_join(tid, NULL);
	thread_started = 0;
}

static void cleanup(void)
{
	if (accepted >= 0)
		SAFE_CLOSE(accepted);
	if (socket_fd >= 0)
		SAFE_CLOSE(socket_fd);
	if (thread_started) {
		SAFE_WRITE(1, client_go[1], "x", 1);
		pthread_join(tid, NULL);
	}
	sock_tmpdir_leave();
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
