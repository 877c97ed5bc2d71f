/*
 * The newc ("070701") and crc ("070702") cpio formats, parsed without any
 * kernel service so that the host unit tests build the same file.
 *
 * An entry is a 110-byte header of a magic and thirteen 8-digit hex
 * fields, the NUL-terminated name, padding to 4 bytes, the data, padding
 * to 4 bytes. The archive ends with an entry named "TRAILER!!!"; Linux
 * accepts several archives one after the other, with NUL padding between.
 */
#ifndef AKUMA_CPIO_PARSE_H
#define AKUMA_CPIO_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110

struct cpio_entry {
	uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
	uint32_t devmajor, devminor, rdevmajor, rdevminor, namesize, check;
	const char *name;       /* NUL-terminated, inside the archive */
	const void *data;       /* filesize bytes, inside the archive */
};

enum cpio_status {
	CPIO_OK = 0,            /* *e is the next entry */
	CPIO_TRAILER = 1,       /* one archive ended; more may follow */
	CPIO_END = 2,           /* nothing but NUL padding was left */
	CPIO_ERR_MAGIC = -1,    /* no header where one must start */
	CPIO_ERR_HEX = -2,      /* a header field is not 8 hex digits */
	CPIO_ERR_TRUNCATED = -3,/* header, name or data runs past the end */
	CPIO_ERR_NAME = -4,     /* empty name, or not NUL-terminated */
	CPIO_ERR_CHECKSUM = -5, /* a 070702 entry's data does not add up */
};

/*
 * Parses the entry at *off in buf[0, len), skipping NUL padding before it.
 * On CPIO_OK and CPIO_TRAILER, *off moves past the entry; on an error it
 * stays at the entry that is wrong.
 */
int cpio_next(const void *buf, size_t len, size_t *off,
	      struct cpio_entry *e);
const char *cpio_strerror(int status);

#endif
