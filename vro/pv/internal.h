/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paravirt call patching, the engine's client: what the vro/pv/ files share.
 *
 * Every pv call site (VRO_KIND_CALL/JMP in a module's site table) is a 5-byte
 * "call/jmp rel32" that vrolink pointed at pv_tramp_<op>, followed, for a
 * callee-save op's asm site, by NOPs up to the op's site length (at most
 * VRO_PV_SITE_MAX). Once the op's set
 * is registered, every site of the set is a direct call/jmp to the selected
 * backend's function, or, at module COMING only, the backend's inline
 * template padded with a NOP. Everything here runs under vro_lock(): every
 * helper that reads or changes the op sets, their backends or the modules'
 * sites asserts it with vro_assert_locked() (lockdep_assert_held()). Only
 * the vro.pv text parsers, the instruction encoders and vro_pv_log_entries()
 * at load (before any set exists) run without it.
 *
 * Rules (Documentation/vro-pv.rst):
 *  - A site that holds a call/jmp may be retargeted while live (stop_machine
 *    in vro_patch_text()); a site that holds a template, or a template that
 *    would replace a live call, is never written: that switch is -EBUSY.
 *  - The selected backend's module is pinned (try_module_get) unless it is
 *    the set's owner, so "rmmod" of a backend in use is refused.
 */
#ifndef _VRO_PV_INTERNAL_H
#define _VRO_PV_INTERNAL_H

#include <linux/list.h>
#include <linux/types.h>
#include <linux/vro_pv.h>
#include "../internal.h"
#include "pv.h"

/**
 * struct vro_pv_site - vro.ko's view of one pv call site
 * @addr: first byte of the site
 * @name: the op's name (without __pv_)
 * @kind: VRO_KIND_CALL or VRO_KIND_JMP
 * @len: the site's bytes: the call/jmp and its NOPs
 * @op: the op once its set is registered, else NULL
 * @set: the op's set, else NULL
 * @idx: the op's index in @set
 * @cur: the bytes the site holds now
 * @inlined: @cur is a template
 */
struct vro_pv_site {
	u8 *addr;
	const char *name;
	u8 kind;
	u8 len;
	const struct vro_pv_op *op;
	struct vro_pv_set *set;
	unsigned int idx;
	u8 cur[VRO_PV_SITE_MAX];
	bool inlined;
};

/**
 * struct vro_pv_mod - the pv sites of one registered module
 * @vmod: the registry's record
 * @nr: number of @sites
 * @list: on vro_pv_mods
 * @sites: the sites
 */
struct vro_pv_mod {
	struct vro_module *vmod;
	unsigned int nr;
	struct list_head list;
	struct vro_pv_site sites[];
};

/* Longest op set or backend name vro.pv may give, with its NUL. */
#define VRO_PV_NAME_MAX	64

/**
 * struct vro_pv_entry - one comma-separated entry of vro.pv
 * @text: the entry as written
 * @len: its length
 * @set: the op set it names, NULL for a bare backend name
 * @set_len: length of @set
 * @name: the backend's name
 * @name_len: length of @name
 * @why: NULL if the entry is well formed, else what is wrong with it
 */
struct vro_pv_entry {
	const char *text;
	size_t len;
	const char *set;
	size_t set_len;
	const char *name;
	size_t name_len;
	const char *why;
};

/* How vro_pv_retarget() and vro_pv_switch() treat the sites of a set. */
enum {
	VRO_PV_UNBIND	= 1 << 0,	/* back to the trampolines, @b ignored */
	VRO_PV_KEEP_TMPL	= 1 << 1,	/* leave a live template, not -EBUSY */
	VRO_PV_NOFAIL	= 1 << 2,	/* no batch memory: site by site */
};

/* registry.c: the registered op sets and the modules' pv sites. */
extern struct list_head vro_pv_sets;
extern struct list_head vro_pv_mods;

/* parse.c: the vro.pv text and its grammar */
extern char vro_pv_param[256];
bool vro_pv_next_entry(const char **pp, struct vro_pv_entry *e);
struct vro_pv_set *vro_pv_entry_set(const struct vro_pv_entry *e);
bool vro_pv_wanted(const char *text, const struct vro_pv_set *set,
		   char *buf);

/* param.c: vro.pv at load and its run-time writes */
void vro_pv_log_entries(bool bad, bool unmatched);
void vro_pv_param_ready(void);

/* select.c */
struct vro_pv_backend *vro_pv_find_backend(struct vro_pv_set *set,
					   const char *name);
struct vro_pv_backend *vro_pv_default(struct vro_pv_set *set);
struct vro_pv_backend *vro_pv_choose(struct vro_pv_set *set, bool warn);
void *vro_pv_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		unsigned int idx);
void *vro_pv_site_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		     unsigned int idx);
const struct vro_pv_impl *vro_pv_impl_of(struct vro_pv_backend *b,
					 const char *op);

/* insn.c */
bool vro_pv_ibt_target_ok(const void *fn);
void vro_pv_note_call_depth(void);
u8 vro_pv_opcode(u8 kind);
int vro_pv_encode_branch(u8 *buf, const u8 *addr, u8 kind, void *fn);
void *vro_pv_decode_branch(const u8 *buf, const u8 *addr);
unsigned int vro_pv_op_len(const struct vro_pv_op *op);
int vro_pv_site_branch(const struct vro_pv_site *s, void *fn, u8 *buf);
int vro_pv_site_bytes(struct vro_pv_site *s, struct vro_pv_backend *b,
		      bool tmpl_ok, u8 *buf, bool *inlined);

/* switch.c */
void vro_pv_patch_site(struct vro_patch *p, const struct vro_pv_site *s);
int vro_pv_retarget(struct vro_pv_set *set, struct vro_pv_backend *b,
		    unsigned int how);
void vro_pv_unpin(struct vro_pv_backend *old);
void vro_pv_unlocked(void);
int vro_pv_switch(struct vro_pv_set *set, struct vro_pv_backend *b,
		  unsigned int how);

/* registry.c */
int vro_pv_bind_site(struct vro_pv_site *s);
void vro_pv_forget_set(struct vro_pv_set *set);
int vro_pv_drop_backend(struct vro_pv_backend *b, bool going);

/* check.c (vro.pv_check_cs) */
extern void *vro_pv_check_fns[];
extern const u8 vro_pv_check_0_0[];	/* the first checking slot (asm) */
void vro_pv_check_report(unsigned long i, const unsigned long *before,
			 const unsigned long *after);
void *vro_pv_check_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		      unsigned int idx, void *fn);

/* debugfs.c */
void vro_pv_debugfs_init(void);
void vro_pv_debugfs_exit(void);

#endif /* _VRO_PV_INTERNAL_H */
