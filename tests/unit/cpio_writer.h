/*
 * Writes newc and crc cpio archives in memory, for the tests that parse
 * or unpack them.
 */
#ifndef CPIO_WRITER_H
#define CPIO_WRITER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpio_parse.h"

struct ar {
	unsigned char *buf;
	size_t len, cap;
};

static inline void ar_put(struct ar *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 64;
		a->buf = realloc(a->buf, a->cap);
		if (!a->buf)
			abort();
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static inline void ar_pad(struct ar *a)
{
	while (a->len % 4)
		ar_put(a, "", 1);
}

struct spec {
	const char *name;
	uint32_t mode, nlink, mtime, rmaj, rmin;
	const char *data;
	size_t size;
	uint32_t ino; /* 0: a number of its own */
};

static inline void ar_entry(struct ar *a, const char *magic,
			    const struct spec *s)
{
	char hdr[CPIO_HEADER_SIZE + 32];
	uint32_t sum = 0;

	for (size_t i = 0; i < s->size; i++)
		sum += (unsigned char)s->data[i];
	snprintf(hdr, sizeof(hdr),
		 "%.6s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 magic, s->ino ? s->ino : (unsigned)(a->len + 1), s->mode, 0u,
		 0u, s->nlink,
		 s->mtime, (unsigned)s->size, 0u, 0u, s->rmaj, s->rmin,
		 (unsigned)strlen(s->name) + 1, strcmp(magic, "070702") ? 0u : sum);
	ar_put(a, hdr, CPIO_HEADER_SIZE);
	ar_put(a, s->name, strlen(s->name) + 1);
	ar_pad(a);
	ar_put(a, s->data, s->size);
	ar_pad(a);
}

static inline void ar_trailer(struct ar *a)
{
	static const struct spec t = { "TRAILER!!!", 0, 1, 0, 0, 0, "", 0, 0 };

	ar_entry(a, "070701", &t);
	while (a->len % 512)
		ar_put(a, "", 1);
}

#endif
