/*
 * Credentials: user and group IDs (real, effective, saved, file system)
 * and supplementary groups, with Linux's rules for who may change what.
 * Root (effective UID 0) may do anything; capabilities are not modelled.
 */
#include "abi/linux/syscalls.h"
#include "kernel/include/lib.h"
#include "kernel/include/mm.h"
#include "kernel/include/proc.h"
#include "kernel/include/uaccess.h"

#define NGROUPS_MAX 65536
#define KEEP ((u32)-1) /* "leave unchanged" */

static bool capable(struct process *p)
{
	return p->euid == 0;
}

/* One of the IDs an unprivileged process may switch between. */
static bool one_of(u32 id, u32 a, u32 b, u32 c)
{
	return id == a || id == b || id == c;
}

/* setresuid/setresgid: ids points at {real, effective, saved, fs}. */
static long set_res(u32 *ids, u32 r, u32 e, u32 s, bool priv)
{
	if (!priv && ((r != KEEP && !one_of(r, ids[0], ids[1], ids[2])) ||
		      (e != KEEP && !one_of(e, ids[0], ids[1], ids[2])) ||
		      (s != KEEP && !one_of(s, ids[0], ids[1], ids[2]))))
		return -EPERM;
	if (r != KEEP)
		ids[0] = r;
	if (e != KEEP)
		ids[1] = e;
	if (s != KEEP)
		ids[2] = s;
	ids[3] = ids[1];
	return 0;
}

/* setreuid/setregid: the saved ID follows a new effective one. */
static long set_re(u32 *ids, u32 r, u32 e, bool priv)
{
	u32 old_r = ids[0];

	if (!priv && ((r != KEEP && r != ids[0] && r != ids[1]) ||
		      (e != KEEP && !one_of(e, ids[0], ids[1], ids[2]))))
		return -EPERM;
	if (r != KEEP)
		ids[0] = r;
	if (e != KEEP)
		ids[1] = e;
	if (r != KEEP || (e != KEEP && e != old_r))
		ids[2] = ids[1];
	ids[3] = ids[1];
	return 0;
}

/* setuid/setgid: root sets all three, others only the effective one. */
static long set_one(u32 *ids, u32 id, bool priv)
{
	if (id == KEEP)
		return -EINVAL;
	if (priv) {
		ids[0] = ids[1] = ids[2] = ids[3] = id;
		return 0;
	}
	if (id != ids[0] && id != ids[2])
		return -EPERM;
	ids[1] = ids[3] = id;
	return 0;
}

/*
 * Runs op on a copy of the process's user or group IDs and stores the
 * result on success, so a failed call changes nothing.
 */
static long change_ids(bool group, long (*op)(u32 *ids, u64 a, u64 b, u64 c,
					      bool priv),
		       u64 a, u64 b, u64 c)
{
	struct process *p = current_proc();
	u32 ids[4];
	long err;

	spin_lock(&proc_lock);
	if (group) {
		ids[0] = p->gid, ids[1] = p->egid, ids[2] = p->sgid;
		ids[3] = p->fsgid;
	} else {
		ids[0] = p->uid, ids[1] = p->euid, ids[2] = p->suid;
		ids[3] = p->fsuid;
	}
	err = op(ids, a, b, c, capable(p));
	if (!err && group) {
		p->gid = ids[0], p->egid = ids[1], p->sgid = ids[2];
		p->fsgid = ids[3];
	} else if (!err) {
		p->uid = ids[0], p->euid = ids[1], p->suid = ids[2];
		p->fsuid = ids[3];
	}
	spin_unlock(&proc_lock);
	return err;
}

static long op_one(u32 *ids, u64 a, u64 b, u64 c, bool priv)
{
	return set_one(ids, (u32)a, priv);
}

static long op_re(u32 *ids, u64 a, u64 b, u64 c, bool priv)
{
	return set_re(ids, (u32)a, (u32)b, priv);
}

static long op_res(u32 *ids, u64 a, u64 b, u64 c, bool priv)
{
	return set_res(ids, (u32)a, (u32)b, (u32)c, priv);
}

SYSCALL_DEFINE(setuid)
{
	return change_ids(false, op_one, a0, 0, 0);
}

SYSCALL_DEFINE(setgid)
{
	/* Privilege for group changes is also an effective UID of 0. */
	return change_ids(true, op_one, a0, 0, 0);
}

SYSCALL_DEFINE(setreuid)
{
	return change_ids(false, op_re, a0, a1, 0);
}

SYSCALL_DEFINE(setregid)
{
	return change_ids(true, op_re, a0, a1, 0);
}

SYSCALL_DEFINE(setresuid)
{
	return change_ids(false, op_res, a0, a1, a2);
}

SYSCALL_DEFINE(setresgid)
{
	return change_ids(true, op_res, a0, a1, a2);
}

static long get_res(bool group, u64 ur, u64 ue, u64 us)
{
	struct process *p = current_proc();
	u32 r, e, s;

	spin_lock(&proc_lock);
	r = group ? p->gid : p->uid;
	e = group ? p->egid : p->euid;
	s = group ? p->sgid : p->suid;
	spin_unlock(&proc_lock);
	if (copy_to_user((void *)ur, &r, sizeof(r)) ||
	    copy_to_user((void *)ue, &e, sizeof(e)) ||
	    copy_to_user((void *)us, &s, sizeof(s)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getresuid)
{
	return get_res(false, a0, a1, a2);
}

SYSCALL_DEFINE(getresgid)
{
	return get_res(true, a0, a1, a2);
}

/* setfsuid/setfsgid return the old value whether or not they changed it. */
static long set_fs(bool group, u32 id)
{
	struct process *p = current_proc();
	u32 *fs, old;

	spin_lock(&proc_lock);
	fs = group ? &p->fsgid : &p->fsuid;
	old = *fs;
	if (id != KEEP &&
	    (capable(p) ||
	     (group ? one_of(id, p->gid, p->egid, p->sgid) || id == p->fsgid :
		      one_of(id, p->uid, p->euid, p->suid) || id == p->fsuid)))
		*fs = id;
	spin_unlock(&proc_lock);
	return old;
}

SYSCALL_DEFINE(setfsuid)
{
	return set_fs(false, (u32)a0);
}

SYSCALL_DEFINE(setfsgid)
{
	return set_fs(true, (u32)a0);
}

SYSCALL_DEFINE(getgroups)
{
	struct process *p = current_proc();
	int size = (int)a0;
	u32 n, *copy = NULL;
	long err;

	if (size < 0)
		return -EINVAL;
	/* Copy under the lock, copy out without it (a fault may sleep). */
	spin_lock(&proc_lock);
	n = p->ngroups;
	if (size && (u32)size >= n && n) {
		copy = kmalloc(n * sizeof(u32));
		if (copy)
			memcpy(copy, p->groups, n * sizeof(u32));
	}
	spin_unlock(&proc_lock);
	if (!size)
		return n;
	if ((u32)size < n)
		return -EINVAL;
	if (n && !copy)
		return -ENOMEM;
	err = n ? copy_to_user((void *)a1, copy, n * sizeof(u32)) : 0;
	kfree(copy);
	return err ? err : (long)n;
}

SYSCALL_DEFINE(setgroups)
{
	struct process *p = current_proc();
	u64 n = a0;
	u32 *groups = NULL, *old;

	if (!capable(p))
		return -EPERM;
	if (n > NGROUPS_MAX)
		return -EINVAL;
	if (n) {
		groups = kmalloc(n * sizeof(u32));
		if (!groups)
			return -ENOMEM;
		if (copy_from_user(groups, (void *)a1, n * sizeof(u32))) {
			kfree(groups);
			return -EFAULT;
		}
	}
	spin_lock(&proc_lock);
	old = p->groups;
	p->groups = groups;
	p->ngroups = n;
	spin_unlock(&proc_lock);
	kfree(old);
	return 0;
}
