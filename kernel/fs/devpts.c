/*
 * devpts: the file system of pty slaves, as Linux's fs/devpts. Every
 * mount is an instance of its own (Linux since 4.7; "newinstance" is
 * accepted and means nothing more). An instance holds "ptmx" (5:2, mode
 * ptmxmode) and one node N (136:N) per open pty master, numbered lowest
 * free first and bounded by max= and /proc/sys/kernel/pty/max.
 *
 * /dev/ptmx finds its instance as Linux's devpts_acquire does: the ptmx
 * node's own when it is /dev/pts/ptmx, otherwise the devpts mounted on
 * "pts" in the directory /dev/ptmx was opened from (ENODEV without one).
 *
 * Inode numbers are Linux's: 1 the root, 2 ptmx, N + 3 for node N.
 * Lock: devpts_fs.lock (a mutex) protects the entry list and the options;
 * an inode's own fields are under its lock as everywhere.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"

#define DEVPTS_SUPER_MAGIC 0x1cd1
#define DEVPTS_DEFAULT_MODE 0600
#define DEVPTS_DEFAULT_PTMX_MODE 0000
#define NR_UNIX98_PTY_MAX (1 << MINORBITS)
#define UNIX98_PTY_SLAVE_MAJOR 136

struct devpts_opts {
	bool setuid, setgid;
	u32 uid, gid;
	u32 mode, ptmxmode;
	int max;
};

struct devpts_fs {
	struct mutex lock;
	struct super_block *sb;     /* no reference: the sb owns us */
	struct devpts_opts opts;
	struct inode *ptmx;         /* holds a reference */
	struct list_head entries;   /* of devpts_inode, by index */
};

/* Every devpts inode; index is -1 for the root and -2 for ptmx. */
struct devpts_inode {
	struct inode vfs;
	int index;
	struct devpts_fs *fs;
	struct pty *pty;            /* fs->lock; NULL once killed */
	struct list_head link;      /* in fs->entries while alive */
};

#define DI(ino) container_of(ino, struct devpts_inode, vfs)

static const struct inode_ops devpts_iops;
static const struct file_ops devpts_dir_fops;
const struct fs_type devpts_type;

static struct inode *devpts_inode(struct devpts_fs *fs, int index, u32 mode,
				  u32 rdev, u32 uid, u32 gid)
{
	struct devpts_inode *di = kmalloc(sizeof(*di));
	struct inode *ino;

	if (!di)
		return NULL;
	di->index = index;
	di->fs = fs;
	list_init(&di->link);
	ino = &di->vfs;
	ino->refcount = 1;
	ino->ino = index == -1 ? 1 : index == -2 ? 2 : (u64)index + 3;
	ino->mode = mode;
	ino->nlink = S_ISDIR(mode) ? 2 : 1;
	ino->rdev = rdev;
	ino->uid = uid;
	ino->gid = gid;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "devpts_inode");
	ino->sb = fs->sb;
	ino->iops = &devpts_iops;
	ino->fops = S_ISDIR(mode) ? &devpts_dir_fops : NULL;
	return ino;
}

static void defaults(struct devpts_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = DEVPTS_DEFAULT_MODE;
	o->ptmxmode = DEVPTS_DEFAULT_PTMX_MODE;
	o->max = NR_UNIX98_PTY_MAX;
}

/* Linux's devpts options; anything else is EINVAL ("bogus options"). */
static int devpts_param(void *ctx, const char *key, const char *val)
{
	struct devpts_opts *o = ctx;
	u64 n;

	if (!strcmp(key, "newinstance") && !val)
		return 0;
	if (!strcmp(key, "mode"))
		return parse_mode_opt(val, &o->mode);
	if (!strcmp(key, "ptmxmode"))
		return parse_mode_opt(val, &o->ptmxmode);
	if (!strcmp(key, "uid") || !strcmp(key, "gid")) {
		/* (uid_t)-1 is no valid id. */
		if (parse_uint_opt(val, 0xfffffffeULL, &n))
			return -EINVAL;
		if (key[0] == 'u') {
			o->uid = n;
			o->setuid = true;
		} else {
			o->gid = n;
			o->setgid = true;
		}
		return 0;
	}
	if (!strcmp(key, "max")) {
		if (parse_uint_opt(val, NR_UNIX98_PTY_MAX, &n))
			return -EINVAL;
		o->max = (int)n;
		return 0;
	}
	return -EINVAL;
}

/* Linux says why on the console (pr_err), for every refused option set. */
static int parse_options(char *data, u32 *sb_flags, struct devpts_opts *o)
{
	int err = mount_options(data, sb_flags, devpts_param, o);

	if (err == -EINVAL)
		printk(KERN_ERR "devpts: called with bogus options\n");
	return err;
}

static struct super_block *devpts_get_sb(const struct fs_type *t,
					 char *data, u32 sb_flags)
{
	struct devpts_opts o;
	struct devpts_fs *fs;
	struct super_block *sb;
	int err;

	defaults(&o);
	err = parse_options(data, &sb_flags, &o);
	if (err)
		return ERR_PTR(err);
	fs = kmalloc(sizeof(*fs));
	sb = fs ? sb_alloc(t) : NULL;
	if (!sb) {
		kfree(fs);
		return ERR_PTR(-ENOMEM);
	}
	mutex_init(&fs->lock, "devpts");
	list_init(&fs->entries);
	fs->opts = o;
	fs->sb = sb;
	sb->fs_private = fs;
	sb->flags = sb_flags;
	sb->root = devpts_inode(fs, -1, S_IFDIR | 0755, 0, 0, 0);
	fs->ptmx = devpts_inode(fs, -2, S_IFCHR | o.ptmxmode, MKDEV(5, 2),
				0, 0);
	if (!sb->root || !fs->ptmx) {
		sb_put(sb); /* kill_sb frees fs */
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

/* Options start over from the defaults, as Linux's devpts_remount. */
static int devpts_remount(struct super_block *sb, char *data)
{
	struct devpts_fs *fs = sb->fs_private;
	struct devpts_opts o;
	u32 flags = 0;
	int err;

	defaults(&o);
	err = parse_options(data, &flags, &o);
	if (err)
		return err;
	mutex_lock(&fs->lock);
	fs->opts = o;
	mutex_unlock(&fs->lock);
	mutex_lock(&fs->ptmx->lock);
	fs->ptmx->mode = S_IFCHR | o.ptmxmode;
	mutex_unlock(&fs->ptmx->lock);
	return 0;
}

static void devpts_show_options(struct super_block *sb, struct strbuf *m)
{
	struct devpts_fs *fs = sb->fs_private;
	struct devpts_opts o;

	mutex_lock(&fs->lock);
	o = fs->opts;
	mutex_unlock(&fs->lock);
	if (o.setuid)
		sb_printf(m, ",uid=%u", o.uid);
	if (o.setgid)
		sb_printf(m, ",gid=%u", o.gid);
	sb_printf(m, ",mode=%03o", o.mode);
	sb_printf(m, ",ptmxmode=%03o", o.ptmxmode);
	if (o.max < NR_UNIX98_PTY_MAX)
		sb_printf(m, ",max=%d", o.max);
}

/* Entries hold the superblock, so none is left when it goes. */
static void devpts_kill_sb(struct super_block *sb)
{
	struct devpts_fs *fs = sb->fs_private;

	if (!fs)
		return;
	inode_put(fs->ptmx);
	kfree(fs);
}

const struct fs_type devpts_type = {
	.name = "devpts",
	.magic = DEVPTS_SUPER_MAGIC,
	.get_sb = devpts_get_sb,
	.remount = devpts_remount,
	.show_options = devpts_show_options,
	.kill_sb = devpts_kill_sb,
};

/* The instance for a ptmx file, with a superblock reference, or NULL. */
static struct super_block *instance_of(struct file *f)
{
	struct super_block *sb = NULL;
	struct inode *pts;
	struct mount *m;

	if (f->inode && f->inode->sb && f->inode->sb->type == &devpts_type) {
		sb = f->inode->sb;
		__atomic_fetch_add(&sb->refcount, 1, __ATOMIC_RELAXED);
		return sb;
	}
	if (!f->dir || !f->mnt || !f->dir->iops || !f->dir->iops->lookup)
		return NULL;
	pts = f->dir->iops->lookup(f->dir, "pts", 3);
	if (IS_ERR(pts))
		return NULL;
	m = lookup_mnt(f->mnt, pts);
	inode_put(pts);
	if (!m)
		return NULL;
	/* Only the root of a devpts mount on "pts" counts. */
	if (m->sb->type == &devpts_type && m->root == m->sb->root) {
		sb = m->sb;
		__atomic_fetch_add(&sb->refcount, 1, __ATOMIC_RELAXED);
	}
	mnt_put(m);
	return sb;
}

void *devpts_pty_new(struct file *f, struct pty *pty, int *index)
{
	struct super_block *sb = instance_of(f);
	struct devpts_inode *di;
	struct devpts_fs *fs;
	struct list_head *pos;
	struct inode *ino;
	int n = 0;
	u32 uid, gid;

	if (!sb)
		return ERR_PTR(-ENODEV);
	fs = sb->fs_private;
	mutex_lock(&fs->lock);
	/* The lowest free number: the list is sorted. */
	pos = &fs->entries;
	list_for_each_entry(di, &fs->entries, link) {
		if (di->index != n) {
			pos = &di->link;
			break;
		}
		n++;
	}
	if (n >= fs->opts.max) {
		mutex_unlock(&fs->lock);
		sb_put(sb);
		return ERR_PTR(-ENOSPC);
	}
	uid = fs->opts.setuid ? fs->opts.uid : current_fsuid();
	gid = fs->opts.setgid ? fs->opts.gid : current_fsgid();
	ino = devpts_inode(fs, n, S_IFCHR | fs->opts.mode,
			   MKDEV(UNIX98_PTY_SLAVE_MAJOR + n / 256, n % 256),
			   uid, gid);
	if (!ino) {
		mutex_unlock(&fs->lock);
		sb_put(sb);
		return ERR_PTR(-ENOMEM);
	}
	di = DI(ino);
	di->pty = pty;
	/* Before pos: the first entry with a larger number, or the end. */
	list_add_tail(&di->link, pos);
	mutex_unlock(&fs->lock);
	*index = n;
	return di; /* the list's inode reference and sb's go with it */
}

void devpts_pty_kill(void *node)
{
	struct devpts_inode *di = node;
	struct devpts_fs *fs = di->fs;
	struct super_block *sb = fs->sb;

	mutex_lock(&fs->lock);
	di->pty = NULL;
	list_del(&di->link);
	mutex_unlock(&fs->lock);
	inode_put(&di->vfs);
	sb_put(sb);
}

struct inode *devpts_pty_inode(void *node)
{
	return &((struct devpts_inode *)node)->vfs;
}

void devpts_set_place(void *node, struct file *f)
{
	struct inode *root = ((struct devpts_inode *)node)->fs->sb->root;

	/* A mount of the instance, so that /proc/self/fd can name it. */
	f->mnt = mnt_of_root(root);
	if (f->mnt)
		f->dir = inode_get(root);
}

struct pty *devpts_get_pty(struct inode *ino)
{
	struct devpts_inode *di;
	struct pty *pty = NULL;

	if (!ino || ino->iops != &devpts_iops || DI(ino)->index < 0)
		return NULL;
	di = DI(ino);
	mutex_lock(&di->fs->lock);
	if (di->pty)
		pty = pty_get(di->pty);
	mutex_unlock(&di->fs->lock);
	return pty;
}

/* N as the directory names it: decimal, no leading zeros. */
static int name_index(const char *name, size_t len)
{
	int n = 0;

	if (!len || len > 7 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

static struct inode *devpts_lookup(struct inode *dir, const char *name,
				   size_t len)
{
	struct devpts_fs *fs = DI(dir)->fs;
	struct inode *found = ERR_PTR(-ENOENT);
	struct devpts_inode *di;
	int n;

	if (DI(dir)->index != -1)
		return ERR_PTR(-ENOTDIR);
	if (is_dotdot(name, len))
		return inode_get(dir);
	if (len == 4 && !memcmp(name, "ptmx", 4))
		return inode_get(fs->ptmx);
	n = name_index(name, len);
	if (n < 0)
		return found;
	mutex_lock(&fs->lock);
	list_for_each_entry(di, &fs->entries, link) {
		if (di->index == n) {
			found = inode_get(&di->vfs);
			break;
		}
	}
	mutex_unlock(&fs->lock);
	return found;
}

static int devpts_unlink(struct inode *dir, const char *name, size_t len,
			 bool rmdir)
{
	struct inode *ino = devpts_lookup(dir, name, len);

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_put(ino);
	return -EPERM;
}

static int devpts_get_name(struct inode *dir, struct inode *child, char *buf)
{
	int index = DI(child)->index;

	if (index == -2)
		return strlcpy(buf, "ptmx", NAME_MAX + 1);
	if (index < 0)
		return -ENOENT;
	return snprintf(buf, NAME_MAX + 1, "%d", index);
}

static void devpts_evict(struct inode *ino)
{
	kfree(DI(ino));
}

static const struct inode_ops devpts_iops = {
	.lookup = devpts_lookup,
	/* As Linux's devpts directory: nothing is made or linked. */
	.create = ro_dir_create,
	.link = ro_dir_link,
	.unlink = devpts_unlink,
	.get_name = devpts_get_name,
	.evict = devpts_evict,
};

/*
 * Positions: 0 ".", 1 "..", 2 "ptmx", then 3 + N for node N, so that the
 * position after an entry names the next number to look for.
 */
static s64 devpts_dir_entry(struct file *f, s64 pos, char *name, u64 *ino,
			    u32 *mode)
{
	struct devpts_fs *fs = DI(f->inode)->fs;
	struct devpts_inode *di;
	s64 next = 0;

	if (pos < 3) {
		strlcpy(name, pos == 0 ? "." : pos == 1 ? ".." : "ptmx",
			NAME_MAX + 1);
		*ino = pos < 2 ? 1 : 2;
		*mode = pos < 2 ? S_IFDIR : S_IFCHR;
		return pos + 1;
	}
	mutex_lock(&fs->lock);
	list_for_each_entry(di, &fs->entries, link) {
		if (di->index >= pos - 3) {
			*ino = di->vfs.ino;
			*mode = S_IFCHR;
			snprintf(name, NAME_MAX + 1, "%d", di->index);
			next = di->index + 4;
			break;
		}
	}
	mutex_unlock(&fs->lock);
	return next;
}

static long devpts_getdents64(struct file *f, void *ubuf, size_t n)
{
	return vfs_getdents64(f, ubuf, n, devpts_dir_entry);
}

static const struct file_ops devpts_dir_fops = {
	.read = vfs_dir_read,
	.llseek = no_seek_end_llseek,
	.getdents64 = devpts_getdents64,
};
