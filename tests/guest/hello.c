/*
 * The first test: the kernel loads a static binary, stdio reaches the
 * console, and write(2) reports exactly the bytes it wrote.
 */
#include <stdio.h>
#include <unistd.h>

#include "guest.h"

int main(void)
{
	static const char msg[] = "hello from write(2)\n";

	CHECK_EQ(printf("hello, world\n"), 13);
	CHECK_EQ(fflush(stdout), 0);
	CHECK_EQ(write(1, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	CHECK_EQ(SYS(SYS_write, 1, msg, 0), 0);
	CHECK_EQ(fprintf(stderr, "hello on stderr\n"), 16);
	return check_done();
}
