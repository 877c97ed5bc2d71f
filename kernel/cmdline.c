/*
 * The kernel command line: QEMU's -append, which the device tree carries
 * as /chosen/bootargs. Only flags are looked up so far.
 */
#include "fdt.h"
#include "lib.h"

bool cmdline_has_flag(const char *flag)
{
	struct fdt_node chosen;
	const char *args, *end, *w;
	size_t flen = strlen(flag);
	int len;

	if (!fdt_find_node("chosen", &chosen))
		return false;
	args = fdt_prop(&chosen, "bootargs", &len);
	if (!args || len <= 0)
		return false;
	end = args + strnlen(args, len);
	for (w = args; w < end;) {
		const char *e = w;

		while (e < end && *e != ' ')
			e++;
		if ((size_t)(e - w) >= flen && !strncmp(w, flag, flen) &&
		    (w + flen == e || w[flen] == '='))
			return true;
		w = e + 1;
	}
	return false;
}
