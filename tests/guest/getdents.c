/*
 * getdents64 on /tests: the listing has ".", "..", every test binary,
 * "list" and "data", each once, with sane record lengths and types; small
 * buffers return fewer entries per call but the same set; the end is
 * reported as 0 and lseek(0) rewinds. opendir/readdir agree.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"

#define MAX_NAMES	300

struct listing {
	int count;
	char names[MAX_NAMES][64];
	unsigned char types[MAX_NAMES];
};

/* Reads the whole directory with a buffer of bufsize bytes. */
static void list_dir(long fd, size_t bufsize, struct listing *out)
{
	static char buf[32768] __attribute__((aligned(8)));
	long n, pos;

	out->count = 0;
	while ((n = SYS(SYS_getdents64, fd, buf, bufsize)) > 0) {
		for (pos = 0; pos < n; ) {
			struct linux_dirent64 *d = (void *)(buf + pos);
			size_t name_len = strlen(d->d_name);

			CHECK(d->d_reclen >= 19 + name_len + 1);
			CHECK_EQ(d->d_reclen % 8, 0);
			CHECK(d->d_ino != 0);
			CHECK(pos + d->d_reclen <= n);
			if (out->count < MAX_NAMES && name_len < 64) {
				strcpy(out->names[out->count], d->d_name);
				out->types[out->count] = d->d_type;
				out->count++;
			}
			pos += d->d_reclen;
		}
	}
	CHECK_EQ(n, 0);
	/* Once at the end, it stays there. */
	CHECK_EQ(SYS(SYS_getdents64, fd, buf, bufsize), 0);
}

static int find(const struct listing *l, const char *name)
{
	int i, found = -1;

	for (i = 0; i < l->count; i++) {
		if (strcmp(l->names[i], name) == 0) {
			if (found >= 0)
				check_fail(__FILE__, __LINE__, "%s listed twice",
					   name);
			found = i;
		}
	}
	return found;
}

static void expect(const struct listing *l, const char *name, int type)
{
	int i = find(l, name);

	if (i < 0) {
		check_fail(__FILE__, __LINE__, "%s not listed", name);
		return;
	}
	if (l->types[i] != type)
		check_fail(__FILE__, __LINE__, "%s has d_type %d, want %d", name,
			   l->types[i], type);
}

static void same_set(const struct listing *a, const struct listing *b)
{
	int i;

	CHECK_EQ(a->count, b->count);
	for (i = 0; i < a->count; i++)
		if (find(b, a->names[i]) < 0)
			check_fail(__FILE__, __LINE__, "%s missing", a->names[i]);
}

static struct listing big, small, again, lib;

int main(void)
{
	static char list[8192];
	long fd = SYS(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY);
	long len = read_file("/tests/list", list, sizeof(list) - 1);
	char *name, *save;
	DIR *d;
	struct dirent *e;
	int tests = 0;

	CHECK(fd >= 0);
	CHECK(len > 0);
	list_dir(fd, 32768, &big);
	expect(&big, ".", DT_DIR);
	expect(&big, "..", DT_DIR);
	expect(&big, "list", DT_REG);
	expect(&big, "data", DT_DIR);
	expect(&big, "getdents", DT_REG);

	/* Every name in the list is a file in /tests. */
	list[len > 0 ? len : 0] = '\0';
	for (name = strtok_r(list, "\n", &save); name;
	     name = strtok_r(NULL, "\n", &save)) {
		expect(&big, name, DT_REG);
		tests++;
	}
	/* At least the tests, list, data, . and .. are there. */
	CHECK(big.count >= tests + 4);

	/* lseek to 0 rewinds; a buffer for about one entry gives the same set. */
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	list_dir(fd, 48, &small);
	same_set(&big, &small);
	CHECK_EQ(SYS(SYS_lseek, fd, 0, SEEK_SET), 0);
	list_dir(fd, 4096, &again);
	same_set(&big, &again);

	/* /tests/data holds the data files. */
	SYS(SYS_close, fd);
	fd = SYS(SYS_openat, AT_FDCWD, "/tests/data", O_RDONLY | O_DIRECTORY);
	list_dir(fd, 4096, &small);
	expect(&small, "lines.txt", DT_REG);
	expect(&small, ".", DT_DIR);
	SYS(SYS_close, fd);

	/* The C library's directory stream sees the same entries. */
	d = opendir("/tests");
	CHECK(d != NULL);
	lib.count = 0;
	while (d && (e = readdir(d)) != NULL && lib.count < MAX_NAMES) {
		snprintf(lib.names[lib.count], sizeof(lib.names[0]), "%.63s",
			 e->d_name);
		lib.types[lib.count] = e->d_type;
		lib.count++;
	}
	if (d)
		closedir(d);
	same_set(&big, &lib);
	return check_done();
}
