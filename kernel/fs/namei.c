/*
 * Path lookup and the operations on names: open, mknod, unlink, rename,
 * link, readlink, and the way back from an inode to its name (getcwd,
 * /proc's links).
 *
 * Lookup walks one component at a time from a place (mount and inode) the
 * walker holds references to, as Linux's link_path_walk does: "." stays,
 * ".." climbs out of a mount's root to its mountpoint first and then asks
 * the file system (the root's ".." is the root), a mountpoint is crossed
 * into what is mounted on it, a symlink met in the middle of a path is
 * always followed, and one at the end when the caller says so or a slash
 * follows it. Links followed are counted per lookup; the 41st gives ELOOP.
 * Names are slices of the path string and are never copied.
 *
 * Every operation checks in the order Linux's fs/namei.c does, because a
 * program sees which error comes first.
 */
#include "fs.h"
#include "lib.h"
#include "mm.h"
#include "poll.h"
#include "proc.h"
#include "abi/linux/errno.h"
#include "inotify.h"
#include "abi/linux/fcntl.h"

/* --------------------------------------------------------- permission */

u32 current_fsuid(void)
{
	struct process *p = current_proc();

	return p ? READ_ONCE(p->fsuid) : 0;
}

u32 current_fsgid(void)
{
	struct process *p = current_proc();

	return p ? READ_ONCE(p->fsgid) : 0;
}

/*
 * Root's powers over files (CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN,
 * CAP_FSETID): Linux drops them with a non-zero fsuid.
 */
bool fs_capable(void)
{
	return current_fsuid() == 0;
}

/* CAP_SYS_ADMIN and CAP_MKNOD go with the effective uid. */
bool sys_capable(void)
{
	struct process *p = current_proc();

	return !p || READ_ONCE(p->euid) == 0;
}

/* in_group_p: primary, or one of the supplementary groups (proc_lock). */
bool group_member(u32 gid, u32 primary)
{
	struct process *p = current_proc();
	bool found = gid == primary;

	if (found || !p)
		return found;
	spin_lock(&proc_lock);
	for (u32 i = 0; i < p->ngroups && !found; i++)
		found = p->groups[i] == gid;
	spin_unlock(&proc_lock);
	return found;
}

/*
 * generic_permission for the given ids. Fields are read without the
 * inode's lock: callers may hold it, and a check racing with chmod may
 * see either mode, as on Linux.
 */
int permission_as(struct inode *ino, int mask, u32 uid, u32 gid, bool root)
{
	u32 mode = READ_ONCE(ino->mode);

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (uid == READ_ONCE(ino->uid)) {
		mode >>= 6;
	} else if ((mask & (mode ^ (mode >> 3))) &&
		   group_member(READ_ONCE(ino->gid), gid)) {
		mode >>= 3;
	}
	if (!(mask & ~mode & 7))
		return 0;
	/* Root may do anything but run a file nobody may run. */
	if (root && (!(mask & MAY_EXEC) || S_ISDIR(ino->mode) ||
		     (ino->mode & S_IXUGO)))
		return 0;
	return -EACCES;
}

int inode_permission(struct inode *ino, int mask)
{
	return permission_as(ino, mask, current_fsuid(), current_fsgid(),
			     fs_capable());
}

void inode_init_owner(struct inode *ino, struct inode *dir)
{
	mutex_lock(&ino->lock);
	ino->uid = current_fsuid();
	ino->gid = current_fsgid();
	if (dir && (READ_ONCE(dir->mode) & S_ISGID)) {
		/* A set-group-ID directory hands down its group, and itself. */
		ino->gid = READ_ONCE(dir->gid);
		if (S_ISDIR(ino->mode))
			ino->mode |= S_ISGID;
		else if ((ino->mode & (S_ISGID | S_IXGRP)) ==
				 (S_ISGID | S_IXGRP) &&
			 !group_member(ino->gid, current_fsgid()) &&
			 !fs_capable())
			ino->mode &= ~S_ISGID;
	}
	mutex_unlock(&ino->lock);
}

/* ------------------------------------------------------------- lookup */

static bool same_ino(struct inode *a, struct inode *b)
{
	return a == b || a->ino == b->ino;
}

static bool is_root(const struct path *p)
{
	const struct path *r = root_path();

	return p->mnt == r->mnt && same_ino(p->ino, r->ino);
}

static bool is_mnt_root(const struct path *p)
{
	return same_ino(p->ino, p->mnt->root);
}

/* Crosses into whatever is mounted on p, as often as mounts are stacked. */
static void follow_mounts(struct path *p)
{
	struct mount *m;

	while ((m = lookup_mnt(p->mnt, p->ino))) {
		inode_put(p->ino);
		mnt_put(p->mnt);
		p->mnt = m;
		p->ino = inode_get(m->root);
	}
}

/* "..": out of mount roots first, then the file system's own parent. */
static int follow_dotdot(const struct path *cur, struct path *next)
{
	struct path p = *cur, up;
	struct inode *ino;

	path_get(&p);
	for (;;) {
		if (is_root(&p) || !is_mnt_root(&p)) {
			if (is_root(&p)) {
				*next = p;
				return 0;
			}
			break;
		}
		if (!mnt_parent_path(p.mnt, &up)) {
			*next = p; /* a detached mount's root stays put */
			return 0;
		}
		path_put(&p);
		p = up;
	}
	ino = p.ino->iops->lookup(p.ino, "..", 2);
	if (IS_ERR(ino)) {
		path_put(&p);
		return PTR_ERR(ino);
	}
	inode_put(p.ino);
	p.ino = ino;
	follow_mounts(&p);
	*next = p;
	return 0;
}

/*
 * What one lookup carries along: the symlink count, the last parent, and
 * for access(2) the ids to search directories as.
 */
struct walk_state {
	int links;
	struct inode *parent; /* with a reference: where the result was found */
	bool as_ids;          /* search as uid/gid below, not the fs ids */
	u32 uid, gid;
};

/* Looks up one name in cur, a place the caller holds. */
static int step(const struct path *cur, const char *name, size_t len,
		const struct walk_state *ws, struct path *next)
{
	struct inode *ino;
	int err;

	if (!S_ISDIR(cur->ino->mode))
		return -ENOTDIR;
	if (ws && ws->as_ids)
		err = permission_as(cur->ino, MAY_EXEC, ws->uid, ws->gid,
				    ws->uid == 0);
	else
		err = inode_permission(cur->ino, MAY_EXEC);
	if (err)
		return err;
	if (is_dot(name, len)) {
		*next = *cur;
		path_get(next);
		return 0;
	}
	if (is_dotdot(name, len))
		return follow_dotdot(cur, next);
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	ino = cur->ino->iops->lookup(cur->ino, name, len);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	next->mnt = mnt_get(cur->mnt);
	next->ino = ino;
	follow_mounts(next);
	return 0;
}

/*
 * Splits the next component off the path [*p, end): sets name, whether a
 * slash followed it, and whether it is the last one. Returns its length,
 * 0 when only slashes were left.
 */
static size_t next_component(const char **p, const char *end,
			     const char **name, bool *slash, bool *last)
{
	const char *s = *p;
	size_t len;

	while (s < end && *s == '/')
		s++;
	*name = s;
	while (s < end && *s != '/')
		s++;
	len = s - *name;
	*slash = s < end;
	while (s < end && *s == '/')
		s++;
	*last = s == end;
	*p = s;
	return len;
}


static int walk(const struct path *start, const char *path, size_t plen,
		u32 flags, struct walk_state *ws, struct path *out);

/* Resolves the symlink *link found in dir; replaces *link on success. */
static int follow_link(const struct path *dir, struct path *link,
		       struct walk_state *ws)
{
	const char *target;
	struct path res;
	int err;

	if (++ws->links > MAXSYMLINKS) {
		err = -ELOOP;
	} else if (READ_ONCE(link->mnt->flags) & MNT_NOSYMFOLLOW) {
		err = -ELOOP;
	} else {
		target = link->ino->iops->get_link(link->ino);
		err = target && *target ? walk(dir, target, strlen(target),
					       LOOKUP_FOLLOW, ws, &res)
					: -ENOENT;
	}
	path_put(link);
	if (!err)
		*link = res;
	return err;
}

static void set_parent(struct walk_state *ws, struct inode *dir)
{
	if (!ws)
		return;
	inode_put(ws->parent);
	ws->parent = inode_get(dir);
}

/*
 * Resolves path (plen bytes, not necessarily NUL-terminated) from start,
 * which the caller holds; an absolute path starts at the root. An empty
 * path resolves to start itself: callers that must refuse it do so first.
 */
static int walk(const struct path *start, const char *path, size_t plen,
		u32 flags, struct walk_state *ws, struct path *out)
{
	const char *end = path + plen, *name;
	struct path cur, next;
	bool slash, last;
	size_t len;
	int err;

	cur = plen && *path == '/' ? *root_path() : *start;
	path_get(&cur);
	for (;;) {
		len = next_component(&path, end, &name, &slash, &last);
		if (!len)
			break;
		err = step(&cur, name, len, ws, &next);
		if (!err && S_ISLNK(next.ino->mode) &&
		    (!last || (flags & LOOKUP_FOLLOW) || slash)) {
			err = follow_link(&cur, &next, ws);
		} else if (!err && last) {
			set_parent(ws, cur.ino);
		}
		path_put(&cur);
		if (err)
			return err;
		cur = next;
		if (last) {
			if (slash && !S_ISDIR(cur.ino->mode)) {
				path_put(&cur);
				return -ENOTDIR;
			}
			break;
		}
	}
	if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur.ino->mode)) {
		path_put(&cur);
		return -ENOTDIR;
	}
	*out = cur;
	return 0;
}

/* The cwd, with references. */
void cwd_get(struct process *p, struct path *out)
{
	spin_lock(&proc_lock);
	out->mnt = mnt_get(p->cwd_mnt ? p->cwd_mnt : root_path()->mnt);
	out->ino = inode_get(p->cwd ? p->cwd : root_path()->ino);
	spin_unlock(&proc_lock);
}

/* The place an open descriptor names, for *at() with an empty path. */
static int fd_path(int dirfd, struct path *out)
{
	struct file *f = fd_get(dirfd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (!f->inode)
		err = -ENOENT; /* pipes and sockets have no place here */
	else
		*out = (struct path){ f->mnt ? f->mnt : root_path()->mnt,
				      f->inode };
	if (!err)
		path_get(out);
	file_put(f);
	return err;
}

int start_path(int dirfd, const char *path, struct path *out)
{
	struct process *p = current_proc();
	struct file *f;
	int err = 0;

	if (*path == '/' || !p) {
		*out = *root_path();
		path_get(out);
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		cwd_get(p, out);
		return 0;
	}
	f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		err = -ENOTDIR;
	else
		*out = (struct path){ f->mnt ? f->mnt : root_path()->mnt,
				      f->inode };
	if (!err)
		path_get(out);
	file_put(f);
	return err;
}

static int path_at(int dirfd, const char *path, u32 flags,
		   struct walk_state *ws, struct path *out)
{
	struct path start;
	int err;

	if (!*path) {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		if (dirfd == AT_FDCWD) {
			cwd_get(current_proc(), out);
			err = 0;
		} else {
			err = fd_path(dirfd, out);
		}
		if (!err && (flags & LOOKUP_DIRECTORY) &&
		    !S_ISDIR(out->ino->mode)) {
			path_put(out);
			err = -ENOTDIR;
		}
		return err;
	}
	err = start_path(dirfd, path, &start);
	if (err)
		return err;
	err = walk(&start, path, strlen(path), flags, ws, out);
	path_put(&start);
	return err;
}

int vfs_access_at(int dirfd, const char *path, u32 flags, int mode,
		  bool eaccess)
{
	struct process *p = current_proc();
	struct walk_state ws = { 0 };
	struct path place;
	int err;

	/* access_override_creds: the real ids, for the lookup as well. */
	if (!eaccess && p) {
		ws.as_ids = true;
		ws.uid = READ_ONCE(p->uid);
		ws.gid = READ_ONCE(p->gid);
	}
	err = path_at(dirfd, path, flags, &ws, &place);
	inode_put(ws.parent);
	if (err)
		return err;
	err = vfs_access(&place, mode, eaccess);
	path_put(&place);
	return err;
}

int vfs_path_at(int dirfd, const char *path, u32 flags, struct path *out)
{
	struct walk_state ws = { 0 };
	int err = path_at(dirfd, path, flags, &ws, out);

	inode_put(ws.parent);
	return err;
}

struct inode *vfs_lookup_at(int dirfd, const char *path, bool follow)
{
	struct path p;
	struct inode *ino;
	int err = vfs_path_at(dirfd, path, follow ? LOOKUP_FOLLOW : 0, &p);

	if (err)
		return ERR_PTR(err);
	ino = inode_get(p.ino);
	path_put(&p);
	return ino;
}

struct inode *vfs_lookup_exec(const char *path)
{
	struct path p;
	struct inode *ino;
	int err = vfs_path_at(AT_FDCWD, path, LOOKUP_FOLLOW, &p);

	if (err)
		return ERR_PTR(err);
	if (!S_ISREG(p.ino->mode) ||
	    (READ_ONCE(p.mnt->flags) & MNT_NOEXEC))
		err = -EACCES;
	else
		err = inode_permission(p.ino, MAY_EXEC);
	ino = err ? ERR_PTR(err) : inode_get(p.ino);
	path_put(&p);
	return ino;
}

struct inode *vfs_lookup_in(struct inode *dir, const char *path, bool follow)
{
	struct path start = { root_path()->mnt, dir }, p;
	struct walk_state ws = { 0 };
	struct inode *ino;
	int err;

	if (!*path)
		return ERR_PTR(-ENOENT);
	err = walk(&start, path, strlen(path), follow ? LOOKUP_FOLLOW : 0,
		   &ws, &p);
	inode_put(ws.parent);
	if (err)
		return ERR_PTR(err);
	ino = inode_get(p.ino);
	path_put(&p);
	return ino;
}

/* ------------------------------------------------------------ parents */

/* The last component of a path and the directory it is in. */
struct nameparent {
	struct path dir;    /* with references */
	const char *name;
	size_t len;         /* 0 for "/" and the like */
	bool slash;         /* slashes followed the name */
};

static bool last_norm(const struct nameparent *np)
{
	return np->len && !is_dot(np->name, np->len) &&
	       !is_dotdot(np->name, np->len);
}

/*
 * Resolves all but the last component of path, as filename_parentat.
 */
static int walk_parent(const struct path *start, const char *path,
		       struct walk_state *ws, struct nameparent *np)
{
	const char *end = path + strlen(path), *e = end, *b;
	int err;

	while (e > path && e[-1] == '/')
		e--;
	np->slash = e != end;
	for (b = e; b > path && b[-1] != '/'; b--)
		;
	np->name = b;
	np->len = e - b;
	if (b == path) {
		np->dir = *path == '/' ? *root_path() : *start;
		path_get(&np->dir);
		return 0;
	}
	err = walk(start, path, b - path, LOOKUP_FOLLOW, ws, &np->dir);
	if (!err && !S_ISDIR(np->dir.ino->mode)) {
		path_put(&np->dir);
		err = -ENOTDIR;
	}
	return err;
}

static int parent_at(int dirfd, const char *path, struct nameparent *np)
{
	struct walk_state ws = { 0 };
	struct path start;
	int err;

	if (!*path)
		return -ENOENT;
	err = start_path(dirfd, path, &start);
	if (err)
		return err;
	err = walk_parent(&start, path, &ws, np);
	inode_put(ws.parent);
	path_put(&start);
	return err;
}

int vfs_parent_at(int dirfd, const char *path)
{
	struct nameparent np;
	int err = parent_at(dirfd, path, &np);

	if (!err)
		path_put(&np.dir);
	return err;
}

/*
 * filename_create's checks on the last component: "/", "." and ".." and
 * existing names are EEXIST, a trailing slash on a missing name that is
 * not to be a directory is ENOENT, and only then is a read-only mount
 * EROFS.
 */
static int may_create_name(struct nameparent *np, bool want_dir)
{
	struct inode *dir = np->dir.ino, *ino;
	int rofs;

	if (!last_norm(np))
		return -EEXIST;
	rofs = mnt_want_write(np->dir.mnt);
	if (np->len > NAME_MAX)
		return -ENAMETOOLONG;
	ino = dir->iops->lookup(dir, np->name, np->len);
	if (!IS_ERR(ino)) {
		inode_put(ino);
		return -EEXIST;
	}
	if (PTR_ERR(ino) != -ENOENT)
		return PTR_ERR(ino);
	if (np->slash && !want_dir)
		return -ENOENT;
	return rofs;
}

/* vfs_create and friends: a dead directory, permission, then the fs. */
static struct inode *create_in(struct inode *dir, const char *name,
			       size_t len, u32 mode, u32 rdev,
			       const char *link)
{
	struct inode *ino;
	int err;

	if (!READ_ONCE(dir->nlink))
		return ERR_PTR(-ENOENT);
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return ERR_PTR(err);
	/* Device nodes need CAP_MKNOD, which goes with the fsuid. */
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && !fs_capable())
		return ERR_PTR(-EPERM);
	if (!dir->iops->create)
		return ERR_PTR(-EPERM);
	ino = dir->iops->create(dir, name, len, mode, rdev, link);
	if (!IS_ERR(ino)) {
		inode_init_owner(ino, dir);
		fsnotify_create(dir, name, len, ino);
	}
	return ino;
}

struct inode *vfs_mknod_at(int dirfd, const char *path, u32 mode, u32 rdev,
			   const char *link)
{
	struct nameparent np;
	struct inode *ino;
	int err = parent_at(dirfd, path, &np);

	if (err)
		return ERR_PTR(err);
	err = may_create_name(&np, S_ISDIR(mode));
	ino = err ? ERR_PTR(err)
		  : create_in(np.dir.ino, np.name, np.len, mode, rdev, link);
	path_put(&np.dir);
	return ino;
}

/* The boot-time and initramfs forms, without the syscall checks. */
struct inode *vfs_mknod_in(struct inode *dir, const char *path, u32 mode,
			   u32 rdev, const char *link)
{
	struct path start = { root_path()->mnt, dir };
	struct walk_state ws = { 0 };
	struct nameparent np;
	struct inode *ino;
	int err;

	if (!*path)
		return ERR_PTR(-ENOENT);
	err = walk_parent(&start, path, &ws, &np);
	inode_put(ws.parent);
	if (err)
		return ERR_PTR(err);
	if (!last_norm(&np)) {
		ino = ERR_PTR(-EEXIST);
	} else if (np.len > NAME_MAX) {
		ino = ERR_PTR(-ENAMETOOLONG);
	} else if (np.slash && !S_ISDIR(mode)) {
		/* Linux: "name/" may only make a directory. */
		ino = np.dir.ino->iops->lookup(np.dir.ino, np.name, np.len);
		if (!IS_ERR(ino)) {
			inode_put(ino);
			ino = ERR_PTR(-EEXIST);
		}
	} else {
		ino = np.dir.ino->iops->create(np.dir.ino, np.name, np.len,
					       mode, rdev, link);
		if (!IS_ERR(ino))
			inode_init_owner(ino, np.dir.ino);
	}
	path_put(&np.dir);
	return ino;
}

int vfs_link_in(struct inode *dir, const char *path, struct inode *ino)
{
	struct path start = { root_path()->mnt, dir };
	struct walk_state ws = { 0 };
	struct nameparent np;
	int err;

	err = walk_parent(&start, path, &ws, &np);
	inode_put(ws.parent);
	if (err)
		return err;
	if (!last_norm(&np))
		err = -EEXIST;
	else
		err = np.dir.ino->iops->link(np.dir.ino, np.name, np.len, ino);
	path_put(&np.dir);
	return err;
}

int vfs_unlink_in(struct inode *dir, const char *path, bool rmdir)
{
	struct path start = { root_path()->mnt, dir };
	struct walk_state ws = { 0 };
	struct nameparent np;
	int err;

	err = walk_parent(&start, path, &ws, &np);
	inode_put(ws.parent);
	if (err)
		return err;
	if (!last_norm(&np))
		err = -EINVAL;
	else
		err = np.dir.ino->iops->unlink(np.dir.ino, np.name, np.len,
					       rmdir);
	path_put(&np.dir);
	return err;
}

/* ------------------------------------------------------------- unlink */

/* do_rmdir and do_unlinkat. */
int vfs_unlink_at(int dirfd, const char *path, bool rmdir)
{
	struct nameparent np;
	struct inode *dir, *ino, *victim;
	int err = parent_at(dirfd, path, &np);

	if (err)
		return err;
	dir = np.dir.ino;
	if (!last_norm(&np)) {
		if (!rmdir)
			err = -EISDIR;
		else if (!np.len)
			err = -EBUSY;
		else if (is_dot(np.name, np.len))
			err = -EINVAL;
		else
			err = -ENOTEMPTY;
		goto out;
	}
	err = mnt_want_write(np.dir.mnt);
	if (err)
		goto out;
	if (np.len > NAME_MAX) {
		err = -ENAMETOOLONG;
		goto out;
	}
	if (!rmdir && np.slash) {
		/* "file/" names a directory that is not there. */
		ino = dir->iops->lookup(dir, np.name, np.len);
		if (IS_ERR(ino)) {
			err = PTR_ERR(ino);
		} else {
			err = S_ISDIR(ino->mode) ? -EISDIR : -ENOTDIR;
			inode_put(ino);
		}
		goto out;
	}
	/* inotify needs to know what goes: look before, tell after. */
	victim = inotify_active() && dir->iops->lookup ?
			 dir->iops->lookup(dir, np.name, np.len) : NULL;
	if (IS_ERR(victim))
		victim = NULL;
	err = dir->iops->unlink ? dir->iops->unlink(dir, np.name, np.len, rmdir)
				: -EPERM;
	if (!err)
		fsnotify_delete(dir, np.name, np.len, victim);
	inode_put(victim);
out:
	path_put(&np.dir);
	return err;
}

/* ------------------------------------------------------------- rename */

/* What a name of dir is now, with a reference, or NULL. */
static struct inode *rename_peek(struct inode *dir, const char *name,
				 size_t len)
{
	struct inode *ino = dir->iops->lookup ?
				    dir->iops->lookup(dir, name, len) : NULL;

	return IS_ERR(ino) ? NULL : ino;
}

int vfs_rename_at(int odirfd, const char *opath, int ndirfd,
		  const char *npath, u32 flags)
{
	struct inode *moved = NULL, *victim = NULL;
	struct nameparent o, n;
	int err;

	err = parent_at(odirfd, opath, &o);
	if (err)
		return err;
	err = parent_at(ndirfd, npath, &n);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (o.dir.mnt != n.dir.mnt)
		goto out;
	err = -EBUSY;
	if (!last_norm(&o))
		goto out;
	if (flags & RENAME_NOREPLACE)
		err = -EEXIST;
	if (!last_norm(&n))
		goto out;
	err = mnt_want_write(o.dir.mnt);
	if (err)
		goto out;
	if (o.slash)
		flags |= RENAME_OSLASH;
	if (n.slash)
		flags |= RENAME_NSLASH;
	if (inotify_active()) {
		moved = rename_peek(o.dir.ino, o.name, o.len);
		victim = rename_peek(n.dir.ino, n.name, n.len);
	}
	err = o.dir.ino->iops->rename ?
		      o.dir.ino->iops->rename(o.dir.ino, o.name, o.len,
					      n.dir.ino, n.name, n.len, flags) :
		      -EPERM;
	if (!err && (flags & RENAME_EXCHANGE)) {
		fsnotify_move(o.dir.ino, o.name, o.len, n.dir.ino, n.name,
			      n.len, moved, NULL);
		fsnotify_move(n.dir.ino, n.name, n.len, o.dir.ino, o.name,
			      o.len, victim, NULL);
	} else if (!err && moved != victim) {
		fsnotify_move(o.dir.ino, o.name, o.len, n.dir.ino, n.name,
			      n.len, moved, victim);
	}
	inode_put(moved);
	inode_put(victim);
out:
	path_put(&n.dir);
out_old:
	path_put(&o.dir);
	return err;
}

/* --------------------------------------------------------------- link */

int vfs_link_at(int odirfd, const char *opath, int ndirfd,
		const char *npath, u32 flags)
{
	struct nameparent np;
	struct path old;
	struct inode *dir, *ino;
	int err;

	err = vfs_path_at(odirfd, opath, flags, &old);
	if (err)
		return err;
	err = parent_at(ndirfd, npath, &np);
	if (err)
		goto out_old;
	err = may_create_name(&np, false);
	if (err)
		goto out;
	err = -EXDEV;
	if (old.mnt != np.dir.mnt)
		goto out;
	dir = np.dir.ino;
	ino = old.ino;
	/* vfs_link's order. */
	if (!READ_ONCE(dir->nlink))
		err = -ENOENT;
	else
		err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (!err && (!dir->iops->link || S_ISDIR(ino->mode)))
		err = -EPERM;
	if (!err)
		err = dir->iops->link(dir, np.name, np.len, ino);
	if (!err)
		fsnotify_link(dir, np.name, np.len, ino);
out:
	path_put(&np.dir);
out_old:
	path_put(&old);
	return err;
}

/* ----------------------------------------------------------- readlink */

long vfs_readlink_at(int dirfd, const char *path, char *buf, size_t size)
{
	const char *target;
	struct path p;
	long n;
	int err = vfs_path_at(dirfd, path, LOOKUP_EMPTY, &p);

	if (err)
		return err;
	if (!S_ISLNK(p.ino->mode) || !p.ino->iops->get_link) {
		n = *path ? -EINVAL : -ENOENT;
	} else {
		target = p.ino->iops->get_link(p.ino);
		n = target ? (long)MIN(strlen(target), size) : -ENOENT;
		if (n > 0)
			memcpy(buf, target, n);
	}
	path_put(&p);
	return n;
}

/* --------------------------------------------------------------- open */

static struct inode *open_create(const struct path *dir, const char *path,
				 u32 flags, u32 mode, struct walk_state *ws,
				 struct path *where);

/* open(O_CREAT) met the symlink ino in dir: go on at its target. */
static struct inode *open_create_link(const struct path *dir,
				      struct inode *ino, u32 flags, u32 mode,
				      struct walk_state *ws,
				      struct path *where)
{
	const char *target = ino->iops->get_link(ino);
	struct inode *r;

	if (flags & O_NOFOLLOW)
		r = ERR_PTR(-ELOOP);
	else if (++ws->links > MAXSYMLINKS)
		r = ERR_PTR(-ELOOP);
	else if (!target || !*target)
		r = ERR_PTR(-ENOENT);
	else
		r = open_create(dir, target, flags, mode, ws, where);
	inode_put(ino);
	return r;
}

/*
 * The last step of open(O_CREAT): the name is looked up in its parent and
 * made if missing. A symlink there is followed, and a dangling one makes
 * its target, as Linux does. A create that loses a race to another one
 * finds the winner's file on the next lookup. *where gets the place of
 * the result (for a mountpoint, what is mounted there).
 */
static struct inode *open_create(const struct path *dir, const char *path,
				 u32 flags, u32 mode, struct walk_state *ws,
				 struct path *where)
{
	struct nameparent np;
	struct inode *ino;
	struct path p;
	int err;

	err = walk_parent(dir, path, ws, &np);
	if (err)
		return ERR_PTR(err);
	if (!last_norm(&np) || np.slash)
		ino = ERR_PTR(-EISDIR);
	else if (np.len > NAME_MAX)
		ino = ERR_PTR(-ENAMETOOLONG);
	else
		ino = ERR_PTR(-EEXIST);
	while (PTR_ERR(ino) == -EEXIST) {
		ino = np.dir.ino->iops->lookup(np.dir.ino, np.name, np.len);
		if (!IS_ERR(ino)) {
			p = (struct path){ mnt_get(np.dir.mnt), ino };
			follow_mounts(&p);
			ino = p.ino;
			if (flags & O_EXCL) {
				path_put(&p);
				ino = ERR_PTR(-EEXIST);
			} else if (S_ISLNK(ino->mode)) {
				mnt_put(p.mnt);
				ino = open_create_link(&np.dir, ino, flags, mode,
						       ws, where);
			} else if (S_ISDIR(ino->mode)) {
				path_put(&p);
				ino = ERR_PTR(-EISDIR);
			} else {
				*where = p;
				path_get(where);
				mnt_put(p.mnt);
				set_parent(ws, np.dir.ino);
			}
			break;
		}
		if (PTR_ERR(ino) != -ENOENT)
			break;
		err = mnt_want_write(np.dir.mnt);
		ino = err ? ERR_PTR(err)
			  : create_in(np.dir.ino, np.name, np.len,
				      S_IFREG | mode, 0, NULL);
		if (!IS_ERR(ino)) {
			*where = (struct path){ np.dir.mnt, ino };
			path_get(where);
			set_parent(ws, np.dir.ino);
		}
	}
	path_put(&np.dir);
	return ino;
}

/* An O_PATH file: it names a place and can do nothing else. */
static const struct file_ops path_fops;

/* may_open and do_dentry_open's checks, then the file. */
static struct file *open_place(const struct path *p, struct inode *dir,
			       u32 flags)
{
	struct inode *ino = p->ino;
	const struct file_ops *fops = ino->fops;
	u32 acc = flags & O_ACCMODE;
	bool wr = acc == O_WRONLY || acc == O_RDWR;
	int mask = (acc == O_RDONLY || acc == O_RDWR ? MAY_READ : 0) |
		   (wr || (flags & O_TRUNC) ? MAY_WRITE : 0);
	struct file *f;
	int err;

	if (flags & O_PATH) {
		fops = &path_fops;
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW;
		goto make;
	}
	switch (ino->mode & S_IFMT) {
	case S_IFLNK:
		return ERR_PTR(-ELOOP);
	case S_IFDIR:
		if (mask & MAY_WRITE)
			return ERR_PTR(-EISDIR);
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (READ_ONCE(p->mnt->flags) & MNT_NODEV)
			return ERR_PTR(-EACCES);
		/* FALLTHROUGH */
	case S_IFIFO:
	case S_IFSOCK:
		flags &= ~O_TRUNC;
		mask &= ~MAY_WRITE;
		if (wr)
			mask |= MAY_WRITE;
		break;
	}
	err = inode_permission(ino, mask);
	if (!err && (mask & MAY_WRITE) &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode)))
		err = mnt_want_write(p->mnt);
	if (!err && (flags & O_NOATIME) && !fs_capable() &&
	    current_fsuid() != ino->uid)
		err = -EPERM;
	if (err)
		return ERR_PTR(err);
	switch (ino->mode & S_IFMT) {
	case S_IFCHR:
		fops = chrdev_fops(ino->rdev);
		if (!fops)
			return ERR_PTR(-ENXIO);
		break;
	case S_IFREG:
	case S_IFDIR:
		break;
	case S_IFIFO:
		fops = &fifo_fops;
		break;
	default:
		/* Sockets and block devices: not yet. */
		return ERR_PTR(-ENXIO);
	}
	/* No file here can do direct I/O: Linux 6.1's tmpfs cannot either. */
	if (flags & O_DIRECT)
		return ERR_PTR(-EINVAL);
	/* Linux keeps O_LARGEFILE in f_flags on 64-bit; F_GETFL shows it. */
	flags |= O_LARGEFILE;
make:
	f = file_alloc(fops, ino, flags & ~(O_CREAT | O_EXCL | O_NOCTTY |
					    O_TRUNC | O_CLOEXEC));
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->mnt = mnt_get(p->mnt);
	f->dir = dir && !S_ISDIR(ino->mode) ? inode_get(dir) : NULL;
	/* A FIFO open may wait for the other side (pipe.c). */
	if (!(flags & O_PATH) && S_ISFIFO(ino->mode)) {
		err = fifo_open(f);
		if (err) {
			file_put(f);
			return ERR_PTR(err);
		}
	}
	/* A device's driver may refuse the open or pick the file's ops. */
	if (!(flags & O_PATH) && f->ops && f->ops->open) {
		err = f->ops->open(f, flags);
		if (err) {
			file_put(f);
			return ERR_PTR(err);
		}
	}
	/* Linux truncates on O_TRUNC even for O_RDONLY. */
	if (!(flags & O_PATH) && (flags & O_TRUNC) && S_ISREG(ino->mode)) {
		err = vfs_setsize(ino, 0, true);
		if (err) {
			file_put(f);
			return ERR_PTR(err);
		}
	}
	fsnotify_open(f);
	return f;
}

struct file *vfs_open_path(const struct path *p, u32 flags)
{
	return open_place(p, NULL, flags);
}

/* O_TMPFILE: an unnamed regular file made in the directory path names. */
static struct inode *open_tmpfile(const struct path *dir, const char *path,
				  u32 flags, u32 mode, struct walk_state *ws,
				  struct path *where)
{
	struct path d;
	struct inode *ino;
	int err = walk(dir, path, strlen(path), LOOKUP_FOLLOW, ws, &d);

	if (err)
		return ERR_PTR(err);
	if (!S_ISDIR(d.ino->mode))
		ino = ERR_PTR(-ENOTDIR);
	else if ((err = mnt_want_write(d.mnt)))
		ino = ERR_PTR(err);
	else if (!d.ino->iops->create)
		ino = ERR_PTR(-EOPNOTSUPP);
	else
		ino = create_in(d.ino, "", 0, S_IFREG | mode, 0, NULL);
	if (!IS_ERR(ino)) {
		if (flags & O_EXCL)
			ino->iflags &= ~I_LINKABLE;
		*where = (struct path){ d.mnt, ino };
		path_get(where);
		set_parent(ws, d.ino);
	}
	path_put(&d);
	return ino;
}

struct file *vfs_open_at(int dirfd, const char *path, u32 flags, u32 mode)
{
	struct process *p = current_proc();
	struct walk_state ws = { 0 };
	struct path start, where;
	struct inode *ino;
	struct file *f;
	int err;

	if (!*path)
		return ERR_PTR(-ENOENT);
	/* open(2) quietly drops what O_PATH does not allow. */
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return ERR_PTR(-EINVAL);
	err = start_path(dirfd, path, &start);
	if (err)
		return ERR_PTR(err);
	mode &= 07777 & ~(p ? p->umask : 022);
	if (flags & __O_TMPFILE) {
		ino = open_tmpfile(&start, path, flags, mode, &ws, &where);
	} else if (flags & O_CREAT) {
		ino = open_create(&start, path, flags, mode, &ws, &where);
	} else {
		err = walk(&start, path, strlen(path),
			   flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &ws, &where);
		ino = err ? ERR_PTR(err) : inode_get(where.ino);
	}
	path_put(&start);
	if (IS_ERR(ino)) {
		inode_put(ws.parent);
		return ERR_PTR(PTR_ERR(ino));
	}
	if (flags & __O_TMPFILE)
		f = open_place(&where, ws.parent,
			       flags & ~(O_TMPFILE | O_CREAT));
	else if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		f = ERR_PTR(-ENOTDIR);
	else
		f = open_place(&where, ws.parent, flags);
	inode_put(ino);
	path_put(&where);
	inode_put(ws.parent);
	return f;
}

/* ------------------------------------------------------------- names */

/* Prepends s (len bytes) before *pos in buf; false when it does not fit. */
static bool prepend(char *buf, size_t *pos, const char *s, size_t len)
{
	if (len > *pos)
		return false;
	*pos -= len;
	memcpy(buf + *pos, s, len);
	return true;
}

/*
 * Climbs from the directory at *cur to the root, prepending "/name" for
 * each step. Returns 0 at the root, 1 when a detached mount's root ended
 * the climb, or -errno. Consumes *cur.
 */
static int climb(struct path *cur, char *buf, size_t *pos, char *name)
{
	struct path up;
	struct inode *parent;
	int len, steps = 0, err = 0;

	while (!is_root(cur)) {
		if (++steps > PATH_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		if (is_mnt_root(cur)) {
			if (!mnt_parent_path(cur->mnt, &up)) {
				err = 1;
				break;
			}
			path_put(cur);
			*cur = up;
			continue;
		}
		parent = cur->ino->iops->lookup(cur->ino, "..", 2);
		if (IS_ERR(parent)) {
			err = PTR_ERR(parent);
			break;
		}
		len = parent->iops->get_name ?
			      parent->iops->get_name(parent, cur->ino, name) :
			      -ENOENT;
		if (len < 0) {
			inode_put(parent);
			err = len;
			break;
		}
		if (!prepend(buf, pos, name, len) || !prepend(buf, pos, "/", 1)) {
			inode_put(parent);
			err = -ENAMETOOLONG;
			break;
		}
		inode_put(cur->ino);
		cur->ino = parent;
	}
	path_put(cur);
	return err;
}

/*
 * Builds the name of dir (a directory place), followed by tail, at the
 * end of buf; returns where it starts, or -errno. getcwd wants
 * "(unreachable)" in front of a place outside the root; d_path does not.
 */
static long build_name(const struct path *dir, const char *tail, char *buf,
		       size_t size, bool unreachable_prefix)
{
	char *name = kmalloc(NAME_MAX + 1);
	struct path cur = *dir;
	size_t pos = size;
	int err;

	if (!name)
		return -ENOMEM;
	path_get(&cur);
	err = prepend(buf, &pos, "", 1) && prepend(buf, &pos, tail,
						     strlen(tail)) ?
		      0 : -ENAMETOOLONG;
	if (err)
		path_put(&cur);
	else
		err = climb(&cur, buf, &pos, name);
	kfree(name);
	if (err < 0)
		return err;
	/* Nothing but the tail: the name starts with the root's "/". */
	if (buf[pos] != '/' && !prepend(buf, &pos, "/", 1))
		return -ENAMETOOLONG;
	if (err == 1 && unreachable_prefix &&
	    !prepend(buf, &pos, "(unreachable)", 13))
		return -ENAMETOOLONG;
	return pos;
}

/* Moves the name built at buf + pos to the front; returns its length. */
static int to_front(char *buf, long pos)
{
	size_t len;

	if (pos < 0)
		return pos;
	len = strlen(buf + pos);
	memmove(buf, buf + pos, len + 1);
	return len;
}

int vfs_path_name(const struct path *p, char *buf, size_t size)
{
	bool deleted = !READ_ONCE(p->ino->nlink) && !is_root(p);
	char *tail = deleted ? " (deleted)" : "";

	if (!S_ISDIR(p->ino->mode))
		return -ENOTDIR; /* a file's name needs its directory */
	return to_front(buf, build_name(p, tail, buf, size, false));
}

int vfs_file_path(struct file *f, char *buf, size_t size)
{
	struct inode *ino = f->inode;
	char *name, *tail;
	int len;

	if (!ino || !f->mnt)
		return -ENOENT; /* pipes and sockets: their owners name them */
	if (S_ISDIR(ino->mode) || !f->dir ||
	    same_ino(ino, f->mnt->root))
		return vfs_path_name(&(struct path){ f->mnt, ino }, buf, size);
	name = kmalloc(NAME_MAX + 12);
	if (!name)
		return -ENOMEM;
	len = f->dir->iops->get_name ?
		      f->dir->iops->get_name(f->dir, ino, name + 1) : -ENOENT;
	name[0] = '/';
	if (len < 0)
		len = 0; /* renamed away or unlinked: the name is lost */
	tail = name;
	if (!READ_ONCE(ino->nlink))
		strlcpy(name + len + 1, " (deleted)", 11);
	/* The directory's name, then "/file". */
	len = to_front(buf, build_name(&(struct path){ f->mnt, f->dir }, tail,
				       buf, size, false));
	kfree(name);
	/* The root's files would otherwise start with "//". */
	if (len > 1 && buf[0] == '/' && buf[1] == '/') {
		memmove(buf, buf + 1, len);
		len--;
	}
	return len;
}

long vfs_getcwd(char *buf, size_t size)
{
	struct path cwd;
	long pos;

	cwd_get(current_proc(), &cwd);
	if (!READ_ONCE(cwd.ino->nlink) && !is_root(&cwd)) {
		path_put(&cwd);
		return -ENOENT;
	}
	pos = build_name(&cwd, "", buf, size, true);
	path_put(&cwd);
	if (pos < 0)
		return pos;
	return to_front(buf, pos) + 1;
}

int vfs_cwd_path(struct process *p, char *buf, size_t size)
{
	struct path cwd;
	int len;

	cwd_get(p, &cwd);
	len = vfs_path_name(&cwd, buf, size);
	path_put(&cwd);
	return len;
}

int vfs_inode_path(struct inode *ino, char *buf, size_t size)
{
	struct inode *top = inode_get(ino), *up;
	struct mount *m;
	int len;

	if (!S_ISDIR(ino->mode)) {
		inode_put(top);
		return -ENOTDIR;
	}
	/* The file system's root is its own parent. */
	for (int i = 0; i < PATH_MAX; i++) {
		up = top->iops->lookup(top, "..", 2);
		if (IS_ERR(up))
			break;
		if (same_ino(up, top)) {
			inode_put(up);
			break;
		}
		inode_put(top);
		top = up;
	}
	m = mnt_of_root(top);
	inode_put(top);
	if (!m)
		return -ENOENT;
	len = vfs_path_name(&(struct path){ m, ino }, buf, size);
	mnt_put(m);
	return len;
}
