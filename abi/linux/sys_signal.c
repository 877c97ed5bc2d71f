/* Signal syscalls: dispositions, masks, kill. */
#include "abi/linux/signal.h"
#include "abi/linux/sigframe.h"
#include "abi/linux/signalfd.h"
#include "abi/linux/stat.h"
#include "abi/linux/syscalls.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "kernel/include/lib.h"
#include "kernel/include/proc.h"
#include "kernel/include/irq.h"
#include "kernel/include/file.h"
#include "kernel/include/signalfd.h"
#include "kernel/include/uaccess.h"

#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_KNOWN_FLAGS                                                       \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_RESTORER | SA_ONSTACK | \
	 SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS)

SYSCALL_DEFINE(rt_sigaction)
{
	int sig = (int)a0;
	struct process *p = current_proc();
	struct k_sigaction act, old;

	if (a3 != sizeof(u64))
		return -EINVAL;
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (a1 && copy_from_user(&act, (void *)a1, sizeof(act)))
		return -EFAULT;
	if (a1 && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	spin_lock(&proc_lock);
	old = p->sigaction[sig - 1];
	if (a1) {
		act.mask &= ~UNBLOCKABLE;
		/* Unknown flag bits are dropped, so callers can probe them. */
		act.flags &= SA_KNOWN_FLAGS;
		p->sigaction[sig - 1] = act;
		/* Setting SIG_IGN discards what is pending, as POSIX says. */
		if (act.handler == SIG_IGN)
			p->sigpending &= ~sigbit(sig);
	}
	spin_unlock(&proc_lock);
	if (a2 && copy_to_user((void *)a2, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigprocmask)
{
	struct thread *t = current_thread();
	u64 set, old = t->sigmask;

	if (a3 != sizeof(u64))
		return -EINVAL;
	if (a1) {
		if (copy_from_user(&set, (void *)a1, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		switch (a0) {
		case SIG_BLOCK:
			t->sigmask |= set;
			break;
		case SIG_UNBLOCK:
			t->sigmask &= ~set;
			break;
		case SIG_SETMASK:
			t->sigmask = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (a2 && copy_to_user((void *)a2, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Sends sig to every process kill(2)'s pid selects. */
static long kill_many(int pid, int sig)
{
	struct process *me = current_proc(), *p;
	int hits = 0;

	spin_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_link) {
		bool hit = pid == -1 ? p->pid != 1 && p != me :
			   p->pgid == (pid ? -pid : me->pgid);

		if (hit && p->state == PROC_ALIVE) {
			send_signal_locked(p, sig);
			hits++;
		}
	}
	spin_unlock(&proc_lock);
	return hits ? 0 : -ESRCH;
}

SYSCALL_DEFINE(kill)
{
	int pid = (int)a0, sig = (int)a1;
	struct process *p;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH;
	if (pid <= 0)
		return kill_many(pid, sig);
	spin_lock(&proc_lock);
	p = proc_find(pid);
	spin_unlock(&proc_lock);
	if (!p)
		return -ESRCH;
	return send_signal(p, sig);
}

/* A signal for one thread; tgid < 0 means any process (tkill). */
static long kill_thread(int tgid, int tid, int sig)
{
	struct thread *t;
	long err = 0;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&proc_lock);
	t = thread_find(tid);
	if (!t || (tgid >= 0 && t->proc->pid != tgid))
		err = -ESRCH;
	else if (sig)
		send_signal_to_locked(t->proc, t, sig, SI_TKILL);
	spin_unlock(&proc_lock);
	return err;
}

SYSCALL_DEFINE(tgkill)
{
	if ((int)a0 <= 0)
		return -EINVAL;
	return kill_thread((int)a0, (int)a1, (int)a2);
}

SYSCALL_DEFINE(tkill)
{
	return kill_thread(-1, (int)a0, (int)a1);
}

SYSCALL_DEFINE(rt_sigreturn)
{
	return do_sigreturn(current_regs());
}

SYSCALL_DEFINE(sigaltstack)
{
	struct thread *t = current_thread();
	struct linux_stack ss, old;
	bool on = t->altstack_size && current_regs()->sp > t->altstack_sp &&
		  current_regs()->sp <= t->altstack_sp + t->altstack_size;

	old.ss_sp = t->altstack_sp;
	old.ss_size = t->altstack_size;
	old.ss_flags = on ? SS_ONSTACK : !t->altstack_size ? SS_DISABLE : 0;
	old.ss_flags |= t->altstack_flags;
	old.__pad = 0;
	if (a0) {
		u32 mode;

		if (copy_from_user(&ss, (void *)a0, sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->altstack_sp = t->altstack_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack_sp = ss.ss_sp;
			t->altstack_size = ss.ss_size;
		}
		t->altstack_flags = ss.ss_flags & SS_AUTODISARM;
	}
	if (a1 && copy_to_user((void *)a1, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigsuspend)
{
	struct thread *t = current_thread();
	u64 mask;

	if (a1 != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (void *)a0, sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	t->sigmask = mask & ~UNBLOCKABLE;
	while (!signal_pending()) {
		t->state = TASK_INTERRUPTIBLE;
		if (signal_pending()) {
			t->state = TASK_RUNNING;
			break;
		}
		schedule();
	}
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE(rt_sigpending)
{
	struct thread *t = current_thread();
	u64 set;

	if (a1 != sizeof(u64))
		return -EINVAL;
	spin_lock(&proc_lock);
	set = (t->sigpending | t->proc->sigpending) & t->sigmask;
	spin_unlock(&proc_lock);
	return copy_to_user((void *)a0, &set, sizeof(set));
}

SYSCALL_DEFINE(rt_sigtimedwait)
{
	struct linux_siginfo info;
	struct linux_timespec ts;
	struct ksiginfo ki;
	u64 set, deadline = 0;
	long sig;

	if (a3 != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&set, (void *)a0, sizeof(set)))
		return -EFAULT;
	if (a2) {
		if (copy_from_user(&ts, (void *)a2, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		/* A zero timeout polls; the deadline is then already due. */
		deadline = timer_now() +
			   ns_to_ticks(MIN((u64)ts.tv_sec, 1UL << 32) *
					       1000000000UL +
				       ts.tv_nsec);
		if (!deadline)
			deadline = 1;
	}
	sig = do_sigtimedwait(set, &ki, deadline);
	if (sig > 0 && a1) {
		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		info.si_code = ki.code;
		if (ki.code <= 0) {
			info.f.kill.pid = ki.pid;
			info.f.kill.uid = ki.uid;
		} else {
			info.f.addr = ki.addr;
		}
		if (copy_to_user((void *)a1, &info, sizeof(info)))
			return -EFAULT;
	}
	return sig;
}

/*
 * signalfd4(fd, mask, sizemask, flags): a new signalfd (fd -1) or a new
 * mask for one, with Linux's order of checks: the size, the mask's copy,
 * the flags, then the descriptor (EBADF, or EINVAL if not a signalfd).
 */
SYSCALL_DEFINE(signalfd4)
{
	int ufd = (int)a0;
	u32 flags = (u32)a3;
	struct file *f;
	u64 mask;
	int fd;

	if (a2 != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (void *)a1, sizeof(mask)))
		return -EFAULT;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (ufd == -1) {
		f = signalfd_create(mask, flags);
		if (IS_ERR(f))
			return PTR_ERR(f);
		fd = fd_install(f, 0, flags & SFD_CLOEXEC);
		if (fd < 0)
			file_put(f);
		return fd;
	}
	f = fd_get(ufd);
	if (!f)
		return -EBADF;
	/* Linux's fdget does not see O_PATH descriptors. */
	if (f->flags & O_PATH) {
		file_put(f);
		return -EBADF;
	}
	if (!is_signalfd(f)) {
		file_put(f);
		return -EINVAL;
	}
	signalfd_set_mask(f, mask);
	file_put(f);
	return ufd;
}
