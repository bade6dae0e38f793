// SPDX-License-Identifier: GPL-2.0
/*
 * write.c - write the site table into a module (on a read-write libelf
 * handle of a temporary copy; main.c renames it into place).
 *
 * .vro_module grows by the struct vro_site array and the name table;
 * .rela.vro_module gets one R_X86_64_PC32 per site so that the stock module
 * loader fills vro_site.field; value relocations become R_X86_64_NONE and
 * __pv_<op> call relocations are retargeted to pv_tramp_<op>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"

#define RELA_NAME	".rela" VRO_MODULE_SECTION

struct link_state {
	size_t *sec_sym;	/* per section: symbol the table's relocs use */
	long *tramp;		/* per symbol: pv_tramp_ index, -1 unknown, 0 none */
	uint32_t *name_off;	/* per symbol: offset in the name table + 1 */
	char *names;
	size_t names_size;
};

static void *own(struct vfile *f, size_t size)
{
	void *p;

	if (f->nr_owned == (int)(sizeof(f->owned) / sizeof(f->owned[0])))
		return NULL;
	p = calloc(1, size ? size : 1);
	if (p)
		f->owned[f->nr_owned++] = p;
	return p;
}

/* The STT_SECTION symbol of @sec, else its lowest-addressed symbol. */
static size_t find_section_symbol(struct vfile *f, size_t sec)
{
	size_t i, best = 0;

	for (i = 1; i < f->nr_syms; i++) {
		const GElf_Sym *s = &f->syms[i].sym;

		if (s->st_shndx != sec)
			continue;
		if (GELF_ST_TYPE(s->st_info) == STT_SECTION)
			return i;
		if (!best || s->st_value < f->syms[best].sym.st_value)
			best = i;
	}
	return best;
}

static long find_tramp(struct vfile *f, const char *pv)
{
	const char *op = pv + strlen(VRO_PV_PREFIX);
	size_t plen = strlen(VRO_PV_TRAMP_PREFIX);
	size_t i;

	for (i = 1; i < f->nr_syms; i++) {
		const char *n = f->syms[i].name;

		if (!strncmp(n, VRO_PV_TRAMP_PREFIX, plen) &&
		    !strcmp(n + plen, op))
			return i;
	}
	return 0;
}

/* Everything that can refuse the file, before anything is changed. */
static void check_site(struct vfile *f, struct link_state *ls, struct site *s)
{
	const struct symbol *base;

	if (!ls->sec_sym[s->sec])
		ls->sec_sym[s->sec] = find_section_symbol(f, s->sec);
	base = &f->syms[ls->sec_sym[s->sec]];
	if (!ls->sec_sym[s->sec] || s->offset < base->sym.st_value ||
	    s->offset - base->sym.st_value > INT32_MAX)
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "no symbol in section %s to anchor the site table relocation",
			   f->secs[s->sec].name);
	if (!s->pv)
		return;
	if (s->insn_off != 1) {
		/* vro.ko rewrites 5-byte E8/E9 sites only */
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "conditional tail call to a pv op: only call/jmp rel32 sites can be patched (make the call unconditional)");
		return;
	}
	if (ls->tramp[s->symidx] < 0)
		ls->tramp[s->symidx] = find_tramp(f, s->symbol);
	if (!ls->tramp[s->symidx])
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "%s called but %s%s is not declared: declare the op with DECLARE_PV_OP()",
			   s->symbol, VRO_PV_TRAMP_PREFIX,
			   s->symbol + strlen(VRO_PV_PREFIX));
}

static int check_all(struct vfile *f, struct link_state *ls)
{
	struct site *s;
	size_t i;

	if (f->builtin && f->desc_sec) {
		vwarn_file(f, "VRO_MODULE() in code built into vmlinux: it is for modules only; remove it (vrolink --builtin writes the object's table itself)");
		return -1;
	}
	if (f->nr_sites && !f->desc_sec && !f->builtin) {
		vwarn_file(f, "module uses VROs but has no VRO_MODULE(): add VRO_MODULE(); once to one of its source files");
		return -1;
	}
	for (i = 1; i < f->shnum; i++)
		if (f->secs[i].sh.sh_type == SHT_RELA &&
		    f->secs[i].sh.sh_info == f->desc_sec)
			vwarn_file(f, "%s already has relocations (%s) but is not marked linked",
				   VRO_MODULE_SECTION, f->secs[i].name);
	for_each_site(f, s)
		check_site(f, ls, s);
	return f->errors ? -1 : 0;
}

static int add_name(struct vfile *f, struct link_state *ls, struct site *s,
		    uint32_t *off)
{
	size_t len;

	if (ls->name_off[s->symidx]) {
		*off = ls->name_off[s->symidx] - 1;
		return 0;
	}
	len = strlen(s->symbol) + 1;
	if (ls->names_size + len > UINT32_MAX - 1) {
		vwarn_file(f, "name table too large");
		return -1;
	}
	memcpy(ls->names + ls->names_size, s->symbol, len);
	*off = ls->names_size;
	ls->names_size += len;
	ls->name_off[s->symidx] = *off + 1;
	return 0;
}

static uint8_t abi_type(uint32_t rtype)
{
	switch (rtype) {
	case R_X86_64_32:	return VRO_RELOC_32;
	case R_X86_64_32S:	return VRO_RELOC_32S;
	case R_X86_64_64:	return VRO_RELOC_64;
	case R_X86_64_8:	return VRO_RELOC_8;
	case R_X86_64_PC32:	return VRO_RELOC_PC32;
	default:		return VRO_RELOC_PLT32;
	}
}

/* Turn value relocations into NONE, retarget pv calls to the trampoline. */
static int patch_relocs(struct vfile *f, struct link_state *ls)
{
	struct site *s;

	for_each_site(f, s) {
		Elf_Data *d = elf_getdata(f->secs[s->relsec].scn, NULL);
		GElf_Rela r;

		if (!d || !gelf_getrela(d, s->relidx, &r))
			goto err;
		if (s->pv) {
			/* an asm site's addend gave its length: call the tramp */
			r.r_info = GELF_R_INFO(ls->tramp[s->symidx], s->rtype);
			r.r_addend = -4;
		} else
			r.r_info = GELF_R_INFO(s->symidx, R_X86_64_NONE);
		if (!gelf_update_rela(d, s->relidx, &r))
			goto err;
		elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	}
	return 0;
err:
	vwarn_file(f, "cannot update %s: %s", f->secs[s->relsec].name,
		   elf_errmsg(-1));
	return -1;
}

static Elf_Data *new_data(struct vfile *f, Elf_Scn *scn, void *buf,
			  size_t size, Elf_Type type, size_t align)
{
	Elf_Data *d = elf_newdata(scn);

	if (!d) {
		vwarn_file(f, "elf_newdata: %s", elf_errmsg(-1));
		return NULL;
	}
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = align;
	d->d_version = EV_CURRENT;
	return d;
}

/* Append the site array and names to .vro_module; fill the descriptor. */
static int write_table(struct vfile *f, struct link_state *ls,
		       uint8_t *tail, size_t tail_size)
{
	Elf_Data *d = section_data(f, f->desc_sec);
	struct vro_module_desc *desc = &f->desc;

	desc->flags |= VRO_DESC_LINKED;
	desc->nr_sites = f->nr_sites;
	desc->sites_off = sizeof(*desc);
	desc->names_off = desc->sites_off + f->nr_sites * sizeof(struct vro_site);
	desc->names_size = ls->names_size;
	if (!d || d->d_size != sizeof(*desc)) {
		vwarn_file(f, "cannot read %s", VRO_MODULE_SECTION);
		return -1;
	}
	memcpy(d->d_buf, desc, sizeof(*desc));
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	memcpy(tail + f->nr_sites * sizeof(struct vro_site), ls->names,
	       ls->names_size);
	if (tail_size && !new_data(f, f->secs[f->desc_sec].scn, tail,
				   tail_size, ELF_T_BYTE, 8))
		return -1;
	return 0;
}

static int fill_sites(struct vfile *f, struct link_state *ls, uint8_t *tail,
		      GElf_Rela *rela)
{
	size_t i;

	for (i = 0; i < f->nr_sites; i++) {
		struct site *s = &f->sites[i];
		const GElf_Sym *base = &f->syms[ls->sec_sym[s->sec]].sym;
		struct vro_site e = {
			.addend = s->addend,
			.type = abi_type(s->rtype),
			.kind = s->kind,
			.insn_off = s->insn_off,
			.insn_len = s->insn_len,
		};

		if (add_name(f, ls, s, &e.name))
			return -1;
		memcpy(tail + i * sizeof(e), &e, sizeof(e));
		rela[i].r_offset = sizeof(struct vro_module_desc) +
				   i * sizeof(e) + offsetof(struct vro_site, field);
		rela[i].r_info = GELF_R_INFO(ls->sec_sym[s->sec], R_X86_64_PC32);
		rela[i].r_addend = s->offset - base->st_value;
	}
	return 0;
}

/* Append @name to .shstrtab; its offset there in @off. */
static int add_section_name(struct vfile *f, const char *name, size_t *off)
{
	struct section *str = &f->secs[f->shstrndx];

	*off = str->sh.sh_size;
	if (!new_data(f, str->scn, (void *)name, strlen(name) + 1, ELF_T_BYTE, 1))
		return -1;
	str->sh.sh_size += strlen(name) + 1;
	return 0;
}

/*
 * A new section. libelf 0.188's elf_update() writes the section header
 * table from the array it read, which has one header fewer, unless the
 * whole Elf is dirty: when the new layout leaves e_shoff where it was (an
 * input with slack before its header table), the last header came out as
 * heap bytes. A dirty Elf gets its table written from a fresh array.
 */
static Elf_Scn *new_section(struct vfile *f)
{
	Elf_Scn *scn = elf_newscn(f->elf);

	if (scn)
		elf_flagelf(f->elf, ELF_C_SET, ELF_F_DIRTY);
	return scn;
}

/* Name the new section in .shstrtab and create .rela.vro_module. */
static int add_rela_section(struct vfile *f, GElf_Rela *rela)
{
	Elf64_Rela *buf = own(f, f->nr_sites * sizeof(*buf));
	Elf_Scn *scn;
	GElf_Shdr sh = { 0 };
	Elf_Data *d;
	size_t i, name;

	if (!buf || add_section_name(f, RELA_NAME, &name))
		goto err;
	scn = new_section(f);
	if (!scn)
		goto err;
	d = new_data(f, scn, buf, f->nr_sites * sizeof(*buf), ELF_T_RELA, 8);
	if (!d)
		goto err;
	for (i = 0; i < f->nr_sites; i++)
		if (!gelf_update_rela(d, i, &rela[i]))
			goto err;
	sh.sh_name = name;
	sh.sh_type = SHT_RELA;
	sh.sh_flags = SHF_INFO_LINK;
	sh.sh_link = f->symtab;
	sh.sh_info = f->desc_sec;
	sh.sh_addralign = 8;
	sh.sh_entsize = sizeof(Elf64_Rela);
	if (!gelf_update_shdr(scn, &sh))
		goto err;
	return 0;
err:
	vwarn_file(f, "cannot add %s: %s", RELA_NAME, elf_errmsg(-1));
	return -1;
}

/*
 * --builtin: an object of vmlinux has no VRO_MODULE(); give it a
 * .vro_module section holding a fresh descriptor, which write_table() then
 * fills like a module's. The linker script gathers these sections of every
 * object between __start_vro_module and __stop_vro_module.
 */
static int add_desc_section(struct vfile *f)
{
	struct vro_module_desc *desc = own(f, sizeof(*desc));
	struct section *secs;
	GElf_Shdr sh = { 0 };
	Elf_Scn *scn;
	size_t name;

	if (!desc)
		goto err;
	desc->magic = VRO_ABI_MAGIC;
	desc->version = VRO_ABI_VERSION;
	if (add_section_name(f, VRO_MODULE_SECTION, &name))
		goto err;
	scn = new_section(f);
	if (!scn || !new_data(f, scn, desc, sizeof(*desc), ELF_T_BYTE, 8))
		goto err;
	sh.sh_name = name;
	sh.sh_type = SHT_PROGBITS;
	sh.sh_flags = SHF_ALLOC;
	sh.sh_addralign = 8;
	if (!gelf_update_shdr(scn, &sh))
		goto err;
	secs = realloc(f->secs, (f->shnum + 1) * sizeof(*secs));
	if (!secs)
		goto err;
	f->secs = secs;
	f->desc_sec = elf_ndxscn(scn);
	secs[f->desc_sec] = (struct section){
		.scn = scn, .sh = sh, .name = VRO_MODULE_SECTION,
		.idx = f->desc_sec,
	};
	f->shnum++;
	f->desc = *desc;
	return 0;
err:
	vwarn_file(f, "cannot add %s: %s", VRO_MODULE_SECTION, elf_errmsg(-1));
	return -1;
}

static void free_state(struct link_state *ls)
{
	free(ls->sec_sym);
	free(ls->tramp);
	free(ls->name_off);
	free(ls->names);
}

/**
 * vfile_link - write the site table into a collected, error-free file
 * @f: a file opened read-write on a temporary copy, after vfile_collect()
 *
 * Checks everything that could refuse the file first (VRO_MODULE()
 * present, anchor symbols, pv trampolines declared) and reports all of it;
 * only then changes the Elf. The caller runs elf_update().
 *
 * Return: 0 if the Elf now holds the linked module (unchanged if it has no
 * VRO_MODULE() descriptor or is already linked), -1 if refused.
 */
int vfile_link(struct vfile *f)
{
	struct link_state ls = { 0 };
	size_t tail_size, names_max = 1, i;
	GElf_Rela *rela = NULL;
	struct site *s;
	uint8_t *tail;
	int ret = -1;

	for_each_site(f, s)
		names_max += strlen(s->symbol) + 1;
	ls.sec_sym = calloc(f->shnum, sizeof(*ls.sec_sym));
	ls.tramp = malloc((f->nr_syms + 1) * sizeof(*ls.tramp));
	ls.name_off = calloc(f->nr_syms + 1, sizeof(*ls.name_off));
	ls.names = malloc(names_max);
	rela = calloc(f->nr_sites + 1, sizeof(*rela));
	if (!ls.sec_sym || !ls.tramp || !ls.name_off || !ls.names || !rela) {
		vwarn_file(f, "out of memory");
		goto free_state;
	}
	for (i = 0; i <= f->nr_syms; i++)
		ls.tramp[i] = -1;
	if (check_all(f, &ls))
		goto free_state;
	ret = 0;
	if (f->builtin && f->nr_sites && !f->linked && !f->desc_sec &&
	    add_desc_section(f)) {
		ret = -1;
		goto free_state;
	}
	if (!f->desc_sec || f->linked)
		goto free_state;	/* nothing to write */
	ret = -1;
	tail_size = f->nr_sites * sizeof(struct vro_site) + names_max;
	tail = own(f, tail_size);
	if (!tail) {
		vwarn_file(f, "out of memory");
		goto free_state;
	}
	if (fill_sites(f, &ls, tail, rela) || patch_relocs(f, &ls))
		goto free_state;
	tail_size = f->nr_sites * sizeof(struct vro_site) + ls.names_size;
	if (write_table(f, &ls, tail, tail_size))
		goto free_state;
	if (f->nr_sites && add_rela_section(f, rela))
		goto free_state;
	ret = 0;
free_state:
	free(rela);
	free_state(&ls);
	return ret;
}
