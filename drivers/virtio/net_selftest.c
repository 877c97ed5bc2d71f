/*
 * The akuma.netselftest boot check: without any network stack, send one
 * ARP request for QEMU's gateway 10.0.2.2 from 10.0.2.15 (slirp answers
 * ARP even with restrict=on) and report the answer with the time since
 * the driver's probe began. Normal boots never run it.
 */
#include "irq.h"
#include "lib.h"
#include "sched.h"
#include "abi/linux/errno.h"
#include "drivers/virtio/net_device.h"
#include "drivers/virtio/virtio.h"

#define ARP_TRIES 3
/* Then a burst, well past the ring sizes, to measure both directions. */
#define BURST 2000
#define ARP_FRAME_LEN 42 /* Ethernet header and an IPv4 ARP packet */

static const u8 our_ip[4] = { 10, 0, 2, 15 };
static const u8 gw_ip[4] = { 10, 0, 2, 2 };

/*
 * The one check in progress. rx runs on the receive thread, the check on
 * its own thread: replied is the only field both touch after the start.
 */
static struct {
	struct net_device *dev;
	u64 t0;
	struct waitq wq;
	volatile bool replied;
	u64 t_reply;
	u8 gw_mac[ETH_ALEN];
	u32 burst_replies;    /* atomic */
	u64 t_last;           /* of the last burst reply */
} st;

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static u16 get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static void build_request(u8 *f, const u8 *mac)
{
	memset(f, 0, ARP_FRAME_LEN);
	memset(f, 0xff, ETH_ALEN);       /* broadcast */
	memcpy(f + 6, mac, ETH_ALEN);
	put16(f + 12, 0x0806);           /* ARP */
	put16(f + 14, 1);                /* Ethernet */
	put16(f + 16, 0x0800);           /* IPv4 */
	f[18] = ETH_ALEN;
	f[19] = 4;
	put16(f + 20, 1);                /* request */
	memcpy(f + 22, mac, ETH_ALEN);
	memcpy(f + 28, our_ip, 4);
	memcpy(f + 38, gw_ip, 4);        /* target hardware address stays 0 */
}

void net_selftest_rx(struct net_device *dev, const void *frame, size_t len)
{
	const u8 *f = frame;

	if (len < ARP_FRAME_LEN || get16(f + 12) != 0x0806 ||
	    get16(f + 20) != 2 || memcmp(f + 28, gw_ip, 4) ||
	    memcmp(f + 38, our_ip, 4))
		return;
	if (st.replied) {
		st.t_last = timer_now();
		if (__atomic_add_fetch(&st.burst_replies, 1,
				       __ATOMIC_RELAXED) == BURST)
			wake_up_all(&st.wq);
		return;
	}
	memcpy(st.gw_mac, f + 22, ETH_ALEN);
	st.t_reply = timer_now();
	st.replied = true;
	wake_up_all(&st.wq);
}

/* Sends frame, sleeping while the transmit ring is full; counts sleeps. */
static int xmit_wait(struct net_device *dev, const u8 *frame, size_t len,
		     u32 *waits)
{
	struct wait_entry w = { .t = NULL };
	int err;

	for (;;) {
		prepare_to_wait(&dev->tx_wait, &w, TASK_UNINTERRUPTIBLE);
		err = dev->xmit(dev, frame, len);
		if (err != -ENOBUFS)
			break;
		(*waits)++;
		schedule_until(timer_now() + timer_freq() / 10);
	}
	finish_wait(&dev->tx_wait, &w);
	return err;
}

/* Many requests back to back: ring-full handling and frame rates. */
static void burst(struct net_device *dev, const u8 *frame)
{
	struct wait_entry w = { .t = NULL };
	u64 t0 = timer_now(), t_sent, deadline;
	u32 waits = 0;
	int err = 0;

	for (int i = 0; i < BURST && !err; i++)
		err = xmit_wait(dev, frame, ARP_FRAME_LEN, &waits);
	t_sent = timer_now();
	deadline = t_sent + 2 * timer_freq();
	while (READ_ONCE(st.burst_replies) < BURST && timer_now() < deadline) {
		prepare_to_wait(&st.wq, &w, TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(st.burst_replies) < BURST)
			schedule_until(deadline);
		finish_wait(&st.wq, &w);
	}
	printk("virtio-net: burst of %d ARP requests: sent in %lu us (%u "
	       "waits for ring space, xmit %d), %u replies in %lu us\n",
	       BURST, ticks_to_ns(t_sent - t0) / 1000, waits, err,
	       READ_ONCE(st.burst_replies),
	       ticks_to_ns(READ_ONCE(st.t_last) - t0) / 1000);
}

static void __noreturn selftest_thread(void *arg)
{
	struct net_device *dev = st.dev;
	const u8 *m = dev->mac;
	u8 frame[ARP_FRAME_LEN];
	int tries, err = 0;

	build_request(frame, m);
	for (tries = 1; tries <= ARP_TRIES && !st.replied; tries++) {
		struct wait_entry w = { .t = NULL };

		err = dev->xmit(dev, frame, sizeof(frame));
		prepare_to_wait(&st.wq, &w, TASK_UNINTERRUPTIBLE);
		if (!st.replied)
			schedule_until(timer_now() + timer_freq());
		finish_wait(&st.wq, &w);
	}
	if (st.replied) {
		const u8 *g = st.gw_mac;

		printk("virtio-net: link %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, "
		       "ARP reply from 10.0.2.2 (%02x:%02x:%02x:%02x:%02x:%02x) "
		       "%lu us after probe; %lu frames sent, %lu received\n",
		       dev->link_up ? "up" : "down",
		       m[0], m[1], m[2], m[3], m[4], m[5],
		       g[0], g[1], g[2], g[3], g[4], g[5],
		       ticks_to_ns(st.t_reply - st.t0) / 1000,
		       dev->tx_packets, dev->rx_packets);
		burst(dev, frame);
	} else {
		printk("virtio-net: self-test failed: no ARP reply from 10.0.2.2 "
		       "after %d requests (last xmit %d), link %s\n",
		       ARP_TRIES, err, dev->link_up ? "up" : "down");
	}
	thread_exit_final();
}

void net_selftest_start(struct net_device *dev, u64 t0)
{
	st.dev = dev;
	st.t0 = t0;
	waitq_init(&st.wq);
	if (!kthread_create("netselftest", selftest_thread, NULL))
		printk("virtio-net: self-test: no thread\n");
}
