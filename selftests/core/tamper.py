#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make broken copies of a vrolink'd module, for selftests/core/guest.sh.

tamper.py byte SRC DST SECTION OFFSET
    flip bits of the byte at OFFSET in SECTION (a site's field, as
    vrolink --list prints it): vro.ko must refuse the module at load.
tamper.py alias SRC DST [VICTIM AGGRESSOR]
    point the second site of .rela.vro_module at the field of the first
    (same symbol, same addend), or the site of the symbol AGGRESSOR at the
    field of VICTIM's site (names as in the site table, "__vro_x"; the
    order of the sites is the order gcc laid the functions out in): both
    are zero at load, so the module loads, but the field then holds the
    aggressor's value and a vro_set() of the victim must be refused, naming
    the site.
tamper.py desc SRC DST FIELD VALUE
    set a u32 field of the descriptor at the start of .vro_module
    (nr_sites, sites_off, names_off or names_size) to VALUE: a table that
    points outside the module must be refused at load, not followed.
tamper.py site0 SRC DST FIELD VALUE
    set a u8 field (type, kind, insn_off or insn_len) of the first site
    entry: a site whose kind and relocation type disagree, or whose
    instruction leaves the module's text, must be refused at load.
"""
import struct
import sys


def sections(b):
    shoff, = struct.unpack_from('<Q', b, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
    hdrs = [struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize)
            for i in range(shnum)]
    stroff = hdrs[shstrndx][4]
    for h in hdrs:
        yield b[stroff + h[0]:b.index(b'\0', stroff + h[0])].decode(), h


def find(b, name):
    for n, h in sections(b):
        if n == name:
            return h
    sys.exit('tamper.py: no section ' + name)


def site_rela(b, rela, name):
    """The index in .rela.vro_module (section header @rela) of the
    relocation that fills the field of the first site named @name."""
    h = find(b, '.vro_module')
    nr, sites, names = struct.unpack_from('<III', b, h[4] + 8)
    for i in range(nr):
        noff, = struct.unpack_from('<I', b, h[4] + sites + 16 * i + 4)
        at = h[4] + names + noff
        if b[at:b.index(b'\0', at)].decode() != name:
            continue
        for j in range(rela[5] // 24):
            off, = struct.unpack_from('<Q', b, rela[4] + 24 * j)
            if off == sites + 16 * i:
                return j
        sys.exit('tamper.py: no relocation fills the field of site %d (%s)' % (i, name))
    sys.exit('tamper.py: no site reads ' + name)


def main():
    mode, src, dst = sys.argv[1:4]
    b = bytearray(open(src, 'rb').read())
    if mode == 'byte':
        h = find(b, sys.argv[4])
        off = int(sys.argv[5], 0)
        if off >= h[5]:
            sys.exit('tamper.py: offset %#x beyond %s' % (off, sys.argv[4]))
        b[h[4] + off] ^= 0x5a
    elif mode == 'alias':
        h = find(b, '.rela.vro_module')
        if h[5] < 48:
            sys.exit('tamper.py: fewer than two sites')
        first, second = 0, 1
        if len(sys.argv) == 6:
            first, second = site_rela(b, h, sys.argv[4]), site_rela(b, h, sys.argv[5])
        info0, add0 = struct.unpack_from('<Qq', b, h[4] + 24 * first + 8)
        info1, _ = struct.unpack_from('<Qq', b, h[4] + 24 * second + 8)
        if info0 != info1:
            sys.exit('tamper.py: the two sites use different symbols')
        struct.pack_into('<q', b, h[4] + 24 * second + 16, add0)
    elif mode == 'desc':
        offs = {'nr_sites': 8, 'sites_off': 12, 'names_off': 16,
                'names_size': 20}
        h = find(b, '.vro_module')
        struct.pack_into('<I', b, h[4] + offs[sys.argv[4]],
                         int(sys.argv[5], 0))
    elif mode == 'site0':
        offs = {'type': 12, 'kind': 13, 'insn_off': 14, 'insn_len': 15}
        h = find(b, '.vro_module')
        sites_off, = struct.unpack_from('<I', b, h[4] + 12)
        b[h[4] + sites_off + offs[sys.argv[4]]] = int(sys.argv[5], 0)
    else:
        sys.exit('tamper.py: unknown mode ' + mode)
    open(dst, 'wb').write(b)


main()
