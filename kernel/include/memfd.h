/* memfd_create (kernel/memfd.c). */
#ifndef AKUMA_MEMFD_H
#define AKUMA_MEMFD_H

#include "types.h"

struct file;

/* memfd_create's flags (include/uapi/linux/memfd.h). */
#define MFD_CLOEXEC 0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#define MFD_HUGETLB 0x0004U
#define MFD_HUGE_SHIFT 26
#define MFD_HUGE_MASK 0x3fU
/* NAME_MAX less the "memfd:" prefix. */
#define MFD_NAME_MAX_LEN 249

/* A new memfd named "memfd:<name>"; flags are MFD_* but MFD_CLOEXEC. */
struct file *memfd_create(const char *name, u32 flags);

#endif
