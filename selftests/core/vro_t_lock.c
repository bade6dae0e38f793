// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_lock - a VRO site inside a LOCK-prefixed instruction
 * (atomic64_add(vro(x), &v) is "lock addq $__vro_x, v"). The kernel lists
 * the lock prefix in the module's .smp_locks: booted with one CPU online of
 * several (maxcpus=1), SMP alternatives turn it into a DS prefix (0x3e) at
 * load, and back into LOCK (0xf0) when a second CPU comes online. That is
 * the kernel's change, not a kprobe's: vro_set() must still work
 * (selftests/core/smp.sh).
 *
 * Reading the parameter probe runs the add once and prints the prefix byte
 * and what the add added: "prefix=f0 add=3".
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/vro.h>

#include "ksite.h"

VRO_MODULE();

DEFINE_VRO(long, vt_lockadd, 3);

static atomic64_t vt_counter;

static noinline __attribute__((__noipa__)) void vt_lock_add(void)
{
	atomic64_add(vro(vt_lockadd), &vt_counter);
}

static int vt_lock_probe(char *buf, const struct kernel_param *kp)
{
	const u8 *insn = vt_site_insn("__vro_vt_lockadd");
	s64 before = atomic64_read(&vt_counter);

	if (!insn)
		return sysfs_emit(buf, "no site of vt_lockadd\n");
	vt_lock_add();
	return sysfs_emit(buf, "prefix=%02x add=%lld\n", READ_ONCE(insn[0]),
			  atomic64_read(&vt_counter) - before);
}

static const struct kernel_param_ops vt_lock_probe_ops = {
	.get = vt_lock_probe,
};
module_param_cb(probe, &vt_lock_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "run the locked add once: its prefix byte and what it added");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a VRO in a lock-prefixed instruction");
