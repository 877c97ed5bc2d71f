/*
 * setsockopt04: CVE-2016-9793. SO_SNDBUFFORCE with a value that would be
 * negative as an int leaves a positive send buffer size; SO_SNDBUF and
 * SO_RCVBUF values are doubled as Linux does, and a negative value is
 * clamped to the floor.
 */
#include "sock_common.h"

#define SNDBUF 0xffffff00u

static int sockfd = -1;

static void setup(void)
{
	sockfd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
}

static void cleanup(void)
{
	if (sockfd >= 0)
		SAFE_CLOSE(sockfd);
}

static void run(void)
{
	unsigned int sndbuf = SNDBUF, rec = 0;
	socklen_t optlen = sizeof(rec);
	int val;

	SAFE_SETSOCKOPT(sockfd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
			sizeof(sndbuf));
	SAFE_GETSOCKOPT(sockfd, SOL_SOCKET, SO_SNDBUF, &rec, &optlen);
	tst_res(TINFO, "Try to set send buffer size to: %u", sndbuf);
	tst_res(TINFO, "Send buffer size was set to: %d", (int)rec);
	if ((int)rec < 0)
		tst_res(TFAIL, "Was able to set negative send buffer size!");
	else
		tst_res(TPASS, "Was unable to set negative send buffer size!");
	/* Linux clamps a negative value to 0, then to the floor, 4608. */
	TST_EXP_EQ_LI((int)rec, 4608);

	SAFE_SETSOCKOPT_INT(sockfd, SOL_SOCKET, SO_SNDBUF, 8192);
	optlen = sizeof(val);
	SAFE_GETSOCKOPT(sockfd, SOL_SOCKET, SO_SNDBUF, &val, &optlen);
	TST_EXP_EQ_LI(val, 16384);
	SAFE_SETSOCKOPT_INT(sockfd, SOL_SOCKET, SO_RCVBUFFORCE, 10000);
	SAFE_GETSOCKOPT(sockfd, SOL_SOCKET, SO_RCVBUF, &val, &optlen);
	TST_EXP_EQ_LI(val, 20000);
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
