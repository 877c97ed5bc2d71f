/*
 * The kernel log: every line goes to the console and into a ring buffer
 * that syslog(2) reads. The ring keeps lines as Linux's syslog(2) returns
 * them: "<level>[seconds.micros] text\n", the time being when the line
 * began. The console shows the bare text, and only lines whose level is
 * below the console level (dmesg -n). panic() prints a backtrace and stops
 * the machine with a failing exit status.
 */
#include "irq.h"
#include "lib.h"
#include "spinlock.h"

#define LOG_SIZE (128 * 1024) /* CONFIG_LOG_BUF_SHIFT=17, as Debian's */
#define LOGLEVEL_DEFAULT 6    /* what a printk without a level gets */
#define CONSOLE_LOGLEVEL_DEFAULT 7
#define CONSOLE_LOGLEVEL_MIN 1

/*
 * log_lock protects everything below and serialises console output.
 * Positions count bytes ever logged; the ring holds the last LOG_SIZE.
 */
static struct spinlock log_lock = SPINLOCK_INIT("log");
static char log_buf[LOG_SIZE];
static u64 log_head;      /* end of what was written */
static u64 log_done;      /* end of the last complete line */
static u64 clear_pos;     /* SYSLOG_ACTION_CLEAR: READ_ALL starts here */
static u64 read_pos;      /* SYSLOG_ACTION_READ consumes from here */
static bool line_open;    /* the last line has no newline yet */
static int line_level;    /* its level */
static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static int saved_console_loglevel = -1;

static void put_ring(char c)
{
	log_buf[log_head++ % LOG_SIZE] = c;
}

static void emit(const char *s, size_t n, int level)
{
	char prefix[32];
	u64 us;
	int len;

	for (size_t i = 0; i < n; i++) {
		if (!line_open) {
			us = ktime_get_ns() / 1000;
			len = snprintf(prefix, sizeof(prefix), "<%d>[%5lu.%06lu] ",
				       level, us / 1000000, us % 1000000);
			for (int j = 0; j < len; j++)
				put_ring(prefix[j]);
			line_open = true;
			line_level = level;
		}
		put_ring(s[i]);
		if (line_level < console_loglevel) {
			if (s[i] == '\n')
				uart_putc('\r');
			uart_putc(s[i]);
		}
		if (s[i] == '\n') {
			line_open = false;
			log_done = log_head;
		}
	}
}

/* A leading KERN_SOH and digit (Linux's KERN_* strings) sets the level. */
static void vprintk(const char *fmt, va_list ap)
{
	int level = LOGLEVEL_DEFAULT;
	char buf[512];
	int n;

	if (fmt[0] == '\001' && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	spin_lock(&log_lock);
	emit(buf, n, level);
	spin_unlock(&log_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/*
 * The first whole line at or after pos that the ring still holds; the
 * caller holds log_lock. A position is a line start when a newline is
 * before it, or when it is 0.
 */
static u64 line_start_from(u64 pos)
{
	u64 tail = log_head > LOG_SIZE ? log_head - LOG_SIZE : 0;

	if (pos < tail)
		pos = tail;
	if (pos == 0 || (pos > tail && log_buf[(pos - 1) % LOG_SIZE] == '\n'))
		return pos;
	while (pos < log_done && log_buf[pos % LOG_SIZE] != '\n')
		pos++;
	return MIN(pos + 1, log_done);
}

static void copy_out(char *dst, u64 from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = log_buf[(from + i) % LOG_SIZE];
}

long log_read_all(char *dst, size_t n, bool clear)
{
	u64 start, end;

	spin_lock(&log_lock);
	end = log_done;
	start = line_start_from(clear_pos);
	/* The newest whole lines that fit, as syslog_print_all. */
	if (end - start > n)
		start = line_start_from(end - n);
	copy_out(dst, start, end - start);
	if (clear)
		clear_pos = end;
	spin_unlock(&log_lock);
	return end - start;
}

void log_clear(void)
{
	spin_lock(&log_lock);
	clear_pos = log_done;
	spin_unlock(&log_lock);
}

size_t log_unread(void)
{
	size_t n;

	spin_lock(&log_lock);
	n = log_done - line_start_from(read_pos);
	spin_unlock(&log_lock);
	return n;
}

size_t log_read(char *dst, size_t n)
{
	u64 start;

	spin_lock(&log_lock);
	start = line_start_from(read_pos);
	n = MIN(n, log_done - start);
	copy_out(dst, start, n);
	read_pos = start + n;
	spin_unlock(&log_lock);
	return n;
}

size_t log_size(void)
{
	return LOG_SIZE;
}

int log_console_level(int action, int level)
{
	spin_lock(&log_lock);
	switch (action) {
	case LOG_CONSOLE_OFF:
		if (saved_console_loglevel == -1)
			saved_console_loglevel = console_loglevel;
		console_loglevel = CONSOLE_LOGLEVEL_MIN;
		break;
	case LOG_CONSOLE_ON:
		if (saved_console_loglevel != -1) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		break;
	default:
		console_loglevel = MAX(level, CONSOLE_LOGLEVEL_MIN);
		/* A later CONSOLE_ON must not undo this, as on Linux. */
		saved_console_loglevel = -1;
		break;
	}
	spin_unlock(&log_lock);
	return 0;
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
	console_loglevel = 15; /* everything from here on, as console_verbose */
	printk(KERN_EMERG "\nKERNEL PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	backtrace_from((u64)__builtin_frame_address(0));
	machine_exit_failure(1);
}
