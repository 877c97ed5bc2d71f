/*
 * Signals: dispositions, masks, default actions, and handlers run on the
 * aarch64 rt_sigframe, with Linux's rules for restarting system calls.
 * Stop signals wait for job control and are ignored until then.
 */
#include "lib.h"
#include "proc.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"
#include "abi/linux/sigframe.h"
#include "kernel/include/mm.h"
#include "kernel/include/uaccess.h"
#include "kernel/include/vm.h"
#include "kernel/include/signalfd.h"

enum sig_default { SIG_TERM, SIG_CORE, SIG_IGNORE, SIG_STOP, SIG_CONT };

/* Linux's default actions (signal(7)); real-time signals terminate. */
static const u8 default_action[_NSIG + 1] = {
	[SIGHUP] = SIG_TERM,   [SIGINT] = SIG_TERM,    [SIGQUIT] = SIG_CORE,
	[SIGILL] = SIG_CORE,   [SIGTRAP] = SIG_CORE,   [SIGABRT] = SIG_CORE,
	[SIGBUS] = SIG_CORE,   [SIGFPE] = SIG_CORE,    [SIGKILL] = SIG_TERM,
	[SIGUSR1] = SIG_TERM,  [SIGSEGV] = SIG_CORE,   [SIGUSR2] = SIG_TERM,
	[SIGPIPE] = SIG_TERM,  [SIGALRM] = SIG_TERM,   [SIGTERM] = SIG_TERM,
	[SIGSTKFLT] = SIG_TERM, [SIGCHLD] = SIG_IGNORE, [SIGCONT] = SIG_CONT,
	[SIGSTOP] = SIG_STOP,  [SIGTSTP] = SIG_STOP,   [SIGTTIN] = SIG_STOP,
	[SIGTTOU] = SIG_STOP,  [SIGURG] = SIG_IGNORE,  [SIGXCPU] = SIG_CORE,
	[SIGXFSZ] = SIG_CORE,  [SIGVTALRM] = SIG_TERM, [SIGPROF] = SIG_TERM,
	[SIGWINCH] = SIG_IGNORE, [SIGIO] = SIG_TERM,   [SIGPWR] = SIG_TERM,
	[SIGSYS] = SIG_CORE,
};

/*
 * Whether sig, sent to p (to one thread of it: to), is dropped at once.
 * As Linux's sig_ignored, a signal the target blocks never is: its
 * handler may change before it is unblocked, and sigtimedwait and
 * signalfd take blocked signals whatever their handler. A signal for the
 * process is judged by its first thread's mask, as Linux judges it by
 * the task the pid names.
 */
static bool is_ignored(struct process *p, struct thread *to, int sig)
{
	u64 h = p->sigaction[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	if (!to && !list_empty(&p->threads))
		to = list_first_entry(&p->threads, struct thread, proc_link);
	if (to && (READ_ONCE(to->sigmask) & sigbit(sig)))
		return false;
	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (default_action[sig] == SIG_IGNORE ||
				default_action[sig] == SIG_CONT);
}

static bool is_fatal_default(struct process *p, int sig)
{
	return sig == SIGKILL ||
	       (p->sigaction[sig - 1].handler == SIG_DFL &&
		(default_action[sig] == SIG_TERM ||
		 default_action[sig] == SIG_CORE || sig >= SIGRTMIN));
}

int send_signal(struct process *p, int sig)
{
	int err;

	spin_lock(&proc_lock);
	err = send_signal_locked(p, sig);
	spin_unlock(&proc_lock);
	return err;
}

#define STOP_SIGNALS (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | \
			  sigbit(SIGTTOU))

/* Caller holds proc_lock: tells the parent its child stopped or went on. */
static void notify_parent_locked(struct process *p)
{
	struct process *parent = p->parent;

	if (!parent)
		return;
	if (!(parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_signal_locked(parent, SIGCHLD);
	wake_up_all(&parent->child_wq);
}

int send_signal_locked(struct process *p, int sig)
{
	return send_signal_to_locked(p, NULL, sig, SI_USER);
}

/* to: one thread (tkill, tgkill, faults), or NULL for the process. */
int send_signal_to_locked(struct process *p, struct thread *to, int sig,
			  int code)
{
	struct thread *t;

	if (sig == 0 || p->state != PROC_ALIVE)
		return 0;
	/*
	 * SIGCONT resumes a stopped process even when it is ignored, and
	 * cancels pending stops; a stop cancels a pending SIGCONT.
	 */
	if (sig == SIGCONT) {
		p->sigpending &= ~STOP_SIGNALS;
		list_for_each_entry(t, &p->threads, proc_link)
			t->sigpending &= ~STOP_SIGNALS;
		if (p->stopped) {
			p->stopped = false;
			p->stop_report = false;
			p->cont_report = true;
			list_for_each_entry(t, &p->threads, proc_link)
				wake_up_interruptible_thread(t);
			notify_parent_locked(p);
		}
	} else if (STOP_SIGNALS & sigbit(sig)) {
		p->sigpending &= ~sigbit(SIGCONT);
	}
	if (is_ignored(p, to, sig))
		return 0;
	if (to)
		to->sigpending |= sigbit(sig);
	else
		p->sigpending |= sigbit(sig);
	signalfd_notify();
	p->siginfo[sig - 1] = (struct ksiginfo){
		code, current_proc() ? current_proc()->pid : 0, 0, 0
	};
	if (sig == SIGKILL) {
		p->killed = true;
		p->kill_sig = SIGKILL;
	}
	list_for_each_entry(t, &p->threads, proc_link) {
		if (to && t != to && sig != SIGKILL)
			continue;
		if (sig == SIGKILL || !(t->sigmask & sigbit(sig)))
			wake_up_interruptible_thread(t);
	}
	return 0;
}

/*
 * A process group is orphaned when no member has a parent in another group
 * of the same session (parents that are init do not count), as POSIX and
 * Linux define it. Caller holds proc_lock.
 */
static bool pgrp_orphaned_locked(int pgrp)
{
	struct process *p;

	list_for_each_entry(p, &all_procs, all_link) {
		struct process *parent = p->parent;

		if (p->pgid != pgrp || p->state != PROC_ALIVE || !parent ||
		    parent->pid == 1)
			continue;
		if (parent->pgid != pgrp && parent->sid == p->sid)
			return false;
	}
	return true;
}

/*
 * Stops the process until SIGCONT or SIGKILL. Entered and left with
 * proc_lock dropped on return (the caller's loop takes it again).
 */
static void do_signal_stop_locked(struct process *p, int sig)
{
	struct thread *t = current_thread();

	p->stopped = true;
	p->stop_sig = sig;
	p->stop_report = true;
	p->cont_report = false;
	notify_parent_locked(p);
	while (p->stopped && !p->killed) {
		t->state = TASK_INTERRUPTIBLE;
		spin_unlock(&proc_lock);
		schedule();
		spin_lock(&proc_lock);
	}
	t->state = TASK_RUNNING;
	spin_unlock(&proc_lock);
}

/* Pending, unblocked signals whose delivery is due now. */
static u64 deliverable(struct thread *t)
{
	struct process *p = t->proc;

	return (p->sigpending | t->sigpending) & ~t->sigmask;
}

bool signal_pending(void)
{
	struct thread *t = current_thread();

	if (!t->proc)
		return false;
	return t->proc->killed || t->exit_pending || deliverable(t);
}

void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(struct fpsimd_state *s);

static bool is_restart(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	       ret == -ERESTARTNOHAND;
}

/* Re-executes the svc that returned a restart code. */
static void restart_syscall(struct pt_regs *regs)
{
	regs->regs[0] = regs->orig_x0;
	regs->pc -= 4;
}

static bool on_altstack(struct thread *t, u64 sp)
{
	return t->altstack_size && sp > t->altstack_sp &&
	       sp <= t->altstack_sp + t->altstack_size;
}

/* Builds the frame for a handler and points the registers at it. */
static int setup_frame(struct pt_regs *regs, int sig, struct k_sigaction *ka,
		       struct ksiginfo *ki)
{
	struct thread *t = current_thread();
	struct rt_sigframe *f = kmalloc(sizeof(*f));
	struct fpsimd_context *fp;
	u64 sp = regs->sp, frame;
	int err;

	if (!f)
		return -ENOMEM;
	if ((ka->flags & SA_ONSTACK) && t->altstack_size &&
	    !on_altstack(t, sp)) {
		sp = t->altstack_sp + t->altstack_size;
	}
	frame = ALIGN_DOWN(sp - sizeof(*f), 16);
	f->info.si_signo = sig;
	f->info.si_code = ki->code;
	if (ki->code <= 0) {
		f->info.f.kill.pid = ki->pid;
		f->info.f.kill.uid = ki->uid;
	} else {
		f->info.f.addr = ki->addr;
	}
	f->uc.uc_stack.ss_sp = t->altstack_sp;
	f->uc.uc_stack.ss_size = t->altstack_size;
	f->uc.uc_stack.ss_flags = !t->altstack_size ? SS_DISABLE :
				  on_altstack(t, regs->sp) ? SS_ONSTACK : 0;
	f->uc.uc_sigmask = t->restore_sigmask ? t->saved_sigmask : t->sigmask;
	f->uc.uc_mcontext.fault_address = ki->code > 0 ? ki->addr : 0;
	memcpy(f->uc.uc_mcontext.regs, regs->regs, sizeof(regs->regs));
	f->uc.uc_mcontext.sp = regs->sp;
	f->uc.uc_mcontext.pc = regs->pc;
	f->uc.uc_mcontext.pstate = regs->pstate;
	fp = (struct fpsimd_context *)f->uc.uc_mcontext.__reserved;
	fpsimd_save(&t->fpsimd);
	fp->magic = FPSIMD_MAGIC;
	fp->size = sizeof(*fp);
	fp->fpsr = t->fpsimd.fpsr;
	fp->fpcr = t->fpsimd.fpcr;
	memcpy(fp->vregs, t->fpsimd.v, sizeof(fp->vregs));
	/* The terminator record after it is already zero. */
	f->fp = regs->regs[29];
	f->lr = regs->regs[30];
	err = copy_to_user((void *)frame, f, sizeof(*f));
	kfree(f);
	if (err)
		return err;
	regs->regs[0] = sig;
	regs->regs[1] = frame + offsetof(struct rt_sigframe, info);
	regs->regs[2] = frame + offsetof(struct rt_sigframe, uc);
	regs->regs[29] = frame + offsetof(struct rt_sigframe, fp);
	regs->regs[30] = (ka->flags & SA_RESTORER) ? ka->restorer :
						     t->proc->mm->sigpage;
	regs->sp = frame;
	regs->pc = ka->handler;
	if (ka->flags & SS_AUTODISARM && (ka->flags & SA_ONSTACK))
		t->altstack_size = 0;
	return 0;
}

/*
 * signalfd: takes the lowest signal of set pending for the current
 * thread (its own first, then its process's), blocked or not. Returns
 * the signal, or 0 when none is.
 */
int dequeue_signal_set(u64 set, struct ksiginfo *ki)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	u64 pend;
	int sig = 0;

	spin_lock(&proc_lock);
	pend = t->sigpending & set;
	if (!pend)
		pend = p->sigpending & set;
	if (pend) {
		sig = __builtin_ctzl(pend) + 1;
		*ki = p->siginfo[sig - 1];
		t->sigpending &= ~sigbit(sig);
		p->sigpending &= ~sigbit(sig);
	}
	spin_unlock(&proc_lock);
	return sig;
}

bool signal_pending_set(u64 set)
{
	struct thread *t = current_thread();
	bool r;

	spin_lock(&proc_lock);
	r = (t->sigpending | t->proc->sigpending) & set;
	spin_unlock(&proc_lock);
	return r;
}

/* Takes the lowest deliverable signal off the pending sets. */
static int dequeue(struct thread *t, struct ksiginfo *ki)
{
	struct process *p = t->proc;
	u64 set = deliverable(t);
	int sig;

	if (!set)
		return 0;
	sig = __builtin_ctzl(set) + 1;
	*ki = p->siginfo[sig - 1];
	t->sigpending &= ~sigbit(sig);
	p->sigpending &= ~sigbit(sig);
	return sig;
}

void handle_signals(struct pt_regs *regs)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	struct k_sigaction ka;
	struct ksiginfo ki;
	bool in_syscall = (s64)regs->syscallno >= 0;
	int sig;

	for (;;) {
		spin_lock(&proc_lock);
		if (t->exit_pending) {
			spin_unlock(&proc_lock);
			thread_exit(0); /* the group's status is already set */
		}
		if (p->killed) {
			sig = p->kill_sig;
			spin_unlock(&proc_lock);
			do_exit(W_EXITCODE(0, sig));
		}
		sig = dequeue(t, &ki);
		if (!sig) {
			spin_unlock(&proc_lock);
			break;
		}
		ka = p->sigaction[sig - 1];
		if (is_fatal_default(p, sig)) {
			p->killed = true;
			p->kill_sig = sig;
			spin_unlock(&proc_lock);
			do_exit(W_EXITCODE(0, sig));
		}
		if (ka.handler == SIG_DFL && default_action[sig] == SIG_STOP) {
			/* Nobody could continue an orphaned group: drop it. */
			if (sig != SIGSTOP && pgrp_orphaned_locked(p->pgid)) {
				spin_unlock(&proc_lock);
				continue;
			}
			do_signal_stop_locked(p, sig);
			continue;
		}
		if (ka.handler == SIG_DFL || ka.handler == SIG_IGN) {
			spin_unlock(&proc_lock);
			continue;
		}
		if (ka.flags & SA_RESETHAND)
			p->sigaction[sig - 1].handler = SIG_DFL;
		spin_unlock(&proc_lock);

		if (in_syscall && is_restart(regs->regs[0])) {
			if (regs->regs[0] == -ERESTARTNOINTR ||
			    (regs->regs[0] == -ERESTARTSYS &&
			     (ka.flags & SA_RESTART)))
				restart_syscall(regs);
			else
				regs->regs[0] = -EINTR;
		}
		in_syscall = false;
		regs->syscallno = ~0UL;
		if (setup_frame(regs, sig, &ka, &ki)) {
			force_signal(SIGSEGV, SI_KERNEL, 0);
			return;
		}
		t->restore_sigmask = false;
		t->sigmask |= ka.mask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
		if (!(ka.flags & SA_NODEFER))
			t->sigmask |= sigbit(sig);
		return; /* one frame per return; the next comes after */
	}
	syscall_exit_work(regs);
}

void syscall_exit_work(struct pt_regs *regs)
{
	struct thread *t = current_thread();

	if ((s64)regs->syscallno >= 0 && is_restart(regs->regs[0]))
		restart_syscall(regs);
	regs->syscallno = ~0UL;
	if (t->restore_sigmask) {
		t->sigmask = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}

long do_sigreturn(struct pt_regs *regs)
{
	struct thread *t = current_thread();
	struct rt_sigframe *f = kmalloc(sizeof(*f));
	struct fpsimd_context *fp;

	if (!f)
		return -ENOMEM;
	/* The frame is where the handler found it: at sp, 16-aligned. */
	if ((regs->sp & 15) ||
	    copy_from_user(f, (void *)regs->sp, sizeof(*f))) {
		kfree(f);
		force_signal(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	memcpy(regs->regs, f->uc.uc_mcontext.regs, sizeof(regs->regs));
	regs->sp = f->uc.uc_mcontext.sp;
	regs->pc = f->uc.uc_mcontext.pc;
	/* User space may only restore the condition flags. */
	regs->pstate = f->uc.uc_mcontext.pstate & 0xf0000000;
	t->sigmask = f->uc.uc_sigmask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	fp = (struct fpsimd_context *)f->uc.uc_mcontext.__reserved;
	if (fp->magic == FPSIMD_MAGIC && fp->size == sizeof(*fp)) {
		t->fpsimd.fpsr = fp->fpsr;
		t->fpsimd.fpcr = fp->fpcr;
		memcpy(t->fpsimd.v, fp->vregs, sizeof(fp->vregs));
		fpsimd_load(&t->fpsimd);
	}
	kfree(f);
	/* Not a syscall any more as far as restarting goes. */
	regs->syscallno = ~0UL;
	return regs->regs[0];
}

void force_signal(int sig, int code, u64 addr)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	u64 h;

	spin_lock(&proc_lock);
	h = p->sigaction[sig - 1].handler;
	/* A blocked or ignored fault cannot be survived: Linux kills. */
	if (h == SIG_DFL || h == SIG_IGN || (t->sigmask & sigbit(sig))) {
		/* Linux logs these too (show_unhandled_signals). */
		printk("%s[%d]: unhandled signal %d at 0x%lx, pc 0x%lx\n",
		       p->comm, p->pid, sig, addr, t->regs->pc);
		p->killed = true;
		p->kill_sig = sig;
		spin_unlock(&proc_lock);
		do_exit(W_EXITCODE(0, sig));
	}
	p->siginfo[sig - 1] = (struct ksiginfo){ code, 0, 0, addr };
	t->sigpending |= sigbit(sig);
	spin_unlock(&proc_lock);
}

/*
 * rt_sigtimedwait: takes the lowest pending signal of set off the queue,
 * or waits for one until deadline (0: forever). Returns the signal, or
 * -EAGAIN at the deadline, or -EINTR when another signal must be handled.
 */
long do_sigtimedwait(u64 set, struct ksiginfo *ki, u64 deadline)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	u64 saved = t->sigmask;
	long ret;

	set &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	/* The waited-for signals are unblocked while we wait, as on Linux. */
	t->sigmask &= ~set;
	for (;;) {
		u64 pend;

		spin_lock(&proc_lock);
		pend = (t->sigpending | p->sigpending) & set;
		if (pend) {
			int sig = __builtin_ctzl(pend) + 1;

			*ki = p->siginfo[sig - 1];
			t->sigpending &= ~sigbit(sig);
			p->sigpending &= ~sigbit(sig);
			spin_unlock(&proc_lock);
			ret = sig;
			break;
		}
		t->state = TASK_INTERRUPTIBLE;
		spin_unlock(&proc_lock);
		if (signal_pending()) {
			t->state = TASK_RUNNING;
			ret = -EINTR;
			break;
		}
		ret = schedule_until(deadline);
		if (ret == -ETIMEDOUT) {
			ret = -EAGAIN;
			break;
		}
	}
	t->sigmask = saved;
	return ret;
}
