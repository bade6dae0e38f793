// SPDX-License-Identifier: GPL-2.0
/*
 * vro.pv_check_cs: a debug check of the callee-save convention.
 *
 * With vro.pv_check_cs=1 every function that backs a callee-save op (a
 * backend's or the op's fallback) is reached through a checking thunk: the
 * sites and the trampoline call slot vro_pv_check_<h>_<l>, which puts the
 * slot's number (16 * h + l) in %rax (the one register such a site gives up) and jumps
 * to vro_pv_check_common. That saves every register the convention keeps
 * (all but %rax and %rsp), calls the function, compares, and if one
 * changed, reports the op set, backend, op and function once per slot and
 * puts the caller's values back. Templates are not calls and are not
 * checked. See Documentation/vro-pv.rst, "Checking callee-save functions".
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/moduleparam.h>
#include <linux/string.h>
#include "internal.h"

static bool pv_check_cs;
module_param_named(pv_check_cs, pv_check_cs, bool, 0444);
MODULE_PARM_DESC(pv_check_cs, "call every callee-save pv function through a thunk that reports a clobbered register (debug)");

#define VRO_PV_CHECK_SLOTS		64
#define VRO_PV_CHECK_SLOT_SIZE	16
#define VRO_PV_CHECK_NR_REGS	14

/* The function each slot calls; read by vro_pv_check_common. */
void *vro_pv_check_fns[VRO_PV_CHECK_SLOTS];

/**
 * struct vro_pv_check_slot - whom a checking slot calls, for its report
 * @set: the op set (a key only: never dereferenced outside the lock)
 * @b: the backend, NULL for the op's fallback (a key, as @set)
 * @idx: the op's index in @set
 * @used: the slot was handed out
 * @reported: a clobber was reported (once per slot)
 * @set_name: copies of the names, for a report from any context
 * @b_name: the backend's name, "(fallback)" for the op's fallback
 * @op_name: the op's name
 */
struct vro_pv_check_slot {
	const struct vro_pv_set *set;
	const struct vro_pv_backend *b;
	unsigned int idx;
	bool used;
	bool reported;
	char set_name[VRO_PV_NAME_MAX];
	char b_name[VRO_PV_NAME_MAX];
	char op_name[VRO_PV_NAME_MAX];
};

static struct vro_pv_check_slot vro_pv_check_slots[VRO_PV_CHECK_SLOTS];

/* The registers vro_pv_check_common saves, in the order they sit in memory. */
static const char *const vro_pv_check_regs[VRO_PV_CHECK_NR_REGS] = {
	"r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8",
	"rbp", "rdi", "rsi", "rdx", "rcx", "rbx",
};

#if VRO_PV_RETPOLINE
#define VRO_PV_CHECK_CALL_RAX	"call __x86_indirect_thunk_rax\n"
#else
#define VRO_PV_CHECK_CALL_RAX	"call *%rax\n"
#endif

#define VRO_PV_CHECK_PUSH							\
	"push %rbx\n push %rcx\n push %rdx\n push %rsi\n"		\
	"push %rdi\n push %rbp\n push %r8\n push %r9\n"			\
	"push %r10\n push %r11\n push %r12\n push %r13\n"		\
	"push %r14\n push %r15\n"
#define VRO_PV_CHECK_POP							\
	"pop %r15\n pop %r14\n pop %r13\n pop %r12\n"			\
	"pop %r11\n pop %r10\n pop %r9\n pop %r8\n"			\
	"pop %rbp\n pop %rdi\n pop %rsi\n pop %rdx\n"			\
	"pop %rcx\n pop %rbx\n"

/*
 * vro_pv_check_common: %eax = slot; the stack holds the site's return
 * address only. Saved image ("before"): 14 registers, then the slot at
 * 0(%rsp). After the call each register is compared with its copy; on a
 * difference the current ones ("after") are pushed too, the report is
 * called with (slot, before, after), and the caller's values are popped.
 */
asm(".pushsection .text, \"ax\"\n"
	".globl vro_pv_check_common\n"
	".type vro_pv_check_common, @function\n"
	VRO_PV_FUNC_ALIGN
	"vro_pv_check_common:\n"
	VRO_PV_CHECK_PUSH
	"push %rax\n"
	"mov vro_pv_check_fns(,%rax,8), %rax\n"
	VRO_PV_CHECK_CALL_RAX
	"cmp %r15, 8(%rsp)\n jne 1f\n"
	"cmp %r14, 16(%rsp)\n jne 1f\n"
	"cmp %r13, 24(%rsp)\n jne 1f\n"
	"cmp %r12, 32(%rsp)\n jne 1f\n"
	"cmp %r11, 40(%rsp)\n jne 1f\n"
	"cmp %r10, 48(%rsp)\n jne 1f\n"
	"cmp %r9, 56(%rsp)\n jne 1f\n"
	"cmp %r8, 64(%rsp)\n jne 1f\n"
	"cmp %rbp, 72(%rsp)\n jne 1f\n"
	"cmp %rdi, 80(%rsp)\n jne 1f\n"
	"cmp %rsi, 88(%rsp)\n jne 1f\n"
	"cmp %rdx, 96(%rsp)\n jne 1f\n"
	"cmp %rcx, 104(%rsp)\n jne 1f\n"
	"cmp %rbx, 112(%rsp)\n jne 1f\n"
	"add $8, %rsp\n"
	VRO_PV_CHECK_POP
	ASM_RET
	"1:\n"
	"push %rax\n"
	VRO_PV_CHECK_PUSH
	"mov 120(%rsp), %rdi\n"
	"lea 128(%rsp), %rsi\n"
	"mov %rsp, %rdx\n"
	"call vro_pv_check_report\n"
	"add $112, %rsp\n"
	"pop %rax\n"
	"add $8, %rsp\n"
	VRO_PV_CHECK_POP
	ASM_RET
	".size vro_pv_check_common, . - vro_pv_check_common\n"
	/*
	 * slot 16 * h + l: "[endbr64;] mov $slot, %eax; jmp common", 16 bytes
	 * apart (a trampoline may jump to a slot: ENDBR under IBT)
	 */
	".irp h, 0, 1, 2, 3\n"
	".irp l, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
	".type vro_pv_check_\\h\\()_\\l, @function\n"
	".balign " __stringify(VRO_PV_CHECK_SLOT_SIZE) ", 0xcc\n"
	"vro_pv_check_\\h\\()_\\l:\n"
	ASM_ENDBR
	"mov $(16 * \\h + \\l), %eax\n"
	"jmp vro_pv_check_common\n"
	".size vro_pv_check_\\h\\()_\\l, . - vro_pv_check_\\h\\()_\\l\n"
	".endr\n"
	".endr\n"
	".popsection\n");

/* The address of slot @i. */
static void *vro_pv_check_slot_addr(unsigned int i)
{
	return (void *)(vro_pv_check_0_0 + i * VRO_PV_CHECK_SLOT_SIZE);
}

/* The slot @addr is, or -1. */
static int vro_pv_check_slot_of(const void *addr)
{
	unsigned long off = (unsigned long)addr - (unsigned long)vro_pv_check_0_0;

	if (off >= VRO_PV_CHECK_SLOTS * VRO_PV_CHECK_SLOT_SIZE ||
	    off % VRO_PV_CHECK_SLOT_SIZE)
		return -1;
	return off / VRO_PV_CHECK_SLOT_SIZE;
}

/**
 * vro_pv_check_report() - report a callee-save function that clobbered
 * @i: the slot it was called through
 * @before: the registers at the site (vro_pv_check_regs[] order)
 * @after: the same registers when the function returned
 *
 * Called by vro_pv_check_common only, in any context; once per slot.
 */
void vro_pv_check_report(unsigned long i, const unsigned long *before,
			 const unsigned long *after)
{
	struct vro_pv_check_slot *c;
	char buf[256];
	size_t len = 0;
	unsigned int r;

	if (i >= VRO_PV_CHECK_SLOTS)
		return;
	c = &vro_pv_check_slots[i];
	if (READ_ONCE(c->reported))
		return;
	WRITE_ONCE(c->reported, true);
	for (r = 0; r < VRO_PV_CHECK_NR_REGS; r++)
		if (before[r] != after[r])
			len += scnprintf(buf + len, sizeof(buf) - len,
					 "%s%%%s %#lx -> %#lx", len ? ", " : "",
					 vro_pv_check_regs[r], before[r], after[r]);
	pr_err("callee-save check: op set '%s' backend '%s' op '%s': %pS changed %s; a callee-save function keeps every register but %%rax: give a C function through its thunk (DEFINE_PV_THUNK()) or fix the hand-written one (the caller's values are restored; reported once)\n",
	       c->set_name, c->b_name, c->op_name,
	       READ_ONCE(vro_pv_check_fns[i]), buf);
}

/* Whether slot @c's backend (or fallback) is still registered. */
static bool vro_pv_check_live(const struct vro_pv_check_slot *c)
{
	struct vro_pv_set *set;
	struct vro_pv_backend *b;

	vro_assert_locked();
	list_for_each_entry(set, &vro_pv_sets, list) {
		if (set != c->set)
			continue;
		if (!c->b)
			return true;
		list_for_each_entry(b, &set->backends, list)
			if (b == c->b)
				return true;
	}
	return false;
}

/* A slot for a new function: one never used, else one no longer live. */
static int vro_pv_check_alloc(void)
{
	unsigned int i;

	vro_assert_locked();
	for (i = 0; i < VRO_PV_CHECK_SLOTS; i++)
		if (!vro_pv_check_slots[i].used)
			return i;
	for (i = 0; i < VRO_PV_CHECK_SLOTS; i++)
		if (!vro_pv_check_live(&vro_pv_check_slots[i]))
			return i;
	return -1;
}

/**
 * vro_pv_check_fn() - what sites and trampolines reach for a function
 * @set: the op set
 * @b: the backend, NULL for the op's fallback
 * @idx: the op's index in @set
 * @fn: the function (vro_pv_fn())
 *
 * Return: @fn, or with vro.pv_check_cs=1 and a callee-save op, the
 * checking slot that calls it (@fn itself, logged, if none is left).
 */
void *vro_pv_check_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		      unsigned int idx, void *fn)
{
	struct vro_pv_check_slot *c;
	int i;

	vro_assert_locked();
	if (!pv_check_cs || !set->ops[idx]->callee_save)
		return fn;
	for (i = 0; i < VRO_PV_CHECK_SLOTS; i++) {
		c = &vro_pv_check_slots[i];
		if (c->used && c->set == set && c->b == b && c->idx == idx &&
		    vro_pv_check_fns[i] == fn && vro_pv_check_live(c))
			return vro_pv_check_slot_addr(i);
	}
	i = vro_pv_check_alloc();
	if (i < 0) {
		pr_err_once("callee-save check: all %d checking slots in use: %ps of op '%s' and later ones are not checked\n",
			    VRO_PV_CHECK_SLOTS, fn, set->ops[idx]->name);
		return fn;
	}
	c = &vro_pv_check_slots[i];
	c->set = set;
	c->b = b;
	c->idx = idx;
	c->used = true;
	WRITE_ONCE(c->reported, false);
	strscpy(c->set_name, set->name, sizeof(c->set_name));
	strscpy(c->b_name, b ? b->name : "(fallback)", sizeof(c->b_name));
	strscpy(c->op_name, set->ops[idx]->name, sizeof(c->op_name));
	WRITE_ONCE(vro_pv_check_fns[i], fn);
	return vro_pv_check_slot_addr(i);
}

/**
 * vro_pv_checked_fn() - the function a checking slot calls
 * @addr: a function address, e.g. a pv site's target
 *
 * With vro.pv_check_cs=1 the sites and trampolines of callee-save ops
 * reach checking slots (vro_pv_check_<n> in vro) instead of their
 * functions; this maps such a slot back to the function it calls.
 *
 * Return: that function, or NULL if @addr is not a checking slot.
 */
void *vro_pv_checked_fn(const void *addr)
{
	int i = vro_pv_check_slot_of(addr);

	return i < 0 ? NULL : READ_ONCE(vro_pv_check_fns[i]);
}
EXPORT_SYMBOL_GPL(vro_pv_checked_fn);
