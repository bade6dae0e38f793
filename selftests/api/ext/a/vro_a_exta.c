// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_exta - out-of-tree module A: defines a_ext_v, which the out-of-tree
 * module vro_a_extb reads (built with make ext EXTRA_SYMBOLS=A/Module.symvers).
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DEFINE_VRO(u32, a_ext_v, 77);
module_param_vro(a_ext_v, 0644);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: out-of-tree module A, defines a VRO");
