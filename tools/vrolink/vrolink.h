/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrolink.h - internal interfaces of the vro pre-link pass.
 *
 * elf.c opens and validates an x86-64 ET_REL object with libelf and reads
 * its sections and symbols; reloc.c collects every relocation against an
 * undefined __vro_* / __pv_* symbol, and decode.c (decode.h) checks its
 * instruction with the Capstone decoder; table.c reads the VRO_MODULE()
 * descriptor and an already-written site table; write.c writes the table
 * into the module; warn.c reports (warn.h).
 */
#ifndef _VROLINK_H
#define _VROLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gelf.h>
#include <linux/vro_abi.h>
#include "warn.h"

/* Largest section alignment accepted (pages are 4 KiB; keep a margin). */
#define VROLINK_MAX_ALIGN	(1ULL << 20)

struct section {
	Elf_Scn *scn;
	GElf_Shdr sh;
	const char *name;
	size_t idx;
};

struct symbol {
	GElf_Sym sym;
	const char *name;
	size_t idx;
};

/* place_str() flags */
#define PLACE_DATA	0x1	/* outside functions, name the data object */
#define PLACE_SECTION	0x2	/* "func+0xoff (.sect+0xoff)" */

/* One relocated field: where it is, what it refers to, how it is used. */
struct site {
	size_t sec;		/* index of the section holding the field */
	uint64_t offset;	/* section-relative offset of the field */
	const char *symbol;	/* "__vro_x" or "__pv_op" */
	size_t symidx;		/* its .symtab index */
	uint32_t rtype;		/* R_X86_64_* as found in the input */
	int64_t addend;
	size_t relsec;		/* the SHT_RELA section holding it ... */
	size_t relidx;		/* ... and its index there */
	int kind;		/* enum vro_site_kind, 0 if unchecked */
	uint8_t insn_off;
	uint8_t insn_len;
	bool pv;
};

struct vfile {
	const char *path;
	uint64_t size;		/* of the file, set before vfile_open(); 0: unknown */
	Elf *elf;
	GElf_Ehdr eh;
	size_t shnum;
	size_t shstrndx;
	struct section *secs;
	size_t symtab;		/* section index of .symtab (0: none) */
	struct symbol *syms;
	size_t nr_syms;
	struct symbol **funcs;	/* STT_FUNC symbols sorted by (shndx, value) */
	size_t nr_funcs;
	struct site *sites;
	size_t nr_sites;
	size_t desc_sec;	/* index of .vro_module (0: none) */
	struct vro_module_desc desc;
	bool linked;		/* desc has VRO_DESC_LINKED */
	bool builtin;		/* --builtin: an object of vmlinux, no VRO_MODULE() */
	int errors;
	bool quiet;		/* no diagnostics (fuzzing) */
	void *owned[6];		/* buffers handed to libelf by write.c */
	int nr_owned;
};

/* elf.c */
int vfile_open(struct vfile *f, const char *path, Elf *elf);
void vfile_close(struct vfile *f);
Elf_Data *section_data(struct vfile *f, size_t sec);
const struct symbol *func_at(const struct vfile *f, size_t sec,
			     uint64_t off);
char *place_str(const struct vfile *f, size_t sec, uint64_t off,
		unsigned int flags);
uint64_t region_start(const struct vfile *f, size_t sec, uint64_t off);

/* reloc.c */
int vfile_collect(struct vfile *f);
const char *rtype_name(uint32_t type);
bool rtype_is_call(uint32_t t);
int site_cmp(const void *a, const void *b);

/* table.c */
int table_read_desc(struct vfile *f);
int table_read(struct vfile *f);

/* write.c */
int vfile_link(struct vfile *f);

#define for_each_site(f, s) \
	for ((s) = (f)->sites; (s) < (f)->sites + (f)->nr_sites; (s)++)

#endif /* _VROLINK_H */
