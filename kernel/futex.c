/*
 * Futexes: wait queues keyed by a user address. A private futex is named by
 * (address space, address); a shared one by its physical address, so that
 * processes mapping the same page meet. Waiters sleep on their own thread
 * and are woken individually; each hash bucket is a mutex, so the value can
 * be read (and fault) while the bucket is held, as the wait protocol needs.
 */
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "vm.h"
#include "kernel/arch/aarch64/sysregs.h"
#include "abi/linux/errno.h"
#include "abi/linux/stat.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define NR_BUCKETS 256

struct futex_key {
	const void *space; /* the mm for private futexes, NULL when shared */
	u64 addr;          /* user address, or physical address if shared */
};

struct futex_q {
	struct list_head link;
	struct futex_key key;
	struct thread *t;
	u32 bitset;
	bool woken;
};

/* Each bucket's mutex protects its list and every queued futex_q. */
static struct futex_bucket {
	struct mutex lock;
	struct list_head waiters;
} buckets[NR_BUCKETS];

void futex_init(void)
{
	for (int i = 0; i < NR_BUCKETS; i++) {
		mutex_init(&buckets[i].lock, "futex");
		list_init(&buckets[i].waiters);
	}
}

static struct futex_bucket *bucket_of(const struct futex_key *k)
{
	u64 h = (k->addr >> 2) ^ ((u64)k->space >> 6);

	h ^= h >> 17;
	return &buckets[h % NR_BUCKETS];
}

static bool same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

/* Resolves uaddr to a key; 0, -EINVAL (alignment) or -EFAULT. */
static int get_key(u64 uaddr, bool private, struct futex_key *k)
{
	struct mm *mm = current_proc()->mm;
	u64 *pte;
	u32 v;

	if (uaddr & 3)
		return -EINVAL;
	if (copy_from_user(&v, (void *)uaddr, sizeof(v)))
		return -EFAULT;
	if (private) {
		k->space = mm;
		k->addr = uaddr;
		return 0;
	}
	mutex_lock(&mm->lock);
	pte = pte_walk(mm->pgd, uaddr, false);
	if (!pte || !(*pte & PTE_VALID)) {
		mutex_unlock(&mm->lock);
		return -EFAULT;
	}
	k->space = NULL;
	k->addr = (*pte & PTE_ADDR_MASK) | (uaddr & (PAGE_SIZE - 1));
	mutex_unlock(&mm->lock);
	return 0;
}

static long futex_wait(u64 uaddr, bool private, u32 val, u64 deadline,
		       u32 bitset)
{
	struct futex_q q = { .t = current_thread(), .bitset = bitset };
	struct futex_bucket *b;
	long err;
	u32 cur;

	if (!bitset)
		return -EINVAL;
	err = get_key(uaddr, private, &q.key);
	if (err)
		return err;
	b = bucket_of(&q.key);
	mutex_lock(&b->lock);
	/* Under the bucket lock no waker can slip between test and sleep. */
	if (copy_from_user(&cur, (void *)uaddr, sizeof(cur))) {
		mutex_unlock(&b->lock);
		return -EFAULT;
	}
	if (cur != val) {
		mutex_unlock(&b->lock);
		return -EAGAIN;
	}
	list_add_tail(&q.link, &b->waiters);
	current_thread()->state = TASK_INTERRUPTIBLE;
	mutex_unlock(&b->lock);

	err = 0;
	while (!READ_ONCE(q.woken)) {
		err = schedule_until(deadline);
		if (err)
			break;
		if (!READ_ONCE(q.woken))
			current_thread()->state = TASK_INTERRUPTIBLE;
	}
	mutex_lock(&b->lock);
	if (q.woken)
		err = 0; /* a wake that raced with the timeout wins */
	else
		list_del(&q.link);
	mutex_unlock(&b->lock);
	return err;
}

/* Wakes up to n waiters on key whose bitset matches; returns how many. */
static int wake_key(const struct futex_key *k, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(k);
	struct futex_q *q, *tmp;
	int woken = 0;

	mutex_lock(&b->lock);
	list_for_each_entry_safe(q, tmp, &b->waiters, link) {
		if (woken >= n)
			break;
		if (!same_key(&q->key, k) || !(q->bitset & bitset))
			continue;
		list_del(&q->link);
		WRITE_ONCE(q->woken, true);
		wake_up_thread(q->t);
		woken++;
	}
	mutex_unlock(&b->lock);
	return woken;
}

static long futex_wake(u64 uaddr, bool private, int n, u32 bitset)
{
	struct futex_key k;
	long err;

	if (!bitset)
		return -EINVAL;
	err = get_key(uaddr, private, &k);
	if (err)
		return err;
	return wake_key(&k, n, bitset);
}

/* Used at thread exit for CLONE_CHILD_CLEARTID. */
void futex_wake_address(u64 uaddr)
{
	struct futex_key k;

	/* glibc and musl wait on it as a private futex; wake both kinds. */
	if (!get_key(uaddr, true, &k))
		wake_key(&k, 1, FUTEX_BITSET_MATCH_ANY);
	if (!get_key(uaddr, false, &k))
		wake_key(&k, 1, FUTEX_BITSET_MATCH_ANY);
}

static long futex_requeue(u64 uaddr, bool private, int nwake, int nmove,
			  u64 uaddr2, const u32 *cmpval)
{
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	struct futex_q *q, *tmp;
	long err, done = 0;
	u32 cur;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	err = get_key(uaddr, private, &k1);
	if (!err)
		err = get_key(uaddr2, private, &k2);
	if (err)
		return err;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	/* Two buckets: lock in address order to avoid deadlock. */
	if (b1 < b2) {
		mutex_lock(&b1->lock);
		mutex_lock(&b2->lock);
	} else {
		mutex_lock(&b2->lock);
		if (b1 != b2)
			mutex_lock(&b1->lock);
	}
	if (cmpval) {
		if (copy_from_user(&cur, (void *)uaddr, sizeof(cur)))
			err = -EFAULT;
		else if (cur != *cmpval)
			err = -EAGAIN;
	}
	if (!err) {
		list_for_each_entry_safe(q, tmp, &b1->waiters, link) {
			if (!same_key(&q->key, &k1))
				continue;
			if (nwake > 0) {
				list_del(&q->link);
				WRITE_ONCE(q->woken, true);
				wake_up_thread(q->t);
				nwake--;
				done++;
			} else if (nmove > 0) {
				list_del(&q->link);
				q->key = k2;
				list_add_tail(&q->link, &b2->waiters);
				nmove--;
				done++;
			} else {
				break;
			}
		}
	}
	if (b1 != b2)
		mutex_unlock(&b1->lock);
	mutex_unlock(&b2->lock);
	return err ? err : done;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake on both by a test. */
static long futex_wake_op(u64 uaddr, bool private, int n1, u64 uaddr2,
			  int n2, u32 encoded)
{
	u32 op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = (s32)(encoded << 8) >> 20, cmparg = (s32)(encoded << 20) >> 20;
	struct futex_key k1, k2;
	s32 old, val;
	bool hit;
	long err, woken;

	if (encoded & (8u << 28))
		oparg = 1 << (oparg & 31); /* FUTEX_OP_OPARG_SHIFT */
	err = get_key(uaddr, private, &k1);
	if (!err)
		err = get_key(uaddr2, private, &k2);
	if (err)
		return err;
	if (copy_from_user(&old, (void *)uaddr2, sizeof(old)))
		return -EFAULT;
	switch (op) {
	case 0: val = oparg; break;        /* SET */
	case 1: val = old + oparg; break;  /* ADD */
	case 2: val = old | oparg; break;  /* OR */
	case 3: val = old & ~oparg; break; /* ANDN */
	case 4: val = old ^ oparg; break;  /* XOR */
	default: return -ENOSYS;
	}
	if (copy_to_user((void *)uaddr2, &val, sizeof(val)))
		return -EFAULT;
	switch (cmp) {
	case 0: hit = old == cmparg; break;
	case 1: hit = old != cmparg; break;
	case 2: hit = old < cmparg; break;
	case 3: hit = old <= cmparg; break;
	case 4: hit = old > cmparg; break;
	case 5: hit = old >= cmparg; break;
	default: return -ENOSYS;
	}
	woken = wake_key(&k1, n1, FUTEX_BITSET_MATCH_ANY);
	if (hit)
		woken += wake_key(&k2, n2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* Converts a futex timeout to a counter deadline; 0 means none. */
static long timeout_deadline(u64 utime, bool absolute, bool realtime,
			     u64 *deadline)
{
	struct linux_timespec ts;
	s64 ns;

	*deadline = 0;
	if (!utime)
		return 0;
	if (copy_from_user(&ts, (void *)utime, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	ns = ts.tv_sec * 1000000000L + ts.tv_nsec;
	if (absolute)
		ns -= realtime ? ktime_get_real_ns() : (s64)ktime_get_ns();
	if (ns <= 0) {
		*deadline = timer_now(); /* already due */
		return 0;
	}
	*deadline = timer_now() + ns_to_ticks(ns) + 1;
	return 0;
}

long do_futex(u64 uaddr, int op, u32 val, u64 utime, u64 uaddr2, u32 val3)
{
	bool private = op & FUTEX_PRIVATE_FLAG;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	int cmd = op & FUTEX_CMD_MASK;
	u64 deadline;
	long err;

	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* FALLTHROUGH */
	case FUTEX_WAIT_BITSET:
		/* FUTEX_WAIT takes a relative time, WAIT_BITSET an absolute. */
		err = timeout_deadline(utime, cmd == FUTEX_WAIT_BITSET,
				       realtime, &deadline);
		if (err)
			return err;
		err = futex_wait(uaddr, private, val, deadline, val3);
		return err == -ERESTARTSYS && deadline ? -EINTR : err;
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* FALLTHROUGH */
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, (int)utime,
				     uaddr2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, (int)utime,
				     uaddr2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, private, (int)val, uaddr2,
				     (int)utime, val3);
	default:
		/* Priority-inheritance futexes are not implemented. */
		return -ENOSYS;
	}
}
