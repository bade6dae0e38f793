// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_shift - shifts by a VRO through vro_shr32() and the other helpers
 * of vro_shift.h: one "shr/shl/sar $imm8, %reg" per use, no %cl
 * (selftests/api/run checks the objdump). selftests/api/guest.sh loads it
 * with a_sh32=5 a_sh64=40; every helper must give what the C shift by
 * vro_value() gives, for inputs across the width, after that load and after
 * each vro_set() to another count. A count beyond the shift (32 for the
 * 32-bit helpers, 64 for the 64-bit ones) is refused with -ERANGE: the
 * value, the sites' bytes and the results stay. Results in
 * /sys/kernel/debug/vro_a_shift_tap.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/vro.h>
#include "ktap.h"
#include "ksite.h"

VRO_MODULE();
DEFINE_VRO(u8, a_sh32, 3);
DEFINE_VRO(u32, a_sh64, 7);
module_param_vro(a_sh32, 0644);
module_param_vro(a_sh64, 0644);

/* noipa: each call reads the sites as they are now (DESIGN.md) */
static noinline __noipa u32 va_shr32(u32 x) { return vro_shr32(x, a_sh32); }
static noinline __noipa u32 va_shl32(u32 x) { return vro_shl32(x, a_sh32); }
static noinline __noipa s32 va_sar32(s32 x) { return vro_sar32(x, a_sh32); }
static noinline __noipa u64 va_shr64(u64 x) { return vro_shr64(x, a_sh64); }
static noinline __noipa u64 va_shl64(u64 x) { return vro_shl64(x, a_sh64); }
static noinline __noipa s64 va_sar64(s64 x) { return vro_sar64(x, a_sh64); }

/*
 * d_hash()'s form (fs/dcache.c): a table of 8-byte entries indexed by a
 * 32-bit shift of a 64-bit hash. The shift's result has the hash's type,
 * its upper half cleared by "shrl", so it is an index as it is:
 * "shr $imm8, %esi; lea (%rdi,%rsi,8), %rax" (selftests/api/run).
 */
static noinline __noipa const u64 *va_index(const u64 *base, u64 hash)
{
	return base + vro_shr32(hash, a_sh32);
}

/* va_index() of a table at 0x1000, as a number */
static unsigned long va_index_at(u64 x)
{
	return (unsigned long)va_index((const u64 *)0x1000, x);
}

static const u64 va_inputs[] = {
	0, 1, 2, 0x7f, 0x80000000, 0xdeadbeef, 0xffffffff, 0x100000000ULL,
	0x123456789abcdef0ULL, 0x8000000000000000ULL, -1ULL, -2ULL,
};

/* Does every helper give the C shift by the counts @n32 and @n64? */
static bool va_results_ok(unsigned int n32, unsigned int n64)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(va_inputs); i++) {
		u64 x = va_inputs[i];

		if (va_shr32(x) != (u32)x >> n32 || va_shl32(x) != (u32)x << n32 ||
		    va_sar32(x) != (s32)x >> n32 || va_shr64(x) != x >> n64 ||
		    va_shl64(x) != x << n64 || va_sar64(x) != (s64)x >> n64 ||
		    va_index_at(x) != 0x1000 + (u64)((u32)x >> n32) * 8) {
			vt_diag("x %#llx: %#x %#x %#x %#llx %#llx %#llx %#lx", x,
				va_shr32(x), va_shl32(x), va_sar32(x),
				va_shr64(x), va_shl64(x), va_sar64(x),
				va_index_at(x));
			return false;
		}
	}
	return true;
}

static void va_set(unsigned int n32, unsigned int n64)
{
	int r32 = vro_set(a_sh32, n32), r64 = vro_set(a_sh64, n64);

	vt_ok(!r32 && !r64 && va_results_ok(n32, n64),
	      "vro_set() to counts %u and %u: every helper gives x >> n (x << n) for %zu inputs (%d %d)",
	      n32, n64, ARRAY_SIZE(va_inputs), r32, r64);
}

/* A count beyond the shift: -ERANGE, value, bytes and results unchanged. */
static void va_refuse(unsigned int n32, unsigned int n64)
{
	const u8 *i32 = vt_site_insn("__vro_a_sh32");
	const u8 *i64 = vt_site_insn("__vro_a_sh64");
	unsigned int v32 = vro_value(a_sh32), v64 = vro_value(a_sh64);
	u8 b32[4], b64[4];
	int r32, r64;

	if (!vt_ok(i32 && i64, "the sites of a_sh32 and a_sh64 are in the table"))
		return;
	memcpy(b32, i32, sizeof(b32));
	memcpy(b64, i64, sizeof(b64));
	r32 = vro_set(a_sh32, n32);
	r64 = vro_set(a_sh64, n64);
	vt_ok(r32 == -ERANGE && r64 == -ERANGE,
	      "vro_set(a_sh32, %u) and vro_set(a_sh64, %u): -ERANGE (%d %d)",
	      n32, n64, r32, r64);
	vt_ok(vro_value(a_sh32) == v32 && vro_value(a_sh64) == v64 &&
	      !memcmp(b32, i32, sizeof(b32)) && !memcmp(b64, i64, sizeof(b64)) &&
	      va_results_ok(v32, v64),
	      "after the refusal: values %u and %u, the sites' bytes and the results unchanged",
	      v32, v64);
}

static void va_run(void)
{
	const u8 *i32 = vt_site_insn("__vro_a_sh32");

	vt_ok(vro_value(a_sh32) == 5 && vro_value(a_sh64) == 40 &&
	      va_results_ok(5, 40),
	      "loaded with a_sh32=5 a_sh64=40: every helper gives x >> n (x << n)");
	vt_ok(i32 && i32[0] == 0xc1 && i32[1] == 0xe8 && i32[2] == 5,
	      "the first site of a_sh32 is \"shr $5, %%eax\" (c1 e8 05: %3ph)",
	      i32);
	va_set(0, 0);
	va_set(31, 63);
	va_set(1, 32);
	va_refuse(32, 64);
	va_refuse(255, 100);
	va_set(17, 9);
}

static int __init va_init(void)
{
	return vt_tap_run(va_run);
}

static void __exit va_exit(void)
{
	vt_tap_exit();
}

module_init(va_init);
module_exit(va_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: shifts by a VRO as one shr $imm8");
