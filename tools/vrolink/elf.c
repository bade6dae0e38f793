// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - open and validate an x86-64 relocatable object with libelf; its
 * sections and symbols, and the names of places in it (func+0xoff).
 */
#define _GNU_SOURCE	/* asprintf() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"

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
		return vwarn_elf(f, "ELF header");
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
		return vwarn_elf(f, "section headers");
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
		return vwarn_elf(f, "out of memory");
	for (i = 0; i < f->shnum; i++) {
		struct section *s = &f->secs[i];

		s->idx = i;
		s->scn = elf_getscn(f->elf, i);
		if (!s->scn || !gelf_getshdr(s->scn, &s->sh))
			return vwarn_elf(f, "section header");
		s->name = elf_strptr(f->elf, f->shstrndx, s->sh.sh_name);
		if (!s->name)
			return vwarn_elf(f, "section name");
		if (check_section_extent(f, s))
			return -1;
		/*
		 * 0 or a section index in every section type (libelf's
		 * writer overflows its buffers on one past the end: fuzz)
		 */
		if (s->sh.sh_link >= f->shnum) {
			vwarn_file(f, "section %s: sh_link %u is not a section index (%zu sections)",
				   s->name, s->sh.sh_link, f->shnum);
			return -1;
		}
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
		return vwarn_elf(f, ".symtab header");
	d = elf_getdata(st->scn, NULL);
	if (!d)
		return vwarn_elf(f, ".symtab data");
	f->nr_syms = d->d_size / sizeof(Elf64_Sym);
	f->syms = calloc(f->nr_syms + 1, sizeof(*f->syms));
	f->funcs = calloc(f->nr_syms + 1, sizeof(*f->funcs));
	if (!f->syms || !f->funcs)
		return vwarn_elf(f, "out of memory");
	for (i = 0; i < f->nr_syms; i++) {
		struct symbol *s = &f->syms[i];

		s->idx = i;
		if (!gelf_getsym(d, i, &s->sym))
			return vwarn_elf(f, "symbol");
		s->name = elf_strptr(f->elf, st->sh.sh_link, s->sym.st_name);
		if (!s->name)
			return vwarn_elf(f, "symbol name");
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
		return vwarn_elf(f, "elf_begin");
	if (check_header(f) || read_sections(f) || read_symbols(f))
		return -1;
	return 0;
}

/**
 * vfile_close - free what vfile_open() and vfile_collect() allocated
 * @f: the file; the Elf handle stays the caller's and must be ended first
 */
void vfile_close(struct vfile *f)
{
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

/**
 * region_start - where decoding starts for a field
 * @f: the file
 * @sec: section index
 * @off: section-relative offset of the field
 *
 * Return: the start of the function that holds @off; outside any function,
 * the end of the function before it (a sizeless symbol, as hand-written asm
 * often has, counts as starting a region), else 0.
 */
uint64_t region_start(const struct vfile *f, size_t sec, uint64_t off)
{
	const struct symbol *fn = func_before(f, sec, off);

	if (!fn)
		return 0;
	if (off - fn->sym.st_value < fn->sym.st_size)
		return fn->sym.st_value;
	return fn->sym.st_value + fn->sym.st_size;
}
