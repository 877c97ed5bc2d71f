/*
 * shutdown01: on an AF_UNIX stream connection, SHUT_RD leaves send()
 * working and makes recv() return 0; SHUT_WR leaves recv() working (no
 * data: EAGAIN) and makes send() EPIPE; SHUT_RDWR does both.
 */
#include "sock_common.h"

#define MSGSIZE 4
#define SOCKETFILE "socket"

static struct tcase {
	int how;
	int recv_flag;
	int recv_err;
	int send_flag;
	int send_err;
	const char *desc;
} tcases[] = {
	{ SHUT_RD, 0, 0, 0, 0, "SHUT_RD" },
	{ SHUT_WR, MSG_DONTWAIT, EWOULDBLOCK, MSG_NOSIGNAL, EPIPE, "SHUT_WR" },
	{ SHUT_RDWR, 0, 0, MSG_NOSIGNAL, EPIPE, "SHUT_RDWR" },
};

static struct sockaddr_un sock_addr;
static int server_sock = -1;

static void setup(void)
{
	sock_tmpdir_enter("shutdown01");
	sock_addr.sun_family = AF_UNIX;
	strcpy(sock_addr.sun_path, SOCKETFILE);
	server_sock = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	SAFE_BIND(server_sock, (struct sockaddr *)&sock_addr, sizeof(sock_addr));
	SAFE_LISTEN(server_sock, 10);
}

static void cleanup(void)
{
	if (server_sock >= 0)
		SAFE_CLOSE(server_sock);
	sock_tmpdir_leave();
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	char buff[MSGSIZE] = { 0 };
	int client_sock, acc;

	client_sock = SAFE_SOCKET(AF_UNIX, SOCK_STREAM, 0);
	SAFE_CONNECT(client_sock, (struct sockaddr *)&sock_addr,
		     sizeof(sock_addr));
	acc = SAFE_ACCEPT(server_sock, NULL, NULL);
	tst_res(TINFO, "Testing %s flag", tc->desc);
	TST_EXP_PASS(shutdown(client_sock, tc->how));
	if (tc->recv_err)
		TST_EXP_FAIL2(recv(client_sock, buff, MSGSIZE, tc->recv_flag),
			      tc->recv_err);
	else
		TST_EXP_VAL(recv(client_sock, buff, MSGSIZE, tc->recv_flag), 0,
			    "recv() after %s", tc->desc);
	if (tc->send_err)
		TST_EXP_FAIL2(send(client_sock, buff, MSGSIZE, tc->send_flag),
			      tc->send_err);
	else
		TST_EXP_VAL(send(client_sock, buff, MSGSIZE, tc->send_flag),
			    MSGSIZE, "send() after %s", tc->desc);
	SAFE_CLOSE(client_sock);
	SAFE_CLOSE(acc);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
};
