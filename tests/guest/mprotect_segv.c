/*
 * mprotect and the faults it makes possible: writes to read-only pages and
 * reads of PROT_NONE pages kill a child with SIGSEGV (seen through wait4),
 * data survives protection changes, code runs from a page only once it is
 * executable, and the argument checks give Linux's errno values.
 */
#include <signal.h>
#include <sys/mman.h>

#include "guest.h"

#define PAGE	4096UL

static const char rodata[] = "read-only data";

static long anon(unsigned long len, long prot)
{
	return SYS(SYS_mmap, 0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static long protect(long addr, unsigned long len, long prot)
{
	return SYS(SYS_mprotect, addr, len, prot);
}

static void touch(void *arg)
{
	*(volatile char *)arg = 1;
}

static void peek(void *arg)
{
	(void)*(volatile char *)arg;
}

/* Calls the function at arg; it returns 42 if it runs. */
static void call(void *arg)
{
	int (*fn)(void) = (int (*)(void))arg;

	if (fn() != 42)
		SYS(SYS_exit_group, 3);
}

static void check_protections(void)
{
	long a = anon(2 * PAGE, PROT_READ | PROT_WRITE);

	memset((void *)a, 0x44, 2 * PAGE);

	/* Read-only: reads see the data, a write kills the child. */
	CHECK_EQ(protect(a, PAGE, PROT_READ), 0);
	CHECK_EQ(*(volatile unsigned char *)a, 0x44);
	CHECK_SIGNALED(run_in_child(touch, (void *)a), SIGSEGV);
	CHECK_SIGNALED(run_in_child(touch, (void *)(a + PAGE - 1)), SIGSEGV);
	/* The other page of the same mapping is still writable. */
	CHECK_EXITED(run_in_child(touch, (void *)(a + PAGE)), 0);

	/* PROT_NONE: even a read kills the child; the data is still there after. */
	CHECK_EQ(protect(a, 2 * PAGE, PROT_NONE), 0);
	CHECK_SIGNALED(run_in_child(peek, (void *)a), SIGSEGV);
	CHECK_SIGNALED(run_in_child(peek, (void *)(a + PAGE)), SIGSEGV);
	CHECK_EQ(protect(a, 2 * PAGE, PROT_READ | PROT_WRITE), 0);
	CHECK_EQ(*(volatile unsigned char *)(a + 2 * PAGE - 1), 0x44);
	*(volatile char *)a = 1;
	CHECK_EQ(SYS(SYS_munmap, a, 2 * PAGE), 0);

	/* A length that is not a page multiple covers the partial page too. */
	a = anon(2 * PAGE, PROT_READ | PROT_WRITE);
	CHECK_EQ(protect(a, PAGE + 1, PROT_READ), 0);
	CHECK_SIGNALED(run_in_child(touch, (void *)(a + PAGE)), SIGSEGV);
	CHECK_EQ(SYS(SYS_munmap, a, 2 * PAGE), 0);

	/* The image's own code and read-only data are not writable. */
	CHECK_SIGNALED(run_in_child(touch, (void *)check_protections), SIGSEGV);
	CHECK_SIGNALED(run_in_child(touch, (void *)rodata), SIGSEGV);
}

static void check_exec(void)
{
	/* mov w0, #42; ret */
	static const uint32_t code[] = { 0x52800540, 0xd65f03c0 };
	long a = anon(PAGE, PROT_READ | PROT_WRITE);

	memcpy((void *)a, code, sizeof(code));
	__builtin___clear_cache((char *)a, (char *)a + sizeof(code));

	/* Writable but not executable: jumping there is a SIGSEGV. */
	CHECK_SIGNALED(run_in_child(call, (void *)a), SIGSEGV);
	CHECK_EQ(protect(a, PAGE, PROT_READ | PROT_EXEC), 0);
	CHECK_EXITED(run_in_child(call, (void *)a), 0);
	/* Executable pages are still protected against writes. */
	CHECK_SIGNALED(run_in_child(touch, (void *)a), SIGSEGV);
	CHECK_EQ(SYS(SYS_munmap, a, PAGE), 0);
}

static void check_errors(void)
{
	long a = anon(3 * PAGE, PROT_READ | PROT_WRITE);

	CHECK_ERR(protect(a + 1, PAGE, PROT_READ), EINVAL);
	CHECK_ERR(protect(a, PAGE, 0x100), EINVAL);
	CHECK_ERR(protect(a, PAGE, -1), EINVAL);
	/* A zero length is a successful no-op. */
	CHECK_EQ(protect(a, 0, PROT_READ), 0);

	/* Unmapped memory, wholly or in part, gives ENOMEM. */
	CHECK_EQ(SYS(SYS_munmap, a + PAGE, PAGE), 0);
	CHECK_ERR(protect(a + PAGE, PAGE, PROT_READ), ENOMEM);
	CHECK_ERR(protect(a, 3 * PAGE, PROT_READ), ENOMEM);
	CHECK_ERR(protect((long)unmapped_addr(), PAGE, PROT_READ), ENOMEM);
	CHECK_ERR(protect(KERNEL_ADDR, PAGE, PROT_READ), ENOMEM);
	SYS(SYS_munmap, a, 3 * PAGE);
}

int main(void)
{
	check_protections();
	check_exec();
	check_errors();
	return check_done();
}
