/*
 * Every implemented system call that takes a file descriptor, given one
 * that is not open: -1, a large unused number, and one that was just
 * closed. Also the fds that exist but are the wrong kind: writing to a
 * read-only file, a regular file used as a directory, and dirfd being
 * ignored for absolute paths.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "guest.h"

int main(void)
{
	long closed = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
	long bad_fds[] = { -1, 999, 1000000, 0x7fffffff, closed };
	long file = -1, fd;
	struct kernel_stat st;
	struct iovec iov;
	char buf[64], dents[256];
	size_t i;

	CHECK(closed >= 0);
	CHECK_EQ(SYS(SYS_close, closed), 0);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);

	for (i = 0; i < sizeof(bad_fds) / sizeof(bad_fds[0]); i++) {
		long b = bad_fds[i];

		CHECK_ERR(SYS(SYS_read, b, buf, sizeof(buf)), EBADF);
		CHECK_ERR(SYS(SYS_write, b, "x", 1), EBADF);
		CHECK_ERR(SYS(SYS_readv, b, &iov, 1), EBADF);
		CHECK_ERR(SYS(SYS_writev, b, &iov, 1), EBADF);
		CHECK_ERR(SYS(SYS_close, b), EBADF);
		CHECK_ERR(SYS(SYS_fstat, b, &st), EBADF);
		CHECK_ERR(SYS(SYS_lseek, b, 0, SEEK_SET), EBADF);
		CHECK_ERR(SYS(SYS_getdents64, b, dents, sizeof(dents)), EBADF);
		CHECK_ERR(SYS(SYS_ioctl, b, TCGETS, buf), EBADF);
		CHECK_ERR(SYS(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, b, 0),
			  EBADF);
		/* A relative path is looked up from dirfd, which must be open... */
		CHECK_ERR(SYS(SYS_openat, b, "list", O_RDONLY), EBADF);
		CHECK_ERR(SYS(SYS_newfstatat, b, "list", &st, 0), EBADF);
		/* ...but an absolute path ignores dirfd altogether. */
		fd = SYS(SYS_openat, b, "/tests/list", O_RDONLY);
		CHECK(fd >= 0);
		if (fd >= 0)
			SYS(SYS_close, fd);
		CHECK_EQ(SYS(SYS_newfstatat, b, "/tests/list", &st, 0), 0);
	}

	/* A file opened read-only cannot be written. */
	file = SYS(SYS_openat, AT_FDCWD, "/tests/list", O_RDONLY);
	CHECK(file >= 0);
	CHECK_ERR(SYS(SYS_write, file, "x", 1), EBADF);
	CHECK_ERR(SYS(SYS_writev, file, &iov, 1), EBADF);

	/* A regular file is not a directory, as dirfd or for getdents64. */
	CHECK_ERR(SYS(SYS_getdents64, file, dents, sizeof(dents)), ENOTDIR);
	CHECK_ERR(SYS(SYS_openat, file, "x", O_RDONLY), ENOTDIR);
	CHECK_ERR(SYS(SYS_newfstatat, file, "x", &st, 0), ENOTDIR);

	/* Closing twice: the second close finds nothing. */
	CHECK_EQ(SYS(SYS_close, file), 0);
	CHECK_ERR(SYS(SYS_close, file), EBADF);
	CHECK_ERR(SYS(SYS_read, file, buf, 1), EBADF);
	return check_done();
}
