// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer target for vrolink's ELF reader: open and validate the
 * input with libelf from memory, collect and decode every site, and read
 * back the site table of a processed module. Build: make fuzz.
 */
#include <stdlib.h>
#include <string.h>
#include "vrolink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vfile f = { .quiet = true };
	char *copy = malloc(size + 1);
	Elf *elf;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	elf_version(EV_CURRENT);
	elf = elf_memory(copy, size);
	if (!vfile_open(&f, "fuzz", elf) && !vfile_collect(&f) &&
	    f.linked && !f.errors)
		table_read(&f);
	elf_end(elf);
	vfile_close(&f);
	free(copy);
	return 0;
}
