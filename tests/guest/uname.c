/*
 * uname: the fields programs look at to recognise Linux on arm64 (sysname,
 * machine, a 6.x release), every field NUL-terminated inside its 65 bytes,
 * and the same answer from the C library.
 */
#include <string.h>
#include <sys/utsname.h>

#include "guest.h"

#define FIELD	65

struct kernel_utsname {
	char sysname[FIELD];
	char nodename[FIELD];
	char release[FIELD];
	char version[FIELD];
	char machine[FIELD];
	char domainname[FIELD];
};

static void check_field(const char *f, const char *name)
{
	if (!memchr(f, '\0', FIELD))
		check_fail(__FILE__, __LINE__, "%s is not NUL-terminated", name);
}

int main(void)
{
	struct kernel_utsname u, v;
	struct utsname lib;

	memset(&u, 0x7f, sizeof(u));
	CHECK_EQ(SYS(SYS_uname, &u), 0);
	check_field(u.sysname, "sysname");
	check_field(u.nodename, "nodename");
	check_field(u.release, "release");
	check_field(u.version, "version");
	check_field(u.machine, "machine");
	check_field(u.domainname, "domainname");

	CHECK(strcmp(u.sysname, "Linux") == 0);
	CHECK(strcmp(u.machine, "aarch64") == 0);
	CHECK(strncmp(u.release, "6.", 2) == 0);
	CHECK(strlen(u.version) > 0);
	CHECK(strlen(u.nodename) > 0);

	/* Stable from call to call, and what libc reports. */
	CHECK_EQ(SYS(SYS_uname, &v), 0);
	CHECK_MEM(&v, &u, sizeof(u));
	CHECK_EQ(uname(&lib), 0);
	CHECK(strcmp(lib.sysname, u.sysname) == 0);
	CHECK(strcmp(lib.release, u.release) == 0);
	CHECK(strcmp(lib.machine, u.machine) == 0);

	CHECK_ERR(SYS(SYS_uname, 0), EFAULT);
	CHECK_ERR(SYS(SYS_uname, KERNEL_ADDR), EFAULT);
	return check_done();
}
