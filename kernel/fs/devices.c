/*
 * Character devices: a table from (major, minor) to the driver's file ops,
 * and the memory devices of Linux's drivers/char/mem.c and random.c.
 * Transfers stop at user page boundaries so that a fault ends them at the
 * byte Linux would report.
 */
#include "fs.h"
#include "lib.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"

static ssize_t null_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	return 0;
}

/* /dev/null takes everything without looking at it, as Linux does. */
static ssize_t null_write(struct file *f, const char *ubuf, size_t n,
			  off_t *pos)
{
	return n;
}

/* Linux's null_lseek: every seek lands on 0. */
static off_t null_llseek(struct file *f, off_t off, int whence)
{
	f->pos = 0;
	return 0;
}

static ssize_t zero_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	size_t done = 0, chunk;

	while (done < n) {
		chunk = user_chunk(ubuf + done, n - done);
		if (clear_user(ubuf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
		if (signal_pending())
			break; /* a huge read stays interruptible */
	}
	return done;
}

static ssize_t full_write(struct file *f, const char *ubuf, size_t n,
			  off_t *pos)
{
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, char *ubuf, size_t n, off_t *pos)
{
	char kbuf[256];
	size_t done = 0, chunk;
	long err;

	while (done < n) {
		chunk = MIN(sizeof(kbuf), user_chunk(ubuf + done, n - done));
		get_random_bytes(kbuf, chunk); /* returns chunk; never fails */
		err = copy_to_user(ubuf + done, kbuf, chunk);
		if (err)
			return done ? (ssize_t)done : err;
		done += chunk;
		if (signal_pending())
			break;
	}
	memset(kbuf, 0, sizeof(kbuf));
	return done;
}

/*
 * Linux mixes written bytes into the pool; we only read them, so that a
 * bad buffer still gives EFAULT. TODO: mix them in when random.c can.
 */
static ssize_t random_write(struct file *f, const char *ubuf, size_t n,
			    off_t *pos)
{
	char kbuf[256];
	size_t done = 0, chunk;

	while (done < n) {
		chunk = MIN(sizeof(kbuf), user_chunk(ubuf + done, n - done));
		if (copy_from_user(kbuf, ubuf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
	}
	return done;
}

/* random's noop_llseek: the position is reported and never moves. */
static off_t noop_llseek(struct file *f, off_t off, int whence)
{
	return f->pos;
}

static const struct file_ops null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_llseek,
};

static const struct file_ops zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_llseek,
};

static const struct file_ops full_fops = {
	.read = zero_read,
	.write = full_write,
	.llseek = null_llseek,
};

static const struct file_ops random_fops = {
	.read = random_read,
	.write = random_write,
	.llseek = noop_llseek,
};

static const struct {
	u32 rdev;
	const struct file_ops *fops;
} chrdevs[] = {
	{ MKDEV(1, 3), &null_fops },
	{ MKDEV(1, 5), &zero_fops },
	{ MKDEV(1, 7), &full_fops },
	{ MKDEV(1, 8), &random_fops },
	{ MKDEV(1, 9), &random_fops },
	{ MKDEV(5, 0), &tty_dev_fops }, /* the controlling terminal */
	{ MKDEV(5, 1), &console_fops },
	{ MKDEV(5, 2), &ptmx_fops },
};

/* Drivers that take every minor of a range of majors: pty slaves. */
static const struct {
	u32 first, last;
	const struct file_ops *fops;
} chrdev_majors[] = {
	{ 136, 143, &pts_fops },
};

const struct file_ops *chrdev_fops(u32 rdev)
{
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++)
		if (chrdevs[i].rdev == rdev)
			return chrdevs[i].fops;
	for (size_t i = 0; i < ARRAY_SIZE(chrdev_majors); i++)
		if (MAJOR(rdev) >= chrdev_majors[i].first &&
		    MAJOR(rdev) <= chrdev_majors[i].last)
			return chrdev_majors[i].fops;
	return NULL;
}

/*
 * The nodes the root's /dev and devtmpfs start with: the devices above,
 * with Linux's modes. Names are relative to /dev.
 */
const struct dev_node dev_nodes[] = {
	{ "console", S_IFCHR | 0600, MKDEV(5, 1) },
	{ "tty", S_IFCHR | 0666, MKDEV(5, 0) },
	{ "null", S_IFCHR | 0666, MKDEV(1, 3) },
	{ "zero", S_IFCHR | 0666, MKDEV(1, 5) },
	{ "full", S_IFCHR | 0666, MKDEV(1, 7) },
	{ "random", S_IFCHR | 0666, MKDEV(1, 8) },
	{ "urandom", S_IFCHR | 0666, MKDEV(1, 9) },
	{ "ptmx", S_IFCHR | 0666, MKDEV(5, 2) },
};
const size_t dev_nodes_count = ARRAY_SIZE(dev_nodes);
