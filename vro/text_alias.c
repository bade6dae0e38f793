// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing module text from vro.ko, which cannot use the
 * kernel's text_poke() (not exported to modules on 6.1).
 *
 * Text is never made writable in place. The pages of a batch are mapped
 * once more, writable, through a temporary vmap() alias; reads and writes
 * of the batch go through it; the alias is unmapped and its TLB entries
 * flushed before the batch ends. Built into vmlinux, text_poke.c replaces
 * this file.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "internal.h"

static int vro_cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/**
 * vro_text_ok() - may vro write [@addr, @addr + @len)?
 * @addr: first byte
 * @len: bytes
 *
 * Module text lives in [MODULES_VADDR, MODULES_END) on x86-64.
 *
 * Return: true for module text.
 */
bool vro_text_ok(const void *addr, unsigned int len)
{
	unsigned long a = (unsigned long)addr;

	return a >= MODULES_VADDR && a + len <= MODULES_END && a + len > a;
}

/**
 * vro_text_view() - where text address @addr can be read in a batch
 * @t: the batch's text, opened by vro_text_open()
 * @addr: a byte of one of the batch's patches
 *
 * Return: its address in the alias (pages are contiguous there).
 */
const u8 *vro_text_view(const struct vro_text *t, const void *addr)
{
	unsigned long page = (unsigned long)addr & PAGE_MASK;
	unsigned int lo = 0, hi = t->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (t->pfx[mid] < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (u8 *)t->base + lo * PAGE_SIZE + offset_in_page(addr);
}

/**
 * vro_text_write() - write bytes of a batch's text
 * @t: the batch's text
 * @addr: where (a byte of one of the batch's patches)
 * @src: the bytes
 * @len: how many
 * @live: inside the batch's stop_machine()
 *
 * Through the alias either way.
 */
void vro_text_write(struct vro_text *t, void *addr, const void *src,
		    unsigned int len, bool live)
{
	memcpy((u8 *)vro_text_view(t, addr), src, len);
}

/* Collect the pages of every patch and sort them, each once. */
static int vro_text_pages(struct vro_text *t, const struct vro_patch *p,
			  unsigned int n)
{
	unsigned int i, k;

	t->pfx = vro_test_fail_alloc() ? NULL :
		 kvmalloc_array(2 * n, sizeof(*t->pfx), GFP_KERNEL);
	if (!t->pfx)
		return -ENOMEM;
	for (i = 0, k = 0; i < n; i++) {
		unsigned long first, last;

		vro_patch_span(&p[i], &first, &last);
		first &= PAGE_MASK;
		last = (last - 1) & PAGE_MASK;
		t->pfx[k++] = first;
		if (last != first)
			t->pfx[k++] = last;
	}
	sort(t->pfx, k, sizeof(*t->pfx), vro_cmp_ulong, NULL);
	for (i = 0, t->nr = 0; i < k; i++)
		if (!t->nr || t->pfx[t->nr - 1] != t->pfx[i])
			t->pfx[t->nr++] = t->pfx[i];
	return 0;
}

/**
 * vro_text_open() - map the text of a batch writable, once, elsewhere
 * @t: filled here
 * @p: the patches (their addresses checked with vro_text_ok())
 * @n: how many
 *
 * Return: 0, -ENOMEM, or -EFAULT for a page that is not mapped.
 */
int vro_text_open(struct vro_text *t, const struct vro_patch *p,
		  unsigned int n)
{
	struct page **pages;
	unsigned int i;
	int ret;

	ret = vro_text_pages(t, p, n);
	if (ret)
		return ret;
	ret = -ENOMEM;
	pages = vro_test_fail_alloc() ? NULL :
		kvmalloc_array(t->nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		goto free_pfx;
	for (i = 0; i < t->nr; i++) {
		pages[i] = vmalloc_to_page((void *)t->pfx[i]);
		if (!pages[i]) {
			pr_err("%pS: text page not mapped\n",
			       (void *)t->pfx[i]);
			ret = -EFAULT;
			goto free_pages;
		}
	}
	t->base = vro_test_fail_alloc() ? NULL :
		  vmap(pages, t->nr, VM_MAP, PAGE_KERNEL);
	if (!t->base)
		goto free_pages;
	kvfree(pages);
	return 0;

free_pages:
	kvfree(pages);
free_pfx:
	kvfree(t->pfx);
	return ret;
}

/**
 * vro_text_stop_machine() - run @fn on every online CPU, the others stopped
 * @fn: what each CPU runs
 * @data: its argument
 *
 * Return: what stop_machine() returns.
 */
int vro_text_stop_machine(int (*fn)(void *data), void *data)
{
	return stop_machine(fn, data, cpu_online_mask);
}

/**
 * vro_text_close() - end a batch: drop the alias
 * @t: the batch's text
 *
 * vunmap() only queues the alias for a lazy purge: its TLB entries,
 * writable mappings of text, could stay until some later purge.
 * vm_unmap_aliases() purges every lazily unmapped area now and flushes the
 * TLBs.
 */
void vro_text_close(struct vro_text *t)
{
	vunmap(t->base);
	vm_unmap_aliases();
	kvfree(t->pfx);
}
