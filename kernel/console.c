/*
 * The console: a terminal (tty.c) over the PL011. Output is written
 * synchronously to the UART, so the driver always has room; input comes
 * from the UART interrupt a character at a time.
 */
#include "fs/fs.h"
#include "irq.h"
#include "lib.h"
#include "tty.h"

static size_t console_write_out(struct tty *tty, const char *buf, size_t n)
{
	uart_write(buf, n);
	return n;
}

static const struct tty_driver console_driver = {
	.write = console_write_out,
};

/* 5:1 in /proc/<pid>/stat's tty_nr. */
struct tty console_tty = {
	.ctl = { .rdev = MKDEV(5, 1) },
	.fops = &console_fops,
	.lock = SPINLOCK_INIT("console"),
};

/* A serial console is CLOCAL: it has no modem lines to wait for. */
void console_init(void)
{
	struct linux_termios t = tty_std_termios;

	t.c_cflag |= CLOCAL;
	tty_init(&console_tty, &console_driver, &t);
}

/* Called by the UART interrupt handler with interrupts off. */
void tty_receive_char(char ch)
{
	tty_receive(&console_tty, &ch, 1);
}

static ssize_t console_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	return tty_read(&console_tty, f, ubuf, n);
}

static ssize_t console_write(struct file *f, const char *ubuf, size_t n,
			     off_t *pos)
{
	return tty_write(&console_tty, f, ubuf, n);
}

static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return tty_ioctl(&console_tty, f, cmd, arg);
}

static u32 console_poll(struct file *f, struct poll_table *pt)
{
	return tty_poll(&console_tty, f, pt);
}

/* No llseek: a tty seek is ESPIPE, as Linux's no_llseek. */
const struct file_ops console_fops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
};
