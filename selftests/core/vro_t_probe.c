// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_probe - a kprobe on a VRO site's instruction must make vro_set()
 * refuse with -EBUSY: the probed instruction runs from the probe's copy
 * (an INT3 probe single-steps a copy, an optimized probe jumps to a detour
 * holding one), so a write to the text would not be seen by the code.
 *
 * The module finds its own site through its site table (the descriptor
 * VRO_MODULE() emits, filled by vrolink), puts a kprobe on the instruction
 * and checks that vro_set() is refused and nothing changed; after
 * unregister_kprobe() (an optimized probe's bytes come back later, from
 * the kprobe optimizer's worker) vro_set() must succeed again.
 *
 * optimized=0 expects an INT3 probe (the guest script turns optimization
 * off with the debug.kprobes-optimization sysctl), optimized=1 waits for
 * the probe to be optimized into a jump (read from the text: the flag is
 * on the kprobe's aggregate, not on the caller's struct kprobe).
 *
 * A probe keeps its copy from registration on, armed or not: a probe
 * registered disabled (the text holds what vro wrote) must make vro_set()
 * refuse too, or enabling it later runs the old value. So must a probe on
 * the instruction right before a site (vt_near_read()'s nop), which the
 * kprobe optimizer's delayed work turns into a jump to a detour holding a
 * copy of the site: vro_set() right after register_kprobe(), before the
 * optimizer ran, must refuse.
 */
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/vro.h>
#include <asm/text-patching.h>

#include "ksite.h"
#include "ktap.h"

VRO_MODULE();

DEFINE_VRO(u32, vt_probed, 1);
DEFINE_VRO(u32, vt_near, 1);

static bool optimized;
module_param(optimized, bool, 0444);
MODULE_PARM_DESC(optimized, "wait for the kprobe to be optimized (jump)");

static noinline __attribute__((__noipa__)) u32 vt_probed_read(void)
{
	return vro(vt_probed);
}

/* A nop, then the site: a probe on the nop copies the site when optimized. */
static noinline __attribute__((__noipa__)) u32 vt_near_read(void)
{
	u32 r;

	asm volatile("nop\n\tmovl %1, %0" : "=r" (r) : "i" (__vro_vt_near));
	return r;
}

static unsigned long vt_hits;

static int vt_pre(struct kprobe *p, struct pt_regs *regs)
{
	vt_hits++;
	return 0;
}

static struct kprobe vt_kp = {
	.pre_handler = vt_pre,
};

/*
 * After unregister_kprobe(), retry while the text is not restored yet
 * (an optimized probe's jump goes away in the optimizer's delayed work).
 */
#define vt_set_after_unregister(name, value, waited_ms) ({		\
	int __ret;							\
									\
	for (*(waited_ms) = 0; ; *(waited_ms) += 50) {			\
		__ret = vro_set(name, value);				\
		if (__ret != -EBUSY || *(waited_ms) >= 20000)		\
			break;						\
		msleep(50);						\
	}								\
	__ret;								\
})

static void vt_probe_test(void *insn)
{
	const char *how = optimized ? "optimized" : "INT3";
	unsigned int ms;
	u8 first;
	u32 read;
	int ret;

	vt_kp.addr = insn;
	ret = register_kprobe(&vt_kp);
	if (!vt_ok(!ret, "register_kprobe() at the site's instruction %pS = %d",
		   insn, ret))
		return;
	/* the optimizer's worker turns the INT3 into a jump, later */
	for (ms = 0; optimized && ms < 20000 &&
	     READ_ONCE(*(u8 *)insn) != JMP32_INSN_OPCODE; ms += 50)
		msleep(50);
	first = READ_ONCE(*(u8 *)insn);
	if (first != (optimized ? JMP32_INSN_OPCODE : INT3_INSN_OPCODE)) {
		vt_ok(true, "%s kprobe on a site # SKIP the instruction starts with %02x",
		      how, first);
		unregister_kprobe(&vt_kp);
		return;
	}
	read = vt_probed_read();
	vt_ok(read == 1 && vt_hits, "%s kprobe on the site: the code reads %u (want 1) and hits the probe (%lu hits)",
	      how, read, vt_hits);
	ret = vro_set(vt_probed, 2);
	read = vt_probed_read();
	vt_ok(ret == -EBUSY && vro_value(vt_probed) == 1 && read == 1,
	      "%s kprobe on the site: vro_set() = %d (want %d), value %u, code reads %u (want 1 and 1)",
	      how, ret, -EBUSY, (u32)vro_value(vt_probed), read);
	unregister_kprobe(&vt_kp);
	ret = vt_set_after_unregister(vt_probed, 2, &ms);
	read = vt_probed_read();
	vt_ok(!ret && vro_value(vt_probed) == 2 && read == 2,
	      "%s kprobe unregistered: vro_set() = %d after %u ms, code reads %u (want 0, 2)",
	      how, ret, ms, read);
}

/* A probe registered disabled: the text is intact, the probe has a copy. */
static void vt_disabled_test(void *insn)
{
	const char *how = optimized ? "optimized" : "INT3";
	struct kprobe kp = {
		.addr = insn,
		.flags = KPROBE_FLAG_DISABLED,
		.pre_handler = vt_pre,
	};
	unsigned int ms;
	u32 read;
	int ret;

	ret = register_kprobe(&kp);
	if (!vt_ok(!ret, "register_kprobe(disabled) at the site's instruction %pS = %d",
		   insn, ret))
		return;
	ret = vro_set(vt_probed, 2);
	vt_ok(ret == -EBUSY && vro_value(vt_probed) == 1,
	      "%s kprobe registered disabled on the site: vro_set() = %d (want %d), value %u (want 1)",
	      how, ret, -EBUSY, (u32)vro_value(vt_probed));
	ret = enable_kprobe(&kp);
	read = vt_probed_read();
	vt_ok(!ret && read == vro_value(vt_probed),
	      "the disabled kprobe enabled (%d): the code reads %u, the value is %u",
	      ret, read, (u32)vro_value(vt_probed));
	unregister_kprobe(&kp);
	ret = vt_set_after_unregister(vt_probed, 1, &ms);
	vt_ok(!ret && vt_probed_read() == 1,
	      "that kprobe unregistered: vro_set(1) = %d after %u ms",
	      ret, ms);
}

/*
 * A probe on the nop right before vt_near's site, registered (armed: an
 * INT3 on the nop, the site's bytes intact) and not optimized yet: its
 * detour already holds a copy of the site.
 */
static void vt_near_test(void)
{
	u8 *insn = vt_site_insn("__vro_vt_near");
	struct kprobe kp = { .pre_handler = vt_pre };
	unsigned int ms;
	u32 read;
	int ret;

	if (!insn || insn[-1] != 0x90) {
		vt_ok(true, "kprobe before a site # SKIP no nop right before the site of vt_near (%pS)",
		      insn);
		return;
	}
	kp.addr = insn - 1;
	ret = register_kprobe(&kp);
	if (!vt_ok(!ret, "register_kprobe() on the nop before vt_near's site %pS = %d",
		   insn, ret))
		return;
	ret = vro_set(vt_near, 2);
	/* what the code reads once the optimizer has run (if it may) */
	for (ms = 0; optimized && ms < 20000 &&
	     READ_ONCE(insn[-1]) != JMP32_INSN_OPCODE; ms += 50)
		msleep(50);
	read = vt_near_read();
	vt_ok(ret == -EBUSY && vro_value(vt_near) == 1 && read == 1,
	      "kprobe on the instruction before a site, not optimized yet: vro_set() = %d (want %d), value %u, code reads %u later (want 1 and 1)",
	      ret, -EBUSY, (u32)vro_value(vt_near), read);
	unregister_kprobe(&kp);
	ret = vt_set_after_unregister(vt_near, 3, &ms);
	read = vt_near_read();
	vt_ok(!ret && read == 3,
	      "that kprobe unregistered: vro_set(3) = %d after %u ms, code reads %u (want 0, 3)",
	      ret, ms, read);
}

/*
 * Built in (CONFIG_VRO=y), kprobes ask vro_text_reserved() (kernel/patches/):
 * no probe on a site's instruction, and a probe on the nop before a site is
 * never optimized into a detour holding a copy of it; vro_set() goes on.
 */
static void vt_builtin_test(void *insn)
{
	u8 *near = vt_site_insn("__vro_vt_near");
	struct kprobe kp = { .addr = insn, .pre_handler = vt_pre };
	unsigned int ms;
	int ret;

	ret = register_kprobe(&kp);
	vt_ok(ret == -EINVAL, "built in: register_kprobe() on a site's instruction %pS is refused with -EINVAL (%d)",
	      insn, ret);
	if (!ret)
		unregister_kprobe(&kp);
	if (!near || near[-1] != 0x90) {
		vt_ok(true, "built in: kprobe before a site # SKIP no nop right before the site of vt_near (%pS)",
		      near);
		return;
	}
	memset(&kp, 0, sizeof(kp));
	kp.addr = near - 1;
	kp.pre_handler = vt_pre;
	ret = register_kprobe(&kp);
	if (!vt_ok(!ret, "built in: register_kprobe() on the nop before vt_near's site = %d",
		   ret))
		return;
	for (ms = 0; optimized && ms < 1000; ms += 50)
		msleep(50);	/* the optimizer's delayed work would run */
	vt_ok(READ_ONCE(near[-1]) == INT3_INSN_OPCODE,
	      "built in: that probe stays an INT3 (%02x): no detour copies the site",
	      READ_ONCE(near[-1]));
	ret = vro_set(vt_near, 2);
	vt_ok(!ret && vt_near_read() == 2,
	      "built in: with that probe, vro_set() = %d and the code reads %u (want 0, 2)",
	      ret, vt_near_read());
	unregister_kprobe(&kp);
}

static int __init vt_probe_init(void)
{
	int ret = vt_tap_init();
	void *insn;
	bool ok;

	if (ret)
		return ret;
	insn = vt_site_insn("__vro_vt_probed");
	ok = vt_ok(insn && vt_probed_read() == 1 && vt_near_read() == 1,
		   "the site of vt_probed is in the module's table (%pS) and reads 1",
		   insn);
	if (ok && IS_BUILTIN(CONFIG_VRO)) {
		vt_builtin_test(insn);
	} else if (ok) {
		vt_disabled_test(insn);
		vt_near_test();
		vt_probe_test(insn);
	}
	vt_tap_publish();
	return 0;
}

static void __exit vt_probe_exit(void)
{
	vt_tap_exit();
}

module_init(vt_probe_init);
module_exit(vt_probe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a kprobe on a site makes vro_set() refuse");
