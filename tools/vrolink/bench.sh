#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/vrolink/bench.sh - time vrolink on a generated object with ~100k
# sites, next to the `ld -r` that produced it. Prints figures; not a test.
#   SITES=N (default 100000), FILES=N objects linked by ld -r (default 10)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
vrolink=$top/tools/vrolink/vrolink
sites=${SITES:-100000}
files=${FILES:-10}
make -s -C "$top/tools/vrolink"
work=$(mktemp -d "${TMPDIR:-/tmp}/vrolink-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Each function holds 10 sites of mixed forms; each file sites/files sites.
python3 - "$work" "$sites" "$files" <<'PY'
import sys
work, sites, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
forms = ["movq $__vro_v{n}, %rax", "cmpl $__vro_v{n}, %edi", "andq $__vro_v{n}, %rsi",
         "imull $__vro_v{n}, %edx, %eax", "leaq __vro_v{n}+8(%rdi), %rax",
         "movabsq $__vro_w{n}, %r8", "call __pv_op{n}", "addl $__vro_v{n}, %ecx",
         "movq $__vro_v{n}, 8(%rsp)", "jmp __pv_op{n}"]
per = sites // files
for f in range(files):
    out = [f"\t.weak __vro_v{n}, __vro_w{n}, __pv_op{n}, pv_tramp_op{n}" for n in range(16)]
    if f == 0:
        out += ["\t.section .vro_module, \"a\"", "\t.balign 8",
                "\t.long 0x564f5231", "\t.short 1, 0", "\t.long 0, 0, 0, 0", "\t.quad 0",
                "\t.data", *[f"\t.quad pv_tramp_op{n}" for n in range(16)]]
    out.append("\t.text")
    for i in range(per // 10):
        fn = f"f{f}_{i}"
        out += [f"\t.globl {fn}", f"\t.type {fn}, @function", f"{fn}:"]
        out += ["\t" + forms[k].format(n=(i + k) % 16) for k in range(10)]
        out += [f"\t.size {fn}, .-{fn}"]
    open(f"{work}/b{f}.s", "w").write("\n".join(out) + "\n")
PY
for s in "$work"/b*.s; do as -o "${s%.s}.o" "$s"; done

now() { date +%s.%N; }
t0=$(now); ld -r -o "$work/big.o" "$work"/b*.o; t1=$(now)
n=$(readelf -rW "$work/big.o" | grep -cE ' (__vro_|__pv_)')
t2=$(now); "$vrolink" -o "$work/out.o" "$work/big.o"; t3=$(now)
t4=$(now); "$vrolink" --list "$work/out.o" > "$work/list"; t5=$(now)
t6=$(now); "$vrolink" "$work/out.o"; t7=$(now)
listed=$(wc -l < "$work/list")
awk -v n="$n" -v l="$listed" -v sz="$(stat -c %s "$work/big.o")" \
    -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v t4="$t4" -v t5="$t5" \
    -v t6="$t6" -v t7="$t7" 'BEGIN {
	ld = t1 - t0; vl = t3 - t2; li = t5 - t4; re = t7 - t6
	printf "object: %d sites (readelf -r), %d listed, %.1f MB\n", n, l, sz / 1e6
	printf "ld -r (%d objects -> 1):      %7.3f s\n", '"$files"', ld
	printf "vrolink (write site table):  %7.3f s  (%.2fx ld -r, %.2f us/site)\n", vl, vl / ld, vl * 1e6 / n
	printf "vrolink --list (processed):  %7.3f s\n", li
	printf "vrolink (second run, no-op): %7.3f s\n", re
}'

# The synthetic object above is the worst case: every instruction is a site,
# so vrolink decodes about as many bytes as ld -r copies. A real module built
# by kbuild (selftests/bench's vro_bench, 8192 generated sites plus ordinary
# code and debug info) shows the usual case: kbuild's final link of the .ko
# (ld -r with the module linker script) next to vrolink on its output.
kver=$("$top/tools/kver" 2>/dev/null)
lds=/usr/src/linux-headers-$kver/arch/x86/module.lds
obj=$top/selftests/bench/vro_bench.o
if [ -f "$obj" ] && [ -f "${obj%.o}.mod.o" ] && [ -f "$lds" ]; then
	t0=$(now)
	ld -r -m elf_x86_64 -z noexecstack --build-id=sha1 -T "$lds" \
		-o "$work/real.ko" "$obj" "${obj%.o}.mod.o"
	t1=$(now)
	t2=$(now); "$vrolink" "$work/real.ko"; t3=$(now)
	n=$("$vrolink" --list "$work/real.ko" | wc -l)
	awk -v n="$n" -v sz="$(stat -c %s "$work/real.ko")" -v t0="$t0" \
	    -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
		ld = t1 - t0; vl = t3 - t2
		printf "real module vro_bench.ko: %d sites, %.1f MB\n", n, sz / 1e6
		printf "ld -r (kbuild final link):   %7.3f s\n", ld
		printf "vrolink (write site table):  %7.3f s  (%.2fx ld -r)\n", vl, vl / ld
	}'
else
	echo "real module: skipped (run make first to build selftests/bench)"
fi
