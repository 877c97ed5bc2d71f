/*
 * Open files and per-process descriptor tables. A socket, a pipe, a tty and
 * a regular file are all a struct file with its own ops; the descriptor
 * layer knows nothing about what is behind them.
 */
#ifndef AKUMA_FILE_H
#define AKUMA_FILE_H

#include "sched.h"
#include "types.h"

struct file;
struct inode;
struct page;
struct poll_table;
struct waitq;

/*
 * Every op returns a count, 0, or -errno. Buffers passed to read, write and
 * getdents64 are user addresses: the op copies with copy_to/from_user.
 */
struct file_ops {
	ssize_t (*read)(struct file *f, char *ubuf, size_t n, off_t *pos);
	ssize_t (*write)(struct file *f, const char *ubuf, size_t n,
			 off_t *pos);
	off_t (*llseek)(struct file *f, off_t off, int whence);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	long (*getdents64)(struct file *f, void *ubuf, size_t n);
	/*
	 * Returns the ready events (Linux POLL* bits) and, when pt is not
	 * NULL, calls poll_wait() for every wait queue whose wake-up may
	 * change them, as Linux's f_op->poll does.
	 */
	u32 (*poll)(struct file *f, struct poll_table *pt);
	/* fsync and fdatasync; without it they are EINVAL, as Linux's. */
	int (*fsync)(struct file *f);
	/*
	 * fcntl commands of one kind of file (F_SETPIPE_SZ, F_GETPIPE_SZ);
	 * without it they are EBADF, as Linux says for a file that is not
	 * a pipe. Unknown commands are -EINVAL.
	 */
	long (*fcntl)(struct file *f, unsigned int cmd, unsigned long arg);
	void (*release)(struct file *f);
	/*
	 * Device files: runs when open(2) made f, with open's flags
	 * (O_NOCTTY included). It may set f->private and even f->ops (the
	 * ops' release then runs at the last close). On an error the
	 * file is put and release still runs: open undoes its own work
	 * and leaves f->private NULL before failing.
	 */
	int (*open)(struct file *f, u32 flags);
	/*
	 * Files without an inode: what /proc/<pid>/fd shows after
	 * "anon_inode:", as Linux names them ("[eventfd]").
	 */
	const char *anon_name;
};

/* Implemented by the poll/epoll layer (kernel/poll.c). */
void poll_wait(struct file *f, struct waitq *wq, struct poll_table *pt);

struct file {
	u32 refcount;          /* atomic */
	u32 flags;             /* O_ACCMODE and status flags; atomic updates */
	off_t pos;             /* under pos_lock */
	struct mutex pos_lock;
	const struct file_ops *ops;
	struct inode *inode;   /* holds a reference; NULL if anonymous */
	struct mount *mnt;     /* holds a reference; set when opened by path */
	struct inode *dir;     /* holds a reference: where it was opened */
	int owner;             /* F_SETOWN: pid, or -pgid; atomic */
	void *private;
	/* epoll items watching this file; ep_files_lock (eventpoll.c) */
	struct list_head ep_links;
};

/*
 * Returns a file with one reference, or NULL when out of memory. The file
 * takes its own reference on inode; the caller keeps the one it had.
 */
struct file *file_alloc(const struct file_ops *ops, struct inode *inode,
			u32 flags);
struct file *file_get(struct file *f);
void file_put(struct file *f); /* release at zero */

/*
 * The descriptor table: a growable array, bounded by RLIMIT_NOFILE only.
 * Lock: lock protects every field.
 */
struct fdtable {
	u32 refcount;
	struct spinlock lock;
	int size;              /* slots allocated */
	struct file **fd;
	u8 *cloexec;
	u64 nofile_limit;      /* RLIMIT_NOFILE soft limit */
};

struct fdtable *fdtable_alloc(void);
struct fdtable *fdtable_dup(struct fdtable *t);
struct fdtable *fdtable_get(struct fdtable *t); /* CLONE_FILES sharing */
void fdtable_put(struct fdtable *t);        /* closes all at zero */
void fdtable_close_on_exec(struct fdtable *t);
/* Installs f (taking over the caller's reference) at the lowest free
 * descriptor >= min. Returns it, or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);
/* Returns the open file with a new reference, or NULL if fd is not open. */
struct file *fd_get(int fd);
int fd_close(int fd);
/*
 * Installs f (taking over the caller's reference) at exactly fd, closing
 * the file that was there, as dup2/dup3 do. Returns fd, or -EBADF when fd
 * is negative or not below the limit, or -ENOMEM.
 */
int fd_install_at(struct file *f, int fd, bool cloexec);
/* The close-on-exec flag of fd: 0 or 1, or -EBADF if fd is not open. */
int fd_get_cloexec(int fd);
/* close_range(2)'s work on [first, last]; 0. */
int fd_close_range(unsigned int first, unsigned int last, bool cloexec);
int fd_set_cloexec(int fd, bool on);

#endif
