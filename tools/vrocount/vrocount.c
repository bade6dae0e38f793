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
 * snapshot of them (cmd 2); the file then holds the snapshot. A guest may
 * open and close several windows: the file holds the last one, and the
 * N-th stop writes its window to FILE.N at once.
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
#define VC_LINES_BITS	21

/* mem=on: per instruction, over the accesses of the window */
enum {
	VC_MEM_ACCESS,		/* accesses (a callback of this instruction) */
	VC_MEM_MISS,		/* misses of the modelled L1d */
	VC_MEM_NEWLINE,		/* first access to a line since the last boundary */
	VC_MEM_REJECTED,	/* callbacks that were not this instruction's */
	VC_MEM_BADADDR,		/* RIP-relative access not at its operand's address */
	VC_NR_MEM
};

/* One instruction as translated: its address and bytes are its identity. */
struct vc_insn {
	uint64_t count;		/* executions (inline add) */
	uint64_t saved;		/* count when the window closed */
	uint64_t vaddr;
	uint64_t target;	/* RIP-relative operand's address, or 0 */
	uint64_t mem[VC_NR_MEM];	/* mem=on: VC_MEM_* */
	uint64_t mem_saved[VC_NR_MEM];
	uint64_t *obj;		/* mem=on: accesses per object, then saved ones */
	uint32_t flags;		/* VC_* */
	uint8_t accesses;	/* memory accesses per execution, 0: not fixed */
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
static bool vc_mem_on;
static uint64_t vc_clock;		/* mem=on: +1 per instruction (inline) */
static struct vc_insn *vc_cur;		/* the last memory instruction to start */
static uint64_t vc_cur_clock;
static unsigned int vc_cur_n;		/* its accesses so far */

/* the modelled L1d: sets x ways of line tags, LRU by a use stamp */
static unsigned int vc_l1_size = 32768, vc_l1_ways = 8, vc_l1_line = 64;
static unsigned int vc_l1_sets, vc_line_shift;
static uint64_t *vc_l1_tag, *vc_l1_used, vc_l1_tick;
static bool vc_cold;			/* empty the model at each boundary */
static uint64_t vc_boundary;		/* kernel address whose execution is one */
static bool vc_want_boundary;		/* the next user movabs carries it */
static uint64_t vc_obj_start[VC_MAX_OBJECTS], vc_obj_end[VC_MAX_OBJECTS];
static unsigned int vc_nr_obj;
static int vc_want_object;		/* 2: the next movabs is a start, 1: an end */
static uint64_t vc_boundaries, vc_boundaries_saved;
/* lines touched since the last boundary: open addressing, stamped */
static uint64_t vc_line_key[1 << VC_LINES_BITS];
static uint32_t vc_line_gen[1 << VC_LINES_BITS], vc_gen = 1;

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

/* instructions whose accesses vc_classify() does not count */
static bool vc_many_accesses(unsigned int id)
{
	switch (id) {
	case X86_INS_IRET: case X86_INS_IRETQ: case X86_INS_RETF: case X86_INS_RETFQ:
	case X86_INS_ENTER: case X86_INS_FXSAVE64: case X86_INS_FXRSTOR64:
	case X86_INS_XSAVE: case X86_INS_XSAVEC: case X86_INS_XSAVEOPT:
	case X86_INS_XSAVEOPT64: case X86_INS_XSAVES: case X86_INS_XRSTOR:
	case X86_INS_XRSTORS: case X86_INS_LGDT: case X86_INS_XRSTOR64:
	case X86_INS_XSAVE64: case X86_INS_XSAVEC64: case X86_INS_XSAVES64:
	case X86_INS_XRSTORS64: case X86_INS_FXSAVE: case X86_INS_FXRSTOR:
		return true;
	}
	return false;
}

/* vc_classify() - VC_* flags of one x86-64 instruction, from capstone. */
static uint32_t vc_classify(const uint8_t *code, size_t len, uint64_t vaddr,
			    uint64_t *target, uint8_t *accesses)
{
	cs_insn *ci;
	cs_x86 *x;
	uint32_t flags = 0;
	unsigned int k = 0;
	int i;

	*target = 0;
	*accesses = 0;
	if (cs_disasm(vc_cs, code, len, vaddr, 1, &ci) != 1)
		return VC_UNDECODED;
	x = &ci->detail->x86;
	switch (ci->id) {
	case X86_INS_PUSH: case X86_INS_PUSHFQ: case X86_INS_CALL:
		flags |= VC_PUSH;
		k++;
		break;
	case X86_INS_POP: case X86_INS_POPFQ: case X86_INS_RET:
	case X86_INS_LEAVE:
		flags |= VC_POP;
		k++;
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
		/* capstone 4 says read; the CPU (and QEMU) always write back */
		if (ci->id == X86_INS_CMPXCHG || ci->id == X86_INS_CMPXCHG8B ||
		    ci->id == X86_INS_CMPXCHG16B)
			op->access |= CS_AC_READ | CS_AC_WRITE;
		if (op->access & CS_AC_READ)
			flags |= VC_LOAD;
		if (op->access & CS_AC_WRITE)
			flags |= VC_STORE;
		if (!(op->access & (CS_AC_READ | CS_AC_WRITE)))
			flags |= VC_LOAD | VC_GUESSED;
		/* QEMU makes a wider access out of 8-byte ones */
		k += (!!(op->access & CS_AC_READ) + !!(op->access & CS_AC_WRITE)) *
		     (op->size > 8 ? (op->size + 7) / 8 : 1);
		if (op->mem.base == X86_REG_RIP) {
			flags |= VC_RIP;
			*target = vaddr + ci->size + op->mem.disp;
		}
		if (op->mem.segment == X86_REG_GS)
			flags |= VC_GS;
	}
	/* a fixed number of accesses per execution, unless repeated or many */
	if (!(flags & VC_GUESSED) && k < 255 && !x->prefix[0] &&
	    !vc_many_accesses(ci->id))
		*accesses = k;
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
	e->flags = vc_classify(code, len, vaddr, &e->target, &e->accesses);
	e->next = *slot;
	*slot = e;
	return e;
}

static void vc_model_empty(void)
{
	if (vc_l1_tag)
		memset(vc_l1_tag, 0xff, sizeof(*vc_l1_tag) * vc_l1_sets * vc_l1_ways);
}

/* vc_l1_access() - one line through the modelled L1d; true on a miss. */
static bool vc_l1_access(uint64_t line)
{
	unsigned int set = line & (vc_l1_sets - 1), w, lru = 0;
	uint64_t *tag = &vc_l1_tag[set * vc_l1_ways];
	uint64_t *used = &vc_l1_used[set * vc_l1_ways];

	vc_l1_tick++;
	for (w = 0; w < vc_l1_ways; w++) {
		if (tag[w] == line) {
			used[w] = vc_l1_tick;
			return false;
		}
		if (tag[w] == ~0ULL || used[w] < used[lru])
			lru = w;
		if (tag[w] == ~0ULL)
			break;
	}
	tag[lru] = line;
	used[lru] = vc_l1_tick;
	return true;
}

/* vc_line_new() - true the first time a line is seen since the last boundary. */
static bool vc_line_new(uint64_t line)
{
	unsigned int mask = (1U << VC_LINES_BITS) - 1;
	unsigned int h = (unsigned int)((line * 0x9e3779b97f4a7c15ULL) >> 40) & mask;

	for (;;) {
		if (vc_line_gen[h] != vc_gen) {
			vc_line_gen[h] = vc_gen;
			vc_line_key[h] = line;
			return true;
		}
		if (vc_line_key[h] == line)
			return false;
		h = (h + 1) & mask;
	}
}

static void vc_at_boundary(unsigned int vcpu __attribute__((unused)),
			   void *udata __attribute__((unused)))
{
	if (vc_window != 1)
		return;
	vc_boundaries++;
	vc_gen++;
	if (vc_cold)
		vc_model_empty();
}

static void vc_write_window(void);

static void vc_mark(unsigned int vcpu __attribute__((unused)), void *udata)
{
	uint64_t cmd = (uint64_t)(uintptr_t)udata;
	size_t i;

	pthread_mutex_lock(&vc_lock);
	if (cmd < 3)
		vc_marks[cmd]++;
	if (cmd == VC_MARK_START) {
		for (i = 0; i < vc_nr; i++) {
			vc_all[i]->count = 0;
			memset(vc_all[i]->mem, 0, sizeof(vc_all[i]->mem));
			if (vc_all[i]->obj)
				memset(vc_all[i]->obj, 0, VC_MAX_OBJECTS * sizeof(uint64_t));
		}
		vc_model_empty();
		vc_gen++;
		vc_boundaries = 0;
		vc_window = 1;
	} else if (cmd == VC_MARK_STOP && vc_window == 1) {
		for (i = 0; i < vc_nr; i++) {
			vc_all[i]->saved = vc_all[i]->count;
			memcpy(vc_all[i]->mem_saved, vc_all[i]->mem, sizeof(vc_all[i]->mem));
			if (vc_all[i]->obj)
				memcpy(vc_all[i]->obj + VC_MAX_OBJECTS, vc_all[i]->obj,
				       VC_MAX_OBJECTS * sizeof(uint64_t));
		}
		vc_boundaries_saved = vc_boundaries;
		vc_window = 2;
		vc_write_window();
	} else if (cmd == VC_MARK_BOUNDARY) {
		vc_want_boundary = true;
	} else if (cmd == VC_MARK_OBJECT && vc_nr_obj < VC_MAX_OBJECTS) {
		vc_want_object = 2;
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
	if ((imm & ~0xffULL) != VROCOUNT_MAGIC) {
		/* vc_tb_trans() holds vc_lock */
		if (vc_want_boundary && imm >= VC_KERNEL_BASE) {
			vc_boundary = imm;
			vc_want_boundary = false;
		} else if (vc_want_object == 2) {
			vc_obj_start[vc_nr_obj] = imm;
			vc_want_object = 1;
		} else if (vc_want_object == 1) {
			vc_obj_end[vc_nr_obj++] = imm;
			vc_want_object = 0;
		}
		return;
	}
	qemu_plugin_register_vcpu_insn_exec_cb(insn, vc_mark, QEMU_PLUGIN_CB_NO_REGS,
					       (void *)(uintptr_t)(imm & 0xff));
}

static void vc_insn_start(unsigned int vcpu __attribute__((unused)), void *udata)
{
	vc_cur = udata;
	vc_cur_clock = vc_clock;
	vc_cur_n = 0;
}

/* an accepted access: count it for the named object it falls in */
static void vc_count_object(struct vc_insn *e, uint64_t vaddr)
{
	unsigned int i;

	for (i = 0; i < vc_nr_obj; i++) {
		if (vaddr < vc_obj_start[i] || vaddr >= vc_obj_end[i])
			continue;
		if (!e->obj) {
			e->obj = calloc(2 * VC_MAX_OBJECTS, sizeof(uint64_t));
			if (!e->obj) {
				fprintf(stderr, "vrocount: out of memory\n");
				abort();
			}
		}
		e->obj[i]++;
		return;
	}
}

/*
 * A memory callback. QEMU 7.2 leaves an instruction's memory callbacks
 * armed when its block ends inside it (call, ret, a fault), so they also
 * fire for later accesses. Every kernel instruction that accesses memory
 * registers its own and an execution callback that stamps it with the
 * instruction clock: an access is this instruction's only if it was the
 * last to start and no instruction has started since (its own inline
 * clock add runs after its execution callback: distance 1), and, when the
 * instruction makes a known number of accesses, only that many: an
 * interrupt's frame pushed right after a call fires the call's callbacks.
 */
static void vc_mem(unsigned int vcpu __attribute__((unused)),
		   qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
	struct vc_insn *e = udata;
	uint64_t first, last, line;

	if (vc_window != 1)
		return;
	if (e != vc_cur || vc_clock - vc_cur_clock != 1 ||
	    (e->accesses && vc_cur_n >= e->accesses)) {
		e->mem[VC_MEM_REJECTED]++;
		return;
	}
	vc_cur_n++;
	e->mem[VC_MEM_ACCESS]++;
	if ((e->flags & VC_RIP) && !(e->flags & (VC_GS | VC_PUSH | VC_POP)) &&
	    vaddr - e->target >= 64)
		e->mem[VC_MEM_BADADDR]++;
	vc_count_object(e, vaddr);
	first = vaddr >> vc_line_shift;
	last = (vaddr + (1U << qemu_plugin_mem_size_shift(info)) - 1) >> vc_line_shift;
	for (line = first; line <= last; line++) {
		if (vc_l1_access(line))
			e->mem[VC_MEM_MISS]++;
		if (vc_line_new(line))
			e->mem[VC_MEM_NEWLINE]++;
	}
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

		if (vc_mem_on)
			qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
								   &vc_clock, 1);
		if (vaddr < VC_KERNEL_BASE) {
			vc_user_insn(insn);
			continue;
		}
		e = vc_lookup(vaddr, qemu_plugin_insn_data(insn),
			      qemu_plugin_insn_size(insn));
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &e->count, 1);
		if (vc_mem_on && vaddr == vc_boundary)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, vc_at_boundary,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
		if (vc_mem_on && (e->flags & (VC_LOAD | VC_STORE | VC_PUSH | VC_POP))) {
			qemu_plugin_register_vcpu_insn_exec_cb(insn, vc_insn_start,
							       QEMU_PLUGIN_CB_NO_REGS, e);
			qemu_plugin_register_vcpu_mem_cb(insn, vc_mem, QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW, e);
		}
	}
	pthread_mutex_unlock(&vc_lock);
}

/*
 * vc_write - write the counts to PATH: the snapshot of the last closed
 * window, else the counts so far. Called at exit, and at each stop for
 * that window's own file.
 */
static void vc_write(const char *path)
{
	char *tmp;
	FILE *f;
	size_t i, j;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
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
	if (vc_mem_on)
		fprintf(f, "mem=on\nl1d=%u:%u:%u\ncold=%d\nboundary=%" PRIx64
			"\nboundaries=%" PRIu64 "\n",
			vc_l1_size, vc_l1_ways, vc_l1_line, vc_cold, vc_boundary,
			vc_window == 2 ? vc_boundaries_saved : vc_boundaries);
	for (i = 0; i < vc_nr_obj; i++)
		fprintf(f, "object=%zu %" PRIx64 " %" PRIx64 "\n", i, vc_obj_start[i], vc_obj_end[i]);
	for (i = 0; i < vc_nr; i++) {
		struct vc_insn *e = vc_all[i];
		uint64_t c = vc_window == 2 ? e->saved : e->count;

		if (!c)
			continue;
		fprintf(f, "i %" PRIx64 " %" PRIu64 " %x %" PRIx64 " ",
			e->vaddr, c, e->flags, e->target);
		for (j = 0; j < e->len; j++)
			fprintf(f, "%02x", e->bytes[j]);
		for (j = 0; vc_mem_on && j < VC_NR_MEM; j++)
			fprintf(f, " %" PRIu64, vc_window == 2 ? e->mem_saved[j] : e->mem[j]);
		fputc('\n', f);
		for (j = 0; e->obj && j < vc_nr_obj; j++) {
			uint64_t n = e->obj[j + (vc_window == 2 ? VC_MAX_OBJECTS : 0)];

			if (n)
				fprintf(f, "o %" PRIx64 " %zu %" PRIu64 "\n", e->vaddr, j, n);
		}
	}
	if (fclose(f) || rename(tmp, path))
		fprintf(stderr, "vrocount: cannot write %s\n", path);
	free(tmp);
}

static void vc_exit(qemu_plugin_id_t id __attribute__((unused)),
		    void *p __attribute__((unused)))
{
	vc_write(vc_out_path);
}

/* vc_write_window - at a stop, the closed window's counts to OUT.N (vc_lock) */
static void vc_write_window(void)
{
	char *path;

	if (asprintf(&path, "%s.%" PRIu64, vc_out_path, vc_marks[VC_MARK_STOP]) < 0)
		return;
	vc_write(path);
	free(path);
}

static bool vc_pow2(unsigned int x)
{
	return x && !(x & (x - 1));
}

static int vc_l1_setup(void)
{
	if (!vc_pow2(vc_l1_line) || !vc_l1_ways || vc_l1_size % (vc_l1_ways * vc_l1_line) ||
	    !vc_pow2(vc_l1_size / (vc_l1_ways * vc_l1_line))) {
		fprintf(stderr, "vrocount: l1d=%u:%u:%u: the line and the number of sets (size / (ways * line)) must be powers of two\n",
			vc_l1_size, vc_l1_ways, vc_l1_line);
		return -1;
	}
	vc_l1_sets = vc_l1_size / (vc_l1_ways * vc_l1_line);
	vc_line_shift = __builtin_ctz(vc_l1_line);
	vc_l1_tag = calloc((size_t)vc_l1_sets * vc_l1_ways, sizeof(*vc_l1_tag));
	vc_l1_used = calloc((size_t)vc_l1_sets * vc_l1_ways, sizeof(*vc_l1_used));
	if (!vc_l1_tag || !vc_l1_used) {
		fprintf(stderr, "vrocount: out of memory\n");
		return -1;
	}
	vc_model_empty();
	return 0;
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
		} else if (!strcmp(argv[i], "mem=on")) {
			vc_mem_on = true;
		} else if (!strcmp(argv[i], "cold=on")) {
			vc_cold = true;
		} else if (!strncmp(argv[i], "l1d=", 4)) {
			if (sscanf(argv[i] + 4, "%u:%u:%u", &vc_l1_size, &vc_l1_ways,
				   &vc_l1_line) != 3) {
				fprintf(stderr, "vrocount: l1d=%s: not SIZE:WAYS:LINE\n", argv[i] + 4);
				return -1;
			}
		} else {
			fprintf(stderr, "vrocount: unknown argument '%s' (out=FILE, mem=on, l1d=SIZE:WAYS:LINE, cold=on)\n",
				argv[i]);
			return -1;
		}
	}
	if (!vc_out_path)
		vc_out_path = strdup("vrocount.out");
	if (vc_mem_on && vc_l1_setup())
		return -1;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &vc_cs) != CS_ERR_OK) {
		fprintf(stderr, "vrocount: capstone: cannot open x86-64\n");
		return -1;
	}
	cs_option(vc_cs, CS_OPT_DETAIL, CS_OPT_ON);
	qemu_plugin_register_vcpu_tb_trans_cb(id, vc_tb_trans);
	qemu_plugin_register_atexit_cb(id, vc_exit, NULL);
	return 0;
}
