/* struct new_utsname, as uname(2) returns it. */
#ifndef ABI_LINUX_UTSNAME_H
#define ABI_LINUX_UTSNAME_H

#define UTS_LEN 64

struct new_utsname {
	char sysname[UTS_LEN + 1];
	char nodename[UTS_LEN + 1];
	char release[UTS_LEN + 1];
	char version[UTS_LEN + 1];
	char machine[UTS_LEN + 1];
	char domainname[UTS_LEN + 1];
};
_Static_assert(sizeof(struct new_utsname) == 390, "utsname layout");

#define UTS_SYSNAME "Linux"
#define UTS_RELEASE "6.1.0-akuma"
#define UTS_VERSION "#1 SMP Akuma"
#define UTS_MACHINE "aarch64"

#endif
