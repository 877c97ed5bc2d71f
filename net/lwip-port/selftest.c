/*
 * A boot-time check of the stack, run when the kernel command line has
 * akuma.lwipselftest: a netconn TCP listener on 127.0.0.1 echoes what a
 * client sends; the client checks every byte and prints one line. Boot
 * waits for that line, so it comes before /init runs.
 */
#include "lwip/api.h"
#include "lwip/sys.h"
#include "irq.h"
#include "lib.h"
#include "lwip_port.h"
#include "sched.h"

#define SELFTEST_PORT 7777
#define SELFTEST_BYTES (64 * 1024)
#define SELFTEST_CHUNK 1000 /* not a multiple of anything lwIP uses */
#define SELFTEST_TIMEOUT_NS 10000000000ULL

static bool selftest_done; /* set once, by whichever thread reports */

static u8 pattern(u32 i)
{
	return (u8)(i * 7 + (i >> 8));
}

static void report(const char *what, err_t err, u32 bytes, u64 t0)
{
	if (err == ERR_OK)
		printk("lwip selftest: ok: %u bytes echoed over 127.0.0.1 in %lu us\n",
		       bytes, ticks_to_ns(timer_now() - t0) / 1000);
	else
		printk("lwip selftest: FAILED: %s: err_t %d after %u bytes\n",
		       what, err, bytes);
	WRITE_ONCE(selftest_done, true);
}

static void client_main(void *arg)
{
	struct netconn *c = netconn_new(NETCONN_TCP);
	u8 buf[SELFTEST_CHUNK];
	u32 sent = 0, got = 0;
	u64 t0 = timer_now();
	ip_addr_t lo;
	err_t err;

	IP_ADDR4(&lo, 127, 0, 0, 1);
	if (!c) {
		report("netconn_new", ERR_MEM, 0, t0);
		return;
	}
	err = netconn_connect(c, &lo, SELFTEST_PORT);
	if (err != ERR_OK) {
		report("connect", err, 0, t0);
		goto out;
	}
	while (sent < SELFTEST_BYTES) {
		u32 n = MIN(SELFTEST_CHUNK, SELFTEST_BYTES - sent);

		for (u32 i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		err = netconn_write(c, buf, n, NETCONN_COPY);
		if (err != ERR_OK) {
			report("write", err, sent, t0);
			goto out;
		}
		sent += n;
	}
	netconn_shutdown(c, 0, 1);
	for (;;) {
		struct netbuf *nb;
		void *data;
		u16_t len;

		err = netconn_recv(c, &nb);
		if (err != ERR_OK)
			break;
		do {
			netbuf_data(nb, &data, &len);
			for (u16_t i = 0; i < len; i++) {
				if (((u8 *)data)[i] != pattern(got + i)) {
					netbuf_delete(nb);
					report("compare", ERR_VAL, got + i, t0);
					goto out;
				}
			}
			got += len;
		} while (netbuf_next(nb) >= 0);
		netbuf_delete(nb);
	}
	if (err != ERR_CLSD)
		report("recv", err, got, t0);
	else if (got != SELFTEST_BYTES)
		report("short echo", ERR_VAL, got, t0);
	else
		report(NULL, ERR_OK, got, t0);
out:
	netconn_close(c);
	netconn_delete(c);
}

/* Echoes one connection until the client shuts its side down. */
static void server_main(void *arg)
{
	struct netconn *l = netconn_new(NETCONN_TCP), *c;
	err_t err;

	if (!l) {
		report("server netconn_new", ERR_MEM, 0, 0);
		return;
	}
	err = netconn_bind(l, IP4_ADDR_ANY, SELFTEST_PORT);
	if (err == ERR_OK)
		err = netconn_listen(l);
	if (err != ERR_OK) {
		report("bind/listen", err, 0, 0);
		goto out;
	}
	sys_thread_new("lwip-selftest-client", client_main, NULL, 0, 0);
	err = netconn_accept(l, &c);
	if (err != ERR_OK) {
		report("accept", err, 0, 0);
		goto out;
	}
	for (;;) {
		struct netbuf *nb;
		void *data;
		u16_t len;

		if (netconn_recv(c, &nb) != ERR_OK)
			break;
		do {
			netbuf_data(nb, &data, &len);
			err = netconn_write(c, data, len, NETCONN_COPY);
		} while (err == ERR_OK && netbuf_next(nb) >= 0);
		netbuf_delete(nb);
		if (err != ERR_OK)
			break;
	}
	netconn_close(c);
	netconn_delete(c);
out:
	netconn_delete(l);
}

/*
 * Runs the test from start_kernel, which is the idle thread: it lets the
 * test's threads run, as idle_loop would, until they report or time out.
 */
void lwip_selftest_run(void)
{
	u64 deadline = timer_now() + ns_to_ticks(SELFTEST_TIMEOUT_NS);

	sys_thread_new("lwip-selftest", server_main, NULL, 0, 0);
	local_irq_enable();
	while (!READ_ONCE(selftest_done) && timer_now() < deadline)
		schedule();
	local_irq_disable();
	if (!READ_ONCE(selftest_done))
		printk("lwip selftest: FAILED: no result in %llu s\n",
		       SELFTEST_TIMEOUT_NS / 1000000000ULL);
}
