// SPDX-License-Identifier: GPL-2.0
/*
 * Write a batch of text patches.
 *
 * Every patch's current bytes (and the rest of its instruction) are
 * compared with what the caller expects; then the new bytes are written,
 * either directly (the code cannot run yet) or inside the same
 * stop_machine() as the compare, with every CPU serialized afterwards.
 * How text is read and written is text_alias.c's business in vro.ko (a
 * temporary vmap() alias) and text_poke.c's built into vmlinux (the
 * kernel's text_poke() under text_mutex): text is never writable in place.
 *
 * stop_machine() does not stop NMIs: code that can run in NMI context must
 * never read a VRO or make a pv call (Documentation/vro.rst).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/stop_machine.h>
#include <linux/string.h>
#include <asm/sync_core.h>
#include <asm/text-patching.h>

#include "internal.h"

/* What every CPU runs under stop_machine(). */
struct vro_live {
	struct vro_patch *p;
	unsigned int n;
	struct vro_text *text;
	atomic_t cpus;		/* CPUs that have entered */
	atomic_t written;	/* set by the writer once it is done */
	int ret;		/* the writer's verdict (vro_check_all()) */
	unsigned int bad;	/* with ret: the patch refused */
};

static bool vro_patch_ok(const struct vro_patch *p)
{
	unsigned long start, end;

	if (!p->len || p->len > sizeof(p->new))
		return false;
	if (p->insn && (p->insn_len > VRO_INSN_MAX ||
			p->insn_off + p->len > p->insn_len))
		return false;
	vro_patch_span(p, &start, &end);
	return vro_text_ok((void *)start, end - start);
}

/* Refuse the batch before touching anything if an address is not text. */
static int vro_patches_ok(const struct vro_patch *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!vro_patch_ok(&p[i])) {
			pr_err("%pS: not a patchable text address\n", p[i].addr);
			return -EFAULT;
		}
	}
	return 0;
}

/*
 * Is @cur, found where vro wrote @was at byte @j of an instruction, the
 * kernel's own change? SMP alternatives turn a LOCK prefix (0xf0) listed
 * in .smp_locks into a harmless DS prefix (0x3e) while one CPU is online
 * and back when a second comes up (alternatives_smp_lock/unlock()); an
 * instruction's lock prefix is its first byte (LOCK_PREFIX). A kprobe's
 * INT3 (0xcc) or an optimized probe's jump (0xe9) is neither.
 */
static bool vro_kernel_changed(unsigned int j, u8 cur, u8 was)
{
	return !j && ((cur == 0xf0 && was == 0x3e) ||
		      (cur == 0x3e && was == 0xf0));
}

/*
 * May patch @p be written? -EBUSY if a byte of its instruction outside the
 * patched bytes is not what vro.ko wrote there (a kprobe's INT3 or jump,
 * another text patcher) and not the kernel's own lock prefix change,
 * -EINVAL if the patched bytes are not @old.
 */
static int vro_check_one(const struct vro_text *t, const struct vro_patch *p)
{
	const u8 *cur;
	unsigned int j;

	if (p->insn) {
		cur = vro_text_view(t, p->addr - p->insn_off);
		for (j = 0; j < p->insn_len; j++)
			if ((j < p->insn_off || j >= p->insn_off + p->len) &&
			    cur[j] != p->insn[j] &&
			    !vro_kernel_changed(j, cur[j], p->insn[j]))
				return -EBUSY;
	}
	cur = vro_text_view(t, p->addr);
	if (!memcmp(cur, p->old, p->len))
		return 0;
	/* a pv site's call: a kprobe's INT3 on it is someone else's change */
	if (!p->insn && cur[0] == INT3_INSN_OPCODE &&
	    !memcmp(cur + 1, p->old + 1, p->len - 1))
		return -EBUSY;
	return -EINVAL;
}

/* Check every patch; on the first refused one, its index in @bad. */
static int vro_check_all(const struct vro_text *t, const struct vro_patch *p,
			 unsigned int n, unsigned int *bad)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = vro_check_one(t, &p[i]);
		if (ret) {
			*bad = i;
			return ret;
		}
	}
	return 0;
}

/* Say why patch @p was refused (@err from vro_check_one()). */
static void vro_report(const struct vro_text *t, const struct vro_patch *p,
		       int err)
{
	const u8 *insn = p->addr - p->insn_off;
	unsigned int len = p->insn ? p->insn_len : p->len;
	u8 want[VRO_INSN_MAX];

	if (err == -EBUSY) {
		if (p->insn)
			memcpy(want, p->insn, p->insn_len);
		memcpy(want + p->insn_off, p->old, p->len);
		pr_err("%pS: instruction changed by someone else (a kprobe, a tracer, a livepatch?): it holds %*phN, vro wrote %*phN; nothing patched\n",
		       insn, len, vro_text_view(t, insn), len, want);
		return;
	}
	pr_err("%pS: site holds %*phN, expected %*phN; nothing patched\n",
	       p->addr, p->len, vro_text_view(t, p->addr), p->len, p->old);
}

static void vro_write_all(struct vro_text *t, const struct vro_patch *p,
			  unsigned int n, bool live)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		vro_text_write(t, p[i].addr, p[i].new, p[i].len, live);
}

/*
 * Runs on every online CPU with interrupts off. The first CPU in checks
 * the whole batch and, if every patch may be written, writes it; the others
 * wait for it. The check is made here, not before stop_machine(), so that
 * no other text patcher can change a site between the check and the write.
 * Then every CPU serializes, so none executes stale instruction bytes after
 * stop_machine() returns.
 */
static int vro_live_fn(void *data)
{
	struct vro_live *l = data;

	if (atomic_inc_return(&l->cpus) == 1) {
		l->ret = vro_check_all(l->text, l->p, l->n, &l->bad);
		if (!l->ret)
			vro_write_all(l->text, l->p, l->n, true);
		atomic_set_release(&l->written, 1);
	} else {
		while (!atomic_read_acquire(&l->written))
			cpu_relax();
	}
	sync_core();
	return 0;
}

/**
 * vro_patch_text() - check then write a batch of text patches
 * @p: the patches
 * @n: how many
 * @live: false if the code cannot run yet (write directly through the
 *	  alias), true to write under stop_machine()
 *
 * Every patch's @old (and, with @insn, the rest of its instruction) is
 * compared first, inside the stop_machine() that writes when @live; one
 * mismatch refuses the whole batch, names the site and writes nothing.
 * Caller holds vro_lock().
 *
 * Return: 0, -EBUSY if an instruction was changed by someone else, -EINVAL
 * if patched bytes are not @old, -EFAULT for an address that is not text
 * vro may write, -ENOMEM.
 */
int vro_patch_text(struct vro_patch *p, unsigned int n, bool live)
{
	struct vro_text text = { 0 };
	struct vro_live l;
	int ret;

	vro_assert_locked();
	if (!n)
		return 0;
	ret = vro_patches_ok(p, n);
	if (ret)
		return ret;
	ret = vro_text_open(&text, p, n);
	if (ret)
		return ret;
	l.p = p;
	l.n = n;
	l.text = &text;
	l.ret = 0;
	atomic_set(&l.cpus, 0);
	atomic_set(&l.written, 0);
	if (live) {
		/*
		 * Bytes first: vro_text_unprobed() must not put its probes
		 * next to an optimized probe's jump (it would re-arm a probe
		 * that is going away); then what the bytes cannot show.
		 */
		ret = vro_check_all(&text, p, n, &l.bad);
		l.ret = ret;
		if (!ret)
			ret = vro_text_unprobed(p, n);
		if (!ret)
			ret = vro_text_stop_machine(vro_live_fn, &l);
	} else {
		ret = vro_check_all(&text, p, n, &l.bad);
		if (!ret)
			vro_write_all(&text, p, n, false);
		l.ret = ret;
	}
	if (!ret)
		ret = l.ret;
	if (l.ret)
		vro_report(&text, &p[l.bad], l.ret);
	vro_text_close(&text);
	return ret;
}
