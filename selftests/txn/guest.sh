#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/txn/guest.sh - runs in the QEMU guest: vro_set_many() (the
# in-kernel test modules vro_t_txn, _plain, _const) before and after
# sealing. Prints "ok - "/"not ok - " lines; run numbers them.
D=/sys/kernel/debug
T=/tmp/vro-txn
mkdir -p $T

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }

# tap MODULE [ARGS...]: load a test module, print its results, unload it.
tap() {
	m=$1
	shift
	if ! modprobe "$m" "$@" 2>$T/err; then
		nok "$m loads ($(cat $T/err))"
		return
	fi
	if cat "$D/${m}_tap" >$T/tap 2>/dev/null && [ -s $T/tap ]; then
		sed "s/^\(ok\|not ok\) - /&[$m${TAG:+, $TAG}] /" $T/tap
	else
		nok "$m left results in $D/${m}_tap"
	fi
	rmmod "$m" || nok "rmmod $m"
}

# ---- open --------------------------------------------------------------
tap vro_t_txn flips=${FLIPS:-2000}
tap vro_t_txn_plain
tap vro_t_txn_const
for t in $EXTRA_TAPS; do tap $t; done

# ---- sealed --------------------------------------------------------------
echo 1 >$D/vro/seal
TAG=sealed
tap vro_t_txn
tap vro_t_txn_plain
for t in $EXTRA_TAPS_SEALED; do tap $t; done
modprobe -r vro_t_def 2>/dev/null
echo "# guest done"
