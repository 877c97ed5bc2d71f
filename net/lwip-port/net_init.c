/*
 * Starting lwIP: tcpip_init brings up the stack (with the loopback
 * interface, 127.0.0.1) and its tcpip thread. Also lwIP's allocator hooks.
 */
#include "lwip/tcpip.h"
#include "fdt.h"
#include "lib.h"
#include "mm.h"
#include "lwip_port.h"

void *lwip_port_malloc(unsigned long size)
{
	return kmalloc(size);
}

/* kmalloc's memory is already zeroed. */
void *lwip_port_calloc(unsigned long n, unsigned long size)
{
	if (size && n > (unsigned long)-1 / size)
		return NULL;
	return kmalloc(n * size);
}

void lwip_port_free(void *p)
{
	kfree(p);
}

/* Whether word is one of the space-separated words of /chosen/bootargs. */
static bool cmdline_has(const char *word)
{
	struct fdt_node chosen;
	const char *args, *end, *p;
	size_t n = strlen(word);
	int len;

	if (!fdt_find_node("chosen", &chosen))
		return false;
	args = fdt_prop(&chosen, "bootargs", &len);
	if (!args || len <= 0)
		return false;
	end = args + strnlen(args, len);
	for (p = args; p < end;) {
		const char *w = p;

		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - w) == n && !memcmp(w, word, n))
			return true;
		while (p < end && *p == ' ')
			p++;
	}
	return false;
}

/*
 * Called once at boot, from start_kernel, after the scheduler is up.
 * tcpip_init runs lwip_init here and starts the tcpip thread; with core
 * locking, netconn calls work at once, before that thread has run.
 */
void net_init(void)
{
	tcpip_init(NULL, NULL);
	lwip_port_add_devices(); /* down, without an address, until ifconfig */
	if (cmdline_has("akuma.lwipselftest"))
		lwip_selftest_run();
}
