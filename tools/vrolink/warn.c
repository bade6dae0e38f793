// SPDX-License-Identifier: GPL-2.0
/*
 * warn.c - vrolink's diagnostics, in one format (warn.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/**
 * vwarn_elf - report that libelf could not read part of the file, count it
 * @f: the file
 * @what: the part ("section header", a section's name...)
 *
 * Return: -1, for "return vwarn_elf(f, ...);".
 */
int vwarn_elf(struct vfile *f, const char *what)
{
	int err = elf_errno();

	if (err)
		vwarn_file(f, "corrupt or unreadable ELF (%s): %s", what,
			   elf_errmsg(err));
	else
		vwarn_file(f, "corrupt or unreadable ELF (%s)", what);
	return -1;
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
	char *place;
	va_list ap;

	f->errors++;
	if (f->quiet)
		return;
	vwarn_hdr(f->path);
	place = place_str(f, sec, off, PLACE_DATA | PLACE_SECTION);
	if (place)
		fprintf(stderr, "%s: ", place);
	free(place);
	if (sym)
		fprintf(stderr, "%s: ", sym);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
