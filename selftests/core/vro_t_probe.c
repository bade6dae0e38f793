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
 */
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/vro.h>
#include <asm/text-patching.h>

#include "vt_tap.h"

VRO_MODULE();

DEFINE_VRO(u32, vt_probed, 1);

static bool optimized;
module_param(optimized, bool, 0444);
MODULE_PARM_DESC(optimized, "wait for the kprobe to be optimized (jump)");

static noinline __attribute__((__noipa__)) u32 vt_probed_read(void)
{
	return vro(vt_probed);
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

/* The instruction of this module's site of vt_probed, from its table. */
static void *vt_site_insn(void)
{
	const struct vro_module_desc *d = &__vro_module_desc;
	const struct vro_site *s;
	const char *names;
	unsigned int i;

	OPTIMIZER_HIDE_VAR(d);	/* vrolink filled it after compilation */
	s = (const void *)d + d->sites_off;
	names = (const char *)d + d->names_off;
	for (i = 0; i < d->nr_sites; i++, s++) {
		unsigned long field = (unsigned long)&s->field + (long)s->field;

		if (!strcmp(names + s->name, "__vro_vt_probed"))
			return (void *)(field - s->insn_off);
	}
	return NULL;
}

/* After unregister_kprobe(), retry while the text is not restored yet. */
static int vt_set_after_unregister(unsigned int *waited_ms)
{
	int ret;

	for (*waited_ms = 0; ; *waited_ms += 50) {
		ret = vro_set(vt_probed, 2);
		if (ret != -EBUSY || *waited_ms >= 20000)
			return ret;
		msleep(50);
	}
}

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
	ret = vt_set_after_unregister(&ms);
	read = vt_probed_read();
	vt_ok(!ret && vro_value(vt_probed) == 2 && read == 2,
	      "%s kprobe unregistered: vro_set() = %d after %u ms, code reads %u (want 0, 2)",
	      how, ret, ms, read);
}

static int __init vt_probe_init(void)
{
	int ret = vt_tap_init();
	void *insn;

	if (ret)
		return ret;
	insn = vt_site_insn();
	if (vt_ok(insn && vt_probed_read() == 1,
		  "the site of vt_probed is in the module's table (%pS) and reads 1",
		  insn))
		vt_probe_test(insn);
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
