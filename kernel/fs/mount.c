/*
 * Mounts: the table of file systems attached to the tree, mount(2) and
 * umount2(2), statfs, and /proc/mounts.
 *
 * A mount attaches the root of a superblock (or, for a bind mount, any
 * directory of it) at a mountpoint: an inode of the parent mount. Lookup
 * asks lookup_mnt at each step whether something is mounted there, and
 * climbs back with mnt_parent_path. Mounts stack: a new one on a busy
 * mountpoint goes on top of what is there.
 *
 * References: the tree holds one on every attached mount, a child holds
 * one on its parent, and every struct path (open files, working
 * directories, lookups in progress) holds one. umount2 refuses a mount
 * with children or with references beyond the tree's and its own lookup's
 * (EBUSY), unless MNT_DETACH, which takes the mount and everything below
 * it out of the tree at once and leaves them to die with their last user.
 *
 * Locks: mount_lock (a spinlock) protects the table, every mount's links,
 * flags and superblock flags; ids_lock (a mutex) the number allocators.
 * Nothing sleeps under mount_lock; references are dropped after it.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"

static struct spinlock mount_lock = SPINLOCK_INIT("mount");
static LIST_HEAD(mounts);        /* attached mounts, in mount order */
static struct path root;         /* set once by mount_init */
/*
 * Counts changes of the table (Linux's mnt_namespace.event): mounts,
 * unmounts, moves and remounts; mount_lock for writes, read atomically.
 * A poll of /proc/mounts reports a change with POLLERR | POLLPRI, and
 * sleeps on mounts_wq, woken after each change.
 */
static u64 mount_event;
static struct waitq mounts_wq = {
	SPINLOCK_INIT("mounts_wq"), LIST_HEAD_INIT(mounts_wq.waiters)
};

/* Caller holds mount_lock; mounts_changed() wakes pollers after it. */
static void touch_mounts_locked(void)
{
	__atomic_store_n(&mount_event, mount_event + 1, __ATOMIC_RELAXED);
}

static void mounts_changed(void)
{
	wake_up_key(&mounts_wq, POLLERR | POLLPRI);
}

u64 mount_event_get(void)
{
	return __atomic_load_n(&mount_event, __ATOMIC_RELAXED);
}

struct waitq *mount_event_waitq(void)
{
	return &mounts_wq;
}

/* ------------------------------------------------------------ numbers */

/*
 * A set of small numbers handed out lowest first, as Linux's ida: the
 * bitmap doubles when full, so there is no fixed limit.
 */
struct idset {
	u64 *bits;
	u32 words;
};

static struct mutex ids_lock;
static bool ids_ready;
static struct idset dev_ids, mnt_ids;

static void ids_lock_init(void)
{
	if (!ids_ready) {
		mutex_init(&ids_lock, "mount_ids");
		ids_ready = true;
	}
}

/* The lowest free number >= from, or -ENOMEM. Caller holds ids_lock. */
static int id_alloc(struct idset *s, u32 from)
{
	u64 *bits;
	u32 n;

	for (;;) {
		for (u32 i = from; i < s->words * 64; i++) {
			if (!(s->bits[i / 64] & 1ULL << (i % 64))) {
				s->bits[i / 64] |= 1ULL << (i % 64);
				return (int)i;
			}
		}
		n = s->words ? s->words * 2 : 2;
		while (n * 64 <= from)
			n *= 2;
		bits = kmalloc(n * sizeof(*bits));
		if (!bits)
			return -ENOMEM;
		if (s->words)
			memcpy(bits, s->bits, s->words * sizeof(*bits));
		kfree(s->bits);
		s->bits = bits;
		s->words = n;
	}
}

static void id_free(struct idset *s, u32 id)
{
	mutex_lock(&ids_lock);
	if (id / 64 < s->words)
		s->bits[id / 64] &= ~(1ULL << (id % 64));
	mutex_unlock(&ids_lock);
}

/*
 * Linux 6.1 hands out 0:2 to the rootfs and 0:5 to devtmpfs at boot, and
 * its internal mounts take the numbers up to 0:20: the first mount a user
 * makes is 0:21. We keep those numbers so that stat looks the same.
 */
#define ROOTFS_DEV 2
#define DEVTMPFS_DEV 5
#define FIRST_USER_DEV 21

static int dev_alloc(const struct fs_type *t)
{
	u32 want = t == &rootfs_type ? ROOTFS_DEV :
		   t == &devtmpfs_type ? DEVTMPFS_DEV : FIRST_USER_DEV;
	int id;

	ids_lock_init();
	mutex_lock(&ids_lock);
	id = id_alloc(&dev_ids, want);
	mutex_unlock(&ids_lock);
	return id;
}

struct super_block *sb_alloc(const struct fs_type *t)
{
	struct super_block *sb = kmalloc(sizeof(*sb));
	int dev;

	if (!sb)
		return NULL;
	dev = dev_alloc(t);
	if (dev < 0) {
		kfree(sb);
		return NULL;
	}
	sb->refcount = 1;
	sb->dev = dev;
	sb->type = t;
	return sb;
}

void sb_put(struct super_block *sb)
{
	if (!sb || __atomic_sub_fetch(&sb->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (sb->type->kill_sb)
		sb->type->kill_sb(sb);
	inode_put(sb->root);
	id_free(&dev_ids, sb->dev);
	kfree(sb);
}

/* ------------------------------------------------------------- mounts */

struct mount *mnt_get(struct mount *m)
{
	if (m)
		__atomic_fetch_add(&m->refcount, 1, __ATOMIC_RELAXED);
	return m;
}

void mnt_put(struct mount *m)
{
	if (!m || __atomic_sub_fetch(&m->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	/* Only a detached mount gets here: nothing links to it. */
	inode_put(m->root);
	sb_put(m->sb);
	id_free(&mnt_ids, m->id);
	kfree(m->source);
	kfree(m);
}

int mnt_id(struct mount *m)
{
	return m->id;
}

void path_get(const struct path *p)
{
	mnt_get(p->mnt);
	inode_get(p->ino);
}

void path_put(struct path *p)
{
	inode_put(p->ino);
	mnt_put(p->mnt);
	p->ino = NULL;
	p->mnt = NULL;
}

/* A new, unattached mount of sb at root; NULL when out of memory. */
static struct mount *mnt_alloc(struct super_block *sb, struct inode *r,
			       const char *source, u32 flags)
{
	struct mount *m = kmalloc(sizeof(*m));
	int id;

	if (!m)
		return NULL;
	m->source = kstrdup(source ? source : "none");
	ids_lock_init();
	mutex_lock(&ids_lock);
	id = id_alloc(&mnt_ids, 1);
	mutex_unlock(&ids_lock);
	if (!m->source || id < 0) {
		if (id >= 0)
			id_free(&mnt_ids, id);
		kfree(m->source);
		kfree(m);
		return NULL;
	}
	m->refcount = 1;
	m->id = id;
	__atomic_fetch_add(&sb->refcount, 1, __ATOMIC_RELAXED);
	m->sb = sb;
	m->root = inode_get(r);
	m->flags = flags;
	list_init(&m->children);
	return m;
}

/*
 * A mount of sb that is in no tree, as Linux's kern_mount: the files of
 * an internal instance (memfd_create's tmpfs) hang off it.
 */
struct mount *kern_mount(struct super_block *sb)
{
	return mnt_alloc(sb, sb->root, "none", 0);
}

/* Puts m on top of (parent, mp). Caller holds mount_lock. */
static void attach(struct mount *m, struct mount *parent, struct inode *mp)
{
	m->parent = mnt_get(parent);
	m->mountpoint = inode_get(mp);
	list_add_tail(&m->child_link, &parent->children);
	list_add_tail(&m->link, &mounts);
	m->attached = true;
	touch_mounts_locked();
}

/*
 * Takes m out of the tree; caller holds mount_lock. What m held of its
 * parent goes into *drop for the caller to put after unlocking, with the
 * tree's own reference on m.
 */
struct dropped {
	struct mount *mnt[2];
	struct inode *ino;
};

static void detach(struct mount *m, struct dropped *d)
{
	list_del(&m->link);
	m->attached = false;
	touch_mounts_locked();
	d->mnt[0] = m;
	d->mnt[1] = m->parent;
	d->ino = m->mountpoint;
	if (m->parent)
		list_del(&m->child_link);
	m->parent = NULL;
	m->mountpoint = NULL;
}

static void put_dropped(struct dropped *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		inode_put(d[i].ino);
		mnt_put(d[i].mnt[1]);
		mnt_put(d[i].mnt[0]);
	}
}

const struct path *root_path(void)
{
	return &root;
}

struct inode *vfs_root(void)
{
	return root.ino;
}

static bool same_ino(struct inode *a, struct inode *b)
{
	return a == b || (a && b && a->ino == b->ino);
}

/*
 * Inode identity within one mount is the inode number: /proc makes a new
 * inode at every lookup.
 */
struct mount *lookup_mnt(struct mount *m, struct inode *ino)
{
	struct mount *c, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(c, &m->children, child_link) {
		if (same_ino(c->mountpoint, ino)) {
			found = mnt_get(c);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

bool mnt_parent_path(struct mount *m, struct path *out)
{
	bool up = false;

	spin_lock(&mount_lock);
	if (m->parent) {
		out->mnt = mnt_get(m->parent);
		out->ino = inode_get(m->mountpoint);
		up = true;
	}
	spin_unlock(&mount_lock);
	return up;
}

struct mount *mnt_of_root(struct inode *r)
{
	struct mount *m, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, link) {
		if (m->root == r || (m->sb->root == m->root &&
				     same_ino(m->root, r) &&
				     (!r->sb || r->sb == m->sb))) {
			found = mnt_get(m);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

bool vfs_is_mountpoint(struct inode *ino)
{
	struct mount *m;
	bool busy = false;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, link) {
		if (m->mountpoint == ino) {
			busy = true;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return busy;
}

int mnt_want_write(struct mount *m)
{
	if (READ_ONCE(m->flags) & MNT_READONLY ||
	    READ_ONCE(m->sb->flags) & SB_RDONLY)
		return -EROFS;
	return 0;
}

/* -------------------------------------------------------------- types */

static struct super_block *proc_get_sb(const struct fs_type *t, char *data,
				       u32 sb_flags);
static struct super_block *sysfs_get_sb(const struct fs_type *t,
					char *data, u32 sb_flags);
static void proc_show_options(struct super_block *sb, struct strbuf *m);
static int proc_remount(struct super_block *sb, char *data);
static void pseudo_kill_sb(struct super_block *sb);

const struct fs_type rootfs_type = {
	.name = "rootfs",
	.magic = TMPFS_MAGIC,
	.get_sb = ramfs_get_sb,
	.remount = ramfs_remount,
	.statfs = ramfs_statfs,
	.show_options = ramfs_show_options,
	.kill_sb = ramfs_kill_sb,
};

const struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.magic = TMPFS_MAGIC,
	.get_sb = ramfs_get_sb,
	.remount = ramfs_remount,
	.statfs = ramfs_statfs,
	.show_options = ramfs_show_options,
	.kill_sb = ramfs_kill_sb,
};

const struct fs_type ramfs_type = {
	.name = "ramfs",
	.magic = RAMFS_MAGIC,
	.get_sb = ramfs_get_sb,
	.remount = ramfs_remount,
	.show_options = ramfs_show_options,
	.kill_sb = ramfs_kill_sb,
};

const struct fs_type devtmpfs_type = {
	.name = "devtmpfs",
	.magic = TMPFS_MAGIC,
	.get_sb = ramfs_get_sb,
	.remount = ramfs_remount,
	.statfs = ramfs_statfs,
	.show_options = ramfs_show_options,
	.kill_sb = ramfs_kill_sb,
};

static const struct fs_type proc_type = {
	.name = "proc",
	.magic = PROC_SUPER_MAGIC,
	.get_sb = proc_get_sb,
	.remount = proc_remount,
	.show_options = proc_show_options,
	.kill_sb = pseudo_kill_sb,
};

static const struct fs_type sysfs_type = {
	.name = "sysfs",
	.magic = SYSFS_MAGIC,
	.get_sb = sysfs_get_sb,
	.kill_sb = pseudo_kill_sb,
};

/* What mount(2) may name, in /proc/filesystems's order. */
static const struct fs_type *const fs_types[] = {
	&sysfs_type, &tmpfs_type, &proc_type, &devtmpfs_type, &ramfs_type,
	&devpts_type,
};

static const struct fs_type *find_type(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
		if (!strcmp(fs_types[i]->name, name))
			return fs_types[i];
	return NULL;
}

/* Until procfs.c and sysfs.c exist, their types say ENODEV. */
__attribute__((weak)) struct inode *procfs_mount(void)
{
	return ERR_PTR(-ENODEV);
}

__attribute__((weak)) struct inode *sysfs_mount(void)
{
	return ERR_PTR(-ENODEV);
}

/* proc's options (fs/proc/root.c); they are kept and shown, no more. */
struct proc_opts {
	u32 gid;
	int hidepid;
	bool subset_pid;
};

static const char *const hidepid_names[] = {
	[0] = "off", [1] = "noaccess", [2] = "invisible", [4] = "ptraceable",
};

static int proc_param(void *ctx, const char *key, const char *val)
{
	struct proc_opts *o = ctx;
	u64 n;

	if (!strcmp(key, "gid")) {
		if (!val || parse_size(val, &n, false) || n > 0xffffffffULL)
			return -EINVAL;
		o->gid = (u32)n;
		return 0;
	}
	if (!strcmp(key, "hidepid")) {
		if (!val)
			return -EINVAL;
		for (size_t i = 0; i < ARRAY_SIZE(hidepid_names); i++) {
			if (hidepid_names[i] &&
			    !strcmp(val, hidepid_names[i])) {
				o->hidepid = i;
				return 0;
			}
		}
		if (parse_size(val, &n, false) || n >= ARRAY_SIZE(hidepid_names) ||
		    !hidepid_names[n])
			return -EINVAL;
		o->hidepid = (int)n;
		return 0;
	}
	if (!strcmp(key, "subset")) {
		if (!val || strcmp(val, "pid"))
			return -EINVAL;
		o->subset_pid = true;
		return 0;
	}
	return -EINVAL;
}

static struct super_block *pseudo_sb(const struct fs_type *t,
				     struct inode *(*make_root)(void),
				     void *opts, size_t opts_size)
{
	struct super_block *sb;
	struct inode *r = make_root();

	if (IS_ERR(r))
		return ERR_PTR(PTR_ERR(r));
	sb = sb_alloc(t);
	if (sb && opts_size) {
		sb->fs_private = kmalloc(opts_size);
		if (sb->fs_private) {
			memcpy(sb->fs_private, opts, opts_size);
		} else {
			id_free(&dev_ids, sb->dev);
			kfree(sb);
			sb = NULL;
		}
	}
	if (!sb) {
		inode_put(r);
		return ERR_PTR(-ENOMEM);
	}
	if (!r->sb)
		r->sb = sb;
	sb->root = r;
	/* Linux's simple_statfs leaves f_fsid zero. */
	return sb;
}

static struct super_block *proc_get_sb(const struct fs_type *t, char *data,
				       u32 sb_flags)
{
	struct proc_opts o = { 0 };
	int err = mount_options(data, &sb_flags, proc_param, &o);
	struct super_block *sb;

	if (err)
		return ERR_PTR(err);
	sb = pseudo_sb(t, procfs_mount, &o, sizeof(o));
	if (!IS_ERR(sb))
		sb->flags = sb_flags;
	return sb;
}

static int proc_remount(struct super_block *sb, char *data)
{
	struct proc_opts *o = sb->fs_private;
	u32 flags = 0;

	return mount_options(data, &flags, proc_param, o);
}

static void proc_show_options(struct super_block *sb, struct strbuf *m)
{
	struct proc_opts *o = sb->fs_private;

	if (o->gid)
		sb_printf(m, ",gid=%u", o->gid);
	if (o->hidepid)
		sb_printf(m, ",hidepid=%s", hidepid_names[o->hidepid]);
	if (o->subset_pid)
		sb_printf(m, ",subset=pid");
}

static int no_param(void *ctx, const char *key, const char *val)
{
	return -EINVAL;
}

/*
 * sysfs has one superblock, as Linux's (per network namespace): every
 * mount shows the same tree and device number.
 */
static struct super_block *sysfs_sb;

static struct super_block *sysfs_get_sb(const struct fs_type *t,
					char *data, u32 sb_flags)
{
	int err = mount_options(data, &sb_flags, no_param, NULL);
	struct super_block *sb;

	if (err)
		return ERR_PTR(err);
	if (!sysfs_sb) {
		sb = pseudo_sb(t, sysfs_mount, NULL, 0);
		if (IS_ERR(sb))
			return sb;
		spin_lock(&mount_lock);
		if (!sysfs_sb) {
			sysfs_sb = sb;
			sb = NULL;
		}
		spin_unlock(&mount_lock);
		sb_put(sb); /* a racing mount made it first */
	}
	__atomic_fetch_add(&sysfs_sb->refcount, 1, __ATOMIC_RELAXED);
	return sysfs_sb;
}

static void pseudo_kill_sb(struct super_block *sb)
{
	kfree(sb->fs_private);
}

/* ------------------------------------------------------------ options */

/* The per-superblock flags any file system takes in its options. */
static const struct {
	const char *name;
	u32 set, clear;
} sb_flag_opts[] = {
	{ "dirsync", SB_DIRSYNC, 0 },  { "lazytime", SB_LAZYTIME, 0 },
	{ "mand", SB_MANDLOCK, 0 },    { "posixacl", 0, 0 },
	{ "ro", SB_RDONLY, 0 },        { "sync", SB_SYNCHRONOUS, 0 },
	{ "async", 0, SB_SYNCHRONOUS }, { "nolazytime", 0, SB_LAZYTIME },
	{ "nomand", 0, SB_MANDLOCK },  { "rw", 0, SB_RDONLY },
	{ "silent", 0, 0 },
};

int mount_options(char *data, u32 *sb_flags,
		  int (*param)(void *ctx, const char *key, const char *val),
		  void *ctx)
{
	char *key, *val, *next;
	size_t i;
	int err;

	for (key = data; key && *key; key = next) {
		next = strchr(key, ',');
		if (next)
			*next++ = '\0';
		if (!*key)
			continue;
		val = strchr(key, '=');
		if (val)
			*val++ = '\0';
		for (i = 0; i < ARRAY_SIZE(sb_flag_opts); i++)
			if (!val && !strcmp(key, sb_flag_opts[i].name))
				break;
		if (i < ARRAY_SIZE(sb_flag_opts)) {
			*sb_flags |= sb_flag_opts[i].set;
			*sb_flags &= ~sb_flag_opts[i].clear;
			continue;
		}
		err = param(ctx, key, val);
		if (err)
			return err;
	}
	return 0;
}

int parse_size(const char *s, u64 *out, bool suffix)
{
	u64 n = 0, base = 10, d;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p++;
	}
	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (d >= base || __builtin_mul_overflow(n, base, &n) ||
		    __builtin_add_overflow(n, d, &n))
			return -EINVAL;
	}
	if (suffix && *p && !p[1]) {
		u32 shift = 0;

		switch (*p) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		case 'p': case 'P': shift = 50; break;
		case 'e': case 'E': shift = 60; break;
		default: return -EINVAL;
		}
		if (n > (~0ULL >> shift))
			return -EINVAL;
		n <<= shift;
		p++;
	}
	if (*p)
		return -EINVAL;
	*out = n;
	return 0;
}

int parse_mode_opt(const char *val, u32 *out)
{
	u32 n = 0;

	if (!val || !*val)
		return -EINVAL;
	for (const char *p = val; *p; p++) {
		if (*p < '0' || *p > '7' || n > 0xffffffffU / 8)
			return -EINVAL;
		n = n * 8 + (*p - '0');
	}
	*out = n & 07777;
	return 0;
}

/* Digits only: no "0x" prefix and no size suffix, unlike parse_size. */
int parse_uint_opt(const char *val, u64 limit, u64 *out)
{
	if (!val || !*val)
		return -EINVAL;
	for (const char *p = val; *p; p++)
		if (*p < '0' || *p > '9')
			return -EINVAL;
	if (parse_size(val, out, false) || *out > limit)
		return -EINVAL;
	return 0;
}

/* -------------------------------------------------------------- mount */

/* The MS_* bits that become mount flags, and the MNT_* they become. */
static const struct {
	unsigned long ms;
	u32 mnt;
} ms_to_mnt[] = {
	{ MS_NOSUID, MNT_NOSUID },     { MS_NODEV, MNT_NODEV },
	{ MS_NOEXEC, MNT_NOEXEC },     { MS_NOATIME, MNT_NOATIME },
	{ MS_NODIRATIME, MNT_NODIRATIME }, { MS_RDONLY, MNT_READONLY },
	{ MS_NOSYMFOLLOW, MNT_NOSYMFOLLOW },
};

static u32 mnt_flags_of(unsigned long flags)
{
	u32 f = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ms_to_mnt); i++)
		if (flags & ms_to_mnt[i].ms)
			f |= ms_to_mnt[i].mnt;
	/* Default to relatime unless told otherwise, as path_mount does. */
	if (!(flags & MS_NOATIME) && !(flags & MS_STRICTATIME))
		f |= MNT_RELATIME;
	if (flags & MS_STRICTATIME)
		f &= ~(MNT_RELATIME | MNT_NOATIME);
	return f;
}

static bool is_mnt_root(const struct path *p)
{
	return same_ino(p->ino, p->mnt->root);
}

/*
 * Attaches m at target, after Linux's checks: the same superblock twice
 * on one mountpoint is EBUSY, a directory and a non-directory do not
 * cover each other (ENOTDIR), and a removed directory takes nothing.
 */
static int graft(struct mount *m, const struct path *target)
{
	struct inode *mp = target->ino;
	int err = 0;

	if (target->mnt->sb == m->sb && is_mnt_root(target))
		return -EBUSY;
	if (S_ISLNK(m->root->mode))
		return -EINVAL;
	if (S_ISDIR(mp->mode) != S_ISDIR(m->root->mode))
		return -ENOTDIR;
	mutex_lock(&mp->lock);
	if (!mp->nlink && !(target->mnt == root.mnt && mp == root.ino)) {
		err = -ENOENT;
	} else {
		spin_lock(&mount_lock);
		if (!target->mnt->attached && target->mnt != root.mnt)
			err = -EINVAL; /* the mount was taken away meanwhile */
		else
			attach(m, target->mnt, mp);
		spin_unlock(&mount_lock);
	}
	mutex_unlock(&mp->lock);
	return err;
}

static int do_new_mount(const char *source, const struct path *target,
			const char *type, unsigned long flags, char *data)
{
	const struct fs_type *t;
	struct super_block *sb;
	struct mount *m;
	int err;

	if (!type)
		return -EINVAL;
	t = find_type(type);
	if (!t)
		return -ENODEV;
	sb = t->get_sb(t, data, flags & (SB_RDONLY | SB_SYNCHRONOUS |
					  SB_MANDLOCK | SB_DIRSYNC |
					  SB_LAZYTIME));
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	m = mnt_alloc(sb, sb->root, source, mnt_flags_of(flags));
	sb_put(sb);
	if (!m)
		return -ENOMEM;
	/* The tree keeps the first reference; a refused mount goes. */
	err = graft(m, target);
	if (err)
		mnt_put(m);
	return err;
}

/* A bind mount: the same superblock again, rooted at what source names. */
static int do_bind(const char *source, const struct path *target,
		   unsigned long flags)
{
	struct path src;
	struct mount *m;
	int err;

	if (!source)
		return -EFAULT;
	err = vfs_path_at(AT_FDCWD, source, LOOKUP_FOLLOW, &src);
	if (err)
		return err;
	m = mnt_alloc(src.mnt->sb, src.ino, src.mnt->source,
		      src.mnt->flags & ~MNT_READONLY);
	path_put(&src);
	if (!m)
		return -ENOMEM;
	err = graft(m, target);
	if (err)
		mnt_put(m);
	return err;
}

/* MS_REMOUNT: new flags, and new options for the file system. */
static int do_remount(const struct path *target, unsigned long flags,
		      char *data)
{
	struct mount *m = target->mnt;
	u32 mflags = mnt_flags_of(flags);
	int err = 0;

	if (!is_mnt_root(target))
		return -EINVAL;
	/* The default atime for remount is what the mount had. */
	if (!(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME |
		       MS_STRICTATIME)))
		mflags = (mflags & ~MNT_ATIME_MASK) |
			 (READ_ONCE(m->flags) & MNT_ATIME_MASK);
	if (flags & MS_BIND) {
		spin_lock(&mount_lock);
		m->flags = mflags;
		touch_mounts_locked();
		spin_unlock(&mount_lock);
		return 0;
	}
	if (data && *data) {
		err = m->sb->type->remount ? m->sb->type->remount(m->sb, data)
					   : mount_options(data, &(u32){ 0 },
							   no_param, NULL);
		if (err)
			return err;
	}
	spin_lock(&mount_lock);
	m->flags = mflags & ~MNT_READONLY;
	if (flags & MS_RDONLY)
		m->sb->flags |= SB_RDONLY;
	else
		m->sb->flags &= ~SB_RDONLY;
	touch_mounts_locked();
	spin_unlock(&mount_lock);
	return 0;
}

/* Whether a is b or below it; caller holds mount_lock. */
static bool mnt_below(struct mount *a, struct mount *b)
{
	for (; a; a = a->parent)
		if (a == b)
			return true;
	return false;
}

/* MS_MOVE: the mount at source goes to target, children and all. */
static int do_move(const char *source, const struct path *target)
{
	struct path src;
	struct mount *m;
	struct dropped d = { 0 };
	int err;

	if (!source)
		return -EFAULT;
	err = vfs_path_at(AT_FDCWD, source, LOOKUP_FOLLOW, &src);
	if (err)
		return err;
	m = src.mnt;
	err = -EINVAL;
	if (!is_mnt_root(&src) || m == root.mnt)
		goto out;
	if (S_ISDIR(target->ino->mode) != S_ISDIR(m->root->mode)) {
		err = -ENOTDIR;
		goto out;
	}
	spin_lock(&mount_lock);
	if (!m->attached) {
		err = -EINVAL;
	} else if (mnt_below(target->mnt, m)) {
		err = -ELOOP;
	} else {
		d.mnt[1] = m->parent;
		d.ino = m->mountpoint;
		list_del(&m->child_link);
		m->parent = mnt_get(target->mnt);
		m->mountpoint = inode_get(target->ino);
		list_add_tail(&m->child_link, &target->mnt->children);
		/* /proc/mounts lists it where it now is: at the end. */
		list_del(&m->link);
		list_add_tail(&m->link, &mounts);
		touch_mounts_locked();
		err = 0;
	}
	spin_unlock(&mount_lock);
	put_dropped(&d, 1);
out:
	path_put(&src);
	return err;
}

/*
 * Propagation types. Nothing is shared between mounts here: every mount
 * is private, which MS_PRIVATE and MS_SLAVE (of no master) leave as is.
 * Sharing and unbindable mounts are not implemented.
 */
static int do_change_type(const struct path *target, unsigned long flags)
{
	unsigned long type = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE |
				      MS_UNBINDABLE);

	if (!is_mnt_root(target))
		return -EINVAL;
	if (type & (type - 1))
		return -EINVAL;
	if (type & (MS_SHARED | MS_UNBINDABLE))
		return -EINVAL;
	return 0;
}

static int do_mount(const char *source, const struct path *target,
		    const char *type, unsigned long flags, char *data);

/* A change of the table wakes the pollers of /proc/mounts. */
int vfs_mount(const char *source, const struct path *target,
	      const char *type, unsigned long flags, char *data)
{
	u64 before = mount_event_get();
	int err = do_mount(source, target, type, flags, data);

	if (mount_event_get() != before)
		mounts_changed();
	return err;
}

/* path_mount's order of cases. */
static int do_mount(const char *source, const struct path *target,
		    const char *type, unsigned long flags, char *data)
{
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!sys_capable())
		return -EPERM; /* may_mount: CAP_SYS_ADMIN */
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return do_remount(target, flags, NULL);
	if (flags & MS_REMOUNT)
		return do_remount(target, flags, data);
	if (flags & MS_BIND)
		return do_bind(source, target, flags);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return do_change_type(target, flags);
	if (flags & MS_MOVE)
		return do_move(source, target);
	return do_new_mount(source, target, type, flags, data);
}

/* ------------------------------------------------------------ umount */

/* Detaches m and every mount below it; caller holds mount_lock. */
static size_t detach_tree(struct mount *m, struct dropped *d, size_t max)
{
	struct mount *c;
	size_t n = 0;

	for (;;) {
		/* Deepest first: find a mount below m with no children. */
		c = m;
		while (!list_empty(&c->children))
			c = list_first_entry(&c->children, struct mount,
					     child_link);
		if (n == max)
			return n;
		detach(c, &d[n++]);
		if (c == m)
			return n;
	}
}

static size_t count_tree(struct mount *m)
{
	struct mount *c;
	size_t n = 1;

	list_for_each_entry(c, &m->children, child_link)
		n += count_tree(c);
	return n;
}

static int do_umount(const struct path *target, int flags);

int vfs_umount(const struct path *target, int flags)
{
	u64 before = mount_event_get();
	int err = do_umount(target, flags);

	if (mount_event_get() != before)
		mounts_changed();
	return err;
}

static int do_umount(const struct path *target, int flags)
{
	struct mount *m = target->mnt;
	struct dropped one = { 0 }, *d;
	size_t n;
	int err = 0;

	if (!is_mnt_root(target))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (m == root.mnt ||
				     (flags & (MNT_FORCE | MNT_DETACH))))
		return -EINVAL;
	spin_lock(&mount_lock);
	if (!m->attached && m != root.mnt)
		err = -EINVAL;
	spin_unlock(&mount_lock);
	if (err)
		return err;
	if (m == root.mnt) {
		/* Linux remounts the root read-only instead. */
		if (flags & MNT_DETACH)
			return -EINVAL;
		spin_lock(&mount_lock);
		m->sb->flags |= SB_RDONLY;
		spin_unlock(&mount_lock);
		return 0;
	}
	if (flags & MNT_DETACH) {
		for (;;) {
			spin_lock(&mount_lock);
			n = m->attached ? count_tree(m) : 0;
			spin_unlock(&mount_lock);
			if (!n)
				return 0;
			d = kmalloc(n * sizeof(*d));
			if (!d)
				return -ENOMEM;
			spin_lock(&mount_lock);
			n = m->attached ? detach_tree(m, d, n) : 0;
			spin_unlock(&mount_lock);
			put_dropped(d, n);
			kfree(d);
		}
	}
	spin_lock(&mount_lock);
	/* The tree's reference and our caller's: anything more is a user. */
	if (!list_empty(&m->children) ||
	    __atomic_load_n(&m->refcount, __ATOMIC_RELAXED) > 2) {
		err = -EBUSY;
	} else if ((flags & MNT_EXPIRE) && !m->expired) {
		m->expired = true;
		err = -EAGAIN;
	} else {
		detach(m, &one);
	}
	spin_unlock(&mount_lock);
	if (!err)
		put_dropped(&one, 1);
	return err;
}

/* ------------------------------------------------------------- statfs */

static const struct {
	u32 mnt;
	u32 st;
} mnt_to_st[] = {
	{ MNT_READONLY, ST_RDONLY },   { MNT_NOSUID, ST_NOSUID },
	{ MNT_NODEV, ST_NODEV },       { MNT_NOEXEC, ST_NOEXEC },
	{ MNT_NOATIME, ST_NOATIME },   { MNT_NODIRATIME, ST_NODIRATIME },
	{ MNT_RELATIME, ST_RELATIME }, { MNT_NOSYMFOLLOW, ST_NOSYMFOLLOW },
};

int vfs_statfs(const struct path *p, struct linux_statfs *st)
{
	struct super_block *sb = p->mnt->sb;
	u32 mflags = READ_ONCE(p->mnt->flags), sflags = READ_ONCE(sb->flags);

	memset(st, 0, sizeof(*st));
	st->f_type = sb->type->magic;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_fsid[0] = (s32)sb->fsid[0];
	st->f_fsid[1] = (s32)sb->fsid[1];
	if (sb->type->statfs)
		sb->type->statfs(sb, st);
	st->f_flags = ST_VALID;
	for (size_t i = 0; i < ARRAY_SIZE(mnt_to_st); i++)
		if (mflags & mnt_to_st[i].mnt)
			st->f_flags |= mnt_to_st[i].st;
	if (sflags & SB_RDONLY)
		st->f_flags |= ST_RDONLY;
	if (sflags & SB_SYNCHRONOUS)
		st->f_flags |= ST_SYNCHRONOUS;
	if (sflags & SB_MANDLOCK)
		st->f_flags |= ST_MANDLOCK;
	return 0;
}

/* -------------------------------------------------------------- text */

void sb_printf(struct strbuf *m, const char *fmt, ...)
{
	size_t room = m->size - m->len;
	va_list ap;
	int n;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->len, room, fmt, ap);
	va_end(ap);
	if ((size_t)n >= room)
		m->overflow = true;
	else
		m->len += n;
}

void sb_escape(struct strbuf *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			sb_printf(m, "\\%03o", (unsigned char)*s);
		else
			sb_printf(m, "%c", *s);
	}
}

static const struct {
	u32 flag;
	const char *name;
} sb_opt_names[] = {
	{ SB_SYNCHRONOUS, ",sync" }, { SB_DIRSYNC, ",dirsync" },
	{ SB_MANDLOCK, ",mand" },    { SB_LAZYTIME, ",lazytime" },
}, mnt_opt_names[] = {
	{ MNT_NOSUID, ",nosuid" },       { MNT_NODEV, ",nodev" },
	{ MNT_NOEXEC, ",noexec" },       { MNT_NOATIME, ",noatime" },
	{ MNT_NODIRATIME, ",nodiratime" }, { MNT_RELATIME, ",relatime" },
	{ MNT_NOSYMFOLLOW, ",nosymfollow" },
};

/*
 * A snapshot of the table, taken under mount_lock with a reference on
 * each mount, so that names can be made (which may sleep) afterwards.
 */
static struct mount **snapshot(size_t *count)
{
	struct mount **v = NULL, *m;
	size_t n, i;

	for (;;) {
		spin_lock(&mount_lock);
		n = 0;
		list_for_each_entry(m, &mounts, link)
			n++;
		spin_unlock(&mount_lock);
		kfree(v);
		v = kmalloc((n + 1) * sizeof(*v));
		if (!v)
			return NULL;
		spin_lock(&mount_lock);
		i = 0;
		list_for_each_entry(m, &mounts, link) {
			if (i == n + 1)
				break;
			v[i++] = mnt_get(m);
		}
		if (i <= n) {
			spin_unlock(&mount_lock);
			*count = i;
			return v;
		}
		spin_unlock(&mount_lock);
		while (i)
			mnt_put(v[--i]);
	}
}

static void put_snapshot(struct mount **v, size_t n)
{
	while (n)
		mnt_put(v[--n]);
	kfree(v);
}

static void show_flags(struct strbuf *m, u32 flags, const void *table,
		       size_t n)
{
	const struct { u32 flag; const char *name; } *t = table;

	for (size_t i = 0; i < n; i++)
		if (flags & t[i].flag)
			sb_printf(m, "%s", t[i].name);
}

/* The mountpoint's name, escaped; "/" for the root. */
static void show_mountpoint(struct strbuf *m, struct mount *mnt,
			    char *name)
{
	struct path p = { mnt, mnt->root };
	int n = vfs_path_name(&p, name, PATH_MAX);

	if (n < 0)
		strlcpy(name, "/", PATH_MAX);
	sb_escape(m, name);
}

int vfs_show_mounts(char *buf, size_t size)
{
	struct strbuf m = { buf, size, 0, false };
	char *name = kmalloc(PATH_MAX);
	struct mount **v;
	size_t n;

	v = name ? snapshot(&n) : NULL;
	if (!v) {
		kfree(name);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct mount *mnt = v[i];
		struct super_block *sb = mnt->sb;
		u32 mflags = READ_ONCE(mnt->flags), sflags = READ_ONCE(sb->flags);

		sb_escape(&m, mnt->source);
		sb_printf(&m, " ");
		show_mountpoint(&m, mnt, name);
		sb_printf(&m, " %s %s", sb->type->name,
			  (mflags & MNT_READONLY) || (sflags & SB_RDONLY) ?
				  "ro" : "rw");
		show_flags(&m, sflags, sb_opt_names, ARRAY_SIZE(sb_opt_names));
		show_flags(&m, mflags, mnt_opt_names,
			   ARRAY_SIZE(mnt_opt_names));
		if (sb->type->show_options)
			sb->type->show_options(sb, &m);
		sb_printf(&m, " 0 0\n");
	}
	put_snapshot(v, n);
	kfree(name);
	if (m.overflow)
		return (int)size; /* the caller's cue to grow its buffer */
	if (m.len < size)
		buf[m.len] = '\0';
	return (int)m.len;
}

int vfs_show_mountinfo(char *buf, size_t size)
{
	struct strbuf m = { buf, size, 0, false };
	char *name = kmalloc(PATH_MAX);
	struct mount **v;
	size_t n;

	v = name ? snapshot(&n) : NULL;
	if (!v) {
		kfree(name);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct mount *mnt = v[i], *parent;
		struct super_block *sb = mnt->sb;
		u32 mflags = READ_ONCE(mnt->flags), sflags = READ_ONCE(sb->flags);
		struct path top = { mnt, sb->root };
		int len;

		spin_lock(&mount_lock);
		parent = mnt->parent ? mnt->parent : mnt;
		sb_printf(&m, "%d %d 0:%u ", mnt->id, parent->id, sb->dev);
		spin_unlock(&mount_lock);
		/* The mount's root within its file system. */
		len = vfs_path_name(&(struct path){ mnt, mnt->root }, name,
				    PATH_MAX);
		(void)top;
		if (mnt->root == sb->root || len < 0)
			strlcpy(name, "/", PATH_MAX);
		else
			len = 0; /* a bind mount of a subdirectory */
		sb_escape(&m, mnt->root == sb->root ? "/" : name);
		sb_printf(&m, " ");
		show_mountpoint(&m, mnt, name);
		sb_printf(&m, " %s", (mflags & MNT_READONLY) ? "ro" : "rw");
		show_flags(&m, mflags, mnt_opt_names,
			   ARRAY_SIZE(mnt_opt_names));
		sb_printf(&m, " - %s ", sb->type->name);
		sb_escape(&m, mnt->source);
		sb_printf(&m, " %s", (sflags & SB_RDONLY) ? "ro" : "rw");
		show_flags(&m, sflags, sb_opt_names, ARRAY_SIZE(sb_opt_names));
		if (sb->type->show_options)
			sb->type->show_options(sb, &m);
		sb_printf(&m, "\n");
	}
	put_snapshot(v, n);
	kfree(name);
	if (m.overflow)
		return (int)size;
	if (m.len < size)
		buf[m.len] = '\0';
	return (int)m.len;
}

/* -------------------------------------------------------------- boot */

/* The root mount: "rootfs", as Linux's, never detached. */
void mount_init(struct super_block *root_sb)
{
	struct mount *m = mnt_alloc(root_sb, root_sb->root, "rootfs", 0);

	if (!m)
		panic("vfs: no memory for the root mount");
	m->attached = true;
	list_add_tail(&m->link, &mounts);
	root.mnt = m;
	root.ino = root_sb->root;
}
