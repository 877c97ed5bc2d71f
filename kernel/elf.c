/*
 * ELF checks that need no kernel state, so the host unit tests can run
 * them: is this an aarch64 executable we can load, and where do its
 * segments go.
 */
#include "elf.h"
#include "abi/linux/errno.h"

int elf_check_header(const struct elf64_ehdr *eh, size_t file_size)
{
	static const u8 magic[7] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	for (int i = 0; i < 7; i++) {
		if (eh->e_ident[i] != magic[i])
			return -ENOEXEC;
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_AARCH64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum > 65536 / sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_phoff > file_size ||
	    file_size - eh->e_phoff < (u64)eh->e_phnum * sizeof(struct elf64_phdr))
		return -ENOEXEC;
	return 0;
}

int elf_check_load(const struct elf64_phdr *ph, size_t file_size)
{
	if (ph->p_filesz > ph->p_memsz)
		return -EINVAL;
	if (ph->p_offset > file_size || file_size - ph->p_offset < ph->p_filesz)
		return -EINVAL;
	/* File offset and address must agree within a page to be mapped. */
	if ((ph->p_offset ^ ph->p_vaddr) & (ELF_PAGE - 1))
		return -EINVAL;
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr ||
	    ph->p_vaddr + ph->p_memsz > ELF_USER_TOP)
		return -EINVAL;
	return 0;
}
