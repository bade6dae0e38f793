/* SPDX-License-Identifier: GPL-2.0 */
/*
 * warn.h - vrolink's diagnostics, as objtool's warn.h: every error is one
 * line "FILE: error: vrolink: func+0xoff (.sect+0xoff): sym: message"
 * (the place and symbol when there are some), formatted in warn.c only;
 * elf.c's place_str() names the place, as it does for --list.
 */
#ifndef _VROLINK_WARN_H
#define _VROLINK_WARN_H

#include <stddef.h>
#include <stdint.h>

struct vfile;

void vwarn_site(struct vfile *f, size_t sec, uint64_t off, const char *sym,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void vwarn_file(struct vfile *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vwarn_elf(struct vfile *f, const char *what);
void vwarn_path(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _VROLINK_WARN_H */
