// SPDX-License-Identifier: GPL-2.0
/*
 * vro_flow.c - the "flow" pv op set and its three built-in backends.
 *
 * Network users call pv_call(flow_hash_tuple, &t, seed) and friends; vro.ko
 * turns every such site into a direct call to the selected backend (see
 * vro_flow.h for the backends and the default rule, Documentation/vro-pv.rst
 * for how the patching works).
 */
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched/clock.h>
#include <linux/siphash.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include "vro_flow.h"

/* ------------------------------------------------------------ jhash */

/**
 * flow_jhash_u32() - the jhash backend of flow_hash_u32
 * @key: the value to hash
 * @seed: the hash seed
 *
 * Exported, as is flow_crc32c_u32(), so benchmarks can call it directly.
 *
 * Return: jhash_1word(@key, @seed).
 */
u32 flow_jhash_u32(u32 key, u32 seed)
{
	return jhash_1word(key, seed);
}
EXPORT_SYMBOL_GPL(flow_jhash_u32);

static u32 flow_ports(const struct vro_flow_tuple *t)
{
	return (u32)ntohs(t->sport) << 16 | ntohs(t->dport);
}

static u32 flow_jhash_tuple(const struct vro_flow_tuple *t, u32 seed)
{
	return jhash_3words((__force u32)t->saddr, (__force u32)t->daddr,
			    flow_ports(t), seed ^ t->proto);
}

static u32 flow_clock_stamp(void)
{
	return (u32)local_clock();
}
/* flow_stamp is callee-save: sites reach flow_clock_stamp_pv_thunk. */
DEFINE_PV_THUNK(flow_clock_stamp);

/* ------------------------------------------------------------ crc32c */

/**
 * flow_crc32c_u32() - the crc32c backend of flow_hash_u32 (SSE4.2 crc32l)
 * @key: the value to hash
 * @seed: the CRC to continue
 *
 * Only offered as a backend when the CPU has SSE4.2.
 *
 * Return: the CRC32C of @key continued from @seed.
 */
u32 flow_crc32c_u32(u32 key, u32 seed)
{
	asm("crc32l %1, %0" : "+r" (seed) : "rm" (key));
	return seed;
}
EXPORT_SYMBOL_GPL(flow_crc32c_u32);

static u32 flow_crc32c_tuple(const struct vro_flow_tuple *t, u32 seed)
{
	u64 crc = seed;
	u64 addrs = (u64)(__force u32)t->saddr << 32 | (__force u32)t->daddr;

	asm("crc32q %1, %0" : "+r" (crc) : "rm" (addrs));
	asm("crc32l %1, %k0" : "+r" (crc) : "rm" (flow_ports(t)));
	asm("crc32b %1, %k0" : "+r" (crc) : "rm" (t->proto));
	return (u32)crc;
}

/* The crc32c backend's flow_stamp, written by hand for the callee-save
 * convention (no thunk): rdtsc writes %edx too, so %rdx is saved around it.
 * Its template (flow_crc32c_impls) is the same bytes without the ret.
 */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type flow_tsc_stamp, @function\n"
	VRO_PV_FUNC_ALIGN
	"flow_tsc_stamp:\n"
	ASM_ENDBR
	"push %rdx\n"
	"rdtsc\n"
	"pop %rdx\n"
	ASM_RET
	".size flow_tsc_stamp, . - flow_tsc_stamp\n"
	".popsection\n");

/* ------------------------------------------------------------ siphash */

static siphash_key_t flow_sipkey __read_mostly;

static u32 flow_siphash_u32(u32 key, u32 seed)
{
	return (u32)siphash_2u32(key, seed, &flow_sipkey);
}

static u32 flow_siphash_tuple(const struct vro_flow_tuple *t, u32 seed)
{
	return (u32)siphash_4u32((__force u32)t->saddr,
				 (__force u32)t->daddr, flow_ports(t),
				 seed ^ t->proto, &flow_sipkey);
}

/* ------------------------------------------------------------ the set */

DEFINE_PV_OP(flow_hash_u32, flow_jhash_u32);
DEFINE_PV_OP(flow_hash_tuple, flow_jhash_tuple);
DEFINE_PV_OP_CALLEE_SAVE(flow_stamp, PV_THUNK_OF(flow_clock_stamp));
DEFINE_PV_SET(flow, PV_OP(flow_hash_u32), PV_OP(flow_hash_tuple),
	      PV_OP(flow_stamp));

static const struct vro_pv_impl flow_crc32c_impls[] = {
	PV_IMPL(flow_hash_u32, flow_crc32c_u32),
	PV_IMPL(flow_hash_tuple, flow_crc32c_tuple),
	/* push %rdx; rdtsc; pop %rdx: 52 0f 31 5a, the stamp in %eax */
	PV_IMPL_INLINE_CALLEE_SAVE(flow_stamp, flow_tsc_stamp,
				   0x52, 0x0f, 0x31, 0x5a),
};

static const struct vro_pv_impl flow_jhash_impls[] = {
	PV_IMPL(flow_hash_u32, flow_jhash_u32),
	PV_IMPL(flow_hash_tuple, flow_jhash_tuple),
	PV_IMPL_THUNK(flow_stamp, flow_clock_stamp),
};

static const struct vro_pv_impl flow_siphash_impls[] = {
	PV_IMPL(flow_hash_u32, flow_siphash_u32),
	PV_IMPL(flow_hash_tuple, flow_siphash_tuple),
	PV_IMPL_THUNK(flow_stamp, flow_clock_stamp),
};

static struct vro_pv_backend flow_crc32c =
	PV_BACKEND(flow, "crc32c", 300, flow_crc32c_impls);
static struct vro_pv_backend flow_jhash =
	PV_BACKEND(flow, "jhash", 200, flow_jhash_impls);
static struct vro_pv_backend flow_siphash =
	PV_BACKEND(flow, "siphash", 100, flow_siphash_impls);

static int __init vro_flow_init(void)
{
	struct vro_pv_backend *b[3];
	unsigned int n = 0;

	get_random_bytes(&flow_sipkey, sizeof(flow_sipkey));
	if (boot_cpu_has(X86_FEATURE_XMM4_2) && boot_cpu_has(X86_FEATURE_TSC))
		b[n++] = &flow_crc32c;
	else
		pr_info("vro_flow: no SSE4.2/TSC: backend crc32c not offered\n");
	b[n++] = &flow_jhash;
	b[n++] = &flow_siphash;
	return vro_pv_register_set(&pv_set_flow, b, n);
}

static void __exit vro_flow_exit(void)
{
	vro_pv_unregister_set(&pv_set_flow);
}

module_init(vro_flow_init);
module_exit(vro_flow_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv op set 'flow': flow hash and stamp backends");
