/*
 * bind04: bind() a listening socket of each connection-oriented kind
 * (AF_UNIX path and abstract stream and seqpacket; IPv4 TCP and SCTP on
 * 127.0.0.1 and on any address; the same over IPv6), connect a peer to the
 * name getsockname() reports, and exchange data both ways. A family or
 * protocol the kernel lacks is TCONF for that case.
 */
#include "sock_common.h"

#include <netinet/in.h>

#define BUFFER_SIZE 256

static struct sockaddr_un unix_addr, abstract_addr;
static struct sockaddr_in ipv4_addr, ipv4_any_addr;
static struct sockaddr_in6 ipv6_addr, ipv6_any_addr;

static struct tcase {
	int type;
	int protocol;
	struct sockaddr *address;
	socklen_t addrlen;
	const char *description;
} tcases[] = {
	{ SOCK_STREAM, 0, (struct sockaddr *)&unix_addr, sizeof(unix_addr), "AF_UNIX pathname stream" },
	{ SOCK_SEQPACKET, 0, (struct sockaddr *)&unix_addr, sizeof(unix_addr), "AF_UNIX pathname seqpacket" },
	{ SOCK_STREAM, 0, (struct sockaddr *)&abstract_addr, sizeof(abstract_addr), "AF_UNIX abstract stream" },
	{ SOCK_SEQPACKET, 0, (struct sockaddr *)&abstract_addr, sizeof(abstract_addr), "AF_UNIX abstract seqpacket" },
	{ SOCK_STREAM, 0, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop TCP variant 1" },
	{ SOCK_STREAM, IPPROTO_TCP, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop TCP variant 2" },
	{ SOCK_STREAM, IPPROTO_SCTP, (struct sockaddr *)&ipv4_addr, sizeof(ipv4_addr), "IPv4 loop SCTP" },
	{ SOCK_STREAM, 0, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any TCP variant 1" },
	{ SOCK_STREAM, IPPROTO_TCP, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any TCP variant 2" },
	{ SOCK_STREAM, IPPROTO_SCTP, (struct sockaddr *)&ipv4_any_addr, sizeof(ipv4_any_addr), "IPv4 any SCTP" },
	{ SOCK_STREAM, 0, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop TCP variant 1" },
	{ SOCK_STREAM, IPPROTO_TCP, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop TCP variant 2" },
	{ SOCK_STREAM, IPPROTO_SCTP, (struct sockaddr *)&ipv6_addr, sizeof(ipv6_addr), "IPv6 loop SCTP" },
	{ SOCK_STREAM, 0, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any TCP variant 1" },
	{ SOCK_STREAM, IPPROTO_TCP, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any TCP variant 2" },
	{ SOCK_STREAM, IPPROTO_SCTP, (struct sockaddr *)&ipv6_any_addr, sizeof(ipv6_any_addr), "IPv6 any SCTP" },
};

static void setup(void)
{
	sock_tmpdir_enter("bind04");
	unix_addr.sun_family = AF_UNIX;
	strcpy(unix_addr.sun_path, "main_socket");
	abstract_addr.sun_family = AF_UNIX;
	strcpy(abstract_addr.sun_path + 1, "ltp_bind04_abstract");
	sock_inet_addrs(&ipv4_addr, &ipv4_any_addr, &ipv6_addr, &ipv6_any_addr);
}

static void cleanup(void)
{
	sock_tmpdir_leave();
}

static void peer(const struct tcase *tc, struct sockaddr_storage *ss,
		 socklen_t len)
{
	unsigned int request;
	const char *response;
	int fd;

	fd = SAFE_SOCKET(tc->address->sa_family, tc->type, tc->protocol);
	SAFE_CONNECT(fd, (struct sockaddr *)ss, len);
	SAFE_READ(1, fd, &request, sizeof(request));
	if (request < ARRAY_SIZE(tcases))
		response = tcases[request].description;
	else
		response = "Invalid request value";
	SAFE_WRITE(1, fd, response, strlen(response) + 1);
	SAFE_CLOSE(fd);
	_exit(0);
}

static void run(unsigned int n)
{
	struct tcase *tc = &tcases[n];
	struct sockaddr_storage listen_addr, remote;
	socklen_t remote_len = sizeof(remote), alen;
	char buffer[BUFFER_SIZE];
	unsigned int idx = (n * 7 + 3) % ARRAY_SIZE(tcases);
	int lfd, fd, size;

	tst_res(TINFO, "Testing %s", tc->description);
	lfd = sock_or_tconf(tc->address->sa_family, tc->type, tc->protocol,
			    tc->description);
	if (lfd < 0)
		return;
	TST_EXP_PASS_SILENT(bind(lfd, tc->address, tc->addrlen), "bind()");
	if (!TST_PASS) {
		SAFE_CLOSE(lfd);
		return;
	}
	alen = sock_peer_address(lfd, &listen_addr);
	SAFE_LISTEN(lfd, 1);
	if (!SAFE_FORK())
		peer(tc, &listen_addr, alen);
	fd = SAFE_ACCEPT(lfd, (struct sockaddr *)&remote, &remote_len);
	SAFE_WRITE(1, fd, &idx, sizeof(idx));
	size = SAFE_READ(0, fd, buffer, BUFFER_SIZE - 1);
	buffer[size] = '\0';
	if (!strcmp(buffer, tcases[idx].description))
		tst_res(TPASS, "Communication successful");
	else
		tst_res(TFAIL, "Received invalid data. Expected: \"%s\". "
			"Received: \"%s\"", tcases[idx].description, buffer);
	SAFE_CLOSE(fd);
	SAFE_CLOSE(lfd);
	tst_reap_children();
	if (tc->address->sa_family == AF_UNIX &&
	    ((struct sockaddr_un *)tc->address)->sun_path[0])
		SAFE_UNLINK(((struct sockaddr_un *)tc->address)->sun_path);
}

static struct tst_test test = {
	.tcnt = ARRAY_SIZE(tcases),
	.setup = setup,
	.cleanup = cleanup,
	.test = run,
	.forks_child = 1,
};
