/*
 * sendto02: sendto() of a NULL buffer on an SCTP socket is EFAULT, not
 * ENOMEM (kernel commit 6e51fe757259). Needs SCTP (TCONF without it).
 */
#include "sock_common.h"

static int sockfd = -1;
static struct sockaddr_in sa;

static void setup(void)
{
	sockfd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (sockfd < 0 && (errno == EPROTONOSUPPORT ||
			   errno == ESOCKTNOSUPPORT))
		tst_brk(TCONF | TERRNO, "sctp protocol was not supported");
	if (sockfd < 0)
		tst_brk(TBROK | TERRNO, "socket() failed with sctp");
	sa = sock_lo_addr(11111);
}

static void cleanup(void)
{
	if (sockfd >= 0)
		SAFE_CLOSE(sockfd);
}

static void run(void)
{
	TST_EXP_FAIL2(sendto(sockfd, NULL, 1, 0, (struct sockaddr *)&sa,
			     sizeof(sa)), EFAULT, "sendto(fd, NULL, 1, ...)");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
};
