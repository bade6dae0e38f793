// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_div - vro_div() in the patched kernel code: for a sample of
 * divisors set with vro_set() (each re-derives the magic number in the
 * same batch), the code's quotients and remainders must equal the C
 * division's for a sample of dividends; a divisor of 0 is refused. Built
 * three ways; tools/vroperf times tdv_div (vro_div: const divide in the
 * const build, plain idiv in the plain build) and tdv_idiv (x / vro(d)).
 */
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/vro.h>

#include "../core/vt_tap.h"
#include "vro_t_div.h"

VRO_MODULE();
DEFINE_VRO_DIVISOR(u32, tdv_d, 7);

/* vroperf's benchmark functions: do not rename (selftests/txn/div.spec) */
noinline __noipa u32 tdv_div(u32 x) { return vro_div(x, tdv_d); }
noinline __noipa u32 tdv_idiv(u32 x) { return x / vro(tdv_d); }
noinline __noipa u32 tdv_mod(u32 x) { return vro_mod(x, tdv_d); }

/* 64 dependent divisions: the divide's latency, not the call's. */
#define TDV_CHAIN	64
noinline __noipa u32 tdv_chain(u32 x)
{
	unsigned int i;

	for (i = 0; i < TDV_CHAIN; i++)
		x = vro_div(x, tdv_d) + 0x9e3779b9U;
	return x;
}

noinline __noipa u32 tdv_ichain(u32 x)
{
	unsigned int i;

	for (i = 0; i < TDV_CHAIN; i++)
		x = x / vro(tdv_d) + 0x9e3779b9U;
	return x;
}

static unsigned long tdv_checks, tdv_bad;

static void tdv_one(u32 x, u32 d)
{
	tdv_checks++;
	if (tdv_div(x) != x / d || tdv_mod(x) != x % d || tdv_idiv(x) != x / d) {
		if (tdv_bad++ < 5)
			pr_err("%u / %u: vro_div %u, vro_mod %u\n", x, d,
			       tdv_div(x), tdv_mod(x));
	}
}

static void tdv_dividends(u32 d, struct rnd_state *rs)
{
	u32 q = U32_MAX / d, k;

	for (k = 0; k < 8 && k <= q; k++) {
		tdv_one(k * d, d);
		tdv_one(k * d + d - 1, d);
		tdv_one((q - k) * d, d);
		if (q - k)
			tdv_one((q - k) * d - 1, d);
	}
	for (k = 0; k < 8; k++) {
		tdv_one(k, d);
		tdv_one(U32_MAX - k, d);
		tdv_one(prandom_u32_state(rs), d);
	}
}

static void tdv_tests(void)
{
	static const u32 fixed[] = {
		1, 2, 3, 5, 7, 10, 641, 1000, 65535, 65536, 65537,
		0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
	};
	struct rnd_state rs;
	unsigned int i, nd = 0, fail = 0;
	u32 d;
	int ret;

	prandom_seed_state(&rs, 42);
	if (VRO_BUILD_MODE == VRO_BUILD_CONST) {
		for (i = 0; i < 1000; i++)
			tdv_one(prandom_u32_state(&rs), 7);
		ret = vro_set(tdv_d, 3);
		vt_ok(ret == -EPERM && !tdv_bad,
		      "const build: vro_div() by the constant 7 agrees on %lu dividends, the divisor refuses writes (%d)",
		      tdv_checks, ret);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(fixed) + 200; i++) {
		d = i < ARRAY_SIZE(fixed) ? fixed[i] :
		    prandom_u32_state(&rs) >> (i % 32);
		if (!d)
			continue;
		if (vro_set(tdv_d, d) || vro_value(tdv_d) != d) {
			fail++;
			continue;
		}
		nd++;
		tdv_dividends(d, &rs);
	}
	vt_ok(!fail && !tdv_bad && nd > 200,
	      "vro_div(), vro_mod() and x / vro(d) in the patched code equal C's / and %% for %u divisors set with vro_set() x ~56 dividends: %lu checks, %lu wrong, %u sets failed",
	      nd, tdv_checks, tdv_bad, fail);
	d = vro_value(tdv_d);
	ret = vro_set(tdv_d, 0);
	vt_ok(ret == -EDOM && vro_value(tdv_d) == d && tdv_div(U32_MAX) == U32_MAX / d,
	      "a divisor of 0 is refused with -EDOM (%d); divisor and magic unchanged",
	      ret);
	vt_ok(!vro_set(tdv_d, 7), "back to the default divisor 7");
}

static int __init tdv_init(void)
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	tdv_tests();
	vt_tap_publish();
	return 0;
}

static void __exit tdv_exit(void)
{
	vt_tap_exit();
}

module_init(tdv_init);
module_exit(tdv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: division by a VRO divisor");
