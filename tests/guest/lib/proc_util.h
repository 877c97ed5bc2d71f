/*
 * Helpers for the /proc tests (proc_*.c): mounting proc when nobody did,
 * and picking fields out of the text files.
 */
#ifndef PROC_UTIL_H
#define PROC_UTIL_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "guest.h"

/* Mounts proc on /proc unless it is there already; fails the test if not. */
static inline void proc_mount(void)
{
	struct stat st;

	if (stat("/proc/self", &st) == 0)
		return;
	CHECK_OK(SYS(SYS_mount, "proc", "/proc", "proc", 0, 0));
}

/* Reads a whole file into buf (NUL-terminated); its length or -errno. */
static inline long proc_read(const char *path, char *buf, size_t size)
{
	long n = read_file(path, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	return n;
}

/*
 * The value after "key" at the start of a line ("Name:" finds "Name:\tx"),
 * with leading blanks skipped, copied up to the end of the line; NULL if
 * there is no such line.
 */
static inline const char *proc_field(const char *text, const char *key,
				     char *out, size_t size)
{
	size_t klen = strlen(key), n = 0;
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen)) {
			p += klen;
			while (*p == ' ' || *p == '\t')
				p++;
			while (p[n] && p[n] != '\n' && n + 1 < size)
				n++;
			memcpy(out, p, n);
			out[n] = 0;
			return out;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The same, as a number; -1 if the line is missing. */
static inline long proc_field_long(const char *text, const char *key)
{
	char v[64];

	return proc_field(text, key, v, sizeof(v)) ? strtol(v, NULL, 10) : -1;
}

#endif
