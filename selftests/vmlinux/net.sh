#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/vmlinux/net.sh - guest side of the network-stack conversions
# (kernel/patches/<version>/0010-0013, Documentation/kernel.rst), on a kernel
# with the vro core built in. selftests/vmlinux/guest.sh sources it after
# each boot of selftests/vmlinux/run; alone:
#
#	tools/vm/run --kernel vro --append \
#		"vro.netdev_max_backlog=1234 vro.udp_ehash_secret=0x5eed1234
#		 vro.netdev_budget=321 vro.gro_normal_batch=5" \
#		-- sh /selftests/vmlinux/net.sh
#
# Checks every converted constant's sites ([vmlinux] in the sites file)
# and that they hold the value; the command line (the values above);
# the sysctls (read, write, refusal: garbage and out of range); traffic
# between two namespaces (iperf3 TCP and UDP, IPv4 and IPv6), and TCP with
# each of net_hotdata's hot scalars changed in turn and with RFS on; 200
# TCP connections held open, each echoing after all are up; a changed
# secret and a changed backlog limit in effect; then seals and checks that
# every write is refused. Booted with vro.seal=1 it checks what needs no
# write: sites, refusals, traffic.
# Prints unnumbered TAP lines (selftests/lib/guest.sh).
D=/sys/kernel/debug/vro
T=/tmp/vmlinux-net
mkdir -p $T
. /selftests/lib/guest.sh

# the TCP/IPv6 address-hash secret: 6.1's ipv6_hash_secret is 6.12's
# tcp_ipv6_hash_secret (a field of net_hotdata, kernel/patches/6.12/0010)
case "$(uname -r)" in
6.1.*) TCP6_SECRET=ipv6_hash_secret ;;
*) TCP6_SECRET=tcp_ipv6_hash_secret ;;
esac
SECRETS="inet_ehash_secret udp_ehash_secret inet6_ehash_secret $TCP6_SECRET
udp6_ehash_secret udp_ipv6_hash_secret"
# the rest of net_hotdata's hot scalars (6.12's 0013): the VROs behind the
# sysctls of the same name (with a value each accepts), the weights
# (dev_weight times its biases) and RFS's CPU mask; 6.1 has no such patch
case "$(uname -r)" in
6.1.*) HOT_KNOBS= HOT= ;;
*)
	HOT_KNOBS="netdev_budget:400 netdev_budget_usecs:9000 gro_normal_batch:16
max_skb_frags:10 skb_defer_max:32 mem_pcpu_rsv:512"
	HOT="$(for kv in $HOT_KNOBS; do echo "${kv%%:*}"; done)
dev_rx_weight dev_tx_weight rps_cpu_mask"
	;;
esac
SITED="$SECRETS tcp_ehash tcp_ehash_mask netdev_max_backlog
netdev_tstamp_prequeue $HOT"
NS_A=vnetA NS_B=vnetB
A4=10.98.0.1 B4=10.98.0.2 A6=fd98::1 B6=fd98::2
P=/proc/sys/net/core

mount -t debugfs none /sys/kernel/debug 2>/dev/null
# pointer VROs print through %pK (Documentation/vro.rst): with
# kptr_restrict=1 root (CAP_SYSLOG) reads the addresses the checks compare
echo 1 >/proc/sys/kernel/kptr_restrict

# var_field NAME N: field N of NAME's line in the variables file
# (name owner type value state nr_sites).
var_field() {
	awk -v n="$1" -v f="$2" '$1 == n || $1 == "__vro_" n { print $f }' \
		$D/variables
}

# sites NAME: NAME's lines in the sites file
# (symbol kind reloc addend field-bytes %pS [vmlinux]).
sites() {
	awk -v n="$1" '$1 == n || $1 == "__vro_" n' $D/sites
}

# le_bytes HEX WIDTH: the WIDTH low bytes of HEX (no 0x), little endian.
le_bytes() {
	echo "$1" | awk -v w="$2" '{
		h = tolower($1); while (length(h) < 2 * w) h = "0" h
		h = substr(h, length(h) - 2 * w + 1)
		for (i = length(h) - 1; i >= 1; i -= 2) printf "%s", substr(h, i, 2)
		print "" }'
}

# hold NAME: every site of NAME holds its current value plus the addend.
hold() {
	_v=$(var_field "$1" 4)
	case "$_v" in
	0x*) _hex=${_v#0x} ;;
	*) _hex=$(printf '%x' "$_v") ;;
	esac
	sites "$1" | {
		_bad=0 _n=0
		while read -r _sym _kind _rel _add _bytes _rest; do
			_n=$((_n + 1))
			_w=$((${#_bytes} / 2))
			if [ "$(var_field "$1" 3)" = ptr ]; then
				# a pointer's field prints as the address (%pK)
				_want=$_v
				[ "$_add" = +0 ] || _want="(no rule for pointer addend $_add)"
			elif [ "$_w" = 8 ] && [ "$_add" = +0 ]; then
				_want=$(le_bytes "$_hex" 8)
			elif [ "$_w" = 4 ] && [ "${_hex#????????????????}" = "$_hex" ]; then
				_want=$(le_bytes "$(printf '%x' $((0x$_hex + _add)))" 4)
			else
				_want="(no rule for width $_w addend $_add)"
			fi
			if [ "$_bytes" != "$_want" ]; then
				echo "# $1: site $_rest holds $_bytes, want $_want"
				_bad=1
			fi
		done
		[ "$_bad" = 0 ] && [ "$_n" -gt 0 ]
	}
}

# owned NAME: NAME is vmlinux's and every site holds its value.
owned() { [ "$(var_field "$1" 2)" = vmlinux ] && hold "$1"; }

# sysctl_is NAME VALUE: the sysctl reads VALUE, so does the VRO, and every
# site of the VRO holds it.
sysctl_is() {
	[ "$(cat $P/$1)" = "$2" ] && [ "$(var_field "$1" 4)" = "$2" ] && hold "$1"
}

# refused NAME VALUE: NAME is listed, and debugfs refuses to set it to
# VALUE, leaving its value and sites as they were.
refused() {
	_was=$(var_field "$1" 4) _sites=$(sites "$1")
	[ -n "$_was" ] && ! echo "$1 $2" 2>/dev/null >$D/set &&
		[ "$(var_field "$1" 4)" = "$_was" ] && [ "$(sites "$1")" = "$_sites" ]
}

sysctl_rd() { cat $P/$1; }
sysctl_wr() { echo "$2" 2>/dev/null >$P/$1; }
vro_set() { echo "$1 $2" 2>/dev/null >$D/set; }

# fails_with SYSCTL VALUE ERROR: writing VALUE to SYSCTL fails, and the
# shell's message has ERROR (strerror: "Invalid argument", "Operation not
# permitted").
fails_with() {
	_e=$(bash -c "echo '$2' >$P/$1" 2>&1) && {
		echo "# $1: '$2' was taken"
		return 1
	}
	case "$_e" in *"$3"*) return 0 ;; esac
	echo "# $1: '$2': $_e"
	return 1
}

# ---- sites and values ----------------------------------------------------
# net_sites: every converted VRO: vmlinux's, its sites listed and holding its value.
net_sites() {
	for v in $SITED; do
		n=$(sites "$v" | grep -c '\[vmlinux\]$')
		check "$v: $n sites listed, all marked [vmlinux]" \
			[ "$n" -gt 0 -a "$n" = "$(sites "$v" | wc -l)" ]
		check "$v: owner vmlinux, every site holds its value $(var_field "$v" 4)" \
			owned "$v"
	done
	check "tcp_ehash_last is listed (the mask's base, no sites)" \
		[ "$(var_field tcp_ehash_last 2)" = vmlinux ]
	for v in $SECRETS; do
		case "$v" in udp_ehash_secret) continue ;; esac
		x=$(var_field "$v" 4)
		check "$v was picked at boot ($x, not 0)" [ -n "$x" -a "$x" != 0 ]
	done
	entries=$(dmesg | sed -n 's/.*Hash tables configured (established \([0-9]*\).*/\1/p')
	mask=$(var_field tcp_ehash_mask 4)
	check "tcp_ehash_mask $mask is the established table's $entries entries - 1" \
		[ -n "$entries" -a "$mask" = "$((${entries:-0} - 1))" ]
	if [ -n "$HOT" ]; then
		# RFS's mask covers the possible CPUs (roundup_pow_of_two - 1)
		ncpu=$(($(sed 's/.*[-,]//' /sys/devices/system/cpu/possible) + 1))
		want=1
		while [ "$want" -lt "$ncpu" ]; do want=$((want * 2)); done
		want=$((want - 1))
		check "rps_cpu_mask $(var_field rps_cpu_mask 4) was narrowed at boot to roundup_pow_of_two($ncpu possible CPUs) - 1 = $want" \
			[ "$(var_field rps_cpu_mask 4)" = "$want" ]
	fi
	base=$(var_field tcp_ehash 4) last=$(var_field tcp_ehash_last 4)
	lo() { printf '%d' "0x$(echo "${1#0x}" | sed 's/.*\(........\)$/\1/')"; }
	check "tcp_ehash_last - tcp_ehash is the mask (8-byte buckets)" \
		[ $(( ($(lo "$last") - $(lo "$base")) / 8 )) = "$mask" ]
}

# ---- the command line ----------------------------------------------------
# net_cmdline: vro.<name>= on the command line reached the code.
net_cmdline() {
	cl_backlog=$(sed -n 's/.*vro\.netdev_max_backlog=\([0-9]*\).*/\1/p' /proc/cmdline)
	cl_secret=$(sed -n 's/.*vro\.udp_ehash_secret=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
	if [ -z "$cl_backlog" ] || [ -z "$cl_secret" ]; then
		nok "booted with vro.netdev_max_backlog=N vro.udp_ehash_secret=0xX (see the header)"
	else
		check "vro.netdev_max_backlog=$cl_backlog: the sysctl reads it, every site holds it" \
			sysctl_is netdev_max_backlog "$cl_backlog"
		check "vro.udp_ehash_secret=$cl_secret is kept (not replaced at boot)" \
			[ "$(var_field udp_ehash_secret 4)" = $((cl_secret)) ]
	fi
	[ -n "$HOT" ] || return 0
	for k in netdev_budget gro_normal_batch; do
		v=$(sed -n "s/.*vro\.$k=\([0-9]*\).*/\1/p" /proc/cmdline)
		if [ -z "$v" ]; then
			nok "booted with vro.$k=N (see the header)"
		else
			check "vro.$k=$v: the sysctl reads it, every site holds it" \
				sysctl_is "$k" "$v"
		fi
	done
}

# ---- sysctls ---------------------------------------------------------------
# net_sysctls: the sysctls read, re-patch and refuse; the table cannot be set.
net_sysctls() {
	check "netdev_max_backlog: write 2345" sysctl_wr netdev_max_backlog 2345
	check "netdev_max_backlog: reads 2345, every site holds it" \
		sysctl_is netdev_max_backlog 2345
	before=$(sites netdev_max_backlog)
	check "netdev_max_backlog: 'abc' is refused" \
		sh -c "! echo abc 2>/dev/null >$P/netdev_max_backlog"
	check "netdev_max_backlog: 2147483648 (out of int range) is refused" \
		sh -c "! echo 2147483648 2>/dev/null >$P/netdev_max_backlog"
	same_backlog() {
		[ "$before" = "$(sites netdev_max_backlog)" ] &&
			sysctl_is netdev_max_backlog 2345
	}
	check "netdev_max_backlog: refused writes changed no site and no value" \
		same_backlog
	check "netdev_tstamp_prequeue: reads 1 (default)" \
		[ "$(sysctl_rd netdev_tstamp_prequeue)" = 1 ]
	sysctl_wr netdev_tstamp_prequeue 0
	check "netdev_tstamp_prequeue: write 0, reads 0, every site holds 0" \
		sysctl_is netdev_tstamp_prequeue 0
	check "debugfs set tcp_ehash_mask is refused (derived from the table), nothing changed" \
		refused tcp_ehash_mask 1
	check "debugfs set tcp_ehash is refused (a pointer), nothing changed" \
		refused tcp_ehash 4096
	check "debugfs set tcp_ehash_last is refused (a pointer), nothing changed" \
		refused tcp_ehash_last 4096
}

# ---- net_hotdata's hot scalars: sysctls ------------------------------------
# same_as SYSCTL VALUE SITES: the sysctl and its VRO read VALUE, every site
# holds it, and the sites file lists SITES for it.
same_as() { [ "$(sites "$1")" = "$3" ] && sysctl_is "$1" "$2"; }

# hot_knob SYSCTL GOOD BAD...: the sysctl reads its VRO; a write of GOOD
# re-patches every site; 'abc' and each BAD (out of the table's bounds)
# fail with EINVAL and change no site and no value; the value before is
# written back.
hot_knob() {
	_k=$1 _good=$2
	shift 2
	_was=$(sysctl_rd "$_k")
	check "$_k: reads its VRO's value $_was, every site holds it" \
		sysctl_is "$_k" "$_was"
	check "$_k: write $_good" sysctl_wr "$_k" "$_good"
	check "$_k: reads $_good, every site holds it" sysctl_is "$_k" "$_good"
	_before=$(sites "$_k")
	for _bad in abc "$@"; do
		check "$_k: '$_bad' fails with EINVAL" \
			fails_with "$_k" "$_bad" "Invalid argument"
	done
	check "$_k: the refused writes changed no site and no value" \
		same_as "$_k" "$_good" "$_before"
	check "$_k: write $_was back" sysctl_wr "$_k" "$_was"
}

# weights_are RX TX: dev_rx_weight and dev_tx_weight hold RX and TX, in
# every site.
weights_are() {
	[ "$(var_field dev_rx_weight 4)" = "$1" ] && hold dev_rx_weight &&
		[ "$(var_field dev_tx_weight 4)" = "$2" ] && hold dev_tx_weight
}

# weights SYSCTL VALUE RX TX: writing VALUE to SYSCTL (dev_weight or one of
# its biases) gives the weights RX and TX.
weights() {
	sysctl_wr "$1" "$2" && [ "$(sysctl_rd "$1")" = "$2" ] &&
		weights_are "$3" "$4"
}

# weight_sysctls: dev_weight, its biases.
weight_sysctls() {
	echo "$(sysctl_rd dev_weight) $(sysctl_rd dev_weight_rx_bias) $(sysctl_rd dev_weight_tx_bias)"
}

# net_hot_sysctls: each hot scalar's sysctl reads, re-patches and refuses;
# dev_weight and its biases set both weights.
net_hot_sysctls() {
	u=$(sysctl_rd netdev_budget_usecs) f=$(sysctl_rd max_skb_frags)
	r=$(sysctl_rd mem_pcpu_rsv)
	hot_knob netdev_budget 400 2147483648
	# the default of each of these is its minimum or maximum
	hot_knob netdev_budget_usecs 9000 $((u - 1)) 2147483648
	hot_knob gro_normal_batch 16 0 -1
	hot_knob max_skb_frags 10 0 $((f + 1))
	hot_knob skb_defer_max 32 -1
	hot_knob mem_pcpu_rsv 512 $((r - 1))

	default_weights() {
		[ "$(weight_sysctls)" = "64 1 1" ] && weights_are 64 64
	}
	check "weights: dev_weight 64, biases 1 1: dev_rx_weight and dev_tx_weight 64, every site" \
		default_weights
	check "dev_weight 32: dev_rx_weight 32, dev_tx_weight 32, every site" \
		weights dev_weight 32 32 32
	check "dev_weight_rx_bias 2: dev_rx_weight 64, dev_tx_weight 32, every site" \
		weights dev_weight_rx_bias 2 64 32
	check "dev_weight_tx_bias 3: dev_rx_weight 64, dev_tx_weight 96, every site" \
		weights dev_weight_tx_bias 3 64 96
	before=$(sites dev_rx_weight; sites dev_tx_weight)
	for k in dev_weight dev_weight_rx_bias dev_weight_tx_bias; do
		check "$k: 'abc' fails with EINVAL" fails_with $k abc "Invalid argument"
		check "$k: 0 (below 1) fails with EINVAL" fails_with $k 0 "Invalid argument"
	done
	same_weights() {
		[ "$(weight_sysctls)" = "32 2 3" ] && weights_are 64 96 &&
			[ "$before" = "$(sites dev_rx_weight; sites dev_tx_weight)" ]
	}
	check "weights: the refused writes changed no sysctl, no VRO, no site" \
		same_weights
	sysctl_wr dev_weight_rx_bias 1
	sysctl_wr dev_weight_tx_bias 1
	check "dev_weight 64, biases 1 1 back: both weights 64" \
		weights dev_weight 64 64 64
}

# ---- traffic between two namespaces ---------------------------------------
ns_up() {
	modprobe veth 2>/dev/null
	ip netns add $NS_A && ip netns add $NS_B &&
	ip link add va type veth peer name vb &&
	ip link set va netns $NS_A && ip link set vb netns $NS_B &&
	ip -n $NS_A addr add $A4/24 dev va && ip -n $NS_B addr add $B4/24 dev vb &&
	ip -n $NS_A addr add $A6/64 dev va nodad &&
	ip -n $NS_B addr add $B6/64 dev vb nodad &&
	ip -n $NS_A link set lo up && ip -n $NS_B link set lo up &&
	ip -n $NS_A link set va up && ip -n $NS_B link set vb up
}

# reap: end every process this script started in the two namespaces (the
# echo servers, their cat children, the clients), by pid, and wait for the
# client pipelines, so that nothing outlives the test.
reap() {
	_pids=$(ip netns pids $NS_A; ip netns pids $NS_B)
	[ -n "$_pids" ] && kill $_pids 2>/dev/null
	wait 2>/dev/null
}

# iperf ADDR [IPERF3 ARGS]: 2 s of traffic from B to A; true if the
# receiver got some. A server not listening yet (a loaded host) refuses
# the client, and a client that fails mid-test ends the one-shot server:
# up to 3 rounds, each with a server of its own. A failure prints what the
# last client and server said.
iperf() {
	_addr=$1
	shift
	_try=0 _rc=1
	while [ $_rc != 0 ] && [ $_try -lt 3 ]; do
		_try=$((_try + 1))
		ip netns exec $NS_A iperf3 -s -1 -B "$_addr" >$T/srv 2>&1 &
		_spid=$!
		wait_listen $NS_A
		ip netns exec $NS_B timeout 30 iperf3 -c "$_addr" -t 2 -f m "$@" >$T/cli 2>&1 &&
			grep -q ' receiver$' $T/cli && ! grep -q ' 0.00 Mbits/sec.*receiver$' $T/cli
		_rc=$?
		# a server that got no client would wait for ever: 10 s, then killed
		_i=0
		while kill -0 $_spid 2>/dev/null && [ $_i -lt 10 ]; do
			sleep 1
			_i=$((_i + 1))
		done
		kill $_spid 2>/dev/null
		wait $_spid
	done
	[ $_rc = 0 ] && return 0
	echo "# iperf3 -c $_addr $*: no traffic in $_try rounds; the last client and server said:"
	tail -n 5 $T/cli | sed 's/^/#   client: /'
	tail -n 5 $T/srv | sed 's/^/#   server: /'
	return 1
}

# net_traffic: iperf3 TCP and UDP, IPv4 and IPv6, between two namespaces.
net_traffic() {
	check "iperf3 TCP over IPv4" iperf $A4
	check "iperf3 UDP over IPv4" iperf $A4 -u -b 50M
	check "iperf3 TCP over IPv6" iperf $A6
	check "iperf3 UDP over IPv6" iperf $A6 -u -b 50M
}

# hot_iperf SYSCTL VALUE: 2 s of TCP over IPv4 flow with SYSCTL at VALUE
# (its VRO and every site too, unless SYSCTL is dev_weight); the value
# before is written back.
hot_iperf() {
	_was=$(sysctl_rd "$1")
	if ! sysctl_wr "$1" "$2" || ! { [ "$1" = dev_weight ] ||
	     sysctl_is "$1" "$2"; }; then
		echo "# $1 is not $2"
		sysctl_wr "$1" "$_was"
		return 1
	fi
	iperf $A4
	_rc=$?
	sysctl_wr "$1" "$_was"
	return $_rc
}

# rps_sum FIELD: the sum over CPUs of a /proc/net/softnet_stat column.
rps_sum() {
	_s=0
	for _h in $(awk -v f="$1" '{ print $f }' /proc/net/softnet_stat); do
		_s=$((_s + 0x$_h))
	done
	echo $_s
}

# rfs SIZE: RFS on (SIZE > 0: the global table, a flow table and every
# CPU in the RPS map of va's receive queue) or off (0).
rfs() {
	_cpus=0 _flows=0
	if [ "$1" -gt 0 ]; then
		_cpus=$(printf '%x' $(((1 << ncpu) - 1)))
		_flows=$1
	fi
	echo "$1" >$P/rps_sock_flow_entries &&
	ip netns exec $NS_A sh -c "echo $_flows >/sys/class/net/va/queues/rx-0/rps_flow_cnt &&
		echo $_cpus >/sys/class/net/va/queues/rx-0/rps_cpus"
}

# net_hot_traffic: TCP with each hot scalar changed in turn, and with RFS on.
net_hot_traffic() {
	for kv in netdev_budget:1 netdev_budget_usecs:100000 \
		  gro_normal_batch:1 max_skb_frags:1 skb_defer_max:0 \
		  mem_pcpu_rsv:65536 dev_weight:1; do
		check "iperf3 TCP over IPv4 with ${kv%%:*} ${kv#*:}" \
			hot_iperf "${kv%%:*}" "${kv#*:}"
	done
	ncpu=$(($(sed 's/.*[-,]//' /sys/devices/system/cpu/possible) + 1))
	check "RFS on: rps_sock_flow_entries 4096, va's rx-0 rps_flow_cnt 256 and rps_cpus" \
		rfs 4096
	r0=$(rps_sum 10)
	check "RFS on: iperf3 TCP over IPv4" iperf $A4
	check "RFS on: iperf3 TCP over IPv6" iperf $A6
	echo "# RFS on: received_rps $r0 before, $(rps_sum 10) after; rps_cpu_mask $(var_field rps_cpu_mask 4)"
	check "RFS off again" rfs 0
}

# held PORT N ADDR: N connections B->A to an echo server on PORT, each sends
# "a<i>", waits until all are up, sends "b<i>"; true if all got both back.
held() {
	_port=$1 _n=$2 _addr=$3
	ip netns exec $NS_A nc -ll -p "$_port" -e /bin/cat &
	sleep 1
	rm -f $T/held.* $T/go
	for _i in $(seq 1 "$_n"); do
		( (echo "a$_i"; while [ ! -e $T/go ]; do sleep 1; done
		   echo "b$_i"; sleep 3) |
			ip netns exec $NS_B timeout 300 nc "$_addr" "$_port" \
			>$T/held.$_i 2>/dev/null ) &
	done
	# all established and each echoed its first line, or 180 s
	_t=0
	while [ $_t -lt 180 ]; do
		_est=$(ip netns exec $NS_A cat /proc/net/tcp /proc/net/tcp6 |
			awk -v p="$(printf '%04X' "$_port")" \
				'$2 ~ ":" p "$" && $4 == "01"' | wc -l)
		[ "$_est" -ge "$_n" ] &&
			[ "$(cat $T/held.* 2>/dev/null | grep -c '^a')" -ge "$_n" ] && break
		sleep 2
		_t=$((_t + 2))
	done
	echo "# $_est connections established on port $_port after $_t s"
	touch $T/go
	sleep 8
	_got=0
	for _i in $(seq 1 "$_n"); do
		[ "$(cat $T/held.$_i 2>/dev/null | tr '\n' ' ')" = "a$_i b$_i " ] &&
			_got=$((_got + 1))
	done
	echo "# $_got of $_n connections echoed both lines"
	reap
	[ "$_est" -ge "$_n" ] && [ "$_got" = "$_n" ]
}
# net_held: the established lookup finds each of NET_CONNS (200)
# connections (selftests/vmlinux/run passes fewer on a debug kernel).
net_held() {
	check "${NET_CONNS:-200} TCP connections held open, all established, each echoes twice" \
		held 7000 "${NET_CONNS:-200}" $A4
}

# ---- a changed secret is in effect -----------------------------------------
new=0x13572468
# across PORT: 3 connections B->A echo "a<i>", then inet_ehash_secret
# changes, then they send "b<i>": true if all echoed "a" and none "b" (the
# established lookup no longer finds them: Documentation/kernel.rst).
across() {
	ip netns exec $NS_A nc -ll -p "$1" -e /bin/cat &
	sleep 1
	rm -f $T/across.* $T/go
	for _i in 1 2 3; do
		( (echo "a$_i"; while [ ! -e $T/go ]; do sleep 1; done
		   echo "b$_i"; sleep 3) |
			ip netns exec $NS_B timeout 120 nc $A4 "$1" \
			>$T/across.$_i 2>/dev/null ) &
	done
	_t=0
	while [ "$(cat $T/across.* 2>/dev/null | grep -c '^a')" -lt 3 ] &&
	      [ $_t -lt 60 ]; do
		sleep 1
		_t=$((_t + 1))
	done
	vro_set inet_ehash_secret $new || echo "# debugfs set refused"
	touch $T/go
	sleep 8
	_a=$(cat $T/across.* | grep -c '^a')
	_b=$(cat $T/across.* | grep -c '^b')
	reap
	echo "# before the change $_a of 3 echoed, after it $_b"
	[ "$_a" = 3 ] && [ "$_b" = 0 ]
}
# net_secret: a changed secret is in effect.
net_secret() {
	check "debugfs set inet_ehash_secret $new: connections opened before it are no longer found" \
		across 7003
	check "inet_ehash_secret holds $new" [ "$(var_field inet_ehash_secret 4)" = $((new)) ]
	check "inet_ehash_secret: every site holds $new" hold inet_ehash_secret
	check "a new IPv4 TCP connection after the change works" held 7001 3 $A4
	check "debugfs set inet6_ehash_secret $new" vro_set inet6_ehash_secret $new
	check "a new IPv6 TCP connection after the change works" held 7002 3 $A6
}

# ---- a changed backlog limit is in effect ----------------------------------
drops() {
	_s=0
	while read -r _p _d _rest; do
		_s=$((_s + 0x$_d))
	done </proc/net/softnet_stat
	echo $_s
}
# net_backlog: a changed backlog limit is in effect.
net_backlog() {
	d0=$(drops)
	sysctl_wr netdev_max_backlog 1000
	iperf $A4 >/dev/null
	d1=$(drops)
	check "netdev_max_backlog 1000: no backlog drops in 2 s of TCP ($((d1 - d0)))" \
		[ "$d1" = "$d0" ]
	sysctl_wr netdev_max_backlog 1
	# A veth transmit from a process enqueues one packet and runs the
	# receive softirq at once: the backlog holds more than one only when
	# packets are sent from a softirq. netem on the sender's veth does
	# that: its timer releases the packets of each 5 ms in one qdisc run
	# (on a loaded host TCP's ACK-clocked sends alone dropped nothing in
	# three runs). Up to 3 runs before the limit counts as not in effect.
	modprobe sch_netem 2>/dev/null
	ip netns exec $NS_B tc qdisc add dev vb root netem delay 5ms limit 10000
	_n=0
	d2=$d1
	while [ "$d2" = "$d1" ] && [ $_n -lt 3 ]; do
		iperf $A4 -P 4 >/dev/null
		d2=$(drops)
		_n=$((_n + 1))
	done
	ip netns exec $NS_B tc qdisc del dev vb root 2>/dev/null
	check "netdev_max_backlog 1: TCP drops packets at the backlog ($((d2 - d1)) in $_n run(s) of 2 s, netem bursts)" \
		[ "$d2" -gt "$d1" ]
	sysctl_wr netdev_max_backlog 1000
}

# ---- sealing ---------------------------------------------------------------
# is_sealed NAME: NAME's state is sealed and debugfs cannot change it.
is_sealed() { [ "$(var_field "$1" 5)" = sealed ] && refused "$1" 7; }

# net_seal BACKLOG TSTAMP: sealed (by vro.seal=1 at boot, or now), every
# write is refused and nothing changes: the sysctls keep reading BACKLOG and
# TSTAMP, and every site holds them.
net_seal() {
	[ "$(cat /proc/sys/vro/seal)" = 1 ] || echo 1 >/proc/sys/vro/seal
	check "sealed: netdev_max_backlog write is refused" \
		sh -c "! echo 999 2>/dev/null >$P/netdev_max_backlog"
	check "sealed: netdev_tstamp_prequeue write is refused" \
		sh -c "! echo $((1 - $2)) 2>/dev/null >$P/netdev_tstamp_prequeue"
	for v in $SECRETS; do
		check "sealed: $v is sealed, debugfs set refused, nothing changed" \
			is_sealed "$v"
	done
	for kv in $HOT_KNOBS; do
		k=${kv%%:*}
		v=$(var_field "$k" 4)
		check "sealed: $k write ${kv#*:} fails with EPERM" \
			fails_with "$k" "${kv#*:}" "Operation not permitted"
		check "sealed: $k still reads $v, every site holds it" \
			sysctl_is "$k" "$v"
	done
	if [ -n "$HOT" ]; then
		w=$(weight_sysctls)
		rx=$(var_field dev_rx_weight 4) tx=$(var_field dev_tx_weight 4)
		for k in dev_weight dev_weight_rx_bias dev_weight_tx_bias; do
			check "sealed: $k write 2 fails with EPERM" \
				fails_with $k 2 "Operation not permitted"
		done
		same_weights() {
			[ "$(weight_sysctls)" = "$w" ] && weights_are "$rx" "$tx"
		}
		check "sealed: dev_weight and its biases still read $w, the weights $rx $tx in every site" \
			same_weights
		check "sealed: rps_cpu_mask is sealed, debugfs set refused, nothing changed" \
			is_sealed rps_cpu_mask
	fi
	check "sealed: netdev_max_backlog still reads $1, every site holds it" \
		sysctl_is netdev_max_backlog "$1"
	check "sealed: netdev_tstamp_prequeue still reads $2, every site holds it" \
		sysctl_is netdev_tstamp_prequeue "$2"
}

if [ "$(cat /proc/sys/vro/seal 2>/dev/null)" = 1 ]; then
	# booted with vro.seal=1: what can be checked without a write
	net_sites
	net_seal 1000 1
	check "two namespaces joined by veth (IPv4 and IPv6)" ns_up
	net_traffic
else
	net_sites
	net_cmdline
	net_sysctls
	[ -n "$HOT" ] && net_hot_sysctls
	check "two namespaces joined by veth (IPv4 and IPv6)" ns_up
	net_traffic
	[ -n "$HOT" ] && net_hot_traffic
	net_held
	net_secret
	net_backlog
	net_seal 1000 0
	check "sealed: traffic still flows (iperf3 TCP over IPv4)" iperf $A4
fi
ip netns del $NS_A
ip netns del $NS_B
