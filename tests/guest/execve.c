/*
 * execve: running another test binary, a new image of this one that gets
 * the same pid and a fresh address space, and the errors for paths that
 * are missing, not files, not executable, or bad pointers. A failed execve
 * must leave the calling image untouched.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "guest.h"

#define SELF	"/tests/execve"
#define NOT_ELF	"/tests/data/not_elf"

static char *empty_env[] = { NULL };

/* The re-executed image: argv[2] is the pid before exec, argv[3] an address. */
static int child_main(char **argv, char **envp)
{
	long old_pid = atol(argv[2]);
	unsigned long addr = strtoul(argv[3], NULL, 16);

	CHECK_EQ(SYS(SYS_getpid), old_pid);
	CHECK(envp[0] && strcmp(envp[0], "EXECVE=child") == 0);
	CHECK(envp[1] == NULL);
	/* The old image's mapping is gone: mapping that address fixed is free. */
	CHECK_EQ(SYS(SYS_mprotect, addr, 4096, PROT_READ), -ENOMEM);
	return check_done();
}

/* Runs an execve in a child and returns its status; 99 means it failed. */
static int exec_status(const char *path, char **argv, char **envp)
{
	long pid = must_fork();

	if (pid == 0) {
		SYS(SYS_execve, path, argv, envp);
		SYS(SYS_exit_group, 99);
	}
	return must_wait(pid);
}

static void check_success(void)
{
	char pid_arg[24], addr_arg[24];
	char *hello_argv[] = { "hello", NULL };
	char *self_argv[] = { "execve", "child", pid_arg, addr_arg, NULL };
	char *self_envp[] = { "EXECVE=child", NULL };
	long pid, addr;

	/* Another test binary runs and exits 0. */
	CHECK_EXITED(exec_status("/tests/hello", hello_argv, empty_env), 0);
	/* Relative paths resolve against the working directory, "/". */
	CHECK_EXITED(exec_status("tests/hello", hello_argv, empty_env), 0);

	/* A new image of this program keeps the pid and loses old mappings. */
	pid = must_fork();
	if (pid == 0) {
		addr = SYS(SYS_mmap, 0, 4096, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		snprintf(pid_arg, sizeof(pid_arg), "%ld", SYS(SYS_getpid));
		snprintf(addr_arg, sizeof(addr_arg), "%lx", addr);
		SYS(SYS_execve, SELF, self_argv, self_envp);
		SYS(SYS_exit_group, 99);
	}
	CHECK_EXITED(must_wait(pid), 0);
}

static void check_errors(void)
{
	static char *argv[] = { "x", NULL };
	struct kernel_stat st;
	int want;

	CHECK_ERR(SYS(SYS_execve, "/tests/no-such-file", argv, empty_env), ENOENT);
	CHECK_ERR(SYS(SYS_execve, "/no-such-dir/x", argv, empty_env), ENOENT);
	CHECK_ERR(SYS(SYS_execve, "", argv, empty_env), ENOENT);
	CHECK_ERR(SYS(SYS_execve, "/tests/list/x", argv, empty_env), ENOTDIR);
	CHECK_ERR(SYS(SYS_execve, "/tests", argv, empty_env), EACCES);
	CHECK_ERR(SYS(SYS_execve, "/", argv, empty_env), EACCES);

	/*
	 * Files that are not ELF images: EACCES without execute permission
	 * (Linux checks that first), ENOEXEC with it. The rootfs decides the
	 * modes; data/not_elf is shipped executable, /tests/list normally not.
	 */
	CHECK_EQ(SYS(SYS_newfstatat, AT_FDCWD, "/tests/list", &st, 0), 0);
	want = (st.st_mode & 0111) ? ENOEXEC : EACCES;
	CHECK_ERR(SYS(SYS_execve, "/tests/list", argv, empty_env), want);
	CHECK_EQ(SYS(SYS_newfstatat, AT_FDCWD, NOT_ELF, &st, 0), 0);
	want = (st.st_mode & 0111) ? ENOEXEC : EACCES;
	CHECK_ERR(SYS(SYS_execve, NOT_ELF, argv, empty_env), want);

	/* Bad pointers for the path, argv, an argv string, and envp. */
	CHECK_ERR(SYS(SYS_execve, 0, argv, empty_env), EFAULT);
	CHECK_ERR(SYS(SYS_execve, unmapped_addr(), argv, empty_env), EFAULT);
	CHECK_ERR(SYS(SYS_execve, KERNEL_ADDR, argv, empty_env), EFAULT);
	CHECK_ERR(SYS(SYS_execve, SELF, unmapped_addr(), empty_env), EFAULT);
	CHECK_ERR(SYS(SYS_execve, SELF, KERNEL_ADDR, empty_env), EFAULT);
	{
		char *bad_argv[] = { "x", (char *)unmapped_addr(), NULL };
		char *kern_argv[] = { (char *)KERNEL_ADDR, NULL };

		CHECK_ERR(SYS(SYS_execve, SELF, bad_argv, empty_env), EFAULT);
		CHECK_ERR(SYS(SYS_execve, SELF, kern_argv, empty_env), EFAULT);
	}
	CHECK_ERR(SYS(SYS_execve, SELF, argv, unmapped_addr()), EFAULT);
	CHECK_ERR(SYS(SYS_execve, SELF, argv, KERNEL_ADDR), EFAULT);

	/* After all those failures this image still works. */
	CHECK(SYS(SYS_getpid) > 0);
}

int main(int argc, char **argv, char **envp)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child_main(argv, envp);
	check_success();
	check_errors();
	return check_done();
}
