// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vro's pure logic (CONFIG_KUNIT with CONFIG_VRO_SELFTEST,
 * built into the vro-debug kernel): the value grammar, the value rule
 * (type, range, site fields), the boot-only rule, the vro.pv grammar, the
 * order in which derived VROs are computed, and vro_div()'s magic numbers.
 * They run at boot in seconds; selftests/vmlinux reads their KTAP from the
 * kernel log. Loading, patching and lifecycles stay with the guest suites.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vro.h>
#include <linux/vro_div.h>

#include "internal.h"
#include "pv/internal.h"

/* A variable of @size bytes with @flags, as DEFINE_VRO() describes one. */
static struct vro_var vro_kt_var(u8 size, u8 flags)
{
	return (struct vro_var){ .name = "__vro_kt", .size = size,
				 .flags = flags };
}

struct vro_kt_parse {
	const char *text;
	u8 size, flags;
	int ret;
	u64 raw;
	bool is_signed;
};

static const struct vro_kt_parse vro_kt_parses[] = {
	{ "12", 4, 0, 0, 12, false },
	{ "12\n", 4, 0, 0, 12, false },		/* one trailing newline */
	{ "0x1f", 4, 0, 0, 0x1f, false },
	{ "0X1F", 4, 0, 0, 0x1f, false },
	{ "-5", 4, VRO_VAR_SIGNED, 0, (u64)-5LL, true },
	{ "0", 4, 0, 0, 0, false },
	{ "18446744073709551615", 8, 0, 0, U64_MAX, false },
	{ "-9223372036854775808", 8, VRO_VAR_SIGNED, 0, (u64)S64_MIN, true },
	{ "012", 4, 0, -EINVAL },		/* no leading zero */
	{ "1e3", 4, 0, -EINVAL },
	{ "", 4, 0, -EINVAL },
	{ "-", 4, 0, -EINVAL },
	{ " 1", 4, 0, -EINVAL },
	{ "1\n\n", 4, 0, -EINVAL },
	{ "0x", 4, 0, -EINVAL },
	{ "18446744073709551616", 8, 0, -ERANGE },
	{ "-9223372036854775809", 8, VRO_VAR_SIGNED, -ERANGE },
	{ "yes", 1, VRO_VAR_BOOL, 0, 1, false },
	{ "Off", 1, VRO_VAR_BOOL, 0, 0, false },
	{ "1", 1, VRO_VAR_BOOL, 0, 1, false },
	{ "1e3", 1, VRO_VAR_BOOL, -EINVAL },	/* kstrtobool() would say true */
	{ "0x10", 1, VRO_VAR_BOOL, -EINVAL },
};

static void vro_kt_grammar(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vro_kt_parses); i++) {
		const struct vro_kt_parse *p = &vro_kt_parses[i];
		struct vro_var var = vro_kt_var(p->size, p->flags);
		bool is_signed;
		u64 raw = 0;
		int ret;

		ret = vro_parse(&var, p->text, &raw, &is_signed);
		KUNIT_EXPECT_EQ_MSG(test, ret, p->ret, "text '%s'", p->text);
		if (ret || p->ret)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, raw, p->raw, "text '%s'", p->text);
		KUNIT_EXPECT_EQ_MSG(test, is_signed, p->is_signed, "text '%s'",
				    p->text);
	}
}

struct vro_kt_fit {
	u8 size, flags;
	u64 raw;
	bool is_signed, fits;
};

static const struct vro_kt_fit vro_kt_fits[] = {
	{ 1, 0, 255, false, true },
	{ 1, 0, 256, false, false },
	{ 1, 0, (u64)-1LL, true, false },		/* -1 into a u8 */
	{ 1, VRO_VAR_SIGNED, (u64)-128LL, true, true },
	{ 1, VRO_VAR_SIGNED, (u64)-129LL, true, false },
	{ 1, VRO_VAR_SIGNED, 128, false, false },
	{ 4, 0, 0xffffffffULL, false, true },
	{ 4, 0, 0x100000000ULL, false, false },
	{ 4, VRO_VAR_SIGNED, 0x80000000ULL, false, false },
	{ 1, VRO_VAR_BOOL, 1, false, true },
	{ 1, VRO_VAR_BOOL, 2, false, false },
	/* 64-bit, not wide: [-2^31, 2^31) in every build */
	{ 8, 0, 0x7fffffffULL, false, true },
	{ 8, 0, 0x80000000ULL, false, false },
	{ 8, VRO_VAR_SIGNED, (u64)-0x80000000LL, true, true },
	{ 8, VRO_VAR_SIGNED, (u64)-0x80000001LL, true, false },
	/* 64-bit wide: the whole type */
	{ 8, VRO_VAR_WIDE, U64_MAX, false, true },
	{ 8, VRO_VAR_WIDE | VRO_VAR_SIGNED, U64_MAX, false, false },
};

static void vro_kt_range(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vro_kt_fits); i++) {
		const struct vro_kt_fit *f = &vro_kt_fits[i];
		struct vro_var var = vro_kt_var(f->size, f->flags);

		KUNIT_EXPECT_EQ_MSG(test, vro_var_fits(&var, f->raw,
						       f->is_signed), f->fits,
				    "case %u: size %u flags %#x value %#llx", i,
				    f->size, f->flags, f->raw);
	}
}

struct vro_kt_boot_case {
	u8 flags;
	bool vmlinux;
	enum system_states state;
	bool open;
};

/* DEFINE_VRO_BOOT(): vmlinux's own, until the kernel runs; a module's never */
static const struct vro_kt_boot_case vro_kt_boots[] = {
	{ VRO_VAR_BOOT, true, SYSTEM_BOOTING, true },
	{ VRO_VAR_BOOT, true, SYSTEM_SCHEDULING, true },
	{ VRO_VAR_BOOT | VRO_VAR_WIDE, true, SYSTEM_SCHEDULING, true },
	{ VRO_VAR_BOOT, true, SYSTEM_RUNNING, false },
	{ VRO_VAR_BOOT | VRO_VAR_WIDE, true, SYSTEM_RUNNING, false },
	{ VRO_VAR_BOOT, true, SYSTEM_POWER_OFF, false },
	{ VRO_VAR_BOOT, false, SYSTEM_BOOTING, false },
	{ VRO_VAR_BOOT, false, SYSTEM_RUNNING, false },
	/* the rule does not touch other variables */
	{ 0, true, SYSTEM_RUNNING, true },
	{ 0, false, SYSTEM_RUNNING, true },
	{ VRO_VAR_MOSTLY | VRO_VAR_WIDE, false, SYSTEM_RUNNING, true },
};

static void vro_kt_boot(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vro_kt_boots); i++) {
		const struct vro_kt_boot_case *b = &vro_kt_boots[i];

		KUNIT_EXPECT_EQ_MSG(test, vro_boot_open(b->flags, b->vmlinux,
							b->state), b->open,
				    "case %u: flags %#x vmlinux %d state %d", i,
				    b->flags, b->vmlinux, b->state);
	}
}

/* The field bytes of @value (+@addend) in a site of @type for @var. */
static int vro_kt_encode(struct vro_var *var, u8 type, s32 addend, u64 value,
			 u64 *field)
{
	struct vro_site s = { .type = type, .addend = addend };

	*field = 0;
	return vro_site_encode(var, &s, value, (u8 *)field);
}

static void vro_kt_sites(struct kunit *test)
{
	struct vro_var u64v = vro_kt_var(8, VRO_VAR_WIDE);
	struct vro_var u32v = vro_kt_var(4, 0);
	u64 f;

	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u32v, VRO_RELOC_32, 0, 77, &f), 0);
	KUNIT_EXPECT_EQ(test, f, 77ULL);
	/* the addend is added: lea sym+8 */
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u32v, VRO_RELOC_32, 8, 77, &f), 0);
	KUNIT_EXPECT_EQ(test, f, 85ULL);
	/* a 32-bit type uses the low bits of any field */
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u32v, VRO_RELOC_32S, 0, 0xffffffff,
					    &f), 0);
	KUNIT_EXPECT_EQ(test, f, 0xffffffffULL);
	/* a 64-bit type must be reproduced exactly by the field */
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_32S, 0, 0x80000000,
					    &f), -ERANGE);
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_32S, 0,
					    (u64)-0x80000000LL, &f), 0);
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_32, 0, 0xffffffff,
					    &f), 0);
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_32, 0,
					    0x100000000ULL, &f), -ERANGE);
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_32, 0, (u64)-1LL,
					    &f), -ERANGE);
	KUNIT_EXPECT_EQ(test, vro_kt_encode(&u64v, VRO_RELOC_64, 0, U64_MAX,
					    &f), 0);
	KUNIT_EXPECT_EQ(test, f, U64_MAX);
}

/* A shift site's imm8 holds a count: 0..31 or 0..63, for every type. */
static void vro_kt_shift_sites(struct kunit *test)
{
	struct vro_var s32v = vro_kt_var(4, VRO_VAR_SIGNED);
	struct vro_var u8v = vro_kt_var(1, 0);
	struct vro_site s = { .type = VRO_RELOC_8, .kind = VRO_KIND_SHIFT32 };
	u64 f = 0;

	KUNIT_EXPECT_EQ(test, vro_site_width(&s), 1U);
	KUNIT_EXPECT_EQ(test, vro_site_encode(&u8v, &s, 31, (u8 *)&f), 0);
	KUNIT_EXPECT_EQ(test, f, 31ULL);
	KUNIT_EXPECT_EQ(test, vro_site_encode(&u8v, &s, 32, (u8 *)&f), -ERANGE);
	KUNIT_EXPECT_EQ(test, vro_site_encode(&s32v, &s, (u64)-1LL, (u8 *)&f),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, f, 31ULL);	/* a refusal writes nothing */
	s.addend = 1;				/* the field holds S + A */
	KUNIT_EXPECT_EQ(test, vro_site_encode(&u8v, &s, 31, (u8 *)&f), -ERANGE);
	s.kind = VRO_KIND_SHIFT64;
	KUNIT_EXPECT_EQ(test, vro_site_encode(&u8v, &s, 62, (u8 *)&f), 0);
	KUNIT_EXPECT_EQ(test, f, 63ULL);
	KUNIT_EXPECT_EQ(test, vro_site_encode(&u8v, &s, 63, (u8 *)&f), -ERANGE);
}

/* Why the malformed entries of vro_kt_pv_grammar()'s text are refused. */
static const char *const vro_kt_pv_whys[] = {
	"empty", "more than one ':'", "no op set name before ':'",
	"no backend name",
};

static void vro_kt_pv_grammar(struct kunit *test)
{
	struct vro_pv_set flow = { .name = "flow" }, hash = { .name = "hash" };
	const char *p = "crc32c,flow:jhash,,a:b:c,:x,flow:";
	char name[VRO_PV_NAME_MAX];
	struct vro_pv_entry e;
	unsigned int i;

	KUNIT_ASSERT_TRUE(test, vro_pv_next_entry(&p, &e));
	KUNIT_EXPECT_TRUE(test, !e.why && !e.set && e.name_len == 6);
	KUNIT_ASSERT_TRUE(test, vro_pv_next_entry(&p, &e));
	KUNIT_EXPECT_TRUE(test, !e.why && e.set_len == 4 && e.name_len == 5);
	for (i = 0; i < ARRAY_SIZE(vro_kt_pv_whys); i++) {
		KUNIT_ASSERT_TRUE(test, vro_pv_next_entry(&p, &e));
		KUNIT_ASSERT_NOT_NULL(test, e.why);
		KUNIT_EXPECT_STREQ(test, e.why, vro_kt_pv_whys[i]);
	}
	KUNIT_EXPECT_FALSE(test, vro_pv_next_entry(&p, &e));

	/* "set:name" wins over a bare name, whatever the order */
	name[0] = '\0';
	KUNIT_EXPECT_TRUE(test, vro_pv_wanted("crc32c,flow:jhash", &flow, name));
	KUNIT_EXPECT_STREQ(test, name, "jhash");
	name[0] = '\0';
	KUNIT_EXPECT_TRUE(test, vro_pv_wanted("flow:jhash,crc32c", &flow, name));
	KUNIT_EXPECT_STREQ(test, name, "jhash");
	/* a bare name applies to every set; malformed entries name nothing */
	name[0] = '\0';
	KUNIT_EXPECT_TRUE(test, vro_pv_wanted("a:b:c,crc32c", &hash, name));
	KUNIT_EXPECT_STREQ(test, name, "crc32c");
	KUNIT_EXPECT_FALSE(test, vro_pv_wanted("flow:jhash", &hash, name));
	KUNIT_EXPECT_FALSE(test, vro_pv_wanted("", &flow, name));
}

/* Derived VROs of the plain build, computed in order whatever the kparams. */
static u32 vro_kt_a = 5, vro_kt_b, vro_kt_c;

static int vro_kt_double(const u64 *v, u64 *out, bool *is_signed)
{
	*out = v[0] * 2;
	*is_signed = false;
	return 0;
}

static int vro_kt_inc(const u64 *v, u64 *out, bool *is_signed)
{
	*out = v[0] + 1;
	*is_signed = false;
	return 0;
}

#define VRO_KT_BVAR(x, fl, dflt) {					\
	.var = { .name = "__vro_kt_" #x, .size = 4, .flags = (fl),	\
		 .value = (dflt), .def = (dflt) },			\
	.addr = &vro_kt_##x, .mode = VRO_BUILD_PLAIN,			\
}

static struct vro_build_var vro_kt_bv[] = {
	VRO_KT_BVAR(a, 0, 5),
	VRO_KT_BVAR(b, VRO_VAR_DERIVED, 10),	/* a * 2 */
	VRO_KT_BVAR(c, VRO_VAR_DERIVED, 11),	/* b + 1 */
};

static struct vro_var *const vro_kt_deps_b[] = { &vro_kt_bv[0].var };
static struct vro_var *const vro_kt_deps_c[] = { &vro_kt_bv[1].var };

/* c first: it must wait for b, which it is derived from */
static struct vro_derive vro_kt_derives[] = {
	{ .var = &vro_kt_bv[2].var, .compute = vro_kt_inc,
	  .deps = vro_kt_deps_c, .nr_deps = 1, .mode = VRO_BUILD_PLAIN },
	{ .var = &vro_kt_bv[1].var, .compute = vro_kt_double,
	  .deps = vro_kt_deps_b, .nr_deps = 1, .mode = VRO_BUILD_PLAIN },
};

static void vro_kt_derive_order(struct kunit *test)
{
	struct kernel_param kp[ARRAY_SIZE(vro_kt_derives)] = { };
	struct module *mod;
	unsigned int i;
	int ret;

	mod = kunit_kzalloc(test, sizeof(*mod), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mod);
	strscpy(mod->name, "vro_kunit", sizeof(mod->name));
	for (i = 0; i < ARRAY_SIZE(kp); i++) {
		INIT_LIST_HEAD(&vro_kt_derives[i].list);
		kp[i].ops = &vro_derive_param_ops;
		kp[i].arg = &vro_kt_derives[i];
	}
	mod->kp = kp;
	mod->num_kp = ARRAY_SIZE(kp);
	vro_kt_a = 7;			/* not the default: computed, not copied */
	vro_kt_bv[0].var.value = 7;
	vro_lock();
	ret = vro_derived_coming(mod);
	vro_derived_going(mod);
	vro_unlock();
	vro_kt_bv[0].var.value = 5;
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, vro_kt_b, 14U);
	KUNIT_EXPECT_EQ(test, vro_kt_c, 15U);

	/*
	 * c derived from b and b from c: a cycle refuses the module (and
	 * logs "vro_kunit: derived VROs in a dependency cycle ...": expected)
	 */
	vro_kt_derives[1].deps = (struct vro_var *const[]){ &vro_kt_bv[2].var };
	for (i = 0; i < ARRAY_SIZE(kp); i++)
		INIT_LIST_HEAD(&vro_kt_derives[i].list);
	vro_lock();
	ret = vro_derived_coming(mod);
	vro_unlock();
	KUNIT_EXPECT_EQ(test, ret, -ELOOP);
	vro_kt_derives[1].deps = vro_kt_deps_b;
}

static void vro_kt_div(struct kunit *test)
{
	static const u32 ds[] = { 1, 2, 3, 7, 10, 641, 65537, 0x7fffffff,
				  0x80000000, 0xfffffffe, 0xffffffff };
	static const u32 ns[] = { 0, 1, 2, 6, 7, 1000, 0x7fffffff, 0x80000000,
				  0xfffffffe, 0xffffffff };
	unsigned int i, j;
	u32 q, r;

	for (i = 0; i < ARRAY_SIZE(ds); i++) {
		for (j = 0; j < ARRAY_SIZE(ns); j++) {
			u64 m = VRO_DIV_MAGIC(ds[i]);

			KUNIT_EXPECT_EQ_MSG(test, vro_div_u32(ns[j], m),
					    ns[j] / ds[i], "%u / %u", ns[j], ds[i]);
			r = vro_divmod_u32(ns[j], m, ds[i], &q);
			KUNIT_EXPECT_EQ(test, q, ns[j] / ds[i]);
			KUNIT_EXPECT_EQ(test, r, ns[j] % ds[i]);
		}
	}
	/* the magic of another divisor (a re-patch in between): still exact */
	r = vro_divmod_u32(1000, VRO_DIV_MAGIC(3), 7, &q);
	KUNIT_EXPECT_EQ(test, q, 142U);
	KUNIT_EXPECT_EQ(test, r, 6U);
	r = vro_divmod_u32(1000, VRO_DIV_MAGIC(70), 7, &q);
	KUNIT_EXPECT_EQ(test, q, 142U);
	KUNIT_EXPECT_EQ(test, r, 6U);
}

static struct kunit_case vro_kt_cases[] = {
	KUNIT_CASE(vro_kt_grammar),
	KUNIT_CASE(vro_kt_range),
	KUNIT_CASE(vro_kt_boot),
	KUNIT_CASE(vro_kt_sites),
	KUNIT_CASE(vro_kt_shift_sites),
	KUNIT_CASE(vro_kt_pv_grammar),
	KUNIT_CASE(vro_kt_derive_order),
	KUNIT_CASE(vro_kt_div),
	{ }
};

static struct kunit_suite vro_kt_suite = {
	.name = "vro",
	.test_cases = vro_kt_cases,
};

kunit_test_suite(vro_kt_suite);
