/*
 * The core services kernel/fs needs, on the host: memory from the C
 * library, user copies that fault on one marked page, a console that
 * records what it was sent. Pages are tracked so that page_address and
 * virt_to_page work on host addresses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kstubs.h"
#include "irq.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/stat.h"

struct thread test_thread;
u64 kimage_voffset;
struct process test_proc;
char *test_bad_page;
char test_console[65536];
size_t test_console_len;
int test_blocked;
int test_mutex_depth;

/* Every page handed out, to map an address back to its struct page. */
#define MAX_PAGES 65536
static struct {
	void *va;
	struct page pg;
} pages[MAX_PAGES];
static size_t npages;

void *kmalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void kfree(const void *p)
{
	free((void *)p);
}

char *kstrdup(const char *s)
{
	return strdup(s);
}

void *alloc_pages(unsigned int order)
{
	void *va;

	if (order || npages == MAX_PAGES)
		abort();
	va = aligned_alloc(4096, 4096);
	memset(va, 0, 4096);
	pages[npages].va = va;
	pages[npages].pg.refcount = 1;
	npages++;
	return va;
}

void free_pages(void *va, unsigned int order)
{
	struct page *pg = virt_to_page(va);

	pg->refcount = 0;
	free(va);
	for (size_t i = 0; i < npages; i++)
		if (pages[i].va == va)
			pages[i].va = NULL;
}

phys_addr_t page_to_pa(struct page *pg)
{
	size_t i = (size_t)(((char *)pg - (char *)&pages[0].pg) /
			    sizeof(pages[0]));

	return (u64)pages[i].va - LINEAR_BASE;
}

struct page *pa_to_page(phys_addr_t pa)
{
	void *va = (void *)(pa + LINEAR_BASE);

	for (size_t i = 0; i < npages; i++)
		if (pages[i].va == va)
			return &pages[i].pg;
	abort();
}

void page_get(struct page *pg)
{
	pg->refcount++;
}

void page_put(struct page *pg)
{
	if (--pg->refcount == 0)
		free_pages(page_address(pg), 0);
}

size_t test_pages_in_use(void)
{
	size_t n = 0;

	for (size_t i = 0; i < npages; i++)
		n += pages[i].va != NULL;
	return n;
}

/* A user range is bad if it is outside user space or touches the page. */
static bool bad(const void *p, size_t n)
{
	const char *c = p;

	if (!user_range_ok((u64)p, n))
		return true;
	if (n && (u64)c < 4096)
		return true;
	return test_bad_page && n && c < test_bad_page + 4096 &&
	       c + n > test_bad_page;
}

long copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (bad(usrc, n))
		return -EFAULT;
	memcpy(dst, usrc, n);
	return 0;
}

long copy_to_user(void *udst, const void *src, size_t n)
{
	if (bad(udst, n))
		return -EFAULT;
	memcpy(udst, src, n);
	return 0;
}

long clear_user(void *udst, size_t n)
{
	if (bad(udst, n))
		return -EFAULT;
	memset(udst, 0, n);
	return 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (bad(usrc + i, 1))
			return -EFAULT;
		dst[i] = usrc[i];
		if (!dst[i])
			return i;
	}
	return -ENAMETOOLONG;
}

void uart_write(const char *s, size_t n)
{
	if (test_console_len + n > sizeof(test_console))
		abort();
	memcpy(test_console + test_console_len, s, n);
	test_console_len += n;
}

u64 timer_now(void)
{
	return 0;
}

u64 ns_to_ticks(u64 ns)
{
	return ns;
}

void ktime_get_real(struct linux_timespec *ts)
{
	ts->tv_sec = 1700000000;
	ts->tv_nsec = 5;
}

long get_random_bytes(void *buf, size_t n)
{
	memset(buf, 0x5a, n);
	return 0;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	if (!getenv("UNIT_VERBOSE"))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
}

void spin_lock(struct spinlock *l)
{
	if (l->locked++)
		panic("spinlock %s taken twice\n", l->name);
}

void spin_unlock(struct spinlock *l)
{
	l->locked--;
}

void mutex_init(struct mutex *m, const char *name)
{
	m->held = 0;
}

void mutex_lock(struct mutex *m)
{
	if (m->held++)
		panic("mutex taken twice\n");
	test_mutex_depth++;
}

void mutex_unlock(struct mutex *m)
{
	m->held--;
	test_mutex_depth--;
}

void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

void prepare_to_wait(struct waitq *wq, struct wait_entry *w, int state)
{
}

void finish_wait(struct waitq *wq, struct wait_entry *w)
{
}

void wake_up_all(struct waitq *wq)
{
}

void wake_up_one(struct waitq *wq)
{
}

void wake_up_key(struct waitq *wq, u32 key)
{
}

bool signal_pending(void)
{
	return false;
}

void test_would_block(void)
{
	test_blocked++;
}

void schedule(void)
{
	test_would_block();
}

long schedule_until(u64 deadline)
{
	test_would_block();
	return -ETIMEDOUT;
}

/* The poll layer (kernel/poll.c, eventpoll.c): nothing waits here. */
struct poll_table;
struct file;
void poll_wait(struct file *f, struct waitq *wq, struct poll_table *pt)
{
}

void eventpoll_release(struct file *f)
{
}

/* Job control (kernel/jobctl.c): no processes on the host. */
#include "tty.h"
int test_last_tty_signal;
void tty_ctl_signal(struct tty_ctl *ctl, int sig)
{
	test_last_tty_signal = sig;
}
void tty_open_ctty(struct tty_ctl *ctl)
{
}
void tty_ctl_hangup(struct tty_ctl *ctl)
{
}
/* No process has a controlling terminal: /dev/tty is ENXIO. */
struct tty_ctl *current_ctty_locked(void)
{
	return NULL;
}
long tty_check_access(struct tty_ctl *ctl, int sig)
{
	return 0;
}
long tty_ioctl_gpgrp(struct tty_ctl *ctl, unsigned long arg)
{
	return -ENOTTY;
}
long tty_ioctl_spgrp(struct tty_ctl *ctl, unsigned long arg)
{
	return -ENOTTY;
}
long tty_ioctl_sctty(struct tty_ctl *ctl, unsigned long arg)
{
	return -ENOTTY;
}
long tty_ioctl_notty(struct tty_ctl *ctl, unsigned long arg)
{
	return -ENOTTY;
}
long tty_ioctl_gsid(struct tty_ctl *ctl, unsigned long arg)
{
	return -ENOTTY;
}

/* The process layer's lock and list, and the memory counts (kernel/fs). */
struct spinlock proc_lock;
LIST_HEAD(all_procs);

unsigned long total_page_count(void)
{
	return 1024;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/*
 * sendfile maps a buffer in the caller's memory: on the host, user memory
 * is the host's, so the "mapping" is an allocation of its own.
 */
#include "vm.h"
u64 vma_find_gap(struct mm *mm, u64 len)
{
	return (u64)aligned_alloc(4096, len);
}

int vma_map(struct mm *mm, u64 addr, u64 len, u32 prot, u32 flags,
	    struct inode *file, u64 file_off, u64 file_end)
{
	return 0;
}

int vma_unmap(struct mm *mm, u64 addr, u64 len)
{
	free((void *)addr);
	return 0;
}

/* FIFOs (kernel/pipe.c): the host tests open none. */
#include "poll.h"
const struct file_ops fifo_fops;
int fifo_open(struct file *f)
{
	return -ENXIO;
}

/* inotify: no watches exist on the host. */
bool inotify_active(void)
{
	return false;
}

void fsnotify_create(struct inode *dir, const char *name, size_t len,
		     struct inode *ino)
{
}

void fsnotify_delete(struct inode *dir, const char *name, size_t len,
		     struct inode *victim)
{
}

void fsnotify_link(struct inode *dir, const char *name, size_t len,
		   struct inode *ino)
{
}

void fsnotify_move(struct inode *odir, const char *oname, size_t olen,
		   struct inode *ndir, const char *nname, size_t nlen,
		   struct inode *moved, struct inode *victim)
{
}

void fsnotify_inode(struct inode *ino, u32 mask)
{
}

void fsnotify_file(struct file *f, u32 mask)
{
}

void fsnotify_open(struct file *f)
{
}

void fsnotify_close(struct file *f)
{
}

struct file *inotify_create(u32 flags)
{
	return ERR_PTR(-ENOSYS);
}

bool is_inotify(struct file *f)
{
	return false;
}

int inotify_add(struct file *f, struct inode *ino, u32 mask)
{
	return -ENOSYS;
}

int inotify_rm(struct file *f, int wd)
{
	return -ENOSYS;
}
