/*
 * fork (clone with SIGCHLD) and wait4: return values on both sides, copied
 * memory, pids, waiting for a given pid or for any child, WNOHANG while a
 * child runs, ECHILD, and the argument errors of wait4.
 */
#include <signal.h>
#include <sys/wait.h>

#include "guest.h"

#define NCHILD	16

static int global = 1;

static void check_basic(void)
{
	int local = 2, status = -1;
	long parent = SYS(SYS_getpid), pid;

	pid = SYS(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		/* The child sees copies of memory and its own ids. */
		int bad = SYS(SYS_getppid) != parent || SYS(SYS_getpid) == parent
			  || global != 1 || local != 2;

		global = 10;
		local = 20;
		SYS(SYS_exit_group, bad ? 1 : 7);
	}
	CHECK(pid > 0);
	CHECK(pid != parent);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_EXITED(status, 7);
	CHECK_EQ(global, 1);
	CHECK_EQ(local, 2);

	/* A NULL status pointer is allowed. */
	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, 0);
	CHECK_EQ(SYS(SYS_wait4, pid, 0, 0, 0), pid);
}

static void check_many(void)
{
	long pids[NCHILD], r;
	int seen[NCHILD] = { 0 }, status, i, j;

	for (i = 0; i < NCHILD; i++) {
		pids[i] = must_fork();
		if (pids[i] == 0)
			SYS(SYS_exit_group, i);
		for (j = 0; j < i; j++)
			CHECK(pids[j] != pids[i]);
	}
	/* Reap one in the middle by pid first, then the rest with -1. */
	CHECK_EQ(SYS(SYS_wait4, pids[5], &status, 0, 0), pids[5]);
	CHECK_EXITED(status, 5);
	seen[5] = 1;
	for (i = 0; i < NCHILD - 1; i++) {
		r = SYS(SYS_wait4, -1, &status, 0, 0);
		for (j = 0; j < NCHILD; j++) {
			if (pids[j] == r) {
				CHECK(!seen[j]);
				seen[j] = 1;
				CHECK_EXITED(status, j);
			}
		}
	}
	for (j = 0; j < NCHILD; j++)
		CHECK(seen[j]);
	CHECK_ERR(SYS(SYS_wait4, -1, &status, 0, 0), ECHILD);
}

static void check_nohang(void)
{
	int status = 12345;
	long pid, r, start;

	/* No children at all: ECHILD, with or without WNOHANG. */
	CHECK_ERR(SYS(SYS_wait4, -1, &status, 0, 0), ECHILD);
	CHECK_ERR(SYS(SYS_wait4, -1, &status, WNOHANG, 0), ECHILD);

	pid = must_fork();
	if (pid == 0) {
		sleep_ms(300);
		SYS(SYS_exit_group, 3);
	}
	/* While the child sleeps, WNOHANG returns 0 and leaves status alone. */
	CHECK_EQ(SYS(SYS_wait4, pid, &status, WNOHANG, 0), 0);
	CHECK_EQ(status, 12345);
	CHECK_EQ(SYS(SYS_wait4, -1, &status, WNOHANG, 0), 0);

	/* Polling with WNOHANG eventually reaps it. */
	start = mono_ns();
	do {
		r = SYS(SYS_wait4, pid, &status, WNOHANG, 0);
		if (r == 0)
			sleep_ms(5);
	} while (r == 0 && mono_ns() - start < 10000000000L);
	CHECK_EQ(r, pid);
	CHECK_EXITED(status, 3);
	CHECK(mono_ns() - start >= 200000000L);

	/* A blocking wait4 sleeps until the child exits. */
	pid = must_fork();
	if (pid == 0) {
		sleep_ms(100);
		SYS(SYS_exit_group, 4);
	}
	start = mono_ns();
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_EXITED(status, 4);
	CHECK(mono_ns() - start >= 50000000L);
}

static void check_errors(void)
{
	int status;
	long pid;

	/* Pids that are not our children: ourselves, init, nonexistent. */
	CHECK_ERR(SYS(SYS_wait4, SYS(SYS_getpid), &status, 0, 0), ECHILD);
	CHECK_ERR(SYS(SYS_wait4, 1, &status, 0, 0), ECHILD);
	CHECK_ERR(SYS(SYS_wait4, 99999, &status, 0, 0), ECHILD);

	pid = must_fork();
	if (pid == 0)
		SYS(SYS_exit_group, 0);
	/* Unknown option bits are rejected before anything is reaped. */
	CHECK_ERR(SYS(SYS_wait4, pid, &status, 0x100, 0), EINVAL);
	CHECK_ERR(SYS(SYS_wait4, pid, &status, 0x10000000, 0), EINVAL);
	/* The other waited-for child still does not match this pid. */
	CHECK_ERR(SYS(SYS_wait4, pid + 100000, &status, 0, 0), ECHILD);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_EXITED(status, 0);
	/* Reaped once, gone for good. */
	CHECK_ERR(SYS(SYS_wait4, pid, &status, 0, 0), ECHILD);
}

static void check_nested(void)
{
	long pid = must_fork();

	if (pid == 0) {
		/* A child can fork and wait for its own children. */
		long me = SYS(SYS_getpid), grandchild;
		int status = 0;

		grandchild = SYS(SYS_clone, SIGCHLD, 0, 0, 0, 0);
		if (grandchild == 0)
			SYS(SYS_exit_group, SYS(SYS_getppid) == me ? 9 : 1);
		if (SYS(SYS_wait4, grandchild, &status, 0, 0) != grandchild)
			SYS(SYS_exit_group, 2);
		SYS(SYS_exit_group, WEXITSTATUS(status));
	}
	CHECK_EXITED(must_wait(pid), 9);
}

int main(void)
{
	check_basic();
	check_many();
	check_nohang();
	check_errors();
	check_nested();
	return check_done();
}
