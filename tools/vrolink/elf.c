// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - open an x86-64 relocatable object, collect and check its sites.
 *
 * A site is a relocation, in a section whose target is SHF_ALLOC, against an
 * undefined symbol named __vro_* (a value) or __pv_* (a pv op call). Every
 * site is decoded with Capstone from the start of its function: the field
 * must be exactly the immediate or displacement of one instruction.
 */
#define _GNU_SOURCE	/* asprintf() */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"

#define R(n)	[R_X86_64_##n] = "R_X86_64_" #n
static const char *const rtype_names[] = {
	R(NONE), R(64), R(PC32), R(GOT32), R(PLT32), R(COPY), R(GLOB_DAT),
	R(JUMP_SLOT), R(RELATIVE), R(GOTPCREL), R(32), R(32S), R(16),
	R(PC16), R(8), R(PC8), R(DTPMOD64), R(DTPOFF64), R(TPOFF64),
	R(TLSGD), R(TLSLD), R(DTPOFF32), R(GOTTPOFF), R(TPOFF32), R(PC64),
	R(GOTOFF64), R(GOTPC32), R(GOT64), R(GOTPCREL64), R(GOTPC64),
	R(GOTPLT64), R(PLTOFF64), R(SIZE32), R(SIZE64), R(GOTPC32_TLSDESC),
	R(TLSDESC_CALL), R(TLSDESC), R(IRELATIVE), R(RELATIVE64),
	R(GOTPCRELX), R(REX_GOTPCRELX),
};
#undef R

/**
 * rtype_name - the ELF name of an x86-64 relocation type
 * @type: R_X86_64_*
 *
 * Return: "R_X86_64_32S" etc., or "unknown" for a number with no name.
 */
const char *rtype_name(uint32_t type)
{
	if (type < sizeof(rtype_names) / sizeof(rtype_names[0]) &&
	    rtype_names[type])
		return rtype_names[type];
	return "unknown";
}

static int elf_fail(struct vfile *f, const char *what)
{
	int err = elf_errno();

	if (err)
		vwarn_file(f, "corrupt or unreadable ELF (%s): %s", what,
			   elf_errmsg(err));
	else
		vwarn_file(f, "corrupt or unreadable ELF (%s)", what);
	return -1;
}

/* Do the section header table and every section's bytes lie in the file? */
static int check_extents(struct vfile *f)
{
	uint64_t size = f->size;
	uint64_t end;

	if (!size)
		return 0;	/* unknown (never elf_rawfile(): it breaks ELF_C_RDWR) */
	end = f->eh.e_shoff + (uint64_t)f->eh.e_shnum * f->eh.e_shentsize;
	if (f->eh.e_shoff > size || end > size || end < f->eh.e_shoff) {
		vwarn_file(f, "corrupt or unreadable ELF: truncated or damaged: the section headers end at 0x%llx, beyond the file size 0x%llx",
			   (unsigned long long)end, (unsigned long long)size);
		return -1;
	}
	return 0;
}

static int check_section_extent(struct vfile *f, const struct section *s)
{
	uint64_t size = f->size;
	uint64_t end = s->sh.sh_offset + s->sh.sh_size;

	if (s->sh.sh_type == SHT_NOBITS || !size)
		return 0;
	if (s->sh.sh_offset > size || end > size || end < s->sh.sh_offset) {
		vwarn_file(f, "corrupt or unreadable ELF: truncated or damaged: section %s ends at 0x%llx, beyond the file size 0x%llx",
			   s->name, (unsigned long long)end,
			   (unsigned long long)size);
		return -1;
	}
	return 0;
}

static int check_header(struct vfile *f)
{
	if (elf_kind(f->elf) != ELF_K_ELF) {
		size_t size = 0;
		const char *raw = elf_rawfile(f->elf, &size);

		if (raw && size >= SELFMAG && !memcmp(raw, ELFMAG, SELFMAG))
			vwarn_file(f, "corrupt or unreadable ELF (truncated ELF header: %zu bytes)",
				   size);
		else
			vwarn_file(f, "not an ELF file");
		return -1;
	}
	if (gelf_getclass(f->elf) != ELFCLASS64) {
		vwarn_file(f, "not a 64-bit ELF file (x86-64 only)");
		return -1;
	}
	if (!gelf_getehdr(f->elf, &f->eh))
		return elf_fail(f, "ELF header");
	if (f->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    f->eh.e_machine != EM_X86_64) {
		vwarn_file(f, "not an x86-64 ELF file (e_machine %u)",
			   f->eh.e_machine);
		return -1;
	}
	if (f->eh.e_type != ET_REL) {
		vwarn_file(f, "not a relocatable object (e_type %u; want ET_REL: a .o or .ko)",
			   f->eh.e_type);
		return -1;
	}
	if (check_extents(f))
		return -1;
	if (elf_getshdrnum(f->elf, &f->shnum) ||
	    elf_getshdrstrndx(f->elf, &f->shstrndx))
		return elf_fail(f, "section headers");
	if (f->shstrndx >= f->shnum) {
		vwarn_file(f, "corrupt or unreadable ELF: section name table index %zu out of range (%zu sections)",
			   f->shstrndx, f->shnum);
		return -1;
	}
	return 0;
}

static int read_sections(struct vfile *f)
{
	size_t i;

	f->secs = calloc(f->shnum, sizeof(*f->secs));
	if (!f->secs)
		return elf_fail(f, "out of memory");
	for (i = 0; i < f->shnum; i++) {
		struct section *s = &f->secs[i];

		s->idx = i;
		s->scn = elf_getscn(f->elf, i);
		if (!s->scn || !gelf_getshdr(s->scn, &s->sh))
			return elf_fail(f, "section header");
		s->name = elf_strptr(f->elf, f->shstrndx, s->sh.sh_name);
		if (!s->name)
			return elf_fail(f, "section name");
		if (check_section_extent(f, s))
			return -1;
		if (s->sh.sh_addralign > VROLINK_MAX_ALIGN ||
		    (s->sh.sh_addralign & (s->sh.sh_addralign - 1))) {
			vwarn_file(f, "section %s: bad alignment %llu",
				   s->name, (unsigned long long)s->sh.sh_addralign);
			return -1;
		}
		if (!i)
			continue;	/* SHN_UNDEF: never a symtab or desc */
		if (s->sh.sh_type == SHT_SYMTAB) {
			if (f->symtab) {
				vwarn_file(f, "more than one symbol table");
				return -1;
			}
			f->symtab = i;
		}
		if (!strcmp(s->name, VRO_MODULE_SECTION)) {
			if (f->desc_sec) {
				vwarn_file(f, "more than one %s section",
					   VRO_MODULE_SECTION);
				return -1;
			}
			f->desc_sec = i;
		}
	}
	return 0;
}

static int cmp_func(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol *const *)a;
	const struct symbol *y = *(struct symbol *const *)b;

	if (x->sym.st_shndx != y->sym.st_shndx)
		return x->sym.st_shndx < y->sym.st_shndx ? -1 : 1;
	if (x->sym.st_value != y->sym.st_value)
		return x->sym.st_value < y->sym.st_value ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int read_symbols(struct vfile *f)
{
	struct section *st = &f->secs[f->symtab];
	Elf_Data *d;
	size_t i;

	if (!f->symtab)
		return 0;
	if (st->sh.sh_link >= f->shnum || st->sh.sh_entsize != sizeof(Elf64_Sym))
		return elf_fail(f, ".symtab header");
	d = elf_getdata(st->scn, NULL);
	if (!d)
		return elf_fail(f, ".symtab data");
	f->nr_syms = d->d_size / sizeof(Elf64_Sym);
	f->syms = calloc(f->nr_syms + 1, sizeof(*f->syms));
	f->funcs = calloc(f->nr_syms + 1, sizeof(*f->funcs));
	if (!f->syms || !f->funcs)
		return elf_fail(f, "out of memory");
	for (i = 0; i < f->nr_syms; i++) {
		struct symbol *s = &f->syms[i];

		s->idx = i;
		if (!gelf_getsym(d, i, &s->sym))
			return elf_fail(f, "symbol");
		s->name = elf_strptr(f->elf, st->sh.sh_link, s->sym.st_name);
		if (!s->name)
			return elf_fail(f, "symbol name");
		if (GELF_ST_TYPE(s->sym.st_info) == STT_FUNC &&
		    s->sym.st_shndx != SHN_UNDEF &&
		    s->sym.st_shndx < f->shnum)
			f->funcs[f->nr_funcs++] = s;
	}
	qsort(f->funcs, f->nr_funcs, sizeof(*f->funcs), cmp_func);
	return 0;
}

/**
 * vfile_open - validate an ELF object and read its sections and symbols
 * @f: zeroed descriptor to fill; @f->quiet and @f->size may be set
 * @path: file name used in diagnostics
 * @elf: libelf handle (read-only or read-write)
 *
 * Return: 0, or -1 after reporting why the file is refused.
 */
int vfile_open(struct vfile *f, const char *path, Elf *elf)
{
	f->path = path;
	f->elf = elf;
	if (!elf)
		return elf_fail(f, "elf_begin");
	if (check_header(f) || read_sections(f) || read_symbols(f))
		return -1;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &f->cs) != CS_ERR_OK) {
		vwarn_file(f, "cannot open the Capstone x86-64 decoder");
		return -1;
	}
	f->cs_open = true;
	cs_option(f->cs, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

/**
 * vfile_close - free what vfile_open() and vfile_collect() allocated
 * @f: the file; the Elf handle stays the caller's and must be ended first
 */
void vfile_close(struct vfile *f)
{
	if (f->cs_open)
		cs_close(&f->cs);
	free(f->secs);
	free(f->syms);
	free(f->funcs);
	free(f->sites);
	while (f->nr_owned)
		free(f->owned[--f->nr_owned]);
	f->secs = NULL;
	f->syms = NULL;
	f->funcs = NULL;
	f->sites = NULL;
}

/* The last function symbol of @sec that starts at or before @off. */
static const struct symbol *func_before(const struct vfile *f, size_t sec,
					uint64_t off)
{
	size_t lo = 0, hi = f->nr_funcs;
	const struct symbol *best = NULL;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const GElf_Sym *s = &f->funcs[mid]->sym;

		if (s->st_shndx < sec ||
		    (s->st_shndx == sec && s->st_value <= off)) {
			best = f->funcs[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return best && best->sym.st_shndx == sec ? best : NULL;
}

/**
 * func_at - the STT_FUNC symbol that contains an offset
 * @f: the file
 * @sec: section index
 * @off: section-relative offset
 *
 * Return: the function, or NULL if no function symbol covers @off.
 */
const struct symbol *func_at(const struct vfile *f, size_t sec, uint64_t off)
{
	const struct symbol *fn = func_before(f, sec, off);

	if (fn && off - fn->sym.st_value < fn->sym.st_size)
		return fn;
	return NULL;
}

/*
 * The STT_OBJECT symbol of @sec that covers @off, to name places in
 * sections without functions: objtool's offstr() names "sym+0xoff" too.
 */
static const struct symbol *object_at(const struct vfile *f, size_t sec,
				      uint64_t off)
{
	size_t i;

	for (i = 1; i < f->nr_syms; i++) {
		const GElf_Sym *s = &f->syms[i].sym;

		if (s->st_shndx == sec &&
		    GELF_ST_TYPE(s->st_info) == STT_OBJECT &&
		    off >= s->st_value && off - s->st_value < s->st_size)
			return &f->syms[i];
	}
	return NULL;
}

/**
 * place_str - name a place of the file, as objtool's offstr() does
 * @f: the file
 * @sec: section index
 * @off: section-relative offset
 * @flags: PLACE_DATA: outside functions, name the data object that holds
 *	the place; PLACE_SECTION: add the section place in parentheses
 *
 * Return: a string to free(), NULL if out of memory: "func+0xoff", or
 * "sect+0xoff" if no symbol holds the place; with PLACE_SECTION
 * "func+0xoff (sect+0xoff)", or "(sect+0xoff)".
 */
char *place_str(const struct vfile *f, size_t sec, uint64_t off,
		unsigned int flags)
{
	const struct symbol *sym = func_at(f, sec, off);
	const char *sname = sec < f->shnum ? f->secs[sec].name : "?";
	unsigned long long soff;
	char *str;
	int n;

	if (!sym && (flags & PLACE_DATA))
		sym = object_at(f, sec, off);
	soff = sym ? off - sym->sym.st_value : 0;
	if (!(flags & PLACE_SECTION))
		n = sym ? asprintf(&str, "%s+0x%llx", sym->name, soff) :
			  asprintf(&str, "%s+0x%llx", sname,
				   (unsigned long long)off);
	else if (sym)
		n = asprintf(&str, "%s+0x%llx (%s+0x%llx)", sym->name, soff,
			     sname, (unsigned long long)off);
	else
		n = asprintf(&str, "(%s+0x%llx)", sname,
			     (unsigned long long)off);
	return n < 0 ? NULL : str;
}

/*
 * Where decoding starts for a field at @off: its function's start; outside
 * any function, the end of the function before it (a sizeless symbol, as
 * hand-written asm often has, counts as starting a region), else 0.
 */
static uint64_t region_start(const struct vfile *f, size_t sec, uint64_t off)
{
	const struct symbol *fn = func_before(f, sec, off);

	if (!fn)
		return 0;
	if (off - fn->sym.st_value < fn->sym.st_size)
		return fn->sym.st_value;
	return fn->sym.st_value + fn->sym.st_size;
}

/**
 * section_data - the bytes of a section (its single Elf_Data)
 * @f: the file
 * @sec: section index
 *
 * Return: the data, or NULL for SHT_NOBITS or an unreadable section.
 */
Elf_Data *section_data(struct vfile *f, size_t sec)
{
	if (f->secs[sec].sh.sh_type == SHT_NOBITS)
		return NULL;
	return elf_getdata(f->secs[sec].scn, NULL);
}

static bool is_site_symbol(const struct symbol *s, bool *pv)
{
	if (s->sym.st_shndx != SHN_UNDEF)
		return false;	/* VRO_MODULE()'s own __vro_* objects */
	if (!strncmp(s->name, VRO_VALUE_PREFIX, strlen(VRO_VALUE_PREFIX))) {
		*pv = false;
		return true;
	}
	if (!strncmp(s->name, VRO_PV_PREFIX, strlen(VRO_PV_PREFIX))) {
		*pv = true;
		return true;
	}
	return false;
}

static int add_site(struct vfile *f, const struct site *s, size_t *cap)
{
	if (f->nr_sites == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct site *p = realloc(f->sites, n * sizeof(*p));

		if (!p) {
			vwarn_file(f, "out of memory");
			return -1;
		}
		f->sites = p;
		*cap = n;
	}
	f->sites[f->nr_sites++] = *s;
	return 0;
}

static bool is_value_type(uint32_t t)
{
	return t == R_X86_64_32 || t == R_X86_64_32S || t == R_X86_64_64;
}

static bool is_call_type(uint32_t t)
{
	return t == R_X86_64_PC32 || t == R_X86_64_PLT32;
}

/*
 * The input sections vmlinux's linker script (x86-64, 6.1:
 * arch/x86/kernel/vmlinux.lds.S, include/asm-generic/vmlinux.lds.h) puts
 * between _stext and _etext, then between _sinittext and _einittext: the
 * kernel and init text where the core writes vmlinux's sites at boot
 * (core_kernel_text(), is_kernel_inittext()). fnmatch() patterns.
 */
static const char *const vmlinux_text_sections[] = {
	/* _stext .. _etext */
	".head.text", ".text", ".text.hot", ".text.hot.*", ".text.fixup",
	".text.unlikely", ".text.unlikely.*", ".text.unknown",
	".text.unknown.*", ".noinstr.text", ".text..refcount", ".ref.text",
	".text.asan.*", ".text.tsan.*", ".meminit.text*", ".sched.text",
	".cpuidle.text", ".spinlock.text", ".kprobes.text", ".entry.text",
	".softirqentry.text", ".static_call.text",
	".text..__x86.indirect_thunk", ".text..__x86.return_thunk",
	".text..__x86.rethunk_untrain", ".text..__x86.rethunk_safe",
	/* _sinittext .. _einittext */
	".init.text", ".init.text.*", ".text.startup",
};

/*
 * Does vmlinux link section @name into kernel or init text? Not, for
 * instance, .exit.text (discarded, or kept and never run), .altinstr_aux
 * or an unlisted .text.<name> (an orphan, placed wherever ld puts it).
 */
static bool is_vmlinux_text(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(vmlinux_text_sections) /
			sizeof(vmlinux_text_sections[0]); i++)
		if (!fnmatch(vmlinux_text_sections[i], name, 0))
			return true;
	return false;
}

/* Checks that need only the relocation, not the instruction. */
static bool check_reloc(struct vfile *f, struct site *s)
{
	const struct section *t = &f->secs[s->sec];
	const char *why = NULL;

	if (!(t->sh.sh_flags & SHF_EXECINSTR))
		why = "address stored in data (section is not executable)";
	else if (!strcmp(t->name, ".altinstr_replacement"))
		why = "site in .altinstr_replacement (code copied elsewhere at boot)";
	else if (f->builtin && !is_vmlinux_text(t->name))
		why = "section not linked into vmlinux's kernel or init text (the core refuses such a site at boot; .exit.text is discarded or never run): read the VRO from .text or __init code";
	else if (s->pv && is_value_type(s->rtype))
		why = "pv op used as a value, not called";
	else if (!s->pv && is_call_type(s->rtype))
		return true;	/* classify() says what the instruction does */
	else if (!is_value_type(s->rtype) && !is_call_type(s->rtype))
		why = "unsupported relocation type";
	else if (s->addend < INT32_MIN || s->addend > INT32_MAX)
		why = "addend does not fit in 32 bits";
	if (why) {
		vwarn_site(f, s->sec, s->offset, s->symbol, "%s (%s%+lld)", why,
			   rtype_name(s->rtype), (long long)s->addend);
		return false;
	}
	return true;
}

static int scan_rela(struct vfile *f, struct section *rs, size_t *cap)
{
	Elf_Data *d;
	size_t i, n;

	if (!rs->sh.sh_info || rs->sh.sh_info >= f->shnum ||
	    rs->sh.sh_link != f->symtab || !f->symtab) {
		vwarn_file(f, "%s: bad sh_info/sh_link", rs->name);
		return -1;
	}
	if (!(f->secs[rs->sh.sh_info].sh.sh_flags & SHF_ALLOC))
		return 0;	/* debug info and other non-loaded data */
	d = elf_getdata(rs->scn, NULL);
	if (!d)
		return elf_fail(f, rs->name);
	n = d->d_size / sizeof(Elf64_Rela);
	for (i = 0; i < n; i++) {
		struct site s = { 0 };
		GElf_Rela r;
		size_t sym;

		if (!gelf_getrela(d, i, &r))
			return elf_fail(f, rs->name);
		sym = GELF_R_SYM(r.r_info);
		if (sym >= f->nr_syms) {
			vwarn_file(f, "%s: relocation %zu: symbol index %zu out of range",
				   rs->name, i, sym);
			continue;
		}
		if (!is_site_symbol(&f->syms[sym], &s.pv))
			continue;
		s.rtype = GELF_R_TYPE(r.r_info);
		if (s.rtype == R_X86_64_NONE)
			continue;
		s.sec = rs->sh.sh_info;
		s.offset = r.r_offset;
		s.symbol = f->syms[sym].name;
		s.symidx = sym;
		s.addend = r.r_addend;
		s.relsec = rs->idx;
		s.relidx = i;
		if (f->linked) {
			vwarn_site(f, s.sec, s.offset, s.symbol,
				   "already processed (VRO_DESC_LINKED) but still has a live %s relocation: inconsistent file",
				   rtype_name(s.rtype));
			continue;
		}
		if (check_reloc(f, &s) && add_site(f, &s, cap))
			return -1;
	}
	return 0;
}

static int scan_rel(struct vfile *f, struct section *rs)
{
	Elf_Data *d;
	size_t i, n;

	if (rs->sh.sh_info >= f->shnum || !f->symtab ||
	    !(f->secs[rs->sh.sh_info].sh.sh_flags & SHF_ALLOC))
		return 0;
	d = elf_getdata(rs->scn, NULL);
	if (!d)
		return elf_fail(f, rs->name);
	n = d->d_size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		GElf_Rel r;
		size_t sym;
		bool pv;

		if (!gelf_getrel(d, i, &r))
			return elf_fail(f, rs->name);
		sym = GELF_R_SYM(r.r_info);
		if (sym < f->nr_syms && is_site_symbol(&f->syms[sym], &pv))
			vwarn_site(f, rs->sh.sh_info, r.r_offset,
				   f->syms[sym].name,
				   "unsupported relocation section type SHT_REL (%s)",
				   rs->name);
	}
	return 0;
}

/* qsort() order of sites: by section, then offset. */
int site_cmp(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

/* Decoder state kept across the sorted sites of one function. */
struct cursor {
	size_t sec;
	uint64_t start;		/* where decoding of this region began */
	uint64_t addr;		/* start of the last decoded instruction */
	bool valid;
};

static unsigned int field_width(uint32_t rtype)
{
	return rtype == R_X86_64_64 ? 8 : 4;
}

static bool has_imm_operand(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	int i;

	for (i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_IMM)
			return true;
	return false;
}

/*
 * The length of the pv site whose call or jmp is @in: 5 for a compiler's
 * call (addend -4), or, for the asm site of a callee-save op (vro_pv.h emits
 * "call __pv_<op>+<len>" then NOPs), the call and the NOPs that follow it,
 * each checked with the decoder. 0 and a diagnostic for anything else.
 */
static unsigned int pv_site_len(struct vfile *f, struct site *s,
				const cs_insn *in)
{
	int64_t len = s->addend + 4;
	Elf_Data *d = section_data(f, s->sec);
	uint64_t addr = in->address + in->size;
	uint64_t end = in->address + len;
	const uint8_t *code;
	size_t size;
	cs_insn *nop;
	bool ok = true;

	if (s->addend == -4)
		return in->size;
	if (len < VRO_PV_SITE_LEN || len > VRO_PV_SITE_MAX ||
	    in->id != X86_INS_CALL || in->size != VRO_PV_SITE_LEN) {
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "pv call with addend %lld: neither a compiler's call (-4) nor a callee-save call site of vro_pv.h (%d to %d: the call and NOPs to %d..%d bytes)",
			   (long long)s->addend, VRO_PV_SITE_LEN - 4,
			   VRO_PV_SITE_MAX - 4, VRO_PV_SITE_LEN,
			   VRO_PV_SITE_MAX);
		return 0;
	}
	if (!d || !d->d_buf || end > d->d_size) {
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "pv site of %lld bytes runs past the end of its section",
			   (long long)len);
		return 0;
	}
	nop = cs_malloc(f->cs);
	if (!nop)
		return 0;
	code = (const uint8_t *)d->d_buf + addr;
	size = end - addr;
	while (ok && addr < end) {
		ok = cs_disasm_iter(f->cs, &code, &size, &addr, nop) &&
		     nop->id == X86_INS_NOP;
	}
	cs_free(nop, 1);
	if (!ok || addr != end) {
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "pv site of %lld bytes: the %lld bytes after its call are not NOPs",
			   (long long)len, (long long)len - VRO_PV_SITE_LEN);
		return 0;
	}
	return len;
}

/* Classify the field at @s->offset inside the decoded instruction @in. */
static void classify(struct vfile *f, struct site *s, const cs_insn *in)
{
	const cs_x86_encoding *e = &in->detail->x86.encoding;
	unsigned int w = field_width(s->rtype);
	uint64_t rel = s->offset - in->address;
	const char *why = NULL;
	int kind = 0;

	if (!s->pv && is_call_type(s->rtype)) {
		if (e->disp_offset && rel == e->disp_offset &&
		    in->id != X86_INS_LEA)
			why = "dereferences the VRO: reads memory at the VRO's address (vro(p)->field with an integer VRO as the pointer?); read the pointer with vro_wide() (or vro() of a pointer VRO) and dereference that";
		else
			why = "unsupported relocation type for a value (PC-relative)";
	} else if (s->pv) {
		bool branch = in->id == X86_INS_CALL ||
			      cs_insn_group(f->cs, in, X86_GRP_JUMP);

		if (branch && e->imm_size == 4 && rel == e->imm_offset)
			kind = in->id == X86_INS_CALL ? VRO_KIND_CALL :
							VRO_KIND_JMP;
		else
			why = "pv op used as a value, not called (field is not the rel32 of a call or jmp)";
	} else if (e->imm_offset && rel == e->imm_offset) {
		if (!has_imm_operand(in))
			why = "dereferences the VRO (field is a memory address, not an immediate)";
		else if (e->imm_size != w)
			why = "immediate width does not match the relocation";
		else
			kind = VRO_KIND_IMM;
	} else if (e->disp_offset && rel == e->disp_offset) {
		if (in->id != X86_INS_LEA)
			why = "dereferences the VRO: used as a memory operand (only lea may take its address)";
		else if (e->disp_size != w)
			why = "displacement width does not match the relocation";
		else
			kind = VRO_KIND_DISP;
	} else {
		why = "field is not an instruction's immediate or displacement";
	}
	if (why) {
		vwarn_site(f, s->sec, s->offset, s->symbol, "%s (%s %s, %s)",
			   why, in->mnemonic, in->op_str, rtype_name(s->rtype));
		return;
	}
	s->insn_len = in->size;
	if (s->pv) {
		s->insn_len = pv_site_len(f, s, in);
		if (!s->insn_len)
			return;
		/* the length is recorded: the call is an ordinary one now */
		s->addend = -4;
	}
	s->kind = kind;
	s->insn_off = rel;
}

static bool field_is_zero(const uint8_t *p, unsigned int w)
{
	unsigned int i;

	for (i = 0; i < w; i++)
		if (p[i])
			return false;
	return true;
}

static void decode_site(struct vfile *f, struct site *s, struct cursor *c,
			cs_insn *in)
{
	uint64_t start = region_start(f, s->sec, s->offset);
	Elf_Data *d = section_data(f, s->sec);
	unsigned int w = field_width(s->rtype);
	const uint8_t *code;
	uint64_t addr;
	size_t size;

	if (!d || !d->d_buf || s->offset > d->d_size ||
	    d->d_size - s->offset < w) {
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "relocated field lies outside the section's bytes");
		return;
	}
	if (!field_is_zero((const uint8_t *)d->d_buf + s->offset, w)) {
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "relocated field is not zero (the module loader refuses it)");
		return;
	}
	if (!c->valid || c->sec != s->sec || c->start != start ||
	    c->addr > s->offset) {
		c->sec = s->sec;
		c->start = start;
		c->addr = start;
		c->valid = true;
	}
	addr = c->addr;
	code = (const uint8_t *)d->d_buf + addr;
	size = d->d_size - addr;
	while (cs_disasm_iter(f->cs, &code, &size, &addr, in)) {
		if (s->offset < in->address + in->size) {
			c->addr = in->address;
			classify(f, s, in);
			return;
		}
	}
	c->valid = false;
	vwarn_site(f, s->sec, s->offset, s->symbol,
		   "cannot decode the instruction at %s+0x%llx",
		   f->secs[s->sec].name, (unsigned long long)addr);
}

static int decode_sites(struct vfile *f)
{
	struct cursor c = { 0 };
	struct site *s;
	cs_insn *in;

	in = cs_malloc(f->cs);
	if (!in) {
		vwarn_file(f, "out of memory");
		return -1;
	}
	for_each_site(f, s)
		decode_site(f, s, &c, in);
	cs_free(in, 1);
	return 0;
}

/*
 * A processed .vro_module is one descriptor, its sites and its names, and
 * nothing after them. More bytes are most often a second processed table:
 * "ld -r" of objects vrolink had already processed. Refuse that in every
 * mode (a merged table would need its offsets rewritten): the problem is
 * counted in @f->errors and collecting goes on, to report everything.
 */
static int check_linked_size(struct vfile *f, const Elf_Data *d)
{
	uint64_t end = (uint64_t)f->desc.names_off + f->desc.names_size;
	uint64_t off;

	if (end == d->d_size)
		return 0;
	off = end > sizeof(f->desc) ? (end + 7) & ~7ULL : sizeof(f->desc);
	for (; end < d->d_size &&
	     off + sizeof(f->desc) <= d->d_size; off += 8) {
		struct vro_module_desc next;

		memcpy(&next, (const char *)d->d_buf + off, sizeof(next));
		if (next.magic == VRO_ABI_MAGIC &&
		    next.version == VRO_ABI_VERSION &&
		    (next.flags & VRO_DESC_LINKED)) {
			vwarn_file(f, "%s holds more than one processed site table (another at +0x%llx): objects already processed by vrolink were linked together (ld -r); link the unprocessed objects and run vrolink once on the result",
				   VRO_MODULE_SECTION, (unsigned long long)off);
			return 0;
		}
	}
	vwarn_file(f, "%s: corrupt site table: the section holds %zu bytes, the table ends at %llu",
		   VRO_MODULE_SECTION, (size_t)d->d_size,
		   (unsigned long long)end);
	return 0;
}

static int read_desc(struct vfile *f)
{
	Elf_Data *d;

	if (!f->desc_sec)
		return 0;
	d = section_data(f, f->desc_sec);
	if (!d || !d->d_buf || d->d_size < sizeof(f->desc)) {
		vwarn_file(f, "%s is smaller than struct vro_module_desc",
			   VRO_MODULE_SECTION);
		return -1;
	}
	memcpy(&f->desc, d->d_buf, sizeof(f->desc));
	if (f->desc.magic != VRO_ABI_MAGIC ||
	    f->desc.version != VRO_ABI_VERSION) {
		vwarn_file(f, "%s: bad magic 0x%x or version %u (want 0x%x, %u)",
			   VRO_MODULE_SECTION, f->desc.magic, f->desc.version,
			   VRO_ABI_MAGIC, VRO_ABI_VERSION);
		return -1;
	}
	f->linked = f->desc.flags & VRO_DESC_LINKED;
	if (f->linked)
		return check_linked_size(f, d);
	if (d->d_size != sizeof(f->desc)) {
		vwarn_file(f, "%s holds %zu bytes, not one struct vro_module_desc (%zu): VRO_MODULE() used more than once?",
			   VRO_MODULE_SECTION, (size_t)d->d_size,
			   sizeof(f->desc));
		return -1;
	}
	return 0;
}

/**
 * vfile_collect - find, check and decode every site of an opened file
 * @f: a file vfile_open() accepted
 *
 * Reads the VRO_MODULE() descriptor, then every SHT_RELA section whose
 * target is SHF_ALLOC. Sites end up sorted by (section, offset). In an
 * already linked file any live site is an error. Problems are reported and
 * counted in @f->errors; all of them, not just the first.
 *
 * Return: 0, or -1 if the file could not be read at all.
 */
int vfile_collect(struct vfile *f)
{
	size_t i, cap = 0;

	if (read_desc(f))
		return -1;
	for (i = 1; i < f->shnum; i++) {
		struct section *s = &f->secs[i];
		int ret = 0;

		if (s->sh.sh_type == SHT_RELA)
			ret = scan_rela(f, s, &cap);
		else if (s->sh.sh_type == SHT_REL)
			ret = scan_rel(f, s);
		if (ret)
			return -1;
	}
	if (!f->sites) {
		/* never NULL after collecting: for_each_site() adds to it */
		f->sites = calloc(1, sizeof(*f->sites));
		if (!f->sites)
			return elf_fail(f, "out of memory");
	}
	qsort(f->sites, f->nr_sites, sizeof(*f->sites), site_cmp);
	return decode_sites(f);
}
