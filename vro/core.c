// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of very-read-only variables and site tables.
 *
 * A module notifier finds a module's variables and site table through its
 * hidden parameters (see <linux/vro.h>) at MODULE_STATE_COMING, writes every
 * site's value before any of the module's code can run, forgets the sites
 * of the init text at MODULE_STATE_LIVE and removes everything of the module
 * at MODULE_STATE_GOING. vro_set() re-patches all sites of a variable in one
 * batch; set_very_readonly() seals.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* The sizes Documentation/vro.rst (Memory) gives. */
static_assert(sizeof(struct vro_site) == 16);
static_assert(sizeof(struct vro_var) == 56);
static_assert(sizeof(struct vro_patch) == 56);
static_assert(sizeof(struct vro_module_desc) == 32);

static LIST_HEAD(vro_vars);		/* struct vro_var.list */
static LIST_HEAD(vro_modules);		/* struct vro_module.list */
static bool vro_sealed;

/* ---- values ---------------------------------------------------------- */

/**
 * vro_var_fits - check a value against a variable's C type
 * @var: the variable
 * @raw: the value, as 64 bits
 * @is_signed: @raw came from a signed type (so bit 63 means negative)
 *
 * Return: true if the value is representable in the variable's type.
 */
bool vro_var_fits(const struct vro_var *var, u64 raw, bool is_signed)
{
	unsigned int bits = var->size * 8;
	bool neg = is_signed && (s64)raw < 0;

	if (var->flags & VRO_VAR_BOOL)
		return !neg && raw <= 1;
	if (!(var->flags & VRO_VAR_SIGNED))
		return !neg && (bits == 64 || raw < BIT_ULL(bits));
	if (bits == 64)
		return neg || (s64)raw >= 0;
	if (neg)
		return (s64)raw >= -(s64)BIT_ULL(bits - 1);
	return raw < BIT_ULL(bits - 1);
}

/**
 * vro_site_encode - the field bytes of a site for a value (value rule)
 * @var: the variable the site reads
 * @s: the site
 * @value: the variable's value (canonical: sign-extended if signed)
 * @out: receives vro_site_width(@s) bytes
 *
 * The field holds the low bytes of value + addend. For a 64-bit C type the
 * field must reproduce that sum exactly: 32S fields take [-2^31, 2^31),
 * 32 fields [0, 2^32). Types of 32 bits or fewer use the low bits only.
 *
 * Return: 0, or -ERANGE if the value does not fit the field.
 */
int vro_site_encode(const struct vro_var *var, const struct vro_site *s,
		    u64 value, u8 *out)
{
	u64 v = value + (s64)s->addend;

	if (var->size == 8 && s->type == VRO_RELOC_32S && (s64)v != (s32)v)
		return -ERANGE;
	if (var->size == 8 && s->type == VRO_RELOC_32 && v != (u32)v)
		return -ERANGE;
	memcpy(out, &v, vro_site_width(s));	/* x86 is little-endian */
	return 0;
}

/**
 * vro_var_state - "open", "read-mostly" or "sealed"
 * @var: the variable
 *
 * Return: the state's name.
 */
const char *vro_var_state(const struct vro_var *var)
{
	if (var->flags & VRO_VAR_MOSTLY)
		return "read-mostly";
	return vro_sealed ? "sealed" : "open";
}

/*
 * Where site @i of @vm is written, and the rest of its instruction as vro.ko
 * wrote it, which must still be there (a kprobe on it would run a copy).
 */
static void vro_site_patch(const struct vro_module *vm, unsigned int i,
			   struct vro_patch *p)
{
	const struct vro_site *s = &vm->sites[i];

	p->addr = vro_site_addr(s);
	p->len = vro_site_width(s);
	p->insn = vm->insns[i];
	p->insn_off = s->insn_off;
	p->insn_len = s->insn_len;
}

/*
 * Build the batch that moves every site of @var from its value to @value:
 * at most @var->nr_sites patches in @p, their number in @n.
 */
int vro_var_batch(struct vro_var *var, u64 value, struct vro_patch *p,
		  unsigned int *n)
{
	struct vro_module *vm;
	unsigned int i, k = 0;
	int ret;

	vro_assert_locked();
	list_for_each_entry(vm, &vro_modules, list) {
		for (i = 0; i < vm->desc->nr_sites; i++) {
			const struct vro_site *s = &vm->sites[i];

			if (vm->vars[i] != var)
				continue;
			if (WARN_ON_ONCE(k >= var->nr_sites))
				return -EINVAL;
			vro_site_patch(vm, i, &p[k]);
			ret = vro_site_encode(var, s, var->value, p[k].old);
			if (!ret)
				ret = vro_site_encode(var, s, value, p[k].new);
			if (ret) {
				pr_info_ratelimited("%s: value %#llx does not fit site %pS (reloc type %u, addend %d); nothing patched\n",
					var->name, value, p[k].addr, s->type, s->addend);
				return ret;
			}
			k++;
		}
	}
	*n = k;
	return 0;
}

/* Caller holds vro_lock(). A one-member update (txn.c). */
static int vro_set_locked(struct vro_var *var, u64 raw, bool is_signed)
{
	const struct vro_item it = {
		.var = var, .raw = raw, .is_signed = is_signed,
	};

	return vro_txn_set_locked(&it, 1);
}

/**
 * vro_set_var - set a VRO's value and re-patch all its sites (see vro_set())
 * @var: the variable
 * @raw: the new value as 64 bits (sign-extended if @is_signed)
 * @is_signed: the caller's expression had a signed type
 *
 * Return: 0, -ERANGE, -EPERM, -EBUSY, -EINVAL or -ENOMEM as documented at
 * vro_set().
 */
int vro_set_var(struct vro_var *var, u64 raw, bool is_signed)
{
	int ret;

	might_sleep();
	vro_lock();
	ret = vro_set_locked(var, raw, is_signed);
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_set_var);

/*
 * The one grammar of values written from user space (load and command-line
 * parameters, sysfs parameter writes, debugfs set and seal): see
 * Documentation/vro.rst, "Writing values". One trailing newline is allowed.
 */

/* The length of @buf without its one trailing newline. */
static size_t vro_text_len(const char *buf)
{
	size_t len = strlen(buf);

	return len && buf[len - 1] == '\n' ? len - 1 : len;
}

/**
 * vro_parse_bool - parse a bool: one of kstrtobool()'s words, whole
 * @buf: 1, 0, y, n, yes, no, on, off, true or false (any case)
 * @res: receives the value
 *
 * kstrtobool() looks at the first characters only ("1e3" is true, "0x10"
 * false); this takes the whole word or nothing.
 *
 * Return: 0 or -EINVAL.
 */
int vro_parse_bool(const char *buf, bool *res)
{
	static const char *const words[] = {
		"1", "y", "yes", "on", "true", "0", "n", "no", "off", "false",
	};
	size_t len = vro_text_len(buf);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (strlen(words[i]) == len && !strncasecmp(buf, words[i], len))
			return kstrtobool(words[i], res);
	}
	return -EINVAL;
}

/* Decimal without a leading zero, or 0x/0X hex; at least one digit. */
static int vro_parse_magnitude(const char *s, size_t len, u64 *res)
{
	unsigned int base = 10, d;
	u64 m = 0;

	if (len > 2 && s[0] == '0' && tolower(s[1]) == 'x') {
		base = 16;
		s += 2;
		len -= 2;
	} else if (len > 1 && s[0] == '0') {
		return -EINVAL;		/* 010: octal to strtoul, 10 to a human */
	}
	if (!len)
		return -EINVAL;
	for (; len; s++, len--) {
		d = isxdigit(*s) ? hex_to_bin(*s) : base;
		if (d >= base)
			return -EINVAL;
		if (m > (U64_MAX - d) / base)
			return -ERANGE;
		m = m * base + d;
	}
	*res = m;
	return 0;
}

/**
 * vro_parse - parse a value for a variable (the user-space grammar)
 * @var: the variable (a bool takes vro_parse_bool()'s words)
 * @buf: the text, optionally with a trailing newline
 * @raw: receives the value, sign-extended if @is_signed
 * @is_signed: receives whether the text was negative
 *
 * Integers: [-]DIGITS or [-]0xHEX, DIGITS without a leading zero.
 *
 * Return: 0, -EINVAL if not a value of that grammar, -ERANGE if beyond
 * 64 bits.
 */
int vro_parse(const struct vro_var *var, const char *buf, u64 *raw,
	      bool *is_signed)
{
	size_t len = vro_text_len(buf);
	bool b, neg = buf[0] == '-';
	u64 m;
	int ret;

	*is_signed = false;
	if (var->flags & VRO_VAR_BOOL) {
		ret = vro_parse_bool(buf, &b);
		*raw = b;
		return ret;
	}
	ret = vro_parse_magnitude(buf + neg, len - neg, &m);
	if (ret)
		return ret;
	if (neg && m > BIT_ULL(63))
		return -ERANGE;
	*is_signed = neg;
	*raw = neg ? -m : m;
	return 0;
}

/*
 * Parse @val for @var as written from user space (@val NULL: a bare
 * parameter name). Pointer VROs are not writable from user space. Every
 * refusal is logged once, naming the variable.
 */
static int vro_user_value(const struct vro_var *var, const char *val,
			  u64 *raw, bool *is_signed)
{
	const char *name = var->name + strlen(VRO_VALUE_PREFIX);
	int ret;

	if (var->flags & VRO_VAR_PTR) {
		pr_err_ratelimited("%s is a pointer: only vro_set() in the kernel may change it\n",
				   name);
		return -EPERM;
	}
	if (!val) {
		if (var->flags & VRO_VAR_BOOL) {
			*raw = 1;		/* a bare flag, as for bool */
			*is_signed = false;
			return 0;
		}
		pr_err_ratelimited("%s needs a value (name=value)\n", name);
		return -EINVAL;
	}
	ret = vro_parse(var, val, raw, is_signed);
	if (ret == -EINVAL)
		pr_err_ratelimited("%s: '%.*s' is not a value: write %s\n",
				   name, (int)min_t(size_t, vro_text_len(val), 64),
				   val, var->flags & VRO_VAR_BOOL ?
				   "1/0, y/n, yes/no, on/off or true/false" :
				   "decimal (no leading zero) or 0x hex, '-' in front if negative");
	return ret;
}

/**
 * vro_set_string - set @var from user-space text (parameters, sysfs)
 * @var: the variable
 * @buf: the text (see vro_parse()); NULL for a bare parameter name, which
 *	 sets a bool to true and is refused for any other type
 *
 * Return: 0 or a negative errno (-EPERM for a pointer VRO); on error
 * nothing changed.
 */
int vro_set_string(struct vro_var *var, const char *buf)
{
	bool is_signed;
	u64 raw;
	int ret;

	ret = vro_user_value(var, buf, &raw, &is_signed);
	if (ret)
		return ret;
	return vro_set_var(var, raw, is_signed);
}

/* A variable by its user-facing name, "<name>" or "__vro_<name>". */
static struct vro_var *vro_find_user_name(const char *name)
{
	size_t plen = strlen(VRO_VALUE_PREFIX);
	struct vro_var *var;

	vro_assert_locked();
	if (!strncmp(name, VRO_VALUE_PREFIX, plen))
		return vro_find_var(name);
	/* compare whole names in place: never truncate */
	list_for_each_entry(var, &vro_vars, list)
		if (!strcmp(var->name + plen, name))
			return var;
	return NULL;
}

/**
 * vro_set_named - set a variable given its name and a value as text
 * @name: "<name>" or "__vro_<name>", compared whole
 * @val: the value as text (see vro_parse())
 *
 * Return: 0; -ENOENT for an unknown name; else as vro_set_string().
 */
int vro_set_named(const char *name, const char *val)
{
	struct vro_var *var;
	bool is_signed;
	u64 raw;
	int ret;

	vro_lock();
	var = vro_find_user_name(name);
	ret = var ? vro_user_value(var, val, &raw, &is_signed) : -ENOENT;
	if (!ret)
		ret = vro_set_locked(var, raw, is_signed);
	vro_unlock();
	return ret;
}

/**
 * vro_format - print a variable's value as text
 * @var: the variable
 * @value: a value of it
 * @buf: destination
 * @size: its size
 *
 * Return: the snprintf() result.
 */
int vro_format(const struct vro_var *var, u64 value, char *buf, size_t size)
{
	if (var->flags & VRO_VAR_PTR)
		return snprintf(buf, size, "%#llx", value);
	if (var->flags & VRO_VAR_SIGNED)
		return snprintf(buf, size, "%lld", (s64)value);
	return snprintf(buf, size, "%llu", value);
}

/**
 * vro_type_name - the C type of a variable, for introspection
 * @var: the variable
 * @buf: destination, at least 8 bytes
 *
 * Return: @buf, holding "bool", "ptr", "u8".."u64" or "s8".."s64".
 */
const char *vro_type_name(const struct vro_var *var, char *buf)
{
	if (var->flags & VRO_VAR_BOOL)
		return strcpy(buf, "bool");
	if (var->flags & VRO_VAR_PTR)
		return strcpy(buf, "ptr");
	sprintf(buf, "%c%u", var->flags & VRO_VAR_SIGNED ? 's' : 'u',
		var->size * 8);
	return buf;
}

/**
 * set_very_readonly - seal every VRO (see <linux/vro.h>)
 *
 * Every seal path (the API, debugfs seal) ends here. Sealing is final, so
 * vro.ko takes a reference on itself that is never dropped: a fresh vro.ko
 * would start open, so this one must never be unloaded (modprobe -r of its
 * last user leaves it, rmmod refuses).
 */
void set_very_readonly(void)
{
	vro_lock();
	if (!vro_sealed) {
		__module_get(THIS_MODULE);
		pr_info("sealed: every variable not defined read-mostly is now part of the text; vro.ko stays loaded\n");
	}
	vro_sealed = true;
	vro_unlock();
}
EXPORT_SYMBOL_GPL(set_very_readonly);

/**
 * vro_is_sealed - whether set_very_readonly() has been called
 *
 * Return: true once sealed.
 */
bool vro_is_sealed(void)
{
	return READ_ONCE(vro_sealed);
}
EXPORT_SYMBOL_GPL(vro_is_sealed);

/* ---- registry -------------------------------------------------------- */

/**
 * vro_find_var - look a registered variable up by symbol name
 * @name: "__vro_<name>"
 *
 * Caller holds vro_lock().
 *
 * Return: the variable or NULL.
 */
struct vro_var *vro_find_var(const char *name)
{
	struct vro_var *var;

	vro_assert_locked();
	list_for_each_entry(var, &vro_vars, list)
		if (!strcmp(var->name, name))
			return var;
	return NULL;
}

/**
 * vro_for_each_var - call @fn for every registered variable
 * @fn: the callback
 * @data: passed to @fn
 *
 * Caller holds vro_lock().
 */
void vro_for_each_var(vro_var_fn_t fn, void *data)
{
	struct vro_var *var;

	vro_assert_locked();
	list_for_each_entry(var, &vro_vars, list)
		fn(var, data);
}

/**
 * vro_for_each_site - call @fn for every live site of every module
 * @fn: the callback
 * @data: passed to @fn
 *
 * Caller holds vro_lock().
 */
void vro_for_each_site(vro_site_fn_t fn, void *data)
{
	struct vro_module *vm;
	unsigned int i;

	vro_assert_locked();
	list_for_each_entry(vm, &vro_modules, list)
		for (i = 0; i < vm->desc->nr_sites; i++)
			if (vro_site_live(vm, i))
				fn(vm, i, data);
}

static bool vro_is_var_kp(const struct kernel_param *kp)
{
	return kp->ops == &vro_var_param_ops;
}

static void vro_unregister_var(struct vro_var *var)
{
	struct vro_module *vm;
	unsigned int i;

	/* Users hold a module reference on the definer: a site left is a bug. */
	list_for_each_entry(vm, &vro_modules, list) {
		for (i = 0; i < vm->desc->nr_sites; i++) {
			if (vm->vars[i] != var)
				continue;
			WARN_ONCE(1, "vro: %s still read by %s\n", var->name,
				  vm->mod->name);
			vm->vars[i] = NULL;
		}
	}
	list_del_init(&var->list);
	var->owner = NULL;
	var->nr_sites = 0;
}

/* Unregister the variables of @mod among its first @nr parameters. */
static void vro_unregister_vars(struct module *mod, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr && i < mod->num_kp; i++) {
		struct vro_var *var = mod->kp[i].arg;

		if (vro_is_var_kp(&mod->kp[i]) && var->owner == mod)
			vro_unregister_var(var);
	}
}

static int vro_register_var(struct module *mod, struct vro_var *var)
{
	if (strncmp(var->name, VRO_VALUE_PREFIX, strlen(VRO_VALUE_PREFIX)) ||
	    !is_power_of_2(var->size) || var->size > 8) {
		pr_err("%s: variable %s: bad name or size %u\n",
		       mod->name, var->name, var->size);
		return -EINVAL;
	}
	if (vro_find_var(var->name)) {
		pr_err("%s: variable %s is already defined\n",
		       mod->name, var->name);
		return -EEXIST;
	}
	var->value = var->def;
	var->nr_sites = 0;
	var->owner = mod;
	list_add_tail(&var->list, &vro_vars);
	return 0;
}

static int vro_register_vars(struct module *mod)
{
	unsigned int i;
	int ret;

	for (i = 0; i < mod->num_kp; i++) {
		if (!vro_is_var_kp(&mod->kp[i]))
			continue;
		ret = vro_register_var(mod, mod->kp[i].arg);
		if (ret) {
			vro_unregister_vars(mod, i);
			return ret;
		}
	}
	return 0;
}

/* The descriptor of @mod, NULL if it has none, an ERR_PTR if several. */
static const struct vro_module_desc *vro_find_desc(struct module *mod)
{
	const struct vro_module_desc *desc = NULL;
	unsigned int i;

	for (i = 0; i < mod->num_kp; i++) {
		if (mod->kp[i].ops != &vro_module_param_ops)
			continue;
		if (desc) {
			pr_err("%s: VRO_MODULE() used more than once\n",
			       mod->name);
			return ERR_PTR(-EINVAL);
		}
		desc = mod->kp[i].arg;
	}
	return desc;
}

/*
 * Is [@d + @off, @d + @off + @len) inside the core layout of @mod, where
 * .vro_module lives? The offsets come from the file: never trust them.
 */
static bool vro_in_core(struct module *mod, const void *d, u64 off, u64 len)
{
	unsigned long base = (unsigned long)mod->core_layout.base;
	unsigned long a = (unsigned long)d;

	if (a < base || a - base > mod->core_layout.size)
		return false;
	/* a - base, off < 2^32, len < 2^36: the sum cannot wrap */
	return a - base + off + len <= mod->core_layout.size;
}

static int vro_check_desc(struct module *mod, const struct vro_module_desc *d)
{
	if (d->magic != VRO_ABI_MAGIC || d->version != VRO_ABI_VERSION) {
		pr_err("%s: site table magic %#x version %u, expected %#x version %u\n",
		       mod->name, d->magic, d->version, VRO_ABI_MAGIC,
		       VRO_ABI_VERSION);
		return -ENOEXEC;
	}
	if (!(d->flags & VRO_DESC_LINKED)) {
		pr_err("%s: not processed by tools/vrolink: its VROs would read 0\n",
		       mod->name);
		return -ENOEXEC;
	}
	if (!vro_in_core(mod, d, 0, sizeof(*d)) ||
	    !vro_in_core(mod, d, d->sites_off,
			 (u64)d->nr_sites * sizeof(struct vro_site)) ||
	    !vro_in_core(mod, d, d->names_off, d->names_size) ||
	    (d->nr_sites && (d->sites_off % 8 || !d->names_size ||
			     ((const char *)d + d->names_off)[d->names_size - 1]))) {
		pr_err("%s: malformed site table\n", mod->name);
		return -ENOEXEC;
	}
	return 0;
}

/* Is [addr, addr + len) inside the text of @mod (core or init)? */
static bool vro_in_text(struct module *mod, const void *addr, unsigned int len)
{
	unsigned long a = (unsigned long)addr;
	const struct module_layout *l[] = { &mod->core_layout,
					    &mod->init_layout };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(l); i++) {
		unsigned long base = (unsigned long)l[i]->base;

		/* a + len may wrap for a hostile field offset: compare sizes */
		if (a >= base && a - base <= l[i]->text_size &&
		    len <= l[i]->text_size - (a - base))
			return true;
	}
	return false;
}

/* Validate site @i of @vm, find its variable, and fill its patch. */
static int vro_prepare_site(struct vro_module *vm, unsigned int i,
			    struct vro_patch *p)
{
	const struct vro_site *s = &vm->sites[i];
	const char *name = NULL;
	struct vro_var *var;
	int ret;

	if (s->name < vm->desc->names_size)
		name = vro_site_name(vm, s);
	if (!name || s->type < VRO_RELOC_32 || s->type > VRO_RELOC_PLT32 ||
	    s->kind < VRO_KIND_IMM || s->kind > VRO_KIND_JMP ||
	    (s->kind >= VRO_KIND_CALL) != (s->type >= VRO_RELOC_PC32) ||
	    s->insn_off + vro_site_width(s) > s->insn_len ||
	    s->insn_len >= VRO_INSN_MAX ||
	    !vro_in_text(vm->mod, (u8 *)vro_site_addr(s) - s->insn_off,
			 s->insn_len)) {
		pr_err("%s: site %u is malformed or outside the module's text\n",
		       vm->mod->name, i);
		return -ENOEXEC;
	}
	if (s->kind == VRO_KIND_CALL || s->kind == VRO_KIND_JMP)
		return 0;		/* pv.c's business */
	var = vro_find_var(name);
	if (!var) {
		pr_err("%s: site %pS reads %s, which no loaded module defines\n",
		       vm->mod->name, vro_site_addr(s), name);
		return -ENOENT;
	}
	vro_site_patch(vm, i, p);
	memset(p->old, 0, sizeof(p->old));	/* vrolink left the field zero */
	ret = vro_site_encode(var, s, var->value, p->new);
	if (ret) {
		pr_err("%s: %s = %#llx does not fit site %pS (reloc type %u)\n",
		       vm->mod->name, name, var->value, p->addr, s->type);
		return ret;
	}
	/* What vro.ko writes: the loader's instruction with the new field. */
	memcpy(vm->insns[i], p->addr - s->insn_off, s->insn_len);
	memcpy(vm->insns[i] + s->insn_off, p->new, p->len);
	vm->vars[i] = var;
	return 0;
}

static void vro_free_vm(struct vro_module *vm)
{
	kfree(vm->gone);
	kvfree(vm->insns);
	kvfree(vm->vars);
	kfree(vm);
}

static struct vro_module *vro_alloc_vm(struct module *mod,
				       const struct vro_module_desc *desc)
{
	struct vro_module *vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	unsigned int n = desc->nr_sites;

	if (!vm)
		return NULL;
	vm->mod = mod;
	vm->desc = desc;
	vm->sites = (const void *)desc + desc->sites_off;
	vm->names = (const char *)desc + desc->names_off;
	vm->vars = kvcalloc(max(n, 1U), sizeof(*vm->vars), GFP_KERNEL);
	vm->gone = bitmap_zalloc(max(n, 1U), GFP_KERNEL);
	vm->insns = kvcalloc(max(n, 1U), sizeof(*vm->insns), GFP_KERNEL);
	if (!vm->vars || !vm->gone || !vm->insns) {
		vro_free_vm(vm);
		return NULL;
	}
	return vm;
}

/* Write every value site of a module that cannot run yet, then pv sites. */
static int vro_register_sites(struct vro_module *vm)
{
	unsigned int i, k = 0, n = vm->desc->nr_sites;
	struct vro_patch *p;
	int ret = -ENOMEM;

	p = kvcalloc(max(n, 1U), sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = vro_prepare_site(vm, i, &p[k]);
		if (ret)
			goto free_patches;
		if (vm->vars[i])
			k++;
	}
	ret = vro_patch_text(p, k, false);
	if (ret)
		goto free_patches;
	ret = vro_pv_module_coming(vm, false);
	if (ret)
		goto free_patches;
	for (i = 0; i < n; i++)
		if (vm->vars[i])
			vm->vars[i]->nr_sites++;
free_patches:
	kvfree(p);
	return ret;
}

/*
 * A module with DECLARE_VRO() or DEFINE_VRO() but no site table would read
 * 0 from every VRO: say so, naming the module, one VRO and the fix.
 */
static bool vro_uses_vros(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		const struct vro_var *var = kp->arg;

		if (kp->ops != &vro_reader_param_ops && !vro_is_var_kp(kp))
			continue;
		pr_err("%s: uses VRO %s but has no VRO_MODULE() site table, so it would read 0: add VRO_MODULE(); to one of its source files and build it with tools/vrolink (make ext M=...)\n",
		       mod->name, var->name + strlen(VRO_VALUE_PREFIX));
		return true;
	}
	return false;
}

static int vro_module_coming(struct module *mod)
{
	const struct vro_module_desc *desc = vro_find_desc(mod);
	struct vro_module *vm;
	int ret;

	vro_assert_locked();
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (!desc && vro_uses_vros(mod))
		return -ENOEXEC;
	ret = vro_register_vars(mod);
	if (ret)
		return ret;
	ret = vro_derived_coming(mod);
	if (ret)
		goto unregister_vars;
	if (!desc)
		return 0;
	ret = vro_check_desc(mod, desc);
	if (ret)
		goto unregister_vars;
	ret = -ENOMEM;
	vm = vro_alloc_vm(mod, desc);
	if (!vm)
		goto unregister_vars;
	ret = vro_register_sites(vm);
	if (ret)
		goto free_vm;
	list_add_tail(&vm->list, &vro_modules);
	return 0;

free_vm:
	vro_free_vm(vm);
unregister_vars:
	vro_derived_going(mod);
	vro_unregister_vars(mod, mod->num_kp);
	pr_err("%s: refused (%pe)\n", mod->name, ERR_PTR(ret));
	return ret;
}

static struct vro_module *vro_find_vm(struct module *mod)
{
	struct vro_module *vm;

	list_for_each_entry(vm, &vro_modules, list)
		if (vm->mod == mod)
			return vm;
	return NULL;
}

/* Init text is freed next: forget every site in it. */
static void vro_module_live(struct module *mod)
{
	struct vro_module *vm = vro_find_vm(mod);
	unsigned int i;

	if (!vm)
		return;
	for (i = 0; i < vm->desc->nr_sites; i++) {
		unsigned long a = (unsigned long)vro_site_addr(&vm->sites[i]);

		if (!within_module_init(a, mod))
			continue;
		set_bit(i, vm->gone);
		if (vm->vars[i])
			vm->vars[i]->nr_sites--;
		vm->vars[i] = NULL;
	}
}

static void vro_module_going(struct module *mod)
{
	struct vro_module *vm = vro_find_vm(mod);
	unsigned int i;

	if (vm) {
		list_del(&vm->list);
		vro_pv_module_going(vm);
		for (i = 0; i < vm->desc->nr_sites; i++)
			if (vm->vars[i])
				vm->vars[i]->nr_sites--;
		vro_free_vm(vm);
	}
	vro_pv_module_gone(mod);	/* op sets, backends it left behind */
	vro_derived_going(mod);
	vro_unregister_vars(mod, mod->num_kp);
}

static int vro_module_notify(struct notifier_block *nb, unsigned long state,
			     void *data)
{
	struct module *mod = data;
	int ret = 0;

	vro_lock();
	switch (state) {
	case MODULE_STATE_COMING:
		ret = vro_module_coming(mod);
		break;
	case MODULE_STATE_LIVE:
		vro_module_live(mod);
		break;
	case MODULE_STATE_GOING:
		vro_module_going(mod);
		break;
	}
	vro_unlock();
	return notifier_from_errno(ret);
}

static struct notifier_block vro_module_nb = {
	.notifier_call = vro_module_notify,
};

/* ---- module parameters ----------------------------------------------- */

static int vro_hidden_set(const char *val, const struct kernel_param *kp)
{
	pr_err("parameter %s is internal to vro; use module_param_vro()\n",
	       kp->name);
	return -EPERM;
}

static int vro_hidden_get(char *buf, const struct kernel_param *kp)
{
	return -EPERM;
}

/**
 * DOC: vro_var_param_ops - ops of the hidden parameter DEFINE_VRO() emits
 *
 * vro.ko's module notifier finds a module's variables by these ops in
 * mod->kp; setting or reading the hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_var_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_var_param_ops);

/**
 * DOC: vro_module_param_ops - ops of the hidden parameter VRO_MODULE() emits
 *
 * vro.ko's module notifier finds a module's site table by these ops in
 * mod->kp; setting or reading the hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_module_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_module_param_ops);

/**
 * DOC: vro_reader_param_ops - ops of the hidden parameter DECLARE_VRO() emits
 *
 * Its arg is the declared variable (so modpost sees the dependency); vro.ko
 * refuses to load a module with such a parameter but no site table.
 * Setting or reading it is refused (-EPERM).
 */
const struct kernel_param_ops vro_reader_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_reader_param_ops);

/* @val is NULL for a bare name (KERNEL_PARAM_OPS_FL_NOARG): bool only. */
static int vro_tunable_set(const char *val, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;
	int ret = vro_set_string(var, val);

	if (ret)
		pr_err_ratelimited("parameter %s%s%.*s refused (%pe)\n",
				   kp->name, val ? "=" : "",
				   val ? (int)strcspn(val, "\n") : 0,
				   val ?: "", ERR_PTR(ret));
	return ret;
}

static int vro_tunable_get(char *buf, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;
	int len = vro_format(var, READ_ONCE(var->value), buf, PAGE_SIZE - 1);

	buf[len++] = '\n';
	return len;
}

/**
 * DOC: vro_tunable_param_ops - ops behind module_param_vro()
 *
 * A write is a vro_set() of the variable in kp->arg (parsed with the value
 * grammar, -EPERM once sealed or for a pointer, -ERANGE if a site cannot
 * hold it); a bare name (no '=') sets a bool to true, like a stock bool
 * parameter. A read prints the current value.
 */
const struct kernel_param_ops vro_tunable_param_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = vro_tunable_set,
	.get = vro_tunable_get,
};
EXPORT_SYMBOL_GPL(vro_tunable_param_ops);

/* ---- module ---------------------------------------------------------- */

static int __init vro_init(void)
{
	int ret;

	vro_debugfs_init();
	ret = vro_pv_init();
	if (ret)
		goto exit_debugfs;
	ret = register_module_notifier(&vro_module_nb);
	if (ret)
		goto exit_pv;
	return 0;

exit_pv:
	vro_pv_exit();
exit_debugfs:
	vro_debugfs_exit();
	return ret;
}

static void __exit vro_exit(void)
{
	unregister_module_notifier(&vro_module_nb);
	vro_pv_exit();
	vro_debugfs_exit();
}

module_init(vro_init);
module_exit(vro_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("very read-only variables: values as patched instruction immediates");
