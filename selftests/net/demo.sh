#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo`: load the sample network user, show its VROs and
# their sites, change one, seal, and show that the value is now part of the
# instruction stream for good.
set -u
D=/sys/kernel/debug/vro
P=/sys/module/vro_flowlimit/parameters

step() { printf '\n=== %s\n' "$*"; }

step "modprobe vro_flowlimit (pulls in vro.ko)"
modprobe vro_flowlimit || exit 1
step "variables: name owner type value state sites"
cat $D/variables
step "sites: symbol kind reloc addend field-bytes function"
cat $D/sites
step "traffic between two network namespaces (iperf3, 2 s)"
netns-iperf 2
cat /sys/kernel/debug/vro_flowlimit/stats
step "echo 100000 > $P/budget  (vro_set: every budget site re-patched under stop_machine)"
echo 100000 > $P/budget || exit 1
grep budget $D/variables
grep budget $D/sites
step "echo 1 > $D/seal  (set_very_readonly)"
echo 1 > $D/seal || exit 1
cat $D/variables
step "writes after sealing are refused"
if echo 5 > $P/budget 2>/dev/null; then
	echo "UNEXPECTED: budget still writable"; exit 1
fi
echo "echo 5 > $P/budget: refused (EPERM); budget is $(cat $P/budget)"
step "sites after sealing (unchanged bytes, now permanent)"
grep budget $D/sites
