/*
 * The ELF checks of kernel/elf.c: which headers and segments the loader
 * accepts, including headers and program headers that lie about sizes.
 */
#include <string.h>

#include "kernel/include/elf.h"
#include "abi/linux/errno.h"
#include "unit.h"

static struct elf64_ehdr good_header(void)
{
	struct elf64_ehdr eh;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, "\x7f" "ELF\x02\x01\x01", 7);
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_AARCH64;
	eh.e_version = 1;
	eh.e_entry = 0x400100;
	eh.e_phoff = 64;
	eh.e_ehsize = 64;
	eh.e_phentsize = sizeof(struct elf64_phdr);
	eh.e_phnum = 2;
	return eh;
}

static void check_headers(void)
{
	struct elf64_ehdr eh = good_header();

	CHECK_EQ(elf_check_header(&eh, 4096), 0);
	eh.e_type = ET_DYN;
	CHECK_EQ(elf_check_header(&eh, 4096), 0);

	/* Each field that must be exact, spoilt in turn. */
	eh = good_header();
	eh.e_ident[0] = 0;
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_ident[4] = 1; /* 32-bit */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_ident[5] = 2; /* big-endian */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_type = 1; /* ET_REL */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_machine = 62; /* x86-64 */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_phentsize = 32;
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 0;
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);

	/* Program headers must lie inside the file. */
	eh = good_header();
	CHECK_EQ(elf_check_header(&eh, 64 + 2 * 56), 0);
	CHECK_EQ(elf_check_header(&eh, 64 + 2 * 56 - 1), -ENOEXEC);
	eh.e_phoff = ~0ULL - 8; /* would wrap around */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
}

static void check_segments(void)
{
	struct elf64_phdr ph = {
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_X,
		.p_offset = 0x1000,
		.p_vaddr = 0x401000,
		.p_filesz = 0x800,
		.p_memsz = 0x2000,
	};
	struct elf64_phdr bad;

	CHECK_EQ(elf_check_load(&ph, 0x2000), 0);
	/* File data past the end of the file. */
	CHECK_EQ(elf_check_load(&ph, 0x17ff), -EINVAL);
	/* More file data than memory. */
	bad = ph;
	bad.p_filesz = 0x3000;
	CHECK_EQ(elf_check_load(&bad, 0x10000), -EINVAL);
	/* Offset and address disagree within the page. */
	bad = ph;
	bad.p_vaddr = 0x401010;
	CHECK_EQ(elf_check_load(&bad, 0x2000), -EINVAL);
	/* Beyond user space, or wrapping around. */
	bad = ph;
	bad.p_vaddr = (1ULL << 48) - 0x1000;
	CHECK_EQ(elf_check_load(&bad, 0x2000), -EINVAL);
	bad = ph;
	bad.p_memsz = ~0ULL - 0x400000;
	CHECK_EQ(elf_check_load(&bad, 0x2000), -EINVAL);
	bad = ph;
	bad.p_offset = ~0ULL - 0x7ff;
	CHECK_EQ(elf_check_load(&bad, 0x2000), -EINVAL);
}

int main(void)
{
	check_headers();
	check_segments();
	return unit_done("elf_test");
}
