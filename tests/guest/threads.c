/*
 * Threads through raw clone (as pthread_create does it), futexes, vfork,
 * tgkill, thread exit versus exit_group, and execve from a thread.
 */
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "guest.h"

#define STACK_SIZE (64 * 1024)
#define THREAD_FLAGS                                                        \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |  \
	 CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

static char stacks[4][STACK_SIZE] __attribute__((aligned(16)));

/*
 * clone with a new stack: the child runs fn(arg) and exits its thread
 * with the result. Written in assembly so the child never returns into C
 * frames that belong to the parent.
 */
static long spawn(unsigned long flags, void *stack_top, int *ptid, int *ctid,
		  long (*fn)(long), long arg)
{
	register long x0 __asm__("x0") = flags;
	register long x1 __asm__("x1") = (long)stack_top;
	register long x2 __asm__("x2") = (long)ptid;
	register long x3 __asm__("x3") = 0;
	register long x4 __asm__("x4") = (long)ctid;
	register long x8 __asm__("x8") = SYS_clone;
	register long x9 __asm__("x9") = (long)fn;
	register long x10 __asm__("x10") = arg;

	__asm__ volatile("svc #0\n"
			 "cbnz x0, 1f\n"
			 "mov x0, x10\n"
			 "blr x9\n"
			 "mov x8, %[exit]\n"
			 "svc #0\n"
			 "1:\n"
			 : "+r"(x0)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x8), "r"(x9),
			   "r"(x10), [exit] "i"(SYS_exit)
			 : "x30", "memory", "cc");
	return x0;
}

static long futex(int *uaddr, int op, int val, void *timeout, int *uaddr2,
		  int val3)
{
	return SYS(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static atomic_int counter;
static int ready;

static long adder(long n)
{
	for (long i = 0; i < n; i++)
		atomic_fetch_add(&counter, 1);
	return 0;
}

/* Waits for a CLONE_CHILD_CLEARTID word to be cleared, as pthread_join. */
static void join(int *tid)
{
	int v;

	while ((v = __atomic_load_n(tid, __ATOMIC_ACQUIRE)) != 0)
		futex(tid, FUTEX_WAIT, v, 0, 0, 0);
}

static void check_threads(void)
{
	int ctid[2] = { 0 };
	long t0, t1;

	/*
	 * As pthread_create: the tid is stored before clone returns
	 * (PARENT_SETTID) in the word the kernel clears at exit (CLEARTID).
	 */
	t0 = spawn(THREAD_FLAGS, stacks[0] + STACK_SIZE, &ctid[0], &ctid[0],
		   adder, 100000);
	t1 = spawn(THREAD_FLAGS, stacks[1] + STACK_SIZE, &ctid[1], &ctid[1],
		   adder, 100000);
	CHECK(t0 > 0 && t1 > 0);
	CHECK_NE(t0, SYS(SYS_getpid));
	CHECK_NE(t0, t1);
	join(&ctid[0]);
	join(&ctid[1]);
	CHECK_EQ(atomic_load(&counter), 200000);
}

static long getpid_in_thread(long unused)
{
	/* Threads share the pid; each has its own tid. */
	__atomic_store_n(&ready, (int)(SYS(SYS_getpid) * 2 + 1), __ATOMIC_RELEASE);
	futex(&ready, FUTEX_WAKE, 1, 0, 0, 0);
	return 0;
}

static void check_ids(void)
{
	int ctid = 0, v;
	long t = spawn(THREAD_FLAGS, stacks[0] + STACK_SIZE, &ctid, &ctid,
		       getpid_in_thread, 0);

	CHECK(t > 0);
	while ((v = __atomic_load_n(&ready, __ATOMIC_ACQUIRE)) == 0)
		futex(&ready, FUTEX_WAIT, 0, 0, 0, 0);
	CHECK_EQ(v, SYS(SYS_getpid) * 2 + 1);
	join(&ctid);
}

static void check_futex_errors(void)
{
	int word = 5;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	long start;

	/* A value that does not match: EAGAIN at once. */
	CHECK_ERR(futex(&word, FUTEX_WAIT, 4, 0, 0, 0), EAGAIN);
	/* A timeout, at least as long as asked. */
	start = mono_ns();
	CHECK_ERR(futex(&word, FUTEX_WAIT, 5, &ts, 0, 0), ETIMEDOUT);
	CHECK(mono_ns() - start >= 20 * 1000 * 1000);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 5, &ts, 0, 0), ETIMEDOUT);
	/* Nobody waits: waking returns 0. */
	CHECK_EQ(futex(&word, FUTEX_WAKE, 1, 0, 0, 0), 0);
	CHECK_ERR(futex((int *)((char *)&word + 1), FUTEX_WAKE, 1, 0, 0, 0),
		  EINVAL);
	CHECK_ERR(futex(unmapped_addr(), FUTEX_WAIT, 0, 0, 0, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_WAIT, 5, unmapped_addr(), 0, 0), EFAULT);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(futex(&word, FUTEX_WAIT, 5, &ts, 0, 0), EINVAL);
	CHECK_ERR(futex(&word, FUTEX_WAIT_BITSET, 5, 0, 0, 0), EINVAL);
	CHECK_ERR(futex(&word, 99, 0, 0, 0, 0), ENOSYS);
}

static long exiter(long code)
{
	/* exit_group from a thread ends the whole process. */
	sleep_ms(50);
	SYS(SYS_exit_group, code);
	return 0;
}

static void check_exit_group(void)
{
	long pid = must_fork();
	int status;

	if (pid == 0) {
		int ctid = 0;

		spawn(THREAD_FLAGS, stacks[2] + STACK_SIZE, &ctid, &ctid,
		      exiter, 7);
		for (;;)
			sleep_ms(1000);
	}
	status = must_wait(pid);
	CHECK_EXITED(status, 7);

	/* The main thread leaving with exit() does not end the process. */
	pid = must_fork();
	if (pid == 0) {
		int ctid = 0;

		spawn(THREAD_FLAGS, stacks[2] + STACK_SIZE, &ctid, &ctid,
		      exiter, 9);
		SYS(SYS_exit, 3);
	}
	status = must_wait(pid);
	CHECK_EXITED(status, 9);
}

static volatile int vfork_word;

static long vfork_child(long code)
{
	vfork_word = 42;
	return code; /* spawn() exits with it */
}

static void check_vfork(void)
{
	long pid;
	int status;

	/* The parent sleeps until the child exits; memory is shared. */
	pid = spawn(CLONE_VM | CLONE_VFORK | SIGCHLD, stacks[3] + STACK_SIZE,
		    0, 0, vfork_child, 5);
	CHECK(pid > 0);
	CHECK_EQ(vfork_word, 42);
	CHECK_EQ(SYS(SYS_wait4, pid, &status, 0, 0), pid);
	CHECK_EXITED(status, 5);
}

static long killer_target(long unused)
{
	for (;;)
		sleep_ms(1000);
	return 0;
}

static void check_tgkill(void)
{
	long pid = must_fork();
	int status;

	if (pid == 0) {
		int ctid = 0;
		long t = spawn(THREAD_FLAGS, stacks[3] + STACK_SIZE, &ctid,
			       &ctid, killer_target, 0);

		if (SYS(SYS_tgkill, SYS(SYS_getpid), t, 0) != 0)
			SYS(SYS_exit_group, 1);
		if (SYS(SYS_tgkill, SYS(SYS_getpid) + 100000, t, 0) != -ESRCH)
			SYS(SYS_exit_group, 2);
		if (SYS(SYS_tgkill, 0, t, 0) != -EINVAL)
			SYS(SYS_exit_group, 3);
		/* A fatal signal to one thread kills the whole process. */
		SYS(SYS_tgkill, SYS(SYS_getpid), t, SIGTERM);
		for (;;)
			sleep_ms(1000);
	}
	status = must_wait(pid);
	CHECK_SIGNALED(status, SIGTERM);
}

static void check_clone_errors(void)
{
	/* CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM. */
	CHECK_ERR(SYS(SYS_clone, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(SYS(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0), EINVAL);
}

int main(void)
{
	check_threads();
	check_ids();
	check_futex_errors();
	check_exit_group();
	check_vfork();
	check_tgkill();
	check_clone_errors();
	return check_done();
}
