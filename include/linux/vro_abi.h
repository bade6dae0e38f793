/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_abi.h - the site table that tools/vrolink writes into a module and
 * vro.ko reads at load time. Shared by the kernel side and the host tool,
 * so it uses only fixed-size __u/__s types and no kernel-only headers.
 *
 * Layout of the ".vro_module" section after vrolink has run:
 *
 *	struct vro_module_desc		(emitted by VRO_MODULE(), filled by vrolink)
 *	struct vro_site[nr_sites]	(at desc + sites_off, 8-byte aligned)
 *	char names[names_size]		(at desc + names_off, NUL-terminated names)
 *
 * Everything is reached from the descriptor by offsets, so the section can be
 * placed anywhere. The only relocations are one R_X86_64_PC32 per site, in
 * ".rela.vro_module", that let the stock module loader fill vro_site.field
 * with the distance from &site->field to the relocated instruction field.
 */
#ifndef _LINUX_VRO_ABI_H
#define _LINUX_VRO_ABI_H

#include <linux/types.h>

#define VRO_MODULE_SECTION	".vro_module"
#define VRO_ABI_MAGIC		0x564f5231	/* "VRO1" */
#define VRO_ABI_VERSION		1

/* Symbol prefixes vrolink acts on; it touches no other symbol. */
#define VRO_VALUE_PREFIX	"__vro_"	/* a value: __vro_<name> */
#define VRO_PV_PREFIX		"__pv_"		/* a pv op call: __pv_<op> */
#define VRO_PV_TRAMP_PREFIX	"pv_tramp_"	/* what an unpatched pv call reaches */

/*
 * A pv site: a 5-byte call/jmp rel32, or (the asm site of a callee-save
 * op, a call only) the call followed by NOPs, VRO_PV_SITE_MAX bytes at most.
 * vro_site.insn_len of a pv site is the whole site's length.
 */
#define VRO_PV_SITE_LEN		5
#define VRO_PV_SITE_MAX		10

/* vro_module_desc.flags */
#define VRO_DESC_LINKED		0x0001	/* vrolink has filled the table */

/**
 * struct vro_module_desc - per-module header of the site table
 * @magic: VRO_ABI_MAGIC
 * @version: VRO_ABI_VERSION
 * @flags: VRO_DESC_*; 0 until vrolink has run
 * @nr_sites: number of struct vro_site entries
 * @sites_off: byte offset of the first site from the start of this struct
 * @names_off: byte offset of the name table from the start of this struct
 * @names_size: size of the name table in bytes
 * @reserved: zero
 */
struct vro_module_desc {
	__u32 magic;
	__u16 version;
	__u16 flags;
	__u32 nr_sites;
	__u32 sites_off;
	__u32 names_off;
	__u32 names_size;
	__u64 reserved;
};

/* vro_site.type: the ELF relocation the site came from */
enum vro_reloc_type {
	VRO_RELOC_32 = 1,	/* R_X86_64_32: zero-extended imm32/disp32 */
	VRO_RELOC_32S = 2,	/* R_X86_64_32S: sign-extended imm32/disp32 */
	VRO_RELOC_64 = 3,	/* R_X86_64_64: movabs imm64 */
	VRO_RELOC_PC32 = 4,	/* R_X86_64_PC32: call/jmp rel32 */
	VRO_RELOC_PLT32 = 5,	/* R_X86_64_PLT32: call/jmp rel32 */
	VRO_RELOC_8 = 6,	/* R_X86_64_8: imm8 count of a shift (kind SHIFT*) */
};

/* vro_site.kind: what the instruction does with the field */
enum vro_site_kind {
	VRO_KIND_IMM = 1,	/* mov/cmp/and/add/imul/... immediate */
	VRO_KIND_DISP = 2,	/* lea displacement (address arithmetic) */
	VRO_KIND_CALL = 3,	/* call rel32 to a __pv_ op */
	VRO_KIND_JMP = 4,	/* jmp rel32 (tail call) to a __pv_ op */
	VRO_KIND_SHIFT32 = 5,	/* shl/shr/sar/rol/ror $imm8 of a 32-bit register */
	VRO_KIND_SHIFT64 = 6,	/* the same of a 64-bit register (REX.W) */
};

/*
 * A VRO_RELOC_8 site is the imm8, last byte, of "[REX] C1 /r ib" with a
 * register operand (ModRM mod 3) and r one of VRO_SHIFT_OPS: 3 bytes, or
 * 4 with a REX prefix (0x40..0x4f; REX.W set for VRO_KIND_SHIFT64). Its
 * value must be a valid count: 0..31 (SHIFT32) or 0..63 (SHIFT64).
 */
#define VRO_SHIFT_OPCODE	0xc1
#define VRO_SHIFT_OPS		0xb3	/* bit r: rol 0, ror 1, shl 4, shr 5, sar 7 */

/**
 * vro_shift_kind() - the kind of a VRO_RELOC_8 site's instruction
 * @insn: its bytes (the imm8 last)
 * @len: its length
 *
 * The one rule of the form, for tools/vrolink (which records the kind) and
 * vro.ko (which checks the recorded kind against the instruction).
 *
 * Return: VRO_KIND_SHIFT32 or VRO_KIND_SHIFT64, or 0 if @insn is not a
 * shift or rotate of a 32- or 64-bit register by an imm8.
 */
static inline int vro_shift_kind(const __u8 *insn, unsigned int len)
{
	__u8 rex = len == 4 ? insn[0] : 0x40;
	__u8 modrm;

	if (len != 3 && len != 4)
		return 0;
	modrm = insn[len - 2];
	if ((rex & 0xf0) != 0x40 || insn[len - 3] != VRO_SHIFT_OPCODE ||
	    (modrm >> 6) != 3 || !((VRO_SHIFT_OPS >> ((modrm >> 3) & 7)) & 1))
		return 0;
	return rex & 0x08 ? VRO_KIND_SHIFT64 : VRO_KIND_SHIFT32;
}

/**
 * struct vro_site - one relocated instruction field
 * @field: address of the field, relative to &site->field (PC32, filled by
 *	   the module loader from .rela.vro_module)
 * @name: offset in the name table of the symbol ("__vro_x" or "__pv_op")
 * @addend: the relocation's addend; the field holds S + A. For a pv call
 *	    it is -4 (also for a callee-save site, whose addend gave its
 *	    length), kept for --list.
 * @type: enum vro_reloc_type
 * @kind: enum vro_site_kind
 * @insn_off: bytes from the start of the instruction to the field
 * @insn_len: length of the whole instruction in bytes; for a pv site, of
 *	      the whole site (the call and its NOP padding, up to
 *	      VRO_PV_SITE_MAX). A vro.ko that predates long sites refuses a
 *	      pv site whose length is not 5, so the ABI version is unchanged.
 *
 * Before vro.ko patches it, a value field is zero (vrolink turns the value
 * relocation into R_X86_64_NONE) and a pv call field points at
 * pv_tramp_<op> (vrolink retargets the call relocation).
 */
struct vro_site {
	__s32 field;
	__u32 name;
	__s32 addend;
	__u8 type;
	__u8 kind;
	__u8 insn_off;
	__u8 insn_len;
};

#endif /* _LINUX_VRO_ABI_H */
