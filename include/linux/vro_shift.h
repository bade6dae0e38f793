/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_shift.h - shift by a VRO in one instruction (included by <linux/vro.h>).
 *
 * x >> vro(n) compiles to "mov $n, %ecx; shr %cl, %eax": two instructions
 * and %ecx taken. The helpers here emit the form of 6.12's
 * runtime_const_shift_right_32(), one "shrl $imm8, %reg", whose imm8 is an
 * R_X86_64_8 site (VRO_RELOC_8, kind VRO_KIND_SHIFT32 or VRO_KIND_SHIFT64)
 * that vro.ko writes like any other. Such a site holds a valid count only:
 * 0..31 for a 32-bit shift, 0..63 for a 64-bit one; vro_set() and the
 * module's parameter refuse any other value of the VRO with -ERANGE, and
 * vro.ko refuses to load a module whose sites cannot hold the current one.
 * See Documentation/vro.rst, "Shifts".
 */
#ifndef _LINUX_VRO_SHIFT_H
#define _LINUX_VRO_SHIFT_H

/* The VRO that gives a shift count is an integer: not a pointer or bool. */
#define __VRO_SHIFT_CHECK(helper, name)					\
	static_assert(!__VRO_IS_PTR(__vro_type(name)) &&		\
		      !__VRO_IS_BOOL(__vro_type(name)),			\
		      helper "(" #name "): a shift count must be an "	\
		      "integer VRO, not a pointer or bool")

/*
 * @x converted to @type, shifted by VRO @name with one "@insn $imm8, %reg"
 * (@cop: the C operator the plain and const builds use instead).
 */
#define __vro_shift(helper, insn, cop, type, x, name) ({		\
	__VRO_SHIFT_CHECK(helper, name);				\
	type __vro_sx = (x);						\
	asm(insn " %1, %0" : "+r" (__vro_sx) : "i" (__vro_##name));	\
	__vro_sx;							\
})

/*
 * The 32-bit logical shifts: @x in its promoted type (at least unsigned
 * int, a u64 stays u64), shifted by "@insn $imm8" on the register's low
 * half. The instruction clears the upper half of a 64-bit register, so the
 * result is the 32-bit shift's, zero-extended, in @x's promoted type: what
 * runtime_const_shift_right_32() gives. A 64-bit result indexes a table
 * as it is, with no "mov %eax, %eax" to zero-extend a u32 first.
 */
#define __vro_shift32(helper, insn, cop, x, name) ({			\
	__VRO_SHIFT_CHECK(helper, name);				\
	typeof(0u + (x)) __vro_sx = (x);				\
	asm(insn " %1, %k0" : "+r" (__vro_sx) : "i" (__vro_##name));	\
	__vro_sx;							\
})

/**
 * vro_shr32() - shift right (logical) by a VRO, as one "shrl $imm8, %reg"
 * @x: the value: its low 32 bits are shifted
 * @name: an integer VRO, the count: 0..31
 *
 * Evaluates to (u32)@x >> vro(@name) without %cl: the count is the
 * instruction's imm8, patched by vro.ko. The result has @x's promoted
 * type (unsigned int for 32 bits or fewer, u64 for a u64), as
 * runtime_const_shift_right_32()'s: "shrl" clears the upper half, so
 * "tbl + vro_shr32(hash, n)" needs no zero-extension. The VRO takes
 * values 0..31 only while a module reads it so (vro_set() returns -ERANGE
 * for others).
 */
#define vro_shr32(x, name)	__vro_shift32("vro_shr32", "shrl", >>, x, name)

/**
 * vro_shl32() - shift left by a VRO, as one "shll $imm8, %reg"
 * @x: the value: its low 32 bits are shifted
 * @name: an integer VRO, the count: 0..31
 *
 * Evaluates to (u32)((u32)@x << vro(@name)), in @x's promoted type; see
 * vro_shr32().
 */
#define vro_shl32(x, name)	__vro_shift32("vro_shl32", "shll", <<, x, name)

/**
 * vro_sar32() - shift right (arithmetic) by a VRO, as one "sarl $imm8, %reg"
 * @x: the value, converted to s32
 * @name: an integer VRO, the count: 0..31
 *
 * Evaluates to (s32)@x >> vro(@name), the sign copied in; see vro_shr32().
 */
#define vro_sar32(x, name)	__vro_shift("vro_sar32", "sarl", >>, s32, x, name)

/**
 * vro_shr64() - shift right (logical) by a VRO, as one "shrq $imm8, %reg"
 * @x: the value, converted to u64
 * @name: an integer VRO, the count: 0..63
 *
 * Evaluates to (u64)@x >> vro(@name); the VRO takes values 0..63 only
 * while a module reads it so (vro_set() returns -ERANGE for others).
 */
#define vro_shr64(x, name)	__vro_shift("vro_shr64", "shrq", >>, u64, x, name)

/**
 * vro_shl64() - shift left by a VRO, as one "shlq $imm8, %reg"
 * @x: the value, converted to u64
 * @name: an integer VRO, the count: 0..63
 *
 * Evaluates to (u64)@x << vro(@name); see vro_shr64().
 */
#define vro_shl64(x, name)	__vro_shift("vro_shl64", "shlq", <<, u64, x, name)

/**
 * vro_sar64() - shift right (arithmetic) by a VRO, as one "sarq $imm8, %reg"
 * @x: the value, converted to s64
 * @name: an integer VRO, the count: 0..63
 *
 * Evaluates to (s64)@x >> vro(@name), the sign copied in; see vro_shr64().
 */
#define vro_sar64(x, name)	__vro_shift("vro_sar64", "sarq", >>, s64, x, name)

#endif /* _LINUX_VRO_SHIFT_H */
