/*
 * Helpers for the file system tests (fs_*.c): scratch directories under
 * /tmp, small files, stat through the raw calls, and removal of a whole
 * tree. Everything goes through SYS() so that nothing in libc hides what
 * the kernel did.
 */
#ifndef FS_UTIL_H
#define FS_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "guest.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/* Makes (or truncates) path with the given text; 0 or -errno. */
static inline long fs_put(const char *path, const char *text)
{
	long fd = SYS(SYS_openat, AT_FDCWD, path,
		      O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long n;

	if (fd < 0)
		return fd;
	n = SYS(SYS_write, fd, text, strlen(text));
	SYS(SYS_close, fd);
	return n < 0 ? n : 0;
}

/* Reads a small file into buf (NUL-terminated); length or -errno. */
static inline long fs_get(const char *path, char *buf, size_t size)
{
	long fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY);
	long n;

	if (fd < 0)
		return fd;
	n = SYS(SYS_read, fd, buf, size - 1);
	SYS(SYS_close, fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static inline long fs_stat(const char *path, struct kernel_stat *st)
{
	memset(st, 0, sizeof(*st));
	return SYS(SYS_newfstatat, AT_FDCWD, path, st, 0);
}

static inline long fs_lstat(const char *path, struct kernel_stat *st)
{
	memset(st, 0, sizeof(*st));
	return SYS(SYS_newfstatat, AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* The mode of path (with its type), or -errno. */
static inline long fs_mode(const char *path)
{
	struct kernel_stat st;
	long r = fs_lstat(path, &st);

	return r < 0 ? r : (long)st.st_mode;
}

/*
 * Removes path and everything below it, unmounting what is mounted there
 * first. Quiet: a test calls it before and after itself.
 */
static inline void fs_rm_rf(const char *path)
{
	char buf[2048], sub[512];
	long fd, n;

	while (SYS(SYS_umount2, path, 2 /* MNT_DETACH */) == 0)
		;
	if (SYS(SYS_unlinkat, AT_FDCWD, path, 0) == 0)
		return;
	fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return;
	while ((n = SYS(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
			fs_rm_rf(sub);
		}
	}
	SYS(SYS_close, fd);
	SYS(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR);
}

/* A fresh, empty scratch directory. */
static inline void fs_scratch(const char *path)
{
	fs_rm_rf(path);
	CHECK_EQ(SYS(SYS_mkdirat, AT_FDCWD, path, 0755), 0);
}

/* Counts the names in a directory, "." and ".." included; -errno. */
static inline long fs_count(const char *path)
{
	char buf[2048];
	long fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
	long n, count = 0;

	if (fd < 0)
		return fd;
	while ((n = SYS(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; count++)
			off += ((struct linux_dirent64 *)(buf + off))->d_reclen;
	}
	SYS(SYS_close, fd);
	return n < 0 ? n : count;
}

#endif
