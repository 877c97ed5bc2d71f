/* pidfd (kernel/pidfd.c). */
#ifndef AKUMA_PIDFD_H
#define AKUMA_PIDFD_H

#include "types.h"

struct file;

/* A pidfd for the process pid; flags is 0 or PIDFD_NONBLOCK. */
struct file *pidfd_create(int pid, u32 flags);
/* A process's last thread left: pidfd pollers look again. */
void pidfd_notify_exit(void);

#endif
