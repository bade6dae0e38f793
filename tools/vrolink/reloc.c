// SPDX-License-Identifier: GPL-2.0
/*
 * reloc.c - collect the sites of an opened object.
 *
 * A site is a relocation, in a section whose target is SHF_ALLOC, against an
 * undefined symbol named __vro_* (a value) or __pv_* (a pv op call). The
 * checks that need only the relocation are made here; decode.c checks the
 * instruction that holds each field.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"
#include "decode.h"

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

static bool rtype_is_value(uint32_t t)
{
	return t == R_X86_64_32 || t == R_X86_64_32S || t == R_X86_64_64 ||
	       t == R_X86_64_8;	/* a shift count: decode.c checks the form */
}

/**
 * rtype_is_call - is a relocation type that of a call or jmp's rel32?
 * @t: R_X86_64_*
 *
 * Return: true for R_X86_64_PC32 and R_X86_64_PLT32.
 */
bool rtype_is_call(uint32_t t)
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
	else if (s->pv && rtype_is_value(s->rtype))
		why = "pv op used as a value, not called";
	else if (!s->pv && rtype_is_call(s->rtype))
		return true;	/* classify() says what the instruction does */
	else if (!rtype_is_value(s->rtype) && !rtype_is_call(s->rtype))
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
		return vwarn_elf(f, rs->name);
	n = d->d_size / sizeof(Elf64_Rela);
	for (i = 0; i < n; i++) {
		struct site s = { 0 };
		GElf_Rela r;
		size_t sym;

		if (!gelf_getrela(d, i, &r))
			return vwarn_elf(f, rs->name);
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
		return vwarn_elf(f, rs->name);
	n = d->d_size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		GElf_Rel r;
		size_t sym;
		bool pv;

		if (!gelf_getrel(d, i, &r))
			return vwarn_elf(f, rs->name);
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

	if (table_read_desc(f))
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
			return vwarn_elf(f, "out of memory");
	}
	qsort(f->sites, f->nr_sites, sizeof(*f->sites), site_cmp);
	return decode_sites(f);
}
