/* What the host stubs of kstubs.c let a test see and steer. */
#ifndef KSTUBS_H
#define KSTUBS_H

#include <stddef.h>

struct process;
extern struct process test_proc;
/* Any user copy touching these 4096 bytes fails with EFAULT. */
extern char *test_bad_page;
/* Everything written to the UART. */
extern char test_console[65536];
extern size_t test_console_len;
/* Counts the times the code would have gone to sleep. */
extern int test_blocked;
/* Mutexes held right now: 0 between calls. */
extern int test_mutex_depth;
size_t test_pages_in_use(void);

#endif
