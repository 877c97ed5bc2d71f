/*
 * Process groups, sessions and controlling terminals: what a shell needs
 * for job control. Everything here is under proc_lock.
 */
#include "lib.h"
#include "proc.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"

/* Caller holds proc_lock. Returns how many processes got sig. */
static int signal_pgrp_locked(int pgrp, int sig)
{
	struct process *p;
	int n = 0;

	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pgid == pgrp && p->state == PROC_ALIVE) {
			send_signal_locked(p, sig);
			n++;
		}
	}
	return n;
}

void tty_ctl_signal(struct tty_ctl *ctl, int sig)
{
	spin_lock(&proc_lock);
	if (ctl->pgrp)
		signal_pgrp_locked(ctl->pgrp, sig);
	spin_unlock(&proc_lock);
}

static bool pgrp_exists(int pgrp)
{
	struct process *p;

	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pgid == pgrp)
			return true;
	}
	return false;
}

static bool pgrp_in_session(int pgrp, int sid)
{
	struct process *p;

	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pgid == pgrp && p->sid == sid)
			return true;
	}
	return false;
}

struct tty_ctl *current_ctty_locked(void)
{
	struct process *me = current_proc();

	return me ? me->ctty : NULL;
}

/* Caller holds proc_lock: ctl becomes the terminal of me's session. */
static void set_ctty_locked(struct tty_ctl *ctl, struct process *me)
{
	struct process *p;

	ctl->session = me->sid;
	ctl->pgrp = me->pgid;
	list_for_each_entry(p, &all_procs, all_link) {
		if (p->sid == me->sid)
			p->ctty = ctl;
	}
}

void tty_open_ctty(struct tty_ctl *ctl)
{
	struct process *me = current_proc();

	spin_lock(&proc_lock);
	if (me && me->sid == me->pid && !me->ctty && !ctl->session)
		set_ctty_locked(ctl, me);
	spin_unlock(&proc_lock);
}

void tty_ctl_hangup(struct tty_ctl *ctl)
{
	struct process *p;

	spin_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_link) {
		if (p->ctty == ctl)
			p->ctty = NULL;
		if (ctl->session && p->sid == ctl->session &&
		    p->pid == p->sid && p->state == PROC_ALIVE) {
			send_signal_locked(p, SIGHUP);
			send_signal_locked(p, SIGCONT);
		}
	}
	ctl->session = 0;
	ctl->pgrp = 0;
	spin_unlock(&proc_lock);
}

long tty_ioctl_gpgrp(struct tty_ctl *ctl, unsigned long arg)
{
	struct process *me = current_proc();
	int pgrp;

	spin_lock(&proc_lock);
	if (me->ctty != ctl) {
		spin_unlock(&proc_lock);
		return -ENOTTY;
	}
	pgrp = ctl->pgrp;
	spin_unlock(&proc_lock);
	return copy_to_user((void *)arg, &pgrp, sizeof(pgrp));
}

long tty_ioctl_spgrp(struct tty_ctl *ctl, unsigned long arg)
{
	struct process *me = current_proc();
	int pgrp;
	long err;

	if (copy_from_user(&pgrp, (void *)arg, sizeof(pgrp)))
		return -EFAULT;
	err = tty_check_access(ctl, SIGTTOU);
	if (err)
		return err;
	spin_lock(&proc_lock);
	if (me->ctty != ctl || ctl->session != me->sid)
		err = -ENOTTY;
	else if (pgrp < 0)
		err = -EINVAL;
	else if (!pgrp_exists(pgrp))
		err = -ESRCH;
	else if (!pgrp_in_session(pgrp, me->sid))
		err = -EPERM;
	else
		ctl->pgrp = pgrp;
	spin_unlock(&proc_lock);
	return err;
}

long tty_ioctl_sctty(struct tty_ctl *ctl, unsigned long arg)
{
	struct process *me = current_proc(), *p;
	long err = 0;

	spin_lock(&proc_lock);
	if (me->ctty == ctl) {
		/* Already ours: nothing to do. */
	} else if (me->sid != me->pid || me->ctty) {
		err = -EPERM; /* only a session leader without a terminal */
	} else if (ctl->session && !(arg == 1 && me->euid == 0)) {
		err = -EPERM; /* another session's, and no steal requested */
	} else {
		/* A stolen terminal leaves its old session. */
		list_for_each_entry(p, &all_procs, all_link) {
			if (p->ctty == ctl)
				p->ctty = NULL;
		}
		set_ctty_locked(ctl, me);
	}
	spin_unlock(&proc_lock);
	return err;
}

/* Caller holds proc_lock: a session leader gives up its terminal. */
static void disassociate_locked(struct process *me)
{
	struct tty_ctl *ctl = me->ctty;
	struct process *p;

	if (!ctl)
		return;
	if (me->sid == me->pid) {
		if (ctl->pgrp) {
			signal_pgrp_locked(ctl->pgrp, SIGHUP);
			signal_pgrp_locked(ctl->pgrp, SIGCONT);
		}
		list_for_each_entry(p, &all_procs, all_link) {
			if (p->sid == me->sid)
				p->ctty = NULL;
		}
		ctl->session = 0;
		ctl->pgrp = 0;
	}
	me->ctty = NULL;
}

long tty_ioctl_notty(struct tty_ctl *ctl, unsigned long arg)
{
	struct process *me = current_proc();
	long err = 0;

	spin_lock(&proc_lock);
	if (me->ctty != ctl)
		err = -ENOTTY;
	else
		disassociate_locked(me);
	spin_unlock(&proc_lock);
	return err;
}

long tty_ioctl_gsid(struct tty_ctl *ctl, unsigned long arg)
{
	struct process *me = current_proc();
	int sid;

	spin_lock(&proc_lock);
	if (me->ctty != ctl || !ctl->session) {
		spin_unlock(&proc_lock);
		return -ENOTTY;
	}
	sid = ctl->session;
	spin_unlock(&proc_lock);
	return copy_to_user((void *)arg, &sid, sizeof(sid));
}

long tty_check_access(struct tty_ctl *ctl, int sig)
{
	struct thread *t = current_thread();
	struct process *me = t->proc;
	long err = 0;

	if (!me)
		return 0;
	spin_lock(&proc_lock);
	if (me->ctty == ctl && ctl->pgrp && me->pgid != ctl->pgrp) {
		u64 h = me->sigaction[sig - 1].handler;

		if (h == SIG_IGN || (t->sigmask & sigbit(sig))) {
			/* Linux lets TTOU through when ignored; TTIN is EIO. */
			err = sig == SIGTTOU ? 0 : -EIO;
		} else {
			signal_pgrp_locked(me->pgid, sig);
			err = -ERESTARTSYS;
		}
	}
	spin_unlock(&proc_lock);
	return err;
}

/* setpgid(2): pid 0 is the caller, pgid 0 makes pid a group leader. */
long do_setpgid(int pid, int pgid)
{
	struct process *me = current_proc(), *p;
	long err = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	p = pid ? proc_find(pid) : me;
	if (!p || (p != me && p->parent != me)) {
		err = -ESRCH;
		goto out;
	}
	if (!pgid)
		pgid = p->pid;
	if (p != me && p->did_exec)
		err = -EACCES;
	else if (p->sid == p->pid || p->sid != me->sid)
		err = -EPERM;
	else if (pgid != p->pid && !pgrp_in_session(pgid, me->sid))
		err = -EPERM;
	else
		p->pgid = pgid;
out:
	spin_unlock(&proc_lock);
	return err;
}

/* getpgid and getsid: a field of pid (0: the caller), or -ESRCH. */
static long group_id_of(int pid, bool session)
{
	struct process *p;
	long ret;

	spin_lock(&proc_lock);
	p = pid ? proc_find(pid) : current_proc();
	ret = !p ? -ESRCH : session ? p->sid : p->pgid;
	spin_unlock(&proc_lock);
	return ret;
}

long do_getpgid(int pid)
{
	return group_id_of(pid, false);
}

long do_getsid(int pid)
{
	return group_id_of(pid, true);
}

long do_setsid(void)
{
	struct process *me = current_proc(), *p;
	long ret;

	spin_lock(&proc_lock);
	/* A group leader, or anyone whose pid names a group, may not. */
	list_for_each_entry(p, &all_procs, all_link) {
		if (p->pgid == me->pid) {
			spin_unlock(&proc_lock);
			return -EPERM;
		}
	}
	me->sid = me->pgid = me->pid;
	me->ctty = NULL;
	ret = me->sid;
	spin_unlock(&proc_lock);
	return ret;
}

/* A session leader exiting hangs up its terminal, as Linux does. */
void jobctl_exit(struct process *me)
{
	spin_lock(&proc_lock);
	disassociate_locked(me);
	spin_unlock(&proc_lock);
}
