#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of selftests/net/bench.sh: TCP throughput between two network
# namespaces (netns-iperf) with no hook, with vro_flowlimit (VRO tunables)
# and with vro_flowlimit_plain (__read_mostly tunables), interleaved over
# ROUNDS rounds so drift hits all three alike. Prints one line per run and
# the median of each configuration.
rounds=${1:-5} secs=${2:-3}
for r in $(seq 1 "$rounds"); do
	for cfg in none vro_flowlimit vro_flowlimit_plain; do
		[ "$cfg" != none ] && modprobe "$cfg"
		g=$(netns-iperf "$secs" | sed -n 's/^netns-iperf: \([0-9.]*\) Gbit.*/\1/p')
		[ "$cfg" != none ] && rmmod "$cfg"
		echo "run $r $cfg ${g:-0}"
	done
done
