// SPDX-License-Identifier: MIT
/* A first program to run: greets and shows what uname(2) reports. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;

	if (uname(&u) != 0) {
		perror("hello: uname");
		return 1;
	}
	printf("Hello from userspace, pid %d\n", (int)getpid());
	printf("  sysname:  %s\n", u.sysname);
	printf("  nodename: %s\n", u.nodename);
	printf("  release:  %s\n", u.release);
	printf("  version:  %s\n", u.version);
	printf("  machine:  %s\n", u.machine);
	return 0;
}
