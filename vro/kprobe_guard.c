// SPDX-License-Identifier: GPL-2.0
/*
 * Refuse to patch an instruction that a kprobe has a copy of (vro.ko).
 *
 * An x86 kprobe copies the probed instruction when it is registered, not
 * when it is armed: an INT3 probe single-steps (or, for a call, emulates
 * with the target it saved) that copy; an optimized probe's detour holds
 * copies of the instructions its 5-byte jump covers, made at registration
 * and armed later by the kprobe optimizer's delayed work. While such a
 * probe is disabled, or not optimized yet, the text holds exactly what vro
 * wrote, so patch.c's compare of the bytes cannot see it; once the probe
 * is (re-)armed it would run the copy, with the value or call target of
 * before the write.
 *
 * The kernel refuses kprobes on jump label and static call sites
 * (check_kprobe_address_safe()) but has no such question for a module's
 * text, and 6.1 exports no lookup of registered probes (get_kprobe() is
 * not exported). What it exports is register_kprobe(), which puts a second
 * probe on an address into the same aggregate as the first: vro registers
 * a disabled probe of its own (a disabled probe never writes text) on
 * every address whose registered probe could hold a copy of a patched
 * instruction, and a probe that shares its aggregate with another one has
 * found someone else's. Then the write is refused with -EBUSY, naming the
 * site and the probe's address. Built into vmlinux, kprobes ask vro itself
 * (vro_text_reserved(), text_poke.c) and refuse to register on a site.
 *
 * Which addresses: the instruction's first byte, and for a value site the
 * JMP32_INSN_SIZE - 1 bytes before it (an optimized probe there copies the
 * instructions up to 5 bytes past its address). A pv site's call or jmp is
 * never copied into a detour (not boostable), so only its first byte.
 *
 * Not looked at: the last function of a module's text on 6.4 and later,
 * where registering any kprobe faults in the kernel (vro_guard_faults()).
 *
 * Not covered: a probe registered while vro_set() runs, between this check
 * and the write (kprobe_mutex is not exported): the write then refuses if
 * the probe is armed by then, not if it is still disabled.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/text-patching.h>

#include "internal.h"

#ifdef CONFIG_KPROBES

static bool vro_kprobe_guard = true;
module_param_named(kprobe_guard, vro_kprobe_guard, bool, 0644);
MODULE_PARM_DESC(kprobe_guard, "look for registered kprobes before each live batch (default Y; N skips the look: only where no kprobes are used)");

/* Bytes before a value site's instruction where an optprobe copies it. */
#define VRO_PROBE_REACH	(JMP32_INSN_SIZE - 1)

/**
 * struct vro_guard - vro's own disabled kprobes of one batch
 * @kps: the registered ones
 * @nr: how many are registered
 * @max: room in @kps
 * @probes: the probes themselves
 */
struct vro_guard {
	struct kprobe **kps;
	unsigned int nr, max;
	struct kprobe *probes;
};

/*
 * Does @kp, registered, share its address with someone else's probe? A
 * lone probe's list is empty, or it is the only member of the aggregate
 * the optimizer made for it (next and prev are both the aggregate's head);
 * with another member, next and prev differ.
 */
static bool vro_kprobe_shared(const struct kprobe *kp)
{
	return READ_ONCE(kp->list.next) != READ_ONCE(kp->list.prev);
}

/*
 * Put one of vro's disabled probes on @addr. Return: 1 if someone else has
 * a probe there, 0 if not (or no probe can be registered there: not an
 * instruction boundary, blacklisted...), -ENOMEM.
 */
static int vro_guard_one(struct vro_guard *g, void *addr)
{
	struct kprobe *kp = &g->probes[g->nr];
	int ret;

	memset(kp, 0, sizeof(*kp));
	kp->addr = addr;
	kp->flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(kp);
	if (ret)
		return ret == -ENOMEM ? ret : 0;
	g->kps[g->nr++] = kp;
	return vro_kprobe_shared(kp);
}

/* The first byte of @p's instruction and how far before it to look. */
static u8 *vro_guard_span(const struct vro_patch *p, unsigned int *reach)
{
	if (p->insn) {
		*reach = VRO_PROBE_REACH;
		return (u8 *)p->addr - p->insn_off;
	}
	*reach = 0;		/* a pv site: its call/jmp starts at @addr */
	return p->addr;
}

/*
 * Would registering a kprobe in the function holding @addr fault? Preparing
 * an optimized probe (x86 can_optimize(), on every registration) decodes
 * the whole function, by its kallsyms size, and reads up to an instruction
 * past its end. The last function of a module's text is sized to the end
 * of the text area, which 6.4 and later allocate alone: the read past it
 * faults (seen on Debian's 6.12). Nobody can have a probe there, then, and
 * vro must not register one. Return: true if the bytes after the function
 * cannot be read.
 */
static bool vro_guard_faults(const u8 *addr)
{
	char sym[KSYM_SYMBOL_LEN], *p;
	unsigned long off, size;
	u8 buf[MAX_INSN_SIZE];

	sprint_symbol(sym, (unsigned long)addr);
	p = strrchr(sym, '+');
	if (!p || sscanf(p, "+%lx/%lx", &off, &size) != 2 || off >= size)
		return false;
	return copy_from_kernel_nofault(buf, addr - off + size, sizeof(buf));
}

/*
 * Look for a probe that could hold a copy of @p's instruction. Return: 0,
 * -EBUSY (said, with the site and the probe), -ENOMEM.
 */
static int vro_guard_patch(struct vro_guard *g, const struct vro_patch *p)
{
	unsigned int reach, d;
	u8 *insn = vro_guard_span(p, &reach);
	int ret;

	if (vro_guard_faults(insn))
		return 0;
	for (d = 0; d <= reach; d++) {
		ret = vro_guard_one(g, insn - d);
		if (ret < 0)
			return ret;
		if (!ret)
			continue;
		pr_err("%pS: a kprobe is registered at %pS (armed or not): it keeps its own copy of the instruction, which a write would leave stale; unregister it first (see debugfs kprobes/list); nothing patched\n",
		       insn, insn - d);
		return -EBUSY;
	}
	return 0;
}

/**
 * vro_text_unprobed() - refuse a batch whose instructions a kprobe has copied
 * @p: the patches
 * @n: how many
 *
 * Registers a disabled kprobe of vro's own on every address where a
 * registered probe could hold a copy of a patched instruction, and
 * unregisters them all before returning. Caller holds vro_lock(), outside
 * stop_machine().
 *
 * Return: 0, -EBUSY if a kprobe (armed or not, optimized or not) is
 * registered there, -ENOMEM.
 */
int vro_text_unprobed(const struct vro_patch *p, unsigned int n)
{
	struct vro_guard g = { .max = n * (VRO_PROBE_REACH + 1) };
	unsigned int i;
	int ret = -ENOMEM;

	vro_assert_locked();
	if (!READ_ONCE(vro_kprobe_guard))
		return 0;
	g.kps = kvcalloc(g.max, sizeof(*g.kps), GFP_KERNEL);
	g.probes = kvcalloc(g.max, sizeof(*g.probes), GFP_KERNEL);
	if (!g.kps || !g.probes)
		goto free_guard;
	for (i = 0, ret = 0; i < n && !ret; i++)
		ret = vro_guard_patch(&g, &p[i]);
	unregister_kprobes(g.kps, g.nr);
free_guard:
	kvfree(g.probes);
	kvfree(g.kps);
	return ret;
}

#else /* !CONFIG_KPROBES */

int vro_text_unprobed(const struct vro_patch *p, unsigned int n)
{
	return 0;
}

#endif
