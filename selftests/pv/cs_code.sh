#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/cs_code.sh [OBJ.o...] - the code of every function that calls
# a callee-save pv op, as built (callee-save sites) and as the C ABI would
# build it (a benchmark: it prints figures, it checks nothing).
#
# Each object is compiled twice with kbuild's own command for it (from its
# .cmd file, run in the kernel build directory, objtool left out): once as
# is and once with -DVRO_PV_CODE_CABI=1, which makes every pv_call() a plain
# C call (include/linux/vro_pv.h). Per function that holds a callee-save
# site (a relocation to __pv_<op> with a site-length addend, +1 to +6),
# from objdump of each build: instructions, bytes (nm -S), pushes and pops
# of callee-saved registers, operands on the stack (%rsp: spills, reloads
# and locals) and register-to-register moves.
#
# Default objects: net/*.o and selftests/pv/*.o that have such sites.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=${KDIR:-/usr/src/linux-headers-${KVER:-$("$top/tools/kver")}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cs_sites OBJ: the functions of OBJ with a callee-save pv site
cs_sites() {
	objdump -dr --no-show-raw-insn "$1" | awk '
		/^[0-9a-f]+ <.*>:$/ { f = $2; gsub(/[<>:]/, "", f) }
		/R_X86_64_(PC|PLT)32[ \t]+__pv_[A-Za-z0-9_]+\+0x[1-6]$/ { print f }' |
		sort -u
}

# build OBJ CABI OUT: recompile OBJ's source with kbuild's command
build() {
	local cmdf cmd
	cmdf=$(dirname "$1")/.$(basename "$1").cmd
	[ -f "$cmdf" ] || { echo "cs_code.sh: no $cmdf (run make)" >&2; exit 2; }
	cmd=$(sed -n 's/^cmd_[^ ]* := *//p' "$cmdf" | sed 's/ *;.*//')
	cmd=${cmd/-Wp,-MMD,* -nostdinc/-nostdinc}
	[[ $cmd == *" -c -o $1 "* ]] ||
		{ echo "cs_code.sh: $cmdf: no '-c -o $1'" >&2; exit 2; }
	cmd=${cmd/ -c -o $1 / -DVRO_PV_CODE_CABI=$2 -c -o $3 }
	(cd "$kdir" && eval "$cmd") ||
		{ echo "cs_code.sh: cannot rebuild $1" >&2; exit 2; }
}

# fn_row OBJ FUNC: insns bytes push+pop %rsp reg-mov
fn_row() {
	local size
	size=$(nm -S "$1" | awk -v f="$2" '$4 == f { print $2; exit }')
	objdump -d --no-show-raw-insn "$1" | awk -v f="<$2>:" -v size=$((16#${size:-0})) '
		$2 == f { on = 1; next }
		on && /^$/ { exit }
		on && /^ +[0-9a-f]+:/ {
			n++
			if ($0 ~ /(push|pop) +%(rbx|rbp|r12|r13|r14|r15)$/) s++
			if ($0 ~ /\(%rsp\)/) k++
			if ($0 ~ /mov +%[a-z0-9]+,%[a-z0-9]+$/) m++
		}
		END { printf "%6d %6d %9d %6d %7d", n, size, s, k, m }'
}

objs=()
for o in "$@"; do objs+=("$(realpath "$o")"); done
if [ ${#objs[@]} = 0 ]; then
	for o in "$top"/net/*.o "$top"/selftests/pv/*.o; do
		case $o in *.mod.o) continue ;; esac
		[ -n "$(cs_sites "$o")" ] && objs+=("$o")
	done
fi
[ ${#objs[@]} != 0 ] || { echo "cs_code.sh: no object with callee-save sites (run make)" >&2; exit 2; }

echo "# gcc: $(gcc-12 --version 2>/dev/null | head -1 || gcc --version | head -1)"
printf '%-30s %-11s %6s %6s %9s %6s %7s\n' function build insns bytes \
	push+pop "%rsp" reg-mov
for o in "${objs[@]}"; do
	b=$(basename "$o" .o)
	build "$o" 0 "$tmp/$b.cs.o"
	build "$o" 1 "$tmp/$b.cabi.o"
	echo "# ${o#"$top"/}"
	# C callers only: an asm site (a harness) stays one in the C-ABI build
	for f in $(comm -23 <(cs_sites "$tmp/$b.cs.o") <(cs_sites "$tmp/$b.cabi.o")); do
		printf '%-30s %-11s %s\n' "$f" callee-save "$(fn_row "$tmp/$b.cs.o" "$f")"
		printf '%-30s %-11s %s\n' "" C-ABI "$(fn_row "$tmp/$b.cabi.o" "$f")"
	done
done
