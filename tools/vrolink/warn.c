// SPDX-License-Identifier: GPL-2.0
/*
 * warn.c - vrolink's diagnostics, in one format (warn.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include "vrolink.h"

static void vwarn_hdr(const char *path)
{
	fprintf(stderr, "%s: error: vrolink: ", path);
}

/**
 * vwarn_path - report a problem of a file that is not open as a vfile
 * @path: the file
 * @fmt: printf format of the message
 */
void vwarn_path(const char *path, const char *fmt, ...)
{
	va_list ap;

	vwarn_hdr(path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * vwarn_file - report a problem of the whole file and count it
 * @f: the file
 * @fmt: printf format of the message
 */
void vwarn_file(struct vfile *f, const char *fmt, ...)
{
	va_list ap;

	f->errors++;
	if (f->quiet)
		return;
	vwarn_hdr(f->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * The object (data) symbol of @sec that covers @off, for diagnostics in
 * sections without functions: objtool's offstr() names "sym+0xoff" too.
 */
static const struct symbol *object_at(const struct vfile *f, size_t sec,
				      uint64_t off)
{
	size_t i;

	for (i = 1; i < f->nr_syms; i++) {
		const GElf_Sym *s = &f->syms[i].sym;

		if (s->st_shndx == sec &&
		    GELF_ST_TYPE(s->st_info) == STT_OBJECT &&
		    off >= s->st_value && off - s->st_value < s->st_size)
			return &f->syms[i];
	}
	return NULL;
}

/**
 * vwarn_site - report a problem at one place and count it
 * @f: the file
 * @sec: section index of the place
 * @off: section-relative offset
 * @sym: the symbol concerned (may be NULL)
 * @fmt: printf format of the message
 *
 * Prints "FILE: error: vrolink: func+0xoff (.sect+0xoff): sym: message";
 * in data, the object that holds the place instead of the function.
 */
void vwarn_site(struct vfile *f, size_t sec, uint64_t off, const char *sym,
		const char *fmt, ...)
{
	const struct symbol *fn = func_at(f, sec, off);
	const char *sname = sec < f->shnum ? f->secs[sec].name : "?";
	va_list ap;

	f->errors++;
	if (f->quiet)
		return;
	vwarn_hdr(f->path);
	if (!fn)
		fn = object_at(f, sec, off);
	if (fn)
		fprintf(stderr, "%s+0x%llx ", fn->name,
			(unsigned long long)(off - fn->sym.st_value));
	fprintf(stderr, "(%s+0x%llx): ", sname, (unsigned long long)off);
	if (sym)
		fprintf(stderr, "%s: ", sym);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
