# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/guest.sh - what the in-guest scripts of the suites share:
# unnumbered TAP lines (each suite's host-side run script numbers them,
# selftests/lib/tap.sh), check and check_fails, and tap (load a KSTM-style
# test module, print its results, unload it; selftests/lib/ktap.h). Source
# it after setting D (debugfs) and T (a scratch directory that exists);
# CHECK_QUIET=1: check and check_fails send what the command prints to
# /dev/null.

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }

# _vt_run CMD...: CMD, quiet if CHECK_QUIET=1
_vt_run() {
	if [ "${CHECK_QUIET:-0}" = 1 ]; then "$@" >/dev/null 2>&1; else "$@"; fi
}

# check DESC CMD...: "ok - DESC" if CMD succeeds, else "not ok - DESC".
check() {
	_vt_desc=$1
	shift
	if _vt_run "$@"; then ok "$_vt_desc"; else nok "$_vt_desc"; fi
}

# check_fails DESC CMD...: "ok - DESC" if CMD fails (a refusal), else "not ok".
check_fails() {
	_vt_desc=$1
	shift
	if _vt_run "$@"; then nok "$_vt_desc"; else ok "$_vt_desc"; fi
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

# wait_listen [NETNS [PORT]]: wait until something listens on TCP port
# PORT (default 5201, iperf3's) in network namespace NETNS (default, or "":
# this one), at most 60 s; false if nothing does. An iperf3 server takes a
# while to start under TCG, and seconds under the vrocount plugin on a
# loaded host: a client started after a fixed sleep can find no server.
wait_listen() {
	_vt_i=0
	_vt_port=$(printf '%04X' "${2:-5201}")
	while ! ${1:+ip netns exec "$1"} cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		grep -q ":$_vt_port .* 0A "; do
		_vt_i=$((_vt_i + 1))
		[ "$_vt_i" -gt 600 ] && return 1
		sleep 0.1
	done
}
