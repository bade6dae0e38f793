// SPDX-License-Identifier: GPL-2.0
/*
 * vro_flow_trace.c - the "trace" backend of the flow op set: counts calls
 * per op and forwards each to what the default rule picks (the registered
 * backend of highest rating) at load time. Selected only by name
 * (vro.pv=flow:trace, or a later write to /sys/module/vro/parameters/pv);
 * while selected, vro.ko pins this module, so rmmod is refused.
 *
 * flow_stamp is a callee-save op: sites reach trace_stamp through its thunk,
 * and fwd_stamp (a callee-save function) may be called from C like any other.
 *
 * Counts: /sys/module/vro_flow_trace/parameters/calls ("op count" lines).
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include "vro_flow.h"

enum { T_HASH_U32, T_HASH_TUPLE, T_STAMP, T_NR };

static const char *const trace_names[T_NR] = {
	"flow_hash_u32", "flow_hash_tuple", "flow_stamp",
};
static atomic_long_t trace_calls[T_NR];

static u32 (*fwd_hash_u32)(u32 key, u32 seed);
static u32 (*fwd_hash_tuple)(const struct vro_flow_tuple *t, u32 seed);
static u32 (*fwd_stamp)(void);

static u32 trace_hash_u32(u32 key, u32 seed)
{
	atomic_long_inc(&trace_calls[T_HASH_U32]);
	return fwd_hash_u32(key, seed);
}

static u32 trace_hash_tuple(const struct vro_flow_tuple *t, u32 seed)
{
	atomic_long_inc(&trace_calls[T_HASH_TUPLE]);
	return fwd_hash_tuple(t, seed);
}

static u32 trace_stamp(void)
{
	atomic_long_inc(&trace_calls[T_STAMP]);
	return fwd_stamp();
}
/* flow_stamp is callee-save: sites reach trace_stamp_pv_thunk. */
DEFINE_PV_THUNK(trace_stamp);

static const struct vro_pv_impl trace_impls[] = {
	PV_IMPL(flow_hash_u32, trace_hash_u32),
	PV_IMPL(flow_hash_tuple, trace_hash_tuple),
	PV_IMPL_THUNK(flow_stamp, trace_stamp),
};

static struct vro_pv_backend trace_backend =
	PV_BACKEND(flow, "trace", 0, trace_impls);

static int trace_calls_get(char *buf, const struct kernel_param *kp)
{
	int i, len = 0;

	for (i = 0; i < T_NR; i++)
		len += sysfs_emit_at(buf, len, "%s %ld\n", trace_names[i],
				     atomic_long_read(&trace_calls[i]));
	return len;
}

static const struct kernel_param_ops trace_calls_ops = {
	.get = trace_calls_get,
};
module_param_cb(calls, &trace_calls_ops, NULL, 0444);
MODULE_PARM_DESC(calls, "calls per op since load");

/* The modules of the functions forwarded to, pinned while trace loaded. */
static struct module *fwd_pin[3];

static void trace_unpin(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fwd_pin); i++)
		module_put(fwd_pin[i]);
}

static int __init vro_flow_trace_init(void)
{
	int ret;

	fwd_hash_u32 = vro_pv_default_fn(&pv_set_flow, "flow_hash_u32",
					 &fwd_pin[0]);
	fwd_hash_tuple = vro_pv_default_fn(&pv_set_flow, "flow_hash_tuple",
					   &fwd_pin[1]);
	fwd_stamp = vro_pv_default_fn(&pv_set_flow, "flow_stamp", &fwd_pin[2]);
	if (!fwd_hash_u32 || !fwd_hash_tuple || !fwd_stamp) {
		ret = -ENOENT;
		goto err_unpin;
	}
	ret = vro_pv_register_backend(&trace_backend);
	if (ret)
		goto err_unpin;
	return 0;

err_unpin:
	trace_unpin();
	return ret;
}

static void __exit vro_flow_trace_exit(void)
{
	vro_pv_unregister_backend(&trace_backend);
	trace_unpin();
}

module_init(vro_flow_trace_init);
module_exit(vro_flow_trace_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv op set 'flow': trace backend (counts, forwards)");
