#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/guest.sh MODE - the guest half of selftests/pv/run: one boot
# per MODE (default, jhash, siphash, trace, bogus; the kernel command line
# carries the matching vro.pv=). Prints unnumbered "ok - ..."/"not ok - ..."
# lines (selftests/lib/guest.sh; the host numbers them) and the test
# modules' KSTM results (selftests/lib/ktap.h).
mode=${1:?usage: guest.sh MODE}
P=/sys/module/vro/parameters/pv
D=/sys/kernel/debug
T=/tmp/vro-pv
mkdir -p $T
. /selftests/lib/guest.sh
# check and check_fails: what the commands print is not shown
CHECK_QUIET=1

write_pv() {
	echo "$1" > $P
}

# The documented default: crc32c where the CPU has SSE4.2, else jhash.
dflt=jhash
grep -qw sse4_2 /proc/cpuinfo && dflt=crc32c

load_test() {
	if modprobe vro_pv_test "$@"; then
		cat $D/vro_pv_test_tap
	else
		nok "modprobe vro_pv_test $*"
	fi
}

# Load vro_flowstat (a netfilter user of the flow ops), ping over lo.
flowstat_ping() {
	ip link set lo up
	check "modprobe vro_flowstat (PRE_ROUTING hook calling pv ops)" \
		modprobe vro_flowstat
	ping -c 3 -W 2 127.0.0.1 >/dev/null 2>&1
	pkts=$(sed -n 's/^packets //p' $D/vro_flowstat)
	echo "# vro_flowstat saw ${pkts:-?} packets"
	check "vro_flowstat hashed the ping's packets (6 expected)" \
		test "${pkts:-0}" -ge 6
}

trace_count() {	# trace_count OP
	sed -n "s/^$1 //p" /sys/module/vro_flow_trace/parameters/calls
}

site_re() {	# site_re FUNC KIND TARGET
	echo "site $1+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_test\] $2 -> $3+0x0/"
}

life_ctl() {	# life_ctl CMD: drive vro_pv_life.ko (fails if its check fails)
	echo "$1" > /sys/module/vro_pv_life/parameters/ctl
}

life_site_re() {	# life_site_re TARGET
	echo "site tl_call+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_life\] call .*-> $1+0x0/"
}

# Callee-save sites: op set pcs of vro_pv_cs.ko, vro_pv_csu.ko loaded once
# per backend after selecting it (its harness and site checks print TAP).
cs_tests() {
	check "modprobe vro_pv_cs (op set pcs: callee-save ops, 5- and 10-byte sites)" \
		modprobe vro_pv_cs
	for b in c asm tmpl; do
		check "writing pcs:$b to $P selects backend $b of pcs" \
			write_pv pcs:$b
		if modprobe vro_pv_csu expect=$b; then
			cat $D/vro_pv_csu_tap
		else
			nok "modprobe vro_pv_csu expect=$b"
		fi
		if [ $b = tmpl ]; then
			check_fails "writing pcs:c while pcs templates are live is refused" \
				write_pv pcs:c
			check "introspection: pcs_long's 7-byte template padded to its 10-byte site" \
				grep -q "site t_long+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_csu\] inline pcs_long: 48 8d 87 45 23 01 00 0f 1f 00" $D/vro/pv
		fi
		check "rmmod vro_pv_csu ($b)" rmmod vro_pv_csu
	done
	check "vro.pv_check_cs=1: the callee-save functions of backends c, asm and tmpl clobbered nothing (no report)" \
		sh -c "! dmesg | grep -q 'vro: pv: callee-save check:'"
	check "writing pcs:clobber selects the backend whose pcs_add clobbers %rcx" \
		write_pv pcs:clobber
	if modprobe vro_pv_csu expect=clobber; then
		cat $D/vro_pv_csu_tap
	else
		nok "modprobe vro_pv_csu expect=clobber"
	fi
	check "vro.pv_check_cs reports the clobber naming op set pcs, backend clobber, op pcs_add, its function and %rcx" \
		sh -c "dmesg | grep -q \"vro: pv: callee-save check: op set 'pcs' backend 'clobber' op 'pcs_add': pcs_add_clob+0x0/0x[0-9a-f]* \[vro_pv_cs\] changed %rcx \""
	check "rmmod vro_pv_csu (clobber)" rmmod vro_pv_csu
	write_pv ""
	check "rmmod vro_pv_cs" rmmod vro_pv_cs
}

# Both tlife sites of vro_pv_life.ko (tl_call, tl_call2) call $1.
tlife_sites_on() {
	test "$(grep -c "\[vro_pv_life\] call -> $1+0x0/" $D/vro/pv)" = 2
}

# One sweep of a going backend under injected allocation failures: mask
# $1 (bit N-1: the sweep's allocation N fails, vro/pv_fail_mask). vro_pv_fail
# selects its backend "fail", then its init fails; the next choice is ext
# (vro_pv_life_b.ko, rating 500, pinned while selected). Prints what is
# wrong, nothing if all is well.
sweep_once() {
	gone=$(dmesg | grep -c 'its sites may still call it')
	echo "$1" >$D/vro/pv_fail_mask
	modprobe vro_pv_fail what=backend 2>/dev/null
	echo 0 >$D/vro/pv_fail_mask
	if ! tlife_sites_on tl_ext; then
		echo "sites not all on tl_ext: $(grep '\[vro_pv_life\] call' $D/vro/pv | tr -s ' \n' ' ')"
		return
	fi
	grep -q "^set tlife backend ext\$" $D/vro/pv ||
		echo "tlife uses $(sed -n 's/^set tlife backend //p' $D/vro/pv), not ext"
	[ "$(dmesg | grep -c 'its sites may still call it')" = "$gone" ] ||
		echo "the log says the sites may still call the gone backend"
	life_ctl "call 40" 2>/dev/null || echo "tl_call/tl_call2 do not return ext's result"
	rmmod vro_pv_life_b 2>/dev/null && echo "rmmod vro_pv_life_b worked while the sites call ext" &&
		modprobe vro_pv_life_b rating=500
}

# The sweep of a going backend with allocation failures at each of its
# allocations (test hook, VRO_TEST_HOOKS): one allocation; every one from
# N on (32 of them); the batch array and every one from N on (the switch
# stops after moving some sites). Every case must end with both sites on
# ext, ext's module pinned and no call of the gone backend left.
sweep_faults() {
	echo 0 >$D/vro/pv_fail_mask
	modprobe vro_pv_fail what=backend 2>/dev/null
	nr=$(cat $D/vro/pv_allocs)
	check "a going backend's sweep allocates (vro/pv_allocs=$nr) and moves both tlife sites to tl_ext" \
		sh -c "test $nr -gt 0 && grep -q '^set tlife backend ext\$' $D/vro/pv"
	for kind in one from first+from; do
		bad=
		n=1
		while [ $n -le $((nr + 4)) ]; do
			win=$(( ((1 << 32) - 1) << (n - 1) ))
			case $kind in
			one) mask=$((1 << (n - 1))) ;;
			from) mask=$win ;;
			first+from) mask=$((1 | win)) ;;
			esac
			why=$(sweep_once $mask)
			[ -z "$why" ] || { bad="$bad $n"; echo "# $kind $n: $why"; }
			n=$((n + 1))
		done
		check "sweep of a going backend, allocations failing ($kind N, N=1..$((nr + 4))): every site moved to the next choice, which stays pinned${bad:+; failed at N=$bad}" \
			test -z "$bad"
	done
}

# A switch away from a pinned backend waits for RCU-tasks outside vro's
# lock: while a kthread keeps calling the old backend (it never sleeps, so
# the wait cannot end), a module load and a vro_set must not wait for the
# switch. $1: what vro.pv reads now. tlife uses ext on entry and on return.
switch_waits() {
	pv=$1
	rm -f /tmp/sw.rc /tmp/ld.rc
	check "ctl spin: a kthread calls tl_call in a loop with cond_resched() only" \
		life_ctl spin
	(write_pv "$pv${pv:+,}tlife:b"; echo $? >/tmp/sw.rc) &
	sleep 2
	check "writing $pv${pv:+,}tlife:b to $P: the switch from ext waits for RCU-tasks while the kthread runs (2 s)" \
		test ! -e /tmp/sw.rc
	(modprobe tcp_vcubic && echo 'vcubic_beta 512' >$D/vro/set; echo $? >/tmp/ld.rc) &
	# The switch waits until the kthread stops, so a load it blocked would
	# never finish: the limit only bounds the wait, and is generous. 5 s
	# was too short for KASAN under TCG on a loaded host (one CI-like run).
	i=0
	while [ ! -e /tmp/ld.rc ] && [ $i -lt 60 ]; do
		sleep 1
		i=$((i + 1))
	done
	check "meanwhile modprobe tcp_vcubic and a vro_set (debugfs vro/set) complete, not blocked by the switch (${i} s)" \
		test "$(cat /tmp/ld.rc 2>/dev/null)" = 0
	check "and the switch is still waiting" test ! -e /tmp/sw.rc
	life_ctl unspin
	wait
	check "once the kthread stops, the switch completes" \
		test "$(cat /tmp/sw.rc 2>/dev/null)" = 0
	check "tlife uses b" grep -q "^set tlife backend b\$" $D/vro/pv
	check "rmmod tcp_vcubic" rmmod tcp_vcubic
	write_pv "$pv"
	check "selecting tlife:ext again" life_ctl "select ext"
}

# The tlife op set of vro_pv_life.ko: run-time vro.pv checks and rollback,
# modules that fail with pv state registered, teardown of a set. $1: what
# vro.pv reads now; $2: flow's backend now; $3: another flow backend.
life_tests() {
	pv=$1 cur=$2 other=$3
	check "modprobe vro_pv_life (op set tlife, explicit selection a)" \
		modprobe vro_pv_life
	check_fails "writing flwo:siphash to $P (no op set flwo) is refused" \
		write_pv flwo:siphash
	check "after the refused write vro.pv still reads $pv" \
		test "$(cat $P)" = "$pv"
	check "the refusal names the entry and the unknown op set" \
		sh -c "dmesg | grep -q \"vro: pv: vro.pv entry 'flwo:siphash' names op set 'flwo', which is not registered\""
	check_fails "writing flow:$other,tlife:far is refused (far is out of call reach)" \
		write_pv "flow:$other,tlife:far"
	check "after the refused write vro.pv still reads $pv" \
		test "$(cat $P)" = "$pv"
	check "the rollback put op set flow back on $cur" \
		grep -q "^set flow backend $cur\$" $D/vro/pv
	check "the rollback kept tlife's explicit selection a" \
		grep -q "^set tlife backend a\$" $D/vro/pv
	check_fails "modprobe vro_pv_fail what=backend (init fails with its backend registered and selected)" \
		modprobe vro_pv_fail what=backend
	check "the sweep's warning names vro_pv_fail (1 backend)" \
		sh -c "dmesg | grep -q 'vro: pv: module vro_pv_fail went away with 0 op set(s) and 1 backend(s) still registered'"
	check "$D/vro/pv reads fine after the sweep" cat $D/vro/pv
	check "tlife fell back to the rating rule: b" \
		grep -q "^set tlife backend b\$" $D/vro/pv
	check "tl_call's site was switched from the gone backend to tl_b" \
		grep -q "$(life_site_re tl_b)" $D/vro/pv
	check "tl_call returns b's result" life_ctl "call 20"
	check_fails "modprobe vro_pv_fail what=set (init fails with its op set registered)" \
		modprobe vro_pv_fail what=set
	check "the sweep's warning names vro_pv_fail (1 op set)" \
		sh -c "dmesg | grep -q 'vro: pv: module vro_pv_fail went away with 1 op set(s) and 0 backend(s) still registered'"
	check "$D/vro/pv reads fine and lists no op set tfail" \
		sh -c "cat $D/vro/pv >/dev/null && ! grep -q '^set tfail' $D/vro/pv"
	check "modprobe vro_pv_life_b rating=500: ext is the rating rule's default" \
		modprobe vro_pv_life_b rating=500
	if [ -w $D/vro/pv_fail_mask ]; then
		sweep_faults
	else
		nok "debugfs vro/pv_fail_mask exists (vro.ko built with VRO_TEST_HOOKS)"
	fi
	check "a forwarder takes the default's function: vro_pv_default_fn() pins vro_pv_life_b" \
		life_ctl hold
	check "selecting tlife:b (the sites no longer call ext)" life_ctl "select b"
	check_fails "rmmod vro_pv_life_b while a forwarder holds ext's function is refused" \
		rmmod vro_pv_life_b
	check "the forwarder lets go (module_put)" life_ctl release
	check "then rmmod vro_pv_life_b works" rmmod vro_pv_life_b
	check "a later module loads: modprobe vro_pv_life_b (backend ext)" \
		modprobe vro_pv_life_b
	check "selecting tlife:ext" life_ctl "select ext"
	check "tl_call's site calls tl_ext" grep -q "$(life_site_re tl_ext)" $D/vro/pv
	check_fails "rmmod vro_pv_life_b while ext is selected is refused" \
		rmmod vro_pv_life_b
	switch_waits "$pv"
	check "unregistering tlife puts tl_call's site back on its trampoline (bytes checked in the module)" \
		life_ctl unregister
	check "introspection: tl_call's site calls pv_tramp_tl_val" \
		grep -q "$(life_site_re pv_tramp_tl_val)" $D/vro/pv
	check "then rmmod vro_pv_life_b (ext, no longer pinned) works" \
		rmmod vro_pv_life_b
	check "tl_call, its backend's module gone, reaches the fallback" \
		life_ctl "call 1"
	check "registering tlife again binds the site (rating: b)" \
		life_ctl register
	check "a kprobe on tl_call's site, disabled or armed, makes switching tlife to a -EBUSY; without it the switch works" \
		life_ctl "probe a"
	# built in (CONFIG_VRO=y), the kernel refuses the probe itself
	[ -e /proc/sys/vro/seal ] ||
	check "the refusal names the site and the kprobe" \
		sh -c "dmesg | grep -q 'vro: tl_call+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_life\]: a kprobe is registered at tl_call+'"
	cat $D/vro_pv_life_tap
	check "rmmod vro_pv_life" rmmod vro_pv_life
}

case $mode in
default)
	if [ $dflt = crc32c ]; then
		load_test expect=crc32c busy_to=jhash
		check_fails "writing flow:siphash to $P is refused (inline rdtsc sites live)" \
			write_pv flow:siphash
		check "after the refused write the set still uses crc32c" \
			grep -q "^set flow backend crc32c" $D/vro/pv
		check "introspection shows the inline rdtsc template (push %rdx; rdtsc; pop %rdx) at t_call_stamp" \
			grep -q "site t_call_stamp+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_test\] inline flow_stamp: 52 0f 31 5a 90" $D/vro/pv
	else
		echo "# no SSE4.2 in this CPU: default is jhash"
		load_test expect=jhash
	fi
	check "vro.ko is loaded and its vro.pv is empty (none given)" \
		sh -c "test -e $P && test -z \"\$(cat $P)\""
	check "introspection lists op set flow with backend $dflt" \
		grep -q "^set flow backend $dflt" $D/vro/pv
	check "introspection lists t_call_u32's site (%pS) calling flow_${dflt}_u32" \
		grep -q "$(site_re t_call_u32 call flow_${dflt}_u32)" $D/vro/pv
	check "introspection lists t_jmp_tuple's site as a jmp to flow_${dflt}_tuple" \
		grep -q "$(site_re t_jmp_tuple jmp flow_${dflt}_tuple)" $D/vro/pv
	flowstat_ping
	if [ $dflt = crc32c ]; then
		check "vro_flowstat's stamp site in its netfilter hook is the inline rdtsc" \
			grep -q "site flowstat_hook+0x[0-9a-f]*/0x[0-9a-f]* \[vro_flowstat\] inline flow_stamp: 52 0f 31 5a 90" $D/vro/pv
	fi
	check "vro_flowstat's hash site calls flow_${dflt}_tuple" \
		grep -q "site flowstat_hook+0x[0-9a-f]*/0x[0-9a-f]* \[vro_flowstat\] call -> flow_${dflt}_tuple+0x0/" $D/vro/pv
	check "rmmod vro_flowstat vro_pv_test vro_flow (users first) works" \
		rmmod vro_flowstat vro_pv_test vro_flow
	check "after rmmod no op set is registered" \
		sh -c "! grep -q '^set ' $D/vro/pv"
	cs_tests
	;;
jhash|siphash)
	# the siphash boot gives a bare name: vro.pv=siphash (every op set)
	arg=flow:jhash
	[ $mode = siphash ] && arg=siphash
	other=siphash
	[ $mode = siphash ] && other=jhash
	load_test expect=$mode switch_to=$other
	check "modprobe passed vro.pv=$arg from /proc/cmdline" \
		test "$(cat $P)" = "$arg"
	check "writing flow:$other to $P switches live" write_pv flow:$other
	check "introspection: t_call_u32 now calls flow_${other}_u32" \
		grep -q "$(site_re t_call_u32 call flow_${other}_u32)" $D/vro/pv
	check "writing flow:$mode back works" write_pv flow:$mode
	check_fails "writing flow:nosuch to $P is refused" write_pv flow:nosuch
	check "after the refused write vro.pv still reads flow:$mode" \
		test "$(cat $P)" = "flow:$mode"
	check "introspection: t_jmp_u32 jumps to flow_${mode}_u32" \
		grep -q "$(site_re t_jmp_u32 jmp flow_${mode}_u32)" $D/vro/pv
	life_tests flow:$mode $mode $other
	;;
trace)
	check "modprobe vro_flow_trace (after vro_flow has registered the set)" \
		modprobe vro_flow_trace
	check "the missing backend was logged when the set registered" \
		sh -c "dmesg | grep -q \"vro.pv selects backend 'trace' for op set 'flow', which has no such backend\""
	load_test expect=trace ref=$dflt
	want=$(sed -n 's/^# calls //p' $D/vro_pv_test_tap)
	got=$(tr '\n' ' ' < /sys/module/vro_flow_trace/parameters/calls)
	echo "# test made: $want"
	echo "# trace counted: $got"
	check "trace counted exactly the calls the test made, per op" \
		test "$want " = "$got"
	h0=$(trace_count flow_hash_tuple)
	s0=$(trace_count flow_stamp)
	flowstat_ping
	h1=$(trace_count flow_hash_tuple)
	s1=$(trace_count flow_stamp)
	echo "# trace: flow_hash_tuple $h0 -> $h1, flow_stamp $s0 -> $s1"
	check "trace counted one flow_hash_tuple and one flow_stamp per packet vro_flowstat saw" \
		test $((h1 - h0)) = "$pkts" -a $((s1 - s0)) = "$pkts"
	check_fails "rmmod vro_flow_trace while it is selected is refused" \
		rmmod vro_flow_trace
	check "vro_flow_trace is still loaded and selected" \
		grep -q "^set flow backend trace" $D/vro/pv
	check "switching to jhash at run time (call-to-call) works" \
		write_pv flow:jhash
	check "introspection: t_call_stamp (callee-save) now calls flow_clock_stamp's thunk" \
		grep -q "$(site_re t_call_stamp call flow_clock_stamp_pv_thunk)" $D/vro/pv
	check "introspection: vro_flowstat's hook now calls flow_jhash_tuple" \
		grep -q "site flowstat_hook+0x[0-9a-f]*/0x[0-9a-f]* \[vro_flowstat\] call -> flow_jhash_tuple+0x0/" $D/vro/pv
	h0=$(trace_count flow_hash_tuple)
	ping -c 2 -W 2 127.0.0.1 >/dev/null 2>&1
	p2=$(sed -n 's/^packets //p' $D/vro_flowstat)
	check "after the switch packets are still hashed ($pkts -> $p2) and trace counts no more" \
		test "${p2:-0}" -gt "$pkts" -a "$(trace_count flow_hash_tuple)" = "$h0"
	check "then rmmod vro_flow_trace works" rmmod vro_flow_trace
	;;
bogus)
	load_test expect=$dflt busy_to=
	check "a bare vro.pv (no value) is logged and does not keep vro.ko out" \
		sh -c "dmesg | grep -q 'vro: pv: vro.pv needs a value'"
	check "vro.pv=flow:bogus is logged as an error naming the backend" \
		sh -c "dmesg | grep -q \"vro: pv: vro.pv selects backend 'bogus' for op set 'flow', which has no such backend: default '$dflt' stays in force\""
	check "vro.pv entry FLOW:jhash (no such op set) is logged" \
		sh -c "dmesg | grep -q \"vro: pv: vro.pv entry 'FLOW:jhash' names op set 'FLOW', which is not registered\""
	check "vro.pv entry :jhash (no op set name) is logged" \
		sh -c "dmesg | grep -q \"vro: pv: vro.pv entry ':jhash' is malformed (no op set name before ':')\""
	check "introspection reports FLOW:jhash as matching no op set" \
		grep -q "^vro.pv entry 'FLOW:jhash' ignored: no op set 'FLOW' is registered\$" $D/vro/pv
	check "introspection reports :jhash as malformed" \
		grep -q "^vro.pv entry ':jhash' ignored: malformed" $D/vro/pv
	;;
*)
	nok "unknown mode $mode"
	;;
esac
# Every boot runs with vro.pv_check_cs=1 (selftests/pv/run); only the
# deliberately clobbering backend of the default boot may be reported.
check "vro.pv_check_cs reads Y (every callee-save function called through a checking slot)" \
	test "$(cat /sys/module/vro/parameters/pv_check_cs)" = Y
check "vro.pv_check_cs: no callee-save function but backend clobber's was reported" \
	sh -c "! dmesg | grep 'vro: pv: callee-save check:' | grep -qv \"backend 'clobber'\""
exit 0
