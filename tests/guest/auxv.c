/*
 * The auxiliary vector the kernel puts after envp: the entries musl and
 * other C libraries rely on, with the values Linux gives a static binary
 * started by root. The program re-executes itself through a different
 * path to check that AT_EXECFN is the string execve was given and that
 * AT_RANDOM differs between two processes.
 */
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "guest.h"

#define REEXEC_PATH	"/tests/../tests/auxv"
#define MAX_AUXV	64

extern const Elf64_Ehdr __ehdr_start;
extern char _start[];

struct auxv_entry {
	unsigned long type;
	unsigned long val;
};

static struct auxv_entry *auxv;

/* Finds an entry; *found tells whether it was present at all. */
static unsigned long aux(unsigned long type, int *found)
{
	int i;

	for (i = 0; i < MAX_AUXV && auxv[i].type != AT_NULL; i++) {
		if (auxv[i].type == type) {
			if (found)
				*found = 1;
			return auxv[i].val;
		}
	}
	if (found)
		*found = 0;
	return 0;
}

/* Every entry the test needs must be there; a missing one is a failure. */
static unsigned long need(unsigned long type, int line)
{
	int found;
	unsigned long v = aux(type, &found);

	if (!found)
		check_fail(__FILE__, line, "auxv entry %lu missing", type);
	return v;
}

#define NEED(type) need((type), __LINE__)

static void hex16(char *out, const unsigned char *bytes)
{
	int i;

	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", bytes[i]);
}

static void check_vector_shape(void)
{
	int i, j, count;

	for (count = 0; count < MAX_AUXV; count++)
		if (auxv[count].type == AT_NULL)
			break;
	CHECK(count < MAX_AUXV);
	/* Linux never lists a type twice; a C library keeps only one anyway. */
	for (i = 0; i < count; i++)
		for (j = i + 1; j < count; j++)
			if (auxv[i].type == auxv[j].type)
				check_fail(__FILE__, __LINE__,
					   "auxv type %lu listed twice",
					   auxv[i].type);
}

static void check_image(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph;
	unsigned long phdr = NEED(AT_PHDR);
	int i, seen_phdr = 0;

	CHECK_MEM(eh->e_ident, ELFMAG, SELFMAG);
	CHECK_EQ(eh->e_type, ET_EXEC);
	CHECK_EQ(phdr, (unsigned long)eh + eh->e_phoff);
	CHECK_EQ(NEED(AT_PHENT), sizeof(Elf64_Phdr));
	CHECK_EQ(NEED(AT_PHNUM), eh->e_phnum);
	CHECK_EQ(NEED(AT_ENTRY), eh->e_entry);
	CHECK_EQ(NEED(AT_ENTRY), (unsigned long)_start);
	CHECK_EQ(NEED(AT_BASE), 0);
	CHECK_EQ(NEED(AT_FLAGS), 0);

	/* The program headers AT_PHDR points at must be this image's. */
	ph = (const Elf64_Phdr *)phdr;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR) {
			seen_phdr = 1;
			CHECK_EQ(ph[i].p_vaddr, phdr);
		}
	}
	(void)seen_phdr;
}

static void check_process(void)
{
	CHECK_EQ(NEED(AT_PAGESZ), 4096);
	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK_EQ(NEED(AT_UID), 0);
	CHECK_EQ(NEED(AT_EUID), 0);
	CHECK_EQ(NEED(AT_GID), 0);
	CHECK_EQ(NEED(AT_EGID), 0);
	CHECK_EQ(NEED(AT_SECURE), 0);
	CHECK_EQ(NEED(AT_HWCAP) & (LINUX_HWCAP_FP | LINUX_HWCAP_ASIMD),
		 LINUX_HWCAP_FP | LINUX_HWCAP_ASIMD);
}

/* Entries a kernel may leave out, but whose value is fixed when present. */
static void check_optional(void)
{
	int found;
	unsigned long v;

	v = aux(AT_CLKTCK, &found);
	if (found)
		CHECK_EQ(v, 100);
	v = aux(AT_PLATFORM, &found);
	if (found)
		CHECK_EQ(strcmp((const char *)v, "aarch64"), 0);
	v = aux(AT_SYSINFO_EHDR, &found);
	if (found)
		CHECK_MEM((const char *)v, ELFMAG, SELFMAG);
}

static const unsigned char *check_random(void)
{
	const unsigned char *r = (const unsigned char *)NEED(AT_RANDOM);
	static const unsigned char zero[16];

	CHECK(r != NULL);
	if (r)
		CHECK(memcmp(r, zero, 16) != 0);
	return r;
}

static void check_execfn(const char *want)
{
	const char *fn = (const char *)NEED(AT_EXECFN);

	CHECK(fn != NULL);
	if (fn && strcmp(fn, want) != 0)
		check_fail(__FILE__, __LINE__, "AT_EXECFN is \"%s\", want \"%s\"",
			   fn, want);
}

int main(int argc, char **argv, char **envp)
{
	char **p = envp;
	const unsigned char *rnd;
	char hex[33], other[33];
	char *child_argv[] = { "auxv", "child", hex, NULL };
	char *child_envp[] = { "AUXV=1", NULL };
	long pid;

	/* argv is NULL-terminated where argc says; envp and auxv follow it. */
	CHECK(argv[argc] == NULL);
	while (*p)
		p++;
	auxv = (struct auxv_entry *)(p + 1);

	check_vector_shape();
	check_image();
	check_process();
	check_optional();
	rnd = check_random();

	if (argc == 3 && strcmp(argv[1], "child") == 0) {
		check_execfn(REEXEC_PATH);
		if (rnd) {
			hex16(other, rnd);
			CHECK(strcmp(other, argv[2]) != 0);
		}
		return check_done();
	}

	CHECK_EQ(argc, 1);
	check_execfn("/tests/auxv");
	if (rnd)
		hex16(hex, rnd);
	else
		strcpy(hex, "none");

	pid = must_fork();
	if (pid == 0) {
		SYS(SYS_execve, REEXEC_PATH, child_argv, child_envp);
		SYS(SYS_exit_group, 99);
	}
	CHECK_EXITED(must_wait(pid), 0);
	return check_done();
}
