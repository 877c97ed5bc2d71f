/*
 * Credentials: set*uid/set*gid with Linux's rules for root and for an
 * unprivileged process, getres*, setfs*, supplementary groups, and the
 * host name.
 */
#include <sys/utsname.h>

#include "guest.h"

static void check_groups(void)
{
	unsigned int g[4] = { 10, 20, 30, 40 }, out[4] = { 0 };

	CHECK_EQ(SYS(SYS_setgroups, 3, g), 0);
	CHECK_EQ(SYS(SYS_getgroups, 0, 0), 3);
	CHECK_ERR(SYS(SYS_getgroups, 2, out), EINVAL);
	CHECK_EQ(SYS(SYS_getgroups, 4, out), 3);
	CHECK_EQ(out[2], 30);
	CHECK_ERR(SYS(SYS_getgroups, -1, out), EINVAL);
	CHECK_ERR(SYS(SYS_getgroups, 4, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_setgroups, 2, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_setgroups, 65537, g), EINVAL);
	CHECK_EQ(SYS(SYS_setgroups, 0, 0), 0);
	CHECK_EQ(SYS(SYS_getgroups, 0, 0), 0);
}

/* Runs in a child: become user 1000 (saved 0) and test the rules. */
static void unprivileged(void)
{
	unsigned int r, e, s;

	CHECK_EQ(SYS(SYS_setresgid, 100, 100, 0), 0);
	CHECK_EQ(SYS(SYS_setresuid, 1000, 1000, 0), 0);
	CHECK_EQ(SYS(SYS_getresuid, &r, &e, &s), 0);
	CHECK_EQ(r, 1000);
	CHECK_EQ(e, 1000);
	CHECK_EQ(s, 0);
	CHECK_EQ(SYS(SYS_getuid), 1000);
	CHECK_EQ(SYS(SYS_geteuid), 1000);
	/* Not root: setgroups and other users are refused. */
	CHECK_ERR(SYS(SYS_setgroups, 0, 0), EPERM);
	CHECK_ERR(SYS(SYS_setuid, 2000), EPERM);
	CHECK_ERR(SYS(SYS_setresuid, 2000, -1, -1), EPERM);
	CHECK_ERR(SYS(SYS_setreuid, -1, 2000), EPERM);
	CHECK_ERR(SYS(SYS_sethostname, "x", 1), EPERM);
	/* setfsuid to a stranger changes nothing but reports the old one. */
	CHECK_EQ(SYS(SYS_setfsuid, 2000), 1000);
	CHECK_EQ(SYS(SYS_setfsuid, -1), 1000);
	/* The saved UID lets us back to root. */
	CHECK_EQ(SYS(SYS_setuid, 0), 0);
	CHECK_EQ(SYS(SYS_geteuid), 0);
	CHECK_EQ(SYS(SYS_getuid), 1000);
	CHECK_EQ(SYS(SYS_setuid, 1000), 0); /* root sets all three */
	CHECK_EQ(SYS(SYS_getresuid, &r, &e, &s), 0);
	CHECK_EQ(s, 1000);
	CHECK_ERR(SYS(SYS_setuid, 0), EPERM);
	SYS(SYS_exit_group, check_done());
}

int main(void)
{
	unsigned int r, e, s;
	struct utsname u;
	int status;

	CHECK_EQ(SYS(SYS_getresuid, &r, &e, &s), 0);
	CHECK_EQ(r + e + s, 0);
	CHECK_EQ(SYS(SYS_getresgid, &r, &e, &s), 0);
	CHECK_EQ(r + e + s, 0);
	CHECK_ERR(SYS(SYS_getresuid, unmapped_addr(), &e, &s), EFAULT);
	CHECK_ERR(SYS(SYS_setuid, -1), EINVAL);
	check_groups();
	if (must_fork() == 0)
		unprivileged();
	SYS(SYS_wait4, -1, &status, 0, 0);
	CHECK_EXITED(status, 0);

	/* The host name, up to 64 bytes. */
	CHECK_EQ(SYS(SYS_sethostname, "akuma-test", 10), 0);
	CHECK_EQ(SYS(SYS_uname, &u), 0);
	CHECK_EQ(strcmp(u.nodename, "akuma-test"), 0);
	CHECK_ERR(SYS(SYS_sethostname, "x", 65), EINVAL);
	CHECK_ERR(SYS(SYS_sethostname, unmapped_addr(), 5), EFAULT);
	CHECK_EQ(SYS(SYS_sethostname, "(none)", 6), 0);
	CHECK_EQ(SYS(SYS_setdomainname, "(none)", 6), 0);
	return check_done();
}
