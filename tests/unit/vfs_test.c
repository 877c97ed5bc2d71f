/*
 * The file system layer on the host: kernel/fs, the console and the file
 * syscalls, over the stubs of kstubs.c. An initramfs made here is
 * unpacked, then paths are resolved and the syscalls called as a program
 * would, each expectation being what Linux 6.1 does. User pointers are
 * host pointers; test_bad_page stands for an unmapped page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kstubs.h"
#include "cpio_writer.h"
#include "fs.h"
#include "unit.h"

#include "file.h"
#include "proc.h"
#include "vfs.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/syscalls.h"

#define U(p) ((u64)(unsigned long)(p))
#define FDCWD ((u64)(s64)AT_FDCWD)

static long sopen(const char *path, u32 flags)
{
	return sys_openat(FDCWD, U(path), flags, 0644, 0, 0);
}

static long sread(long fd, void *buf, size_t n)
{
	return sys_read(fd, U(buf), n, 0, 0, 0);
}

static long swrite(long fd, const void *buf, size_t n)
{
	return sys_write(fd, U(buf), n, 0, 0, 0);
}

static long sclose(long fd)
{
	return sys_close(fd, 0, 0, 0, 0, 0);
}

static long sstat(const char *path, struct linux_stat *st, u32 flags)
{
	return sys_newfstatat(FDCWD, U(path), U(st), flags, 0, 0);
}

/* Reads a whole small file by name into buf (NUL-terminated). */
static long slurp(const char *path, char *buf, size_t size)
{
	long fd = sopen(path, O_RDONLY), n;

	if (fd < 0)
		return fd;
	n = sread(fd, buf, size - 1);
	sclose(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* A chain of 41 symlinks ends at /etc/passwd: "c0" takes 41 to resolve. */
#define CHAIN 41
static char chain_names[CHAIN][16], chain_targets[CHAIN][16];

static void make_image(struct ar *a)
{
	static const struct spec entries[] = {
		{ ".", 040755, 2, 0, 0, 0, "", 0 },
		{ "etc", 040755, 2, 0, 0, 0, "", 0 },
		{ "etc/passwd", 0100644, 1, 1234, 0, 0,
		  "root:x:0:0::/root:/bin/sh\n", 26 },
		{ "bin", 040755, 2, 0, 0, 0, "", 0 },
		{ "bin/busybox", 0100755, 1, 0, 0, 0, "BB", 2 },
		{ "bin/sh", 0120777, 1, 0, 0, 0, "busybox", 7 },
		{ "bin/abs", 0120777, 1, 0, 0, 0, "/etc/passwd", 11 },
		{ "deep/a/b/file", 0100600, 1, 0, 0, 0, "deep", 4 },
		{ "hl1", 0100644, 2, 0, 0, 0, "", 0, 500 },
		{ "hl2", 0100644, 2, 0, 0, 0, "linked", 6, 500 },
		{ "dev/console", 020600, 1, 0, 5, 1, "", 0 },
		{ "loop", 0120777, 1, 0, 0, 0, "loop", 4 },
		{ "dangling", 0120777, 1, 0, 0, 0, "/nowhere", 8 },
		{ "dirlink", 0120777, 1, 0, 0, 0, "etc", 3 },
		{ "empty", 0120777, 1, 0, 0, 0, "x", 1 },
		{ "d/sub", 040700, 2, 0, 0, 0, "", 0 },
		{ "d/f", 0100644, 1, 0, 0, 0, "", 0 },
		{ "d", 040711, 3, 77, 0, 0, "", 0 },
	};

	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		ar_entry(a, "070701", &entries[i]);
	for (int i = 0; i < CHAIN; i++) {
		struct spec s = { chain_names[i], 0120777, 1, 0, 0, 0,
				  chain_targets[i], 0 };

		snprintf(chain_names[i], sizeof(chain_names[i]), "c%d", i);
		if (i + 1 < CHAIN)
			snprintf(chain_targets[i], sizeof(chain_targets[i]),
				 "c%d", i + 1);
		else
			strcpy(chain_targets[i], "/etc/passwd");
		s.size = strlen(chain_targets[i]);
		ar_entry(a, "070701", &s);
	}
	ar_trailer(a);
}

static void setup(void)
{
	struct ar a = { 0 };

	test_thread.proc = &test_proc;
	test_proc.umask = 022;
	test_proc.files = fdtable_alloc();
	vfs_init();
	test_proc.cwd = inode_get(vfs_root());
	make_image(&a);
	CHECK_EQ(cpio_unpack(a.buf, a.len), 0);
	free(a.buf);
	CHECK_EQ(open_console_fds(), 0);
	test_console_len = 0;
}

static const struct {
	const char *path;
	bool follow;
	long want; /* S_IF* type, or -errno */
} lookups[] = {
	{ "/", true, S_IFDIR },
	{ "", true, -ENOENT },
	{ "/etc/passwd", true, S_IFREG },
	{ "//etc///passwd", true, S_IFREG },
	{ "etc/passwd", true, S_IFREG },
	{ "./etc/../etc/./passwd", true, S_IFREG },
	{ "/..", true, S_IFDIR },
	{ "/../../etc", true, S_IFDIR },
	{ "/etc/passwd/", true, -ENOTDIR },
	{ "/etc/passwd/.", true, -ENOTDIR },
	{ "/etc/passwd/..", true, -ENOTDIR },
	{ "/etc/passwd/x", true, -ENOTDIR },
	{ "/etc/none", true, -ENOENT },
	{ "/none/x", true, -ENOENT },
	{ "/none/", true, -ENOENT },
	{ "/bin/sh", true, S_IFREG },
	{ "/bin/sh", false, S_IFLNK },
	{ "/bin/sh/", false, -ENOTDIR },
	{ "/bin/abs", true, S_IFREG },
	{ "/dirlink", false, S_IFLNK },
	{ "/dirlink/", false, S_IFDIR },
	{ "/dirlink/passwd", false, S_IFREG },
	{ "/loop", true, -ELOOP },
	{ "/loop", false, S_IFLNK },
	{ "/loop/x", false, -ELOOP },
	{ "/dangling", true, -ENOENT },
	{ "/dangling", false, S_IFLNK },
	{ "/empty", true, -ENOENT },
	{ "/c0", true, -ELOOP },
	{ "/c1", true, S_IFREG },
	{ "/deep/a/b/file", true, S_IFREG },
	{ "/dev/console", true, S_IFCHR },
	{ "/dev/null", true, S_IFCHR },
};

static void test_lookup(void)
{
	char longname[300];
	struct inode *ino;
	long got;

	for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		ino = vfs_lookup_at(AT_FDCWD, lookups[i].path,
				    lookups[i].follow);
		got = IS_ERR(ino) ? PTR_ERR(ino) : (long)(ino->mode & S_IFMT);
		if (!IS_ERR(ino))
			inode_put(ino);
		if (got != lookups[i].want)
			fprintf(stderr, "lookup %s (follow %d): %ld, want %ld\n",
				lookups[i].path, lookups[i].follow, got,
				lookups[i].want);
		CHECK_EQ(got, lookups[i].want);
	}
	memset(longname, 'n', 256);
	longname[0] = '/';
	longname[257] = '\0';
	ino = vfs_lookup_at(AT_FDCWD, longname, true);
	CHECK_EQ(PTR_ERR(ino), -ENAMETOOLONG);
	longname[256] = '\0'; /* a 255-byte name is fine, just missing */
	ino = vfs_lookup_at(AT_FDCWD, longname, true);
	CHECK_EQ(PTR_ERR(ino), -ENOENT);
}

static void test_unpacked(void)
{
	struct linux_stat st, st2;
	char buf[64];

	CHECK_EQ(slurp("/hl1", buf, sizeof(buf)), 6);
	CHECK(!strcmp(buf, "linked"));
	CHECK_EQ(sstat("/hl1", &st, 0), 0);
	CHECK_EQ(sstat("/hl2", &st2, 0), 0);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(slurp("/deep/a/b/file", buf, sizeof(buf)), 4);
	CHECK_EQ(sstat("/deep/a", &st, 0), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0755);
	/* A directory's time is set after its children are in. */
	CHECK_EQ(sstat("/d", &st, 0), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0711);
	CHECK_EQ(st.st_mtime, 77);
	CHECK_EQ(st.st_nlink, 3); /* ".", its name, "sub/.." */
	CHECK_EQ(st.st_size, 4 * 20);
	CHECK_EQ(sstat("/etc/passwd", &st, 0), 0);
	CHECK_EQ(st.st_mtime, 1234);
	CHECK_EQ(st.st_size, 26);
	CHECK_EQ(st.st_blocks, 8);
	CHECK_EQ(st.st_blksize, 4096);
	CHECK_EQ(sstat("/dev/console", &st, 0), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0600);
	CHECK_EQ(st.st_rdev, 0x501);
	CHECK_EQ(sstat("/bin/sh", &st, AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(st.st_mode, S_IFLNK | 0777);
	CHECK_EQ(st.st_size, 7);
	CHECK_EQ(sstat("/", &st, 0), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0755); /* the archive's "." entry */
}

static void test_open(void)
{
	char buf[64];
	long fd, fd2;

	fd = sopen("/etc/passwd", O_RDONLY);
	CHECK_EQ(fd, 3); /* the lowest free one after the console */
	CHECK_EQ(sread(fd, buf, 4), 4);
	CHECK(!memcmp(buf, "root", 4));
	CHECK_EQ(swrite(fd, "x", 1), -EBADF);
	CHECK_EQ(sread(fd, NULL, 0), 0);
	CHECK_EQ(sread(fd, (void *)0xffff000000001000UL, 0), -EFAULT);
	CHECK_EQ(sread(fd, test_bad_page, 1), -EFAULT);
	CHECK_EQ(sread(fd, buf, (size_t)-1), -EFAULT);
	fd2 = sopen("/etc/passwd", O_RDONLY);
	CHECK_EQ(fd2, 4);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(sclose(fd), -EBADF);
	CHECK_EQ(sopen("/bin/busybox", O_RDONLY), 3);
	CHECK_EQ(sclose(3), 0);
	CHECK_EQ(sclose(fd2), 0);
	CHECK_EQ(sclose(-1), -EBADF);
	CHECK_EQ(sclose(100000), -EBADF);

	CHECK_EQ(sopen("/none", O_RDONLY), -ENOENT);
	CHECK_EQ(sopen("", O_RDONLY), -ENOENT);
	CHECK_EQ(sys_openat(FDCWD, 0, O_RDONLY, 0, 0, 0), -EFAULT);
	CHECK_EQ(sopen("/etc/passwd", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	CHECK_EQ(sopen("/bin/sh", O_RDONLY | O_NOFOLLOW), -ELOOP);
	CHECK_EQ(sopen("/etc", O_WRONLY), -EISDIR);
	CHECK_EQ(sopen("/etc", O_RDWR), -EISDIR);
	CHECK_EQ(sopen("/etc", O_RDONLY | O_CREAT), -EISDIR);
	CHECK_EQ(sopen("/etc/", O_RDONLY | O_CREAT), -EISDIR);
	CHECK_EQ(sopen("/newfile/", O_RDONLY | O_CREAT), -EISDIR);
	CHECK_EQ(sopen("/none/newfile", O_RDONLY | O_CREAT), -ENOENT);
	CHECK_EQ(sopen("/etc/passwd/x", O_RDONLY | O_CREAT), -ENOTDIR);
	CHECK_EQ(sopen("/etc/passwd", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	CHECK_EQ(sopen("/bin/sh", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	CHECK_EQ(sopen("/etc", O_RDONLY | O_DIRECTORY | O_CREAT), -EINVAL);
	CHECK_EQ(sopen("/nonexistent", O_RDONLY | O_DIRECTORY | O_CREAT),
		 -EINVAL);
	CHECK_EQ(sopen("/etc/passwd", O_WRONLY | O_TMPFILE), -ENOTDIR);
	CHECK_EQ(sopen("/tmp", O_RDONLY | O_TMPFILE), -EINVAL);
	CHECK_EQ(sopen("/tmp", __O_TMPFILE | O_RDWR), -EINVAL);

	fd = sopen("/etc", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(sread(fd, buf, 1), -EISDIR);
	CHECK_EQ(sys_openat(fd, U("passwd"), O_RDONLY, 0, 0, 0), fd + 1);
	CHECK_EQ(sclose(fd + 1), 0);
	CHECK_EQ(sys_openat(fd, U("/etc/passwd"), O_RDONLY, 0, 0, 0), fd + 1);
	CHECK_EQ(sclose(fd + 1), 0);
	fd2 = sopen("/etc/passwd", O_RDONLY);
	CHECK_EQ(sys_openat(fd2, U("x"), O_RDONLY, 0, 0, 0), -ENOTDIR);
	CHECK_EQ(sys_openat(999, U("x"), O_RDONLY, 0, 0, 0), -EBADF);
	CHECK_EQ(sys_openat(999, U("/etc/passwd"), O_RDONLY, 0, 0, 0), fd2 + 1);
	CHECK_EQ(sclose(fd2 + 1), 0);
	CHECK_EQ(sclose(fd2), 0);
	CHECK_EQ(sclose(fd), 0);

	/* O_PATH names a file and can do nothing else but fstat and close. */
	fd = sopen("/bin/sh", O_PATH | O_NOFOLLOW);
	CHECK(fd >= 0);
	CHECK_EQ(sread(fd, buf, 1), -EBADF);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), -EBADF);
	CHECK_EQ(sys_ioctl(fd, TCGETS, U(buf), 0, 0, 0), -EBADF);
	{
		struct linux_stat st;

		CHECK_EQ(sys_fstat(fd, U(&st), 0, 0, 0, 0), 0);
		CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
		CHECK_EQ(sys_newfstatat(fd, U(""), U(&st), AT_EMPTY_PATH, 0,
					0), 0);
		CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	}
	CHECK_EQ(sclose(fd), 0);
}

static int list_dir(const char *path, size_t bufsize, char names[][64],
		    int max, u8 *types);

static void test_create_write(void)
{
	struct linux_stat st;
	char buf[8192];
	long fd, fd2;

	fd = sopen("/new", O_CREAT | O_WRONLY | O_EXCL);
	CHECK_EQ(fd, 3);
	CHECK_EQ(swrite(fd, "hello", 5), 5);
	CHECK_EQ(sread(fd, buf, 1), -EBADF);
	CHECK_EQ(sys_fstat(fd, U(&st), 0, 0, 0, 0), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644); /* 0644 & ~022 */
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(sys_fstat(fd, U(test_bad_page), 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(sys_fstat(77, U(&st), 0, 0, 0, 0), -EBADF);
	/* Past the end: a hole of zeroes, not stored. */
	CHECK_EQ(sys_lseek(fd, 10000, SEEK_SET, 0, 0, 0), 10000);
	CHECK_EQ(swrite(fd, "end", 3), 3);
	CHECK_EQ(sys_fstat(fd, U(&st), 0, 0, 0, 0), 0);
	CHECK_EQ(st.st_size, 10003);
	CHECK_EQ(st.st_blocks, 16); /* pages 0 and 2 */
	CHECK_EQ(sclose(fd), 0);

	fd = sopen("/new", O_RDWR);
	CHECK_EQ(sread(fd, buf, sizeof(buf)), 8192);
	CHECK(!memcmp(buf, "hello\0\0", 7));
	CHECK_EQ(buf[8191], 0);
	CHECK_EQ(sread(fd, buf, sizeof(buf)), 10003 - 8192);
	CHECK(!memcmp(buf + 10000 - 8192, "end", 3));
	CHECK_EQ(sread(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_END, 0, 0, 0), 10003);
	CHECK_EQ(sys_lseek(fd, -3, SEEK_CUR, 0, 0, 0), 10000);
	CHECK_EQ(sys_lseek(fd, -1, SEEK_SET, 0, 0, 0), -EINVAL);
	CHECK_EQ(sys_lseek(fd, 0, 5, 0, 0, 0), -EINVAL);
	CHECK_EQ(sys_lseek(fd, 10, SEEK_DATA, 0, 0, 0), 10);
	/* Page 1 was never written: tmpfs calls it a hole. */
	CHECK_EQ(sys_lseek(fd, 10, SEEK_HOLE, 0, 0, 0), 4096);
	CHECK_EQ(sys_lseek(fd, 4096, SEEK_DATA, 0, 0, 0), 8192);
	CHECK_EQ(sys_lseek(fd, 8192, SEEK_HOLE, 0, 0, 0), 10003);
	CHECK_EQ(sys_lseek(fd, 10003, SEEK_DATA, 0, 0, 0), -ENXIO);
	CHECK_EQ(sys_lseek(fd, 0x7fffffffffffffffL, SEEK_SET, 0, 0, 0),
		 0x7fffffffffffffffL);
	CHECK_EQ(sread(fd, buf, 10), -EINVAL); /* pos + count overflows */
	CHECK_EQ(sys_lseek(77, 0, SEEK_SET, 0, 0, 0), -EBADF);

	/* A write that runs into a bad page stops at it. */
	CHECK_EQ(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(swrite(fd, test_bad_page - 100, 200), 100);
	CHECK_EQ(swrite(fd, test_bad_page, 200), -EFAULT);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(sread(fd, test_bad_page - 10, 100), 10);
	CHECK_EQ(sclose(fd), 0);

	/* O_APPEND writes at the end whatever the position. */
	fd = sopen("/new", O_WRONLY | O_APPEND);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(swrite(fd, "!", 1), 1);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 10004);
	CHECK_EQ(sclose(fd), 0);

	/* O_TRUNC empties the file, even opened read-only. */
	fd = sopen("/new", O_RDONLY | O_TRUNC);
	CHECK_EQ(sys_fstat(fd, U(&st), 0, 0, 0, 0), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_blocks, 0);
	CHECK_EQ(sclose(fd), 0);

	/* O_CREAT through a dangling symlink makes its target. */
	fd = sopen("/dl", O_RDONLY);
	CHECK_EQ(fd, -ENOENT);
	CHECK(!IS_ERR(vfs_mknod_at(AT_FDCWD, "/dl", S_IFLNK | 0777, 0,
				   "made")));
	inode_put(vfs_lookup_at(AT_FDCWD, "/dl", false));
	fd = sopen("/dl", O_WRONLY | O_CREAT);
	CHECK(fd >= 0);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(sstat("/made", &st, 0), 0);
	CHECK_EQ(sopen("/dl", O_WRONLY | O_CREAT | O_NOFOLLOW), -ELOOP);

	/* O_TMPFILE: a file with no name, gone at the last close. */
	fd = sopen("/etc", O_RDWR | O_TMPFILE);
	CHECK(fd >= 0);
	CHECK_EQ(swrite(fd, "tmp", 3), 3);
	CHECK_EQ(sys_fstat(fd, U(&st), 0, 0, 0, 0), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644);
	CHECK_EQ(list_dir("/etc", 4096, NULL, 0, NULL), 3);
	CHECK_EQ(sclose(fd), 0);

	/* Two descriptors of one file share nothing but the data. */
	fd = sopen("/new", O_RDWR);
	fd2 = sopen("/new", O_RDWR);
	CHECK_EQ(swrite(fd, "abc", 3), 3);
	CHECK_EQ(sread(fd2, buf, 10), 3);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(sclose(fd2), 0);
}

/* Reads a directory through getdents64; returns the count of names. */
static int list_dir(const char *path, size_t bufsize, char names[][64],
		    int max, u8 *types)
{
	char buf[4096];
	long fd = sopen(path, O_RDONLY | O_DIRECTORY), n;
	int count = 0;

	if (fd < 0)
		return fd;
	while ((n = sys_getdents64(fd, U(buf), bufsize, 0, 0, 0)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			if (count < max) {
				snprintf(names[count], 64, "%s", d->d_name);
				types[count] = d->d_type;
			}
			count++;
			off += d->d_reclen;
		}
	}
	sclose(fd);
	return n < 0 ? (int)n : count;
}

static void test_getdents(void)
{
	char names[64][64], buf[64];
	u8 types[64];
	long fd;
	int n;

	n = list_dir("/bin", 4096, names, 64, types);
	CHECK_EQ(n, 5);
	CHECK(!strcmp(names[0], ".") && types[0] == DT_DIR);
	CHECK(!strcmp(names[1], "..") && types[1] == DT_DIR);
	CHECK(!strcmp(names[2], "busybox") && types[2] == DT_REG);
	CHECK(!strcmp(names[3], "sh") && types[3] == DT_LNK);
	/* One record at a time: the position carries over. */
	CHECK_EQ(list_dir("/bin", 32, names, 64, types), 5);
	CHECK(!strcmp(names[4], "abs"));
	CHECK_EQ(list_dir("/dev", 4096, names, 64, types), 2 + 8);
	CHECK_EQ(types[2], DT_CHR);

	fd = sopen("/bin", O_RDONLY);
	CHECK_EQ(sys_getdents64(fd, U(buf), 10, 0, 0, 0), -EINVAL);
	CHECK_EQ(sys_getdents64(fd, U(test_bad_page), 100, 0, 0, 0), -EFAULT);
	CHECK_EQ(sys_lseek(fd, 3, SEEK_SET, 0, 0, 0), 3);
	CHECK_EQ(sys_getdents64(fd, U(buf), 64, 0, 0, 0), 48); /* sh, abs */
	CHECK(!strcmp(((struct linux_dirent64 *)buf)->d_name, "sh"));
	CHECK_EQ(sys_lseek(fd, 0, SEEK_END, 0, 0, 0), -EINVAL);
	CHECK_EQ(sclose(fd), 0);
	fd = sopen("/etc/passwd", O_RDONLY);
	CHECK_EQ(sys_getdents64(fd, U(buf), 64, 0, 0, 0), -ENOTDIR);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(sys_getdents64(99, U(buf), 64, 0, 0, 0), -EBADF);
}

static void test_stat(void)
{
	struct linux_stat st;

	CHECK_EQ(sstat("/etc/passwd", &st, 0x8000), -EINVAL);
	CHECK_EQ(sys_newfstatat(FDCWD, 0, U(&st), 0x8000, 0, 0), -EINVAL);
	CHECK_EQ(sstat("", &st, 0), -ENOENT);
	CHECK_EQ(sstat("", &st, AT_EMPTY_PATH), 0); /* the cwd */
	CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
	CHECK_EQ(sstat("/etc/passwd", (void *)test_bad_page, 0), -EFAULT);
	CHECK_EQ(sys_newfstatat(FDCWD, U(test_bad_page), U(&st), 0, 0, 0),
		 -EFAULT);
	CHECK_EQ(sys_newfstatat(55, U(""), U(&st), AT_EMPTY_PATH, 0, 0),
		 -EBADF);
	CHECK_EQ(sstat("/loop", &st, 0), -ELOOP);
	CHECK_EQ(sstat("/loop", &st, AT_SYMLINK_NOFOLLOW), 0);
}

static void test_iov(void)
{
	struct linux_iovec iov[3];
	char a[4], b[8];
	long fd = sopen("/etc/passwd", O_RDONLY);

	iov[0] = (struct linux_iovec){ U(a), 4 };
	iov[1] = (struct linux_iovec){ U(b), 0 };
	iov[2] = (struct linux_iovec){ U(b), 8 };
	CHECK_EQ(sys_readv(fd, U(iov), 3, 0, 0, 0), 12);
	CHECK(!memcmp(a, "root", 4) && !memcmp(b, ":x:0:0::", 8));
	CHECK_EQ(sys_readv(fd, U(iov), 1025, 0, 0, 0), -EINVAL);
	CHECK_EQ(sys_readv(fd, U(iov), -1, 0, 0, 0), -EINVAL);
	CHECK_EQ(sys_readv(fd, U(iov), 0, 0, 0, 0), 0);
	CHECK_EQ(sys_readv(fd, U(test_bad_page), 1, 0, 0, 0), -EFAULT);
	CHECK_EQ(sys_writev(fd, U(iov), 1, 0, 0, 0), -EBADF);
	CHECK_EQ(sys_writev(fd, U(iov), 0, 0, 0, 0), -EBADF);
	CHECK_EQ(sys_readv(99, U(iov), 1025, 0, 0, 0), -EBADF);
	iov[1].iov_len = (u64)-1;
	CHECK_EQ(sys_readv(fd, U(iov), 2, 0, 0, 0), -EINVAL);
	/* Only a buffer outside user space fails before anything is read. */
	iov[1] = (struct linux_iovec){ 0xffff000000001000UL, 1 };
	CHECK_EQ(sys_readv(fd, U(iov), 2, 0, 0, 0), -EFAULT);
	iov[1] = (struct linux_iovec){ U(test_bad_page), 1 };
	CHECK_EQ(sys_readv(fd, U(iov), 2, 0, 0, 0), 4);
	/* Short at the end of the file: the rest is not touched. */
	CHECK_EQ(sys_lseek(fd, 24, SEEK_SET, 0, 0, 0), 24);
	iov[1] = (struct linux_iovec){ U(b), 8 };
	CHECK_EQ(sys_readv(fd, U(iov), 2, 0, 0, 0), 2);
	CHECK_EQ(sclose(fd), 0);

	iov[0] = (struct linux_iovec){ U("ab"), 2 };
	iov[1] = (struct linux_iovec){ U("cd\n"), 3 };
	CHECK_EQ(sys_writev(1, U(iov), 2, 0, 0, 0), 5);
	CHECK_EQ(test_console_len, 6);
	CHECK(!memcmp(test_console, "abcd\r\n", 6));
	test_console_len = 0;
}

static void test_devices(void)
{
	char buf[16];
	long fd;

	fd = sopen("/dev/null", O_RDWR);
	CHECK_EQ(sread(fd, buf, 16), 0);
	CHECK_EQ(swrite(fd, test_bad_page, 16), 16);
	CHECK_EQ(sys_lseek(fd, 100, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(sys_ioctl(fd, TCGETS, U(buf), 0, 0, 0), -ENOTTY);
	CHECK_EQ(sclose(fd), 0);
	fd = sopen("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	CHECK_EQ(sread(fd, buf, 16), 16);
	CHECK_EQ(buf[0] | buf[15], 0);
	CHECK_EQ(sread(fd, test_bad_page - 8, 16), 8);
	CHECK_EQ(sclose(fd), 0);
	fd = sopen("/dev/full", O_WRONLY);
	CHECK_EQ(swrite(fd, "x", 1), -ENOSPC);
	CHECK_EQ(sclose(fd), 0);
	fd = sopen("/dev/urandom", O_RDONLY);
	CHECK_EQ(sread(fd, buf, 16), 16);
	CHECK_EQ(sys_lseek(fd, 100, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(sclose(fd), 0);
	/* Without a controlling terminal /dev/tty is ENXIO, as Linux's. */
	CHECK_EQ(sopen("/dev/tty", O_RDWR), -ENXIO);
	fd = sopen("/dev/console", O_RDWR);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), -ESPIPE);
	CHECK_EQ(sys_lseek(fd, 0, 9, 0, 0, 0), -EINVAL);
	CHECK_EQ(sclose(fd), 0);
}

static void feed(const char *s)
{
	while (*s)
		tty_receive_char(*s++);
}

static bool console_is(const char *want)
{
	bool ok = test_console_len == strlen(want) &&
		  !memcmp(test_console, want, test_console_len);

	if (!ok)
		fprintf(stderr, "console has \"%.*s\", want \"%s\"\n",
			(int)test_console_len, test_console, want);
	test_console_len = 0;
	return ok;
}

static void test_console_tty(void)
{
	struct linux_termios t;
	struct linux_winsize ws;
	char buf[64];
	int n, on = 1;
	long fd = sopen("/dev/console", O_RDWR | O_NONBLOCK);

	CHECK_EQ(swrite(fd, "a\nb", 3), 3);
	CHECK(console_is("a\r\nb"));
	CHECK_EQ(sys_ioctl(fd, TCGETS, U(&t), 0, 0, 0), 0);
	CHECK_EQ(t.c_iflag, ICRNL | IXON);
	CHECK_EQ(t.c_oflag, OPOST | ONLCR);
	CHECK_EQ(t.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
				    ECHOKE | IEXTEN);
	CHECK_EQ(t.c_cc[VERASE], 0x7f);
	CHECK_EQ(t.c_cc[VMIN], 1);
	CHECK_EQ(sys_ioctl(fd, TIOCGWINSZ, U(&ws), 0, 0, 0), 0);
	CHECK(ws.ws_row == 0 && ws.ws_col == 0); /* Linux's serial console */
	ws.ws_row = 24;
	ws.ws_col = 80;
	CHECK_EQ(sys_ioctl(fd, TIOCSWINSZ, U(&ws), 0, 0, 0), 0);
	memset(&ws, 0, sizeof(ws));
	CHECK_EQ(sys_ioctl(fd, TIOCGWINSZ, U(&ws), 0, 0, 0), 0);
	CHECK(ws.ws_row == 24 && ws.ws_col == 80);
	CHECK_EQ(sys_ioctl(fd, TIOCGWINSZ, U(test_bad_page), 0, 0, 0),
		 -EFAULT);
	CHECK_EQ(sys_ioctl(fd, 0x1234, 0, 0, 0, 0), -ENOTTY);

	/* Canonical input: nothing until the line ends, then one line. */
	CHECK_EQ(sread(fd, buf, 64), -EAGAIN);
	feed("hi");
	CHECK_EQ(sread(fd, buf, 64), -EAGAIN);
	feed("\r");
	CHECK(console_is("hi\r\n"));
	CHECK_EQ(sys_ioctl(fd, FIONREAD, U(&n), 0, 0, 0), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(sread(fd, buf, 64), 3);
	CHECK(!memcmp(buf, "hi\n", 3));
	/* Erase, word erase, kill. */
	feed("ab\x7f" "c\n");
	CHECK(console_is("ab\b \bc\r\n"));
	CHECK_EQ(sread(fd, buf, 64), 3);
	CHECK(!memcmp(buf, "ac\n", 3));
	feed("one two\x17x\n");
	CHECK_EQ(sread(fd, buf, 64), 6);
	CHECK(!memcmp(buf, "one x\n", 6));
	test_console_len = 0;
	feed("junk\x15ok\n");
	CHECK_EQ(sread(fd, buf, 64), 3);
	CHECK(console_is("junk\b \b\b \b\b \b\b \bok\r\n"));
	/* Control characters echo as ^X and erase as two columns. */
	feed("\x01\x7f\n");
	CHECK(console_is("^A\b \b\b \b\r\n"));
	CHECK_EQ(sread(fd, buf, 64), 1);
	/* A line longer than the buffer comes in pieces. */
	feed("abcdef\n");
	CHECK_EQ(sread(fd, buf, 4), 4);
	CHECK_EQ(sread(fd, buf, 64), 3);
	/* ^D: ends a line without itself; on an empty line, end of file. */
	feed("xy\x04");
	CHECK_EQ(sread(fd, buf, 64), 2);
	feed("\x04");
	CHECK_EQ(sread(fd, buf, 64), 0);
	CHECK_EQ(sread(fd, buf, 64), -EAGAIN);
	/* ^C drops the line and echoes. */
	test_console_len = 0;
	feed("abc\x03");
	CHECK(console_is("abc^C"));
	CHECK_EQ(sread(fd, buf, 64), -EAGAIN);
	/* Raw mode: bytes as they come, no echo, \r kept with ICRNL off. */
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_iflag &= ~ICRNL;
	CHECK_EQ(sys_ioctl(fd, TCSETS, U(&t), 0, 0, 0), 0);
	feed("q\r");
	CHECK(console_is(""));
	CHECK_EQ(sread(fd, buf, 64), 2);
	CHECK(!memcmp(buf, "q\r", 2));
	/* VMIN 0, VTIME 0: a poll that returns 0, even without O_NONBLOCK. */
	t.c_cc[VMIN] = 0;
	CHECK_EQ(sys_ioctl(fd, TCSETSF, U(&t), 0, 0, 0), 0);
	CHECK_EQ(sys_ioctl(fd, FIONBIO, U(&(int){ 0 }), 0, 0, 0), 0);
	CHECK_EQ(sread(fd, buf, 64), 0);
	CHECK_EQ(sys_ioctl(fd, FIONBIO, U(&on), 0, 0, 0), 0);
	/* Back to canonical: what was typed raw becomes the edited line. */
	feed("zz");
	t.c_lflag |= ICANON | ECHO;
	t.c_iflag |= ICRNL;
	CHECK_EQ(sys_ioctl(fd, TCSETSW, U(&t), 0, 0, 0), 0);
	CHECK_EQ(sread(fd, buf, 64), -EAGAIN);
	feed("\x7f\n");
	CHECK_EQ(sread(fd, buf, 64), 2);
	CHECK(!memcmp(buf, "z\n", 2));
	/* Output processing off: \n goes out as it is. */
	t.c_oflag &= ~OPOST;
	CHECK_EQ(sys_ioctl(fd, TCSETS, U(&t), 0, 0, 0), 0);
	test_console_len = 0;
	CHECK_EQ(swrite(fd, "x\n", 2), 2);
	CHECK(console_is("x\n"));
	t.c_oflag |= OPOST;
	CHECK_EQ(sys_ioctl(fd, TCSETS, U(&t), 0, 0, 0), 0);
	CHECK_EQ(sys_ioctl(fd, TCSETS, U(test_bad_page), 0, 0, 0), -EFAULT);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(test_blocked, 0);
}

static void test_fdtable(void)
{
	struct fdtable *t = test_proc.files, *copy;
	long fd, last = -1;

	fd = sys_openat(FDCWD, U("/etc/passwd"), O_RDONLY | O_CLOEXEC, 0, 0,
			0);
	CHECK_EQ(fd_get_cloexec(fd), 1);
	CHECK_EQ(sys_ioctl(fd, FIONCLEX, 0, 0, 0, 0), 0);
	CHECK_EQ(fd_get_cloexec(fd), 0);
	CHECK_EQ(sys_ioctl(fd, FIOCLEX, 0, 0, 0, 0), 0);
	copy = fdtable_dup(t);
	CHECK(copy != NULL);
	fdtable_close_on_exec(t);
	{
		struct file *f = fd_get(fd);

		CHECK(f == NULL);
	}
	CHECK_EQ(fd_get_cloexec(0), 0);
	fdtable_put(copy);

	/* The table grows to the limit and no further. */
	t->nofile_limit = 100;
	for (;;) {
		fd = sopen("/etc/passwd", O_RDONLY);
		if (fd < 0)
			break;
		last = fd;
	}
	CHECK_EQ(fd, -EMFILE);
	CHECK_EQ(last, 99);
	CHECK_EQ(sclose(50), 0);
	CHECK_EQ(sopen("/etc/passwd", O_RDONLY), 50);
	for (int i = 3; i <= last; i++)
		sclose(i);
	t->nofile_limit = 1024;
	CHECK_EQ(sopen("/etc/passwd", O_RDONLY), 3);
	CHECK_EQ(sclose(3), 0);
}

/* mount(2) reads a whole page of options, as Linux's does. */
static long smount(const char *src, const char *dir, const char *type,
		   unsigned long flags, const char *data)
{
	static char page[4096];

	if (!data)
		return sys_mount(U(src), U(dir), U(type), flags, 0, 0);
	strcpy(page, data);
	return sys_mount(U(src), U(dir), U(type), flags, U(page), 0);
}

/*
 * Mounts, renames and links exercise reference counts: AddressSanitizer
 * catches a use after free, and the page count says a file system that
 * was unmounted gave back its pages.
 */
static void test_mounts_names(void)
{
	static char data[9000];
	char buf[256], *mounts;
	struct linux_stat st;
	size_t pages = test_pages_in_use();
	long fd, fd2;
	int n;

	CHECK_EQ(sys_mkdirat(FDCWD, U("/mt"), 0755, 0, 0, 0), 0);
	CHECK_EQ(smount("x", "/mt", "tmpfs", 0, "size=8k"), 0);
	fd = sys_openat(FDCWD, U("/mt/f"), O_RDWR | O_CREAT, 0644, 0, 0);
	CHECK(fd >= 0);
	CHECK_EQ(swrite(fd, data, sizeof(data)), 8192);
	CHECK_EQ(swrite(fd, data, 1), -ENOSPC);
	CHECK_EQ(test_pages_in_use(), pages + 2);
	CHECK_EQ(sys_umount2(U("/mt"), 0, 0, 0, 0, 0), -EBUSY);
	/* The working directory can go in and out of it. */
	CHECK_EQ(sys_chdir(U("/mt"), 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sys_getcwd(U(buf), sizeof(buf), 0, 0, 0, 0), 4);
	CHECK_EQ(strcmp(buf, "/mt"), 0);
	CHECK_EQ(sys_chdir(U(".."), 0, 0, 0, 0, 0), 0);
	CHECK_EQ(sys_getcwd(U(buf), sizeof(buf), 0, 0, 0, 0), 2);
	/* /proc/mounts lists it; proc itself is not built here. */
	mounts = malloc(4096);
	n = vfs_show_mounts(mounts, 4096);
	CHECK(n > 0);
	CHECK(strstr(mounts, "\nx /mt tmpfs rw,relatime,size=8k,inode64 0 0\n")
	      != NULL);
	CHECK_EQ(strncmp(mounts, "rootfs / rootfs rw,size=", 24), 0);
	free(mounts);
	CHECK_EQ(smount("proc", "/mt", "proc", 0, NULL), -ENODEV);
	/* Detached with a file open: the file works, then all is freed. */
	CHECK_EQ(sys_umount2(U("/mt"), 2 /* MNT_DETACH */, 0, 0, 0, 0), 0);
	CHECK_EQ(sstat("/mt/f", &st, 0), -ENOENT);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	CHECK_EQ(sread(fd, buf, 10), 10);
	CHECK_EQ(sclose(fd), 0);
	CHECK_EQ(test_pages_in_use(), pages);

	/* Renames between directories, exchanges and whiteouts. */
	CHECK_EQ(sys_mkdirat(FDCWD, U("/mt/a"), 0755, 0, 0, 0), 0);
	CHECK_EQ(sys_mkdirat(FDCWD, U("/mt/b"), 0755, 0, 0, 0), 0);
	fd = sopen("/mt/a/f", O_WRONLY | O_CREAT);
	CHECK_EQ(swrite(fd, "aaaa", 4), 4);
	sclose(fd);
	fd = sopen("/mt/b/g", O_WRONLY | O_CREAT);
	CHECK_EQ(swrite(fd, "b", 1), 1);
	sclose(fd);
	CHECK_EQ(sys_renameat2(FDCWD, U("/mt/a/f"), FDCWD, U("/mt/b/g"), 0, 0),
		 0);
	CHECK_EQ(sstat("/mt/b/g", &st, 0), 0);
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(sys_renameat2(FDCWD, U("/mt/a"), FDCWD, U("/mt/b"),
			       2 /* RENAME_EXCHANGE */, 0), 0);
	CHECK_EQ(sstat("/mt/a/g", &st, 0), 0);
	CHECK_EQ(sys_renameat2(FDCWD, U("/mt/a/g"), FDCWD, U("/mt/b/h"),
			       4 /* RENAME_WHITEOUT */, 0), 0);
	CHECK_EQ(sstat("/mt/a/g", &st, AT_SYMLINK_NOFOLLOW), 0);
	CHECK_EQ(st.st_mode, S_IFCHR);
	CHECK_EQ(sys_renameat2(FDCWD, U("/mt/a"), FDCWD, U("/mt/a/x"), 0, 0),
		 -EINVAL);
	/* An O_TMPFILE file named by linkat, then everything removed. */
	fd = sys_openat(FDCWD, U("/mt"), O_TMPFILE | O_RDWR, 0600, 0, 0);
	CHECK(fd >= 0);
	CHECK_EQ(swrite(fd, "t", 1), 1);
	CHECK_EQ(sys_linkat(fd, U(""), FDCWD, U("/mt/t"), AT_EMPTY_PATH, 0),
		 0);
	/* Record locks: ours never conflict; an OFD lock of another open
	 * file does. */
	fd2 = sopen("/mt/t", O_RDWR);
	{
		struct linux_flock fl = { F_WRLCK, SEEK_SET, 0, 10, 0 };

		CHECK_EQ(sys_fcntl(fd, F_SETLK, U(&fl), 0, 0, 0), 0);
		CHECK_EQ(sys_fcntl(fd2, F_SETLK, U(&fl), 0, 0, 0), 0);
		CHECK_EQ(sys_fcntl(fd, F_OFD_SETLK, U(&fl), 0, 0, 0), -EAGAIN);
		CHECK_EQ(sys_fcntl(fd2, F_GETLK, U(&fl), 0, 0, 0), 0);
		CHECK_EQ(fl.l_type, F_UNLCK);
	}
	sclose(fd2);
	sclose(fd);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/t"), 0, 0, 0, 0), 0);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/a/g"), 0, 0, 0, 0), 0);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/b/h"), 0, 0, 0, 0), 0);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/a"), AT_REMOVEDIR, 0, 0, 0), 0);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/b"), AT_REMOVEDIR, 0, 0, 0), 0);
	CHECK_EQ(test_pages_in_use(), pages);

	/* A sparse file: pages far apart, then trimmed and freed. */
	fd = sopen("/mt/sparse", O_RDWR | O_CREAT);
	for (long off = 0; off < 6; off++) {
		long at = (1L << (12 + 9 * off)) + off;

		CHECK_EQ(sys_lseek(fd, at, SEEK_SET, 0, 0, 0), at);
		CHECK_EQ(swrite(fd, "s", 1), 1);
	}
	CHECK_EQ(test_pages_in_use(), pages + 6);
	CHECK_EQ(sys_lseek(fd, 0, SEEK_DATA, 0, 0, 0), 4096);
	CHECK_EQ(sys_lseek(fd, 8192, SEEK_DATA, 0, 0, 0), 1L << 21);
	CHECK_EQ(sys_lseek(fd, 4097, SEEK_HOLE, 0, 0, 0), 8192);
	CHECK_EQ(sys_lseek(fd, (1L << 39) + 5, SEEK_DATA, 0, 0, 0),
		 (1L << 39) + 5);
	CHECK_EQ(sys_lseek(fd, (1L << 39) + 5, SEEK_HOLE, 0, 0, 0),
		 (1L << 39) + 4096);
	CHECK_EQ(sys_ftruncate(fd, 1L << 30, 0, 0, 0, 0), 0);
	CHECK_EQ(test_pages_in_use(), pages + 2);
	CHECK_EQ(sys_ftruncate(fd, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(test_pages_in_use(), pages);
	CHECK_EQ(swrite(fd, "s", 1), 1);
	sclose(fd);
	CHECK_EQ(sys_unlinkat(FDCWD, U("/mt/sparse"), 0, 0, 0, 0), 0);
	CHECK_EQ(test_pages_in_use(), pages);
	CHECK_EQ(test_mutex_depth, 0);
}

int main(void)
{
	size_t pages;

	test_bad_page = aligned_alloc(4096, 8192) + 4096;
	setup();
	test_lookup();
	test_unpacked();
	test_open();
	test_create_write();
	test_getdents();
	test_stat();
	test_iov();
	test_devices();
	test_console_tty();
	test_fdtable();
	test_mounts_names();
	CHECK_EQ(test_mutex_depth, 0);
	/* Removing /new frees the one page it still has. */
	pages = test_pages_in_use();
	CHECK_EQ(vfs_unlink_in(vfs_root(), "/new", false), 0);
	CHECK_EQ(test_pages_in_use(), pages - 1);
	return unit_done("vfs_test");
}
