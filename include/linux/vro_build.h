/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_build.h - compile one vro user three ways (included by <linux/vro.h>).
 *
 * VRO_BUILD selects what vro(x) becomes in the file being compiled:
 *
 *	vro	an instruction immediate patched by vro.ko (the default)
 *	plain	a load of an ordinary __read_mostly variable
 *	const	the VRO's default as a compile-time constant
 *
 * Set it per object: "CFLAGS_foo_plain.o += -DVRO_BUILD=plain" in a Kbuild
 * file, a wrapper .c file that does "#define VRO_BUILD plain" before its
 * first include, or "make ext M=dir VRO_BUILD=plain". The plain and const
 * builds keep the whole API: module_param_vro(), vro_set(), vro_value(),
 * DECLARE_VRO() across modules. Code built into vmlinux follows
 * CONFIG_VRO_BUILD_{VRO,PLAIN,CONST} unless it sets VRO_BUILD itself. See
 * Documentation/vro.rst, "Three builds".
 */
#ifndef _LINUX_VRO_BUILD_H
#define _LINUX_VRO_BUILD_H

#include <linux/cache.h>

#define VRO_BUILD_VRO		1
#define VRO_BUILD_PLAIN		2
#define VRO_BUILD_CONST		3

#define __VRO_BUILD_vro		VRO_BUILD_VRO
#define __VRO_BUILD_plain	VRO_BUILD_PLAIN
#define __VRO_BUILD_const	VRO_BUILD_CONST
#define __VRO_BUILD_ID_(b)	__VRO_BUILD_##b
#define __VRO_BUILD_ID(b)	__VRO_BUILD_ID_(b)

/* Built into vmlinux, the kernel configuration chooses (init/Kconfig). */
#if !defined(VRO_BUILD) && !defined(MODULE)
#if defined(CONFIG_VRO_BUILD_PLAIN)
#define VRO_BUILD		plain
#elif defined(CONFIG_VRO_BUILD_CONST)
#define VRO_BUILD		const
#endif
#endif

#ifndef VRO_BUILD
#define VRO_BUILD		vro
#endif

/* VRO_BUILD_MODE: VRO_BUILD_VRO, VRO_BUILD_PLAIN or VRO_BUILD_CONST */
#define VRO_BUILD_MODE		__VRO_BUILD_ID(VRO_BUILD)

#if VRO_BUILD_MODE == VRO_BUILD_VRO
#define VRO_BUILD_SUFFIX	""
#elif VRO_BUILD_MODE == VRO_BUILD_PLAIN
#define VRO_BUILD_SUFFIX	"_plain"
#elif VRO_BUILD_MODE == VRO_BUILD_CONST
#define VRO_BUILD_SUFFIX	"_const"
#else
#error "VRO_BUILD must be vro, plain or const (e.g. -DVRO_BUILD=plain)"
#endif

/**
 * struct vro_build_var - a VRO of the plain or const build
 * @var: name, default, size and flags as DEFINE_VRO() gives them; @var.value
 *	 mirrors the variable (only vro.ko writes it)
 * @addr: the __read_mostly variable (plain) or the constant object (const)
 * @mode: VRO_BUILD_PLAIN or VRO_BUILD_CONST
 */
struct vro_build_var {
	struct vro_var var;
	void *addr;
	u8 mode;
};

extern const struct kernel_param_ops vro_build_param_ops;
extern const struct kernel_param_ops vro_build_var_param_ops;
int vro_build_set_var(struct vro_build_var *bv, u64 raw, bool is_signed);

/*
 * VRO_PARAM_OPS / VRO_PARAM_ARG(name): the ops and argument that
 * module_param_vro() uses in this build, for a user that wraps them (e.g.
 * to recompute values derived from a tunable after each write).
 */
#if VRO_BUILD_MODE == VRO_BUILD_VRO
#define VRO_PARAM_OPS		(&vro_tunable_param_ops)
#define VRO_PARAM_ARG(name)	(&vro_var_##name)
#else
#define VRO_PARAM_OPS		(&vro_build_param_ops)
#define VRO_PARAM_ARG(name)	(&__VRO_BVAR(name))

/*
 * The plain or const object behind a VRO in this build, and its kind. Its
 * name must not start with __vro_ (VRO_VALUE_PREFIX): vrolink takes every
 * undefined __vro_* symbol for a VRO, and code built into vmlinux reads the
 * object of a VRO another object defines.
 */
#if VRO_BUILD_MODE == VRO_BUILD_PLAIN
#define __VRO_BUILD_SYM(name)	__plain_vro_##name
#define __VRO_BUILD_QUAL
#define __VRO_BUILD_ATTR	__read_mostly
#define __VRO_BUILD_OBJ(name)	(&__plain_vro_##name)
#define __VRO_BVAR(name)	vro_pvar_##name
#else
#define __VRO_BUILD_SYM(name)	__const_vro_##name
#define __VRO_BUILD_QUAL	const
#define __VRO_BUILD_ATTR
#define __VRO_BUILD_OBJ(name)	((void *)&__const_vro_##name)
#define __VRO_BVAR(name)	vro_cvar_##name
#endif
#define __VRO_BUILD_READ(name)	(__VRO_BUILD_SYM(name))
/* one read of the plain variable; the constant itself in the const build */
#if VRO_BUILD_MODE == VRO_BUILD_PLAIN
#define __VRO_BUILD_ONCE(name)	READ_ONCE(__VRO_BUILD_SYM(name))
#else
#define __VRO_BUILD_ONCE(name)	(__VRO_BUILD_SYM(name))
#endif

#undef DECLARE_VRO
#undef __DEFINE_VRO
#undef vro
#undef vro_wide
#undef vro_set
#undef vro_value
#undef module_param_vro_named
#undef __VRO_VARP
#undef vro_div
#undef vro_divmod
#undef __VRO_SET_ITEMS
#undef __vro_shift
#undef __vro_shift32

#define DECLARE_VRO(type, name)						\
	extern type __vro_tv_##name;					\
	extern type __VRO_BUILD_QUAL __VRO_BUILD_SYM(name);		\
	extern struct vro_build_var __VRO_BVAR(name)

#define __DEFINE_VRO(type, id, dflt, fl)				\
	__VRO_TYPE_CHECK(type, id);					\
	DECLARE_VRO(type, id);						\
	type __VRO_BUILD_QUAL __VRO_BUILD_SYM(id) __VRO_BUILD_ATTR = (dflt); \
	__VRO_EXPORT(__VRO_BUILD_SYM(id));				\
	__VRO_BVAR_KPARAM(id);						\
	struct vro_build_var __VRO_BVAR(id) = {				\
		.var = __VRO_VAR_INIT(type, id, dflt, fl),		\
		.addr = __VRO_BUILD_OBJ(id),				\
		.mode = VRO_BUILD_MODE,					\
	};								\
	EXPORT_SYMBOL_GPL(__VRO_BVAR(id))

/*
 * Built into vmlinux, a hidden parameter by which the core finds the
 * variable of vro.<name>= on the command line (vro/vmlinux.c). A module's
 * plain or const VROs need none (modname.param= is module_param_vro()'s),
 * so such a module keeps no dependency on vro.ko it does not otherwise have.
 */
#ifdef MODULE
#define __VRO_BVAR_KPARAM(id)	static_assert(1)
#else
#define __VRO_BVAR_KPARAM(id)						\
	__VRO_KPARAM(__vro_bvar_##id, &vro_build_var_param_ops,		\
		     &__VRO_BVAR(id))
#endif

#define vro(name)		((__vro_type(name))__VRO_BUILD_READ(name))
#define vro_wide(name)		vro(name)
#define vro_value(name)		\
	((__vro_type(name))READ_ONCE(__VRO_BUILD_READ(name)))
#define vro_set(name, value) ({						\
	typeof(value) __vro_nv = (value);				\
	vro_build_set_var(&__VRO_BVAR(name), (u64)(unsigned long long)	\
			  (unsigned long)__vro_nv,			\
			  __VRO_IS_SIGNED(typeof(__vro_nv)));		\
})
#define module_param_vro_named(pname, name, perm)			\
	module_param_cb(pname, &vro_build_param_ops, &__VRO_BVAR(name),	\
			__VRO_PARAM_PERM(pname, name, perm))
#define __VRO_VARP(name)	(&__VRO_BVAR(name).var)
#define __VRO_SET_ITEMS		vro_build_set_items
#define vro_div(x, name) ({						\
	static_assert(sizeof(x) <= 4,					\
		      "vro_div(): the dividend has more than 32 bits");	\
	(u32)(x) / (u32)vro(name);					\
})
/* x evaluated once, the divisor read once (vro_mod() uses it too) */
#define vro_divmod(x, name, qp) ({					\
	u32 __vro_x = (x), __vro_dv = (u32)__VRO_BUILD_ONCE(name);	\
	static_assert(sizeof(x) <= 4,					\
		      "vro_divmod(): the dividend has more than 32 bits");	\
	*(qp) = __vro_x / __vro_dv;					\
	__vro_x % __vro_dv;						\
})
/*
 * A shift by the variable or the constant, the count masked as the CPU
 * masks an imm8 count: these builds have no site to refuse a count out of
 * range (Documentation/vro.rst, "Shifts").
 */
#define __vro_shift(helper, insn, cop, type, x, name) ({		\
	__VRO_SHIFT_CHECK(helper, name);				\
	type __vro_sx = (x);						\
	unsigned int __vro_sn = (unsigned int)__VRO_BUILD_ONCE(name) &	\
				(sizeof(type) * 8 - 1);			\
	(type)(__vro_sx cop __vro_sn);					\
})
/* vro_shr32() and vro_shl32(): the 32-bit result in @x's promoted type */
#define __vro_shift32(helper, insn, cop, x, name) ({			\
	__VRO_SHIFT_CHECK(helper, name);				\
	typeof(0u + (x)) __vro_sx = (x);				\
	unsigned int __vro_sn = (unsigned int)__VRO_BUILD_ONCE(name) & 31; \
	(typeof(__vro_sx))(u32)((u32)__vro_sx cop __vro_sn);		\
})
#endif /* VRO_BUILD_MODE != VRO_BUILD_VRO */

#endif /* _LINUX_VRO_BUILD_H */
