/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paravirt call patching: what the vro/pv_*.c files share.
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
 * the vro.pv text parsers, the instruction encoders and pv_log_entries()
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
#include "internal.h"
#include "pv_client.h"

/**
 * struct pv_site - vro.ko's view of one pv call site
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
struct pv_site {
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
 * struct pv_mod - the pv sites of one registered module
 * @vm: the registry's record
 * @nr: number of @sites
 * @list: on pv_mods
 * @sites: the sites
 */
struct pv_mod {
	struct vro_module *vm;
	unsigned int nr;
	struct list_head list;
	struct pv_site sites[];
};

/* Longest op set or backend name vro.pv may give, with its NUL. */
#define PV_NAME_MAX	64

/**
 * struct pv_entry - one comma-separated entry of vro.pv
 * @text: the entry as written
 * @len: its length
 * @set: the op set it names, NULL for a bare backend name
 * @set_len: length of @set
 * @name: the backend's name
 * @name_len: length of @name
 * @why: NULL if the entry is well formed, else what is wrong with it
 */
struct pv_entry {
	const char *text;
	size_t len;
	const char *set;
	size_t set_len;
	const char *name;
	size_t name_len;
	const char *why;
};

/* How pv_retarget() and pv_switch() treat the sites of a set. */
enum {
	PV_UNBIND	= 1 << 0,	/* back to the trampolines, @b ignored */
	PV_KEEP_TMPL	= 1 << 1,	/* leave a live template, not -EBUSY */
	PV_NOFAIL	= 1 << 2,	/* no batch memory: site by site */
};

/* pv_registry.c: the registered op sets and the modules' pv sites. */
extern struct list_head pv_sets;
extern struct list_head pv_mods;

/* pv_param.c: the vro.pv text. */
extern char pv_param[256];

/* pv_param.c */
bool pv_next_entry(const char **pp, struct pv_entry *e);
struct vro_pv_set *pv_entry_set(const struct pv_entry *e);
bool pv_wanted(const char *text, const struct vro_pv_set *set,
	       char *buf);
void pv_log_entries(bool bad, bool unmatched);
void pv_param_ready(void);

/* pv_select.c */
struct vro_pv_backend *pv_find_backend(struct vro_pv_set *set,
				       const char *name);
struct vro_pv_backend *pv_default(struct vro_pv_set *set);
struct vro_pv_backend *pv_choose(struct vro_pv_set *set, bool warn);
void *pv_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
	    unsigned int idx);
void *pv_site_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		 unsigned int idx);
const struct vro_pv_impl *pv_impl(struct vro_pv_backend *b,
				  const char *op);

/* pv_insn.c */
u8 pv_opcode(u8 kind);
int pv_encode_branch(u8 *buf, const u8 *addr, u8 kind, void *fn);
void *pv_decode_branch(const u8 *buf, const u8 *addr);
unsigned int pv_op_len(const struct vro_pv_op *op);
int pv_site_branch(const struct pv_site *s, void *fn, u8 *buf);
int pv_site_bytes(struct pv_site *s, struct vro_pv_backend *b,
		  bool tmpl_ok, u8 *buf, bool *inlined);

/* pv_switch.c */
void pv_patch_site(struct vro_patch *p, const struct pv_site *s);
int pv_retarget(struct vro_pv_set *set, struct vro_pv_backend *b,
		unsigned int how);
void pv_unpin(struct vro_pv_backend *old);
void vro_pv_unlocked(void);
int pv_switch(struct vro_pv_set *set, struct vro_pv_backend *b,
	      unsigned int how);

/* pv_registry.c */
int pv_bind_site(struct pv_site *s);
void pv_forget_set(struct vro_pv_set *set);
int pv_drop_backend(struct vro_pv_backend *b, bool going);

/* pv_check.c (vro.pv_check_cs) */
extern void *vro_pv_check_fns[];
extern const u8 vro_pv_check_0_0[];	/* the first checking slot (asm) */
void vro_pv_check_report(unsigned long i, const unsigned long *before,
			 const unsigned long *after);
void *pv_check_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		  unsigned int idx, void *fn);

/* pv_debugfs.c */
void pv_debugfs_init(void);
void pv_debugfs_exit(void);

#endif /* _VRO_PV_INTERNAL_H */
