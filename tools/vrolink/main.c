// SPDX-License-Identifier: GPL-2.0
/*
 * vrolink - the vro pre-link pass. See Documentation/vrolink.rst.
 *
 *	vrolink [-v] [-b] [-o OUT] FILE	write the site table (in place or to OUT)
 *	vrolink --list [--json] FILE	print the sites
 *
 * Exit status: 0 success, 1 input refused, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vrolink.h"

static const char usage_text[] =
"usage: vrolink [-v] [-b] [-o OUT] FILE\n"
"       vrolink --list [--json] FILE\n"
"       vrolink --help\n"
"\n"
"Write the vro site table into FILE (an x86-64 .o or .ko; in place, or to\n"
"OUT), or list its sites. Exit 0 success, 1 input refused, 2 usage.\n"
"\n"
"  -o, --output OUT  write the result to OUT instead of FILE\n"
"  -b, --builtin     FILE is an object built into vmlinux: it has no\n"
"                    VRO_MODULE(); vrolink adds the table section itself\n"
"  -l, --list        print one line per site (section offset symbol type\n"
"                    addend function kind)\n"
"  -j, --json        with --list: print one JSON array\n"
"  -v, --verbose     say what was done\n"
"  -h, --help        this text\n";

static const char *const kind_names[] = {
	[VRO_KIND_IMM] = "imm",
	[VRO_KIND_DISP] = "disp",
	[VRO_KIND_CALL] = "call",
	[VRO_KIND_JMP] = "jmp",
	[VRO_KIND_SHIFT32] = "shift32",
	[VRO_KIND_SHIFT64] = "shift64",
};

static int verbose;
static bool builtin;

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_site_json(const struct vfile *f, const struct site *s,
			    const char *fn)
{
	printf("%s\n {\"section\": ", s == f->sites ? "" : ",");
	json_str(f->secs[s->sec].name);
	printf(", \"offset\": %llu, \"symbol\": ",
	       (unsigned long long)s->offset);
	json_str(s->symbol);
	printf(", \"type\": \"%s\", \"addend\": %lld, \"function\": ",
	       rtype_name(s->rtype), (long long)s->addend);
	json_str(fn);
	printf(", \"kind\": \"%s\", \"insn_off\": %u, \"insn_len\": %u}",
	       kind_names[s->kind], s->insn_off, s->insn_len);
}

static void print_site(const struct vfile *f, const struct site *s,
		       const char *fn)
{
	printf("%s 0x%llx %s %s %lld %s %s\n", f->secs[s->sec].name,
	       (unsigned long long)s->offset, s->symbol, rtype_name(s->rtype),
	       (long long)s->addend, fn, kind_names[s->kind]);
}

static int print_sites(const struct vfile *f, bool json)
{
	const struct site *s;

	if (json)
		putchar('[');
	for_each_site(f, s) {
		char *fn = place_str(f, s->sec, s->offset, 0);

		if (!fn) {
			vwarn_path(f->path, "out of memory");
			return -1;
		}
		if (json)
			print_site_json(f, s, fn);
		else
			print_site(f, s, fn);
		free(fn);
	}
	if (json)
		printf("%s]\n", f->nr_sites ? "\n" : "");
	return 0;
}

/* The size of an open file, 0 if unknown. */
static uint64_t file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_size;
}

/* Refuse what cannot be an object file before opening or copying it. */
static int check_input(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		vwarn_path(path, "%s", strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	vwarn_path(path, "%s, expected a relocatable x86-64 ELF object (.o or .ko)",
		   S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
	return -1;
}

static int do_list(const char *path, bool json)
{
	struct vfile f = { 0 };
	int fd, ret = 1;
	Elf *elf;

	if (check_input(path))
		return 1;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		vwarn_path(path, "%s", strerror(errno));
		return 1;
	}
	f.size = file_size(fd);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (vfile_open(&f, path, elf) || vfile_collect(&f))
		goto out;
	if (f.linked && !f.errors && table_read(&f))
		goto out;
	if (f.errors)
		goto out;
	if (print_sites(&f, json))
		goto out;
	ret = 0;
out:
	elf_end(elf);
	vfile_close(&f);
	close(fd);
	return ret;
}

static int copy_to_temp(const char *in, const char *out, char *tmp,
			size_t len)
{
	char *dir = strdup(out);
	struct stat st;
	int ifd, ofd = -1;
	char buf[1 << 16];
	ssize_t n;

	ifd = open(in, O_RDONLY);
	if (!dir || ifd < 0 || fstat(ifd, &st))
		goto err;
	snprintf(tmp, len, "%s/.vrolink.XXXXXX", dirname(dir));
	ofd = mkstemp(tmp);
	if (ofd < 0)
		goto err;
	if (fchmod(ofd, st.st_mode & 07777))
		goto err_unlink;
	while ((n = read(ifd, buf, sizeof(buf))) > 0)
		if (write(ofd, buf, n) != n)
			goto err_unlink;
	if (n < 0)
		goto err_unlink;
	close(ifd);
	free(dir);
	return ofd;
err_unlink:
	unlink(tmp);
	close(ofd);
err:
	vwarn_path(in, "cannot copy to %s: %s", ofd < 0 ? out : tmp,
		   strerror(errno));
	if (ifd >= 0)
		close(ifd);
	free(dir);
	return -1;
}

/* 1: refused, 0: the temp file holds the result (-1: it equals the input) */
static int link_temp(struct vfile *f, const char *in, int fd)
{
	Elf *elf = elf_begin(fd, ELF_C_RDWR, NULL);
	int ret = 1;

	f->size = file_size(fd);
	f->builtin = builtin;
	if (vfile_open(f, in, elf) || vfile_collect(f) || f->errors)
		goto out;
	if (f->linked || (!f->nr_sites && !f->desc_sec)) {
		if (verbose)
			fprintf(stderr, "%s: %s\n", in, f->linked ?
				"already processed" : "no sites, nothing to do");
		ret = -1;
		goto out;
	}
	if (vfile_link(f))
		goto out;
	if (elf_update(elf, ELF_C_WRITE) < 0) {
		vwarn_file(f, "elf_update: %s", elf_errmsg(-1));
		goto out;
	}
	if (verbose)
		fprintf(stderr, "%s: %zu sites\n", in, f->nr_sites);
	ret = 0;
out:
	elf_end(elf);
	vfile_close(f);
	return ret;
}

static int do_link(const char *name, const char *in, const char *out)
{
	struct vfile f = { 0 };
	char tmp[4096];
	int fd, ret;

	fd = copy_to_temp(in, out, tmp, sizeof(tmp));
	if (fd < 0)
		return 1;
	ret = link_temp(&f, name, fd);
	if (ret == 0 && fsync(fd)) {
		vwarn_path(name, "fsync %s: %s", tmp, strerror(errno));
		ret = 1;
	}
	close(fd);
	if (ret == 1 || (ret < 0 && !strcmp(in, out))) {
		unlink(tmp);
		return ret < 0 ? 0 : 1;
	}
	if (rename(tmp, out)) {
		vwarn_path(in, "rename to %s: %s", out, strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

/* In place, write through a symlink to the file it names, not over it. */
static int link_path(const char *in, const char *out)
{
	char *real;
	int ret;

	if (check_input(in))
		return 1;
	if (out)
		return do_link(in, in, out);
	real = realpath(in, NULL);
	if (!real) {
		vwarn_path(in, "%s", strerror(errno));
		return 1;
	}
	ret = do_link(in, real, real);
	free(real);
	return ret;
}

static int usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "builtin", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	bool list = false, json = false;
	int c;

	while ((c = getopt_long(argc, argv, "o:ljvbh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'j':
			json = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'b':
			builtin = true;
			break;
		case 'h':
			return usage(0);
		default:
			return usage(2);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "vrolink: expected exactly one FILE\n");
		return usage(2);
	}
	if ((json && !list) || (list && out)) {
		fprintf(stderr, "vrolink: --json needs --list; -o does not go with --list\n");
		return usage(2);
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "vrolink: libelf: %s\n", elf_errmsg(-1));
		return 1;
	}
	if (list)
		return do_list(argv[optind], json);
	return link_path(argv[optind], out);
}
