/*
 * Every syscall handler has the same C signature: the six argument
 * registers as they arrived. A handler fetches what it needs, copies in,
 * calls the core and copies out; it returns a value or -errno.
 */
#ifndef ABI_LINUX_SYSCALLS_H
#define ABI_LINUX_SYSCALLS_H

#include "kernel/include/types.h"
#include "abi/linux/errno.h"
#include "abi/linux/unistd.h"

#define SYSCALL_DEFINE(name)                                                 \
	long sys_##name(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)

typedef long (*syscall_fn)(u64, u64, u64, u64, u64, u64);

struct pt_regs;
/* The user trap frame of the calling thread (for clone, execve, ...). */
struct pt_regs *current_regs(void);
long do_syscall(struct pt_regs *regs);

/* Handler declarations, by family (abi/linux/sys_<family>.c). */
#define SYSCALL_LIST(X)                                                      \
	/* sys_fs.c */                                                       \
	X(ioctl) X(openat) X(close) X(getdents64) X(lseek) X(read)           \
	X(write) X(readv) X(writev) X(newfstatat) X(fstat)                   \
	X(getcwd) X(chdir) X(fchdir) X(umask) X(mknodat) X(mkdirat)         \
	X(unlinkat) X(symlinkat) X(linkat) X(renameat) X(renameat2) X(readlinkat)       \
	X(fchmod) X(fchmodat) X(fchown) X(fchownat) X(utimensat)            \
	X(truncate) X(ftruncate) X(faccessat) X(faccessat2) X(statx)        \
	X(sync) X(syncfs) X(fsync) X(fdatasync) X(dup) X(dup3) X(fcntl)     \
	X(sendfile) X(mount) X(umount2) X(statfs) X(fstatfs) X(close_range) \
	X(flock) X(inotify_init1) X(inotify_add_watch) X(inotify_rm_watch)   \
	/* sys_proc.c */                                                     \
	X(exit) X(exit_group) X(set_tid_address) X(set_robust_list)          \
	X(sched_yield) X(reboot) X(uname) X(sethostname) X(setdomainname) X(getpid) X(getppid) X(getuid)     \
	X(geteuid) X(getgid) X(getegid) X(gettid) X(clone) X(execve)         \
	X(wait4) X(futex) X(getrandom) X(setpgid) X(getpgid) X(getsid) X(setsid) \
	X(pidfd_open)                                                \
	/* sys_time.c */                                                     \
	X(nanosleep) X(clock_gettime) X(clock_getres) X(gettimeofday)        \
	X(clock_nanosleep) X(clock_settime) X(settimeofday) X(adjtimex)      \
	X(clock_adjtime) X(getitimer) X(setitimer) X(timer_create)           \
	X(timer_settime) X(timer_gettime) X(timer_getoverrun) X(timer_delete) \
	X(timerfd_create) X(timerfd_settime) X(timerfd_gettime)              \
	/* sys_signal.c */                                                   \
	X(kill) X(tkill) X(tgkill) X(rt_sigaction) X(rt_sigprocmask)         \
	X(rt_sigreturn) X(sigaltstack) X(rt_sigsuspend) X(rt_sigpending)    \
	X(rt_sigtimedwait) X(signalfd4)                                      \
	/* sys_cred.c */                                                     \
	X(setuid) X(setgid) X(setreuid) X(setregid) X(setresuid)             \
	X(setresgid) X(getresuid) X(getresgid) X(setfsuid) X(setfsgid)       \
	X(getgroups) X(setgroups)                                            \
	/* sys_prctl.c */                                                    \
	X(prctl)                                                             \
	/* sys_resource.c */                                                 \
	X(prlimit64) X(getrlimit) X(setrlimit) X(getrusage) X(times)         \
	X(sysinfo)                                                           \
	/* sys_info.c */                                                     \
	X(syslog)                                                            \
	/* sys_poll.c */                                                     \
	X(pipe2) X(ppoll) X(pselect6) X(epoll_create1) X(epoll_ctl)          \
	X(epoll_pwait) X(epoll_pwait2) X(eventfd2)                           \
	/* sys_socket.c */                                                   \
	X(socket) X(socketpair) X(bind) X(listen) X(accept) X(accept4)       \
	X(connect) X(getsockname) X(getpeername) X(sendto) X(recvfrom)       \
	X(setsockopt) X(getsockopt) X(shutdown) X(sendmsg) X(recvmsg)        \
	X(sendmmsg) X(recvmmsg)                                              \
	/* sys_mm.c */                                                       \
	X(brk) X(munmap) X(mmap) X(mprotect) X(mremap) X(msync) X(madvise)  \
	X(mincore) X(memfd_create)

#define X(name) SYSCALL_DEFINE(name);
SYSCALL_LIST(X)
#undef X

#endif
