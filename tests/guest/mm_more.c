/* mremap, msync, madvise and mincore, with their error cases. */
#define _GNU_SOURCE
#include <sys/mman.h>

#include "guest.h"

#define PG 4096UL

static char *map(size_t len)
{
	return (char *)SYS(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void check_mremap(void)
{
	char *p = map(4 * PG), *q, *r;

	for (int i = 0; i < 4; i++)
		p[i * PG] = 'a' + i;
	/* Shrinking in place keeps the address and the contents. */
	CHECK_EQ(SYS(SYS_mremap, p, 4 * PG, 2 * PG, 0, 0), (long)p);
	CHECK_EQ(p[PG], 'b');
	/* Growing may move with MAYMOVE; the data comes along. */
	SYS(SYS_mmap, p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_FIXED, -1, 0);
	CHECK_ERR(SYS(SYS_mremap, p, 2 * PG, 8 * PG, 0, 0), ENOMEM);
	q = (char *)SYS(SYS_mremap, p, 2 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
	CHECK((long)q > 0 && q != p);
	CHECK_EQ(q[0], 'a');
	CHECK_EQ(q[PG], 'b');
	CHECK_EQ(q[7 * PG], 0);
	q[7 * PG] = 'z';
	/* MREMAP_FIXED puts it exactly where asked. */
	r = map(16 * PG);
	SYS(SYS_munmap, r, 16 * PG);
	CHECK_EQ(SYS(SYS_mremap, q, 8 * PG, 8 * PG,
		     MREMAP_MAYMOVE | MREMAP_FIXED, r), (long)r);
	CHECK_EQ(r[7 * PG], 'z');
	CHECK_EQ(r[0], 'a');
	/* Errors. */
	CHECK_ERR(SYS(SYS_mremap, r + 1, PG, PG, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mremap, r, PG, 2 * PG, 8, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mremap, r, PG, 2 * PG, MREMAP_FIXED, r), EINVAL);
	CHECK_ERR(SYS(SYS_mremap, r, PG, 0, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_mremap, unmapped_addr(), PG, PG, 0, 0), EFAULT);
	SYS(SYS_munmap, r, 8 * PG);
	SYS(SYS_munmap, p, 3 * PG);
}

static void check_msync(void)
{
	char *p = map(2 * PG);

	CHECK_EQ(SYS(SYS_msync, p, 2 * PG, MS_SYNC), 0);
	CHECK_EQ(SYS(SYS_msync, p, PG, MS_ASYNC | MS_INVALIDATE), 0);
	CHECK_EQ(SYS(SYS_msync, p, 0, MS_SYNC), 0);
	CHECK_ERR(SYS(SYS_msync, p + 1, PG, MS_SYNC), EINVAL);
	CHECK_ERR(SYS(SYS_msync, p, PG, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR(SYS(SYS_msync, p, PG, 8), EINVAL);
	SYS(SYS_munmap, p, 2 * PG);
	CHECK_ERR(SYS(SYS_msync, p, PG, MS_SYNC), ENOMEM);
}

static void check_madvise_mincore(void)
{
	char *p = map(4 * PG);
	unsigned char vec[4];

	p[0] = 1;
	p[2 * PG] = 2;
	CHECK_EQ(SYS(SYS_mincore, p, 4 * PG, vec), 0);
	CHECK_EQ(vec[0] & 1, 1);
	CHECK_EQ(vec[1] & 1, 0);
	CHECK_EQ(vec[2] & 1, 1);
	CHECK_EQ(vec[3] & 1, 0);
	CHECK_ERR(SYS(SYS_mincore, p + 1, PG, vec), EINVAL);
	CHECK_ERR(SYS(SYS_mincore, p, PG, unmapped_addr()), EFAULT);
	/* Hints succeed; DONTNEED makes private memory read as zero. */
	CHECK_EQ(SYS(SYS_madvise, p, 4 * PG, MADV_WILLNEED), 0);
	CHECK_EQ(SYS(SYS_madvise, p, 4 * PG, MADV_SEQUENTIAL), 0);
	CHECK_EQ(SYS(SYS_madvise, p, PG, MADV_DONTNEED), 0);
	CHECK_EQ(p[0], 0);
	CHECK_EQ(p[2 * PG], 2);
	CHECK_ERR(SYS(SYS_madvise, p + 1, PG, MADV_NORMAL), EINVAL);
	CHECK_ERR(SYS(SYS_madvise, p, PG, 5), EINVAL);
	CHECK_ERR(SYS(SYS_madvise, p, PG, 1000), EINVAL);
	SYS(SYS_munmap, p, 4 * PG);
	CHECK_ERR(SYS(SYS_madvise, p, PG, MADV_NORMAL), ENOMEM);
	CHECK_ERR(SYS(SYS_mincore, p, PG, vec), ENOMEM);
}

int main(void)
{
	check_mremap();
	check_msync();
	check_madvise_mincore();
	return check_done();
}
