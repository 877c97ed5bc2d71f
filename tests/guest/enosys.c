/*
 * System call numbers that Linux arm64 does not define must return
 * -ENOSYS and change nothing else: numbers past the end of the table, the
 * empty arch-specific range, a 32-bit-only hole, and absurd values.
 */
#include <unistd.h>

#include "guest.h"

static const long unknown[] = {
	244, 259,		/* arch-specific range, unused on arm64 */
	403,			/* clock_gettime64: 32-bit only */
	500, 1000, 1024, 4095, 4096, 65536, 0x7fffffff,
	-1,
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		long r = SYS(unknown[i], 1, 2, 3, 4, 5, 6);

		if (r != -ENOSYS)
			check_fail(__FILE__, __LINE__,
				   "syscall %ld returned %ld, want -ENOSYS",
				   unknown[i], r);
	}
	/* musl's syscall() reports the same as -1 with errno ENOSYS. */
	CHECK_ERRNO(syscall(500), ENOSYS);
	CHECK_ERRNO(syscall(1000, 0, 0), ENOSYS);
	/* The process is unharmed and the next real call works. */
	CHECK(SYS(SYS_getpid) > 0);
	return check_done();
}
