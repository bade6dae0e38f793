#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/guest.sh MODE - the guest half of selftests/pv/run: one boot
# per MODE (default, jhash, siphash, trace, bogus; the kernel command line
# carries the matching vro.pv=). Prints "ok 0 ..."/"not ok 0 ..." lines (the
# host renumbers them) and the test module's KSTM results.
mode=${1:?usage: guest.sh MODE}
P=/sys/module/vro/parameters/pv
D=/sys/kernel/debug

check() {
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok 0 $desc"
	else
		echo "not ok 0 $desc"
	fi
}

refuse() {
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "not ok 0 $desc"
	else
		echo "ok 0 $desc"
	fi
}

write_pv() {
	echo "$1" > $P
}

# The documented default: crc32c where the CPU has SSE4.2, else jhash.
dflt=jhash
grep -qw sse4_2 /proc/cpuinfo && dflt=crc32c

load_test() {
	if modprobe vro_pv_test "$@"; then
		cat $D/vro_pv_test
	else
		echo "not ok 0 modprobe vro_pv_test $*"
	fi
}

site_re() {	# site_re FUNC KIND TARGET
	echo "site $1+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_test\] $2 -> $3+0x0/"
}

case $mode in
default)
	if [ $dflt = crc32c ]; then
		load_test expect=crc32c busy_to=jhash
		refuse "writing flow:siphash to $P is refused (inline rdtsc sites live)" \
			write_pv flow:siphash
		check "after the refused write the set still uses crc32c" \
			grep -q "^set flow backend crc32c" $D/vro_pv
		check "introspection shows the inline rdtsc template at t_call_stamp" \
			grep -q "site t_call_stamp+0x[0-9a-f]*/0x[0-9a-f]* \[vro_pv_test\] inline flow_stamp: 0f 31 0f 1f 00" $D/vro_pv
	else
		echo "# no SSE4.2 in this CPU: default is jhash"
		load_test expect=jhash
	fi
	check "vro.ko is loaded and its vro.pv is empty (none given)" \
		sh -c "test -e $P && test -z \"\$(cat $P)\""
	check "introspection lists op set flow with backend $dflt" \
		grep -q "^set flow backend $dflt" $D/vro_pv
	check "introspection lists t_call_u32's site (%pS) calling flow_${dflt}_u32" \
		grep -q "$(site_re t_call_u32 call flow_${dflt}_u32)" $D/vro_pv
	check "introspection lists t_jmp_tuple's site as a jmp to flow_${dflt}_tuple" \
		grep -q "$(site_re t_jmp_tuple jmp flow_${dflt}_tuple)" $D/vro_pv
	check "rmmod vro_pv_test vro_flow (users first) works" \
		rmmod vro_pv_test vro_flow
	check "after rmmod no op set is registered" \
		sh -c "! grep -q '^set ' $D/vro_pv"
	;;
jhash|siphash)
	other=siphash
	[ $mode = siphash ] && other=jhash
	load_test expect=$mode switch_to=$other
	check "modprobe passed vro.pv=flow:$mode from /proc/cmdline" \
		test "$(cat $P)" = "flow:$mode"
	check "writing flow:$other to $P switches live" write_pv flow:$other
	check "introspection: t_call_u32 now calls flow_${other}_u32" \
		grep -q "$(site_re t_call_u32 call flow_${other}_u32)" $D/vro_pv
	check "writing flow:$mode back works" write_pv flow:$mode
	refuse "writing flow:nosuch to $P is refused" write_pv flow:nosuch
	check "after the refused write vro.pv still reads flow:$mode" \
		test "$(cat $P)" = "flow:$mode"
	check "introspection: t_jmp_u32 jumps to flow_${mode}_u32" \
		grep -q "$(site_re t_jmp_u32 jmp flow_${mode}_u32)" $D/vro_pv
	;;
trace)
	check "modprobe vro_flow_trace (after vro_flow has registered the set)" \
		modprobe vro_flow_trace
	check "the missing backend was logged when the set registered" \
		sh -c "dmesg | grep -q \"vro.pv selects backend 'trace' for op set 'flow', which has no such backend\""
	load_test expect=trace ref=$dflt
	want=$(sed -n 's/^# calls //p' $D/vro_pv_test)
	got=$(tr '\n' ' ' < /sys/module/vro_flow_trace/parameters/calls)
	echo "# test made: $want"
	echo "# trace counted: $got"
	check "trace counted exactly the calls the test made, per op" \
		test "$want " = "$got"
	refuse "rmmod vro_flow_trace while it is selected is refused" \
		rmmod vro_flow_trace
	check "vro_flow_trace is still loaded and selected" \
		grep -q "^set flow backend trace" $D/vro_pv
	check "switching to jhash at run time (call-to-call) works" \
		write_pv flow:jhash
	check "introspection: t_call_stamp now calls flow_clock_stamp" \
		grep -q "$(site_re t_call_stamp call flow_clock_stamp)" $D/vro_pv
	check "then rmmod vro_flow_trace works" rmmod vro_flow_trace
	;;
bogus)
	load_test expect=$dflt busy_to=
	check "vro.pv=flow:bogus is logged as an error naming the backend" \
		sh -c "dmesg | grep -q \"vro: pv: vro.pv selects backend 'bogus' for op set 'flow', which has no such backend: default '$dflt' stays in force\""
	;;
*)
	echo "not ok 0 unknown mode $mode"
	;;
esac
exit 0
