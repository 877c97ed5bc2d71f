/*
 * mmap and munmap: anonymous memory is zeroed and private, MAP_FIXED
 * replaces exactly the pages asked for, munmap can punch a hole, private
 * file mappings show the file and keep writes to themselves, the page past
 * end of file reads as zeros and the one after raises SIGBUS, and the
 * argument checks give Linux's errno values.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>

#include "guest.h"

#define PAGE	4096UL
#define SELF	"/tests/mmap"

static long map(unsigned long addr, unsigned long len, long prot, long flags,
		long fd, unsigned long off)
{
	return SYS(SYS_mmap, addr, len, prot, flags, fd, off);
}

static long anon(unsigned long len)
{
	return map(0, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int is_fill(const void *p, int c, unsigned long len)
{
	const unsigned char *b = p;
	unsigned long i;

	for (i = 0; i < len; i++)
		if (b[i] != (unsigned char)c)
			return 0;
	return 1;
}

static void touch(void *arg)
{
	*(volatile char *)arg = 1;
}

static void peek(void *arg)
{
	(void)*(volatile char *)arg;
}

static void check_anonymous(void)
{
	long a = anon(3 * PAGE), b, pid;

	CHECK(a > 0);
	CHECK_EQ(a % PAGE, 0);
	CHECK(is_fill((void *)a, 0, 3 * PAGE));
	memset((void *)a, 0x11, 3 * PAGE);

	/* A second mapping does not overlap the first. */
	b = anon(PAGE);
	CHECK(b + (long)PAGE <= a || b >= a + 3 * (long)PAGE);
	CHECK(is_fill((void *)b, 0, PAGE));

	/* A length that is not a page multiple is rounded up to whole pages. */
	b = anon(5000);
	CHECK(b > 0);
	*(volatile char *)(b + 2 * PAGE - 1) = 1;
	CHECK_EQ(SYS(SYS_munmap, b, 5000), 0);

	/* The fd is ignored for anonymous memory. */
	b = map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 999, 0);
	CHECK(b > 0);
	CHECK_EQ(SYS(SYS_munmap, b, PAGE), 0);

	/* Private anonymous memory is copied on fork, not shared. */
	pid = must_fork();
	if (pid == 0) {
		int ok = is_fill((void *)a, 0x11, 3 * PAGE);

		memset((void *)a, 0x22, PAGE);
		SYS(SYS_exit_group, ok ? 0 : 1);
	}
	CHECK_EXITED(must_wait(pid), 0);
	CHECK(is_fill((void *)a, 0x11, 3 * PAGE));
	CHECK_EQ(SYS(SYS_munmap, a, 3 * PAGE), 0);
}

static void check_fixed_and_holes(void)
{
	long a = anon(4 * PAGE), r;

	memset((void *)a, 0x33, 4 * PAGE);
	r = map(a + PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_EQ(r, a + PAGE);
	CHECK(is_fill((void *)a, 0x33, PAGE));
	CHECK(is_fill((void *)(a + PAGE), 0, 2 * PAGE));
	CHECK(is_fill((void *)(a + 3 * PAGE), 0x33, PAGE));

	/* Unmapping the middle page leaves the neighbours intact. */
	CHECK_EQ(SYS(SYS_munmap, a + PAGE, PAGE), 0);
	CHECK_SIGNALED(run_in_child(peek, (void *)(a + PAGE)), SIGSEGV);
	CHECK_SIGNALED(run_in_child(touch, (void *)(a + PAGE + 100)), SIGSEGV);
	CHECK(is_fill((void *)a, 0x33, PAGE));
	CHECK(is_fill((void *)(a + 2 * PAGE), 0, PAGE));
	CHECK(is_fill((void *)(a + 3 * PAGE), 0x33, PAGE));

	/* Unmapping a range that holes run through, or nothing at all, is fine. */
	CHECK_EQ(SYS(SYS_munmap, a, 4 * PAGE), 0);
	CHECK_EQ(SYS(SYS_munmap, a, 4 * PAGE), 0);
	CHECK_SIGNALED(run_in_child(peek, (void *)a), SIGSEGV);

	/* A PROT_NONE mapping exists but cannot be read. */
	r = map(0, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r > 0);
	CHECK_SIGNALED(run_in_child(peek, (void *)r), SIGSEGV);
	CHECK_EQ(SYS(SYS_munmap, r, PAGE), 0);
}

static void check_file(void)
{
	static unsigned char buf[2 * PAGE];
	struct kernel_stat st;
	long fd = SYS(SYS_openat, AT_FDCWD, SELF, O_RDONLY), m, m2, len;
	unsigned long size, tail;

	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	size = st.st_size;
	CHECK(size > 2 * PAGE);

	m = map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m > 0);
	CHECK_MEM((char *)m, "\177ELF", 4);
	CHECK_EQ(SYS(SYS_read, fd, buf, PAGE), PAGE);
	CHECK_MEM((char *)m, buf, PAGE);

	/* A nonzero offset maps that part of the file. */
	m2 = map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	CHECK(m2 > 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, PAGE), PAGE);
	CHECK_MEM((char *)m2, buf, PAGE);
	CHECK_EQ(SYS(SYS_munmap, m2, PAGE), 0);

	/* Writes to a private, writable mapping of a read-only fd stay private. */
	m2 = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m2 > 0);
	memcpy((void *)m2, "XYZW", 4);
	CHECK_MEM((char *)m2, "XYZW", 4);
	CHECK_MEM((char *)m, "\177ELF", 4);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, 4), 4);
	CHECK_MEM(buf, "\177ELF", 4);

	/* The mapping outlives the fd. */
	CHECK_EQ(SYS(SYS_close, fd), 0);
	CHECK_MEM((char *)m, "\177ELF", 4);
	CHECK_EQ(SYS(SYS_munmap, m, PAGE), 0);
	CHECK_EQ(SYS(SYS_munmap, m2, PAGE), 0);

	/*
	 * Past end of file: the rest of the last page reads as zeros, and a
	 * page wholly beyond it raises SIGBUS.
	 */
	fd = SYS(SYS_openat, AT_FDCWD, SELF, O_RDONLY);
	len = (size + PAGE - 1) / PAGE * PAGE;
	m = map(0, len + PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m > 0);
	tail = len - size;
	if (m > 0 && tail)
		CHECK(is_fill((char *)m + size, 0, tail));
	if (m > 0)
		CHECK_SIGNALED(run_in_child(peek, (char *)m + len), SIGBUS);
	SYS(SYS_munmap, m, len + PAGE);
	SYS(SYS_close, fd);
}

static void check_errors(void)
{
	long fd = SYS(SYS_openat, AT_FDCWD, SELF, O_RDONLY);
	long dir = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	long a = anon(PAGE);

	CHECK_ERR(anon(0), EINVAL);
	CHECK_ERR(map(0, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL);
	CHECK_ERR(map(a + 1, PAGE, PROT_READ,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR(map(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(map(0, PAGE, PROT_READ, 0, fd, 0), EINVAL);
	CHECK_ERR(map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	CHECK_ERR(map(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	CHECK_ERR(map(0, PAGE, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	CHECK_ERR(map(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), ENODEV);
	CHECK_ERR(anon(1UL << 50), ENOMEM);
	CHECK_ERR(map(KERNEL_ADDR, PAGE, PROT_READ,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);

	CHECK_ERR(SYS(SYS_munmap, a + 1, PAGE), EINVAL);
	CHECK_ERR(SYS(SYS_munmap, a, 0), EINVAL);
	CHECK_ERR(SYS(SYS_munmap, KERNEL_ADDR, PAGE), EINVAL);
	CHECK_EQ(SYS(SYS_munmap, a, PAGE), 0);
	SYS(SYS_close, fd);
	SYS(SYS_close, dir);
}

int main(void)
{
	check_anonymous();
	check_fixed_and_holes();
	check_file();
	check_errors();
	return check_done();
}
