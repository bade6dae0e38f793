// SPDX-License-Identifier: GPL-2.0
/*
 * Write a batch of module text patches.
 *
 * Text is never made writable in place. The pages of a batch are mapped
 * once more, writable, through a temporary vmap() alias; every patch's
 * current bytes (and the rest of its instruction) are compared with what
 * the caller expects; then the new bytes are written through the alias,
 * either directly (the code cannot run yet) or inside the same
 * stop_machine() as the compare, with every CPU serialized afterwards.
 * The alias is unmapped and its TLB entries flushed before returning.
 *
 * stop_machine() does not stop NMIs: code that can run in NMI context must
 * never read a VRO or make a pv call (Documentation/vro.rst).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/sync_core.h>

#include "internal.h"

/* A batch mapped through one alias: sorted page addresses, then the vmap. */
struct vro_alias {
	unsigned long *pfx;	/* page-aligned text addresses, sorted, unique */
	unsigned int nr;
	void *base;		/* vmap() of those pages, in that order */
};

/* What every CPU runs under stop_machine(). */
struct vro_live {
	struct vro_patch *p;
	unsigned int n;
	struct vro_alias *alias;
	atomic_t cpus;		/* CPUs that have entered */
	atomic_t written;	/* set by the writer once it is done */
	int ret;		/* the writer's verdict (vro_check_all()) */
	unsigned int bad;	/* with ret: the patch refused */
};

static int vro_cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Module text lives in [MODULES_VADDR, MODULES_END) on x86-64. */
static bool vro_module_addr(const void *addr, unsigned int len)
{
	unsigned long a = (unsigned long)addr;

	return a >= MODULES_VADDR && a + len <= MODULES_END && a + len > a;
}

/* Where text address @addr is in the alias (pages are contiguous there). */
static u8 *vro_alias_addr(const struct vro_alias *a, const void *addr)
{
	unsigned long page = (unsigned long)addr & PAGE_MASK;
	unsigned int lo = 0, hi = a->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (a->pfx[mid] < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (u8 *)a->base + lo * PAGE_SIZE + offset_in_page(addr);
}

/* The bytes a patch covers: its whole instruction if it has one. */
static void vro_patch_span(const struct vro_patch *p, unsigned long *start,
			   unsigned long *end)
{
	*start = (unsigned long)p->addr;
	*end = *start + p->len;
	if (p->insn) {
		*start -= p->insn_off;
		*end = *start + p->insn_len;
	}
}

static bool vro_patch_ok(const struct vro_patch *p)
{
	unsigned long start, end;

	if (!p->len || p->len > sizeof(p->new))
		return false;
	if (p->insn && (p->insn_len > VRO_INSN_MAX ||
			p->insn_off + p->len > p->insn_len))
		return false;
	vro_patch_span(p, &start, &end);
	return vro_module_addr((void *)start, end - start);
}

/* Collect the pages of every patch, sort them, map them writable once. */
static int vro_alias_map(struct vro_alias *a, const struct vro_patch *p,
			 unsigned int n)
{
	struct page **pages;
	unsigned int i, k;
	int ret = -ENOMEM;

	a->pfx = kvmalloc_array(2 * n, sizeof(*a->pfx), GFP_KERNEL);
	if (!a->pfx)
		return -ENOMEM;
	for (i = 0, k = 0; i < n; i++) {
		unsigned long first, last;

		if (!vro_patch_ok(&p[i])) {
			pr_err("%pS: not a patchable text address\n",
			       p[i].addr);
			ret = -EFAULT;
			goto free_pfx;
		}
		vro_patch_span(&p[i], &first, &last);
		first &= PAGE_MASK;
		last = (last - 1) & PAGE_MASK;
		a->pfx[k++] = first;
		if (last != first)
			a->pfx[k++] = last;
	}
	sort(a->pfx, k, sizeof(*a->pfx), vro_cmp_ulong, NULL);
	for (i = 0, a->nr = 0; i < k; i++)
		if (!a->nr || a->pfx[a->nr - 1] != a->pfx[i])
			a->pfx[a->nr++] = a->pfx[i];

	pages = kvmalloc_array(a->nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		goto free_pfx;
	for (i = 0; i < a->nr; i++) {
		pages[i] = vmalloc_to_page((void *)a->pfx[i]);
		if (!pages[i]) {
			pr_err("%pS: text page not mapped\n",
			       (void *)a->pfx[i]);
			ret = -EFAULT;
			goto free_pages;
		}
	}
	a->base = vmap(pages, a->nr, VM_MAP, PAGE_KERNEL);
	if (!a->base)
		goto free_pages;
	kvfree(pages);
	return 0;

free_pages:
	kvfree(pages);
free_pfx:
	kvfree(a->pfx);
	return ret;
}

/*
 * vunmap() only queues the alias for a lazy purge: its TLB entries, writable
 * mappings of text, could stay until some later purge. vm_unmap_aliases()
 * purges every lazily unmapped area now and flushes the TLBs.
 */
static void vro_alias_unmap(struct vro_alias *a)
{
	vunmap(a->base);
	vm_unmap_aliases();
	kvfree(a->pfx);
}

/*
 * May patch @p be written? -EBUSY if a byte of its instruction outside the
 * patched bytes is not what vro.ko wrote there (a kprobe's INT3 or jump,
 * another text patcher), -EINVAL if the patched bytes are not @old.
 */
static int vro_check_one(const struct vro_alias *a, const struct vro_patch *p)
{
	unsigned int j;

	if (p->insn) {
		const u8 *cur = vro_alias_addr(a, p->addr - p->insn_off);

		for (j = 0; j < p->insn_len; j++)
			if ((j < p->insn_off || j >= p->insn_off + p->len) &&
			    cur[j] != p->insn[j])
				return -EBUSY;
	}
	return memcmp(vro_alias_addr(a, p->addr), p->old, p->len) ? -EINVAL : 0;
}

/* Check every patch; on the first refused one, its index in @bad. */
static int vro_check_all(const struct vro_alias *a, const struct vro_patch *p,
			 unsigned int n, unsigned int *bad)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = vro_check_one(a, &p[i]);
		if (ret) {
			*bad = i;
			return ret;
		}
	}
	return 0;
}

/* Say why patch @p was refused (@err from vro_check_one()). */
static void vro_report(const struct vro_alias *a, const struct vro_patch *p,
		       int err)
{
	const u8 *insn = p->addr - p->insn_off;
	u8 want[VRO_INSN_MAX];

	if (err == -EBUSY) {
		memcpy(want, p->insn, p->insn_len);
		memcpy(want + p->insn_off, p->old, p->len);
		pr_err("%pS: instruction changed by someone else (a kprobe, a tracer, a livepatch?): it holds %*phN, vro wrote %*phN; nothing patched\n",
		       insn, p->insn_len, vro_alias_addr(a, insn), p->insn_len,
		       want);
		return;
	}
	pr_err("%pS: site holds %*phN, expected %*phN; nothing patched\n",
	       p->addr, p->len, vro_alias_addr(a, p->addr), p->len, p->old);
}

static void vro_write_all(const struct vro_alias *a, const struct vro_patch *p,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		memcpy(vro_alias_addr(a, p[i].addr), p[i].new, p[i].len);
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
		l->ret = vro_check_all(l->alias, l->p, l->n, &l->bad);
		if (!l->ret)
			vro_write_all(l->alias, l->p, l->n);
		atomic_set_release(&l->written, 1);
	} else {
		while (!atomic_read_acquire(&l->written))
			cpu_relax();
	}
	sync_core();
	return 0;
}

/**
 * vro_patch_text - check then write a batch of text patches
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
 * if patched bytes are not @old, -EFAULT for an address that is not module
 * text, -ENOMEM.
 */
int vro_patch_text(struct vro_patch *p, unsigned int n, bool live)
{
	struct vro_alias alias;
	struct vro_live l;
	int ret;

	vro_assert_locked();
	if (!n)
		return 0;
	ret = vro_alias_map(&alias, p, n);
	if (ret)
		return ret;
	l.p = p;
	l.n = n;
	l.alias = &alias;
	l.ret = 0;
	atomic_set(&l.cpus, 0);
	atomic_set(&l.written, 0);
	if (live) {
		ret = stop_machine(vro_live_fn, &l, cpu_online_mask);
	} else {
		ret = vro_check_all(&alias, p, n, &l.bad);
		if (!ret)
			vro_write_all(&alias, p, n);
		l.ret = ret;
	}
	if (!ret)
		ret = l.ret;
	if (l.ret)
		vro_report(&alias, &p[l.bad], l.ret);
	vro_alias_unmap(&alias);
	return ret;
}
