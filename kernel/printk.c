/*
 * The kernel log: every line goes to the console and into a ring buffer
 * that syslog(2) can read later. panic() prints a backtrace and stops the
 * machine with a failing exit status.
 */
#include "irq.h"
#include "lib.h"
#include "spinlock.h"

#define LOG_SIZE (64 * 1024)

/* log_lock protects log_buf and log_head, and serialises console output. */
static struct spinlock log_lock = SPINLOCK_INIT("log");
static char log_buf[LOG_SIZE];
static u64 log_head; /* bytes ever logged */

static void emit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		log_buf[log_head++ % LOG_SIZE] = s[i];
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	spin_lock(&log_lock);
	emit(buf, n);
	spin_unlock(&log_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/* Copies out up to n of the newest logged bytes; returns how many. */
size_t log_read(char *dst, size_t n)
{
	u64 avail, start;

	spin_lock(&log_lock);
	avail = log_head < LOG_SIZE ? log_head : LOG_SIZE;
	if (n > avail)
		n = avail;
	start = log_head - n;
	for (size_t i = 0; i < n; i++)
		dst[i] = log_buf[(start + i) % LOG_SIZE];
	spin_unlock(&log_lock);
	return n;
}

void backtrace_from(u64 fp)
{
	printk("backtrace:\n");
	for (int i = 0; i < 16 && fp && !(fp & 7); i++) {
		u64 *frame = (u64 *)fp;

		if (fp < 0xffff000000000000UL)
			break;
		printk("  %p\n", (void *)frame[1]);
		fp = frame[0];
	}
}

void panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	/* The lock may be held by whoever panicked; print regardless. */
	log_lock.locked = 0;
	printk("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	backtrace_from((u64)__builtin_frame_address(0));
	machine_exit_failure(1);
}
