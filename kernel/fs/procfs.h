/*
 * Declarations shared by the files of procfs (procfs.c, procfs_pid.c).
 *
 * A procfs inode is made at each lookup from a node, a table row that says
 * what the name is, and a context: the process, thread and descriptor the
 * inode is about. Nothing is stored; a file's text is generated when it is
 * read from its start, as Linux's seq_file does.
 */
#ifndef AKUMA_FS_PROCFS_H
#define AKUMA_FS_PROCFS_H

#include "fs.h"

/*
 * Generated text. seq_printf and friends append and, when the buffer is
 * full, set overflow; the caller then retries with a bigger buffer.
 */
struct seq {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

void seq_printf(struct seq *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_write(struct seq *m, const void *data, size_t n);

/* The directories of /proc. */
enum proc_dir {
	PD_NONE,       /* the node is not a directory */
	PD_ROOT,
	PD_SYS,
	PD_SYS_KERNEL,
	PD_SYS_NET,    /* /proc/sys/net */
	PD_SYS_NET_IPV4,
	PD_PID,        /* /proc/<pid> */
	PD_FD,         /* /proc/<pid>/fd, /proc/<pid>/task/<tid>/fd */
	PD_TASK,       /* /proc/<pid>/task */
	PD_TID,        /* /proc/<pid>/task/<tid> */
	PD_NET,        /* /proc/<pid>/net (net/proc_net.c) */
	PD_NR,
};

/* What an inode is about; zero where it does not apply. */
struct proc_ctx {
	int pid;
	u64 start;     /* the process's start time: a reused pid is not it */
	int tid;
	int fd;
};

struct proc_inode;

/* Node flags. */
#define PN_TGID_ONLY 0x1 /* listed in /proc/<pid> but not in task/<tid> */
#define PN_MOUNTS_POLL 0x2 /* polls as Linux's mounts_poll (procfs.c) */

struct proc_node {
	const char *name;  /* NULL for a numbered entry (pid, tid, fd) */
	u8 in;             /* the directory it is listed in */
	u8 dir;            /* for a directory, which one it is */
	u8 flags;          /* PN_* */
	u32 mode;
	/* Regular files: generated text (0 or -errno)... */
	int (*show)(struct seq *m, struct proc_inode *pi);
	/* ... or reads of their own, at *pos, that advance it. */
	ssize_t (*read)(struct proc_inode *pi, char *ubuf, size_t n,
			off_t *pos);
	/* Writable files: takes n bytes copied in, written at *pos. */
	ssize_t (*write)(struct proc_inode *pi, const char *buf, size_t n,
			 off_t *pos);
	/* Symlinks: writes the target into buf; 0 or -errno. */
	int (*link)(struct proc_inode *pi, char *buf, size_t size);
};

struct proc_inode {
	struct inode vfs;
	const struct proc_node *node;
	struct proc_ctx ctx;
	char *link;        /* a symlink's target, made at lookup; never changes */
};

static inline struct proc_inode *PI(struct inode *ino)
{
	return container_of(ino, struct proc_inode, vfs);
}

/* Entries that are numbers start here in a directory's positions. */
#define PROC_DYN_POS 256

/* procfs_pid.c: the per-process tables and numbered entries. */
extern const struct proc_node proc_pid_nodes[];
extern const size_t proc_pid_nnodes;
extern const struct proc_node proc_pid_dir_node, proc_tid_dir_node,
	proc_fd_link_node;
/*
 * Finds the numbered entry name in dir (a pid in the root, a tid in task,
 * a descriptor in fd); fills *ctx and returns its node, or NULL.
 */
const struct proc_node *proc_dyn_lookup(struct proc_inode *dir,
					const char *name, size_t len,
					struct proc_ctx *ctx);
/*
 * The first numbered entry of dir whose number is at least key: returns
 * the number (-1 at the end) and fills its name, node and context.
 */
long proc_dyn_next(struct proc_inode *dir, long key, char *name,
		   const struct proc_node **node, struct proc_ctx *ctx);
/* Whether the process (and thread) ctx names still exists. */
bool proc_ctx_alive(const struct proc_ctx *ctx);
/* /proc/self, /proc/thread-self. */
int proc_self_link(struct proc_inode *pi, char *buf, size_t size);
int proc_thread_self_link(struct proc_inode *pi, char *buf, size_t size);
/* For /proc/stat and /proc/loadavg. */
struct proc_counts {
	unsigned int running;      /* threads runnable or on a CPU */
	unsigned int blocked;      /* in uninterruptible sleep */
	unsigned int threads;      /* all user threads */
};
void proc_count_threads(struct proc_counts *c);

/* procfs.c */
u64 proc_node_ino(const struct proc_node *n, const struct proc_ctx *ctx);
/* Makes the inode for node in ctx; ERR_PTR(-ENOMEM) etc. */
struct inode *proc_make_inode(const struct proc_node *n,
			      const struct proc_ctx *ctx);
/* Seconds and hundredths of counter ticks, as Linux prints times. */
u64 ticks_to_clock_t(u64 ticks);

/* net/proc_net.c: the files of /proc/<pid>/net. */
int proc_net_dev_show(struct seq *m, struct proc_inode *pi);
int proc_net_route_show(struct seq *m, struct proc_inode *pi);
int proc_net_tcp_show(struct seq *m, struct proc_inode *pi);
int proc_net_udp_show(struct seq *m, struct proc_inode *pi);
int proc_net_unix_show(struct seq *m, struct proc_inode *pi);
int proc_net_tcp6_show(struct seq *m, struct proc_inode *pi);
int proc_net_udp6_show(struct seq *m, struct proc_inode *pi);

#endif
