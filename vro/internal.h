/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the engine's files share, and what its client (the pv half,
 * vro/pv/) may use. The engine is a stack of layers; a file calls only
 * into its own layer or the ones below it:
 *
 *   value.c      the value rule, the user-space grammar, formatting
 *   client.c     the one lock (vro_lock()) and the client's hooks
 *   registry.c   registered variables and site tables, sealing
 *   sitetable.c  site-table validation, the first write of value sites
 *   patch.c      text writes (text_alias.c in vro.ko, text_poke.c built
 *                in; kprobe_guard.c), fault.c (test hooks)
 *   derive.c     derived VROs, the plain build's store
 *   txn.c        updates: vro_set(), vro_set_items(), one batch each
 *   param.c, build.c, debugfs.c, vmlinux.c
 *                the kernel_param ops and hidden parameters, the plain and
 *                const builds' writes, debugfs, vmlinux's own VROs
 *   module.c     the module notifier
 *   main.c       init and exit: the only file naming engine and client
 *
 * The ops of the hidden parameters (param.c) are markers any layer may
 * compare a kernel_param against.
 */
#ifndef _VRO_INTERNAL_H
#define _VRO_INTERNAL_H

#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/vro.h>

#define VRO_INSN_MAX	16	/* x86 instructions are at most 15 bytes */

#ifndef MODULE
/* Every built-in object's site table, one after another (vmlinux.lds.h). */
extern const u8 __start_vro_module[], __stop_vro_module[];
/* vmlinux.c: the first of vmlinux's site tables (reserved.c walks them) */
extern const struct vro_module_desc *vro_vmlinux_first;
#endif

/* The name of @var without its "__vro_" prefix, for messages. */
static inline const char *vro_var_name(const struct vro_var *var)
{
	return var->name + strlen(VRO_VALUE_PREFIX);
}

/* The name of the code that owns something: a module, or vmlinux (NULL). */
static inline const char *vro_owner_name(const struct module *mod)
{
	return mod ? mod->name : "vmlinux";
}

/*
 * The kernel parameters of @mod (through which DEFINE_VRO() and
 * DECLARE_VRO() announce themselves), or with @mod NULL those built into
 * vmlinux. Their number; the array in @kp.
 */
static inline unsigned int vro_kparams(const struct module *mod,
				       const struct kernel_param **kp)
{
#ifndef MODULE
	if (!mod) {
		*kp = __start___param;
		return __stop___param - __start___param;
	}
#endif
	*kp = mod->kp;
	return mod->num_kp;
}

/**
 * struct vro_module - a registered module's site table (or one object's of vmlinux)
 * @mod: the module; NULL for an object built into vmlinux (vmlinux.c)
 * @desc: its descriptor in .vro_module (filled by vrolink)
 * @sites: desc + desc->sites_off
 * @names: desc + desc->names_off
 * @vars: per site, the variable a value site holds; NULL for pv sites and
 *	  for sites forgotten at MODULE_STATE_LIVE
 * @gone: bitmap, per site: it was in the module's init text, now freed;
 *	  never read or write such a site (see vro_site_live())
 * @insns: per value site, its whole instruction as vro.ko wrote it at load
 *	   (the field bytes in it are not used: see struct vro_patch)
 * @by_var: the indices of the value sites, those of one variable together
 *	    (each struct vro_var_use is a range of it)
 * @uses: per variable the module reads, its sites here
 * @nr_uses: entries in @uses
 * @list: on the list of registered modules
 */
struct vro_module {
	struct module *mod;
	const struct vro_module_desc *desc;
	const struct vro_site *sites;
	const char *names;
	struct vro_var **vars;
	unsigned long *gone;
	u8 (*insns)[VRO_INSN_MAX];
	unsigned int *by_var;
	struct vro_var_use *uses;
	unsigned int nr_uses;
	struct list_head list;
};

/**
 * struct vro_var_use - the live sites of one variable in one module
 * @node: on the variable's @uses list (struct vro_var)
 * @var: the variable; NULL once it went away before this reader (one
 *	 built without DECLARE_VRO(), vro_unregister_var())
 * @vmod: the module
 * @first: where its sites start in @vmod->by_var
 * @nr: how many there are (0 once all are gone)
 *
 * As static_key_mod and static_call_mod do for keys and calls: vro_set()
 * of a variable walks its own sites, never every site of every module.
 */
struct vro_var_use {
	struct hlist_node node;
	struct vro_var *var;
	struct vro_module *vmod;
	unsigned int first;
	unsigned int nr;
};

/* Whether site @i of @vmod still exists (init text is freed after init). */
static inline bool vro_site_live(const struct vro_module *vmod, unsigned int i)
{
	return !test_bit(i, vmod->gone);
}

/* vro_site.field is relative to its own address (filled by the loader). */
static inline void *vro_site_addr(const struct vro_site *s)
{
	return (void *)((unsigned long)&s->field + (long)s->field);
}

/* The symbol a site refers to: "__vro_<name>" or "__pv_<op>". */
static inline const char *vro_site_name(const struct vro_module *vmod,
					const struct vro_site *s)
{
	return vmod->names + s->name;
}

/* Width in bytes of the field a site's relocation type covers. */
static inline unsigned int vro_site_width(const struct vro_site *s)
{
	if (s->type == VRO_RELOC_8)
		return 1;
	return s->type == VRO_RELOC_64 ? 8 : 4;
}

/* Is @s a pv call or jump site (a client's), not a value site? */
static inline bool vro_site_is_pv(const struct vro_site *s)
{
	return s->kind == VRO_KIND_CALL || s->kind == VRO_KIND_JMP;
}

/* The largest count a shift site takes (vro_shift.h), 0 for other sites. */
static inline unsigned int vro_site_shift_max(const struct vro_site *s)
{
	if (s->kind == VRO_KIND_SHIFT32)
		return 31;
	return s->kind == VRO_KIND_SHIFT64 ? 63 : 0;
}

/**
 * struct vro_patch - one text write of a batch
 * @addr: first byte to write (kernel text of a module)
 * @insn: NULL, or the whole instruction around @addr as vro.ko wrote it:
 *	  every byte of it outside [@addr, @addr + @len) must still be there,
 *	  or the whole batch is refused with -EBUSY (someone else, e.g. a
 *	  kprobe, changed the instruction)
 * @len: bytes to write, at most sizeof(@new)
 * @insn_off: with @insn: bytes from the instruction's start to @addr
 * @insn_len: with @insn: the instruction's length
 * @old: bytes that must be there now, or the whole batch is refused
 * @new: bytes to write
 */
struct vro_patch {
	void *addr;
	const u8 *insn;
	unsigned int len;
	u8 insn_off;
	u8 insn_len;
	u8 old[16];
	u8 new[16];
};

/* The bytes a patch covers: its whole instruction if it has one. */
static inline void vro_patch_span(const struct vro_patch *p,
				  unsigned long *start, unsigned long *end)
{
	*start = (unsigned long)p->addr;
	*end = *start + p->len;
	if (p->insn) {
		*start -= p->insn_off;
		*end = *start + p->insn_len;
	}
}

/**
 * struct vro_text - the text of one batch, while it is being patched
 * @pfx: text_alias.c: the batch's page addresses, sorted, unique
 * @nr: text_alias.c: how many
 * @base: text_alias.c: vmap() of those pages, in that order
 *
 * text_poke.c (built into vmlinux) needs no state: it holds text_mutex.
 */
struct vro_text {
	unsigned long *pfx;
	unsigned int nr;
	void *base;
};

/* text_alias.c (vro.ko) or text_poke.c (built in): see either file */
bool vro_text_ok(const void *addr, unsigned int len);
int vro_text_open(struct vro_text *t, const struct vro_patch *p,
		  unsigned int n);
const u8 *vro_text_view(const struct vro_text *t, const void *addr);
void vro_text_write(struct vro_text *t, void *addr, const void *src,
		    unsigned int len, bool live);
int vro_text_stop_machine(int (*fn)(void *data), void *data);
void vro_text_close(struct vro_text *t);

/*
 * kprobe_guard.c (vro.ko) or text_poke.c (built in, where kprobes ask
 * vro_text_reserved() instead): -EBUSY if a registered kprobe, armed or
 * not, may hold a copy of a patched instruction. vro_lock() held.
 */
int vro_text_unprobed(const struct vro_patch *p, unsigned int n);

/*
 * vro_patch_text - check then write a batch of text patches.
 * @live false: the code is not reachable yet (module in COMING state,
 * vmlinux at boot): write directly. @live true: check and
 * write every patch of the batch inside one stop_machine() and serialize
 * every CPU. One patch whose @insn bytes changed refuses the whole batch
 * with -EBUSY, one whose @old bytes are not there with -EINVAL; the site is
 * named (%pS) and nothing is written. Caller holds vro_lock().
 */
int vro_patch_text(struct vro_patch *p, unsigned int n, bool live);

extern struct mutex vro_mutex;

/* fault.c: test hooks (debugfs vro/pv_fail_mask), only with VRO_TEST_HOOKS */
struct dentry;
#ifdef VRO_TEST_HOOKS
bool vro_test_fail_alloc(void);
void vro_test_fault_window(bool on);
void vro_test_fault_debugfs(struct dentry *dir, bool add);
#else
static inline bool vro_test_fail_alloc(void)
{
	return false;
}

static inline void vro_test_fault_window(bool on)
{
}

static inline void vro_test_fault_debugfs(struct dentry *dir, bool add)
{
}
#endif

void vro_lock(void);
void vro_unlock(void);

/**
 * struct vro_client - the hooks of the engine's client (the pv half)
 * @coming: @vmod's table is validated and its value sites written, its
 *	    module cannot run yet: take its call and jump sites. A non-zero
 *	    errno refuses the module; the engine then undoes its own part.
 * @going: @vmod's module is going: forget its sites (the engine frees
 *	   @vmod next)
 * @gone: @mod is going and its sites are gone: drop what it left
 *	  registered with the client
 * @unlocked: called by vro_unlock() once the lock is dropped; may be NULL
 *
 * Every hook but @unlocked is called with vro_lock() held.
 */
struct vro_client {
	int (*coming)(struct vro_module *vmod);
	void (*going)(struct vro_module *vmod);
	void (*gone)(struct module *mod);
	void (*unlocked)(void);
};

/* client.c: the client's registration and the hooks the engine calls */
int vro_client_register(const struct vro_client *c);
void vro_client_unregister(const struct vro_client *c);
int vro_client_coming(struct vro_module *vmod);
void vro_client_going(struct vro_module *vmod);
void vro_client_gone(struct module *mod);

/* Where a function assumes vro_lock() is held. */
static inline void vro_assert_locked(void)
{
	lockdep_assert_held(&vro_mutex);
}

/* Why a 64-bit value in its type is refused (vro_var_narrow_ok()). */
#define VRO_NARROW_HINT							\
	" or its range [-2^31, 2^31) (define it with DEFINE_VRO_WIDE() and read it with vro_wide())"

/* value.c: the value rule, the user-space grammar, formatting */
bool vro_var_fits(const struct vro_var *var, u64 raw, bool is_signed);
bool vro_var_narrow_ok(const struct vro_var *var, u64 raw);
bool vro_boot_open(u8 flags, bool vmlinux, enum system_states state);
int vro_site_encode(const struct vro_var *var, const struct vro_site *s,
		    u64 value, u8 *out);
int vro_parse_bool(const char *buf, bool *res);
int vro_parse(const struct vro_var *var, const char *buf, u64 *raw,
	      bool *is_signed);
int vro_user_value(const struct vro_var *var, const char *val,
		   u64 *raw, bool *is_signed);
int vro_format(const struct vro_var *var, u64 value, char *buf, size_t size);
const char *vro_type_name_of(u8 size, u8 flags, char *buf);
const char *vro_type_name(const struct vro_var *var, char *buf);

/*
 * registry.c: variables and modules (vro_lock() held where a function
 * walks or changes the registry).
 */
const char *vro_var_state(const struct vro_var *var);
bool vro_var_boot_open(const struct vro_var *var);
/*
 * Is @var on the list of registered variables? Decided by the list, not by
 * @var's fields. A registered variable whose @owner is NULL is vmlinux's.
 */
bool vro_var_registered(const struct vro_var *var);
struct vro_var *vro_find_var(const char *name);
struct vro_var *vro_find_user_name(const char *name);
/* Callbacks of vro_for_each_var() and vro_for_each_site(). */
typedef void (*vro_var_fn_t)(struct vro_var *var, void *data);
typedef void (*vro_site_fn_t)(struct vro_module *vmod, unsigned int i, void *data);
void vro_for_each_var(vro_var_fn_t fn, void *data);
void vro_for_each_site(vro_site_fn_t fn, void *data);

int vro_register_var(struct module *mod, struct vro_var *var);
void vro_unregister_var(struct vro_var *var);
struct vro_module *vro_find_vmod(struct module *mod);
void vro_add_vmod(struct vro_module *vmod);
void vro_for_each_vmod(void (*fn)(struct vro_module *vmod, void *data),
		       void *data);
int vro_uses_build(struct vro_module *vmod);
void vro_uses_link(struct vro_module *vmod);
void vro_uses_unlink(struct vro_module *vmod);
void vro_uses_forget_gone(struct vro_module *vmod);
void vro_forget_init_sites(struct vro_module *vmod);

/* sitetable.c: a module's descriptor and sites, validated and written */
void vro_site_patch(const struct vro_module *vmod, unsigned int i,
		    struct vro_patch *p);
int vro_check_desc(struct module *mod, const struct vro_module_desc *d);
bool vro_desc_sane(struct module *mod, const struct vro_module_desc *d);
int vro_check_vmlinux_desc(const struct vro_module_desc *d, const void *start,
			   const void *stop);
struct vro_module *vro_alloc_vmod(struct module *mod,
				  const struct vro_module_desc *desc);
void vro_free_vmod(struct vro_module *vmod);
int vro_register_sites(struct vro_module *vmod);
#ifndef MODULE
const struct vro_module_desc *vro_next_desc(const struct vro_module_desc *d,
					    const u8 *stop);
#endif

/**
 * struct vro_txn - an update of several variables being prepared (txn.c)
 * @ent: every variable to write, members then derived ones, and its value
 * @ent.var: the variable
 * @ent.value: its new value (canonical: sign-extended if signed)
 * @n: entries used
 * @max: entries allocated
 * @mode: VRO_BUILD_VRO, or VRO_BUILD_PLAIN for build.c's variables
 */
struct vro_txn {
	struct vro_txn_ent {
		struct vro_var *var;
		u64 value;
	} *ent;
	unsigned int n, max;
	u8 mode;
};

/* derive.c: vro_lock() held */
int vro_derived_coming(struct module *mod);
void vro_derived_going(struct module *mod);
unsigned int vro_derived_count(void);
int vro_derived_each(int (*fn)(const struct vro_derive *d, void *arg),
		     void *arg);
int vro_derive_compute(const struct vro_derive *d, const u64 *v, u64 *out);
void vro_build_store(struct vro_build_var *bv, u64 v);

/* txn.c: updates; vro_lock() held where named _locked or said */
int vro_txn_prepare(const struct vro_item *items, unsigned int n, u8 mode,
		    struct vro_txn *t);
void vro_txn_free(struct vro_txn *t);
int vro_txn_set_locked(const struct vro_item *items, unsigned int n);
int vro_var_batch(struct vro_var *var, u64 value, struct vro_patch *p,
		  unsigned int *n);
int vro_set_named(const char *name, const char *val);

/* param.c: the hidden parameters of a module (NULL: vmlinux) */
int vro_register_vars(struct module *mod);
void vro_unregister_vars(struct module *mod, unsigned int nr);
const struct vro_module_desc *vro_find_desc(struct module *mod);
bool vro_uses_vros(struct module *mod);
int vro_check_decls(struct module *mod);

/* build.c: vro_lock() held */
int vro_build_set_items_locked(const struct vro_item *items, unsigned int n);

/**
 * struct vro_walk - what vro_vmlinux_walk() did
 * @nr: tables found
 * @refused: of which refused, none of their sites written
 * @nr_pv: pv sites of the tables written
 * @left: bytes not walked after a malformed header (0: walked to the end)
 */
struct vro_walk {
	unsigned int nr, refused, nr_pv;
	size_t left;
};

/* vmlinux.c (built in only): vmlinux's own VROs */
void vro_vmlinux_walk(const void *start, const void *stop, struct vro_walk *w);
void vro_vmlinux_boot(void);
int vro_vmlinux_late(void);
/* selftest.c (CONFIG_VRO_SELFTEST): mov $imm32, %eax (the field at +1); ret */
u32 vk_walk_read(void);

/* module.c: the module notifier */
int vro_module_notifier_register(void);
void vro_module_notifier_unregister(void);

/* debugfs.c: /sys/kernel/debug/vro/ */
void vro_debugfs_init(void);
void vro_debugfs_exit(void);
struct dentry *vro_debugfs_dir(void);

#endif /* _VRO_INTERNAL_H */
