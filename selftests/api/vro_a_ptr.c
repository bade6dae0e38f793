// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_ptr - a pointer VRO compared with the objects it may point to must
 * give what a plain pointer variable gives: ==, !=, <, >=, a difference and
 * a dereference, against a static array, an element of it, a global array
 * and NULL, before and after vro_set() to another object. gcc used to fold
 * vro(p) == table to false (the symbol is "another object"). Also integer
 * VROs compared with an object's address. Results in
 * /sys/kernel/debug/vro_a_ptr_tap.
 */
#include <linux/module.h>
#include <linux/vro.h>
#include "ktap.h"
#include "vro_a_ptr.h"

static const u32 vro_a_tab_a[4] = { 11, 12, 13, 14 };
static const u32 vro_a_tab_b[4] = { 21, 22, 23, 24 };
u32 vro_a_tab_g[4] = { 31, 32, 33, 34 };
static int vro_a_obj;

VRO_MODULE();
DEFINE_VRO(const u32 *, a_tbl, vro_a_tab_a);
DEFINE_VRO(unsigned long, a_addr, 0);
DEFINE_VRO(u64, a_addr64, 0);

static const u32 *vro_a_ref_tbl = vro_a_tab_a;
static unsigned long vro_a_ref_addr;

/* Each form twice: ref is vro(a_tbl) (_vro) or the plain variable (_ref). */
#define VRO_A_FORMS(ref, sfx)						\
static noinline __noipa int eq_a##sfx(void) { return ref == vro_a_tab_a; }		\
static noinline __noipa int ne_a##sfx(void) { return ref != vro_a_tab_a; }		\
static noinline __noipa int eq_b##sfx(void) { return ref == vro_a_tab_b; }		\
static noinline __noipa int eq_a1##sfx(void) { return ref == &vro_a_tab_a[1]; }	\
static noinline __noipa int ne_b1##sfx(void) { return ref != &vro_a_tab_b[1]; }	\
static noinline __noipa int eq_g##sfx(void) { return ref == vro_a_tab_g; }		\
static noinline __noipa int lt_a2##sfx(void) { return ref < vro_a_tab_a + 2; }	\
static noinline __noipa int ge_a##sfx(void) { return ref >= vro_a_tab_a; }		\
static noinline __noipa int in_b##sfx(void)					\
{ return ref >= vro_a_tab_b && ref < vro_a_tab_b + 4; }			\
static noinline __noipa long diff_a##sfx(void) { return ref - vro_a_tab_a; }	\
static noinline __noipa long diff_g##sfx(void) { return ref - vro_a_tab_g; }	\
static noinline __noipa int null##sfx(void)				\
{ return ref != NULL; }			\
static noinline __noipa u32 deref##sfx(void) { return ref ? ref[1] : 0; }

VRO_A_FORMS(vro(a_tbl), _vro)
VRO_A_FORMS(READ_ONCE(vro_a_ref_tbl), _ref)

static noinline __noipa int ia_eq(void)
{
	return vro(a_addr) == (unsigned long)&vro_a_obj;
}

static noinline __noipa int ia_eq_ref(void)
{
	return READ_ONCE(vro_a_ref_addr) == (unsigned long)&vro_a_obj;
}

static noinline __noipa int ia_tab(void)
{
	return vro(a_addr64) == (u64)(unsigned long)vro_a_tab_a;
}

static noinline __noipa int ia_tab_ref(void)
{
	return (u64)READ_ONCE(vro_a_ref_addr) == (u64)(unsigned long)vro_a_tab_a;
}

#define VRO_A_CMP(f, when)						\
	vt_ok(f##_vro() == f##_ref(), "pointer VRO %s: " #f " = %ld, plain %ld", \
	      when, (long)f##_vro(), (long)f##_ref())

static void vro_a_check(const u32 *p, const char *when)
{
	if (!vt_ok(!vro_set(a_tbl, p), "pointer VRO: vro_set() %s", when))
		return;
	WRITE_ONCE(vro_a_ref_tbl, p);
	VRO_A_CMP(eq_a, when);
	VRO_A_CMP(ne_a, when);
	VRO_A_CMP(eq_b, when);
	VRO_A_CMP(eq_a1, when);
	VRO_A_CMP(ne_b1, when);
	VRO_A_CMP(eq_g, when);
	VRO_A_CMP(lt_a2, when);
	VRO_A_CMP(ge_a, when);
	VRO_A_CMP(in_b, when);
	VRO_A_CMP(diff_a, when);
	VRO_A_CMP(diff_g, when);
	VRO_A_CMP(null, when);
	VRO_A_CMP(deref, when);
}

static void vro_a_check_int(unsigned long v, const char *when)
{
	if (!vt_ok(!vro_set(a_addr, v) && !vro_set(a_addr64, (u64)v),
		   "integer VRO: vro_set() %s", when))
		return;
	WRITE_ONCE(vro_a_ref_addr, v);
	vt_ok(ia_eq() == ia_eq_ref() && ia_tab() == ia_tab_ref(),
	      "integer VRO %s: == (unsigned long)&obj gives %d/%d, plain %d/%d",
	      when, ia_eq(), ia_tab(), ia_eq_ref(), ia_tab_ref());
}

static int __init vro_a_ptr_init(void)
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	vro_a_check(vro_a_tab_a, "= tab_a (the default)");
	vro_a_check(&vro_a_tab_a[1], "= &tab_a[1]");
	vro_a_check(vro_a_tab_b, "= tab_b");
	vro_a_check(&vro_a_tab_b[2], "= &tab_b[2]");
	vro_a_check(vro_a_tab_g, "= tab_g (global)");
	vro_a_check(NULL, "= NULL");
	vro_a_check(vro_a_tab_a, "= tab_a again");
	vro_a_check_int((unsigned long)&vro_a_obj, "= &obj");
	vro_a_check_int((unsigned long)vro_a_tab_a, "= tab_a");
	vro_a_check_int(0, "= 0");
	vt_tap_publish();
	return 0;
}

static void __exit vro_a_ptr_exit(void)
{
	vt_tap_exit();
}

module_init(vro_a_ptr_init);
module_exit(vro_a_ptr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: pointer VROs compared with known objects");
