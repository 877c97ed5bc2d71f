/* Signal syscalls: dispositions, masks, kill. */
#include "abi/linux/signal.h"
#include "abi/linux/syscalls.h"
#include "kernel/include/lib.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

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

/* Threads come with CLONE_THREAD; until then a tid is a process's pid. */
SYSCALL_DEFINE(tgkill)
{
	if ((int)a0 <= 0 || (int)a1 <= 0)
		return -EINVAL;
	if ((int)a0 != (int)a1)
		return -ESRCH;
	return sys_kill(a1, a2, 0, 0, 0, 0);
}

SYSCALL_DEFINE(tkill)
{
	if ((int)a0 <= 0)
		return -EINVAL;
	return sys_kill(a0, a1, 0, 0, 0, 0);
}
