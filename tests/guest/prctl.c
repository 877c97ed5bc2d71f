/* prctl: names, the parent-death signal, subreapers, flags and errors. */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "guest.h"

static void check_name(void)
{
	char name[16] = { 0 };

	CHECK_EQ(SYS(SYS_prctl, PR_SET_NAME, "worker-name", 0, 0, 0), 0);
	CHECK_EQ(SYS(SYS_prctl, PR_GET_NAME, name, 0, 0, 0), 0);
	CHECK_EQ(strcmp(name, "worker-name"), 0);
	/* Longer names are cut to 15 bytes. */
	CHECK_EQ(SYS(SYS_prctl, PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz", 0,
		     0, 0), 0);
	CHECK_EQ(SYS(SYS_prctl, PR_GET_NAME, name, 0, 0, 0), 0);
	CHECK_EQ(strcmp(name, "abcdefghijklmno"), 0);
	CHECK_ERR(SYS(SYS_prctl, PR_GET_NAME, unmapped_addr(), 0, 0, 0),
		  EFAULT);
	CHECK_ERR(SYS(SYS_prctl, PR_SET_NAME, unmapped_addr(), 0, 0, 0),
		  EFAULT);
}

static void check_flags(void)
{
	int v = -1;

	CHECK_EQ(SYS(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	CHECK_ERR(SYS(SYS_prctl, PR_SET_DUMPABLE, 2, 0, 0, 0), EINVAL);
	CHECK_EQ(SYS(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
	CHECK_ERR(SYS(SYS_prctl, PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0), EINVAL);
	CHECK_EQ(SYS(SYS_prctl, PR_GET_PDEATHSIG, &v, 0, 0, 0), 0);
	CHECK_EQ(v, 0);
	CHECK_ERR(SYS(SYS_prctl, PR_SET_PDEATHSIG, 65, 0, 0, 0), EINVAL);
	CHECK_EQ(SYS(SYS_prctl, PR_CAPBSET_READ, 0, 0, 0, 0), 1);
	CHECK_ERR(SYS(SYS_prctl, PR_CAPBSET_READ, 1000, 0, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_prctl, 12345, 0, 0, 0, 0), EINVAL);
}

/*
 * A subreaper adopts its orphaned grandchild, and the grandchild's
 * parent-death signal fires when its parent dies.
 */
static void check_subreaper(void)
{
	long pid = must_fork();
	int status;

	if (pid == 0) {
		long mid, me = SYS(SYS_getpid);
		int pipe_like = 0;

		SYS(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		mid = must_fork();
		if (mid == 0) {
			if (must_fork() == 0) {
				/* The grandchild: its parent is about to die. */
				SYS(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1, 0, 0,
				    0);
				sleep_ms(200);
				/* Reparented to the subreaper, not to init. */
				SYS(SYS_exit_group,
				    SYS(SYS_getppid) == me ? 0 : 1);
			}
			sleep_ms(50);
			SYS(SYS_exit_group, 0);
		}
		(void)pipe_like;
		CHECK_EQ(SYS(SYS_wait4, mid, &status, 0, 0), mid);
		/* The grandchild died of SIGUSR1 when its parent exited. */
		CHECK(SYS(SYS_wait4, -1, &status, 0, 0) > 0);
		CHECK_SIGNALED(status, SIGUSR1);
		SYS(SYS_exit_group, check_done());
	}
	status = must_wait(pid);
	CHECK_EXITED(status, 0);
}

int main(void)
{
	check_name();
	check_flags();
	check_subreaper();
	return check_done();
}
