// SPDX-License-Identifier: GPL-2.0
/*
 * Values: the value rule (does a value fit a variable's type, what bytes
 * does a site's field hold for it), the one grammar of values written from
 * user space, and formatting values and types for introspection.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "internal.h"

/*
 * vro_var_fits_type - check a value against a variable's C type
 * @var: the variable
 * @raw: the value, as 64 bits
 * @is_signed: @raw came from a signed type (so bit 63 means negative)
 *
 * Return: true if the value is representable in the variable's type.
 */
static bool vro_var_fits_type(const struct vro_var *var, u64 raw,
			      bool is_signed)
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
 * vro_var_narrow_ok() - check a value against a 64-bit VRO's declared range
 * @var: the variable
 * @raw: the value, canonical (sign-extended if signed)
 *
 * A 64-bit VRO not defined with DEFINE_VRO_WIDE() holds [-2^31, 2^31) (as
 * s64), in every build: what vro()'s sign-extended fields hold, so that
 * the plain build refuses what the vro build's sites would.
 *
 * Return: true if the value is in the declared range.
 */
bool vro_var_narrow_ok(const struct vro_var *var, u64 raw)
{
	if (var->size < 8 || (var->flags & VRO_VAR_WIDE))
		return true;
	return (s64)raw == (s32)raw;
}

/**
 * vro_var_fits() - check a value against a variable's C type and range
 * @var: the variable
 * @raw: the value, as 64 bits
 * @is_signed: @raw came from a signed type (so bit 63 means negative)
 *
 * Return: true if the value is representable in the variable's type and,
 * for a 64-bit VRO not defined wide, in [-2^31, 2^31).
 */
bool vro_var_fits(const struct vro_var *var, u64 raw, bool is_signed)
{
	return vro_var_fits_type(var, raw, is_signed) &&
	       vro_var_narrow_ok(var, raw);
}

/**
 * vro_boot_open() - may a variable still be set, as far as DEFINE_VRO_BOOT() goes?
 * @flags: its VRO_VAR_* flags
 * @vmlinux: it is vmlinux's own, not a module's
 * @state: system_state now
 *
 * A boot-only VRO is set by vmlinux's own code while the kernel boots:
 * until system_state reaches SYSTEM_RUNNING, never after, and never a
 * module's (it keeps its default). Other variables are not concerned.
 *
 * Return: true if the boot-only rule lets it be written now.
 */
bool vro_boot_open(u8 flags, bool vmlinux, enum system_states state)
{
	if (!(flags & VRO_VAR_BOOT))
		return true;
	return vmlinux && state < SYSTEM_RUNNING;
}

/**
 * vro_site_encode() - the field bytes of a site for a value (value rule)
 * @var: the variable the site reads
 * @s: the site
 * @value: the variable's value (canonical: sign-extended if signed)
 * @out: receives vro_site_width(@s) bytes
 *
 * The field holds the low bytes of value + addend. For a 64-bit C type the
 * field must reproduce that sum exactly: 32S fields take [-2^31, 2^31),
 * 32 fields [0, 2^32). Types of 32 bits or fewer use the low bits only.
 * The imm8 of a shift site holds a count, for every type: the sum must be
 * 0..31 for a 32-bit shift, 0..63 for a 64-bit one.
 *
 * Return: 0, or -ERANGE if the value does not fit the field.
 */
int vro_site_encode(const struct vro_var *var, const struct vro_site *s,
		    u64 value, u8 *out)
{
	u64 v = value + (s64)s->addend;

	if (vro_site_shift_max(s) && v > vro_site_shift_max(s))
		return -ERANGE;		/* below 0 too: v is then above 2^63 */

	if (var->size == 8 && s->type == VRO_RELOC_32S && (s64)v != (s32)v)
		return -ERANGE;
	if (var->size == 8 && s->type == VRO_RELOC_32 && v != (u32)v)
		return -ERANGE;
	memcpy(out, &v, vro_site_width(s));	/* x86 is little-endian */
	return 0;
}

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
 * vro_parse_bool() - parse a bool: one of kstrtobool()'s words, whole
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
 * vro_parse() - parse a value for a variable (the user-space grammar)
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
	bool b = false, neg = buf[0] == '-';
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
int vro_user_value(const struct vro_var *var, const char *val,
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
 * vro_format() - print a variable's value as text
 * @var: the variable
 * @value: a value of it
 * @buf: destination
 * @size: its size
 *
 * A pointer is printed as %pK prints it (kptr_restrict: hashed, zeros,
 * or the address only to a reader with CAP_SYSLOG), never raw: parameters
 * and debugfs files may be readable by others than root.
 *
 * Return: the snprintf() result.
 */
int vro_format(const struct vro_var *var, u64 value, char *buf, size_t size)
{
	if (var->flags & VRO_VAR_PTR)
		return snprintf(buf, size, "%pK", (void *)(unsigned long)value);
	if (var->flags & VRO_VAR_SIGNED)
		return snprintf(buf, size, "%lld", (s64)value);
	return snprintf(buf, size, "%llu", value);
}

/**
 * vro_type_name_of() - the C type of a size and VRO_VAR_* flags
 * @size: sizeof() the type
 * @flags: its VRO_VAR_BOOL, VRO_VAR_PTR and VRO_VAR_SIGNED (others ignored)
 * @buf: destination, at least 8 bytes
 *
 * Return: @buf, holding "bool", "ptr", "u8".."u64" or "s8".."s64".
 */
const char *vro_type_name_of(u8 size, u8 flags, char *buf)
{
	if (flags & VRO_VAR_BOOL)
		return strcpy(buf, "bool");
	if (flags & VRO_VAR_PTR)
		return strcpy(buf, "ptr");
	sprintf(buf, "%c%u", flags & VRO_VAR_SIGNED ? 's' : 'u', size * 8);
	return buf;
}

/**
 * vro_type_name() - the C type of a variable, for introspection
 * @var: the variable
 * @buf: destination, at least 8 bytes
 *
 * Return: @buf, as vro_type_name_of().
 */
const char *vro_type_name(const struct vro_var *var, char *buf)
{
	return vro_type_name_of(var->size, var->flags, buf);
}
