/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv.h - paravirt-style op sets patched into direct calls by vro.ko.
 * Included from <linux/vro.h>; see Documentation/vro-pv.rst.
 *
 * An op is a C function type with a name. Callers write pv_call(op, ...),
 * which is a plain call (or, in tail position, a jmp) to the never-defined
 * weak symbol __pv_<op>. tools/vrolink records every such call in the
 * module's site table and retargets it to pv_tramp_<op>, a trampoline
 * exported by the module that owns the op set, which jumps through a pointer
 * to the selected backend's function. vro.ko then rewrites every site into a
 * direct call to that function (or, where a backend offers one, an inline
 * instruction template padded with NOPs).
 *
 * Owner of an op set (exactly one module):
 *
 *	DECLARE_PV_OP(u32, flow_hash_u32, u32 key, u32 seed);	(in a header)
 *	DEFINE_PV_OP(flow_hash_u32, my_jhash_u32);		(fallback impl)
 *	DEFINE_PV_SET(flow, PV_OP(flow_hash_u32), ...);
 *	vro_pv_register_set(&pv_set_flow, backends, n);	(module init)
 *
 * A backend (any module):
 *
 *	u32 my_tsc_stamp(void) __pv_callee_save;	(hand-written, in
 *							 VRO_PV_CS_SECTION)
 *	static const struct vro_pv_impl my_impls[] = {
 *		PV_IMPL(flow_hash_u32, my_crc_u32),
 *		PV_IMPL_INLINE_CALLEE_SAVE(flow_stamp, my_tsc_stamp,
 *			0x52, 0x0f, 0x31, 0x5a),	(push %rdx; rdtsc;
 *	};						 pop %rdx)
 *	static struct vro_pv_backend my_backend =
 *		PV_BACKEND(flow, "crc32c", 300, my_impls);
 *	vro_pv_register_backend(&my_backend);
 */
#ifndef _LINUX_VRO_PV_H
#define _LINUX_VRO_PV_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/stringify.h>
#include <linux/types.h>
#include <linux/vro_abi.h>
#include <asm/asm.h>
#include <asm/ibt.h>	/* ASM_ENDBR */
#include <asm/linkage.h>

struct module;

/* struct vro_pv_impl.flags */
#define VRO_PV_IMPL_CS		0x01	/* @fn honours the callee-save convention */

/*
 * The text section of every function that may back a callee-save op: the
 * thunks DEFINE_PV_THUNK() emits and hand-written functions. A function is
 * declared callee-save by declaring it in that section (__pv_callee_save);
 * PV_IMPL_CALLEE_SAVE(), PV_IMPL_INLINE_CALLEE_SAVE() and
 * DEFINE_PV_OP_CALLEE_SAVE() refuse any other function at build time.
 */
#define VRO_PV_CS_SECTION	".text.vro_pv_cs"

/**
 * __pv_callee_save - declare a hand-written function callee-save
 *
 * On the declaration of a function that clobbers only %rax and the flags
 * (written in asm, in VRO_PV_CS_SECTION), e.g.
 * "u32 flow_tsc_stamp(void) __pv_callee_save;". Never on a C function: a
 * compiler's code clobbers the caller-saved registers; give its thunk.
 * Such a function starts with ASM_ENDBR (<asm/ibt.h>): unpatched sites reach
 * it through the op's trampoline, an indirect jump, and a kernel with
 * X86_KERNEL_IBT faults on a target without ENDBR (vro refuses it there).
 */
#define __pv_callee_save	__section(VRO_PV_CS_SECTION)

/*
 * Whether @fn is declared callee-save (compilers without the builtin: yes).
 * Only for functions of callee-save ops, which are never static: gcc 12
 * warns about a static function given to __builtin_has_attribute().
 */
#if __has_builtin(__builtin_has_attribute)
#define __PV_IS_CS_FN(fn)						\
	__builtin_has_attribute(fn, __section__(VRO_PV_CS_SECTION))
#else
#define __PV_IS_CS_FN(fn)	1
#endif

/* 0, or a build error with @msg if @e. */
#define __PV_BUILD_BUG_ON_ZERO_MSG(e, msg)				\
	((int)sizeof(struct { _Static_assert(!(e), msg); }))

/* 0, or a build error if @fn (of callee-save op @op) is not declared so. */
#define __PV_CS_FN_OK(op, fn)						\
	__PV_BUILD_BUG_ON_ZERO_MSG(!__PV_IS_CS_FN(fn),			\
		"callee-save op " #op ": " #fn " is not callee-save: "	\
		"give PV_THUNK_OF(f) of a DEFINE_PV_THUNK(f), or a "	\
		"hand-written function declared __pv_callee_save")

/**
 * struct vro_pv_op - one op of an op set, emitted by DEFINE_PV_OP()
 * @name: the op's name; call sites refer to the symbol __pv_<name>
 * @tramp: pv_tramp_<name>, where an unpatched site calls
 * @target: the pointer the trampoline jumps through (vro.ko writes it)
 * @dflt: the fallback implementation, used when no backend is selected
 * @callee_save: sites keep every register but %rax live (see
 *		 DECLARE_PV_OP_CALLEE_SAVE()); every function must honour that
 * @site_len: bytes its sites reserve (0 or VRO_PV_SITE_LEN..VRO_PV_SITE_MAX)
 */
struct vro_pv_op {
	const char *name;
	void *tramp;
	void **target;
	void *dflt;
	bool callee_save;
	u8 site_len;
};

/**
 * struct vro_pv_set - a named op set, emitted by DEFINE_PV_SET()
 * @name: the set's name, as used in vro.pv=<set>:<backend>
 * @ops: its ops
 * @nr_ops: number of @ops
 * @owner: the module that defines it (THIS_MODULE)
 * @list: owned by vro.ko: on the list of registered sets
 * @backends: owned by vro.ko: the set's registered backends
 * @cur: owned by vro.ko: the selected backend, NULL for the fallbacks
 * @sel: owned by vro.ko: the backend vro_pv_select() chose, NULL if none;
 *	 it takes precedence over vro.pv and the ratings
 *
 * Every field vro.ko owns is meaningless until the set is registered; the
 * pv entry points refuse a set that is not registered.
 */
struct vro_pv_set {
	const char *name;
	const struct vro_pv_op *const *ops;
	unsigned int nr_ops;
	struct module *owner;
	struct list_head list;
	struct list_head backends;
	struct vro_pv_backend *cur;
	struct vro_pv_backend *sel;
};

/**
 * struct vro_pv_impl - a backend's implementation of one op
 * @op: the op's name
 * @fn: the function; its type is checked against the op by PV_IMPL()
 * @tmpl: optional inline template that replaces a call site (NULL: none)
 * @tmpl_len: bytes in @tmpl, 1 to the op's site length
 * @flags: VRO_PV_IMPL_CS if @fn honours the callee-save convention (a
 *	   generated thunk or a hand-written function); required for an op
 *	   declared with DECLARE_PV_OP_CALLEE_SAVE()
 *
 * A template must be position independent, leave the op's result in %rax
 * and clobber only what the op's sites allow: for a C-ABI op the
 * caller-saved registers and flags, for a callee-save op %rax and flags
 * only (it may push and pop: kernel code has no red zone). It replaces call
 * sites only (a tail jmp stays a jmp to @fn), only while no CPU can be
 * running the site's code, and @fn is what every other site calls.
 */
struct vro_pv_impl {
	const char *op;
	void *fn;
	const u8 *tmpl;
	u8 tmpl_len;
	u8 flags;
};

/**
 * struct vro_pv_backend - a named set of implementations of an op set's ops
 * @name: the backend's name, as used in vro.pv=
 * @set: the op set it implements
 * @impls: its implementations; an op without one uses the op's fallback
 * @nr_impls: number of @impls
 * @rating: the default is the registered backend of highest rating; 0 means
 *	    "never the default, only when selected by name"
 * @owner: the module that defines it (THIS_MODULE)
 * @list: owned by vro.ko: on the set's list of backends
 * @fns: owned by vro.ko: the function for each op of @set, by op index
 */
struct vro_pv_backend {
	const char *name;
	struct vro_pv_set *set;
	const struct vro_pv_impl *impls;
	unsigned int nr_impls;
	int rating;
	struct module *owner;
	struct list_head list;
	void **fns;
};

/**
 * DECLARE_PV_OP() - declare an op (in a header that callers include)
 * @ret: the op's return type
 * @op: the op's name (globally unique: it is a symbol)
 * @...: the op's parameter list, e.g. "u32 key, u32 seed" (or "void")
 *
 * Declares __pv_<op> as a weak function that nothing defines, so
 * pv_call(op, ...) is a direct call the compiler treats like any other, and
 * references the exported pv_tramp_<op>, so the trampoline is in the
 * caller's symbol table for vrolink and modpost records the dependency on
 * the op set's owner (modprobe loads it first, rmmod keeps it while used).
 */
#define DECLARE_PV_OP(ret, op, ...)					\
	__PV_DECLARE(ret, op, 0, VRO_PV_SITE_LEN, __VA_ARGS__)

/* Both kinds: @cs and @len are the op's kind and site length. */
#define __PV_DECLARE(ret, op, cs, len, ...)				\
	extern ret __pv_##op(__VA_ARGS__) __weak;			\
	extern ret pv_tramp_##op(__VA_ARGS__);				\
	enum { __pv_cs_##op = (cs), __pv_len_##op = (len) };		\
	static void *const vro_pv_dep_##op				\
		__used __maybe_unused = (void *)pv_tramp_##op

/**
 * DECLARE_PV_OP_CALLEE_SAVE() - declare an op whose sites clobber only %rax
 * @ret: the op's return type (an integer or pointer, or void)
 * @op: the op's name
 * @len: bytes each site reserves, VRO_PV_SITE_LEN to VRO_PV_SITE_MAX: the
 *	 call and NOPs, room for an inline template that long
 * @...: the parameter list: at most 4 integer or pointer parameters
 *
 * pv_call() of such an op is an asm "call" with the arguments in the C ABI
 * registers as inputs and %rax as output: the compiler keeps every other
 * register (and the arguments) live across it; only %rax and the flags are
 * clobbered. So every function a site can reach must save and restore what
 * it uses: a backend gives a C function through its generated thunk
 * (DEFINE_PV_THUNK() and PV_IMPL_THUNK()) or a hand-written one
 * (PV_IMPL_CALLEE_SAVE()); the trampoline preserves registers too.
 */
#define DECLARE_PV_OP_CALLEE_SAVE(ret, op, len, ...)			\
	__PV_DECLARE(ret, op, 1, __PV_LEN_OK(len), __VA_ARGS__)

/* @len, or a compile error if it is not a site length. */
#define __PV_LEN_OK(len)						\
	((len) + BUILD_BUG_ON_ZERO((len) < VRO_PV_SITE_LEN ||		\
				   (len) > VRO_PV_SITE_MAX))

/*
 * A callee-save site: "call __pv_<op>+<len>" then NOPs to <len> bytes. The
 * addend tells vrolink the site's length (it resets it when it retargets
 * the call to the trampoline). ASM_CALL_CONSTRAINT makes the compiler set
 * up the frame before the call, as the kernel's paravirt calls do. The
 * arguments go in %rdi %rsi %rdx %rcx, as inputs only: they survive too.
 */
#define __PV_CS_SITE(op)						\
	".weak __pv_" #op "\n\t"					\
	"call __pv_" #op "+%c2\n\t"					\
	".nops %c2-5\n\t"
#define __PV_CS_OUT	"=a" (__pv_ret), ASM_CALL_CONSTRAINT
#define __PV_CS_LEN(op)	"i" (__pv_len_##op)	/* %2 */
#define __PV_CS_CLOB	"memory", "cc"

/*
 * The site's result variable has the op's return type (unsigned long for
 * void), so "=a" names exactly the part of %rax the x86-64 ABI defines:
 * %al for bool and 8-bit types, %ax, %eax, or all of %rax. The rest of
 * %rax is whatever the function left there (through a trampoline: the
 * target's address); converting all of it would make a bool of anything
 * non-zero.
 */
#define __PV_CS_RET_T(op, ...)						\
	typeof(__builtin_choose_expr(					\
		__same_type(typeof(__pv_##op(__VA_ARGS__)), void),	\
		0UL, __pv_##op(__VA_ARGS__)))

#define __PV_CS_CALL0(op, T)						\
({									\
	T __pv_ret;							\
	asm volatile(__PV_CS_SITE(op) : __PV_CS_OUT : __PV_CS_LEN(op)	\
		     : __PV_CS_CLOB);					\
	__pv_ret;							\
})
#define __PV_CS_CALL1(op, T, a1)					\
({									\
	T __pv_ret;							\
	asm volatile(__PV_CS_SITE(op) : __PV_CS_OUT : __PV_CS_LEN(op),	\
		     "D" ((unsigned long)(a1)) : __PV_CS_CLOB);		\
	__pv_ret;							\
})
#define __PV_CS_CALL2(op, T, a1, a2)					\
({									\
	T __pv_ret;							\
	asm volatile(__PV_CS_SITE(op) : __PV_CS_OUT : __PV_CS_LEN(op),	\
		     "D" ((unsigned long)(a1)),				\
		     "S" ((unsigned long)(a2)) : __PV_CS_CLOB);		\
	__pv_ret;							\
})
#define __PV_CS_CALL3(op, T, a1, a2, a3)				\
({									\
	T __pv_ret;							\
	asm volatile(__PV_CS_SITE(op) : __PV_CS_OUT : __PV_CS_LEN(op),	\
		     "D" ((unsigned long)(a1)),				\
		     "S" ((unsigned long)(a2)),				\
		     "d" ((unsigned long)(a3)) : __PV_CS_CLOB);		\
	__pv_ret;							\
})
#define __PV_CS_CALL4(op, T, a1, a2, a3, a4)				\
({									\
	T __pv_ret;							\
	asm volatile(__PV_CS_SITE(op) : __PV_CS_OUT : __PV_CS_LEN(op),	\
		     "D" ((unsigned long)(a1)),				\
		     "S" ((unsigned long)(a2)),				\
		     "d" ((unsigned long)(a3)),				\
		     "c" ((unsigned long)(a4)) : __PV_CS_CLOB);		\
	__pv_ret;							\
})

/* The site's result as the op's return type (void: discarded). */
#define __PV_CS_CALL(op, ...)						\
	((typeof(__pv_##op(__VA_ARGS__)))				\
	 CONCATENATE(__PV_CS_CALL, COUNT_ARGS(__VA_ARGS__))		\
		(op, __PV_CS_RET_T(op, ##__VA_ARGS__), ##__VA_ARGS__))

/*
 * For code measurements only (selftests/pv/cs_code.sh): an object compiled
 * with -DVRO_PV_CODE_CABI=1 makes every pv_call() a plain C call, so the
 * callers of callee-save ops can be compared with what the C ABI gives.
 * Such an object is never linked into a module.
 */
#ifndef VRO_PV_CODE_CABI
#define VRO_PV_CODE_CABI	0
#endif

/**
 * pv_call() - call an op
 * @op: an op declared with DECLARE_PV_OP() or DECLARE_PV_OP_CALLEE_SAVE()
 * @...: its arguments
 *
 * A C-ABI op compiles to "call __pv_<op>" ("jmp" in tail position); a
 * callee-save op to its asm site. Never take the address of __pv_<op> or
 * use it other than through pv_call().
 */
#define pv_call(op, ...)						\
	__builtin_choose_expr(__pv_cs_##op && !VRO_PV_CODE_CABI,	\
			      __PV_CS_CALL(op, ##__VA_ARGS__),		\
			      __pv_##op(__VA_ARGS__))

/**
 * VRO_PV_FUNC_ALIGN - the start of a hand-written function (asm string)
 *
 * Aligned like the kernel's own asm functions and, on kernels with call
 * padding (CALL_THUNKS, 6.2 and later), preceded by the NOPs where the
 * kernel writes a call-depth accounting thunk, as SYM_FUNC_START() does:
 * without them it logs "Invalid padding area" and leaves calls unaccounted.
 * Not for the trampolines: the module loader would redirect the compiled
 * pv sites to a thunk in that padding, and vro binds a site by finding
 * the trampoline's address there.
 */
#ifdef ASM_FUNC_ALIGN
#define VRO_PV_FUNC_ALIGN	ASM_FUNC_ALIGN "\n"
#else
#define VRO_PV_FUNC_ALIGN	".balign 16\n"
#endif

/*
 * Retpoline builds: 6.1 calls it CONFIG_RETPOLINE, 6.9 and later
 * CONFIG_MITIGATION_RETPOLINE. An indirect jump there goes through the
 * kernel's thunk (objtool lists it; the kernel rewrites it as the CPU needs).
 */
#if defined(CONFIG_RETPOLINE) || defined(CONFIG_MITIGATION_RETPOLINE)
#define VRO_PV_RETPOLINE	1
#else
#define VRO_PV_RETPOLINE	0
#endif

#if VRO_PV_RETPOLINE
#define __PV_TRAMP_JMP	"jmp __x86_indirect_thunk_r11\n"
#else
#define __PV_TRAMP_JMP	"jmp *%r11\n"
#endif

/*
 * The trampoline of an unpatched site: a tail jump through the op's target
 * pointer. Arguments are untouched; %r11 is scratch in the x86-64 ABI.
 */
#define __PV_TRAMP(op)							\
	asm(".pushsection .text, \"ax\"\n"				\
	    ".globl pv_tramp_" #op "\n"					\
	    ".type pv_tramp_" #op ", @function\n"			\
	    ".balign 16\n"	/* no call padding: VRO_PV_FUNC_ALIGN */	\
	    "pv_tramp_" #op ":\n"					\
	    ASM_ENDBR							\
	    "movq pv_target_" #op "(%rip), %r11\n"			\
	    __PV_TRAMP_JMP						\
	    "int3\n"							\
	    ".size pv_tramp_" #op ", . - pv_tramp_" #op "\n"		\
	    ".popsection\n")

#if VRO_PV_RETPOLINE
#define __PV_TRAMP_JMP_RAX	"jmp __x86_indirect_thunk_rax\n"
#else
#define __PV_TRAMP_JMP_RAX	"jmp *%rax\n"
#endif

/*
 * The trampoline of a callee-save op: like __PV_TRAMP(), but through %rax,
 * the one register such a site clobbers (%r11 must survive it), so it is
 * still a tail jump: the function returns straight to the site.
 */
#define __PV_TRAMP_CS(op)						\
	asm(".pushsection .text, \"ax\"\n"				\
	    ".globl pv_tramp_" #op "\n"					\
	    ".type pv_tramp_" #op ", @function\n"			\
	    ".balign 16\n"	/* no call padding: VRO_PV_FUNC_ALIGN */	\
	    "pv_tramp_" #op ":\n"					\
	    ASM_ENDBR							\
	    "movq pv_target_" #op "(%rip), %rax\n"			\
	    __PV_TRAMP_JMP_RAX						\
	    "int3\n"							\
	    ".size pv_tramp_" #op ", . - pv_tramp_" #op "\n"		\
	    ".popsection\n")

/**
 * PV_THUNK_OF() - the callee-save thunk DEFINE_PV_THUNK() emits for a function
 * @fn: a C function
 */
#define PV_THUNK_OF(fn)	fn##_pv_thunk

/**
 * DEFINE_PV_THUNK() - emit the callee-save thunk of a C function (at file scope)
 * @fn: a C function of a callee-save op's type, in this file
 *
 * PV_THUNK_OF(@fn) saves the caller-saved registers a C function may
 * clobber (%rdi %rsi %rdx %rcx %r8-%r11), calls @fn and restores them, so
 * it clobbers only %rax and the flags. PV_IMPL_THUNK() refers to it.
 */
#define DEFINE_PV_THUNK(fn)							\
	extern typeof(fn) PV_THUNK_OF(fn) __pv_callee_save;		\
	static void *const fn##_pv_keep __used = (void *)(fn);		\
	asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"		\
	    ".type " #fn "_pv_thunk, @function\n"			\
	    VRO_PV_FUNC_ALIGN						\
	    #fn "_pv_thunk:\n"						\
	    ASM_ENDBR							\
	    "push %rdi\n push %rsi\n push %rdx\n push %rcx\n"		\
	    "push %r8\n push %r9\n push %r10\n push %r11\n"		\
	    "call " #fn "\n"						\
	    "pop %r11\n pop %r10\n pop %r9\n pop %r8\n"			\
	    "pop %rcx\n pop %rdx\n pop %rsi\n pop %rdi\n"			\
	    ASM_RET							\
	    ".size " #fn "_pv_thunk, . - " #fn "_pv_thunk\n"		\
	    ".popsection\n")

/* An initializer field named like a macro parameter needs a helper. */
#define __PV_DFLT(fn)	.dflt = (fn)

/**
 * DEFINE_PV_OP() - define an op's trampoline and fallback (op set owner only)
 * @op: an op declared with DECLARE_PV_OP()
 * @dflt: its fallback implementation, of the op's type
 *
 * Emits and exports pv_tramp_<op>, the pointer it jumps through (initially
 * @dflt, so unpatched sites work before vro.ko knows the set) and the op's
 * descriptor for PV_OP().
 */
#define DEFINE_PV_OP(op, dflt)						\
	static_assert(!__pv_cs_##op, "callee-save op: use "		\
		      "DEFINE_PV_OP_CALLEE_SAVE()");			\
	extern typeof(&pv_tramp_##op) pv_target_##op;			\
	typeof(&pv_tramp_##op) pv_target_##op __read_mostly = (dflt);	\
	__PV_TRAMP(op);							\
	__VRO_EXPORT(pv_tramp_##op);					\
	static const struct vro_pv_op vro_pv_op_##op = {		\
		.name = #op,						\
		.tramp = pv_tramp_##op,					\
		.target = (void **)&pv_target_##op,			\
		__PV_DFLT(dflt),					\
		.site_len = VRO_PV_SITE_LEN,				\
	}

/**
 * DEFINE_PV_OP_CALLEE_SAVE() - define a callee-save op (op set owner only)
 * @op: an op declared with DECLARE_PV_OP_CALLEE_SAVE()
 * @dflt: its fallback, a function that honours the convention:
 *	  PV_THUNK_OF(fn) of a DEFINE_PV_THUNK(fn), or a hand-written one
 *	  declared __pv_callee_save (anything else is a build error)
 *
 * Like DEFINE_PV_OP(), with a trampoline that preserves every register but
 * %rax.
 */
#define DEFINE_PV_OP_CALLEE_SAVE(op, dflt)				\
	static_assert(__pv_cs_##op, "C-ABI op: use DEFINE_PV_OP()");	\
	static_assert(!__PV_CS_FN_OK(op, dflt), "");			\
	extern typeof(&pv_tramp_##op) pv_target_##op;			\
	typeof(&pv_tramp_##op) pv_target_##op __read_mostly = (dflt);	\
	__PV_TRAMP_CS(op);						\
	__VRO_EXPORT(pv_tramp_##op);					\
	static const struct vro_pv_op vro_pv_op_##op = {		\
		.name = #op,						\
		.tramp = pv_tramp_##op,					\
		.target = (void **)&pv_target_##op,			\
		__PV_DFLT(dflt),					\
		.callee_save = true,					\
		.site_len = __pv_len_##op,				\
	}

/**
 * PV_OP() - an op of DEFINE_PV_SET()
 * @op: an op defined with DEFINE_PV_OP() in this file
 */
#define PV_OP(op)	(&vro_pv_op_##op)

/**
 * DEFINE_PV_SET() - define and export an op set, pv_set_<name>
 * @set: the set's name (a C identifier)
 * @...: its ops, each PV_OP(op)
 *
 * Register it from module init: vro_pv_register_set() on pv_set_<set>.
 */
#define DEFINE_PV_SET(set, ...)						\
	static const struct vro_pv_op *const vro_pv_ops_##set[] = {	\
		__VA_ARGS__						\
	};								\
	DECLARE_PV_SET(set);						\
	struct vro_pv_set pv_set_##set = {				\
		.name = #set,						\
		.ops = vro_pv_ops_##set,				\
		.nr_ops = ARRAY_SIZE(vro_pv_ops_##set),			\
		.owner = THIS_MODULE,					\
	};								\
	EXPORT_SYMBOL_GPL(pv_set_##set)

/**
 * DECLARE_PV_SET() - declare an op set defined in another module
 * @set: the set's name
 */
#define DECLARE_PV_SET(set)	extern struct vro_pv_set pv_set_##set

/* @fn as void *, or a compile error if its type is not the op's. */
#define __PV_FN(op, fn)							\
	__builtin_choose_expr(__same_type(&(fn), &__pv_##op),		\
			      (void *)(fn), (void)0)

/**
 * PV_IMPL() - a backend's implementation of a C-ABI op
 * @op: the op (a compile error if it is callee-save)
 * @fn: the function (a compile error if its type is not the op's)
 */
#define PV_IMPL(op, fn)							\
	{ __PV_OPNAME(op), __PV_IMPLFN(op, fn), __PV_NOT_CS(op) }
#define __PV_OPNAME(name)	.op = #name
#define __PV_IMPLFN(name, f)	.fn = __PV_FN(name, f)
#define __PV_NOT_CS(name)	.flags = BUILD_BUG_ON_ZERO(__pv_cs_##name)
#define __PV_CS(name, f)						\
	.flags = VRO_PV_IMPL_CS + BUILD_BUG_ON_ZERO(!__pv_cs_##name) +	\
		 __PV_CS_FN_OK(name, f)

/**
 * PV_IMPL_THUNK() - a C function implementing a callee-save op
 * @op: an op declared with DECLARE_PV_OP_CALLEE_SAVE()
 * @fn: a C function of the op's type with DEFINE_PV_THUNK(@fn) in this file;
 *	sites call the thunk
 */
#define PV_IMPL_THUNK(op, fn)						\
	{ __PV_OPNAME(op), __PV_IMPLFN(op, PV_THUNK_OF(fn)),		\
	  __PV_CS(op, PV_THUNK_OF(fn)) }

/**
 * PV_IMPL_CALLEE_SAVE() - a hand-written function implementing a callee-save op
 * @op: an op declared with DECLARE_PV_OP_CALLEE_SAVE()
 * @fn: a function of the op's type that clobbers only %rax and the flags
 *	(no thunk), declared __pv_callee_save (else a build error)
 */
#define PV_IMPL_CALLEE_SAVE(op, fn)					\
	{ __PV_OPNAME(op), __PV_IMPLFN(op, fn), __PV_CS(op, fn) }

/* A template's fields. */
#define __PV_TMPL(...)							\
	.tmpl = (const u8[]){ __VA_ARGS__ },				\
	.tmpl_len = sizeof((const u8[]){ __VA_ARGS__ })

/**
 * PV_IMPL_INLINE() - an implementation of a C-ABI op with an inline template
 * @op: the op (a build error if it is callee-save)
 * @fn: the function every site that cannot take the template calls
 * @...: the template's bytes (see struct vro_pv_impl for the rules)
 *
 * vro_pv_register_backend() refuses a template longer than the op's sites.
 */
#define PV_IMPL_INLINE(op, fn, ...)					\
	{								\
		__PV_OPNAME(op),					\
		__PV_IMPLFN(op, fn),					\
		__PV_TMPL(__VA_ARGS__),					\
		.flags = __PV_BUILD_BUG_ON_ZERO_MSG(__pv_cs_##op,	\
			"callee-save op " #op ": use "			\
			"PV_IMPL_INLINE_CALLEE_SAVE()"),		\
	}

/**
 * PV_IMPL_INLINE_CALLEE_SAVE() - a callee-save op's implementation with a template
 * @op: an op declared with DECLARE_PV_OP_CALLEE_SAVE()
 * @fn: the function every site that cannot take the template calls (a
 *	tail jmp, init text, a live switch): PV_THUNK_OF(f) of a
 *	DEFINE_PV_THUNK(f), or a hand-written function declared
 *	__pv_callee_save; any other function is a build error
 * @...: the template's bytes: they clobber only %rax and the flags (see
 *	 struct vro_pv_impl)
 *
 * vro_pv_register_backend() refuses a template longer than the op's sites.
 */
#define PV_IMPL_INLINE_CALLEE_SAVE(op, fn, ...)				\
	{								\
		__PV_OPNAME(op),					\
		__PV_IMPLFN(op, fn),					\
		__PV_TMPL(__VA_ARGS__),					\
		__PV_CS(op, fn),					\
	}

/**
 * PV_BACKEND() - initializer of a struct vro_pv_backend
 * @setname: the op set's name (pv_set_<setname> must be declared)
 * @bname: the backend's name, a string
 * @prio: its rating for the default choice (0: only when named)
 * @impl_array: an array of struct vro_pv_impl
 */
#define PV_BACKEND(setname, bname, prio, impl_array)			\
	{								\
		.name = (bname),					\
		.set = &pv_set_##setname,				\
		.impls = (impl_array),					\
		.nr_impls = ARRAY_SIZE(impl_array),			\
		.rating = (prio),					\
		.owner = THIS_MODULE,					\
	}

/**
 * struct vro_pv_site_info - what vro_pv_for_each_site() reports of a site
 * @addr: the first byte of the site
 * @op: the op's name
 * @kind: VRO_KIND_CALL or VRO_KIND_JMP
 * @len: the site's length: the call or jmp and its NOP padding
 * @target: the function the site should now reach (NULL: op set unknown)
 * @inlined: the site holds @tmpl_len template bytes then NOPs
 */
struct vro_pv_site_info {
	void *addr;
	const char *op;
	u8 kind;
	u8 len;
	void *target;
	bool inlined;
};

int vro_pv_register_set(struct vro_pv_set *set,
			struct vro_pv_backend *const *backends, unsigned int nr);
int vro_pv_unregister_set(struct vro_pv_set *set);
int vro_pv_register_backend(struct vro_pv_backend *b);
int vro_pv_unregister_backend(struct vro_pv_backend *b);
int vro_pv_select(const char *set, const char *backend);
void *vro_pv_default_fn(struct vro_pv_set *set, const char *op,
			struct module **pin);
/*
 * With vro.pv_check_cs=1, bytes of stack a checking slot puts between a
 * site's return address and the callee-save function it calls.
 */
#define VRO_PV_CHECK_DEPTH	128
void *vro_pv_checked_fn(const void *addr);
int vro_pv_for_each_site(struct module *mod,
			 int (*fn)(const struct vro_pv_site_info *si, void *arg),
			 void *arg);

#endif /* _LINUX_VRO_PV_H */
