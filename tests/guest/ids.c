/*
 * Process and user identity: root's ids are all 0, a single-threaded
 * process's tid is its pid, the runner (pid 1) is our parent, and across
 * fork the child gets a new pid whose parent is us. sched_yield, which
 * has no arguments to check, lives here too.
 */
#include <signal.h>
#include <unistd.h>

#include "guest.h"

int main(void)
{
	long pid = SYS(SYS_getpid), child, seen[8];
	int i, j;

	CHECK(pid > 1);
	CHECK_EQ(SYS(SYS_gettid), pid);
	CHECK_EQ(SYS(SYS_getppid), 1);
	CHECK_EQ(SYS(SYS_getuid), 0);
	CHECK_EQ(SYS(SYS_geteuid), 0);
	CHECK_EQ(SYS(SYS_getgid), 0);
	CHECK_EQ(SYS(SYS_getegid), 0);
	CHECK_EQ(getpid(), pid);
	CHECK_EQ(getppid(), 1);
	CHECK_EQ(SYS(SYS_sched_yield), 0);
	CHECK_EQ(SYS(SYS_getpid), pid);

	/* Each child has its own pid, equal to its tid; we are its parent. */
	for (i = 0; i < 8; i++) {
		child = must_fork();
		if (child == 0) {
			long me = SYS(SYS_getpid);
			int bad = me == pid || SYS(SYS_gettid) != me ||
				  SYS(SYS_getppid) != pid || SYS(SYS_getuid) != 0 ||
				  getpid() != me;

			SYS(SYS_exit_group, bad);
		}
		CHECK(child > 0);
		CHECK(child != pid);
		for (j = 0; j < i; j++)
			CHECK(seen[j] != child);
		seen[i] = child;
		CHECK_EXITED(must_wait(child), 0);
	}
	/* The parent's own ids did not change. */
	CHECK_EQ(SYS(SYS_getpid), pid);
	CHECK_EQ(SYS(SYS_gettid), pid);
	return check_done();
}
