/*
 * setsockopt03: CVE-2016-4997. IPT_SO_SET_REPLACE with a table whose
 * entry offsets point outside it must be refused (EINVAL), not followed.
 * Needs the iptables setsockopt interface (TCONF when the kernel answers
 * ENOPROTOOPT: ip_tables absent).
 */
#include "sock_common.h"

static int fd = -1;

static void setup(void)
{
	fd = SAFE_SOCKET(AF_INET, SOCK_DGRAM, 0);
}

static void cleanup(void)
{
	if (fd >= 0)
		SAFE_CLOSE(fd);
}

static void run(void)
{
	LTP_IPT_REPLACE(256) r;
	int i;

	memset(&r, 0, sizeof(r));
	strcpy(r.name, "filter");
	r.valid_hooks = 1;
	r.num_entries = 1;
	r.size = sizeof(r.entries);
	for (i = 0; i < NF_INET_NUMHOOKS; i++) {
		r.hook_entry[i] = 0xffff0000;
		r.underflow[i] = 0xffff0000;
	}
	r.num_counters = 1;
	r.counters = &r;
	TEST(setsockopt(fd, SOL_IP, IPT_SO_SET_REPLACE, &r, sizeof(r)));
	if (TST_RET == -1 && TST_ERR == ENOPROTOOPT)
		tst_brk(TCONF | TTERRNO, "iptables (IPT_SO_SET_REPLACE) not available");
	if (TST_RET == 0)
		tst_res(TFAIL, "a table with offsets outside it was accepted");
	else if (TST_ERR == EINVAL)
		tst_res(TPASS | TTERRNO, "the bad table was refused");
	else
		tst_res(TFAIL | TTERRNO, "unexpected error");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
