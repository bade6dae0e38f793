# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/guest.sh - what the in-guest scripts of the suites share:
# unnumbered TAP lines (each suite's host-side run script numbers them),
# check, and tap (load a KSTM-style test module, print its results,
# unload it). Source it after setting D (debugfs) and T (a scratch
# directory that exists).

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }

# check DESC CMD...: "ok - DESC" if CMD succeeds, else "not ok - DESC".
check() {
	_vt_desc=$1
	shift
	if "$@"; then ok "$_vt_desc"; else nok "$_vt_desc"; fi
}

# tap_filter MODULE: prints a module's result lines read on stdin; a suite
# that labels them redefines it after sourcing this file.
tap_filter() { cat; }

# tap MODULE [ARGS...]: load a test module, print its results, unload it.
# Its results are in $D/<module>_tap (a debugfs file of size 0: copy first).
tap() {
	_vt_m=$1
	shift
	if ! modprobe "$_vt_m" "$@" 2>"$T/err"; then
		nok "$_vt_m loads ($(cat "$T/err"))"
		return
	fi
	if cat "$D/${_vt_m}_tap" >"$T/tap" 2>/dev/null && [ -s "$T/tap" ]; then
		tap_filter "$_vt_m" <"$T/tap"
	else
		nok "$_vt_m left results in $D/${_vt_m}_tap"
	fi
	rmmod "$_vt_m" || nok "rmmod $_vt_m"
}
