/* prctl(2): the process attributes programs set on themselves. */
#include "abi/linux/signal.h"
#include "abi/linux/syscalls.h"
#include "kernel/include/lib.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_CAPBSET_READ 23
#define PR_GET_TIMERSLACK 30
#define PR_SET_TIMERSLACK 29
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define CAP_LAST_CAP 40 /* CAP_CHECKPOINT_RESTORE in Linux 6.1 */

static long put_int(u64 uaddr, int v)
{
	return copy_to_user((void *)uaddr, &v, sizeof(v));
}

SYSCALL_DEFINE(prctl)
{
	struct process *p = current_proc();
	char name[16];
	long ret = 0;

	switch ((int)a0) {
	case PR_SET_NAME:
		/* Up to 15 bytes and a NUL; longer names are cut. */
		memset(name, 0, sizeof(name));
		ret = strncpy_from_user(name, (const char *)a1, sizeof(name));
		if (ret < 0 && ret != -ENAMETOOLONG)
			return ret;
		name[15] = 0;
		spin_lock(&proc_lock);
		memcpy(p->comm, name, sizeof(p->comm));
		spin_unlock(&proc_lock);
		return 0;
	case PR_GET_NAME:
		spin_lock(&proc_lock);
		memcpy(name, p->comm, sizeof(name));
		spin_unlock(&proc_lock);
		return copy_to_user((void *)a1, name, sizeof(name));
	case PR_SET_PDEATHSIG:
		if (a1 > _NSIG)
			return -EINVAL;
		spin_lock(&proc_lock);
		p->pdeath_signal = (int)a1;
		spin_unlock(&proc_lock);
		return 0;
	case PR_GET_PDEATHSIG:
		return put_int(a1, p->pdeath_signal);
	case PR_GET_DUMPABLE:
		return p->dumpable;
	case PR_SET_DUMPABLE:
		if (a1 > 1)
			return -EINVAL;
		p->dumpable = a1;
		return 0;
	case PR_GET_KEEPCAPS:
		return p->keepcaps;
	case PR_SET_KEEPCAPS:
		/* Kept for the caller to read back; no capabilities to keep. */
		if (a1 > 1)
			return -EINVAL;
		p->keepcaps = a1;
		return 0;
	case PR_CAPBSET_READ:
		/* Root holds every capability Linux 6.1 defines. */
		return a1 <= CAP_LAST_CAP ? 1 : -EINVAL;
	case PR_SET_CHILD_SUBREAPER:
		spin_lock(&proc_lock);
		p->subreaper = !!a1;
		spin_unlock(&proc_lock);
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_int(a1, p->subreaper);
	case PR_SET_NO_NEW_PRIVS:
		if (a1 != 1 || a2 || a3 || a4)
			return -EINVAL;
		p->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (a1 || a2 || a3 || a4)
			return -EINVAL;
		return p->no_new_privs;
	default:
		/* Everything else Linux has is not implemented here yet. */
		return -EINVAL;
	}
	return ret;
}
