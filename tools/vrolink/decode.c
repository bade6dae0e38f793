// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - check every site's instruction with the Capstone decoder.
 *
 * Every site is decoded from the start of its function: the field must be
 * exactly the immediate or displacement of one instruction (a pv site: the
 * rel32 of a call or jmp).
 */
#include <capstone.h>
#include "vrolink.h"
#include "decode.h"

/* Capstone, and its position kept across the sorted sites of one function. */
struct decoder {
	csh cs;
	cs_insn *in;		/* the instruction decoded last */
	size_t sec;
	uint64_t start;		/* where decoding of this region began */
	uint64_t addr;		/* start of the last decoded instruction */
	bool valid;
};

static unsigned int field_width(uint32_t rtype)
{
	if (rtype == R_X86_64_8)
		return 1;
	return rtype == R_X86_64_64 ? 8 : 4;
}

/*
 * An 8-bit value field (R_X86_64_8) is accepted only as the count of a
 * shift or rotate of a 32- or 64-bit register by an imm8, the form of
 * vro_shr32() and the other helpers (vro_shift_kind(), vro_abi.h): its
 * kind records the operand size, which bounds the values vro.ko writes.
 * Return: the kind, or 0 after reporting the site.
 */
static int classify_shift(struct vfile *f, const cs_insn *in, struct site *s)
{
	uint64_t rel = s->offset - in->address;
	int kind = 0;

	if (rel + 1 == in->size)
		kind = vro_shift_kind(in->bytes, in->size);
	if (!kind)
		vwarn_site(f, s->sec, s->offset, s->symbol,
			   "unsupported use of an 8-bit field: only the count of shl, shr, sar, rol or ror $imm8 on a 32- or 64-bit register takes a VRO in 8 bits (vro_shr32() and the other shift helpers of <linux/vro.h>), not \"%s %s\" (%s%+lld)",
			   in->mnemonic, in->op_str, rtype_name(s->rtype),
			   (long long)s->addend);
	return kind;
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
 * The length of the pv site whose call or jmp is @dec->in: 5 for a compiler's
 * call (addend -4), or, for the asm site of a callee-save op (vro_pv.h emits
 * "call __pv_<op>+<len>" then NOPs), the call and the NOPs that follow it,
 * each checked with the decoder. 0 and a diagnostic for anything else.
 */
static unsigned int pv_site_len(struct vfile *f, struct decoder *dec,
				struct site *s)
{
	const cs_insn *in = dec->in;
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
	nop = cs_malloc(dec->cs);
	if (!nop)
		return 0;
	code = (const uint8_t *)d->d_buf + addr;
	size = end - addr;
	while (ok && addr < end) {
		ok = cs_disasm_iter(dec->cs, &code, &size, &addr, nop) &&
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

/* Classify the field at @s->offset inside the decoded instruction. */
static void classify(struct vfile *f, struct decoder *dec, struct site *s)
{
	const cs_insn *in = dec->in;
	const cs_x86_encoding *e = &in->detail->x86.encoding;
	unsigned int w = field_width(s->rtype);
	uint64_t rel = s->offset - in->address;
	const char *why = NULL;
	int kind = 0;

	if (!s->pv && s->rtype == R_X86_64_8) {
		kind = classify_shift(f, in, s);
		if (!kind)
			return;
	} else if (!s->pv && rtype_is_call(s->rtype)) {
		if (e->disp_offset && rel == e->disp_offset &&
		    in->id != X86_INS_LEA)
			why = "dereferences the VRO: reads memory at the VRO's address (vro(p)->field with an integer VRO as the pointer?); read the pointer with vro_wide() (or vro() of a pointer VRO) and dereference that";
		else
			why = "unsupported relocation type for a value (PC-relative)";
	} else if (s->pv) {
		bool branch = in->id == X86_INS_CALL ||
			      cs_insn_group(dec->cs, in, X86_GRP_JUMP);

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
		s->insn_len = pv_site_len(f, dec, s);
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

static void decode_site(struct vfile *f, struct decoder *dec, struct site *s)
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
	if (!dec->valid || dec->sec != s->sec || dec->start != start ||
	    dec->addr > s->offset) {
		dec->sec = s->sec;
		dec->start = start;
		dec->addr = start;
		dec->valid = true;
	}
	addr = dec->addr;
	code = (const uint8_t *)d->d_buf + addr;
	size = d->d_size - addr;
	while (cs_disasm_iter(dec->cs, &code, &size, &addr, dec->in)) {
		if (s->offset < dec->in->address + dec->in->size) {
			dec->addr = dec->in->address;
			classify(f, dec, s);
			return;
		}
	}
	dec->valid = false;
	vwarn_site(f, s->sec, s->offset, s->symbol,
		   "cannot decode the instruction at %s+0x%llx",
		   f->secs[s->sec].name, (unsigned long long)addr);
}

/**
 * decode_sites - check the instruction of every site
 * @f: a file whose sites are collected and sorted by (section, offset)
 *
 * Sets each good site's kind and instruction offset and length; a bad one
 * is reported and counted in @f->errors.
 *
 * Return: 0, or -1 if the decoder cannot be set up.
 */
int decode_sites(struct vfile *f)
{
	struct decoder dec = { 0 };
	struct site *s;
	int ret = -1;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &dec.cs) != CS_ERR_OK) {
		vwarn_file(f, "cannot open the Capstone x86-64 decoder");
		return -1;
	}
	cs_option(dec.cs, CS_OPT_DETAIL, CS_OPT_ON);
	dec.in = cs_malloc(dec.cs);
	if (!dec.in) {
		vwarn_file(f, "out of memory");
		goto close_cs;
	}
	for_each_site(f, s)
		decode_site(f, &dec, s);
	cs_free(dec.in, 1);
	ret = 0;
close_cs:
	cs_close(&dec.cs);
	return ret;
}
