/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_update.h - several VROs changed in one batch, values derived from
 * other VROs, and division by a VRO (included by <linux/vro.h>).
 *
 * See Documentation/vro.rst, "Changing several VROs at once", "Derived
 * values" and "Dividing by a VRO".
 */
#ifndef _LINUX_VRO_UPDATE_H
#define _LINUX_VRO_UPDATE_H

#include <linux/errno.h>

/**
 * struct vro_item - one member of a vro_set_many() update
 * @var: the variable (VRO_ITEM() fills it from a VRO's name)
 * @raw: the new value as 64 bits (sign-extended if @is_signed)
 * @is_signed: the value's expression had a signed type
 */
struct vro_item {
	struct vro_var *var;
	u64 raw;
	bool is_signed;
};

/* The struct vro_var of a VRO in this build (vro_build.h redefines it). */
#define __VRO_VARP(name)	(&vro_var_##name)

/**
 * VRO_ITEM() - a {VRO, value} member of a vro_set_many() update
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 * @value: its new value, any integer or pointer expression
 *
 * An initializer of a struct vro_item: the value is checked against the
 * VRO's type exactly as vro_set() checks it.
 */
#define VRO_ITEM(name, value) {						\
	.var = __VRO_VARP(name),					\
	.raw = (u64)(unsigned long long)(unsigned long)(value),		\
	.is_signed = __VRO_IS_SIGNED(typeof(value)),			\
}

/* Most members one update may name: more is refused with -E2BIG. */
#define VRO_SET_MAX		65536U

int vro_set_items(const struct vro_item *items, unsigned int n);
int vro_build_set_items(const struct vro_item *items, unsigned int n);

#define __VRO_SET_ITEMS		vro_set_items

/**
 * vro_set_many() - change several VROs in one batch, all or nothing
 * @...: VRO_ITEM(name, value) members, of one or several modules
 *
 * Example, a table and its mask that readers must never see mixed::
 *
 *	err = vro_set_many(VRO_ITEM(tbl, new), VRO_ITEM(tbl_mask, n - 1));
 *
 * Every value is checked against its VRO's type and every site that reads
 * it, and every VRO derived from a member (DEFINE_VRO_DERIVED()) is
 * recomputed and checked too; then every site of all of them is written in
 * one stop_machine() batch, or nothing is written. A reader that reads the
 * members inside one non-preemptible section (preempt_disable(), softirq,
 * interrupts off) sees either all old or all new values. Sleeps.
 *
 * In the plain build the members are stored one after the other (readers
 * may see a mix); in the const build every update is refused.
 *
 * Return: 0; -ERANGE if a value does not fit its type or a site; -EPERM if
 * a member is sealed or derived; -EINVAL if a VRO is named twice or a
 * member has no variable (vro_set_items() with a NULL .var, or a NULL
 * array and a count above 0); -ENODEV if a member is no VRO vro.ko
 * registered (its defining module is not loaded, or the struct vro_var
 * is a copy of a registered one); -E2BIG for more than VRO_SET_MAX
 * members; -EBUSY or -EINVAL if a site's instruction was changed by
 * someone else; -EDOM (or another errno) if a derived value cannot be
 * computed. On error nothing was written and the culprit is named in the
 * kernel log. vro_set_items() of 0 members does nothing and returns 0.
 */
#define vro_set_many(...) ({						\
	const struct vro_item __vro_items[] = { __VA_ARGS__ };		\
	__VRO_SET_ITEMS(__vro_items, ARRAY_SIZE(__vro_items));		\
})

/* ---- derived values ---------------------------------------------------- */

#define VRO_DERIVE_MAX_DEPS	4

/**
 * struct vro_derive - how a derived VRO is computed (DEFINE_VRO_DERIVED())
 * @var: the derived variable
 * @compute: computes its value from its bases' values @v (in the order of
 *	     @deps, each sign-extended if signed), stores it through @out
 *	     and whether the result's type is signed through @is_signed;
 *	     returns 0 or an errno that refuses the update
 * @deps: its bases
 * @nr_deps: how many (1..VRO_DERIVE_MAX_DEPS)
 * @mode: the build of the defining file (VRO_BUILD_MODE)
 * @list: on vro.ko's list of derived variables; vro.ko only
 */
struct vro_derive {
	struct vro_var *var;
	int (*compute)(const u64 *v, u64 *out, bool *is_signed);
	struct vro_var *const *deps;
	u8 nr_deps;
	u8 mode;
	struct list_head list;
};

extern const struct kernel_param_ops vro_derive_param_ops;

/* Up to VRO_DERIVE_MAX_DEPS bases: their count, typed values, variables. */
#define __VRO_NARGS(...)		__VRO_NARGS_(__VA_ARGS__, 4, 3, 2, 1, 0)
#define __VRO_NARGS_(a, b, c, d, n, ...)	n
#define __VRO_PASTE_(a, b)		a##b
#define __VRO_PASTE(a, b)		__VRO_PASTE_(a, b)
#define __VRO_DARG(d, i)		((__vro_type(d))(unsigned long)v[i])
/* fn applied to the bases' values v[0..n-1], each converted to its type */
#define __VRO_DCALL1(fn, a)		fn(__VRO_DARG(a, 0))
#define __VRO_DCALL2(fn, a, b)		fn(__VRO_DARG(a, 0), __VRO_DARG(b, 1))
#define __VRO_DCALL3(fn, a, b, c)					\
	fn(__VRO_DARG(a, 0), __VRO_DARG(b, 1), __VRO_DARG(c, 2))
#define __VRO_DCALL4(fn, a, b, c, d)					\
	fn(__VRO_DARG(a, 0), __VRO_DARG(b, 1), __VRO_DARG(c, 2),	\
	   __VRO_DARG(d, 3))
/* the initializer of the bases' array */
#define __VRO_DVARS1(a)			{ __VRO_VARP(a) }
#define __VRO_DVARS2(a, b)		{ __VRO_VARP(a), __VRO_VARP(b) }
#define __VRO_DVARS3(a, b, c)						\
	{ __VRO_VARP(a), __VRO_VARP(b), __VRO_VARP(c) }
#define __VRO_DVARS4(a, b, c, d)					\
	{ __VRO_VARP(a), __VRO_VARP(b), __VRO_VARP(c), __VRO_VARP(d) }
#define __VRO_DERIVE_CALL(fn, ...)					\
	__VRO_PASTE(__VRO_DCALL, __VRO_NARGS(__VA_ARGS__))(fn, __VA_ARGS__)
#define __VRO_DERIVE_VARS(...)						\
	__VRO_PASTE(__VRO_DVARS, __VRO_NARGS(__VA_ARGS__))(__VA_ARGS__)

/* A derived VRO whose value @compute (see struct vro_derive) gives. */
#define __DEFINE_VRO_DERIVED_RAW(type, name, dflt, fl, cfn, ...)	\
	__DEFINE_VRO(type, name, dflt, (fl) | VRO_VAR_DERIVED);		\
	static struct vro_var *const __vro_deps_##name[] =		\
		__VRO_DERIVE_VARS(__VA_ARGS__);				\
	static struct vro_derive __vro_derive_##name = {		\
		.var = __VRO_VARP(name),				\
		.compute = cfn,						\
		.deps = __vro_deps_##name,				\
		.nr_deps = sizeof(__vro_deps_##name) /			\
			   sizeof(__vro_deps_##name[0]),		\
		.mode = VRO_BUILD_MODE,					\
		.list = LIST_HEAD_INIT(__vro_derive_##name.list),	\
	};								\
	__VRO_KPARAM(__vro_derive_##name, &vro_derive_param_ops,	\
		     &__vro_derive_##name)

#define __DEFINE_VRO_DERIVED(type, name, dflt, fl, fn, ...)		\
	static int __vro_compute_##name(const u64 *v, u64 *out,		\
					bool *is_signed)		\
	{								\
		typeof(__VRO_DERIVE_CALL(fn, __VA_ARGS__)) __r =	\
			__VRO_DERIVE_CALL(fn, __VA_ARGS__);		\
									\
		*out = (u64)(unsigned long long)(unsigned long)__r;	\
		*is_signed = __VRO_IS_SIGNED(typeof(__r));		\
		return 0;						\
	}								\
	__DEFINE_VRO_DERIVED_RAW(type, name, dflt, fl,			\
				 __vro_compute_##name, __VA_ARGS__)

/**
 * DEFINE_VRO_DERIVED() - define a VRO computed from other VROs
 * @type: its C type, as for DEFINE_VRO()
 * @name: its name
 * @dflt: its value when every base holds its default: what the const build
 *	  compiles in (vro.ko refuses the module if fn(defaults) differs)
 * @fn: a function or function-like macro of the bases' values, in the
 *	order given, each of its VRO's type
 * @...: its bases, 1 to VRO_DERIVE_MAX_DEPS VROs (DECLARE_VRO() or
 *	 DEFINE_VRO(), of this module or of one it depends on)
 *
 * Example, a mask that always matches its table's size::
 *
 *	DEFINE_VRO(u32, tbl_size, 1024);
 *	#define size_to_mask(size)	((size) - 1)
 *	DEFINE_VRO_DERIVED(u32, tbl_mask, 1023, size_to_mask, tbl_size);
 *
 * Whenever an update (vro_set(), vro_set_many(), a module parameter)
 * changes a base, @fn is evaluated on the new values and the derived VRO's
 * sites are written in the same stop_machine() batch as the bases' sites.
 * A result that does not fit @type or one of its sites refuses the whole
 * update (-ERANGE, nothing written). A derived VRO cannot be set directly
 * (-EPERM); it is sealed like any VRO, so after set_very_readonly() a
 * read-mostly base whose derived VRO would change needs the derived VRO to
 * be DEFINE_VRO_DERIVED_MOSTLY(). A derived VRO may be a base of another;
 * a cycle refuses every update that reaches it (-ELOOP).
 */
#define DEFINE_VRO_DERIVED(type, name, dflt, fn, ...)			\
	__DEFINE_VRO_DERIVED(type, name, dflt, 0, fn, __VA_ARGS__)

/**
 * DEFINE_VRO_DERIVED_MOSTLY() - a derived VRO that stays writable after sealing
 * @type: its C type
 * @name: its name
 * @dflt: its value when every base holds its default
 * @fn: a function or function-like macro of the bases' values
 * @...: its bases
 *
 * Like DEFINE_VRO_DERIVED(), for bases defined with DEFINE_VRO_MOSTLY().
 */
#define DEFINE_VRO_DERIVED_MOSTLY(type, name, dflt, fn, ...)		\
	__DEFINE_VRO_DERIVED(type, name, dflt, VRO_VAR_MOSTLY, fn, __VA_ARGS__)

/**
 * DEFINE_VRO_DERIVED_WIDE() - a derived 64-bit VRO that may hold any value
 * @type: its C type
 * @name: its name
 * @dflt: its value when every base holds its default
 * @fn: a function or function-like macro of the bases' values
 * @...: its bases
 *
 * Like DEFINE_VRO_DERIVED(), with DEFINE_VRO_WIDE()'s range: read it with
 * vro_wide() only.
 */
#define DEFINE_VRO_DERIVED_WIDE(type, name, dflt, fn, ...)		\
	__DEFINE_VRO_DERIVED(type, name, dflt, VRO_VAR_WIDE, fn, __VA_ARGS__)

/* ---- division by a VRO ------------------------------------------------ */

#include <linux/vro_div.h>

/* The derivation of a divisor's magic number: a divisor of 0 is refused. */
static inline int __vro_div_compute(const u64 *v, u64 *out, bool *is_signed)
{
	*is_signed = false;
	if (!v[0] || v[0] > 0xffffffffULL)
		return -EDOM;
	*out = VRO_DIV_MAGIC(v[0]);
	return 0;
}

/*
 * A divisor VRO and its derived magic. The extern declarations name the two
 * descriptors this defines (DEFINE_VRO() declares them too).
 */
#define __DEFINE_VRO_DIVISOR(type, name, dflt, fl)			\
	extern struct vro_var vro_var_##name, vro_var_##name##_magic;	\
	static_assert(sizeof(type) <= 4 && !__VRO_IS_SIGNED(type) &&	\
		      !__VRO_IS_PTR(type) && !__VRO_IS_BOOL(type) &&	\
		      (dflt) != 0,					\
		      "DEFINE_VRO_DIVISOR(" #name "): the type must be "	\
		      "u8, u16 or u32 and the default not 0");		\
	__DEFINE_VRO(type, name, dflt, fl);				\
	__DEFINE_VRO_DERIVED_RAW(u64, name##_magic, VRO_DIV_MAGIC(dflt),	\
				 (fl) | VRO_VAR_WIDE, __vro_div_compute, name)

/**
 * DEFINE_VRO_DIVISOR() - define a VRO to divide by, with vro_div()
 * @type: u8, u16 or u32
 * @name: its name; the divisor is set with vro_set(@name, d) like any VRO
 * @dflt: its default, not 0
 *
 * Defines the VRO @name and the derived u64 VRO @name_magic
 * (VRO_DIV_MAGIC() of the divisor, read through a movabs immediate), so
 * that vro_div(x, @name) is a multiply and no divide instruction. Setting
 * the divisor to 0 is refused with -EDOM (nothing written).
 */
#define DEFINE_VRO_DIVISOR(type, name, dflt)				\
	__DEFINE_VRO_DIVISOR(type, name, dflt, 0)

/**
 * DEFINE_VRO_DIVISOR_MOSTLY() - a divisor that stays writable after sealing
 * @type: u8, u16 or u32
 * @name: its name
 * @dflt: its default, not 0
 *
 * Like DEFINE_VRO_DIVISOR(), with DEFINE_VRO_MOSTLY() semantics.
 */
#define DEFINE_VRO_DIVISOR_MOSTLY(type, name, dflt)			\
	__DEFINE_VRO_DIVISOR(type, name, dflt, VRO_VAR_MOSTLY)

/**
 * DECLARE_VRO_DIVISOR() - declare a divisor defined elsewhere
 * @type: its type, as defined
 * @name: its name
 */
#define DECLARE_VRO_DIVISOR(type, name)					\
	extern struct vro_var vro_var_##name, vro_var_##name##_magic;	\
	DECLARE_VRO(type, name);					\
	DECLARE_VRO(u64, name##_magic)

/**
 * vro_div() - divide by a VRO divisor without a divide instruction
 * @x: the dividend, an integer of 32 bits or fewer (converted to u32, as
 *     the usual arithmetic conversions do for a division by a u32)
 * @name: a divisor defined with DEFINE_VRO_DIVISOR()
 *
 * Exactly (u32)@x / vro(@name), for every dividend, as "movabs $magic;
 * mul": one multiply instead of the div that x / vro(name) compiles to.
 * In the plain build it is a division by the variable, in the const build
 * by the constant (which gcc turns into its own multiply and shift).
 */
#define vro_div(x, name) ({						\
	static_assert(sizeof(x) <= 4,					\
		      "vro_div(): the dividend has more than 32 bits");	\
	vro_div_u32((x), vro_wide(name##_magic));			\
})

/*
 * The divisor as a u32, read by exactly one instruction whose result is
 * used everywhere (an asm: gcc may rematerialise a constant at each use,
 * and each copy would be a site read at its own time).
 */
#define __vro_divisor(name) ({						\
	u32 __vro_d;							\
	asm("movl %1, %0" : "=r" (__vro_d) : "i" (__vro_##name));	\
	__vro_d;							\
})

/**
 * vro_divmod() - quotient and remainder of a division by a VRO divisor
 * @x: the dividend, an integer of 32 bits or fewer, evaluated once
 * @name: a divisor defined with DEFINE_VRO_DIVISOR()
 * @qp: a u32 * that receives the quotient
 *
 * Evaluates to the remainder, (u32)@x % d, and stores (u32)@x / d through
 * @qp, for one divisor d: r < d and @x == q * d + r always hold, even in
 * a reader preempted while vro_set() changes the divisor (the magic
 * number and the divisor are two sites: see vro_divmod_u32(); the rare
 * reader that got them from two different divisors divides by the one it
 * read). In the plain build one READ_ONCE() of the variable, in the const
 * build the constant.
 */
#define vro_divmod(x, name, qp) ({					\
	static_assert(sizeof(x) <= 4,					\
		      "vro_divmod(): the dividend has more than 32 bits");	\
	vro_divmod_u32((u32)(x), vro_wide(name##_magic),		\
		       __vro_divisor(name), (qp));			\
})

/**
 * vro_mod() - the remainder of a division by a VRO divisor
 * @x: the dividend, 32 bits or fewer, evaluated once
 * @name: a divisor defined with DEFINE_VRO_DIVISOR()
 *
 * (u32)@x % d for the divisor d it read: always below d, also across a
 * vro_set() of the divisor (see vro_divmod()).
 */
#define vro_mod(x, name) ({						\
	u32 __vro_q;							\
	vro_divmod(x, name, &__vro_q);					\
})

#endif /* _LINUX_VRO_UPDATE_H */
