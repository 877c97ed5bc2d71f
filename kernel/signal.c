/*
 * Signals. Dispositions and masks are kept exactly; default actions are
 * carried out (terminate, ignore). Running user handlers needs the signal
 * frame, which comes with the next issue: until then a caught signal stays
 * pending and blocked calls see EINTR.
 */
#include "lib.h"
#include "proc.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"
#include "abi/linux/signal.h"

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

static bool is_ignored(struct process *p, int sig)
{
	u64 h = p->sigaction[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
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

int send_signal_locked(struct process *p, int sig)
{
	struct thread *t;

	if (sig == 0 || p->state != PROC_ALIVE || is_ignored(p, sig))
		return 0;
	p->sigpending |= sigbit(sig);
	if (sig == SIGKILL) {
		p->killed = true;
		p->kill_sig = SIGKILL;
	}
	list_for_each_entry(t, &p->threads, proc_link) {
		if (sig == SIGKILL || !(t->sigmask & sigbit(sig)))
			wake_up_interruptible_thread(t);
	}
	return 0;
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
	return t->proc->killed || deliverable(t);
}

void handle_signals(struct pt_regs *regs)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	u64 set;

	spin_lock(&proc_lock);
	if (p->killed) {
		int sig = p->kill_sig;

		spin_unlock(&proc_lock);
		do_exit(W_EXITCODE(0, sig));
	}
	set = deliverable(t);
	for (int sig = 1; sig <= _NSIG; sig++) {
		if (!(set & sigbit(sig)))
			continue;
		if (is_fatal_default(p, sig)) {
			p->killed = true;
			p->kill_sig = sig;
			spin_unlock(&proc_lock);
			do_exit(W_EXITCODE(0, sig));
		}
		/*
		 * Ignored or caught: without handler frames yet, a caught
		 * signal is consumed here so user space keeps running.
		 */
		p->sigpending &= ~sigbit(sig);
		t->sigpending &= ~sigbit(sig);
	}
	spin_unlock(&proc_lock);
}

void force_fatal_signal(int sig)
{
	struct process *p = current_proc();

	spin_lock(&proc_lock);
	p->killed = true;
	p->kill_sig = sig;
	spin_unlock(&proc_lock);
	do_exit(W_EXITCODE(0, sig));
}
