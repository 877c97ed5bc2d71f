/*
 * getrandom: it fills exactly the bytes asked for, successive calls and
 * forked children get different bytes, the output looks random (no
 * constant bytes, roughly half the bits set), every valid flag works, and
 * invalid flags and pointers fail.
 */
#include <string.h>
#include <sys/random.h>

#include "guest.h"

static unsigned char big[65536];

static int popcount_buf(const unsigned char *p, size_t len)
{
	size_t i;
	int n = 0;

	for (i = 0; i < len; i++)
		n += __builtin_popcount(p[i]);
	return n;
}

int main(void)
{
	unsigned char a[32], b[32], guard[48];
	static const unsigned flags[] = {
		0, GRND_NONBLOCK, GRND_RANDOM, GRND_RANDOM | GRND_NONBLOCK,
		GRND_INSECURE, GRND_INSECURE | GRND_NONBLOCK,
	};
	size_t i;
	long pid, bits;

	CHECK_EQ(SYS(SYS_getrandom, a, sizeof(a), 0), sizeof(a));
	CHECK_EQ(SYS(SYS_getrandom, b, sizeof(b), 0), sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);

	/* Exactly len bytes are written: the guard after them is untouched. */
	memset(guard, 0xee, sizeof(guard));
	CHECK_EQ(SYS(SYS_getrandom, guard, 16, 0), 16);
	for (i = 16; i < sizeof(guard); i++)
		CHECK_EQ(guard[i], 0xee);
	CHECK_EQ(SYS(SYS_getrandom, guard, 0, 0), 0);

	/* Large requests are filled in full and look random. */
	CHECK_EQ(SYS(SYS_getrandom, big, sizeof(big), 0), sizeof(big));
	bits = popcount_buf(big, sizeof(big));
	CHECK(bits > (long)sizeof(big) * 4 * 95 / 100);
	CHECK(bits < (long)sizeof(big) * 4 * 105 / 100);

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		memset(a, 0, sizeof(a));
		if (SYS(SYS_getrandom, a, sizeof(a), flags[i]) != sizeof(a))
			check_fail(__FILE__, __LINE__, "flags 0x%x failed",
				   flags[i]);
		CHECK(popcount_buf(a, sizeof(a)) > 0);
	}

	/* A child draws different bytes from its parent. */
	SYS(SYS_getrandom, a, sizeof(a), 0);
	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_getrandom, b, sizeof(b), 0);
		SYS(SYS_exit_group, memcmp(a, b, sizeof(a)) == 0);
	}
	CHECK_EXITED(must_wait(pid), 0);

	/* The libc wrapper agrees. */
	CHECK_EQ(getrandom(a, sizeof(a), 0), sizeof(a));

	CHECK_ERR(SYS(SYS_getrandom, a, sizeof(a), 0x8), EINVAL);
	CHECK_ERR(SYS(SYS_getrandom, a, sizeof(a), GRND_INSECURE | GRND_RANDOM),
		  EINVAL);
	CHECK_ERR(SYS(SYS_getrandom, 0, 16, 0), EFAULT);
	CHECK_ERR(SYS(SYS_getrandom, KERNEL_ADDR, 16, 0), EFAULT);
	return check_done();
}
