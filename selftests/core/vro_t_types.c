// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_types - differential test of every type and instruction form.
 *
 * For each C type, the same functions are built twice: once reading a VRO
 * and once reading a plain variable (the reference). After every vro_set()
 * of a boundary value (0, 1, -1, the type's min and max, +-2^31 and around,
 * 2^32-1, 2^32) the reference is updated only if vro_set() succeeded, and
 * both builds must return the same results over a sweep of inputs. The
 * expected errno is computed here from the C type (and, for 64-bit types
 * read through vro(), the sign-extended 32-bit window of their fields).
 *
 * Each type has two VROs: vt_<T> read through vro() in every form the
 * compiler picks (mov, and, or, xor, add/lea, sub, imul, cmp, test, store)
 * and vtw_<T> read through vro_wide() (movabs). Once sealed, every vro_set()
 * must return -EPERM and the sites keep their defaults.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();

/* bool x * bool y is meant: the same expression is built for every type. */
#pragma GCC diagnostic ignored "-Wint-in-bool-context"

#define vt_noipa	__attribute__((__noipa__))
#define vt_is_signed(T)	((T)-1 < (T)1)

/* Does @raw (negative if @neg) fit C type T? Computed independently of vro. */
#define VT_FITS(T, raw, neg)						\
	((neg) ? (vt_is_signed(T) && (s64)(T)(raw) == (s64)(raw)) :	\
		 ((u64)(T)(raw) == (raw) &&				\
		  !(vt_is_signed(T) && ((u64)(s64)(T)(raw) >> 63))))

struct vt_val {
	u64 raw;
	bool neg;
};

static const struct vt_val vt_common[] = {
	{ 0, false }, { 1, false }, { -1ULL, true },
	{ 0x7fffffffULL, false }, { 0x80000000ULL, false },
	{ 0xffffffffULL, false }, { 0x100000000ULL, false },
	{ -0x80000000ULL, true }, { -0x80000001ULL, true },
	{ 0x7fffffffffffffffULL, false }, { 0xffffffffffffffffULL, false },
	{ -0x7fffffffffffffffULL - 1, true },
};

static const u64 vt_inputs[] = {
	0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x123456789abcdef0ULL, 0xdeadbeefULL, -1ULL, -2ULL,
	0x8000000000000000ULL, 0x7fffffffffffffffULL,
};

/* Integer forms: @R is either vro(x) or the reference variable. */
#define VT_INT_FORMS(T, N, R, sfx)					\
static vt_noipa T vt_mov_##N##sfx(T x) { return R; }			\
static vt_noipa T vt_and_##N##sfx(T x) { return x & R; }		\
static vt_noipa T vt_or_##N##sfx(T x) { return x | R; }		\
static vt_noipa T vt_xor_##N##sfx(T x) { return x ^ R; }		\
static vt_noipa T vt_add_##N##sfx(T x) { return x + R; }		\
static vt_noipa T vt_sub_##N##sfx(T x) { return x - R; }		\
static vt_noipa T vt_mul_##N##sfx(T x) { return x * R; }		\
static vt_noipa int vt_cmp_##N##sfx(T x)				\
{ return x < R ? 1 : x == R ? 2 : 3; }					\
static vt_noipa int vt_test_##N##sfx(T x) { return (x & R) ? 5 : 6; }	\
static vt_noipa void vt_store_##N##sfx(T *p) { *p = R; }

/* Wide forms, through movabs. */
#define VT_WIDE_FORMS(T, N, R, sfx)					\
static vt_noipa T vt_wmov_##N##sfx(T x) { return R; }			\
static vt_noipa T vt_wadd_##N##sfx(T x) { return x + R; }		\
static vt_noipa int vt_wcmp_##N##sfx(T x) { return x == R ? 2 : 3; }

#define VT_NR_FORMS	10
#define VT_NR_WFORMS	3

/* How many forms disagree with the reference, over every input. */
#define VT_DIFF_INT(T, N)						\
static unsigned int vt_diff_##N(void)					\
{									\
	unsigned int i, bad = 0;					\
									\
	for (i = 0; i < ARRAY_SIZE(vt_inputs); i++) {			\
		T x = (T)vt_inputs[i], a, b;				\
									\
		bad += vt_mov_##N##_vro(x) != vt_mov_##N##_ref(x);	\
		bad += vt_and_##N##_vro(x) != vt_and_##N##_ref(x);	\
		bad += vt_or_##N##_vro(x) != vt_or_##N##_ref(x);	\
		bad += vt_xor_##N##_vro(x) != vt_xor_##N##_ref(x);	\
		bad += vt_add_##N##_vro(x) != vt_add_##N##_ref(x);	\
		bad += vt_sub_##N##_vro(x) != vt_sub_##N##_ref(x);	\
		bad += vt_mul_##N##_vro(x) != vt_mul_##N##_ref(x);	\
		bad += vt_cmp_##N##_vro(x) != vt_cmp_##N##_ref(x);	\
		bad += vt_test_##N##_vro(x) != vt_test_##N##_ref(x);	\
		vt_store_##N##_vro(&a);					\
		vt_store_##N##_ref(&b);					\
		bad += a != b;						\
	}								\
	return bad;							\
}

#define VT_DIFF_WIDE(T, N)						\
static unsigned int vt_wdiff_##N(void)					\
{									\
	unsigned int i, bad = 0;					\
									\
	for (i = 0; i < ARRAY_SIZE(vt_inputs); i++) {			\
		T x = (T)vt_inputs[i];					\
									\
		bad += vt_wmov_##N##_vro(x) != vt_wmov_##N##_ref(x);	\
		bad += vt_wadd_##N##_vro(x) != vt_wadd_##N##_ref(x);	\
		bad += vt_wcmp_##N##_vro(x) != vt_wcmp_##N##_ref(x);	\
	}								\
	return bad;							\
}

/*
 * What vro_set() must return: -EPERM once sealed, -ERANGE outside the type,
 * and for a 64-bit type read through vro() (sign-extended 32-bit fields,
 * addend 0) -ERANGE outside [-2^31, 2^31).
 */
static int vt_want(bool fits, bool narrow64, u64 raw)
{
	if (vro_is_sealed())
		return -EPERM;
	if (!fits)
		return -ERANGE;
	if (narrow64 && (s64)raw != (s32)raw)
		return -ERANGE;
	return 0;
}

static void vt_report(const char *type, const char *var, const struct vt_val *v,
		      int got, int want, unsigned int forms, unsigned int bad)
{
	vt_ok(got == want && !bad,
	      "%s %s: vro_set(%s%#llx) = %d (want %d); %u forms x %zu inputs agree with a plain variable (%u differ)",
	      type, var, v->neg ? "-" : "", v->neg ? -v->raw : v->raw, got,
	      want, forms, ARRAY_SIZE(vt_inputs), bad);
}

/* One type: its two VROs, reference variables, forms and test loop. */
#define VT_TYPE(T, N, ...)						\
DEFINE_VRO(T, vt_##N, 0);						\
DEFINE_VRO_WIDE(T, vtw_##N, 0);					\
static T vt_ref_##N, vtw_ref_##N;					\
VT_INT_FORMS(T, N, vro(vt_##N), _vro)					\
VT_INT_FORMS(T, N, READ_ONCE(vt_ref_##N), _ref)			\
VT_WIDE_FORMS(T, N, vro_wide(vtw_##N), _vro)				\
VT_WIDE_FORMS(T, N, READ_ONCE(vtw_ref_##N), _ref)			\
VT_DIFF_INT(T, N)							\
VT_DIFF_WIDE(T, N)							\
static void vt_run_##N(void)						\
{									\
	struct vt_val extra[] = { __VA_ARGS__ };			\
	unsigned int i, n = ARRAY_SIZE(vt_common) + ARRAY_SIZE(extra);	\
	bool narrow64 = sizeof(T) == 8;					\
									\
	for (i = 0; i < n; i++) {					\
		const struct vt_val *v = i < ARRAY_SIZE(vt_common) ?	\
			&vt_common[i] : &extra[i - ARRAY_SIZE(vt_common)]; \
		bool fits = VT_FITS(T, v->raw, v->neg);			\
		int got, want;						\
									\
		want = vt_want(fits, narrow64, v->raw);			\
		got = v->neg ? vro_set(vt_##N, (s64)v->raw) :		\
			       vro_set(vt_##N, v->raw);			\
		if (!got)						\
			WRITE_ONCE(vt_ref_##N, (T)v->raw);		\
		vt_report(#T, "vro()", v, got, want, VT_NR_FORMS,	\
			  vt_diff_##N());				\
		want = vt_want(fits, false, v->raw);			\
		got = v->neg ? vro_set(vtw_##N, (s64)v->raw) :		\
			       vro_set(vtw_##N, v->raw);		\
		if (!got)						\
			WRITE_ONCE(vtw_ref_##N, (T)v->raw);		\
		vt_report(#T, "vro_wide()", v, got, want, VT_NR_WFORMS,	\
			  vt_wdiff_##N());				\
	}								\
	vt_ok(vro_value(vt_##N) == READ_ONCE(vt_ref_##N) &&		\
	      vro_value(vtw_##N) == READ_ONCE(vtw_ref_##N),		\
	      "%s: vro_value() agrees with the last accepted value", #T); \
}

#define VT_V(x)		{ (u64)(x), false }
#define VT_NEG(x)	{ (u64)(s64)(x), true }

VT_TYPE(bool, bool, VT_V(2))
VT_TYPE(u8, u8, VT_V(U8_MAX), VT_V(U8_MAX + 1))
VT_TYPE(s8, s8, VT_NEG(S8_MIN), VT_V(S8_MAX), VT_NEG(S8_MIN - 1),
	VT_V(S8_MAX + 1))
VT_TYPE(u16, u16, VT_V(U16_MAX), VT_V(U16_MAX + 1))
VT_TYPE(s16, s16, VT_NEG(S16_MIN), VT_V(S16_MAX), VT_NEG(S16_MIN - 1),
	VT_V(S16_MAX + 1))
VT_TYPE(u32, u32, VT_V(U32_MAX))
VT_TYPE(s32, s32, VT_NEG(S32_MIN), VT_V(S32_MAX))
VT_TYPE(int, int, VT_NEG(INT_MIN), VT_V(INT_MAX))
VT_TYPE(u64, u64, VT_V(U64_MAX), VT_V(0x123456789abcdef0ULL))
VT_TYPE(s64, s64, VT_NEG(S64_MIN), VT_V(S64_MAX), VT_NEG(-0x123456789LL))
VT_TYPE(long, long, VT_NEG(LONG_MIN), VT_V(LONG_MAX))

/* Pointers: mov, lea/add, cmp, sub, and; the wide form holds any address. */
static int vt_object;

#define VT_PTR_FORMS(R, sfx)						\
static vt_noipa char *vt_pmov##sfx(unsigned long x) { return R; }	\
static vt_noipa char *vt_padd##sfx(unsigned long x) { return R + x; }	\
static vt_noipa int vt_pcmp##sfx(unsigned long x)			\
{ return R == (char *)x ? 2 : 3; }					\
static vt_noipa unsigned long vt_psub##sfx(unsigned long x)		\
{ return (unsigned long)R - x; }					\
static vt_noipa unsigned long vt_pand##sfx(unsigned long x)		\
{ return (unsigned long)R & x; }

DEFINE_VRO(char *, vt_ptr, NULL);
DEFINE_VRO_WIDE(char *, vtw_ptr, NULL);
static char *vt_ref_ptr, *vtw_ref_ptr;
VT_PTR_FORMS(vro(vt_ptr), _vro)
VT_PTR_FORMS(READ_ONCE(vt_ref_ptr), _ref)
VT_PTR_FORMS(vro_wide(vtw_ptr), _w)
VT_PTR_FORMS(READ_ONCE(vtw_ref_ptr), _wref)

static unsigned int vt_pdiff(bool wide)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(vt_inputs); i++) {
		unsigned long x = vt_inputs[i];

		if (wide) {
			bad += vt_pmov_w(x) != vt_pmov_wref(x);
			bad += vt_padd_w(x) != vt_padd_wref(x);
			bad += vt_pcmp_w(x) != vt_pcmp_wref(x);
			bad += vt_psub_w(x) != vt_psub_wref(x);
			bad += vt_pand_w(x) != vt_pand_wref(x);
		} else {
			bad += vt_pmov_vro(x) != vt_pmov_ref(x);
			bad += vt_padd_vro(x) != vt_padd_ref(x);
			bad += vt_pcmp_vro(x) != vt_pcmp_ref(x);
			bad += vt_psub_vro(x) != vt_psub_ref(x);
			bad += vt_pand_vro(x) != vt_pand_ref(x);
		}
	}
	return bad;
}

static void vt_run_ptr(void)
{
	const struct vt_val extra[] = {
		VT_V((unsigned long)&vt_object), VT_V(0xffffffff80000000ULL),
	};
	unsigned int i, n = ARRAY_SIZE(vt_common) + ARRAY_SIZE(extra);

	for (i = 0; i < n; i++) {
		const struct vt_val *v = i < ARRAY_SIZE(vt_common) ?
			&vt_common[i] : &extra[i - ARRAY_SIZE(vt_common)];
		int got, want;

		want = vt_want(!v->neg, true, v->raw);
		got = v->neg ? vro_set(vt_ptr, (s64)v->raw) :
			       vro_set(vt_ptr, (char *)v->raw);
		if (!got)
			WRITE_ONCE(vt_ref_ptr, (char *)v->raw);
		vt_report("char *", "vro()", v, got, want, 5, vt_pdiff(false));
		want = vt_want(!v->neg, false, v->raw);
		got = v->neg ? vro_set(vtw_ptr, (s64)v->raw) :
			       vro_set(vtw_ptr, (char *)v->raw);
		if (!got)
			WRITE_ONCE(vtw_ref_ptr, (char *)v->raw);
		vt_report("char *", "vro_wide()", v, got, want, 5,
			  vt_pdiff(true));
	}
}

/*
 * Addends: the compiler folds "vro(x) + 8" into the field (S + A). gcc 12
 * emits "mov $__vro_vt_addend+8" (32S, addend 8) for the first and
 * "movabs $__vro_vt_addend-16" (64, addend -16) for the second, so V + 8
 * must stay in the 32S window, and V in the declared range of a VRO not
 * defined wide, [-2^31, 2^31): V in [-2^31, 2^31 - 8). The guest
 * script checks those two sites are listed with those addends.
 */
DEFINE_VRO(s64, vt_addend, 0);
static s64 vt_ref_addend;

static vt_noipa s64 vt_plus8(void) { return vro(vt_addend) + 8; }
static vt_noipa s64 vt_plus8_ref(void) { return READ_ONCE(vt_ref_addend) + 8; }
static vt_noipa s64 vt_minus16(void) { return vro(vt_addend) - 16; }
static vt_noipa s64 vt_minus16_ref(void) { return READ_ONCE(vt_ref_addend) - 16; }

static void vt_run_addend(void)
{
	static const s64 vals[] = {
		0x7ffffff7LL, 0x7ffffff8LL, -0x80000008LL, -0x80000009LL, 5,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		s64 v = vals[i];
		bool fits = v + 8 <= S32_MAX && v + 8 >= S32_MIN &&
			    v >= S32_MIN;
		int want = vro_is_sealed() ? -EPERM : fits ? 0 : -ERANGE;
		int got = vro_set(vt_addend, v);

		if (!got)
			WRITE_ONCE(vt_ref_addend, v);
		vt_ok(got == want && vt_plus8() == vt_plus8_ref() &&
		      vt_minus16() == vt_minus16_ref(),
		      "s64 with addends +8 and -16: vro_set(%lld) = %d (want %d), reads %lld %lld (plain %lld %lld)",
		      v, got, want, vt_plus8(), vt_minus16(), vt_plus8_ref(),
		      vt_minus16_ref());
	}
}

static int __init vt_types_init(void)
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	vt_ok(vt_diff_u32() == 0 && vt_wdiff_u64() == 0,
	      "%s load: every site holds its default before any vro_set()",
	      vro_is_sealed() ? "sealed" : "open");
	vt_run_bool();
	vt_run_u8();
	vt_run_s8();
	vt_run_u16();
	vt_run_s16();
	vt_run_u32();
	vt_run_s32();
	vt_run_int();
	vt_run_u64();
	vt_run_s64();
	vt_run_long();
	vt_run_ptr();
	vt_run_addend();
	vt_tap_publish();
	return 0;
}

static void __exit vt_types_exit(void)
{
	vt_tap_exit();
}

module_init(vt_types_init);
module_exit(vt_types_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: every type and form against a plain variable");
