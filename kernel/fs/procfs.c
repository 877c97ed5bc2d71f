/*
 * procfs: the /proc file system, as Linux 6.1 lays it out.
 *
 * Nothing is stored. Every lookup makes a fresh inode from a node (a row
 * of one of the tables below, or of procfs_pid.c's) and a context naming
 * the process, thread or descriptor it is about; the inode is freed when
 * its last reference goes. Inode numbers are computed from the node and
 * the context, so a name keeps its number between lookups, and getdents64
 * reports the same one.
 *
 * A regular file's text is generated into a buffer when it is read from
 * position 0 (or first read elsewhere), and later reads continue in that
 * buffer, as Linux's seq_file does: "cat" sees one consistent snapshot,
 * and a reader that seeks back to 0 sees fresh values.
 *
 * Locks: nothing here is shared but the per-open-file buffer, which its
 * own mutex protects. Process state is read under proc_lock
 * (procfs_pid.c).
 */
#include "procfs.h"
#include "fdt.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/utsname.h"
#include "net/socket.h"

/* Inode numbers of the fixed entries, as Linux's proc_alloc_inum range. */
#define PROC_ROOT_INO 1
#define PROC_STATIC_INO 0xf0000000UL
/* Generated text larger than this is refused rather than allocated. */
#define SEQ_MAX (4UL << 20)
/* Linux's USER_HZ: the unit of times in /proc/stat and /proc/<pid>/stat. */
#define USER_HZ 100

/* The system's names (kernel/uts.c): which is 0 for the host, 1 the domain. */
void uts_get(struct new_utsname *out);
int uts_set(int which, const char *name, size_t len);

static const struct inode_ops proc_iops;
static const struct file_ops proc_file_fops;
static const struct file_ops proc_mounts_fops;
static const struct file_ops proc_dir_fops;

/* ------------------------------------------------------------ seq text */

void seq_write(struct seq *m, const void *data, size_t n)
{
	if (m->overflow || n > m->size - m->len) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->len, data, n);
	m->len += n;
}

void seq_printf(struct seq *m, const char *fmt, ...)
{
	size_t room = m->size - m->len;
	va_list ap;
	int n;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->len, room, fmt, ap);
	va_end(ap);
	/* vsnprintf keeps a byte for its NUL: a full buffer means retry. */
	if ((size_t)n >= room)
		m->overflow = true;
	else
		m->len += n;
}

/*
 * Runs show with a buffer that doubles until the text fits. On success
 * *out is a kmalloc'd buffer holding *len bytes.
 */
static int seq_generate(struct proc_inode *pi, char **out, size_t *len)
{
	struct seq m = { .size = PAGE_SIZE };
	int err;

	for (;;) {
		m.buf = kmalloc(m.size);
		if (!m.buf)
			return -ENOMEM;
		m.len = 0;
		m.overflow = false;
		err = pi->node->show(&m, pi);
		if (err || !m.overflow)
			break;
		kfree(m.buf);
		m.size *= 2;
		if (m.size > SEQ_MAX)
			return -ENOMEM;
	}
	if (err) {
		kfree(m.buf);
		return err;
	}
	*out = m.buf;
	*len = m.len;
	return 0;
}

u64 ticks_to_clock_t(u64 ticks)
{
	return ticks_to_ns(ticks) / (1000000000UL / USER_HZ);
}

/* ------------------------------------------------------- the fixed files */

static int version_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "Linux version " UTS_RELEASE " (akuma@akuma) (gcc "
		   __VERSION__ ") " UTS_VERSION "\n");
	return 0;
}

/* The kernel command line the boot loader put in /chosen. */
static int cmdline_show(struct seq *m, struct proc_inode *pi)
{
	struct fdt_node chosen;
	const char *args = NULL;
	int len = 0;

	if (fdt_find_node("chosen", &chosen))
		args = fdt_prop(&chosen, "bootargs", &len);
	if (args && len > 0)
		seq_write(m, args, strnlen(args, len));
	seq_printf(m, "\n");
	return 0;
}

/*
 * Only what Akuma can count is shown, in Linux's order and format. There
 * is no swap and no block device; the in-memory file systems' pages are
 * page cache that cannot be dropped, which Linux calls Shmem.
 */
static void show_kb(struct seq *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

static int meminfo_show(struct seq *m, struct proc_inode *pi)
{
	unsigned long total = total_page_count(), free = free_page_count();
	unsigned long shmem = ramfs_page_count(), slab = slab_page_count();

	show_kb(m, "MemTotal:", total);
	show_kb(m, "MemFree:", free);
	show_kb(m, "MemAvailable:", free);
	show_kb(m, "Buffers:", 0);
	show_kb(m, "Cached:", shmem);
	show_kb(m, "SwapCached:", 0);
	show_kb(m, "SwapTotal:", 0);
	show_kb(m, "SwapFree:", 0);
	show_kb(m, "Dirty:", 0);
	show_kb(m, "Writeback:", 0);
	show_kb(m, "Shmem:", shmem);
	/* kmalloc's pages: nothing of the kernel's can be reclaimed. */
	show_kb(m, "KReclaimable:", 0);
	show_kb(m, "Slab:", slab);
	show_kb(m, "SReclaimable:", 0);
	show_kb(m, "SUnreclaim:", slab);
	return 0;
}

static u64 idle_ticks(void)
{
	u64 sum = 0;

	for (int i = 0; i < sched_nr_cpus(); i++)
		sum += sched_idle_ticks(i);
	return sum;
}

static int uptime_show(struct seq *m, struct proc_inode *pi)
{
	u64 up = ticks_to_clock_t(timer_now());
	u64 idle = ticks_to_clock_t(idle_ticks());

	seq_printf(m, "%lu.%02lu %lu.%02lu\n", up / USER_HZ, up % USER_HZ,
		   idle / USER_HZ, idle % USER_HZ);
	return 0;
}

/* sched.c keeps the averages, in Linux's 11-bit fixed point. */
#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_INT(x) ((x) >> FSHIFT)
#define LOAD_FRAC(x) LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

static int loadavg_show(struct seq *m, struct proc_inode *pi)
{
	unsigned long a[3];
	struct proc_counts c;
	int last;

	sched_loadavg(a, FSHIFT);
	for (int i = 0; i < 3; i++)
		a[i] += FIXED_1 / 200; /* rounds, as Linux */
	proc_count_threads(&c);
	spin_lock(&proc_lock);
	last = last_pid;
	spin_unlock(&proc_lock);
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
		   LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]),
		   LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]),
		   c.running, c.threads, last);
	return 0;
}

/*
 * Akuma does not split user from system time, so all busy time is user
 * time, as getrusage and wait4 report it; interrupts, softirqs, I/O wait
 * and steal time do not exist here.
 */
static void stat_cpu_line(struct seq *m, const char *name, u64 busy, u64 idle)
{
	seq_printf(m, "%s %lu 0 0 %lu 0 0 0 0 0 0\n", name,
		   ticks_to_clock_t(busy), ticks_to_clock_t(idle));
}

static int stat_show(struct seq *m, struct proc_inode *pi)
{
	int ncpu = sched_nr_cpus();
	u64 now = timer_now(), idle = idle_ticks(), sum = 0, forks;
	s64 btime = (ktime_get_real_ns() - (s64)ktime_get_ns()) / 1000000000L;
	struct proc_counts c;
	char name[16];

	stat_cpu_line(m, "cpu ", now * ncpu - MIN(idle, now * ncpu), idle);
	for (int i = 0; i < ncpu; i++) {
		u64 id = sched_idle_ticks(i);

		snprintf(name, sizeof(name), "cpu%d", i);
		stat_cpu_line(m, name, now - MIN(id, now), id);
	}
	for (int i = 0; i <= irq_max(); i++)
		sum += irq_count(i);
	seq_printf(m, "intr %lu", sum);
	for (int i = 0; i <= irq_max(); i++)
		seq_printf(m, " %lu", irq_count(i));
	proc_count_threads(&c);
	spin_lock(&proc_lock);
	forks = total_forks;
	spin_unlock(&proc_lock);
	seq_printf(m, "\nctxt %lu\nbtime %ld\nprocesses %lu\n"
		   "procs_running %u\nprocs_blocked 0\n"
		   "softirq 0 0 0 0 0 0 0 0 0 0 0\n",
		   READ_ONCE(nr_context_switches), btime, forks, c.running);
	return 0;
}

/*
 * BogoMIPS is what Linux computes from the timer frequency on arm64; the
 * features are the AT_HWCAP bits execve gives, by Linux's names.
 */
u64 elf_hwcap(void);

static const char *const hwcap_names[] = {
	"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32",
	"atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma",
	"lrcpc", "dcpop", "sha3", "sm3", "sm4", "asimddp", "sha512", "sve",
	"asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca",
	"pacg",
};

static int cpuinfo_show(struct seq *m, struct proc_inode *pi)
{
	u64 midr, caps = elf_hwcap(), freq = timer_freq();

	__asm__("mrs %0, midr_el1" : "=r"(midr));
	for (int i = 0; i < sched_nr_cpus(); i++) {
		seq_printf(m, "processor\t: %d\n", i);
		seq_printf(m, "BogoMIPS\t: %lu.%02lu\n", freq / 500000,
			   freq / 5000 % 100);
		seq_printf(m, "Features\t:");
		for (size_t b = 0; b < ARRAY_SIZE(hwcap_names); b++)
			if (caps & (1UL << b))
				seq_printf(m, " %s", hwcap_names[b]);
		seq_printf(m, "\nCPU implementer\t: 0x%02lx\n"
			   "CPU architecture: 8\n"
			   "CPU variant\t: 0x%lx\n"
			   "CPU part\t: 0x%03lx\n"
			   "CPU revision\t: %lu\n\n",
			   midr >> 24 & 0xff, midr >> 20 & 0xf,
			   midr >> 4 & 0xfff, midr & 0xf);
	}
	return 0;
}

/* The file systems mount(2) knows, in Linux's order. */
static int filesystems_show(struct seq *m, struct proc_inode *pi)
{
	static const char *const fs[] = { "sysfs", "tmpfs", "proc",
					  "devtmpfs", "ramfs" };

	for (size_t i = 0; i < ARRAY_SIZE(fs); i++)
		seq_printf(m, "nodev\t%s\n", fs[i]);
	return 0;
}

/* No swap: the header only, as Linux without swap. */
static int swaps_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	return 0;
}

static int hostname_show(struct seq *m, struct proc_inode *pi)
{
	struct new_utsname u;

	uts_get(&u);
	seq_printf(m, "%s\n", u.nodename);
	return 0;
}

static int domainname_show(struct seq *m, struct proc_inode *pi)
{
	struct new_utsname u;

	uts_get(&u);
	seq_printf(m, "%s\n", u.domainname);
	return 0;
}

/*
 * Writes as Linux's proc_dostring: the text up to the first newline or
 * NUL, at most 64 bytes (the rest is dropped), written at the position
 * into what is there; every byte given counts as written.
 */
static ssize_t uts_write(int which, const char *buf, size_t n, off_t *pos)
{
	struct new_utsname u;
	char *name;
	size_t len = 0, cur;

	uts_get(&u);
	name = which ? u.domainname : u.nodename;
	cur = strnlen(name, UTS_LEN);
	if ((u64)*pos > cur) {
		*pos += n;
		return n;
	}
	while (len < n && buf[len] && buf[len] != '\n')
		len++;
	len = MIN(len, UTS_LEN - (size_t)*pos);
	memcpy(name + *pos, buf, len);
	uts_set(which, name, *pos + len);
	*pos += n;
	return n;
}

static ssize_t hostname_write(struct proc_inode *pi, const char *buf,
			      size_t n, off_t *pos)
{
	return uts_write(0, buf, n, pos);
}

static ssize_t domainname_write(struct proc_inode *pi, const char *buf,
				size_t n, off_t *pos)
{
	return uts_write(1, buf, n, pos);
}

static int ostype_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "Linux\n");
	return 0;
}

static int osrelease_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, UTS_RELEASE "\n");
	return 0;
}

static int kversion_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, UTS_VERSION "\n");
	return 0;
}

static int pid_max_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "%d\n", PID_MAX);
	return 0;
}

/*
 * Parses up to nvals integers into vals as Linux's proc_do*intvec_minmax:
 * separated by blanks, each within min..max, all or none taken. Returns
 * the bytes used (the rest is not), or -EINVAL; *got counts the values.
 */
static ssize_t parse_ints(const char *buf, size_t n, long *vals, int nvals,
			  long min, long max, int *got)
{
	size_t i = 0;
	long tmp[4];
	int k;

	for (k = 0; k < nvals && k < 4; k++) {
		bool neg = false;
		unsigned long v = 0;
		size_t start;

		while (i < n && (buf[i] == ' ' || buf[i] == '\t' ||
				 buf[i] == '\n'))
			i++;
		if (i == n || !buf[i])
			break;
		if (buf[i] == '-') {
			neg = true;
			i++;
		}
		start = i;
		while (i < n && buf[i] >= '0' && buf[i] <= '9' &&
		       v <= 0xffffffffUL)
			v = v * 10 + (buf[i++] - '0');
		if (i == start || (i < n && buf[i] && buf[i] != ' ' &&
				   buf[i] != '\t' && buf[i] != '\n'))
			return -EINVAL;
		tmp[k] = neg ? -(long)v : (long)v;
		if (tmp[k] < min || tmp[k] > max)
			return -EINVAL;
	}
	if (!k)
		return -EINVAL;
	while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	memcpy(vals, tmp, k * sizeof(long));
	*got = k;
	return i;
}

/* net.ipv4.ping_group_range: two group IDs, shown tab-separated. */
static int ping_group_range_show(struct seq *m, struct proc_inode *pi)
{
	u32 lo, hi;

	inet_ping_group_range(&lo, &hi);
	seq_printf(m, "%u\t%u\n", lo, hi);
	return 0;
}

/* Linux ignores writes past the start of a sysctl holding numbers. */
static ssize_t ping_group_range_write(struct proc_inode *pi, const char *buf,
				      size_t n, off_t *pos)
{
	u32 lo, hi;
	long v[2];
	int got;
	ssize_t r;

	if (*pos) {
		*pos += n;
		return n;
	}
	inet_ping_group_range(&lo, &hi);
	v[0] = lo;
	v[1] = hi;
	/* Any valid group ID: (gid_t)-1 is not one. */
	r = parse_ints(buf, n, v, 2, 0, 0xfffffffeL, &got);
	if (r < 0)
		return r;
	inet_set_ping_group_range(v[0], v[1]);
	*pos += r;
	return r;
}

/* net.ipv4.ip_unprivileged_port_start: one port number. */
static int unpriv_port_start_show(struct seq *m, struct proc_inode *pi)
{
	seq_printf(m, "%d\n", inet_unpriv_port_start());
	return 0;
}

static ssize_t unpriv_port_start_write(struct proc_inode *pi, const char *buf,
				       size_t n, off_t *pos)
{
	long v[1];
	int got;
	ssize_t r;
	int err;

	if (*pos) {
		*pos += n;
		return n;
	}
	r = parse_ints(buf, n, v, 1, 0, 65535, &got);
	if (r < 0)
		return r;
	err = inet_set_unpriv_port_start(v[0]);
	if (err)
		return err;
	*pos += r;
	return r;
}

static int mounts_link(struct proc_inode *pi, char *buf, size_t size)
{
	strlcpy(buf, "self/mounts", size);
	return 0;
}

static int net_link(struct proc_inode *pi, char *buf, size_t size)
{
	strlcpy(buf, "self/net", size);
	return 0;
}

#define DIR_NODE(n, where, which) \
	{ .name = n, .in = where, .dir = which, .mode = S_IFDIR | 0555 }
#define FILE_NODE(n, where, fn) \
	{ .name = n, .in = where, .mode = S_IFREG | 0444, .show = fn }
#define LINK_NODE(n, where, fn) \
	{ .name = n, .in = where, .mode = S_IFLNK | 0777, .link = fn }

static const struct proc_node proc_root_node = DIR_NODE("", PD_ROOT, PD_ROOT);

/* Listed in this order, before the processes, as Linux lists them. */
static const struct proc_node root_nodes[] = {
	DIR_NODE("sys", PD_ROOT, PD_SYS),
	FILE_NODE("swaps", PD_ROOT, swaps_show),
	FILE_NODE("stat", PD_ROOT, stat_show),
	LINK_NODE("mounts", PD_ROOT, mounts_link),
	LINK_NODE("net", PD_ROOT, net_link),
	FILE_NODE("uptime", PD_ROOT, uptime_show),
	FILE_NODE("cmdline", PD_ROOT, cmdline_show),
	FILE_NODE("cpuinfo", PD_ROOT, cpuinfo_show),
	FILE_NODE("loadavg", PD_ROOT, loadavg_show),
	FILE_NODE("meminfo", PD_ROOT, meminfo_show),
	FILE_NODE("version", PD_ROOT, version_show),
	FILE_NODE("filesystems", PD_ROOT, filesystems_show),
	LINK_NODE("self", PD_ROOT, proc_self_link),
	LINK_NODE("thread-self", PD_ROOT, proc_thread_self_link),
	DIR_NODE("kernel", PD_SYS, PD_SYS_KERNEL),
	{ .name = "hostname", .in = PD_SYS_KERNEL, .mode = S_IFREG | 0644,
	  .show = hostname_show, .write = hostname_write },
	{ .name = "domainname", .in = PD_SYS_KERNEL, .mode = S_IFREG | 0644,
	  .show = domainname_show, .write = domainname_write },
	FILE_NODE("ostype", PD_SYS_KERNEL, ostype_show),
	FILE_NODE("osrelease", PD_SYS_KERNEL, osrelease_show),
	FILE_NODE("version", PD_SYS_KERNEL, kversion_show),
	{ .name = "pid_max", .in = PD_SYS_KERNEL, .mode = S_IFREG | 0644,
	  .show = pid_max_show },
	DIR_NODE("net", PD_SYS, PD_SYS_NET),
	DIR_NODE("ipv4", PD_SYS_NET, PD_SYS_NET_IPV4),
	{ .name = "ping_group_range", .in = PD_SYS_NET_IPV4,
	  .mode = S_IFREG | 0644, .show = ping_group_range_show,
	  .write = ping_group_range_write },
	{ .name = "ip_unprivileged_port_start", .in = PD_SYS_NET_IPV4,
	  .mode = S_IFREG | 0644, .show = unpriv_port_start_show,
	  .write = unpriv_port_start_write },
	/* /proc/<pid>/net: one network namespace, the same for all. */
	FILE_NODE("dev", PD_NET, proc_net_dev_show),
	FILE_NODE("route", PD_NET, proc_net_route_show),
	FILE_NODE("tcp", PD_NET, proc_net_tcp_show),
	FILE_NODE("udp", PD_NET, proc_net_udp_show),
	FILE_NODE("tcp6", PD_NET, proc_net_tcp6_show),
	FILE_NODE("udp6", PD_NET, proc_net_udp6_show),
	FILE_NODE("unix", PD_NET, proc_net_unix_show),
};

/* ----------------------------------------------------- inodes and lookup */

static bool in_table(const struct proc_node *n, const struct proc_node *t,
		     size_t count)
{
	return n >= t && n < t + count;
}

u64 proc_node_ino(const struct proc_node *n, const struct proc_ctx *c)
{
	u64 base = (u64)c->pid << 32 | (u64)c->tid << 8;

	if (n == &proc_root_node)
		return PROC_ROOT_INO;
	if (in_table(n, root_nodes, ARRAY_SIZE(root_nodes)))
		return PROC_STATIC_INO + (n - root_nodes);
	if (n == &proc_fd_link_node)
		return (u64)c->pid << 32 | 1UL << 31 | (u32)c->fd;
	if (in_table(n, proc_pid_nodes, proc_pid_nnodes))
		return base | (n - proc_pid_nodes + 1);
	return base; /* the pid and tid directories */
}

struct inode *proc_make_inode(const struct proc_node *n,
			      const struct proc_ctx *ctx)
{
	struct proc_inode *pi = kmalloc(sizeof(*pi));
	struct inode *ino;

	if (!pi)
		return ERR_PTR(-ENOMEM);
	ino = &pi->vfs;
	pi->node = n;
	pi->ctx = *ctx;
	ino->refcount = 1;
	ino->ino = proc_node_ino(n, ctx);
	ino->mode = n->mode;
	ino->nlink = S_ISDIR(n->mode) ? 2 : 1;
	ktime_get_real(&ino->mtime);
	ino->atime = ino->ctime = ino->mtime;
	mutex_init(&ino->lock, "procfs_inode");
	ino->iops = &proc_iops;
	if (S_ISDIR(n->mode))
		ino->fops = &proc_dir_fops;
	else if (S_ISREG(n->mode))
		ino->fops = n->flags & PN_MOUNTS_POLL ? &proc_mounts_fops
						      : &proc_file_fops;
	if (S_ISLNK(n->mode)) {
		/* A target that cannot be made is empty: following it fails. */
		char *buf = kmalloc(PATH_MAX);

		if (buf) {
			if (n->link(pi, buf, PATH_MAX))
				buf[0] = 0;
			pi->link = kstrdup(buf);
			kfree(buf);
		}
		if (!pi->link) {
			kfree(pi);
			return ERR_PTR(-ENOMEM);
		}
		/* Linux's proc_symlink links have their target's length. */
		if (n->link == mounts_link || n->link == net_link)
			ino->size = strlen(pi->link);
	}
	return ino;
}

/* A fresh root each time: every mount of proc shows the same tree. */
struct inode *procfs_mount(void)
{
	struct proc_ctx none = { 0 };

	return proc_make_inode(&proc_root_node, &none);
}

/* The directories per-process state lives under. */
static bool dir_is_per_process(enum proc_dir d)
{
	return d == PD_PID || d == PD_FD || d == PD_TASK || d == PD_TID ||
	       d == PD_NET;
}

/* The node and context of dir's parent directory. */
static const struct proc_node *parent_of(struct proc_inode *dir,
					 struct proc_ctx *ctx)
{
	enum proc_dir d = dir->node->dir, up;

	*ctx = dir->ctx;
	ctx->fd = 0;
	switch (d) {
	case PD_SYS_KERNEL:
	case PD_SYS_NET:
		up = PD_SYS;
		break;
	case PD_SYS_NET_IPV4:
		up = PD_SYS_NET;
		break;
	case PD_FD:
	case PD_NET:
		up = ctx->tid ? PD_TID : PD_PID;
		break;
	case PD_TID:
		up = PD_TASK;
		break;
	case PD_TASK:
		up = PD_PID;
		break;
	default:
		up = PD_ROOT;
		break;
	}
	if (up == PD_PID || up == PD_TASK)
		ctx->tid = 0;
	if (up == PD_ROOT || up == PD_SYS)
		*ctx = (struct proc_ctx){ 0 };
	if (up == PD_ROOT)
		return &proc_root_node;
	if (up == PD_PID)
		return &proc_pid_dir_node;
	if (up == PD_TID)
		return &proc_tid_dir_node;
	for (size_t i = 0; i < ARRAY_SIZE(root_nodes); i++)
		if (root_nodes[i].dir == up)
			return &root_nodes[i];
	for (size_t i = 0; i < proc_pid_nnodes; i++)
		if (proc_pid_nodes[i].dir == up)
			return &proc_pid_nodes[i];
	return &proc_root_node;
}

/*
 * The fixed entries of directory d, one at a time: returns the idx-th, or
 * NULL past the last. A thread's directory lists the process's entries
 * but task.
 */
static const struct proc_node *fixed_entry(enum proc_dir d, size_t idx)
{
	const struct proc_node *t = root_nodes, *e;
	size_t count = ARRAY_SIZE(root_nodes);
	bool listed;

	if (d == PD_PID || d == PD_TID) {
		t = proc_pid_nodes;
		count = proc_pid_nnodes;
	}
	for (size_t i = 0; i < count; i++) {
		e = &t[i];
		listed = e->in == d;
		if (d == PD_TID)
			listed = e->in == PD_PID && !(e->flags & PN_TGID_ONLY);
		if (listed && !idx--)
			return e;
	}
	return NULL;
}

static struct inode *proc_lookup(struct inode *dino, const char *name,
				 size_t len)
{
	struct proc_inode *dir = PI(dino);
	enum proc_dir d = dir->node->dir;
	const struct proc_node *n;
	struct proc_ctx ctx;

	/*
	 * A process's directories check it exists before any lookup, as
	 * Linux's proc_pid_permission does (ESRCH); fd's lookup finds no
	 * task (ENOENT).
	 */
	if (dir_is_per_process(d) && !proc_ctx_alive(&dir->ctx))
		return ERR_PTR(d == PD_FD ? -ENOENT : -ESRCH);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		n = parent_of(dir, &ctx);
		return proc_make_inode(n, &ctx);
	}
	for (size_t i = 0; (n = fixed_entry(d, i)); i++) {
		if (strlen(n->name) == len && !memcmp(n->name, name, len))
			return proc_make_inode(n, &dir->ctx);
	}
	ctx = dir->ctx;
	n = proc_dyn_lookup(dir, name, len, &ctx);
	if (!n)
		return ERR_PTR(-ENOENT);
	return proc_make_inode(n, &ctx);
}

/*
 * Nothing can be made or removed in /proc. Linux's proc lookups fail for
 * a missing name rather than leave one to create, so making anything is
 * ENOENT; removing or linking over an existing name has Linux's errors.
 */
static struct inode *proc_create(struct inode *dir, const char *name,
				 size_t len, u32 mode, u32 rdev,
				 const char *link)
{
	return ERR_PTR(-ENOENT);
}

static int proc_link(struct inode *dir, const char *name, size_t len,
		     struct inode *ino)
{
	struct inode *old = proc_lookup(dir, name, len);

	if (IS_ERR(old))
		return PTR_ERR(old);
	inode_put(old);
	return -EEXIST;
}

static int proc_unlink(struct inode *dir, const char *name, size_t len,
		       bool rmdir)
{
	struct inode *ino = proc_lookup(dir, name, len);
	int err = -EPERM;

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	if (rmdir && !S_ISDIR(ino->mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(ino->mode))
		err = -EISDIR;
	inode_put(ino);
	return err;
}

static const char *proc_get_link(struct inode *ino)
{
	return PI(ino)->link;
}

/* The name child has in its directory, for the VFS's paths (getcwd). */
static int proc_get_name(struct inode *dir, struct inode *child, char *buf)
{
	const struct proc_node *n = PI(child)->node;
	const struct proc_ctx *c = &PI(child)->ctx;
	int num;

	if (n->name && n->name[0])
		return strlcpy(buf, n->name, NAME_MAX + 1);
	if (n == &proc_fd_link_node)
		num = c->fd;
	else if (n == &proc_tid_dir_node || (n == &proc_pid_dir_node && c->tid))
		num = c->tid;
	else if (n == &proc_pid_dir_node)
		num = c->pid;
	else
		return -ENOENT;
	return snprintf(buf, NAME_MAX + 1, "%d", num);
}

/* Truncation (open with O_TRUNC, as "echo x >" does) changes nothing. */
static int proc_setsize(struct inode *ino, u64 size)
{
	return 0;
}

static void proc_evict(struct inode *ino)
{
	kfree(PI(ino)->link);
	kfree(PI(ino));
}

static const struct inode_ops proc_iops = {
	.lookup = proc_lookup,
	.create = proc_create,
	.link = proc_link,
	.unlink = proc_unlink,
	.get_link = proc_get_link,
	.get_name = proc_get_name,
	.setsize = proc_setsize,
	.evict = proc_evict,
};

/* ---------------------------------------------------------- directories */

/*
 * The entry at position pos or the first after it: fills name, ino and
 * mode and returns the position of the entry after it, or 0 at the end.
 * Positions: 0 ".", 1 "..", 2... the fixed entries, PROC_DYN_POS + n the
 * numbered entry n, so that a process that exits between two calls never
 * makes the next one skip or repeat a name.
 */
static s64 dir_entry(struct file *f, s64 pos, char *name, u64 *ino,
		     u32 *mode)
{
	struct proc_inode *dir = PI(f->inode);
	const struct proc_node *n;
	struct proc_ctx ctx;
	long key;

	if (pos == 0) {
		strlcpy(name, ".", NAME_MAX + 1);
		*ino = dir->vfs.ino;
		*mode = S_IFDIR;
		return 1;
	}
	if (pos == 1) {
		n = parent_of(dir, &ctx);
		strlcpy(name, "..", NAME_MAX + 1);
		*ino = proc_node_ino(n, &ctx);
		*mode = S_IFDIR;
		return 2;
	}
	if (pos < PROC_DYN_POS) {
		n = fixed_entry(dir->node->dir, pos - 2);
		if (n) {
			strlcpy(name, n->name, NAME_MAX + 1);
			*ino = proc_node_ino(n, &dir->ctx);
			*mode = n->mode;
			return pos + 1;
		}
		pos = PROC_DYN_POS;
	}
	key = proc_dyn_next(dir, pos - PROC_DYN_POS, name, &n, &ctx);
	if (key < 0)
		return 0;
	*ino = proc_node_ino(n, &ctx);
	*mode = n->mode;
	return PROC_DYN_POS + key + 1;
}

/* The caller holds f->pos_lock. */
static long proc_getdents64(struct file *f, void *ubuf, size_t n)
{
	struct proc_inode *dir = PI(f->inode);

	if (dir_is_per_process(dir->node->dir) && !proc_ctx_alive(&dir->ctx))
		return -ENOENT;
	return vfs_getdents64(f, ubuf, n, dir_entry);
}

/*
 * As generic_file_llseek on an inode of size 0, which is what Linux's
 * proc directories and its cmdline and environ files use.
 */
static off_t size0_llseek(struct file *f, off_t off, int whence)
{
	switch (whence) {
	case SEEK_SET:
	case SEEK_END:
		break;
	case SEEK_CUR:
		if (__builtin_add_overflow(off, f->pos, &off))
			return -EINVAL;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		return -ENXIO;
	default:
		return -EINVAL;
	}
	if (off < 0)
		return -EINVAL;
	f->pos = off;
	return off;
}

static const struct file_ops proc_dir_fops = {
	.read = vfs_dir_read,
	.llseek = size0_llseek,
	.getdents64 = proc_getdents64,
};

/* ------------------------------------------------------------ the files */

/*
 * The text an open file reads from. Lock: lock protects buf and len;
 * poll_event is read and written atomically.
 */
struct proc_file {
	struct mutex lock;
	char *buf;         /* NULL until the first read */
	size_t len;
	u64 poll_event;    /* mount table changes seen (/proc/mounts) */
};

/* Made at the first read; two racing readers keep the first one made. */
static struct proc_file *proc_file_of(struct file *f)
{
	struct proc_file *pf = READ_ONCE(f->private), *expected = NULL;

	if (pf)
		return pf;
	pf = kmalloc(sizeof(*pf));
	if (!pf)
		return NULL;
	mutex_init(&pf->lock, "procfs_file");
	pf->buf = NULL;
	pf->len = 0;
	pf->poll_event = 0;
	if (!__atomic_compare_exchange_n(&f->private, &expected, pf, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(pf);
		pf = expected;
	}
	return pf;
}

static ssize_t proc_file_read(struct file *f, char *ubuf, size_t n,
			      off_t *pos)
{
	struct proc_inode *pi = PI(f->inode);
	struct proc_file *pf;
	size_t chunk;
	ssize_t r;
	char *buf;

	if (pi->node->read)
		return pi->node->read(pi, ubuf, n, pos);
	pf = proc_file_of(f);
	if (!pf)
		return -ENOMEM;
	mutex_lock(&pf->lock);
	if (*pos == 0 || !pf->buf) {
		r = seq_generate(pi, &buf, &chunk);
		if (r) {
			mutex_unlock(&pf->lock);
			return r;
		}
		kfree(pf->buf);
		pf->buf = buf;
		pf->len = chunk;
	}
	r = 0;
	if ((u64)*pos < pf->len) {
		chunk = MIN(n, pf->len - *pos);
		if (copy_to_user(ubuf, pf->buf + *pos, chunk)) {
			r = -EFAULT;
		} else {
			*pos += chunk;
			r = chunk;
		}
	}
	mutex_unlock(&pf->lock);
	return r;
}

/*
 * Writes go to the node's handler, a page at most, as Linux's sysctl
 * writes. Linux's proc files without a handler refuse them: the ones of
 * a process have no write op at all (EINVAL), the others say EIO.
 */
static ssize_t proc_file_write(struct file *f, const char *ubuf, size_t n,
			       off_t *pos)
{
	const struct proc_node *node = PI(f->inode)->node;
	ssize_t r;
	char *buf;

	if (!node->write)
		return node->in == PD_PID ? -EINVAL : -EIO;
	if (*pos < 0)
		return -EINVAL;
	n = MIN(n, PAGE_SIZE - 1);
	buf = kmalloc(n + 1);
	if (!buf)
		return -ENOMEM;
	r = copy_from_user(buf, ubuf, n) ? -EFAULT :
					   node->write(PI(f->inode), buf, n, pos);
	kfree(buf);
	return r;
}

/*
 * Generated text seeks as seq_lseek: only SEEK_SET and SEEK_CUR, never
 * before the start. Files read straight from a process are size 0.
 */
static off_t proc_file_llseek(struct file *f, off_t off, int whence)
{
	if (PI(f->inode)->node->read)
		return size0_llseek(f, off, whence);
	return no_seek_end_llseek(f, off, whence);
}

static void proc_file_release(struct file *f)
{
	struct proc_file *pf = f->private;

	if (pf) {
		kfree(pf->buf);
		kfree(pf);
	}
}

static const struct file_ops proc_file_fops = {
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
	.release = proc_file_release,
};

/* /proc/<pid>/mounts remembers the mount table it was opened with. */
static int proc_mounts_open(struct file *f, u32 flags)
{
	struct proc_file *pf = proc_file_of(f);

	(void)flags;
	if (!pf)
		return -ENOMEM;
	__atomic_store_n(&pf->poll_event, mount_event_get(), __ATOMIC_RELAXED);
	return 0;
}

/*
 * Linux's mounts_poll: always readable, and POLLERR | POLLPRI once for
 * each change of the table since the open or the last poll that saw one.
 */
static u32 proc_mounts_poll(struct file *f, struct poll_table *pt)
{
	struct proc_file *pf = f->private;
	u32 res = POLLIN | POLLRDNORM;
	u64 event;

	poll_wait(f, mount_event_waitq(), pt);
	event = mount_event_get();
	if (pf && __atomic_exchange_n(&pf->poll_event, event,
				      __ATOMIC_RELAXED) != event)
		res |= POLLERR | POLLPRI;
	return res;
}

static const struct file_ops proc_mounts_fops = {
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
	.poll = proc_mounts_poll,
	.release = proc_file_release,
	.open = proc_mounts_open,
};
