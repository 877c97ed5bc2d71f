/*
 * The initramfs parser (kernel/fs/cpio_parse.c) on archives this test
 * writes itself: good ones with every padding case, concatenated ones, the
 * crc format, every truncation of a good archive, corrupted headers, and
 * single-byte corruptions of every byte. Each archive is parsed from a
 * heap copy of its exact size, so AddressSanitizer sees any read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpio_parse.h"
#include "cpio_writer.h"
#include "unit.h"

static const struct spec trailer = { "TRAILER!!!", 0, 1, 0, 0, 0, "", 0 };

/* Names of 1..8 bytes and data of 0..7 bytes cover every padding. */
static const struct spec good[] = {
	{ "d", 040755, 2, 100, 0, 0, "", 0 },
	{ "d/f", 0100644, 1, 101, 0, 0, "x", 1 },
	{ "d/ab", 0100600, 1, 102, 0, 0, "xy", 2 },
	{ "d/abc", 0100755, 1, 103, 0, 0, "xyz", 3 },
	{ "d/abcd", 0100644, 1, 104, 0, 0, "wxyz", 4 },
	{ "d/abcde", 0100644, 1, 105, 0, 0, "vwxyz", 5 },
	{ "link", 0120777, 1, 106, 0, 0, "d/abcdef", 8 },
	{ "d/nul", 020666, 1, 107, 1, 3, "", 0 },
	{ "d/abcdef", 0100644, 1, 108, 0, 0, "\0\1\2\3\4\5\6", 7 },
};
#define NGOOD (sizeof(good) / sizeof(good[0]))

static void build_good(struct ar *a, const char *magic)
{
	for (size_t i = 0; i < NGOOD; i++)
		ar_entry(a, magic, &good[i]);
	ar_entry(a, magic, &trailer);
	while (a->len % 512)
		ar_put(a, "", 1);
}

/* Parses a copy of exactly len bytes; fills statuses, returns their count. */
static int parse_all(const void *p, size_t len, int *st, int max,
		     struct cpio_entry *ents)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct cpio_entry e;
	size_t off = 0;
	int n = 0, r;

	memcpy(copy, p, len);
	do {
		r = cpio_next(copy, len, &off, &e);
		if (ents && r == CPIO_OK) {
			/* Names and data point into the copy: keep offsets. */
			e.name = (const char *)((const unsigned char *)e.name -
						copy + (const unsigned char *)p);
			e.data = (const unsigned char *)e.data - copy +
				 (const unsigned char *)p;
			ents[n] = e;
		}
		st[n++] = r;
	} while (r >= 0 && r != CPIO_END && n < max);
	free(copy);
	return n;
}

static void test_good(const char *magic)
{
	struct ar a = { 0 };
	struct cpio_entry ents[NGOOD + 4];
	int st[NGOOD + 4], n;

	build_good(&a, magic);
	n = parse_all(a.buf, a.len, st, NGOOD + 4, ents);
	CHECK_EQ(n, NGOOD + 2);
	for (size_t i = 0; i < NGOOD && i < (size_t)n; i++) {
		CHECK_EQ(st[i], CPIO_OK);
		CHECK(!strcmp(ents[i].name, good[i].name));
		CHECK_EQ(ents[i].mode, good[i].mode);
		CHECK_EQ(ents[i].nlink, good[i].nlink);
		CHECK_EQ(ents[i].mtime, good[i].mtime);
		CHECK_EQ(ents[i].rdevmajor, good[i].rmaj);
		CHECK_EQ(ents[i].rdevminor, good[i].rmin);
		CHECK_EQ(ents[i].filesize, good[i].size);
		CHECK(!memcmp(ents[i].data, good[i].data, good[i].size));
	}
	CHECK_EQ(st[NGOOD], CPIO_TRAILER);
	CHECK_EQ(st[NGOOD + 1], CPIO_END);
	free(a.buf);
}

/* Linux unpacks archives laid one after another, NUL padding between. */
static void test_concatenated(void)
{
	struct ar a = { 0 };
	int st[2 * NGOOD + 8], n, ok = 0, trailers = 0;

	build_good(&a, "070701");
	ar_put(&a, "\0\0\0\0\0\0\0\0", 8);
	build_good(&a, "070702");
	n = parse_all(a.buf, a.len, st, 2 * NGOOD + 8, NULL);
	for (int i = 0; i < n; i++) {
		ok += st[i] == CPIO_OK;
		trailers += st[i] == CPIO_TRAILER;
	}
	CHECK_EQ(ok, 2 * NGOOD);
	CHECK_EQ(trailers, 2);
	CHECK_EQ(st[n - 1], CPIO_END);
	free(a.buf);
}

static void test_empty(void)
{
	int st[4];

	CHECK_EQ(parse_all("", 0, st, 4, NULL), 1);
	CHECK_EQ(st[0], CPIO_END);
	CHECK_EQ(parse_all("\0\0\0\0\0\0\0\0", 8, st, 4, NULL), 1);
	CHECK_EQ(st[0], CPIO_END);
}

/*
 * Every prefix of a good archive: a cut inside an entry's header, name or
 * data is CPIO_ERR_TRUNCATED after the entries before it; a cut between
 * entries (or inside the padding after data) ends cleanly.
 */
static void test_truncated(void)
{
	struct ar a = { 0 };
	size_t starts[NGOOD + 1], data_end[NGOOD];
	int st[NGOOD + 4], n, ok, bad = 0;

	for (size_t i = 0; i < NGOOD; i++) {
		starts[i] = a.len;
		ar_entry(&a, "070701", &good[i]);
		data_end[i] = ((starts[i] + CPIO_HEADER_SIZE +
				strlen(good[i].name) + 1 + 3) & ~(size_t)3) +
			      good[i].size;
	}
	starts[NGOOD] = a.len;
	ar_entry(&a, "070701", &trailer);
	for (size_t len = 0; len < a.len; len++) {
		size_t k = 0;

		/* k entries are whole; the cut is clean before entry k. */
		while (k < NGOOD && data_end[k] <= len)
			k++;
		n = parse_all(a.buf, len, st, NGOOD + 4, NULL);
		ok = 0;
		for (int i = 0; i < n; i++)
			ok += st[i] == CPIO_OK;
		if ((size_t)ok != k ||
		    st[n - 1] != (len <= starts[k] ? CPIO_END
						   : CPIO_ERR_TRUNCATED)) {
			bad++;
			fprintf(stderr, "cut at %zu: %d entries, last %d\n", len,
				ok, st[n - 1]);
		}
	}
	CHECK_EQ(bad, 0);
	free(a.buf);
}

/* One valid entry, then a header field is spoiled. */
static int parse_spoiled(size_t at, const char *with, size_t n)
{
	struct ar a = { 0 };
	int st[4];

	ar_entry(&a, "070701", &good[1]);
	ar_entry(&a, "070701", &trailer);
	memcpy(a.buf + at, with, n);
	parse_all(a.buf, a.len, st, 4, NULL);
	free(a.buf);
	return st[0];
}

#define FIELD(i) (6 + 8 * (i)) /* offset of header field i */

static void test_corrupt(void)
{
	struct ar a = { 0 };
	int st[4];

	CHECK_EQ(parse_spoiled(0, "070707", 6), CPIO_ERR_MAGIC); /* odc */
	CHECK_EQ(parse_spoiled(0, "X", 1), CPIO_ERR_MAGIC);
	CHECK_EQ(parse_spoiled(FIELD(1) + 3, "g", 1), CPIO_ERR_HEX);
	CHECK_EQ(parse_spoiled(FIELD(12) + 7, " ", 1), CPIO_ERR_HEX);
	CHECK_EQ(parse_spoiled(FIELD(11), "00000000", 8), CPIO_ERR_NAME);
	CHECK_EQ(parse_spoiled(FIELD(11), "FFFFFFFF", 8), CPIO_ERR_TRUNCATED);
	CHECK_EQ(parse_spoiled(FIELD(6), "FFFFFFFF", 8), CPIO_ERR_TRUNCATED);
	CHECK_EQ(parse_spoiled(FIELD(6), "00001000", 8), CPIO_ERR_TRUNCATED);
	/* namesize 3 leaves "d/f" without its NUL. */
	CHECK_EQ(parse_spoiled(FIELD(11), "00000003", 8), CPIO_ERR_NAME);
	/* A NUL inside the name. */
	CHECK_EQ(parse_spoiled(CPIO_HEADER_SIZE + 1, "\0", 1), CPIO_ERR_NAME);
	/* Lower-case hex digits are hex too. */
	CHECK_EQ(parse_spoiled(FIELD(1), "000081a4", 8), CPIO_OK);

	/* A header that does not start 4-aligned is junk. */
	ar_put(&a, "\0", 1);
	ar_entry(&a, "070701", &good[0]);
	parse_all(a.buf, a.len, st, 4, NULL);
	CHECK_EQ(st[0], CPIO_ERR_MAGIC);
	free(a.buf);

	/* The crc format checks the data's byte sum. */
	a = (struct ar){ 0 };
	ar_entry(&a, "070702", &good[4]);
	a.buf[CPIO_HEADER_SIZE + 10] ^= 1; /* data: after 7 name, 3 pad */
	parse_all(a.buf, a.len, st, 4, NULL);
	CHECK_EQ(st[0], CPIO_ERR_CHECKSUM);
	free(a.buf);
}

/*
 * Every byte of a good archive replaced by a few values: whatever the
 * parser says, it must finish without reading outside the buffer.
 */
static void test_fuzz(void)
{
	static const unsigned char vals[] = { 0, '0', '7', 'F', 'f', 0xff };
	struct ar a = { 0 };
	int st[NGOOD + 4], runs = 0;

	build_good(&a, "070702");
	for (size_t i = 0; i < a.len; i++) {
		unsigned char saved = a.buf[i];

		for (size_t v = 0; v < sizeof(vals); v++) {
			a.buf[i] = vals[v];
			parse_all(a.buf, a.len, st, NGOOD + 4, NULL);
			runs++;
		}
		a.buf[i] = saved;
	}
	CHECK(runs > 0);
	free(a.buf);
}

static void test_strerror(void)
{
	CHECK(strcmp(cpio_strerror(CPIO_ERR_TRUNCATED), "unknown error"));
	CHECK(!strcmp(cpio_strerror(-99), "unknown error"));
}

int main(void)
{
	test_good("070701");
	test_good("070702");
	test_concatenated();
	test_empty();
	test_truncated();
	test_corrupt();
	test_fuzz();
	test_strerror();
	return unit_done("cpio_parse_test");
}
