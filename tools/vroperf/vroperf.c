// SPDX-License-Identifier: GPL-2.0
/*
 * vroperf - run the kernel-compiled machine code of a vro-built module
 * (.ko) natively in user space and time it.
 *
 * Every SHF_ALLOC section is mapped below 2 GiB (so the kernel code model's
 * 32S relocations fit) in one RWX region. Relocations are resolved against
 * the mapped sections; undefined symbols go to stubs: a call to
 * __fentry__ becomes a 5-byte NOP (ftrace off), a jmp to the return thunk
 * becomes ret, a retpoline thunk __x86_indirect_thunk_<reg> becomes
 * "jmp *%reg", any other call returns 0 and any other data reference points
 * at a zeroed scratch page. The module's vro site table (.vro_module) is
 * then applied with vro's value rule, each VRO taking the default its
 * module defines (or -s NAME=VALUE). Named functions are called with
 * integer or buffer arguments and timed with rdtsc: pinned to one CPU,
 * modules interleaved round by round, median of every call, warm and with
 * the cache line of every tunable flushed before each call. The results
 * (return value and argument buffers) of all modules must be identical.
 *
 * pv sites and static calls, as the kernel leaves them: -p IMPLS binds every
 * pv site of an op that the struct vro_pv_impl array IMPLS (a symbol of the
 * module, e.g. a backend's impls) implements, as vro.ko does at module
 * COMING: a call site takes the inline template if there is one and it
 * fits, else the site calls (or jumps to) the function; other pv sites keep
 * calling their trampoline. A static_call site (.static_call_sites) whose
 * trampoline is in the module is made a direct call of the trampoline's
 * target (inline static calls, CONFIG_HAVE_STATIC_CALL_INLINE). -R makes
 * __x86_indirect_thunk_<reg> a retpoline (call/mov/ret, the generic
 * CONFIG_RETPOLINE thunk) instead of "jmp *%reg".
 *
 * usage: vroperf [-c CPU] [-n CALLS] [-r ROUNDS] [-b BATCH] [-s NAME=VAL] [--csv]
 *		 [-p IMPLS] [-R] -f SPEC MODULE.ko...
 * SPEC lines: "label|function|arg,arg,...|description"; an arg is an
 * integer or @SIZE[:w0:w1:...], a SIZE-byte buffer whose u32 words start as
 * given, restored before every call. -b BATCH times BATCH back-to-back
 * warm calls per sample (buffers restored once), to resolve differences
 * below the TSC's step; flushed samples stay single calls.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <x86intrin.h>

#include "../../include/linux/vro_abi.h"

#define MAX_MODS	8
#define MAX_ARGS	6
#define MAX_FLUSH	64
#define SCRATCH_SIZE	(1 << 16)
#define REGION_STRIDE	(64ULL << 20)	/* one module per 64 MiB */
#define REGION_BASE	0x10000000ULL

typedef uint64_t (*fn6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
			uint64_t);

struct mod {
	const char *path;
	uint8_t *file;
	size_t file_size;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	const char *shstr;
	Elf64_Sym *syms;
	unsigned int nsyms;
	const char *strtab;
	uint64_t *sec_addr;		/* where each section is mapped, 0: not */
	uint8_t *region, *cur, *end;
	uint8_t *stub_ret0, *stub_ret, *stub_jmp_reg[16], *scratch;
	void *flush[MAX_FLUSH];
	unsigned int nflush;
};

static int verbose;
static unsigned int batch = 1;	/* -b: warm calls per timed sample */
static int retpoline;		/* -R: real retpoline thunks */
static const char *pv_impls[8];	/* -p: impl arrays that bind pv sites */
static unsigned int nr_pv_impls;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("vroperf: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint8_t *alloc(struct mod *m, size_t size, size_t align)
{
	uint8_t *p;

	if (!align)
		align = 1;
	p = (uint8_t *)(((uintptr_t)m->cur + align - 1) & ~(uintptr_t)(align - 1));
	if (p + size > m->end)
		die("%s: does not fit the 64 MiB region", m->path);
	m->cur = p + size;
	return p;
}

static void load_file(struct mod *m)
{
	struct stat st;
	int fd = open(m->path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die("%s: %s", m->path, strerror(errno));
	m->file_size = st.st_size;
	m->file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->file == MAP_FAILED)
		die("%s: mmap: %s", m->path, strerror(errno));
	m->eh = (Elf64_Ehdr *)m->file;
	if (st.st_size < (off_t)sizeof(*m->eh) ||
	    memcmp(m->eh->e_ident, ELFMAG, SELFMAG) ||
	    m->eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    m->eh->e_machine != EM_X86_64 || m->eh->e_type != ET_REL)
		die("%s: not an x86-64 relocatable ELF (.ko)", m->path);
	m->sh = (Elf64_Shdr *)(m->file + m->eh->e_shoff);
	m->shstr = (const char *)m->file + m->sh[m->eh->e_shstrndx].sh_offset;
}

static const char *secname(struct mod *m, unsigned int i)
{
	return m->shstr + m->sh[i].sh_name;
}

/* "jmp *%reg" */
static uint8_t *jmp_reg_stub(struct mod *m, unsigned int reg)
{
	uint8_t *start = alloc(m, 3, 16), *p = start;

	if (reg >= 8)
		*p++ = 0x41;
	p[0] = 0xff;
	p[1] = 0xe0 | (reg & 7);
	return start;
}

/*
 * The generic retpoline, as CONFIG_RETPOLINE's __x86_indirect_thunk_<reg>:
 *	call 1f; 2: pause; lfence; jmp 2b; 1: mov %reg,(%rsp); ret
 */
static uint8_t *retpoline_stub(struct mod *m, unsigned int reg)
{
	static const uint8_t head[] = {
		0xe8, 0x07, 0x00, 0x00, 0x00,	/* call 1f */
		0xf3, 0x90,			/* 2: pause */
		0x0f, 0xae, 0xe8,		/* lfence */
		0xeb, 0xf9,			/* jmp 2b */
	};
	uint8_t *start = alloc(m, 32, 32), *p = start;

	memcpy(p, head, sizeof(head));
	p += sizeof(head);
	*p++ = reg >= 8 ? 0x4c : 0x48;		/* 1: mov %reg,(%rsp) */
	*p++ = 0x89;
	*p++ = 0x04 | (reg & 7) << 3;
	*p++ = 0x24;
	*p = 0xc3;				/* ret */
	return start;
}

/* Map every SHF_ALLOC section and build the stubs. */
static void map_sections(struct mod *m, unsigned int idx)
{
	static const uint8_t ret0[] = { 0x31, 0xc0, 0xc3 };	/* xor eax; ret */
	unsigned int i, n = m->eh->e_shnum;

	m->region = mmap((void *)(REGION_BASE + idx * REGION_STRIDE),
			 REGION_STRIDE, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
	if (m->region == MAP_FAILED)
		die("mmap of the region below 2 GiB: %s", strerror(errno));
	m->cur = m->region;
	m->end = m->region + REGION_STRIDE;
	m->sec_addr = calloc(n, sizeof(*m->sec_addr));
	for (i = 1; i < n; i++) {
		Elf64_Shdr *s = &m->sh[i];
		uint8_t *p;

		if (s->sh_type == SHT_SYMTAB) {
			m->syms = (Elf64_Sym *)(m->file + s->sh_offset);
			m->nsyms = s->sh_size / sizeof(Elf64_Sym);
			m->strtab = (const char *)m->file +
				    m->sh[s->sh_link].sh_offset;
		}
		if (!(s->sh_flags & SHF_ALLOC) || !s->sh_size)
			continue;
		p = alloc(m, s->sh_size, s->sh_addralign);
		if (s->sh_type != SHT_NOBITS)
			memcpy(p, m->file + s->sh_offset, s->sh_size);
		m->sec_addr[i] = (uint64_t)p;
	}
	if (!m->syms)
		die("%s: no symbol table", m->path);
	m->stub_ret0 = alloc(m, sizeof(ret0), 16);
	memcpy(m->stub_ret0, ret0, sizeof(ret0));
	m->stub_ret = alloc(m, 1, 16);
	*m->stub_ret = 0xc3;
	for (i = 0; i < 16; i++)
		m->stub_jmp_reg[i] = retpoline ? retpoline_stub(m, i)
					       : jmp_reg_stub(m, i);
	m->scratch = alloc(m, SCRATCH_SIZE, 4096);
}

static const char *const regs[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/*
 * The address an undefined symbol resolves to, or 0 when the relocated
 * instruction was rewritten instead (*done set).
 */
static uint64_t undefined_target(struct mod *m, const char *name,
				 uint8_t *field, int *done)
{
	uint8_t op = field[-1];
	unsigned int i;

	*done = 0;
	if (!strcmp(name, "__fentry__") && op == 0xe8) {
		static const uint8_t nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

		memcpy(field - 1, nop5, 5);
		*done = 1;
		return 0;
	}
	if (!strcmp(name, "__x86_return_thunk")) {
		if (op == 0xe9) {	/* jmp thunk -> ret; int3 x4 */
			memcpy(field - 1, "\xc3\xcc\xcc\xcc\xcc", 5);
			*done = 1;
			return 0;
		}
		return (uint64_t)m->stub_ret;
	}
	if (!strncmp(name, "__x86_indirect_thunk_", 21)) {
		for (i = 0; i < 16; i++)
			if (!strcmp(name + 21, regs[i]))
				return (uint64_t)m->stub_jmp_reg[i];
		die("%s: unknown retpoline thunk %s", m->path, name);
	}
	if (op == 0xe8 || op == 0xe9)
		return (uint64_t)m->stub_ret0;
	return (uint64_t)m->scratch;
}

static uint64_t sym_addr(struct mod *m, const Elf64_Sym *s)
{
	if (s->st_shndx == SHN_ABS)
		return s->st_value;
	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= m->eh->e_shnum)
		return 0;
	return m->sec_addr[s->st_shndx] + s->st_value;
}

static void apply_relocs(struct mod *m)
{
	unsigned int i, j;

	for (i = 1; i < m->eh->e_shnum; i++) {
		Elf64_Shdr *rs = &m->sh[i];
		Elf64_Rela *r;
		uint8_t *base;

		if (rs->sh_type != SHT_RELA || !m->sec_addr[rs->sh_info])
			continue;
		base = (uint8_t *)m->sec_addr[rs->sh_info];
		r = (Elf64_Rela *)(m->file + rs->sh_offset);
		for (j = 0; j < rs->sh_size / sizeof(*r); j++, r++) {
			const Elf64_Sym *s = &m->syms[ELF64_R_SYM(r->r_info)];
			const char *name = m->strtab + s->st_name;
			uint8_t *field = base + r->r_offset;
			uint64_t S = sym_addr(m, s), v;
			unsigned int type = ELF64_R_TYPE(r->r_info);
			int done = 0;

			if (type == R_X86_64_NONE)
				continue;
			if (s->st_shndx == SHN_UNDEF && ELF64_R_SYM(r->r_info)) {
				if (!strncmp(name, VRO_VALUE_PREFIX, 6))
					die("%s: %s still has a relocation: run vrolink first",
					    m->path, name);
				S = undefined_target(m, name, field, &done);
				if (done)
					continue;
			}
			v = S + r->r_addend;
			switch (type) {
			case R_X86_64_64:
				memcpy(field, &v, 8);
				break;
			case R_X86_64_PC32:
			case R_X86_64_PLT32:
				v -= (uint64_t)field;
				if ((int64_t)v != (int32_t)v)
					die("%s: %s+%#lx: PC32 out of range", m->path,
					    secname(m, rs->sh_info), r->r_offset);
				memcpy(field, &v, 4);
				break;
			case R_X86_64_32:
			case R_X86_64_32S:
				memcpy(field, &v, 4);
				break;
			case R_X86_64_PC64:
				v -= (uint64_t)field;
				memcpy(field, &v, 8);
				break;
			default:
				die("%s: relocation type %u in %s not handled",
				    m->path, type, secname(m, rs->sh_info));
			}
		}
	}
}

static const Elf64_Sym *find_sym(struct mod *m, const char *name)
{
	unsigned int i;

	for (i = 1; i < m->nsyms; i++)
		if (m->syms[i].st_shndx != SHN_UNDEF &&
		    !strcmp(m->strtab + m->syms[i].st_name, name))
			return &m->syms[i];
	return NULL;
}

struct setting {
	const char *name;
	uint64_t value;
};

static struct setting settings[32];
static unsigned int nsettings;

/* The value of VRO @name (without "__vro_"): -s, else its vro_var default. */
static int vro_value(struct mod *m, const char *name, uint64_t *val,
		     unsigned int *size)
{
	char sym[256];
	const Elf64_Sym *s;
	const uint8_t *var;
	unsigned int i;

	snprintf(sym, sizeof(sym), "vro_var_%s", name);
	s = find_sym(m, sym);
	if (!s)
		return -1;
	var = (const uint8_t *)sym_addr(m, s);	/* struct vro_var, mapped */
	memcpy(val, var + 16, 8);		/* .def */
	*size = var[24];			/* .size */
	for (i = 0; i < nsettings; i++)
		if (!strcmp(settings[i].name, name))
			*val = settings[i].value;
	return 0;
}

/* Write every value site with vro's value rule (DESIGN.md). */
static unsigned int apply_sites(struct mod *m)
{
	const struct vro_module_desc *d = NULL;
	const struct vro_site *site;
	const char *names;
	unsigned int i, n = 0;

	for (i = 1; i < m->eh->e_shnum; i++)
		if (!strcmp(secname(m, i), VRO_MODULE_SECTION))
			d = (const void *)m->sec_addr[i];
	if (!d)
		return 0;
	if (d->magic != VRO_ABI_MAGIC || !(d->flags & VRO_DESC_LINKED))
		die("%s: .vro_module not filled: run vrolink first", m->path);
	site = (const void *)((const uint8_t *)d + d->sites_off);
	names = (const char *)d + d->names_off;
	for (i = 0; i < d->nr_sites; i++, site++) {
		const char *name = names + site->name;
		uint8_t *field = (uint8_t *)&site->field + site->field;
		unsigned int size, width = site->type == VRO_RELOC_64 ? 8 : 4;
		unsigned int shift_max = site->kind == VRO_KIND_SHIFT64 ? 63 : 31;
		uint64_t val, v;

		if (strncmp(name, VRO_VALUE_PREFIX, 6))
			continue;	/* pv calls keep their trampoline stub */
		if (vro_value(m, name + 6, &val, &size))
			die("%s: no vro_var_%s in this module (a VRO of another module: give -s %s=VALUE)",
			    m->path, name + 6, name + 6);
		v = val + (int64_t)site->addend;
		if (size == 8 && site->type == VRO_RELOC_32S && (int64_t)v != (int32_t)v)
			die("%s: %s=%#lx does not fit a 32S site", m->path, name, val);
		if (size == 8 && site->type == VRO_RELOC_32 && v != (uint32_t)v)
			die("%s: %s=%#lx does not fit a 32 site", m->path, name, val);
		if (site->type == VRO_RELOC_8 && v > shift_max)
			die("%s: %s=%#lx is not a count of the shift at its site (0..%u)",
			    m->path, name, val, shift_max);
		if (site->type == VRO_RELOC_8)
			width = 1;
		memcpy(field, &v, width);
		n++;
	}
	return n;
}

/* struct vro_pv_impl of <linux/vro_pv.h>, as mapped (pointers relocated). */
struct pv_impl {
	const char *op;
	uint8_t *fn;
	const uint8_t *tmpl;
	uint8_t tmpl_len;
	uint8_t flags;
};

/* The kernel's NOPs of 1 to 8 bytes (<asm/nops.h>, BYTES_NOP1..8). */
static const uint8_t nops[9][8] = {
	{ 0 },
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
	{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

static void pad_nops(uint8_t *p, unsigned int len)
{
	while (len) {
		unsigned int k = len > 8 ? 8 : len;

		memcpy(p, nops[k], k);
		p += k;
		len -= k;
	}
}

/* The implementation of @op in the -p arrays, or NULL. */
static const struct pv_impl *pv_find_impl(struct mod *m, const char *op)
{
	unsigned int i, k;

	for (i = 0; i < nr_pv_impls; i++) {
		const Elf64_Sym *s = find_sym(m, pv_impls[i]);
		const struct pv_impl *impl;

		if (!s || !s->st_size || s->st_size % sizeof(*impl))
			die("%s: -p %s: no array of struct vro_pv_impl of that name",
			    m->path, pv_impls[i]);
		impl = (const struct pv_impl *)sym_addr(m, s);
		for (k = 0; k < s->st_size / sizeof(*impl); k++)
			if (!strcmp(impl[k].op, op))
				return &impl[k];
	}
	return NULL;
}

/*
 * Bind the pv sites of every op the -p arrays implement, as vro.ko does at
 * module COMING: a call site takes the template (then NOPs) if it fits,
 * else its rel32 is pointed at the function; a long site's NOPs stay.
 */
static unsigned int bind_pv_sites(struct mod *m)
{
	const struct vro_module_desc *d = NULL;
	const struct vro_site *site;
	const char *names;
	unsigned int i, n = 0;

	for (i = 1; i < m->eh->e_shnum; i++)
		if (!strcmp(secname(m, i), VRO_MODULE_SECTION))
			d = (const void *)m->sec_addr[i];
	if (!d || !nr_pv_impls)
		return 0;
	site = (const void *)((const uint8_t *)d + d->sites_off);
	names = (const char *)d + d->names_off;
	for (i = 0; i < d->nr_sites; i++, site++) {
		const char *name = names + site->name;
		uint8_t *field = (uint8_t *)&site->field + site->field;
		uint8_t *insn = field - site->insn_off;
		const struct pv_impl *impl;
		int64_t rel;

		if (strncmp(name, VRO_PV_PREFIX, 5))
			continue;
		impl = pv_find_impl(m, name + 5);
		if (!impl)
			continue;
		if (site->kind == VRO_KIND_CALL && impl->tmpl &&
		    impl->tmpl_len <= site->insn_len) {
			memcpy(insn, impl->tmpl, impl->tmpl_len);
			pad_nops(insn + impl->tmpl_len,
				 site->insn_len - impl->tmpl_len);
		} else {
			rel = impl->fn - (insn + 5);
			if (rel != (int32_t)rel)
				die("%s: %s: function out of call reach", m->path, name);
			memcpy(field, &(int32_t){ rel }, 4);
		}
		n++;
	}
	return n;
}

/*
 * Inline static calls: each .static_call_sites entry (struct
 * static_call_site: s32 addr, s32 key, both relative) is a call or jmp
 * rel32; if it reaches a trampoline of this module ("jmp func", as
 * DEFINE_STATIC_CALL() leaves it), point it at func, as
 * static_call_update() does on CONFIG_HAVE_STATIC_CALL_INLINE.
 */
static unsigned int inline_static_calls(struct mod *m)
{
	unsigned int i, k, n = 0;

	for (i = 1; i < m->eh->e_shnum; i++) {
		int32_t *e = (int32_t *)m->sec_addr[i];

		if (!e || strcmp(secname(m, i), ".static_call_sites"))
			continue;
		for (k = 0; k < m->sh[i].sh_size / 8; k++, e += 2) {
			uint8_t *insn = (uint8_t *)e + e[0], *tramp;
			int32_t rel;

			if (*insn != 0xe8 && *insn != 0xe9)
				continue;
			memcpy(&rel, insn + 1, 4);
			tramp = insn + 5 + rel;
			if (tramp < m->region || tramp >= m->cur || *tramp != 0xe9)
				continue;
			memcpy(&rel, tramp + 1, 4);
			rel = tramp + 5 + rel - (insn + 5);
			memcpy(insn + 1, &rel, 4);
			n++;
		}
	}
	return n;
}

/* Lines of every tunable: plain variables, const objects, vro_var descriptors. */
static void collect_flush(struct mod *m)
{
	unsigned int i;

	for (i = 1; i < m->nsyms && m->nflush < MAX_FLUSH; i++) {
		const char *name = m->strtab + m->syms[i].st_name;

		if (m->syms[i].st_shndx == SHN_UNDEF)
			continue;
		if (!strncmp(name, "__plain_vro_", 12) ||
		    !strncmp(name, "__const_vro_", 12) ||
		    !strncmp(name, "vro_var_", 8))
			m->flush[m->nflush++] = (void *)sym_addr(m, &m->syms[i]);
	}
}

struct arg {
	int is_buf;
	uint64_t value;
	size_t size;
	uint8_t *init;
};

struct call {
	char label[64], func[128], desc[256];
	struct arg args[MAX_ARGS];
	unsigned int nargs;
	uint64_t ret;		/* of the last result_hash() */
};

static void parse_arg(struct arg *a, char *t)
{
	char *w, *save;
	size_t k = 0;

	memset(a, 0, sizeof(*a));
	if (*t != '@') {
		a->value = strtoull(t, NULL, 0);
		return;
	}
	a->is_buf = 1;
	a->size = strtoul(t + 1, &t, 0);
	if (!a->size || a->size > 4096)
		die("buffer argument size %zu: want 1..4096", a->size);
	a->init = calloc(1, a->size);
	for (w = strtok_r(*t == ':' ? t + 1 : t, ":", &save); w;
	     w = strtok_r(NULL, ":", &save), k += 4) {
		uint32_t v = strtoul(w, NULL, 0);

		if (k + 4 > a->size)
			die("buffer argument: more words than %zu bytes", a->size);
		memcpy(a->init + k, &v, 4);
	}
}

static unsigned int parse_spec(const char *path, struct call *c, unsigned int max)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned int n = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *fld[4], *p = line, *a, *save;
		unsigned int k;

		line[strcspn(line, "\n")] = 0;
		if (!*line || *line == '#')
			continue;
		for (k = 0; k < 4; k++) {
			fld[k] = strsep(&p, "|");
			if (!fld[k])
				die("%s: '%s': want label|function|args|description",
				    path, line);
		}
		if (n == max)
			die("%s: too many lines", path);
		snprintf(c[n].label, sizeof(c[n].label), "%s", fld[0]);
		snprintf(c[n].func, sizeof(c[n].func), "%s", fld[1]);
		snprintf(c[n].desc, sizeof(c[n].desc), "%s", fld[3]);
		for (a = strtok_r(fld[2], ",", &save); a;
		     a = strtok_r(NULL, ",", &save)) {
			if (c[n].nargs == MAX_ARGS)
				die("%s: %s: more than %d arguments", path,
				    c[n].label, MAX_ARGS);
			parse_arg(&c[n].args[c[n].nargs++], a);
		}
		n++;
	}
	fclose(f);
	return n;
}

/* One call: restore buffers, optionally flush, time it. */
static uint64_t one_call(struct mod *m, fn6 fn, struct call *c,
			 uint8_t **bufs, int flush, uint64_t *ret)
{
	uint64_t a[MAX_ARGS] = { 0 }, t0, t1;
	unsigned int i, aux, b, nb = flush ? 1 : batch;

	for (i = 0; i < c->nargs; i++) {
		if (c->args[i].is_buf) {
			memcpy(bufs[i], c->args[i].init, c->args[i].size);
			a[i] = (uint64_t)bufs[i];
		} else {
			a[i] = c->args[i].value;
		}
	}
	if (flush) {
		for (i = 0; i < m->nflush; i++)
			_mm_clflush(m->flush[i]);
		_mm_mfence();
	}
	_mm_lfence();
	t0 = __rdtsc();
	_mm_lfence();
	for (b = 0; b < nb; b++)
		*ret = fn(a[0], a[1], a[2], a[3], a[4], a[5]);
	t1 = __rdtscp(&aux);
	_mm_lfence();
	return t1 - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* FNV-1a of the return value and every buffer after one call. */
static uint64_t result_hash(struct mod *m, fn6 fn, struct call *c, uint8_t **bufs)
{
	uint64_t h = 1469598103934665603ULL, ret;
	unsigned int i;
	size_t k;

	one_call(m, fn, c, bufs, 0, &ret);
	c->ret = ret;
	for (k = 0; k < 8; k++)
		h = (h ^ ((ret >> (8 * k)) & 0xff)) * 1099511628211ULL;
	for (i = 0; i < c->nargs; i++)
		for (k = 0; c->args[i].is_buf && k < c->args[i].size; k++)
			h = (h ^ bufs[i][k]) * 1099511628211ULL;
	return h;
}

/* The timer's own cost: median of calls to a function that only returns. */
static uint64_t empty_call(struct mod *m, unsigned int n)
{
	struct call c = { .nargs = 0 };
	uint64_t *v = calloc(n, 8), ret, med;
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = one_call(m, (fn6)m->stub_ret0, &c, NULL, 0, &ret);
	med = median(v, n);
	free(v);
	return med;
}

static void usage(void)
{
	fputs("usage: vroperf [-c CPU] [-n CALLS] [-r ROUNDS] [-b BATCH] [-s NAME=VALUE] [--csv] [-v]\n"
	      "               [-p IMPLS] [-R] -f SPEC MODULE.ko...\n"
	      "-p IMPLS: bind pv sites by the struct vro_pv_impl array IMPLS; -R: retpoline thunks\n"
	      "SPEC lines: label|function|arg,arg,...|description\n"
	      "  arg: an integer, or @SIZE[:u32:u32...] (a buffer, restored before each call)\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static struct mod mods[MAX_MODS];
	static struct call calls[64];
	unsigned int nmods = 0, ncalls = 0, i, j, k, r, rounds = 20, n = 2000;
	int cpu = -1, csv = 0, bad = 0;
	const char *spec = NULL;
	uint8_t *bufs[MAX_MODS][MAX_ARGS];
	cpu_set_t set;

	for (i = 1; i < (unsigned int)argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-c") && i + 1 < (unsigned int)argc)
			cpu = atoi(argv[++i]);
		else if (!strcmp(o, "-n") && i + 1 < (unsigned int)argc)
			n = atoi(argv[++i]);
		else if (!strcmp(o, "-r") && i + 1 < (unsigned int)argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(o, "-b") && i + 1 < (unsigned int)argc)
			batch = atoi(argv[++i]);
		else if (!strcmp(o, "-f") && i + 1 < (unsigned int)argc)
			spec = argv[++i];
		else if (!strcmp(o, "-s") && i + 1 < (unsigned int)argc &&
			 nsettings < 32) {
			char *eq = strchr(argv[++i], '=');

			if (!eq)
				usage();
			*eq = 0;
			settings[nsettings].name = argv[i];
			settings[nsettings++].value = strtoull(eq + 1, NULL, 0);
		} else if (!strcmp(o, "-p") && i + 1 < (unsigned int)argc &&
			   nr_pv_impls < 8)
			pv_impls[nr_pv_impls++] = argv[++i];
		else if (!strcmp(o, "-R"))
			retpoline = 1;
		else if (!strcmp(o, "--csv"))
			csv = 1;
		else if (!strcmp(o, "-v"))
			verbose = 1;
		else if (*o == '-')
			usage();
		else if (nmods < MAX_MODS)
			mods[nmods++].path = o;
		else
			die("at most %d modules", MAX_MODS);
	}
	if (!spec || !nmods || !n || !rounds || n > 1000000 || rounds > 10000 ||
	    !batch || batch > 100000)
		usage();
	ncalls = parse_spec(spec, calls, 64);
	if (cpu < 0)
		cpu = sysconf(_SC_NPROCESSORS_ONLN) - 1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("pin to CPU %d: %s", cpu, strerror(errno));
	for (i = 0; i < nmods; i++) {
		unsigned int nsites, npv, nsc;

		load_file(&mods[i]);
		map_sections(&mods[i], i);
		apply_relocs(&mods[i]);
		nsites = apply_sites(&mods[i]);
		npv = bind_pv_sites(&mods[i]);
		nsc = inline_static_calls(&mods[i]);
		collect_flush(&mods[i]);
		if (verbose)
			fprintf(stderr, "vroperf: %s: %u value sites patched, %u pv sites bound, %u static calls inlined, %u tunable lines to flush\n",
				mods[i].path, nsites, npv, nsc, mods[i].nflush);
		for (j = 0; j < MAX_ARGS; j++)
			bufs[i][j] = alloc(&mods[i], 4096, 64);
	}
	if (csv)
		printf("label,function,module,warm_ticks,flushed_ticks,agree\n");
	else
		printf("# CPU %d; median TSC ticks per call of %u x %u (interleaved rounds), timer included: an empty call costs %lu%s\n",
		       cpu, rounds, n, empty_call(&mods[0], rounds * n),
		       batch > 1 ? "; warm: per sample of -b back-to-back calls" : "");
	for (k = 0; k < ncalls; k++) {
		struct call *c = &calls[k];
		uint64_t *warm[MAX_MODS], *cold[MAX_MODS], h[MAX_MODS], ret;
		uint64_t rv[MAX_MODS];
		fn6 fn[MAX_MODS];
		int agree = 1;

		for (i = 0; i < nmods; i++) {
			const Elf64_Sym *s = find_sym(&mods[i], c->func);

			if (!s || ELF64_ST_TYPE(s->st_info) != STT_FUNC)
				die("%s: no function %s", mods[i].path, c->func);
			fn[i] = (fn6)sym_addr(&mods[i], s);
			h[i] = result_hash(&mods[i], fn[i], c, bufs[i]);
			rv[i] = c->ret;
			agree &= h[i] == h[0];
			warm[i] = calloc((size_t)n * rounds, 8);
			cold[i] = calloc((size_t)n * rounds, 8);
		}
		/* interleaved: every round runs each module, warm then flushed */
		for (r = 0; r < rounds; r++)
			for (i = 0; i < nmods; i++) {
				unsigned int m = (i + r) % nmods;

				for (j = 0; j < n; j++)
					warm[m][r * n + j] = one_call(&mods[m], fn[m], c, bufs[m], 0, &ret);
				for (j = 0; j < n; j++)
					cold[m][r * n + j] = one_call(&mods[m], fn[m], c, bufs[m], 1, &ret);
			}
		if (!csv)
			printf("%s: %s (%s)\n", c->label, c->desc, c->func);
		for (i = 0; i < nmods; i++) {
			uint64_t w = median(warm[i], (size_t)n * rounds);
			uint64_t f = median(cold[i], (size_t)n * rounds);

			if (csv)
				printf("%s,%s,%s,%lu,%lu,%s\n", c->label, c->func,
				       mods[i].path, w, f, agree ? "yes" : "NO");
			else
				printf("  %-40s warm %5lu  flushed %5lu  ret %#lx  result %016lx\n",
				       mods[i].path, w, f, rv[i], h[i]);
			free(warm[i]);
			free(cold[i]);
		}
		if (!agree) {
			fprintf(stderr, "vroperf: %s: the modules return different results\n",
				c->label);
			bad = 1;
		}
	}
	return bad;
}
