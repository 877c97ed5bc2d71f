/*
 * A reader for the flattened device tree (devicetree specification v0.3,
 * chapter 5). Every device address and the memory size come from here.
 */
#include "fdt.h"
#include "lib.h"
#include "abi/linux/errno.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 16

static const u8 *fdt;
static u32 off_struct, off_strings, size_struct, total_size;

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u64 fdt_read_cells(const void *p, int cells)
{
	u64 v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | be32((const u8 *)p + 4 * i);
	return v;
}

int fdt_init(const void *blob)
{
	const u8 *b = blob;

	if (be32(b) != FDT_MAGIC)
		return -EINVAL;
	fdt = b;
	total_size = be32(b + 4);
	off_struct = be32(b + 8);
	off_strings = be32(b + 12);
	size_struct = be32(b + 36);
	return 0;
}

u64 fdt_total_size(void)
{
	return total_size;
}

static u32 align4(u32 x)
{
	return (x + 3) & ~3u;
}

/*
 * Walks the properties of the node whose BEGIN_NODE is at off; returns
 * the offset of a property named prop, or 0.
 */
static u32 find_prop(u32 off, const char *prop)
{
	const char *name = (const char *)fdt + off_struct + off + 4;
	u32 p = off + 4 + align4(strlen(name) + 1);

	for (;;) {
		u32 tok = be32(fdt + off_struct + p);

		if (tok == FDT_NOP) {
			p += 4;
			continue;
		}
		if (tok != FDT_PROP)
			return 0;
		u32 len = be32(fdt + off_struct + p + 4);
		u32 nameoff = be32(fdt + off_struct + p + 8);

		if (!strcmp((const char *)fdt + off_strings + nameoff, prop))
			return p;
		p += 12 + align4(len);
	}
}

const void *fdt_prop(const struct fdt_node *n, const char *prop, int *len)
{
	u32 p = find_prop(n->offset, prop);

	if (!p)
		return NULL;
	if (len)
		*len = be32(fdt + off_struct + p + 4);
	return fdt + off_struct + p + 12;
}

bool fdt_walk(bool (*fn)(const struct fdt_node *n, void *arg), void *arg)
{
	u32 cells[MAX_DEPTH + 1][2];
	u32 p = 0;
	int depth = 0;

	if (!fdt)
		return false;
	cells[0][0] = 2;
	cells[0][1] = 1;
	while (p < size_struct) {
		u32 tok = be32(fdt + off_struct + p);

		if (tok == FDT_BEGIN_NODE) {
			struct fdt_node n;
			const char *name = (const char *)fdt + off_struct + p + 4;
			const void *v;

			if (depth >= MAX_DEPTH)
				return false;
			n.offset = p;
			n.name = name;
			n.depth = depth;
			n.addr_cells = cells[depth][0];
			n.size_cells = cells[depth][1];
			/* Defaults for this node's children. */
			cells[depth + 1][0] = 2;
			cells[depth + 1][1] = 1;
			v = fdt_prop(&n, "#address-cells", NULL);
			if (v)
				cells[depth + 1][0] = be32(v);
			v = fdt_prop(&n, "#size-cells", NULL);
			if (v)
				cells[depth + 1][1] = be32(v);
			if (fn(&n, arg))
				return true;
			depth++;
			p += 4 + align4(strlen(name) + 1);
		} else if (tok == FDT_END_NODE) {
			depth--;
			p += 4;
		} else if (tok == FDT_PROP) {
			p += 12 + align4(be32(fdt + off_struct + p + 4));
		} else if (tok == FDT_NOP) {
			p += 4;
		} else {
			break;
		}
	}
	return false;
}

bool fdt_is_compatible(const struct fdt_node *n, const char *compat)
{
	int len;
	const char *c = fdt_prop(n, "compatible", &len);

	/* compatible is a list of NUL-terminated strings. */
	while (c && len > 0) {
		size_t l = strnlen(c, len);

		if (!strcmp(c, compat))
			return true;
		c += l + 1;
		len -= l + 1;
	}
	return false;
}

struct find_arg {
	const char *key;
	bool by_name;
	struct fdt_node *out;
};

static bool find_cb(const struct fdt_node *n, void *arg)
{
	struct find_arg *a = arg;
	bool hit;

	if (a->by_name) {
		size_t l = strlen(a->key);

		hit = !strncmp(n->name, a->key, l) &&
		      (n->name[l] == 0 || n->name[l] == '@');
	} else {
		hit = fdt_is_compatible(n, a->key);
	}
	if (hit)
		*a->out = *n;
	return hit;
}

bool fdt_find_compatible(const char *compat, struct fdt_node *out)
{
	struct find_arg a = { compat, false, out };

	return fdt_walk(find_cb, &a);
}

bool fdt_find_node(const char *name, struct fdt_node *out)
{
	struct find_arg a = { name, true, out };

	return fdt_walk(find_cb, &a);
}

bool fdt_reg(const struct fdt_node *n, int idx, u64 *addr, u64 *size)
{
	int len;
	const u8 *r = fdt_prop(n, "reg", &len);
	int stride = 4 * (n->addr_cells + n->size_cells);

	if (!r || (idx + 1) * stride > len)
		return false;
	r += idx * stride;
	*addr = fdt_read_cells(r, n->addr_cells);
	*size = fdt_read_cells(r + 4 * n->addr_cells, n->size_cells);
	return true;
}

int fdt_irq(const struct fdt_node *n, int idx)
{
	int len;
	const u8 *p = fdt_prop(n, "interrupts", &len);

	if (!p || (idx + 1) * 12 > len)
		return -1;
	p += idx * 12;
	/* <type number flags>: type 0 is an SPI (ID 32+), 1 a PPI (16+). */
	return be32(p + 4) + (be32(p) == 0 ? 32 : 16);
}
