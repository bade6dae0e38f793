#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/cs_code.sh [MODULE.ko] - the code of callers with values live
# across a pv site, callee-save op versus C-ABI op (a benchmark: it prints
# figures, it checks nothing). The pairs live in selftests/pv/vro_pv_csu.c:
# t_live/t_loop call the callee-save ops pcs_add/pcs_long through pv_call();
# t_live_cabi/t_loop_cabi are the same code with plain calls, which is what a
# DECLARE_PV_OP() site compiles to. Per function, from objdump of the
# function's symbol extent (nm -S): instructions, bytes, pushes and pops of
# callee-saved registers, stack accesses (%rsp operands), register moves.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
ko=${1:-$top/selftests/pv/vro_pv_csu.ko}
[ -f "$ko" ] || { echo "cs_code.sh: $ko not built (run make)" >&2; exit 2; }

fn_code() {	# fn_code FUNC: its instructions, one per line
	local start size
	read -r start size < <(nm -S "$ko" | awk -v f="$1" '$4 == f { print $1, $2 }')
	[ -n "$start" ] || { echo "cs_code.sh: no $1 in $ko" >&2; exit 2; }
	objdump -d -j .text --no-show-raw-insn \
		--start-address=$((16#$start)) \
		--stop-address=$((16#$start + 16#$size)) "$ko" |
		grep -E '^ +[0-9a-f]+:' || true
	echo "size $((16#$size))"
}

row() {		# row FUNC KIND
	local code insns bytes saves stack moves
	code=$(fn_code "$1")
	bytes=$(sed -n 's/^size //p' <<< "$code")
	insns=$(grep -c ':' <<< "$code")
	saves=$(grep -cE '(push|pop) +%(rbx|rbp|r12|r13|r14|r15)$' <<< "$code" || true)
	stack=$(grep -c '(%rsp)' <<< "$code" || true)
	moves=$(grep -cE 'mov +%[a-z0-9]+,%[a-z0-9]+$' <<< "$code" || true)
	printf '%-12s %-11s %6s %6s %11s %6s %6s\n' "$1" "$2" "$insns" "$bytes" \
		"$saves" "$stack" "$moves"
}

printf '%-12s %-11s %6s %6s %11s %6s %6s\n' function op insns bytes \
	"push+pop" "%rsp" "reg-mov"
row t_live callee-save
row t_live_cabi C-ABI
row t_loop callee-save
row t_loop_cabi C-ABI
