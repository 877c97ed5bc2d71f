/*
 * The pure cpio parser; see cpio_parse.h. Every length is checked against
 * what is left of the buffer before it is used, so no archive, however
 * broken, makes it read outside buf.
 */
#include "cpio_parse.h"

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses 8 hex digits; returns 0, or -1 on anything else. */
static int parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int d;

	for (int i = 0; i < 8; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static int same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

int cpio_next(const void *buf, size_t len, size_t *off, struct cpio_entry *e)
{
	const char *p = buf;
	size_t pos = *off, name_end, data, next;
	uint32_t *fields[] = {
		&e->ino, &e->mode, &e->uid, &e->gid, &e->nlink, &e->mtime,
		&e->filesize, &e->devmajor, &e->devminor, &e->rdevmajor,
		&e->rdevminor, &e->namesize, &e->check,
	};
	int crc;

	while (pos < len && p[pos] == '\0')
		pos++;
	if (pos == len) {
		*off = pos;
		return CPIO_END;
	}
	/* Headers start 4-aligned; anything else is junk, as for Linux. */
	if (pos & 3)
		return CPIO_ERR_MAGIC;
	*off = pos;
	if (len - pos < CPIO_HEADER_SIZE)
		return same(p + pos, "0707", len - pos < 4 ? len - pos : 4)
			       ? CPIO_ERR_TRUNCATED
			       : CPIO_ERR_MAGIC;
	if (same(p + pos, "070701", 6))
		crc = 0;
	else if (same(p + pos, "070702", 6))
		crc = 1;
	else
		return CPIO_ERR_MAGIC;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (parse_hex8(p + pos + 6 + 8 * i, fields[i]))
			return CPIO_ERR_HEX;

	if (e->namesize == 0)
		return CPIO_ERR_NAME;
	if (e->namesize > len - pos - CPIO_HEADER_SIZE)
		return CPIO_ERR_TRUNCATED;
	e->name = p + pos + CPIO_HEADER_SIZE;
	name_end = pos + CPIO_HEADER_SIZE + e->namesize;
	for (size_t i = 0; i + 1 < e->namesize; i++)
		if (e->name[i] == '\0')
			return CPIO_ERR_NAME;
	if (e->name[e->namesize - 1] != '\0')
		return CPIO_ERR_NAME;

	data = align4(name_end);
	if (data > len || e->filesize > len - data)
		return CPIO_ERR_TRUNCATED;
	e->data = p + data;
	next = align4(data + e->filesize);
	/* The last entry's padding may be cut off; that loses nothing. */
	if (next > len)
		next = len;

	if (e->namesize == 11 && same(e->name, "TRAILER!!!", 11)) {
		*off = next;
		return CPIO_TRAILER;
	}
	if (crc) {
		uint32_t sum = 0;

		for (uint32_t i = 0; i < e->filesize; i++)
			sum += (unsigned char)p[data + i];
		if (sum != e->check)
			return CPIO_ERR_CHECKSUM;
	}
	*off = next;
	return CPIO_OK;
}

const char *cpio_strerror(int status)
{
	static const char *const msgs[] = {
		[-CPIO_ERR_MAGIC] = "no cpio header (bad magic or junk)",
		[-CPIO_ERR_HEX] = "header field is not hexadecimal",
		[-CPIO_ERR_TRUNCATED] = "entry runs past the end",
		[-CPIO_ERR_NAME] = "bad file name",
		[-CPIO_ERR_CHECKSUM] = "data checksum mismatch",
	};

	if (status >= 0)
		return "no error";
	if ((size_t)-status >= sizeof(msgs) / sizeof(msgs[0]))
		return "unknown error";
	return msgs[-status];
}
