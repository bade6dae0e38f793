// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_gram - VROs for the guest script's tests of the value grammar on
 * every write path (load parameter, kernel command line through modprobe,
 * sysfs parameter, debugfs set), of pointer VROs (never writable from user
 * space) and of long names (a name that is a 57-character prefix of
 * another: neither may reach the other through debugfs set).
 *
 * The read-only "probe" parameter prints what this module's patched code
 * reads: " flag=F num=N signed=S ptr=P long=L longer=M ".
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();

DEFINE_VRO(bool, vt_gflag, false);
module_param_vro_named(gflag, vt_gflag, 0644);
MODULE_PARM_DESC(gflag, "a bool VRO");

DEFINE_VRO(u32, vt_gnum, 1);
module_param_vro_named(gnum, vt_gnum, 0644);
MODULE_PARM_DESC(gnum, "a u32 VRO");

DEFINE_VRO(s32, vt_gsigned, 0);
module_param_vro_named(gsigned, vt_gsigned, 0644);
MODULE_PARM_DESC(gsigned, "an s32 VRO");

DEFINE_VRO(const char *, vt_gptr, NULL);
module_param_vro_named(gptr, vt_gptr, 0600);
MODULE_PARM_DESC(gptr, "a pointer VRO: readable, never writable from user space");

/* 57 characters, then the same with "_longer": "__vro_" + 57 + NUL = 64. */

DEFINE_VRO(u32, vt_nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, 0);
DEFINE_VRO(u32, vt_nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_longer, 0);

static noinline __noipa bool vt_flag(void) { return vro(vt_gflag); }
static noinline __noipa u32 vt_num(void) { return vro(vt_gnum); }
static noinline __noipa s32 vt_signed(void) { return vro(vt_gsigned); }
static noinline __noipa const char *vt_ptr(void) { return vro(vt_gptr); }
static noinline __noipa u32 vt_long(void)
{
	return vro(vt_nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx);
}

static noinline __noipa u32 vt_longer(void)
{
	return vro(vt_nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_longer);
}

/* Every field, the last one too, between spaces: guest.sh greps " name=value ". */
static int vt_probe_get(char *buf, const struct kernel_param *kp)
{
	int n = sysfs_emit(buf, " flag=%d num=%u signed=%d ptr=%#lx long=%u longer=%u ",
			   vt_flag(), vt_num(), vt_signed(),
			   (unsigned long)vt_ptr(), vt_long(), vt_longer());

	return n + sysfs_emit_at(buf, n, "\n");
}

static const struct kernel_param_ops vt_probe_ops = {
	.get = vt_probe_get,
};
module_param_cb(probe, &vt_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "what the patched code reads");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: value grammar, pointer and long-name VROs");
