/*
 * bind05: bind() a socket of each connectionless kind (AF_UNIX path and
 * abstract datagram; IPv4 UDP and UDP-Lite on 127.0.0.1 and on any
 * address; the same over IPv6), send it a datagram from a peer and answer
 * to the sender's address. A family or protocol the kernel lacks is TCONF
 * for that case.
 */
#include "sock_common.h"

#define BUFFER_SIZE 256

static struct sockaddr_un unix_addr, abstract_addr, peer_addr;
static struct sockaddr_in ipv4_addr, ipv4_any_addr;
static struct sockaddr_in6 ipv6_addr, ipv6_any_addr;

static struct tcase {
	int type;
	int protocol;
	struct sockaddr *address;
	socklen_t addrlen;
	const char *description;
} tcases[] = {
	{ SOCK_DGRAM, 0, (struct sockaddr *)&unix_addr, sizeof(unix_addr), "AF_UNIX pathname datagram" },
	{ SOCK_DGRAM, 0, (struct sockaddr *)&abstract_addr, sizeof(abstract_addr), "AF_UNIX abstract datagram" },
	{ SOCK_DGRAM, 0, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop UDP variant 1" },
	{ SOCK_DGRAM, IPPROTO_UDP, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop UDP variant 2" },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop UDP-Lite" },
	{ SOCK_DGRAM, 0, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any UDP variant 1" },
	{ SOCK_DGRAM, IPPROTO_UDP, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any UDP variant 2" },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any UDP-Lite" },
	{ SOCK_DGRAM, 0, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop UDP variant 1" },
	{ SOCK_DGRAM, IPPROTO_UDP, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop UDP variant 2" },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop UDP-Lite" },
	{ SOCK_DGRAM, 0, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any UDP variant 1" },
	{ SOCK_DGRAM, IPPROTO_UDP, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any UDP variant 2" },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any UDP-Lite" },
};

static void setup(void)
{
	sock_tmpdir_enter("bind05");
	unix_addr.sun_family = AF_UNIX;
	strcpy(unix_addr.sun_path, "main_socket");
	abstract_addr.sun_family = AF_UNIX;
	strcpy(abstract_addr.sun_path + 1, "ltp_bind05_abstract");
	peer_addr.sun_family = AF_UNIX;
	strcpy(peer_addr.sun_path, "peer_socket");
	sock_inet_addrs(&ipv4_addr, &ipv4_any_addr, &ipv6_addr, &ipv6_any_addr);
}

static void cleanup(void)
{
	sock_tmpdir_leave();
}

static void peer(const struct tcase *tc, struct sockaddr_storage *ss,
		 socklen_t len, unsigned int request)
{
	char buffer[BUFFER_SIZE];
	int fd, size;

	fd = SAFE_SOCKET(tc->address->sa_family, tc->type, tc->protocol);
	/* An AF_UNIX sender needs a name for the answer to come back. */
	if (tc->address->sa_family == AF_UNIX)
		SAFE_BIND(fd, (struct sockaddr *)&peer_addr, sizeof(peer_addr));
	SAFE_SENDTO(1, fd, &request, sizeof(request), 0,
		    (struct sockaddr *)ss, len);
	size = SAFE_RECV(0, fd, buffer, BUFFER_SIZE - 1, 0);
	buffer[size] = '\0';
	if (!strcmp(buffer, tcases[request].description))
		tst_res(TPASS, "Communication successful");
	else
		tst_res(TFAIL, "Received invalid data. Expected: \"%s\". "
			"Received: \"%s\"", tcases[request].description,
			buffer);
	SAFE_CLOSE(fd);
	_exit(0);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_storage listen_addr, remote;
	socklen_t remote_len = sizeof(remote), alen;
	unsigned int idx = (n * 5 + 3) % ARRAY_SIZE(tcases), request;
	const char *response;
	int fd;

	tst_res(TINFO, "Testing %s", tc->description);
	fd = sock_or_tconf(tc->address->sa_family, tc->type, tc->protocol,
			   tc->description);
	if (fd < 0)
		return;
	TST_EXP_PASS_SILENT(bind(fd, tc->address, tc->addrlen), "bind()");
	if (!TST_PASS) {
		SAFE_CLOSE(fd);
		return;
	}
	alen = sock_peer_address(fd, &listen_addr);
	if (!SAFE_FORK())
		peer(tc, &listen_addr, alen, idx);
	TEST(recvfrom(fd, &request, sizeof(request), 0,
		      (struct sockaddr *)&remote, &remote_len));
	if (TST_RET != sizeof(request))
		tst_brk(TBROK | TTERRNO, "recvfrom() returned %ld", TST_RET);
	response = request < ARRAY_SIZE(tcases) ?
		   tcases[request].description : "Invalid request value";
	SAFE_SENDTO(1, fd, response, strlen(response) + 1, 0,
		    (struct sockaddr *)&remote, remote_len);
	tst_reap_children();
	SAFE_CLOSE(fd);
	if (tc->address->sa_family == AF_UNIX) {
		if (((struct sockaddr_un *)tc->address)->sun_path[0])
			SAFE_UNLINK(((struct sockaddr_un *)tc->address)->sun_path);
		SAFE_UNLINK(peer_addr.sun_path);
	}
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.forks_child = 1,
};
