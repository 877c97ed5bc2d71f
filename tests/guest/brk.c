/*
 * The raw brk system call, which returns the new break on success and the
 * old one on failure (never -errno): the initial break, growth to zeroed
 * writable memory, unaligned requests, shrinking (the freed pages fault,
 * and come back zeroed), requests below the start or into another mapping
 * that leave the break alone, and a child whose break is its own.
 *
 * Nothing here may call malloc, which could move the break behind our back.
 */
#include <signal.h>
#include <sys/mman.h>

#include "guest.h"

#define PAGE	4096UL

extern char end[];

static unsigned long brk_raw(unsigned long addr)
{
	return (unsigned long)SYS(SYS_brk, addr);
}

static int all_zero(const unsigned char *p, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static void touch(void *arg)
{
	*(volatile char *)arg = 1;
}

int main(void)
{
	unsigned long start = brk_raw(0), cur, big, m;
	int status;
	long pid;

	/* The break starts past the end of .bss, page aligned, and is stable. */
	CHECK(start >= (unsigned long)end);
	CHECK_EQ(start % PAGE, 0);
	CHECK_EQ(brk_raw(0), start);

	/* An unaligned request is granted as asked; the page is usable. */
	CHECK_EQ(brk_raw(start + 100), start + 100);
	CHECK_EQ(brk_raw(0), start + 100);
	CHECK(all_zero((unsigned char *)start, PAGE));
	*(volatile char *)(start + PAGE - 1) = 7;

	/* Growing by 1 MiB gives zeroed, writable memory. */
	big = start + (1UL << 20);
	CHECK_EQ(brk_raw(big), big);
	CHECK(all_zero((unsigned char *)start + PAGE, big - start - PAGE));
	memset((void *)start, 0x5a, big - start);
	CHECK_EQ(*(volatile unsigned char *)(big - 1), 0x5a);

	/* A forked child moves its own break, not ours. */
	pid = must_fork();
	if (pid == 0) {
		if (brk_raw(start + PAGE) != start + PAGE)
			SYS(SYS_exit_group, 2);
		if (brk_raw(0) != start + PAGE)
			SYS(SYS_exit_group, 3);
		SYS(SYS_exit_group, 0);
	}
	CHECK_EXITED(must_wait(pid), 0);
	CHECK_EQ(brk_raw(0), big);
	CHECK_EQ(*(volatile unsigned char *)(big - 1), 0x5a);

	/* Shrinking unmaps the tail: touching it kills a child with SIGSEGV. */
	CHECK_EQ(brk_raw(start + PAGE), start + PAGE);
	CHECK_EQ(brk_raw(0), start + PAGE);
	CHECK_EQ(*(volatile unsigned char *)(start + PAGE - 1), 0x5a);
	status = run_in_child(touch, (void *)(start + 2 * PAGE));
	CHECK_SIGNALED(status, SIGSEGV);

	/* Growing again hands back fresh zeroed pages, not the old contents. */
	CHECK_EQ(brk_raw(start + 4 * PAGE), start + 4 * PAGE);
	CHECK(all_zero((unsigned char *)start + PAGE, 3 * PAGE));

	/* Requests below the start of the heap fail: the old break comes back. */
	cur = brk_raw(0);
	CHECK_EQ(brk_raw(start - PAGE), cur);
	CHECK_EQ(brk_raw(1), cur);
	CHECK_EQ(brk_raw((unsigned long)end - PAGE), cur);
	CHECK_EQ(brk_raw(0), cur);

	/* A break that would run into an existing mapping fails the same way. */
	m = (unsigned long)SYS(SYS_mmap, 0, PAGE, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m > cur);
	if (m > cur) {
		CHECK_EQ(brk_raw(m + PAGE), cur);
		CHECK_EQ(brk_raw(0), cur);
	}
	/* So does an absurd request, such as an address in the kernel half. */
	CHECK_EQ(brk_raw(KERNEL_ADDR), cur);
	CHECK_EQ(brk_raw(~0UL), cur);

	/* Back to where we started: the heap is empty again. */
	CHECK_EQ(brk_raw(start), start);
	CHECK_EQ(brk_raw(0), start);
	return check_done();
}
