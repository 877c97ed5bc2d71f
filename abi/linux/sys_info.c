/* The kernel log: syslog(2), which dmesg and klogd read. */
#include "abi/linux/syscalls.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/sched.h"
#include "kernel/include/uaccess.h"

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

/*
 * printk may run with any lock held, so it wakes nobody: a reader blocked
 * in SYSLOG_ACTION_READ looks for new lines this often instead.
 */
#define READ_POLL_NS 100000000UL

/* Sleeps until the log has unread lines; 0 or -ERESTARTSYS. */
static long wait_for_log(void)
{
	struct wait_entry w = { .t = NULL };
	struct waitq wq;
	long err = 0;

	waitq_init(&wq);
	for (;;) {
		prepare_to_wait(&wq, &w, TASK_INTERRUPTIBLE);
		if (log_unread())
			break;
		if (signal_pending()) {
			err = -ERESTARTSYS;
			break;
		}
		schedule_until(timer_now() + ns_to_ticks(READ_POLL_NS));
	}
	finish_wait(&wq, &w);
	return err;
}

/* The reading actions, in do_syslog's order of checks. */
static long syslog_read(int type, char *ubuf, int len)
{
	size_t n;
	char *buf;
	long r;

	if (!ubuf || len < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (!user_range_ok((u64)ubuf, len))
		return -EFAULT;
	if (type == SYSLOG_ACTION_READ) {
		r = wait_for_log();
		if (r)
			return r;
	}
	n = MIN((size_t)len, log_size());
	buf = kmalloc(n);
	if (!buf)
		return -ENOMEM;
	if (type == SYSLOG_ACTION_READ)
		r = log_read(buf, n);
	else
		r = log_read_all(buf, n, type == SYSLOG_ACTION_READ_CLEAR);
	if (r > 0 && copy_to_user(ubuf, buf, r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

/* Everyone is root: no permission checks. */
SYSCALL_DEFINE(syslog)
{
	int type = (int)a0, len = (int)a2;
	char *ubuf = (char *)a1;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		return syslog_read(type, ubuf, len);
	case SYSLOG_ACTION_CLEAR:
		log_clear();
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		return log_console_level(type, 0);
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		return log_console_level(type, len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		return log_unread();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return log_size();
	default:
		return -EINVAL;
	}
}
