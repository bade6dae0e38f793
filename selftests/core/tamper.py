#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tamper.py SRC DST SECTION OFFSET: copy a module, flipping bits of the
byte at OFFSET in SECTION (a site's field, as vrolink --list prints it), so
the guest can check that vro.ko refuses a site whose bytes are not what the
site table says."""
import struct
import sys

src, dst, sec, off = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4], 0)
b = bytearray(open(src, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)


def sh(i):
    return struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize)


stroff = sh(shstrndx)[4]
for i in range(shnum):
    h = sh(i)
    name = b[stroff + h[0]:b.index(b'\0', stroff + h[0])].decode()
    if name == sec and off < h[5]:
        b[h[4] + off] ^= 0x5a
        open(dst, 'wb').write(b)
        sys.exit(0)
sys.exit('tamper.py: %s: no section %s holding offset %#x' % (src, sec, off))
