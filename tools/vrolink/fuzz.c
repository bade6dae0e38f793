// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer target for vrolink's ELF reader: open and validate the
 * input with libelf from memory, collect and decode every site, and read
 * back the site table of a processed module. An input that passes all of
 * that is also linked (write.c) on a memfd copy, so the writer sees the
 * same hostile headers. Build and run: make fuzz.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vrolink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_link(const uint8_t *data, size_t size)
{
	struct vfile f = { .quiet = true };
	int fd = memfd_create("vrolink-fuzz", 0);
	Elf *elf;

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size)
		goto close_fd;
	elf = elf_begin(fd, ELF_C_RDWR, NULL);
	f.size = size;
	if (!vfile_open(&f, "fuzz", elf) && !vfile_collect(&f) && !f.errors &&
	    !vfile_link(&f))
		elf_update(elf, ELF_C_WRITE);
	elf_end(elf);
	vfile_close(&f);
close_fd:
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vfile f = { .quiet = true };
	char *copy = malloc(size + 1);
	bool link = false;
	Elf *elf;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	elf_version(EV_CURRENT);
	elf = elf_memory(copy, size);
	f.size = size;
	/* link what vrolink itself would link; vfile_link() copes with more */
	if (!vfile_open(&f, "fuzz", elf) && !vfile_collect(&f) && !f.errors) {
		if (f.linked)
			table_read(&f);
		else
			link = f.nr_sites || f.desc_sec || (size & 1);
	}
	elf_end(elf);
	vfile_close(&f);
	free(copy);
	if (link)
		fuzz_link(data, size);
	return 0;
}
