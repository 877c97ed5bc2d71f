/*
 * A static position-independent executable (ET_DYN, no interpreter) runs:
 * the kernel picks a load address, the auxiliary vector describes the
 * image where it was loaded, and musl's start code has applied the
 * relocations (a pointer initialised to another global's address is right).
 */
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include "guest.h"

extern const Elf64_Ehdr __ehdr_start;
extern char _start[];

static int target = 42;
static int *pointer = &target;
static const char *strings[] = { "relocated", "table" };
static __thread int tls_value = 7;

static void read_null(void *arg)
{
	(void)arg;
	(void)*(volatile int *)0;
}

int main(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long bias = 0;
	int i, has_interp = 0;

	CHECK_EQ(eh->e_type, ET_DYN);
	CHECK_EQ(getauxval(AT_PHDR), (unsigned long)eh + eh->e_phoff);
	CHECK_EQ(getauxval(AT_PHNUM), eh->e_phnum);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			bias = (unsigned long)eh - ph[i].p_vaddr;
		if (ph[i].p_type == PT_INTERP)
			has_interp = 1;
	}
	CHECK(!has_interp);
	/* Loaded somewhere page aligned, and not over page 0. */
	CHECK(bias != 0);
	CHECK_EQ(bias % 4096, 0);
	CHECK_EQ(getauxval(AT_ENTRY), eh->e_entry + bias);
	CHECK_EQ(getauxval(AT_ENTRY), (unsigned long)_start);
	CHECK_EQ(getauxval(AT_BASE), 0);
	CHECK_SIGNALED(run_in_child(read_null, NULL), SIGSEGV);

	/* Relocations were applied. */
	CHECK(pointer == &target);
	CHECK_EQ(*pointer, 42);
	CHECK(strcmp(strings[0], "relocated") == 0);
	CHECK(strcmp(strings[1], "table") == 0);
	CHECK_EQ(tls_value, 7);
	CHECK_EQ(printf("static_pie: loaded at 0x%lx\n", bias) > 0, 1);
	fflush(stdout);
	return check_done();
}
