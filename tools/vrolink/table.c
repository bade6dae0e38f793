// SPDX-License-Identifier: GPL-2.0
/*
 * table.c - read .vro_module: the VRO_MODULE() descriptor, and the site table
 * of an already processed module, so that --list shows the same sites
 * before and after vrolink has run.
 */
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"

static const uint32_t abi_to_elf[] = {
	[VRO_RELOC_32] = R_X86_64_32,
	[VRO_RELOC_32S] = R_X86_64_32S,
	[VRO_RELOC_64] = R_X86_64_64,
	[VRO_RELOC_PC32] = R_X86_64_PC32,
	[VRO_RELOC_PLT32] = R_X86_64_PLT32,
	[VRO_RELOC_8] = R_X86_64_8,
};

static int table_bad(struct vfile *f, const char *why)
{
	vwarn_file(f, "%s: corrupt site table: %s", VRO_MODULE_SECTION, why);
	return -1;
}

static int read_entries(struct vfile *f, const uint8_t *buf)
{
	const struct vro_module_desc *desc = &f->desc;
	const char *names = (const char *)buf + desc->names_off;
	uint32_t i;

	for (i = 0; i < desc->nr_sites; i++) {
		struct site *s = &f->sites[i];
		struct vro_site e;

		memcpy(&e, buf + desc->sites_off + (size_t)i * sizeof(e),
		       sizeof(e));
		if (e.name >= desc->names_size)
			return table_bad(f, "name offset out of range");
		if (e.type < VRO_RELOC_32 || e.type > VRO_RELOC_8)
			return table_bad(f, "unknown relocation type");
		if (e.kind < VRO_KIND_IMM || e.kind > VRO_KIND_SHIFT64)
			return table_bad(f, "unknown site kind");
		s->symbol = names + e.name;
		s->rtype = abi_to_elf[e.type];
		s->pv = e.type == VRO_RELOC_PC32 || e.type == VRO_RELOC_PLT32;
		s->addend = e.addend;
		s->kind = e.kind;
		s->insn_off = e.insn_off;
		s->insn_len = e.insn_len;
		s->sec = 0;	/* filled from .rela.vro_module */
	}
	return 0;
}

static int read_field_reloc(struct vfile *f, const GElf_Rela *r, bool *seen)
{
	const struct vro_module_desc *desc = &f->desc;
	size_t symi = GELF_R_SYM(r->r_info);
	const GElf_Sym *sym;
	uint64_t i;

	if (GELF_R_TYPE(r->r_info) != R_X86_64_PC32)
		return table_bad(f, "relocation is not R_X86_64_PC32");
	if (r->r_offset < desc->sites_off ||
	    (r->r_offset - desc->sites_off) % sizeof(struct vro_site))
		return table_bad(f, "relocation is not at a site's field");
	i = (r->r_offset - desc->sites_off) / sizeof(struct vro_site);
	if (i >= desc->nr_sites || seen[i])
		return table_bad(f, "relocation for no site or twice for one");
	if (symi >= f->nr_syms)
		return table_bad(f, "relocation symbol out of range");
	sym = &f->syms[symi].sym;
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= f->shnum)
		return table_bad(f, "relocation symbol not in a section");
	seen[i] = true;
	f->sites[i].sec = sym->st_shndx;
	f->sites[i].offset = sym->st_value + r->r_addend;
	return 0;
}

static int read_relocs(struct vfile *f)
{
	size_t i, j, n, found = 0;
	bool *seen;
	int ret = 0;

	seen = calloc(f->desc.nr_sites + 1, sizeof(*seen));
	if (!seen)
		return table_bad(f, "out of memory");
	for (i = 1; i < f->shnum && !ret; i++) {
		const struct section *rs = &f->secs[i];
		Elf_Data *d;

		if (rs->sh.sh_type != SHT_RELA || rs->sh.sh_info != f->desc_sec)
			continue;
		d = elf_getdata(rs->scn, NULL);
		if (!d) {
			ret = table_bad(f, "unreadable .rela.vro_module");
			break;
		}
		n = d->d_size / sizeof(Elf64_Rela);
		for (j = 0; j < n && !ret; j++) {
			GElf_Rela r;

			if (!gelf_getrela(d, j, &r))
				ret = table_bad(f, "unreadable relocation");
			else
				ret = read_field_reloc(f, &r, seen);
			found++;
		}
	}
	if (!ret && found != f->desc.nr_sites)
		ret = table_bad(f, "not one relocation per site");
	free(seen);
	return ret;
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

/**
 * table_read_desc - read and check the VRO_MODULE() descriptor, if any
 * @f: a file vfile_open() accepted
 *
 * Sets @f->desc and @f->linked. A processed table with bytes after it is
 * reported and counted in @f->errors, and reading goes on.
 *
 * Return: 0, or -1 after reporting a descriptor that cannot be used.
 */
int table_read_desc(struct vfile *f)
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
 * table_read - load the sites of a module vrolink has already processed
 * @f: a file whose descriptor has VRO_DESC_LINKED (after vfile_collect())
 *
 * Every offset and index is bounds-checked: the table may come from a
 * corrupt or hostile file.
 *
 * Return: 0 with @f->sites filled and sorted, or -1 after reporting.
 */
int table_read(struct vfile *f)
{
	const struct vro_module_desc *desc = &f->desc;
	Elf_Data *d = section_data(f, f->desc_sec);
	uint64_t size = d ? d->d_size : 0;
	const uint8_t *buf = d ? d->d_buf : NULL;

	if (!buf)
		return table_bad(f, "no data");
	if (desc->sites_off < sizeof(*desc) || desc->sites_off % 8 ||
	    desc->sites_off > size ||
	    (size - desc->sites_off) / sizeof(struct vro_site) < desc->nr_sites)
		return table_bad(f, "site array out of range");
	if (desc->names_off > size || size - desc->names_off < desc->names_size)
		return table_bad(f, "name table out of range");
	if (desc->nr_sites &&
	    (!desc->names_size || buf[desc->names_off + desc->names_size - 1]))
		return table_bad(f, "name table not NUL-terminated");
	free(f->sites);
	f->nr_sites = 0;
	f->sites = calloc(desc->nr_sites + 1, sizeof(*f->sites));
	if (!f->sites)
		return table_bad(f, "out of memory");
	f->nr_sites = desc->nr_sites;
	if (read_entries(f, buf) || read_relocs(f))
		return -1;
	qsort(f->sites, f->nr_sites, sizeof(*f->sites), site_cmp);
	return 0;
}
