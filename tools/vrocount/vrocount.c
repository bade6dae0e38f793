// SPDX-License-Identifier: GPL-2.0
/*
 * vrocount - a QEMU TCG plugin that counts, for every guest kernel
 * instruction, how often it executed, and classifies it once, when its
 * block is translated: does it read or write a memory operand, is that
 * operand RIP-relative (global data: its address is known statically),
 * does it push or pop the stack. At exit it writes one line per
 * instruction; tools/vrocount/report folds them into per-function figures
 * with the guest's /proc/kallsyms (Documentation/measure.rst).
 *
 * Counting uses inline adds only: QEMU 7.2's memory callbacks keep firing
 * for accesses of later instructions (Documentation/measure.rst), so
 * no figure here depends on them. The adds are not atomic: run the guest
 * with one vCPU.
 *
 * A window: user code executing "movabs $VROCOUNT_MAGIC|cmd, %rax"
 * (tools/vrocount/vromark) zeroes every counter (cmd 1) or freezes a
 * snapshot of them (cmd 2); the file then holds the snapshot.
 *
 * Arguments (-plugin vrocount.so,out=FILE): out=FILE, the result file
 * (default vrocount.out).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>
#include <qemu-plugin.h>

#include "vrocount.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define VC_HASH_BITS	20
#define VC_SLAB		4096
#define VC_KERNEL_BASE	0xffff800000000000ULL

/* One instruction as translated: its address and bytes are its identity. */
struct vc_insn {
	uint64_t count;		/* executions (inline add) */
	uint64_t saved;		/* count when the window closed */
	uint64_t vaddr;
	uint64_t target;	/* RIP-relative operand's address, or 0 */
	uint32_t flags;		/* VC_* */
	uint8_t len;
	uint8_t bytes[16];
	struct vc_insn *next;	/* hash chain */
};

static struct vc_insn *vc_hash[1 << VC_HASH_BITS];
static struct vc_insn *vc_slab;
static unsigned int vc_slab_used = VC_SLAB;
static struct vc_insn **vc_all;		/* every entry, in creation order */
static size_t vc_nr, vc_cap;
static pthread_mutex_t vc_lock = PTHREAD_MUTEX_INITIALIZER;
static csh vc_cs;
static char *vc_out_path;
static int vc_window;			/* 0 whole run, 1 open, 2 closed */
static uint64_t vc_marks[3];

static unsigned int vc_hash_of(uint64_t vaddr)
{
	return (unsigned int)((vaddr * 0x9e3779b97f4a7c15ULL) >> (64 - VC_HASH_BITS));
}

static struct vc_insn *vc_new(void)
{
	struct vc_insn *e;

	if (vc_slab_used == VC_SLAB) {
		vc_slab = calloc(VC_SLAB, sizeof(*vc_slab));
		if (!vc_slab) {
			fprintf(stderr, "vrocount: out of memory\n");
			abort();
		}
		vc_slab_used = 0;
	}
	if (vc_nr == vc_cap) {
		vc_cap = vc_cap ? 2 * vc_cap : 65536;
		vc_all = realloc(vc_all, vc_cap * sizeof(*vc_all));
		if (!vc_all) {
			fprintf(stderr, "vrocount: out of memory\n");
			abort();
		}
	}
	e = &vc_slab[vc_slab_used++];
	vc_all[vc_nr++] = e;
	return e;
}

/* vc_classify() - VC_* flags of one x86-64 instruction, from capstone. */
static uint32_t vc_classify(const uint8_t *code, size_t len, uint64_t vaddr,
			    uint64_t *target)
{
	cs_insn *ci;
	cs_x86 *x;
	uint32_t flags = 0;
	int i;

	*target = 0;
	if (cs_disasm(vc_cs, code, len, vaddr, 1, &ci) != 1)
		return VC_UNDECODED;
	x = &ci->detail->x86;
	switch (ci->id) {
	case X86_INS_PUSH: case X86_INS_PUSHFQ: case X86_INS_CALL:
		flags |= VC_PUSH;
		break;
	case X86_INS_POP: case X86_INS_POPFQ: case X86_INS_RET:
	case X86_INS_LEAVE:
		flags |= VC_POP;
		break;
	}
	/* lea and the long nops name a memory operand they never access */
	if (ci->id == X86_INS_LEA || ci->id == X86_INS_NOP ||
	    ci->id == X86_INS_PREFETCH || ci->id == X86_INS_PREFETCHT0 ||
	    ci->id == X86_INS_PREFETCHT1 || ci->id == X86_INS_PREFETCHT2 ||
	    ci->id == X86_INS_PREFETCHNTA || ci->id == X86_INS_PREFETCHW)
		goto out;
	for (i = 0; i < x->op_count; i++) {
		cs_x86_op *op = &x->operands[i];

		if (op->type != X86_OP_MEM)
			continue;
		if (op->access & CS_AC_READ)
			flags |= VC_LOAD;
		if (op->access & CS_AC_WRITE)
			flags |= VC_STORE;
		if (!(op->access & (CS_AC_READ | CS_AC_WRITE)))
			flags |= VC_LOAD | VC_GUESSED;
		if (op->mem.base == X86_REG_RIP) {
			flags |= VC_RIP;
			*target = vaddr + ci->size + op->mem.disp;
		}
		if (op->mem.segment == X86_REG_GS)
			flags |= VC_GS;
	}
out:
	cs_free(ci, 1);
	return flags;
}

/* vc_lookup() - the entry for (vaddr, bytes), made and classified once. */
static struct vc_insn *vc_lookup(uint64_t vaddr, const uint8_t *code, size_t len)
{
	struct vc_insn **slot, *e;

	if (len > sizeof(e->bytes))
		len = sizeof(e->bytes);
	slot = &vc_hash[vc_hash_of(vaddr)];
	for (e = *slot; e; e = e->next)
		if (e->vaddr == vaddr && e->len == len && !memcmp(e->bytes, code, len))
			return e;
	e = vc_new();
	e->vaddr = vaddr;
	e->len = len;
	memcpy(e->bytes, code, len);
	e->flags = vc_classify(code, len, vaddr, &e->target);
	e->next = *slot;
	*slot = e;
	return e;
}

static void vc_mark(unsigned int vcpu __attribute__((unused)), void *udata)
{
	uint64_t cmd = (uint64_t)(uintptr_t)udata;
	size_t i;

	pthread_mutex_lock(&vc_lock);
	if (cmd < 3)
		vc_marks[cmd]++;
	if (cmd == VC_MARK_START) {
		for (i = 0; i < vc_nr; i++)
			vc_all[i]->count = 0;
		vc_window = 1;
	} else if (cmd == VC_MARK_STOP && vc_window == 1) {
		for (i = 0; i < vc_nr; i++)
			vc_all[i]->saved = vc_all[i]->count;
		vc_window = 2;
	}
	pthread_mutex_unlock(&vc_lock);
}

/* A user instruction "movabs $VROCOUNT_MAGIC|cmd, %rax" is a mark. */
static void vc_user_insn(struct qemu_plugin_insn *insn)
{
	const uint8_t *c = qemu_plugin_insn_data(insn);
	uint64_t imm;

	if (qemu_plugin_insn_size(insn) != 10 || c[0] != 0x48 || c[1] != 0xb8)
		return;
	memcpy(&imm, c + 2, sizeof(imm));
	if ((imm & ~0xffULL) != VROCOUNT_MAGIC)
		return;
	qemu_plugin_register_vcpu_insn_exec_cb(insn, vc_mark, QEMU_PLUGIN_CB_NO_REGS,
					       (void *)(uintptr_t)(imm & 0xff));
}

static void vc_tb_trans(qemu_plugin_id_t id __attribute__((unused)),
			struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;

	pthread_mutex_lock(&vc_lock);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
		struct vc_insn *e;

		if (vaddr < VC_KERNEL_BASE) {
			vc_user_insn(insn);
			continue;
		}
		e = vc_lookup(vaddr, qemu_plugin_insn_data(insn),
			      qemu_plugin_insn_size(insn));
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &e->count, 1);
	}
	pthread_mutex_unlock(&vc_lock);
}

static void vc_exit(qemu_plugin_id_t id __attribute__((unused)),
		    void *p __attribute__((unused)))
{
	char *tmp;
	FILE *f;
	size_t i, j;

	if (asprintf(&tmp, "%s.tmp", vc_out_path) < 0)
		return;
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vrocount: cannot write %s\n", tmp);
		return;
	}
	fprintf(f, "# vrocount %d: i VADDR COUNT FLAGS TARGET BYTES\n", VROCOUNT_FORMAT);
	fprintf(f, "vcpus=%d\n", qemu_plugin_n_vcpus());
	fprintf(f, "window=%s\n", vc_window == 2 ? "marked" : vc_window ? "open" : "run");
	fprintf(f, "marks_start=%" PRIu64 "\nmarks_stop=%" PRIu64 "\n",
		vc_marks[VC_MARK_START], vc_marks[VC_MARK_STOP]);
	for (i = 0; i < vc_nr; i++) {
		struct vc_insn *e = vc_all[i];
		uint64_t c = vc_window == 2 ? e->saved : e->count;

		if (!c)
			continue;
		fprintf(f, "i %" PRIx64 " %" PRIu64 " %x %" PRIx64 " ",
			e->vaddr, c, e->flags, e->target);
		for (j = 0; j < e->len; j++)
			fprintf(f, "%02x", e->bytes[j]);
		fputc('\n', f);
	}
	if (fclose(f) || rename(tmp, vc_out_path))
		fprintf(stderr, "vrocount: cannot write %s\n", vc_out_path);
	free(tmp);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	if (strcmp(info->target_name, "x86_64")) {
		fprintf(stderr, "vrocount: target %s: only x86_64\n", info->target_name);
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			vc_out_path = strdup(argv[i] + 4);
		} else {
			fprintf(stderr, "vrocount: unknown argument '%s' (out=FILE)\n", argv[i]);
			return -1;
		}
	}
	if (!vc_out_path)
		vc_out_path = strdup("vrocount.out");
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &vc_cs) != CS_ERR_OK) {
		fprintf(stderr, "vrocount: capstone: cannot open x86-64\n");
		return -1;
	}
	cs_option(vc_cs, CS_OPT_DETAIL, CS_OPT_ON);
	qemu_plugin_register_vcpu_tb_trans_cb(id, vc_tb_trans);
	qemu_plugin_register_atexit_cb(id, vc_exit, NULL);
	return 0;
}
