/*
 * setsockopt08: CVE-2021-22555. IPT_SO_SET_REPLACE with a table whose
 * target data is shorter than its header claims (the xt_compat heap
 * overflow) must be refused, not copied past the buffer. Needs the
 * iptables setsockopt interface (TCONF when the kernel answers
 * ENOPROTOOPT: ip_tables absent).
 */
#include "sock_common.h"

static int fd = -1;

static void setup(void)
{
	fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
}

static void cleanup(void)
{
	if (fd >= 0)
		SAFE_CLOSE(fd);
}

static void run(void)
{
	LTP_IPT_REPLACE(1024) r;
	unsigned short *next;

	memset(&r, 0, sizeof(r));
	strcpy(r.name, "filter");
	r.valid_hooks = 1 << 1;
	r.num_entries = 2;
	r.size = sizeof(r.entries);
	r.num_counters = 2;
	r.counters = &r;
	/* An entry whose target_offset and next_offset overlap (the fields
	 * sit 0x58 and 0x5a bytes into struct ipt_entry). */
	next = (unsigned short *)(r.entries + 0x58);
	next[0] = 0x70;
	next[1] = 0x7fff;
	TEST(setsockopt(fd, SOL_IP, IPT_SO_SET_REPLACE, &r, sizeof(r)));
	if (TST_RET == -1 && TST_ERR == ENOPROTOOPT)
		tst_brk(TCONF | TTERRNO, "iptables (IPT_SO_SET_REPLACE) not available");
	if (TST_RET == 0)
		tst_res(TFAIL, "a malformed table was accepted");
	else if (TST_ERR == EINVAL)
		tst_res(TPASS | TTERRNO, "the malformed table was refused");
	else
		tst_res(TFAIL | TTERRNO, "unexpected error");
}

static struct tst_test test = {
	.setup = setup,
	.cleanup = cleanup,
	.test_all = run,
	.needs_root = 1,
};
