/*
 * inotify (kernel/inotify.c): the instances and their watches, and the
 * hooks the file system layer calls when something happens to an inode.
 * Every hook returns at once when no watch exists anywhere.
 */
#ifndef AKUMA_INOTIFY_H
#define AKUMA_INOTIFY_H

#include "types.h"

struct file;
struct inode;

struct file *inotify_create(u32 flags);
bool is_inotify(struct file *f);
/* Adds or changes the watch of f on ino; the wd, or -errno. */
int inotify_add(struct file *f, struct inode *ino, u32 mask);
/* 0, or -EINVAL when f has no watch wd. */
int inotify_rm(struct file *f, int wd);

/* Whether any watch exists (the hooks' fast path). */
bool inotify_active(void);
/* IN_CREATE in dir for name, made as ino. */
void fsnotify_create(struct inode *dir, const char *name, size_t len,
		     struct inode *ino);
/*
 * name (victim) left dir: IN_ATTRIB on a file, IN_DELETE in dir, and
 * IN_DELETE_SELF and the end of its watches once nothing names it.
 */
void fsnotify_delete(struct inode *dir, const char *name, size_t len,
		     struct inode *victim);
/* A new name for ino: IN_ATTRIB on it, IN_CREATE in dir. */
void fsnotify_link(struct inode *dir, const char *name, size_t len,
		   struct inode *ino);
/*
 * A rename: IN_MOVED_FROM and IN_MOVED_TO with one cookie, IN_MOVE_SELF
 * on moved, and the end of victim (a replaced target) as for a delete.
 */
void fsnotify_move(struct inode *odir, const char *oname, size_t olen,
		   struct inode *ndir, const char *nname, size_t nlen,
		   struct inode *moved, struct inode *victim);
/* IN_ATTRIB, IN_MODIFY (ino alone: changes made through a path). */
void fsnotify_inode(struct inode *ino, u32 mask);
/* Events on an open file, to its inode's watches and its directory's. */
void fsnotify_file(struct file *f, u32 mask);
void fsnotify_open(struct file *f);
void fsnotify_close(struct file *f);

#endif
