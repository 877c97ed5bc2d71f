/* Pure ELF validation (kernel/elf.c), shared with the host unit tests. */
#ifndef AKUMA_ELF_H
#define AKUMA_ELF_H

#include "abi/linux/elf.h"

#define ELF_PAGE 4096UL
#define ELF_USER_TOP (1UL << 48)

/* 0 or -ENOEXEC: the header of a 64-bit little-endian aarch64 executable
 * whose program headers lie inside the file. */
int elf_check_header(const struct elf64_ehdr *eh, size_t file_size);
/* 0 or -EINVAL: a PT_LOAD segment that can be mapped. */
int elf_check_load(const struct elf64_phdr *ph, size_t file_size);

#endif
