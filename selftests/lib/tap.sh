# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/tap.sh - the host side of every bash suite (selftests/*/run):
# kselftest TAP 13 on stdout, one numbered line per test, the plan first
# (plan N) or last (tap_done), diagnostics as "# ..." lines. Source it
# from a run script (bash) after setting top (the tree's root):
#
#   plan N                   "TAP version 13" and "1..N" now; tap_done then
#                            checks that N tests ran
#   ok DESC / nok DESC [DIAG...] / skip DESC WHY / check DESC CMD...
#   tap_lines [LABEL]        number the unnumbered "ok - ..."/"not ok - ..."
#                            lines on stdin (a guest's, selftests/lib/guest.sh;
#                            a host helper's) as tests, "[LABEL] " before
#                            each; every other line is a diagnostic
#   guest LABEL ARGS...      boot the guest (tools/vm/run ARGS...), number its
#                            lines, then one test for the run itself (exit 0,
#                            kernel log clean); guest_boot: without that test
#   guest_bg LABEL ARGS...   the same boot started in the background;
#   guest_fg LABEL           waits for it, then numbers and reports as guest
#   kernel_mods              mtop: the tree whose modules are built for the
#                            kernel the guest boots ($VRO_KERNEL, tools/kmods)
#   need_guest FILE...       skip_all unless QEMU is there and every FILE
#                            (relative to mtop, else top) is built
#   skip_all WHY             "1..0 # SKIP WHY", exit 0: the suite cannot run
#   tap_done                 the plan if not printed yet; exit 1 if a test
#                            failed, tap_bad is set or the plan was not met
#
# The guest's kernel: tools/vm/run boots $VRO_KERNEL (default stock), the
# Debian kernel $KVER (default: tools/kver's). When KVER names an installed
# kernel the tree's modules are not built for, the suite runs again from
# tools/kmods' mirror built for it (.cache/kmods/$KVER), so that every
# module, "make ext" and the headers it uses match that kernel.

: "${top:?selftests/lib/tap.sh: set top (the root of the tree) before sourcing it}"
tap_n=0 tap_failed=0 tap_planned='' tap_bad=''

_tap_head() {
	[ -n "${_tap_started:-}" ] && return
	_tap_started=1
	echo "TAP version 13"
}

# plan N: the number of tests, printed before them.
plan() {
	_tap_head
	tap_planned=$1
	echo "1..$1"
}

ok() {
	_tap_head
	tap_n=$((tap_n + 1))
	echo "ok $tap_n $1"
}

# nok DESC [DIAG...]: a failed test; each DIAG's lines follow as "# ...".
nok() {
	_tap_head
	tap_n=$((tap_n + 1)) tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/# /'
	return 0
}

# skip DESC WHY: a test that could not run here.
skip() {
	ok "$1 # SKIP $2"
}

# check DESC CMD...: "ok DESC" if CMD succeeds, else "not ok DESC".
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else nok "$desc"; fi
}

# tap_lines [LABEL] <LINES: the unnumbered TAP lines of a guest or helper
# (read from a file or <(...): in a pipeline it would count in a subshell).
tap_lines() {
	local label=${1:+[$1] } l
	while IFS= read -r l; do
		case "$l" in
		"ok - "*) ok "$label${l#ok - }" ;;
		"not ok - "*) nok "$label${l#not ok - }" ;;
		*) echo "# ${l#\# }" ;;
		esac
	done
}

# guest_boot LABEL ARGS...: tools/vm/run ARGS..., its lines numbered
# (tap_lines LABEL); its exit status in guest_rc.
guest_boot() {
	local label=$1 out
	shift
	out=$(mktemp)
	"$top"/tools/vm/run "$@" >"$out" 2>&1
	guest_rc=$?
	tap_lines "$label" <"$out"
	rm -f "$out"
}

# guest LABEL ARGS...: guest_boot, then the run itself as a test.
guest() {
	guest_boot "$@"
	_guest_verdict "$1"
}

_guest_verdict() {
	local label=${1:+[$1] }
	if [ "$guest_rc" = 0 ]; then
		ok "${label}guest run completed; kernel log clean (no BUG/Oops/WARNING/bad taint)"
	else
		nok "${label}guest run completed; kernel log clean (tools/vm/run exit $guest_rc)"
	fi
}

# guest_bg LABEL ARGS...: start tools/vm/run ARGS... in the background, its
# output kept; guest_fg LABEL waits for it and reports it as guest does. A
# guest uses one host CPU: a long boot runs beside the others this way.
declare -A _guest_bg_pid=() _guest_bg_out=()
guest_bg() {
	local label=$1
	shift
	_guest_bg_out[$label]=$(mktemp)
	"$top"/tools/vm/run "$@" >"${_guest_bg_out[$label]}" 2>&1 </dev/null &
	_guest_bg_pid[$label]=$!
}

guest_fg() {
	local label=$1 out=${_guest_bg_out[$1]:?guest_fg: no guest_bg $1}
	wait "${_guest_bg_pid[$label]}"
	guest_rc=$?
	tap_lines "$label" <"$out"
	rm -f "$out"
	unset "_guest_bg_pid[$label]" "_guest_bg_out[$label]"
	_guest_verdict "$label"
}

# kernel_mods: mtop, the tree whose .ko files are built for the kernel the
# guest boots: this one for the stock kernel, tools/kmods' mirror for a
# self-built one (VRO_KERNEL=rig|debug|vro*). If they cannot be built,
# that is the suite's one test, failed.
kernel_mods() {
	mtop=$top
	[ "${VRO_KERNEL:-stock}" = stock ] && return
	mtop=$("$top"/tools/kmods "$VRO_KERNEL") && return
	nok "build the modules for kernel '$VRO_KERNEL' (tools/kmods)"
	tap_done
}

# need_guest FILE...: the suite cannot run without QEMU or its modules.
need_guest() {
	local f
	command -v qemu-system-x86_64 >/dev/null ||
		skip_all "no qemu-system-x86_64: run 'make deps'"
	for f in "$@"; do
		[ -f "${mtop:-$top}/$f" ] || skip_all "$f not built (run make)"
	done
}

# skip_all WHY: the suite cannot run here (a tool, kernel or package is
# missing): an empty plan that says why, exit 0.
skip_all() {
	_tap_head
	echo "1..0 # SKIP $1"
	exit 0
}

# tap_done: end the run; the exit status says whether everything passed.
tap_done() {
	_tap_head
	if [ -z "$tap_planned" ]; then
		echo "1..$tap_n"
	elif [ "$tap_n" != "$tap_planned" ]; then
		echo "# ran $tap_n tests, planned $tap_planned"
		tap_bad=1
	fi
	[ "$tap_failed" = 0 ] && [ -z "$tap_bad" ]
	exit
}

# _tap_stock_mirror: exec this suite from the mirror built for $KVER when
# the tree's modules are built for another kernel (see above).
_tap_stock_mirror() {
	local dir rel out m

	[ "${VRO_KERNEL:-stock}" = stock ] && [ -n "${KVER:-}" ] || return 0
	[ -f "$top/vro/vro.ko" ] || return 0
	[ "$(modinfo -F vermagic "$top/vro/vro.ko" 2>/dev/null | cut -d' ' -f1)" = "$KVER" ] &&
		return 0
	dir=$(cd "$(dirname "$0")" && pwd)
	# a script outside the tree has no copy in the mirror
	[[ "$dir" == "$top"/* ]] || return 0
	rel=${dir#"$top"/}/$(basename "$0")
	# its last line: the directory
	if ! out=$("$top"/tools/kmods --kver "$KVER" 2>&1); then
		nok "build the modules for kernel $KVER (tools/kmods --kver $KVER)" "$out"
		tap_done
	fi
	m=${out##*$'\n'}
	[ -n "$m" ] && [ "$m" != "$top" ] || return 0
	exec "$m/$rel" "$@"
}
_tap_stock_mirror "$@"

_tap_head
