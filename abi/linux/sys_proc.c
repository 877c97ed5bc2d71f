/* Process syscalls: identity, fork, exec, exit, wait, uname, reboot. */
#include "abi/linux/fcntl.h"
#include "abi/linux/signal.h"
#include "abi/linux/utsname.h"
#include "abi/linux/syscalls.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "kernel/include/irq.h"
#include "kernel/include/lib.h"
#include "kernel/include/file.h"
#include "kernel/include/pidfd.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

long do_fork(u64 flags, u64 newsp, u64 parent_tid, u64 tls, u64 child_tid);
long do_execve(const char *path, const char *const *argv,
	       const char *const *envp);
long do_wait4(int pid, int *status, int options, u64 *runtime);
long get_random_bytes(void *buf, size_t n);
u64 ticks_to_ns(u64 t);

SYSCALL_DEFINE(getpid)
{
	return current_proc()->pid;
}

SYSCALL_DEFINE(gettid)
{
	return current_thread()->tid;
}

SYSCALL_DEFINE(getppid)
{
	struct process *p = current_proc();
	int ppid;

	spin_lock(&proc_lock);
	ppid = p->parent ? p->parent->pid : 0;
	spin_unlock(&proc_lock);
	return ppid;
}

SYSCALL_DEFINE(getuid)
{
	return current_proc()->uid;
}

SYSCALL_DEFINE(geteuid)
{
	return current_proc()->euid;
}

SYSCALL_DEFINE(getgid)
{
	return current_proc()->gid;
}

SYSCALL_DEFINE(getegid)
{
	return current_proc()->egid;
}

SYSCALL_DEFINE(set_tid_address)
{
	current_thread()->clear_child_tid = a0;
	return current_thread()->tid;
}

SYSCALL_DEFINE(set_robust_list)
{
	/* The only list head size Linux accepts: struct robust_list_head. */
	if (a1 != 24)
		return -EINVAL;
	current_thread()->robust_list = a0;
	current_thread()->robust_len = a1;
	return 0;
}

SYSCALL_DEFINE(sched_yield)
{
	yield();
	return 0;
}

/* aarch64 order: flags, stack, parent_tid, tls, child_tid. */
SYSCALL_DEFINE(clone)
{
	return do_fork(a0, a1, a2, a3, a4);
}

SYSCALL_DEFINE(execve)
{
	return do_execve((const char *)a0, (const char *const *)a1,
			 (const char *const *)a2);
}

SYSCALL_DEFINE(exit)
{
	thread_exit(W_EXITCODE(a0 & 0xff, 0));
}

SYSCALL_DEFINE(exit_group)
{
	do_exit(W_EXITCODE(a0 & 0xff, 0));
}

struct linux_rusage {
	s64 utime_sec, utime_usec;
	s64 stime_sec, stime_usec;
	s64 rest[14];
};
_Static_assert(sizeof(struct linux_rusage) == 144, "rusage layout");

SYSCALL_DEFINE(wait4)
{
	int status = 0;
	u64 runtime = 0;
	long pid = do_wait4((int)a0, &status, (int)a2, &runtime);

	if (pid <= 0)
		return pid;
	/* The child is reaped whether or not the copies succeed, as on Linux. */
	if (a1 && copy_to_user((void *)a1, &status, sizeof(status)))
		return -EFAULT;
	if (a3) {
		struct linux_rusage ru = { 0 };
		u64 us = ticks_to_ns(runtime) / 1000;

		/* Akuma does not yet split user from system time. */
		ru.utime_sec = us / 1000000;
		ru.utime_usec = us % 1000000;
		if (copy_to_user((void *)a3, &ru, sizeof(ru)))
			return -EFAULT;
	}
	return pid;
}

void uts_get(struct new_utsname *out);
int uts_set(int which, const char *name, size_t len);

SYSCALL_DEFINE(uname)
{
	struct new_utsname u;

	uts_get(&u);
	return copy_to_user((void *)a0, &u, sizeof(u));
}

/* sethostname and setdomainname: root only, at most 64 bytes. */
static long set_name(int which, u64 uname, u64 len)
{
	char buf[UTS_LEN];

	if (current_proc()->euid != 0)
		return -EPERM;
	if ((s64)len < 0 || len > UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, (void *)uname, len))
		return -EFAULT;
	return uts_set(which, buf, len);
}

SYSCALL_DEFINE(sethostname)
{
	return set_name(0, a0, a1);
}

SYSCALL_DEFINE(setdomainname)
{
	return set_name(1, a0, a1);
}

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4

SYSCALL_DEFINE(getrandom)
{
	u8 buf[256];
	size_t done = 0, n = a1;

	if (a2 & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((a2 & GRND_INSECURE) && (a2 & GRND_RANDOM))
		return -EINVAL;
	if (n > 0x1ffffff) /* Linux caps one call at 32 MiB - 1 */
		n = 0x1ffffff;
	while (done < n) {
		size_t c = MIN(n - done, sizeof(buf));

		get_random_bytes(buf, c);
		if (copy_to_user((char *)a0 + done, buf, c))
			return done ? (long)done : -EFAULT;
		done += c;
		if (signal_pending() && done < n)
			break;
	}
	return done;
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

SYSCALL_DEFINE(reboot)
{
	u32 m2 = a1;

	if ((u32)a0 != LINUX_REBOOT_MAGIC1 ||
	    (m2 != LINUX_REBOOT_MAGIC2 && m2 != LINUX_REBOOT_MAGIC2A &&
	     m2 != LINUX_REBOOT_MAGIC2B && m2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch ((u32)a2) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		printk("reboot: Power down\n");
		machine_power_off();
	case LINUX_REBOOT_CMD_RESTART:
		printk("reboot: Restarting system\n");
		machine_restart();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		/* Ctrl-Alt-Del has no meaning on a serial console. */
		return 0;
	default:
		return -EINVAL;
	}
}

long do_setpgid(int pid, int pgid);
long do_getpgid(int pid);
long do_getsid(int pid);
long do_setsid(void);

SYSCALL_DEFINE(setpgid)
{
	return do_setpgid((int)a0, (int)a1);
}

SYSCALL_DEFINE(getpgid)
{
	return do_getpgid((int)a0);
}

SYSCALL_DEFINE(getsid)
{
	return do_getsid((int)a0);
}

SYSCALL_DEFINE(setsid)
{
	return do_setsid();
}

long do_futex(u64 uaddr, int op, u32 val, u64 utime, u64 uaddr2, u32 val3);

SYSCALL_DEFINE(futex)
{
	return do_futex(a0, (int)a1, (u32)a2, a3, a4, (u32)a5);
}

/* pidfd_open(pid, flags): flags is 0 or PIDFD_NONBLOCK (O_NONBLOCK). */
SYSCALL_DEFINE(pidfd_open)
{
	int pid = (int)a0;
	u32 flags = (u32)a1;
	struct file *f;
	int fd;

	if (flags & ~O_NONBLOCK)
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	f = pidfd_create(pid, flags);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, 0, true);
	if (fd < 0)
		file_put(f);
	return fd;
}
