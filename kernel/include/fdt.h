/* Reading the flattened device tree QEMU passes at boot. */
#ifndef AKUMA_FDT_H
#define AKUMA_FDT_H

#include "types.h"

struct fdt_node {
	int offset;       /* of the node's FDT_BEGIN_NODE token */
	const char *name; /* unit name, e.g. "memory@40000000" */
	int depth;
	u32 addr_cells;   /* the parent's #address-cells */
	u32 size_cells;   /* the parent's #size-cells */
};

/* Returns 0, or -EINVAL if there is no valid tree at that address. */
int fdt_init(const void *blob);
u64 fdt_total_size(void);
/*
 * Calls fn for every node in order until it returns true; returns whether
 * one did. The node passed is only valid during the call.
 */
bool fdt_walk(bool (*fn)(const struct fdt_node *n, void *arg), void *arg);
const void *fdt_prop(const struct fdt_node *n, const char *prop, int *len);
bool fdt_is_compatible(const struct fdt_node *n, const char *compat);
/* Finds the first node compatible with compat. */
bool fdt_find_compatible(const char *compat, struct fdt_node *out);
/* Finds the first node whose name (before any '@') is name. */
bool fdt_find_node(const char *name, struct fdt_node *out);
bool fdt_reg(const struct fdt_node *n, int idx, u64 *addr, u64 *size);
/* The GIC interrupt ID of the idx-th entry of a 3-cell interrupts property. */
int fdt_irq(const struct fdt_node *n, int idx);
u64 fdt_read_cells(const void *p, int cells);
/*
 * True if the kernel command line (/chosen/bootargs) holds the word flag,
 * alone or as flag=value (kernel/cmdline.c).
 */
bool cmdline_has_flag(const char *flag);

#endif
