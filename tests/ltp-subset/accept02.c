/*
 * accept02: CVE-2017-8890. A listening TCP socket that joined a multicast
 * group (MCAST_JOIN_GROUP on lo) must not pass its group list to the
 * socket accept() returns: leaving the group through the accepted socket
 * is EADDRNOTAVAIL, and closing both sockets must not free it twice.
 */
#include "sock_common.h"

static int server_fd = -1, accepted_fd = -1, client_fd = -1;
static struct group_req mc_group;

static void setup(void)
{
	struct sockaddr_in *g = (struct sockaddr_in *)&mc_group.gr_group;

	memset(&mc_group, 0, sizeof(mc_group));
	mc_group.gr_interface = sock_lo_ifindex();
	g->sin_family = AF_INET;
	inet_pton(AF_INET, "224.0.0.0", &g->sin_addr);
}

static void cleanup(void)
{
	if (accepted_fd >= 0)
		SAFE_CLOSE(accepted_fd);
	if (client_fd >= 0)
		SAFE_CLOSE(client_fd);
	if (server_fd >= 0)
		SAFE_CLOSE(server_fd);
}

static void run(void)
{
	struct sockaddr_in addr = sock_lo_addr(0), peer;
	socklen_t len = sizeof(addr);

	server_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_SETSOCKOPT_INT(server_fd, SOL_SOCKET, SO_REUSEADDR, 1);
	TEST(setsockopt(server_fd, SOL_IP, MCAST_JOIN_GROUP, &mc_group,
			sizeof(mc_group)));
	if (TST_RET == -1 && TST_ERR == ENOPROTOOPT)
		tst_brk(TCONF | TTERRNO, "MCAST_JOIN_GROUP not supported");
	if (TST_RET != 0)
		tst_brk(TBROK | TTERRNO, "setsockopt(MCAST_JOIN_GROUP)");
	SAFE_BIND(server_fd, (struct sockaddr *)&addr, sizeof(addr));
	SAFE_LISTEN(server_fd, 1);
	SAFE_GETSOCKNAME(server_fd, (struct sockaddr *)&addr, &len);

	client_fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_CONNECT(client_fd, (struct sockaddr *)&addr, sizeof(addr));
	len = sizeof(peer);
	accepted_fd = SAFE_ACCEPT(server_fd, (struct sockaddr *)&peer, &len);

	TEST(setsockopt(accepted_fd, SOL_IP, MCAST_LEAVE_GROUP, &mc_group,
			sizeof(mc_group)));
	if (TST_RET != -1)
		tst_res(TFAIL, "Multicast group was copied!");
	else if (TST_ERR == EADDRNOTAVAIL)
		tst_res(TPASS | TTERRNO, "Multicast group was not copied");
	else
		tst_res(TFAIL | TTERRNO, "MCAST_LEAVE_GROUP on the accepted socket");

	SAFE_CLOSE(accepted_fd);
	SAFE_CLOSE(client_fd);
	SAFE_CLOSE(server_fd);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
