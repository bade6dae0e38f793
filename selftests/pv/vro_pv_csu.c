// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_csu.c - in-guest test of callee-save pv sites (op set "pcs" of
 * vro_pv_cs.ko), loaded once per backend (expect=c|asm|tmpl) after
 * "pcs:<backend>" was written to vro.pv.
 *
 * Register preservation: an asm harness loads a known pattern into every
 * general-purpose register but %rsp, calls through a callee-save site of
 * each form (the 5-byte pcs_add site, the 10-byte pcs_long site; in .text,
 * patched at load, and in .init.text, which stays on the trampoline), and
 * stores every register afterwards: all but %rax must be unchanged, %rax
 * the op's result. The same ops through compiler-placed pv_call() sites
 * must agree with direct calls of the C functions. Registration refusals:
 * a template longer than its op's sites (-E2BIG), a plain C function for a
 * callee-save op (-EINVAL), an asm function without ENDBR on a kernel
 * with IBT (-EINVAL; accepted without IBT), a live switch that would
 * rewrite a template (-EBUSY).
 *
 * Results, KSTM style: /sys/kernel/debug/vro_pv_csu_tap (selftests/lib/ktap.h).
 */
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/objtool.h>
#include "ksite.h"
#include "ktap.h"
#include "vro_pv_cs.h"

VRO_MODULE();

static char *expect = "c";
module_param(expect, charp, 0444);
MODULE_PARM_DESC(expect, "backend of op set pcs the sites must reach: c, asm, tmpl or clobber");

/* ------------------------------------------------------------ harness */

/* GPRs but %rsp, in this order: the harness's in[] and out[] index. */
enum { R_AX, R_BX, R_CX, R_DX, R_SI, R_DI, R_BP, R_8, R_9, R_10, R_11,
	R_12, R_13, R_14, R_15, NR_REGS };

static const char *const reg_names[NR_REGS] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15",
};

/**
 * struct csu_regs - what a harness loads and finds
 * @in: loaded into each register before the site (%rdi, %rsi: arguments)
 * @out: each register right after the site
 */
struct csu_regs {
	u64 in[NR_REGS];
	u64 out[NR_REGS];
};

/* CSU_HARNESS() stores out[] at 120(%rax) and up. */
static_assert(offsetof(struct csu_regs, out) == 120);

#define CSU_OUT(r)	__stringify(8 * NR_REGS) "+8*" __stringify(r)

/*
 * A harness: save the callee-saved registers, load in[], the callee-save
 * site exactly as pv_call() emits it (call __pv_<op>+<len>, NOPs), store
 * every register in out[], restore.
 */
#define CSU_HARNESS(name, section, op, len)				\
	asm(".pushsection " section ", \"ax\"\n"			\
	    ".weak __pv_" #op "\n"					\
	    ".type " #name ", @function\n"				\
	    #name ":\n"							\
	    ASM_ENDBR						\
	    "push %rbx\n push %rbp\n push %r12\n push %r13\n"		\
	    "push %r14\n push %r15\n push %rdi\n"			\
	    "mov 0(%rdi), %rax\n mov 8(%rdi), %rbx\n"			\
	    "mov 16(%rdi), %rcx\n mov 24(%rdi), %rdx\n"			\
	    "mov 32(%rdi), %rsi\n mov 48(%rdi), %rbp\n"			\
	    "mov 56(%rdi), %r8\n mov 64(%rdi), %r9\n"			\
	    "mov 72(%rdi), %r10\n mov 80(%rdi), %r11\n"			\
	    "mov 88(%rdi), %r12\n mov 96(%rdi), %r13\n"			\
	    "mov 104(%rdi), %r14\n mov 112(%rdi), %r15\n"		\
	    "mov 40(%rdi), %rdi\n"					\
	    "mov %rsp, pcs_site_rsp(%rip)\n"				\
	    "call __pv_" #op "+" #len "\n"				\
	    ".nops " #len "-5\n"					\
	    "push %rax\n mov 8(%rsp), %rax\n"				\
	    "mov %rbx, 128(%rax)\n mov %rcx, 136(%rax)\n"		\
	    "mov %rdx, 144(%rax)\n mov %rsi, 152(%rax)\n"		\
	    "mov %rdi, 160(%rax)\n mov %rbp, 168(%rax)\n"		\
	    "mov %r8, 176(%rax)\n mov %r9, 184(%rax)\n"			\
	    "mov %r10, 192(%rax)\n mov %r11, 200(%rax)\n"		\
	    "mov %r12, 208(%rax)\n mov %r13, 216(%rax)\n"		\
	    "mov %r14, 224(%rax)\n mov %r15, 232(%rax)\n"		\
	    "pop %rbx\n mov %rbx, 120(%rax)\n"				\
	    "pop %rdi\n pop %r15\n pop %r14\n pop %r13\n"		\
	    "pop %r12\n pop %rbp\n pop %rbx\n"				\
	    ASM_RET							\
	    ".size " #name ", . - " #name "\n"				\
	    ".popsection\n");						\
	void (name)(struct csu_regs *r)

CSU_HARNESS(csu_h_add, ".text", pcs_add, 5);
CSU_HARNESS(csu_h_long, ".text", pcs_long, 10);
/* In init text: never patched, the site calls the trampoline. */
CSU_HARNESS(csu_h_add_tramp, ".init.text", pcs_add, 5);
CSU_HARNESS(csu_h_long_tramp, ".init.text", pcs_long, 10);

/* ------------------------------------------------------------- checks */

/* VRO_PV_CHECK_DEPTH if the sites reach checking slots (vro.pv_check_cs) */
static long long t_check_depth;

/* Run harness @h with arguments @a, @b; want %rax == @want, rest kept. */
static void t_harness(void (*h)(struct csu_regs *r), const char *what,
		      u64 a, u64 b, u64 want)
{
	struct csu_regs r;
	unsigned int i, bad = 0;

	for (i = 0; i < NR_REGS; i++)
		r.in[i] = 0x0101010101010101ULL * (i + 1) ^ 0xa5c3000000005a3cULL;
	r.in[R_DI] = a;
	r.in[R_SI] = b;
	memset(r.out, 0, sizeof(r.out));
	h(&r);
	for (i = 1; i < NR_REGS; i++) {
		if (r.out[i] != r.in[i]) {
			vt_diag("%s: %%%s was %#llx, is %#llx", what,
				reg_names[i], r.in[i], r.out[i]);
			bad++;
		}
	}
	vt_ok(!bad && r.out[R_AX] == want,
	      "[%s] %s: every register but rax kept (%u changed), rax %#llx (want %#llx)",
	     expect, what, bad, r.out[R_AX], want);
	/*
	 * A trampoline tail-jumps: nothing of it is on the stack. With
	 * vro.pv_check_cs=1 the checking slot's frame is (a fixed size).
	 */
	if (!strcmp(expect, "asm"))
		vt_ok(pcs_asm_rsp == pcs_site_rsp - 8 - t_check_depth,
		      "[asm] %s: the function is entered with only the site's return address on the stack%s (entry %%rsp = site %%rsp - %lld, want %lld)",
		     what, t_check_depth ? " and the checking slot's frame" : "",
		     (s64)(pcs_site_rsp - pcs_asm_rsp), 8LL + t_check_depth);
}

static noinline __attribute__((noipa)) u64 t_add(u64 a, u64 b)
{
	return pv_call(pcs_add, a, b);
}

static noinline __attribute__((noipa)) u64 t_long(u64 a)
{
	return pv_call(pcs_long, a);
}

/* A caller with values live across the site: they must survive it. */
static noinline __attribute__((noipa)) u64 t_live(u64 a, u64 b, u64 c)
{
	u64 x = pv_call(pcs_add, a, b);
	u64 y = pv_call(pcs_long, c);

	return x ^ (y * 3) ^ (a << 1) ^ (b << 2) ^ (c << 3);
}

/*
 * The same callers with C-ABI calls: a DECLARE_PV_OP() site is a plain
 * call, so the compiler's code around it is that of a call to an extern
 * function (selftests/pv/cs_code.sh compares them).
 */
static noinline __attribute__((noipa)) u64 t_live_cabi(u64 a, u64 b, u64 c)
{
	u64 x = pcs_add_c(a, b);
	u64 y = pcs_long_c(c);

	return x ^ (y * 3) ^ (a << 1) ^ (b << 2) ^ (c << 3);
}

/* A loop: the pointer, the index, the bound, the sum live across. */
static noinline __attribute__((noipa))
u64 t_loop(const u64 *v, unsigned int n, u64 k)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += pv_call(pcs_add, v[i], k) ^ i;
	return sum;
}

static noinline __attribute__((noipa))
u64 t_loop_cabi(const u64 *v, unsigned int n, u64 k)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += pcs_add_c(v[i], k) ^ i;
	return sum;
}

static const u64 t_vals[] = { 0, 1, 0x7f, 0xdeadbeef, 0x123456789abcdefULL,
			      ~0ULL, 1ULL << 63 };

static void t_results(void)
{
	unsigned int i, j, bad = 0;

	for (i = 0; i < ARRAY_SIZE(t_vals); i++) {
		for (j = 0; j < ARRAY_SIZE(t_vals); j++) {
			u64 a = t_vals[i], b = t_vals[j];
			u64 live = pcs_add_c(a, b) ^ (pcs_long_c(b) * 3) ^
				   (a << 1) ^ (b << 2) ^ (b << 3);

			bad += t_add(a, b) != pcs_add_c(a, b);
			bad += t_long(a) != pcs_long_c(a);
			bad += t_live(a, b, b) != live;
			bad += t_live_cabi(a, b, b) != live;
		}
		bad += t_loop(t_vals, ARRAY_SIZE(t_vals), t_vals[i]) !=
		       t_loop_cabi(t_vals, ARRAY_SIZE(t_vals), t_vals[i]);
	}
	vt_ok(!bad, "[%s] pv_call() sites of pcs_add, pcs_long and a caller with live values agree with direct calls (%u mismatches)",
	      expect, bad);
}

/*
 * Narrow results: a caller of each narrow op in .text (its site is patched
 * into a direct call) and one in .init.text (never patched: the trampoline,
 * which leaves the target's address in %rax). %rax is all ones before the
 * site, so a function that writes only its type's part of %rax (the "asm"
 * backend) leaves garbage above it either way: pv_call() must return the
 * type's part only.
 */
#define T_NARROW(type, op)						\
static noinline __attribute__((noipa)) type t_##op(u64 a)		\
{									\
	asm volatile("mov $-1, %%rax" : : : "rax");			\
	return pv_call(op, a);						\
}									\
static noinline __attribute__((noipa)) __init type t_##op##_tramp(u64 a) \
{									\
	asm volatile("mov $-1, %%rax" : : : "rax");			\
	return pv_call(op, a);						\
}

T_NARROW(bool, pcs_bool)
T_NARROW(u8, pcs_u8)
T_NARROW(u16, pcs_u16)
T_NARROW(u32, pcs_u32)
T_NARROW(s32, pcs_s32)
T_NARROW(void *, pcs_ptr)

static const u64 t_narrow_vals[] __initconst = {
	0, 1, 2, 0xff, 0x100, 0x1fe, 0x8000, 0xffff, 0x10000, 0x7fffffff,
	0x80000000, 0xffffffff, 0x100000000ULL, 0x123456789abcdef0ULL, ~0ULL,
};

/* Both callers of @op against @want (an expression of a), per path. */
#define T_NARROW_CHECK(type, op, want)					\
do {									\
	unsigned int i, bad_call = 0, bad_tramp = 0;			\
									\
	for (i = 0; i < ARRAY_SIZE(t_narrow_vals); i++) {		\
		u64 a = t_narrow_vals[i];				\
		type w = (want);					\
									\
		bad_call += t_##op(a) != w;				\
		bad_tramp += t_##op##_tramp(a) != w;			\
	}								\
	vt_ok(!bad_call, "[%s] " #op " returns " #type ": through a patched call the result is exactly the type's part of %%rax (%u of %zu wrong)", \
	     expect, bad_call, ARRAY_SIZE(t_narrow_vals));		\
	vt_ok(!bad_tramp, "[%s] " #op " returns " #type ": through the trampoline (unpatched site, target address in %%rax) the result is exactly the type's part of %%rax (%u of %zu wrong)", \
	     expect, bad_tramp, ARRAY_SIZE(t_narrow_vals));		\
} while (0)

static void __init t_narrow(void)
{
	T_NARROW_CHECK(bool, pcs_bool, a & 1);
	T_NARROW_CHECK(u8, pcs_u8, (u8)a);
	T_NARROW_CHECK(u16, pcs_u16, (u16)a);
	T_NARROW_CHECK(u32, pcs_u32, (u32)a);
	T_NARROW_CHECK(s32, pcs_s32, (s32)a);
	T_NARROW_CHECK(void *, pcs_ptr, (void *)a);
}

/* What a text site of each op must show with backend @expect. */
struct t_want {
	const char *add_fn, *long_fn;
	bool inlined;
	unsigned int add_sites, long_sites, bad;
};

static int t_site(const struct vro_pv_site_info *si, void *arg)
{
	struct t_want *w = arg;
	bool add = !strcmp(si->op, "pcs_add");
	const char *fn = add ? w->add_fn : w->long_fn;
	char sym[KSYM_SYMBOL_LEN];
	unsigned int len = add ? 5 : 10;
	bool ok;

	void *t;

	if (!add && strcmp(si->op, "pcs_long"))
		return 0;
	add ? w->add_sites++ : w->long_sites++;
	if (w->inlined) {
		ok = si->inlined;
	} else {
		t = vt_rel32_target(si->addr);
		/* vro.pv_check_cs=1: the site calls a checking slot */
		if (vro_pv_checked_fn(t)) {
			t = vro_pv_checked_fn(t);
			t_check_depth = VRO_PV_CHECK_DEPTH;
		}
		sprint_symbol_no_offset(sym, (unsigned long)t);
		/* "name [module]" */
		ok = !si->inlined && !strncmp(sym, fn, strlen(fn)) &&
		     (sym[strlen(fn)] == ' ' || !sym[strlen(fn)]);
	}
	ok = ok && si->len == len;
	if (!ok) {
		w->bad++;
		vt_diag("site %pS of %s (%u bytes): %*ph, want %s", si->addr,
			si->op, si->len, si->len, si->addr,
			w->inlined ? "its template" : fn);
	}
	return 0;
}

static void t_sites(void)
{
	struct t_want w = { };

	if (!strcmp(expect, "c")) {
		w.add_fn = "pcs_add_c_pv_thunk";
		w.long_fn = "pcs_long_c_pv_thunk";
	} else if (!strcmp(expect, "asm")) {
		w.add_fn = "pcs_add_asm";
		w.long_fn = "pcs_long_asm";
	} else {
		w.inlined = true;
	}
	vro_pv_for_each_site(THIS_MODULE, t_site, &w);
	vt_ok(!w.bad && w.add_sites >= 3 && w.long_sites >= 3,
	      "[%s] %u pcs_add sites (5 bytes), %u pcs_long sites (10 bytes) %s",
	     expect, w.add_sites, w.long_sites,
	     w.inlined ? "hold their templates (pcs_long's is 7 bytes)" :
	     "call the backend's callee-save function");
}

/* This module's own thunks of the owner's C functions. */
DEFINE_PV_THUNK(pcs_add_c);
DEFINE_PV_THUNK(pcs_long_c);

/* A template of 6 bytes for a 5-byte op, of 11 for a 10-byte op. */
static const struct vro_pv_impl t_big5_impls[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(pcs_add, PV_THUNK_OF(pcs_add_c),
				   0x48, 0x8d, 0x44, 0x77, 0x00, 0x90),
};

static const struct vro_pv_impl t_big10_impls[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(pcs_long, PV_THUNK_OF(pcs_long_c),
				   0x48, 0x8d, 0x87, 0x45, 0x23, 0x01, 0x00,
				   0x0f, 0x1f, 0x40, 0x00),
};

/* A plain C function for a callee-save op: PV_IMPL() refuses to compile
 * that, so the entry is written out to check vro.ko refuses it too.
 */
static const struct vro_pv_impl t_cabi_impls[] = {
	{ .op = "pcs_add", .fn = pcs_add_c },
};

/*
 * A hand-written callee-save function without ENDBR: the trampoline jumps
 * to it indirectly, which faults under IBT, so vro.ko refuses it on a
 * kernel with X86_KERNEL_IBT (objtool is told it is meant: NOENDBR).
 */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type csu_add_noendbr, @function\n"
	"csu_add_noendbr:\n"
	ANNOTATE_NOENDBR
	"lea (%rdi,%rsi,2), %rax\n"
	ASM_RET
	".size csu_add_noendbr, . - csu_add_noendbr\n"
	".popsection\n");
u64 csu_add_noendbr(u64 a, u64 b) __pv_callee_save;

static const struct vro_pv_impl t_noendbr_impls[] = {
	PV_IMPL_CALLEE_SAVE(pcs_add, csu_add_noendbr),
};

static struct vro_pv_backend t_big5 = PV_BACKEND(pcs, "big5", 0, t_big5_impls);
static struct vro_pv_backend t_big10 =
	PV_BACKEND(pcs, "big10", 0, t_big10_impls);
static struct vro_pv_backend t_cabi = PV_BACKEND(pcs, "cabi", 0, t_cabi_impls);
static struct vro_pv_backend t_noendbr =
	PV_BACKEND(pcs, "noendbr", 0, t_noendbr_impls);

static void t_refusals(void)
{
	int ret;

	ret = vro_pv_register_backend(&t_big5);
	vt_ok(ret == -E2BIG, "a 6-byte template for pcs_add (5-byte sites) is refused at registration: -E2BIG (%d)",
	      ret);
	ret = vro_pv_register_backend(&t_big10);
	vt_ok(ret == -E2BIG, "an 11-byte template for pcs_long (10-byte sites) is refused at registration: -E2BIG (%d)",
	      ret);
	ret = vro_pv_register_backend(&t_cabi);
	vt_ok(ret == -EINVAL, "a plain C function for callee-save pcs_add is refused: -EINVAL (%d)",
	      ret);
	ret = vro_pv_register_backend(&t_noendbr);
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT)) {
		vt_ok(ret == -EINVAL, "IBT kernel: an asm function without ENDBR is refused: -EINVAL (%d)",
		      ret);
	} else {
		vt_ok(!ret, "no IBT: an asm function without ENDBR is accepted (%d)",
		      ret);
		if (!ret)
			vro_pv_unregister_backend(&t_noendbr);
	}
	if (!strcmp(expect, "tmpl")) {
		ret = vro_pv_select("pcs", "c");
		vt_ok(ret == -EBUSY, "a live switch from tmpl to c (templates live) is refused: -EBUSY (%d)",
		      ret);
	}
}

/*
 * Backend "clobber" (its pcs_add clobbers %rcx): only the calls. With
 * vro.pv_check_cs=1 the checking slot reports it (the guest script reads
 * the log) and gives the caller its registers back.
 */
static void __init t_clobber(void)
{
	u64 a = 0x1122334455667788ULL, b = 0x0102030405060708ULL;

	vt_ok(t_add(a, b) == pcs_add_c(a, b),
	      "[clobber] pcs_add through its patched site returns a + 2 * b");
	t_harness(csu_h_add_tramp, "5-byte pcs_add site (unpatched, trampoline): the checking slot restores what the function clobbered",
		  a, b, pcs_add_c(a, b));
}

static void __init t_run(void)
{
	u64 a = 0x1122334455667788ULL, b = 0x0102030405060708ULL;

	if (!strcmp(expect, "clobber")) {
		t_clobber();
		return;
	}
	t_sites();
	t_harness(csu_h_add, "5-byte pcs_add site (patched)", a, b,
		  pcs_add_c(a, b));
	t_harness(csu_h_long, "10-byte pcs_long site (patched)", a, 0,
		  pcs_long_c(a));
	t_harness(csu_h_add_tramp, "5-byte pcs_add site (unpatched, trampoline)",
		  a, b, pcs_add_c(a, b));
	t_harness(csu_h_long_tramp, "10-byte pcs_long site (unpatched, trampoline)",
		  a, 0, pcs_long_c(a));
	t_results();
	t_narrow();
	t_refusals();
}

static int __init vro_pv_csu_init(void)
{
	return vt_tap_run(t_run);
}

static void __exit vro_pv_csu_exit(void)
{
	vt_tap_exit();
}

module_init(vro_pv_csu_init);
module_exit(vro_pv_csu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv callee-save site test (KSTM style)");
