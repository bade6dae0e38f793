// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing text from the vro core built into vmlinux
 * (CONFIG_VRO=y): the kernel's own text_poke() machinery, under
 * text_mutex, for vmlinux and module text alike. Replaces text_alias.c.
 *
 * A batch holds cpus_read_lock() and then text_mutex from open to close
 * (the order jump labels and static calls take them), so no other text
 * patcher (ftrace, jump labels, static calls, kprobes) writes between the
 * check of a batch and its write. A write to code that cannot run (a
 * coming module, vmlinux at boot) is one text_poke(). A write to live code
 * happens inside stop_machine(), on the one CPU that checks the batch while
 * the others spin with interrupts off; text_poke() there would assert that
 * the stopper thread holds text_mutex, which its initiator holds for it,
 * so the write uses text_poke_kgdb(): the same __text_poke(), made for
 * exactly this context (every other CPU stopped).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/cpu.h>
#include <linux/kernel.h>
#include <linux/memory.h>
#include <linux/module.h>
#include <linux/stop_machine.h>
#include <asm/sections.h>
#include <asm/text-patching.h>

#include "internal.h"

/**
 * vro_text_ok() - may vro write [@addr, @addr + @len)?
 * @addr: first byte
 * @len: bytes
 *
 * Return: true for vmlinux text (its init text until freed) and module
 * text.
 */
bool vro_text_ok(const void *addr, unsigned int len)
{
	unsigned long a = (unsigned long)addr, z = a + len - 1;

	if (!len || z < a)
		return false;
	if (core_kernel_text(a) && core_kernel_text(z))
		return true;
	if (is_kernel_inittext(a) && is_kernel_inittext(z))
		return true;
	return a >= MODULES_VADDR && z < MODULES_END;
}

/**
 * vro_text_view() - where text address @addr can be read in a batch
 * @t: the batch's text, opened by vro_text_open()
 * @addr: a byte of one of the batch's patches
 *
 * Return: @addr itself: text is readable in place.
 */
const u8 *vro_text_view(const struct vro_text *t, const void *addr)
{
	return addr;
}

/**
 * vro_text_write() - write bytes of a batch's text
 * @t: the batch's text
 * @addr: where (a byte of one of the batch's patches)
 * @src: the bytes
 * @len: how many
 * @live: inside the batch's stop_machine() (see the top of this file)
 */
void vro_text_write(struct vro_text *t, void *addr, const void *src,
		    unsigned int len, bool live)
{
	if (live)
		text_poke_kgdb(addr, src, len);
	else
		text_poke(addr, src, len);
}

/**
 * vro_text_open() - begin a batch: take cpus_read_lock() and text_mutex
 * @t: the batch's text (no state needed here)
 * @p: the patches
 * @n: how many
 *
 * Return: 0.
 */
int vro_text_open(struct vro_text *t, const struct vro_patch *p,
		  unsigned int n)
{
	cpus_read_lock();
	mutex_lock(&text_mutex);
	return 0;
}

/**
 * vro_text_stop_machine() - run @fn on every online CPU, the others stopped
 * @fn: what each CPU runs
 * @data: its argument
 *
 * Return: what stop_machine_cpuslocked() returns.
 */
int vro_text_stop_machine(int (*fn)(void *data), void *data)
{
	lockdep_assert_held(&text_mutex);
	return stop_machine_cpuslocked(fn, data, cpu_online_mask);
}

/**
 * vro_text_close() - end a batch: release text_mutex and the CPUs lock
 * @t: the batch's text
 */
void vro_text_close(struct vro_text *t)
{
	lockdep_assert_held(&text_mutex);
	mutex_unlock(&text_mutex);
	cpus_read_unlock();
}

/**
 * vro_text_unprobed() - refuse a batch whose instructions a kprobe has copied
 * @p: the patches
 * @n: how many
 *
 * Built in, no kprobe can be registered on a site: check_kprobe_address_safe()
 * and the optimizer ask vro_text_reserved() (kernel/patches/), so there is
 * nothing to look for.
 *
 * Return: 0.
 */
int vro_text_unprobed(const struct vro_patch *p, unsigned int n)
{
	return 0;
}
