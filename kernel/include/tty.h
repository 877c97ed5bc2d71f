/*
 * Terminals: the line discipline core (kernel/tty.c) with its drivers,
 * the console UART (kernel/console.c) and pseudo-terminals (kernel/pty.c),
 * and the job control state every terminal carries (kernel/jobctl.c).
 */
#ifndef AKUMA_TTY_H
#define AKUMA_TTY_H

#include "file.h"
#include "sched.h"
#include "spinlock.h"
#include "types.h"
#include "../../abi/linux/fcntl.h"

struct tty;

/* Fields under proc_lock. */
struct tty_ctl {
	int session; /* 0: nobody's controlling terminal */
	int pgrp;    /* foreground process group */
	u32 rdev;    /* the device number /proc/<pid>/stat shows; constant */
};

/* Sends sig to the foreground process group. */
void tty_ctl_signal(struct tty_ctl *ctl, int sig);
/* The job-control ioctls; each returns 0 or -errno. */
long tty_ioctl_gpgrp(struct tty_ctl *ctl, unsigned long arg);
long tty_ioctl_spgrp(struct tty_ctl *ctl, unsigned long arg);
long tty_ioctl_sctty(struct tty_ctl *ctl, unsigned long arg);
long tty_ioctl_notty(struct tty_ctl *ctl, unsigned long arg);
long tty_ioctl_gsid(struct tty_ctl *ctl, unsigned long arg);
/*
 * A read (or, with TOSTOP, a write) from a background process group:
 * returns 0 to go on, or -ERESTARTSYS after SIGTTIN/SIGTTOU was sent, or
 * -EIO when that signal is ignored or blocked.
 */
long tty_check_access(struct tty_ctl *ctl, int sig);
/*
 * Opening a terminal without O_NOCTTY: a session leader without one
 * makes it its controlling terminal if no session has it, as Linux's
 * tty_open does.
 */
void tty_open_ctty(struct tty_ctl *ctl);
/*
 * A hangup: every process loses ctl as its controlling terminal and the
 * session leader gets SIGHUP and SIGCONT, as Linux's tty_vhangup.
 */
void tty_ctl_hangup(struct tty_ctl *ctl);
/* The caller's controlling terminal, or NULL; caller holds proc_lock. */
struct tty_ctl *current_ctty_locked(void);

/*
 * What a terminal's hardware does. The ops run with tty->lock held and
 * interrupts off: they must not sleep.
 */
struct tty_driver {
	/* Takes output; returns how many bytes it took. */
	size_t (*write)(struct tty *tty, const char *buf, size_t n);
	/* How many bytes write would take now; NULL: any number. */
	size_t (*write_room)(struct tty *tty);
};

/* The input ring size, as N_TTY_BUF_SIZE; a power of two. */
#define TTY_BUF 4096

/*
 * A terminal: Linux's n_tty line discipline over a driver.
 *
 * Lock: lock, a spinlock, protects every field below it but the wait
 * queues; the console's interrupt takes it, so nothing sleeps or copies
 * user memory under it. ctl is under proc_lock.
 */
struct tty {
	struct tty_ctl ctl;
	const struct tty_driver *driver;
	const struct file_ops *fops; /* what /dev/tty opens for it */
	void *driver_data;
	struct spinlock lock;
	bool ready;               /* tty_init has run */
	bool hung_up;             /* reads end, writes fail (pty master gone) */
	struct linux_termios termios;
	struct linux_winsize winsize;
	u16 buf[TTY_BUF];
	u32 head;                 /* next slot input fills */
	u32 canon;                /* end of what readers may take */
	u32 tail;                 /* next slot a reader takes */
	bool lnext;               /* the next character is literal */
	int signal;               /* for the foreground group after unlock */
	bool stopped;             /* output stopped by VSTOP or TCOOFF */
	u32 column;               /* output column */
	u32 canon_column;         /* column where the edited line began */
	char obuf[64];            /* output on its way to the driver */
	size_t olen;
	struct waitq read_wq;     /* readers wait for input */
	struct waitq write_wq;    /* writers wait for room or a restart */
};

/* Linux's tty_std_termios (with init's c_cflag) and INIT_C_CC. */
extern const struct linux_termios tty_std_termios;

void tty_init(struct tty *tty, const struct tty_driver *driver,
	      const struct linux_termios *termios);
/*
 * Input from the hardware side through the line discipline; process
 * context or interrupt. Returns how many bytes were taken: all unless
 * the ring is full while a reader has something to take.
 */
size_t tty_receive(struct tty *tty, const char *buf, size_t n);
/* Room for tty_receive, in bytes. */
size_t tty_receive_room(struct tty *tty);
/* Readable bytes, end-of-file marks left out (FIONREAD). */
long tty_inq(struct tty *tty);
/* Wakes readers, writers and pollers after a hangup or a driver change. */
void tty_wake_all(struct tty *tty);

/* The file side: what the console's and a pty slave's fops call. */
ssize_t tty_read(struct tty *tty, struct file *f, char *ubuf, size_t n);
ssize_t tty_write(struct tty *tty, struct file *f, const char *ubuf,
		  size_t n);
long tty_ioctl(struct tty *tty, struct file *f, unsigned int cmd,
	       unsigned long arg);
u32 tty_poll(struct tty *tty, struct file *f, struct poll_table *pt);

/* The console (kernel/console.c). */
extern struct tty console_tty;

/* Pseudo-terminals (kernel/pty.c). */
struct pty;
extern const struct file_ops ptmx_fops, pts_fops;
struct pty *pty_get(struct pty *pty);
void pty_put(struct pty *pty);
/* The slave's tty of a pty, for /dev/tty. */
struct tty *pty_tty(struct pty *pty);
/* How many ptys exist and may (/proc/sys/kernel/pty/nr and max). */
extern u32 pty_count, pty_max;
/*
 * devpts (kernel/fs/devpts.c). devpts_pty_new makes /dev/pts/N for pty in
 * the instance that goes with the ptmx file f and returns the node (an
 * opaque handle) with *index set, or ERR_PTR(-ENODEV, -ENOSPC, ...).
 * devpts_pty_kill removes it; devpts_get_pty returns the pty behind a
 * /dev/pts/N inode with a reference, or NULL; devpts_pty_inode is the
 * node's inode (no reference).
 */
void *devpts_pty_new(struct file *f, struct pty *pty, int *index);
void devpts_pty_kill(void *node);
struct pty *devpts_get_pty(struct inode *ino);
struct inode *devpts_pty_inode(void *node);
/* Gives a file opened without a path (TIOCGPTPEER) its node's place. */
void devpts_set_place(void *node, struct file *f);

/* /dev/tty: the caller's controlling terminal. */
extern const struct file_ops tty_dev_fops;

#endif
