/*
 * Job control state every terminal carries: the session it is the
 * controlling terminal of and its foreground process group. The console
 * has one; pseudo-terminals will too.
 */
#ifndef AKUMA_TTY_H
#define AKUMA_TTY_H

#include "types.h"

/* Fields under proc_lock. */
struct tty_ctl {
	int session; /* 0: nobody's controlling terminal */
	int pgrp;    /* foreground process group */
};

/* Sends sig to the foreground process group (from interrupt context). */
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

extern struct tty_ctl console_ctl;

#endif
