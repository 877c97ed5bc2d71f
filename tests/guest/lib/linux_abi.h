/*
 * The few Linux ABI constants and kernel structures the tests need that
 * musl does not expose in the kernel's own layout. musl ships no uapi
 * headers, and its struct termios and struct sigaction differ from the
 * kernel's, so the kernel versions are spelled out here.
 */
#ifndef LINUX_ABI_H
#define LINUX_ABI_H

#include <stdint.h>

/* include/uapi/linux/reboot.h */
#define LINUX_REBOOT_MAGIC1		0xfee1deadUL
#define LINUX_REBOOT_MAGIC2		672274793UL
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedcUL

/* An address in the kernel half of the address space (TTBR1). */
#define KERNEL_ADDR			0xffff000000001000UL

#define PAGE_SIZE_4K			4096UL

/* include/uapi/asm-generic/termbits.h: struct termios as the kernel copies it. */
struct kernel_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};
_Static_assert(sizeof(struct kernel_termios) == 36, "kernel termios");

/* include/uapi/asm-generic/termios.h */
struct kernel_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};
_Static_assert(sizeof(struct kernel_winsize) == 8, "kernel winsize");

/* The arm64 rt_sigaction layout (asm-generic with SA_RESTORER). */
struct kernel_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};
_Static_assert(sizeof(struct kernel_sigaction) == 32, "kernel sigaction");

#define KERNEL_SIG_DFL			0UL
#define KERNEL_SIG_IGN			1UL
#define KERNEL_SA_RESTORER		0x04000000UL
#define KERNEL_SIGSET_SIZE		8

/* include/uapi/linux/dirent.h has none; this is fs/readdir.c's layout. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

/* The arm64 struct stat, as newfstatat and fstat fill it. */
struct kernel_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused4;
	uint32_t unused5;
};
_Static_assert(sizeof(struct kernel_stat) == 128, "kernel stat");

/* arch/arm64/include/uapi/asm/hwcap.h */
#define LINUX_HWCAP_FP			(1UL << 0)
#define LINUX_HWCAP_ASIMD		(1UL << 1)

#endif
