/*
 * memfd_create: an unnamed regular file (mode 0777, nlink 0, named
 * "/memfd:<name> (deleted)" in /proc) that reads, writes, truncates and
 * maps shared like a tmpfs file; MFD_CLOEXEC; seals: F_SEAL_SEAL alone
 * without MFD_ALLOW_SEALING, and with it F_SEAL_SHRINK, F_SEAL_GROW and
 * F_SEAL_SEAL added and enforced; epoll refuses it (EPERM); EINVAL for
 * bad flags, unknown seals and names over 249 bytes, EFAULT for bad
 * names.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "guest.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#define MFD_ALLOW_SEALING 2U
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 1
#define F_SEAL_SHRINK 2
#define F_SEAL_GROW 4
#endif

static void check_errors(void)
{
	char name[260];
	int fd;

	CHECK_ERR(SYS(SYS_memfd_create, "x", 8), EINVAL);
	CHECK_ERR(SYS(SYS_memfd_create, "x", 0x100), EINVAL);
	CHECK_ERR(SYS(SYS_memfd_create, "x", -1), EINVAL);
	CHECK_ERR(SYS(SYS_memfd_create, NULL, 0), EFAULT);
	CHECK_ERR(SYS(SYS_memfd_create, unmapped_addr(), 0), EFAULT);
	/* The flags are checked before the name. */
	CHECK_ERR(SYS(SYS_memfd_create, NULL, 8), EINVAL);
	memset(name, 'a', sizeof(name));
	name[250] = '\0';
	CHECK_ERR(SYS(SYS_memfd_create, name, 0), EINVAL);
	name[249] = '\0';
	fd = SYS(SYS_memfd_create, name, 0);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
	fd = SYS(SYS_memfd_create, "", 0);
	CHECK(fd >= 0);
	SYS(SYS_close, fd);
}

static void check_file(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char buf[64], path[64];
	struct stat st;
	char *map;
	int fd, efd;
	long n;

	fd = SYS(SYS_memfd_create, "test", MFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFL), O_RDWR | O_LARGEFILE);
	CHECK_EQ(SYS(SYS_fstat, fd, &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0777);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_uid, SYS(SYS_getuid));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = SYS(SYS_readlinkat, AT_FDCWD, path, buf, sizeof(buf));
	CHECK_EQ(n, (long)strlen("/memfd:test (deleted)"));
	if (n > 0)
		CHECK_MEM(buf, "/memfd:test (deleted)", (size_t)n);

	CHECK_EQ(SYS(SYS_write, fd, "hello", 5), 5);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	CHECK_EQ(SYS(SYS_read, fd, buf, sizeof(buf)), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK_ERR(SYS(SYS_write, fd, unmapped_addr(), 5), EFAULT);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 8192), 0);
	map = (char *)SYS(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, 0);
	CHECK((long)map > 0 || (long)map < -4096);
	if ((long)map > 0 || (long)map < -4096) {
		CHECK_MEM(map, "hello", 5);
		memcpy(map + 4096, "page", 4);
		CHECK_EQ(SYS(SYS_lseek, fd, 4096, SEEK_SET), 4096);
		CHECK_EQ(SYS(SYS_read, fd, buf, 4), 4);
		CHECK_MEM(buf, "page", 4);
		SYS(SYS_munmap, map, 8192);
	}
	/* Not pollable: epoll refuses it, as a regular file. */
	efd = SYS(SYS_epoll_create1, 0);
	CHECK_ERR(SYS(SYS_epoll_ctl, efd, EPOLL_CTL_ADD, fd, &ev), EPERM);
	SYS(SYS_close, efd);
	SYS(SYS_close, fd);
}

static void check_seals(void)
{
	int fd;

	/* Without MFD_ALLOW_SEALING the file is sealed against seals. */
	fd = SYS(SYS_memfd_create, "sealed", 0);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GETFD), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, 0x100), EINVAL);
	SYS(SYS_close, fd);

	fd = SYS(SYS_memfd_create, "seals", MFD_ALLOW_SEALING);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GET_SEALS), 0);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, 0x100), EINVAL);
	CHECK_EQ(SYS(SYS_write, fd, "0123456789", 10), 10);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GET_SEALS), F_SEAL_SHRINK);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 5), EPERM);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 20), 0);
	CHECK_EQ(SYS(SYS_ftruncate, fd, 20), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	CHECK_ERR(SYS(SYS_ftruncate, fd, 21), EPERM);
	/* Writes inside the size go on; past it they are refused. */
	CHECK_EQ(SYS(SYS_lseek, fd, 18, SEEK_SET), 18);
	CHECK_EQ(SYS(SYS_write, fd, "ab", 2), 2);
	CHECK_EQ(SYS(SYS_lseek, fd, 18, SEEK_SET), 18);
	CHECK_ERR(SYS(SYS_write, fd, "abc", 3), EPERM);
	CHECK_EQ(SYS(SYS_lseek, fd, 20, SEEK_SET), 20);
	CHECK_ERR(SYS(SYS_write, fd, "x", 1), EPERM);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SEAL), 0);
	CHECK_EQ(SYS(SYS_fcntl, fd, F_GET_SEALS),
		 F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	CHECK_ERR(SYS(SYS_fcntl, fd, F_ADD_SEALS, 0), EPERM);
	SYS(SYS_close, fd);
}

int main(void)
{
	check_errors();
	check_file();
	check_seals();
	return check_done();
}
