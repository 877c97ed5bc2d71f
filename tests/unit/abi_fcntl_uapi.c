/*
 * The Linux side of abi_fcntl_test: the same names, from the aarch64 uapi
 * headers. Built with -nostdinc against those headers only.
 */
#include <asm/fcntl.h>
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/stat.h>

#include "abi_fcntl_names.h"

#define X(name) (long)(name),
const long uapi_fcntl_values[] = { ABI_FCNTL_NAMES(X) };
#undef X

/* Layouts the kernel side asserts too. */
_Static_assert(sizeof(struct termios) == 36, "uapi termios");
_Static_assert(PATH_MAX == 4096 && NAME_MAX == 255, "uapi limits");
_Static_assert(sizeof(struct flock) == 32, "uapi flock");
_Static_assert(sizeof(struct statx) == 256, "uapi statx");
