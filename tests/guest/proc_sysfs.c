/*
 * sysfs mounted on /sys: the top-level directories Linux has, their
 * modes, "..", and the errors for making and removing names.
 */
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "proc_util.h"

static const char *const top[] = {
	"kernel", "power", "class", "devices", "dev", "hypervisor", "fs",
	"bus", "firmware", "block", "module",
};

static void test_listing(void)
{
	int seen[sizeof(top) / sizeof(top[0])] = { 0 };
	struct dirent *e;
	DIR *d = opendir("/sys");

	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
			if (!strcmp(e->d_name, top[i]) && e->d_type == DT_DIR)
				seen[i]++;
	}
	if (d)
		closedir(d);
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (seen[i] != 1)
			check_fail(__FILE__, __LINE__, "/sys/%s seen %d times",
				   top[i], seen[i]);
}

static void test_modes(void)
{
	struct stat st, up;

	CHECK_OK(stat("/sys", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0555);
	CHECK_OK(stat("/sys/kernel", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0755);
	CHECK_OK(stat("/sys/class", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0755);
	CHECK_OK(stat("/sys/dev/char", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0755);
	CHECK_OK(stat("/sys/kernel/..", &st));
	CHECK_OK(stat("/sys", &up));
	CHECK_EQ(st.st_ino, up.st_ino);
	CHECK_ERRNO(stat("/sys/nonexistent", &st), ENOENT);
}

static void test_errors(void)
{
	char buf[8];
	int fd;

	CHECK_ERRNO(open("/sys/newfile", O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(SYS(SYS_mkdirat, AT_FDCWD, "/sys/newdir", 0755), EPERM);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, "/sys/kernel", AT_REMOVEDIR),
		  EPERM);
	CHECK_ERR(SYS(SYS_unlinkat, AT_FDCWD, "/sys/nonexistent", 0),
		  ENOENT);
	fd = open("/sys", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_ERR(SYS(SYS_read, fd, buf, sizeof(buf)), EISDIR);
	CHECK_ERR(SYS(SYS_getdents64, fd, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(SYS(SYS_getdents64, fd, unmapped_addr(), 4096), EFAULT);
	close(fd);
}

int main(void)
{
	struct stat st;

	if (stat("/sys/kernel", &st))
		CHECK_OK(SYS(SYS_mount, "sysfs", "/sys", "sysfs", 0, 0));
	test_listing();
	test_modes();
	test_errors();
	return check_done();
}
