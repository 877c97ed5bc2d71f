/*
 * execve: collects the arguments, loads a static ELF executable (ET_EXEC or
 * static-PIE ET_DYN) or a #! script's interpreter into a fresh address
 * space, builds the initial stack, and replaces the caller's image.
 */
#include "elf.h"
#include "file.h"
#include "irq.h"
#include "ktime.h"
#include "lib.h"
#include "mm.h"
#include "proc.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"
#include "kernel/arch/aarch64/ptrace.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/signal.h"

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define ARG_MAX (2UL << 20) /* a quarter of the default 8 MiB stack */
#define ET_DYN_BASE 0x0000aaaaaaaa0000UL
#define MAX_SCRIPT_DEPTH 4
#define BINPRM_BUF 256

void fpsimd_load(struct fpsimd_state *s);
long get_random_bytes(void *buf, size_t n);
/* The absolute path /proc/<pid>/exe shows (procfs_pid.c); NULL if no memory. */
char *proc_exe_path(const char *path);

/* The argument and environment strings, held in the kernel during exec. */
struct args {
	char **v;
	int n, cap;
	int argc; /* the first argc are argv, the rest envp */
	size_t bytes;
};

static void args_free(struct args *a)
{
	for (int i = 0; i < a->n; i++)
		kfree(a->v[i]);
	kfree(a->v);
}

/* Inserts a copy of s at index at. */
static long args_insert(struct args *a, int at, const char *s)
{
	size_t len = strlen(s) + 1;

	if (len > MAX_ARG_STRLEN || a->bytes + len + sizeof(char *) > ARG_MAX)
		return -E2BIG;
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 16;
		char **v = kmalloc(cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		memcpy(v, a->v, a->n * sizeof(*v));
		kfree(a->v);
		a->v = v;
		a->cap = cap;
	}
	memmove(&a->v[at + 1], &a->v[at], (a->n - at) * sizeof(*a->v));
	a->v[at] = kstrdup(s);
	if (!a->v[at]) {
		memmove(&a->v[at], &a->v[at + 1], (a->n - at) * sizeof(*a->v));
		return -ENOMEM;
	}
	a->n++;
	a->bytes += len + sizeof(char *);
	return 0;
}

static void args_remove(struct args *a, int at)
{
	a->bytes -= strlen(a->v[at]) + 1 + sizeof(char *);
	kfree(a->v[at]);
	memmove(&a->v[at], &a->v[at + 1], (a->n - at - 1) * sizeof(*a->v));
	a->n--;
}

/* Appends a NULL-terminated vector of strings, from user or kernel memory. */
static long args_add_vector(struct args *a, const char *const *vec, bool user)
{
	char *tmp;
	long err = 0;

	if (!vec)
		return 0;
	tmp = alloc_pages(5); /* MAX_ARG_STRLEN */
	if (!tmp)
		return -ENOMEM;
	for (int i = 0;; i++) {
		const char *s;

		if (user) {
			if (copy_from_user(&s, &vec[i], sizeof(s))) {
				err = -EFAULT;
				break;
			}
			if (!s)
				break;
			err = strncpy_from_user(tmp, s, MAX_ARG_STRLEN);
			if (err == -ENAMETOOLONG)
				err = -E2BIG;
			if (err < 0)
				break;
			s = tmp;
		} else {
			s = vec[i];
			if (!s)
				break;
		}
		err = args_insert(a, a->n, s);
		if (err)
			break;
	}
	free_pages(tmp, 5);
	return err;
}

u64 elf_hwcap(void)
{
	u64 isar0, pfr0, caps = 0;

	__asm__("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	__asm__("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	if (((pfr0 >> 16) & 0xf) != 0xf)
		caps |= 1 << 0; /* FP */
	if (((pfr0 >> 20) & 0xf) != 0xf)
		caps |= 1 << 1; /* ASIMD */
	if (((isar0 >> 4) & 0xf) >= 1)
		caps |= 1 << 3; /* AES */
	if (((isar0 >> 4) & 0xf) >= 2)
		caps |= 1 << 4; /* PMULL */
	if (((isar0 >> 8) & 0xf) >= 1)
		caps |= 1 << 5; /* SHA1 */
	if (((isar0 >> 12) & 0xf) >= 1)
		caps |= 1 << 6; /* SHA2 */
	if (((isar0 >> 16) & 0xf) >= 1)
		caps |= 1 << 7; /* CRC32 */
	if (((isar0 >> 20) & 0xf) >= 2)
		caps |= 1 << 8; /* ATOMICS */
	return caps;
}

struct image {
	u64 entry;
	u64 phdr;
	u16 phnum;
};

/* Maps the PT_LOAD segments of ino into mm. */
static long load_elf(struct mm *mm, struct inode *ino,
		     const struct elf64_ehdr *eh, struct image *img)
{
	size_t phsize = (size_t)eh->e_phnum * sizeof(struct elf64_phdr);
	struct elf64_phdr *ph = kmalloc(phsize);
	u64 bias = 0, brk = 0, lo = ~0UL;
	long err;

	if (!ph)
		return -ENOMEM;
	err = vfs_read_kernel(ino, eh->e_phoff, ph, phsize);
	if (err >= 0 && (size_t)err != phsize)
		err = -ENOEXEC;
	if (err < 0)
		goto out;
	err = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP) {
			/* Dynamic executables need a loader Akuma lacks yet. */
			err = -ENOEXEC;
			goto out;
		}
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < lo)
			lo = ph[i].p_vaddr;
	}
	if (lo == ~0UL) {
		err = -ENOEXEC;
		goto out;
	}
	if (eh->e_type == ET_DYN)
		bias = ET_DYN_BASE - ALIGN_DOWN(lo, PAGE_SIZE);
	img->phdr = 0;
	mutex_lock(&mm->lock);
	for (int i = 0; i < eh->e_phnum && !err; i++) {
		struct elf64_phdr *p = &ph[i];
		u64 start, end, fend;
		u32 prot = 0;

		if (p->p_type == PT_PHDR)
			img->phdr = p->p_vaddr + bias;
		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		err = elf_check_load(p, ino->size);
		if (err)
			break;
		if (p->p_flags & PF_R)
			prot |= PROT_READ;
		if (p->p_flags & PF_W)
			prot |= PROT_WRITE;
		if (p->p_flags & PF_X)
			prot |= PROT_EXEC;
		start = ALIGN_DOWN(p->p_vaddr + bias, PAGE_SIZE);
		end = ALIGN_UP(p->p_vaddr + bias + p->p_memsz, PAGE_SIZE);
		fend = p->p_vaddr + bias + p->p_filesz;
		err = vma_map(mm, start, end - start, prot, 0,
			      p->p_filesz ? ino : NULL,
			      ALIGN_DOWN(p->p_offset, PAGE_SIZE), fend);
		if (!img->phdr && p->p_offset <= eh->e_phoff &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			img->phdr = p->p_vaddr + bias + eh->e_phoff - p->p_offset;
		if (end > brk)
			brk = end;
	}
	mm->brk_start = mm->brk = brk;
	mutex_unlock(&mm->lock);
	img->entry = eh->e_entry + bias;
	img->phnum = eh->e_phnum;
out:
	kfree(ph);
	return err;
}

/* Writes strings, auxv, envp, argv and argc below the stack top. */
static long build_stack(struct mm *mm, struct args *a, const char *execfn,
			struct image *img, u64 *sp_out)
{
	u64 p = mm->stack_top - sizeof(u64);
	int envc = a->n - a->argc;
	u64 *ptrs, execfn_at, random_at, sp;
	size_t nwords;
	u8 rnd[16];
	long err = 0;
	int w = 0;

	ptrs = kmalloc((a->n + 1) * sizeof(u64));
	if (!ptrs)
		return -ENOMEM;
	p -= strlen(execfn) + 1;
	execfn_at = p;
	err |= mm_write(mm, p, execfn, strlen(execfn) + 1);
	for (int i = a->n - 1; i >= 0; i--) {
		size_t len = strlen(a->v[i]) + 1;

		p -= len;
		ptrs[i] = p;
		err |= mm_write(mm, p, a->v[i], len);
	}
	/* Where the strings are, for /proc/<pid>/cmdline and environ. */
	mm->arg_start = a->n ? ptrs[0] : execfn_at;
	mm->arg_end = a->argc < a->n ? ptrs[a->argc] : execfn_at;
	mm->env_start = mm->arg_end;
	mm->env_end = execfn_at;
	get_random_bytes(rnd, sizeof(rnd));
	p -= sizeof(rnd);
	random_at = p;
	err |= mm_write(mm, p, rnd, sizeof(rnd));

	u64 auxv[] = {
		AT_HWCAP, elf_hwcap(), AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, 100,		 AT_PHDR, img->phdr,
		AT_PHENT, sizeof(struct elf64_phdr),
		AT_PHNUM, img->phnum,	 AT_BASE, 0,
		AT_FLAGS, 0,		 AT_ENTRY, img->entry,
		AT_UID, current_proc()->uid,	 AT_EUID, current_proc()->euid,
		AT_GID, current_proc()->gid,	 AT_EGID, current_proc()->egid,
		AT_SECURE, 0,		 AT_RANDOM, random_at,
		AT_HWCAP2, 0,		 AT_EXECFN, execfn_at,
		AT_NULL, 0,
	};
	nwords = 1 + a->argc + 1 + envc + 1 + ARRAY_SIZE(auxv);
	sp = ALIGN_DOWN(p - nwords * sizeof(u64), 16);
	{
		u64 *frame = kmalloc(nwords * sizeof(u64));

		if (!frame) {
			kfree(ptrs);
			return -ENOMEM;
		}
		frame[w++] = a->argc;
		for (int i = 0; i < a->argc; i++)
			frame[w++] = ptrs[i];
		frame[w++] = 0;
		for (int i = a->argc; i < a->n; i++)
			frame[w++] = ptrs[i];
		frame[w++] = 0;
		memcpy(&frame[w], auxv, sizeof(auxv));
		err |= mm_write(mm, sp, frame, nwords * sizeof(u64));
		kfree(frame);
	}
	kfree(ptrs);
	mm->start_stack = sp;
	*sp_out = sp;
	return err ? -EFAULT : 0;
}

/* Handles "#!interp [arg]": rewrites args and returns the interpreter. */
static long parse_script(const char *buf, size_t n, struct args *a,
			 const char *path, char *interp)
{
	char line[BINPRM_BUF];
	char *s, *arg = NULL;
	size_t len = 0;
	long err;

	while (len < n - 2 && buf[2 + len] != '\n' && len < sizeof(line) - 1) {
		line[len] = buf[2 + len];
		len++;
	}
	line[len] = 0;
	for (s = line; *s == ' ' || *s == '\t'; s++)
		;
	if (!*s)
		return -ENOEXEC;
	strlcpy(interp, s, BINPRM_BUF);
	for (s = interp; *s && *s != ' ' && *s != '\t'; s++)
		;
	if (*s) {
		*s++ = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s) {
			arg = s;
			/* Trailing blanks are not part of the argument. */
			for (char *e = arg + strlen(arg) - 1;
			     e > arg && (*e == ' ' || *e == '\t'); e--)
				*e = 0;
		}
	}
	/* argv becomes: interp [arg] path argv[1..]. */
	if (a->argc > 0) {
		args_remove(a, 0);
		a->argc--;
	}
	err = args_insert(a, 0, path);
	if (!err && arg)
		err = args_insert(a, 0, arg);
	if (!err)
		err = args_insert(a, 0, interp);
	if (!err)
		a->argc += arg ? 3 : 2;
	return err;
}

static void reset_image(struct pt_regs *regs, u64 entry, u64 sp)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;

	fdtable_close_on_exec(p->files);
	posix_timers_exec(p); /* interval timers survive execve */
	spin_lock(&proc_lock);
	/* Caught signals revert to default; ignored ones stay ignored. */
	for (int i = 0; i < NSIG; i++) {
		if (p->sigaction[i].handler != SIG_IGN)
			memset(&p->sigaction[i], 0, sizeof(p->sigaction[i]));
	}
	spin_unlock(&proc_lock);
	t->robust_list = t->robust_len = 0;
	t->tpidr_el0 = 0;
	__asm__ volatile("msr tpidr_el0, xzr");
	memset(&t->fpsimd, 0, sizeof(t->fpsimd));
	fpsimd_load(&t->fpsimd);
	memset(regs, 0, sizeof(*regs));
	regs->pc = entry;
	regs->sp = sp;
	regs->pstate = 0; /* EL0t, interrupts enabled */
}

static long exec_args(const char *path, struct args *a)
{
	char *interp = NULL, *cur = kstrdup(path);
	long err = -ENOMEM;

	if (!cur)
		goto out;
	for (int depth = 0;; depth++) {
		struct inode *ino = vfs_lookup_exec(cur);
		char buf[BINPRM_BUF];
		struct mm *mm, *old;
		struct image img;
		u64 sp;

		if (IS_ERR(ino)) {
			err = PTR_ERR(ino);
			goto out;
		}
		err = -EACCES;
		if (!S_ISREG(ino->mode) || !(ino->mode & 0111)) {
			inode_put(ino);
			goto out;
		}
		memset(buf, 0, sizeof(buf));
		err = vfs_read_kernel(ino, 0, buf, sizeof(buf));
		if (err < 0) {
			inode_put(ino);
			goto out;
		}
		if (err >= 2 && buf[0] == '#' && buf[1] == '!') {
			size_t n = err;

			inode_put(ino);
			err = -ELOOP;
			if (depth >= MAX_SCRIPT_DEPTH)
				goto out;
			if (!interp)
				interp = kmalloc(BINPRM_BUF);
			err = -ENOMEM;
			if (!interp)
				goto out;
			err = parse_script(buf, n, a, cur, interp);
			if (err)
				goto out;
			kfree(cur);
			cur = kstrdup(interp);
			err = -ENOMEM;
			if (!cur)
				goto out;
			continue;
		}
		err = (size_t)err < sizeof(struct elf64_ehdr) ?
			      -ENOEXEC :
			      elf_check_header((struct elf64_ehdr *)buf,
					       ino->size);
		mm = err ? NULL : mm_create();
		if (!err && !mm)
			err = -ENOMEM;
		if (!err)
			err = load_elf(mm, ino, (struct elf64_ehdr *)buf, &img);
		inode_put(ino);
		if (!err) {
			mutex_lock(&mm->lock);
			err = vma_map(mm, mm->stack_top - (8UL << 20),
				      8UL << 20, PROT_READ | PROT_WRITE,
				      VMA_STACK, NULL, 0, 0);
			mm->sigpage = err ? 0 : map_sigpage(mm);
			if (!err && !mm->sigpage)
				err = -ENOMEM;
			mutex_unlock(&mm->lock);
		}
		if (!err)
			err = build_stack(mm, a, path, &img, &sp);
		if (!err)
			mm->exe_path = proc_exe_path(cur);
		if (err) {
			if (mm)
				mm_put(mm);
			goto out;
		}
		/* The point of no return: the old image goes. */
		err = exec_kill_other_threads();
		if (err) {
			mm_put(mm);
			goto out;
		}
		/* /proc takes references to the mm under proc_lock. */
		spin_lock(&proc_lock);
		old = current_proc()->mm;
		current_proc()->mm = mm;
		spin_unlock(&proc_lock);
		mm_switch(current_thread());
		vfork_release(current_proc());
		current_thread()->clear_child_tid = 0;
		if (old)
			mm_put(old);
		reset_image(current_thread()->regs, img.entry, sp);
		/* A script's name, not its interpreter's, as Linux's comm. */
		set_comm(current_proc(), path);
		spin_lock(&proc_lock);
		current_proc()->did_exec = true;
		spin_unlock(&proc_lock);
		err = 0;
		goto out;
	}
out:
	kfree(cur);
	kfree(interp);
	return err;
}

/* execve from a system call: every pointer is a user address. */
long do_execve(const char *upath, const char *const *uargv,
	       const char *const *uenvp)
{
	struct args a = { 0 };
	char *path = kmalloc(PATH_MAX);
	long err = -ENOMEM;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err >= 0 && !path[0])
		err = -ENOENT;
	if (err >= 0)
		err = args_add_vector(&a, uargv, true);
	/* Since Linux 5.18 an empty argv becomes { "" }. */
	if (err >= 0 && a.n == 0)
		err = args_insert(&a, 0, "");
	a.argc = a.n;
	if (err >= 0)
		err = args_add_vector(&a, uenvp, true);
	if (err >= 0)
		err = exec_args(path, &a);
	args_free(&a);
	kfree(path);
	return err;
}

/* execve for the kernel's own use (starting init). */
long kernel_execve(const char *path, const char *const *argv,
		   const char *const *envp)
{
	struct args a = { 0 };
	long err;

	err = args_add_vector(&a, argv, false);
	a.argc = a.n;
	if (!err)
		err = args_add_vector(&a, envp, false);
	if (!err)
		err = exec_args(path, &a);
	args_free(&a);
	return err;
}
