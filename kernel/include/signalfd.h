/* signalfd (kernel/signalfd.c). */
#ifndef AKUMA_SIGNALFD_H
#define AKUMA_SIGNALFD_H

#include "types.h"

struct file;

/* A new signalfd reading the signals of mask; flags are SFD_*. */
struct file *signalfd_create(u64 mask, u32 flags);
/* Whether f is a signalfd. */
bool is_signalfd(struct file *f);
/* Replaces the mask of the signalfd f. */
void signalfd_set_mask(struct file *f, u64 mask);
/* A signal became pending: pollers and readers look again. */
void signalfd_notify(void);

#endif
