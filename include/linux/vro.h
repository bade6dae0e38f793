/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro.h - read-mostly variables as instruction immediates ("very read-only").
 *
 * A VRO is a symbol __vro_<name> that is never defined. Code reads its
 * *address*, so the compiler emits it as a link-time constant in whatever
 * instruction form suits; tools/vrolink records every such relocation in the
 * module's site table and vro.ko writes the value into every site.
 *
 * See Documentation/vro.rst.
 */
#ifndef _LINUX_VRO_H
#define _LINUX_VRO_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/vro_abi.h>

struct module;

/* struct vro_var.flags */
#define VRO_VAR_MOSTLY	0x01	/* may be re-patched after set_very_readonly() */
#define VRO_VAR_SIGNED	0x02	/* the C type is signed */
#define VRO_VAR_PTR	0x04	/* the C type is a pointer */
#define VRO_VAR_BOOL	0x08	/* the C type is bool */
#define VRO_VAR_DERIVED	0x10	/* computed from other VROs, never set directly */
#define VRO_VAR_WIDE	0x20	/* 64-bit: any value, read with vro_wide() only */
#define VRO_VAR_BOOT	0x40	/* set by vmlinux while it boots, fixed after */

/**
 * struct vro_var - one very-read-only variable, defined by DEFINE_VRO()
 * @name: the symbol the sites refer to, "__vro_<name>"
 * @value: current value, sign-extended to 64 bits for signed types
 * @def: value given at definition
 * @size: sizeof() the C type, in bytes
 * @flags: VRO_VAR_*
 * @nr_sites: live sites (all modules) that hold this variable; vro.ko only
 * @owner: the defining module while registered, else NULL; vro.ko only
 * @list: on vro.ko's list of registered variables; vro.ko only
 * @uses: per module that reads it, the range of its sites there (struct
 *	  vro_var_use), so that vro_set() visits only its own sites; vro.ko
 *	  only
 *
 * Only vro.ko writes @value, @nr_sites, @owner, @list and @uses; everybody else
 * uses the API below.
 */
struct vro_var {
	const char *name;
	u64 value;
	u64 def;
	u8 size;
	u8 flags;
	u32 nr_sites;
	struct module *owner;
	struct list_head list;
	struct hlist_head uses;
};

extern const struct kernel_param_ops vro_var_param_ops;
extern const struct kernel_param_ops vro_module_param_ops;
extern const struct kernel_param_ops vro_tunable_param_ops;
extern const struct kernel_param_ops vro_decl_param_ops;

/**
 * struct vro_decl - what one DECLARE_VRO() says of a VRO defined elsewhere
 * @var: the VRO it names (the definition, in whichever module has it)
 * @size: sizeof() the declared type
 * @flags: VRO_VAR_SIGNED, VRO_VAR_PTR and VRO_VAR_BOOL of the declared type
 *
 * vro.ko compares it with @var when the declaring module loads and refuses
 * a module whose declaration differs from the definition: a u64 VRO read
 * as u32, or an s32 read as u32, would give wrong values.
 */
struct vro_decl {
	struct vro_var *var;
	u8 size;
	u8 flags;
};

/* The flags of struct vro_decl, in struct vro_var.flags too. */
#define VRO_DECL_FLAGS	(VRO_VAR_SIGNED | VRO_VAR_PTR | VRO_VAR_BOOL)

/*
 * Is @type a pointer? gcc and clang classify it; sparse has no
 * __builtin_classify_type(), so under sparse (__CHECKER__) a type is a
 * pointer when it is none of the integer types a VRO may have (the
 * definers' and readers' code is type-checked by the compiler anyway).
 */
#ifdef __CHECKER__
#define __VRO_IS_INT(type, t)	__builtin_types_compatible_p(type, t)
#define __VRO_IS_PTR(type)						\
	(!(__VRO_IS_INT(type, bool) || __VRO_IS_INT(type, char) ||	\
	   __VRO_IS_INT(type, signed char) ||				\
	   __VRO_IS_INT(type, unsigned char) ||				\
	   __VRO_IS_INT(type, short) ||					\
	   __VRO_IS_INT(type, unsigned short) ||			\
	   __VRO_IS_INT(type, int) || __VRO_IS_INT(type, unsigned int) || \
	   __VRO_IS_INT(type, long) ||					\
	   __VRO_IS_INT(type, unsigned long) ||				\
	   __VRO_IS_INT(type, long long) ||				\
	   __VRO_IS_INT(type, unsigned long long)))
#else
#define __VRO_IS_PTR(type)	(__builtin_classify_type((type)0) == 5)
#endif
#define __VRO_IS_SIGNED(type)						\
	__builtin_choose_expr(__VRO_IS_PTR(type), 0,			\
			      (typeof(type))-1 < (typeof(type))1)
#define __VRO_IS_BOOL(type)	__builtin_types_compatible_p(type, bool)

/*
 * A hidden module parameter (perm 0, never in sysfs) is how vro.ko finds a
 * module's variables and site table from its module notifier: mod->kp is
 * filled by the stock loader before MODULE_STATE_COMING, and the ops
 * pointer tells vro.ko which entries are its own.
 */
#define __VRO_KPARAM(kpname, ops_ptr, argp)				\
	static const char __vro_kpname_##kpname[] = #kpname;		\
	static const struct kernel_param __vro_kp_##kpname		\
	__used __section("__param") __aligned(sizeof(void *)) = {	\
		.name = __vro_kpname_##kpname,				\
		.mod = THIS_MODULE,					\
		.ops = ops_ptr,						\
		.perm = 0,						\
		.level = -1,						\
		.arg = argp,						\
	}

/* The VRO_DECL_FLAGS of C type @type. */
#define __VRO_TYPE_FLAGS(type)						\
	((__VRO_IS_SIGNED(type) ? VRO_VAR_SIGNED : 0) |			\
	 (__VRO_IS_PTR(type) ? VRO_VAR_PTR : 0) |			\
	 (__VRO_IS_BOOL(type) ? VRO_VAR_BOOL : 0))

/*
 * DECLARE_VRO()'s hidden parameter, one per declaration (unique names): its
 * arg is the declaration (struct vro_decl), which names the variable.
 * Two levels so that @id, a __UNIQUE_ID(), is expanded before pasting.
 */
#define __VRO_READER_KPARAM(id, kpname, type, varp)			\
	___VRO_READER_KPARAM(id, kpname, type, varp)
#define ___VRO_READER_KPARAM(id, kpname, type, varp)			\
	static struct vro_decl id##_decl = {				\
		.var = varp,						\
		.size = sizeof(type),					\
		.flags = __VRO_TYPE_FLAGS(type),			\
	};								\
	static const struct kernel_param id				\
	__used __section("__param") __aligned(sizeof(void *)) = {	\
		.name = kpname,						\
		.mod = THIS_MODULE,					\
		.ops = &vro_decl_param_ops,				\
		.perm = 0,						\
		.level = -1,						\
		.arg = &id##_decl,					\
	}

/* Exported from a definition macro (checkpatch reads it as misplaced). */
#define __VRO_EXPORT(sym)	EXPORT_SYMBOL_GPL(sym)

/*
 * The type (an object never defined, only named in typeof(): no typedef)
 * and the never-defined symbol; may be repeated in one file.
 */
#define __vro_type(name)	typeof(__vro_tv_##name)
#define __VRO_DECLARE_SYMBOL(type, name)				\
	extern type __vro_tv_##name;					\
	extern const char __vro_##name[] __weak

/**
 * DECLARE_VRO() - declare a VRO defined elsewhere (this file or another module)
 * @type: its C type: bool, u8..u64, s8..s64, int, long, or a pointer
 * @name: its name; the symbol is __vro_<name>
 *
 * May appear in a header that the defining file includes too, and more than
 * once in a file, like DECLARE_STATIC_KEY_FALSE(). Also emits a hidden
 * parameter that references the exported vro_var_<name>: modpost records
 * the dependency on the defining module (modprobe loads it first), and
 * vro.ko refuses to load a module that declares VROs but has no site table
 * (no VRO_MODULE(), or not processed by tools/vrolink), or whose @type is
 * not the definition's (size, sign, pointer, bool: struct vro_decl).
 */
#define DECLARE_VRO(type, name)						\
	__VRO_DECLARE_SYMBOL(type, name);				\
	extern struct vro_var vro_var_##name;				\
	__VRO_READER_KPARAM(__UNIQUE_ID(vro_reads_##name),		\
			    "__vro_reads_" #name, type, &vro_var_##name)

/* Is @x below zero? Written so that no compiler warns for unsigned @x. */
#define __VRO_NEG(x)	(!((x) > 0) && (x) != 0)

/*
 * Does the default @dflt fit @type: the same value after conversion, and
 * the same sign (so -1 never fits u32 and 0xffffffffu never fits s32)?
 * Pointers are not checked (an address is not an integer constant).
 */
#define __VRO_DFLT_TYPE(type)						\
	typeof(__builtin_choose_expr(__VRO_IS_PTR(type), 0L, (type)0))
#define __VRO_DFLT(type, dflt)						\
	__builtin_choose_expr(__VRO_IS_PTR(type), 0L, dflt)
#define __VRO_DFLT_FITS(type, dflt)					\
	((__VRO_DFLT_TYPE(type))__VRO_DFLT(type, dflt) ==		\
		 __VRO_DFLT(type, dflt) &&				\
	 __VRO_NEG((__VRO_DFLT_TYPE(type))__VRO_DFLT(type, dflt)) ==	\
		 __VRO_NEG(__VRO_DFLT(type, dflt)))

/* The descriptor of VRO @id as defined (every build: see vro_build.h). */
#define __VRO_VAR_INIT(type, id, dflt, fl) {				\
		.name = "__vro_" #id,					\
		.value = (u64)(dflt),					\
		.def = (u64)(dflt),					\
		.size = sizeof(type),					\
		.flags = (fl) |						\
			 (__VRO_IS_SIGNED(type) ? VRO_VAR_SIGNED : 0) |	\
			 (__VRO_IS_PTR(type) ? VRO_VAR_PTR : 0) |	\
			 (__VRO_IS_BOOL(type) ? VRO_VAR_BOOL : 0),	\
	}

/*
 * A 64-bit integer VRO not defined wide holds [-2^31, 2^31) (as s64) in
 * every build: the range of the sign-extended fields vro() emits.
 */
#define __VRO_DFLT_NARROW(type, dflt, fl)				\
	(sizeof(type) < 8 || ((fl) & VRO_VAR_WIDE) || __VRO_IS_PTR(type) || \
	 ((s64)__VRO_DFLT(type, dflt) >= -0x80000000LL &&		\
	  (s64)__VRO_DFLT(type, dflt) <= 0x7fffffffLL))

/*
 * A VRO's type is an integer, bool, enum or pointer of at most 64 bits:
 * an __int128 or a double would otherwise build and read garbage (a struct
 * is already a compiler error, at the cast). gcc classifies the promoted
 * value: integer 1, pointer 5. Sparse knows only the size.
 */
#ifdef __CHECKER__
#define __VRO_TYPE_OK(type)	(sizeof(type) <= 8)
#else
#define __VRO_TYPE_OK(type)						\
	(sizeof(type) <= 8 &&						\
	 (__builtin_classify_type((type)0) == 1 ||			\
	  __builtin_classify_type((type)0) == 5))
#endif
#define __VRO_TYPE_CHECK(type, id)					\
	static_assert(__VRO_TYPE_OK(type),				\
		      "DEFINE_VRO(" #id "): the type " #type		\
		      " is not an integer, bool, enum or pointer of at most 64 bits")

#define __DEFINE_VRO(type, id, dflt, fl)				\
	__VRO_TYPE_CHECK(type, id);					\
	__VRO_DECLARE_SYMBOL(type, id);					\
	extern struct vro_var vro_var_##id;				\
	static_assert(__VRO_DFLT_FITS(type, dflt),			\
		      "DEFINE_VRO(" #id "): the default " #dflt		\
		      " does not fit the type " #type);			\
	static_assert(__VRO_DFLT_NARROW(type, dflt, fl),		\
		      "DEFINE_VRO(" #id "): the default " #dflt		\
		      " is outside [-2^31, 2^31): use DEFINE_VRO_WIDE()"); \
	struct vro_var vro_var_##id = __VRO_VAR_INIT(type, id, dflt, fl);	\
	__VRO_EXPORT(vro_var_##id);					\
	__VRO_KPARAM(__vro_var_##id, &vro_var_param_ops,		\
		     &vro_var_##id)

/**
 * DEFINE_VRO() - define a VRO, in exactly one module
 * @type: its C type: bool, u8..u64, s8..s64, int, long, or a pointer
 * @name: its name; the symbol is __vro_<name>
 * @dflt: the value every site gets until vro_set() changes it
 *
 * A @dflt that does not fit @type (300 for a u8, 2 for a bool, -1 for an
 * unsigned type) is a build error naming the VRO. set_very_readonly()
 * seals it: no write path can change it afterwards. The module must have
 * VRO_MODULE() (vro.ko refuses to load it otherwise).
 */
#define DEFINE_VRO(type, name, dflt)	__DEFINE_VRO(type, name, dflt, 0)

/**
 * DEFINE_VRO_MOSTLY() - define a VRO that stays writable after sealing
 * @type: its C type
 * @name: its name
 * @dflt: its default value
 *
 * Like DEFINE_VRO(), but vro_set() still works after set_very_readonly(),
 * at the cost of a stop_machine() per write.
 */
#define DEFINE_VRO_MOSTLY(type, name, dflt)				\
	__DEFINE_VRO(type, name, dflt, VRO_VAR_MOSTLY)

/**
 * DEFINE_VRO_WIDE() - define a 64-bit VRO that may hold any value
 * @type: its C type (64 bits: u64, s64, long, unsigned long, a pointer)
 * @name: its name
 * @dflt: its default value
 *
 * A 64-bit VRO defined with DEFINE_VRO() holds values in [-2^31, 2^31) in
 * every build (what the sign-extended fields of vro() can hold); outside
 * that range vro_set() and its parameter return -ERANGE. A wide one holds
 * every value of its type, and must be read with vro_wide() only: vro.ko
 * refuses to load a module that reads it through vro(). For types of 32
 * bits or fewer it is the same as DEFINE_VRO().
 */
#define DEFINE_VRO_WIDE(type, name, dflt)				\
	__DEFINE_VRO(type, name, dflt, VRO_VAR_WIDE)

/**
 * DEFINE_VRO_WIDE_MOSTLY() - a wide VRO that stays writable after sealing
 * @type: its C type
 * @name: its name
 * @dflt: its default value
 *
 * DEFINE_VRO_WIDE() with DEFINE_VRO_MOSTLY() semantics.
 */
#define DEFINE_VRO_WIDE_MOSTLY(type, name, dflt)			\
	__DEFINE_VRO(type, name, dflt, VRO_VAR_WIDE | VRO_VAR_MOSTLY)

/**
 * DEFINE_VRO_BOOT() - define a VRO that vmlinux's own code sets while it boots
 * @type: its C type
 * @name: its name
 * @dflt: its default value
 *
 * For a value the kernel computes once at boot (a hash table's address and
 * shift): built-in code sets it with vro_set() or vro_set_many() until
 * system_state reaches SYSTEM_RUNNING; from then on every write path
 * (vro_set(), debugfs set, module_param_vro()) returns -EPERM, and
 * vro.<name>= on the kernel command line is refused, logged naming it.
 * debugfs lists its state as "boot" while it may be set, "fixed" after. A
 * module's boot-only VRO keeps its default: nothing can set it.
 */
#define DEFINE_VRO_BOOT(type, name, dflt)				\
	__DEFINE_VRO(type, name, dflt, VRO_VAR_BOOT)

/**
 * DEFINE_VRO_WIDE_BOOT() - a wide VRO that vmlinux's own code sets while it boots
 * @type: its C type (64 bits: u64, s64, long, unsigned long, a pointer)
 * @name: its name
 * @dflt: its default value
 *
 * DEFINE_VRO_WIDE() with DEFINE_VRO_BOOT() semantics.
 */
#define DEFINE_VRO_WIDE_BOOT(type, name, dflt)				\
	__DEFINE_VRO(type, name, dflt, VRO_VAR_WIDE | VRO_VAR_BOOT)

/* A pointer VRO's address, through an asm gcc cannot see into. */
#define __vro_hidden(name) ({						\
	unsigned long __vro_h;						\
	asm("movq %1, %0" : "=r" (__vro_h) : "i" (__vro_##name));	\
	__vro_h;							\
})

/*
 * The largest field a VRO of 32 bits or fewer can hold: an unsigned one's
 * type maximum (the core writes only values of its type), else 2^32 - 1
 * (the low half of a sign-extended value).
 */
#define __VRO_IMM32_MAX(type)						\
	((__VRO_DFLT_TYPE(type))-1 < (__VRO_DFLT_TYPE(type))1 ?		\
	 0xffffffffUL : (unsigned long)(__VRO_DFLT_TYPE(type))-1)

/*
 * A VRO of 32 bits or fewer: one "movl $imm32, %reg" (R_X86_64_32). gcc
 * cannot use a symbol's address truncated to 32 bits as an immediate: from
 * the plain conversion it builds the 64-bit address and copies its low half
 * ("mov $sym,%rax; lea (%rax),%edi"), one instruction more than the
 * constant's "mov $imm,%edi". movl clears the upper half; telling gcc the
 * range also spares the zero-extension of an unsigned index.
 */
#define __vro_imm32(name) ({						\
	unsigned long __vro_i;						\
	asm("movl %1, %k0" : "=r" (__vro_i) : "i" (__vro_##name));	\
	if (__vro_i > __VRO_IMM32_MAX(__vro_type(name)))		\
		__builtin_unreachable();				\
	__vro_i;							\
})

/**
 * vro() - read a VRO
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 *
 * Evaluates to the symbol's address converted to the VRO's type; after the
 * module is loaded, that is the VRO's value as an instruction immediate.
 * A VRO of 32 bits or fewer is one "movl $imm32, %reg" (R_X86_64_32) that
 * the compiler may reuse. A 64-bit one is a link-time constant that the
 * compiler folds into the instructions it picks (cmp, and, lea, imul
 * immediates, with an addend: vro(x) + 8). For 64-bit types, the sites hold
 * sign-extended 32-bit fields: values outside [-2^31, 2^31) need a VRO
 * defined with DEFINE_VRO_WIDE(), read with vro_wide().
 *
 * A pointer VRO is always one "movq $imm32, %reg" (R_X86_64_32S) that the
 * compiler cannot look through: it would otherwise know that the symbol
 * is no object it can see and fold vro(p) == &obj to false. The pointer
 * can be compared, subtracted and dereferenced (vro(cfg)->field) like a
 * plain variable. An integer VRO converted to a pointer has no such
 * protection (gcc folds its comparison with &obj to false): hold pointers in
 * pointer VROs.
 */
#define vro(name)							\
	((__vro_type(name))__builtin_choose_expr(			\
		__VRO_IS_PTR(__vro_type(name)), __vro_hidden(name),	\
	 __builtin_choose_expr(sizeof(__vro_type(name)) <= 4,		\
		__vro_imm32(name), (unsigned long)__vro_##name)))

/**
 * vro_wide() - read a 64-bit VRO or pointer through a movabs immediate
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 *
 * Always one "movabs $imm64, %reg" (R_X86_64_64), so any 64-bit value fits
 * a site; the VRO holds any value if defined with DEFINE_VRO_WIDE().
 */
#define vro_wide(name) ({						\
	unsigned long __vro_v;						\
	asm("movabsq %1, %0" : "=r" (__vro_v) : "i" (__vro_##name));	\
	(__vro_type(name))__vro_v;					\
})

/**
 * VRO_MODULE() - opt a module in to VRO site patching (once per module)
 *
 * Emits the descriptor that tools/vrolink fills with the module's site table
 * and the hidden parameter through which vro.ko finds it at load. Every
 * module that declares, defines or reads a VRO needs it: vrolink refuses a
 * module that has sites but no VRO_MODULE(), and vro.ko refuses to load a
 * module with DECLARE_VRO() or DEFINE_VRO() but no processed site table.
 */
#define VRO_MODULE()							\
	static const struct vro_module_desc __vro_module_desc		\
	__used __section(VRO_MODULE_SECTION) __aligned(8) = {		\
		.magic = VRO_ABI_MAGIC,					\
		.version = VRO_ABI_VERSION,				\
	};								\
	__VRO_KPARAM(__vro_module, &vro_module_param_ops,		\
		     (void *)&__vro_module_desc)

int vro_set_var(struct vro_var *var, u64 raw, bool is_signed);

#if defined(CONFIG_VRO) && !defined(MODULE)
/*
 * Built into vmlinux: called once by start_kernel() to write every vmlinux
 * site (vro/main.c, then vro/vmlinux.c). Built-in code needs no VRO_MODULE().
 */
void vro_vmlinux_init(void);
/*
 * Asked by kprobes, like jump_label_text_reserved() (kernel/patches/):
 * does [@start, @end] touch a VRO or pv site's instruction (vro/reserved.c)?
 */
int vro_text_reserved(void *start, void *end);
#endif

/**
 * vro_set() - change a VRO's value and re-patch every site that reads it
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 * @value: the new value, any integer or pointer expression
 *
 * @value is checked against the VRO's C type (a negative value never fits
 * an unsigned type, 256 never fits a u8) and, for 64-bit types, against
 * every site's field (DESIGN value rule). Then every site, in every loaded
 * module, is re-patched in one stop_machine() batch. Sleeps.
 *
 * Return: 0 on success; -ERANGE if the value does not fit the type or a
 * site (nothing is written); -EPERM once set_very_readonly() has sealed a
 * VRO not defined with DEFINE_VRO_MOSTLY(), and for a DEFINE_VRO_BOOT()
 * VRO once the kernel runs (or a module's); -EINVAL if a site's bytes are
 * not what vro.ko wrote there, -EBUSY if the rest of a site's instruction
 * is not (a kprobe on it: nothing is written, the site is logged);
 * -ENODEV if vro.ko has not registered the VRO (its defining module is
 * not loaded or was refused; the VRO is named in the log).
 */
#define vro_set(name, value) ({						\
	typeof(value) __vro_nv = (value);				\
	vro_set_var(&vro_var_##name, (u64)(unsigned long long)		\
		  (unsigned long)__vro_nv,				\
		  __VRO_IS_SIGNED(typeof(__vro_nv)));			\
})

/**
 * vro_value() - the current value of a VRO, read from memory
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 *
 * The slow path: one load from the variable's descriptor. For code that
 * must see a vro_set() made in the same function (see vro()).
 */
#define vro_value(name)							\
	((__vro_type(name))(unsigned long)READ_ONCE(vro_var_##name.value))

/**
 * set_very_readonly() - seal every VRO
 *
 * From now on vro_set(), module_param_vro() writes and the debugfs knob
 * return -EPERM for every VRO not defined with DEFINE_VRO_MOSTLY(),
 * including VROs of modules loaded later: those keep their default.
 * There is no way back. Sleeps.
 */
void set_very_readonly(void);

/**
 * vro_is_sealed() - whether set_very_readonly() has been called
 *
 * Return: true once sealed.
 */
bool vro_is_sealed(void);

/*
 * A pointer VRO's parameter holds an address: readable by its owner only
 * (0400 or 0600; it reads as %pK, and no write from user space is taken).
 */
#define __VRO_PARAM_PERM(pname, name, perm)				\
	((perm) + 0 * (int)sizeof(struct {				\
		static_assert(!__VRO_IS_PTR(__vro_type(name)) ||	\
			      !((perm) & 0066),				\
			      "module_param_vro(" #pname "): the parameter of a " \
			      "pointer VRO must not be readable by group or " \
			      "others: use 0400 or 0600");		\
		int __vro_perm;						\
	}))

/**
 * module_param_vro_named() - expose a VRO as a module parameter
 * @pname: the parameter's name (modname.pname= on the kernel command line)
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 * @perm: sysfs permissions, as for module_param()
 *
 * Setting the parameter (insmod/modprobe argument, kernel command line
 * through modprobe, or a write to /sys/module/<mod>/parameters/<pname>)
 * is a vro_set(): checked against the type and the sites, and -EPERM once
 * sealed. Reading it prints the current value; a pointer VRO's as %pK
 * (kptr_restrict), and its @perm must not let group or others read or
 * write it (a build error otherwise).
 */
#define module_param_vro_named(pname, name, perm)			\
	module_param_cb(pname, &vro_tunable_param_ops, &vro_var_##name,	\
			__VRO_PARAM_PERM(pname, name, perm))

/**
 * module_param_vro() - expose a VRO as a module parameter of the same name
 * @name: a VRO declared with DECLARE_VRO() or DEFINE_VRO()
 * @perm: sysfs permissions, as for module_param()
 *
 * See module_param_vro_named().
 */
#define module_param_vro(name, perm)	module_param_vro_named(name, name, perm)

#include <linux/vro_update.h>	/* vro_set_many(), derived VROs, vro_div() */
#include <linux/vro_shift.h>	/* vro_shr32() and the other shifts */
#include <linux/vro_build.h>	/* VRO_BUILD=vro|plain|const */
#include <linux/vro_pv.h>

#endif /* _LINUX_VRO_H */
