/*
 * Wall-clock time: the PL031 real-time clock read once at boot, advanced
 * by the virtual counter. settimeofday moves the offset.
 */
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "spinlock.h"
#include "abi/linux/stat.h"

/* time_lock protects realtime_offset_ns. */
static struct spinlock time_lock = SPINLOCK_INIT("time");
static s64 realtime_offset_ns; /* realtime = monotonic + offset */

void time_init(void)
{
	struct fdt_node n;
	u64 base, size;
	volatile u32 *rtc;

	if (!fdt_find_compatible("arm,pl031", &n) || !fdt_reg(&n, 0, &base, &size))
		return;
	rtc = ioremap(base, size);
	if (rtc)
		realtime_offset_ns = (s64)rtc[0] * 1000000000L -
				     (s64)ticks_to_ns(timer_now());
}

u64 ktime_get_ns(void)
{
	return ticks_to_ns(timer_now());
}

s64 ktime_get_real_ns(void)
{
	s64 off;

	spin_lock(&time_lock);
	off = realtime_offset_ns;
	spin_unlock(&time_lock);
	return (s64)ktime_get_ns() + off;
}

void ktime_set_real_ns(s64 ns)
{
	spin_lock(&time_lock);
	realtime_offset_ns = ns - (s64)ktime_get_ns();
	spin_unlock(&time_lock);
}

void ktime_get_real(struct linux_timespec *ts)
{
	s64 ns = ktime_get_real_ns();

	ts->tv_sec = ns / 1000000000L;
	ts->tv_nsec = ns % 1000000000L;
}
