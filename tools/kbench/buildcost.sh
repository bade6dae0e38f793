#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/kbench/buildcost.sh BUILD-DIR - vrolink's cost on a whole-kernel
# build next to the link it follows, on the objects of BUILD-DIR/vmlinux.a
# (the O= directory of a CONFIG_VRO kernel, e.g. .cache/kernel/build-vro):
#
#  - vrolink --list on every object of vmlinux.a, one process per object
#    as kbuild runs the pass (vrolink --builtin, after objtool): it reads
#    the object and decodes every site. The objects are already processed
#    (the pass cannot be run again on them: "already processed"), so this
#    is the reading and decoding the pass does, not its writing;
#  - /bin/true once per object: what starting one process per object
#    costs on this machine, the floor under the first figure;
#  - ld -r --whole-archive vmlinux.a, the link kbuild does for vmlinux.o
#    (scripts/Makefile.vmlinux_o), with the flags of BUILD-DIR/.vmlinux.o.cmd.
#
# Prints CSV on stdout (one header line, one data line) and a summary on
# stderr: objects, objects with sites, sites, and for each step its wall
# time and CPU time (user + system of the step's processes). Wall times on
# a loaded machine mostly measure the load: compare the CPU times.
set -euo pipefail
b=${1:?usage: tools/kbench/buildcost.sh BUILD-DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$b/vmlinux.a" ] || { echo "kbench: error: $b/vmlinux.a not found (build it: make kernel KERNELS=vro)" >&2; exit 2; }
vl=$(ls -t "$b"/../bin/vrolink-* 2>/dev/null | head -n 1 || true)
if [ -z "$vl" ]; then
	make -s -C "$top/tools/vrolink" >&2
	vl=$top/tools/vrolink/vrolink
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/kbench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$b"

# ld's flags from kbuild's own record of the vmlinux.o link; default: 6.1's
ldflags="-m elf_x86_64 -z noexecstack"
if [ -f .vmlinux.o.cmd ]; then
	f=$(sed -n 's/^[a-z_]*cmd_vmlinux.o := ld \(.*\) -r -o vmlinux.o .*/\1/p' .vmlinux.o.cmd)
	[ -z "$f" ] || ldflags=$f
fi

ar t vmlinux.a >"$work/objs"
nobj=$(wc -l <"$work/objs")

# step CMD...: run CMD; prints "WALL CPU" in seconds
step() {
	local t0 c0 c1 me=$BASHPID

	c0=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$me/stat")
	t0=$(date +%s.%N)
	"$@"
	c1=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$me/stat")
	awk -v t0="$t0" -v t1="$(date +%s.%N)" -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.3f %.3f\n", t1 - t0, c / hz }'
}

list_all() {
	local o i=0

	while IFS= read -r o; do
		i=$((i + 1))
		"$vl" --list "$o" >"$work/l.$i" || return 1
	done <"$work/objs"
}

# true_all: one /bin/true per object, the floor of one process per object
true_all() {
	local o

	while IFS= read -r o; do
		/bin/true "$o"
	done <"$work/objs"
}

link() {
	# shellcheck disable=SC2086
	ld $ldflags -r -o "$work/vmlinux.o" --whole-archive vmlinux.a --no-whole-archive
}

echo "kbench: build cost: vrolink --list on $nobj objects of $b/vmlinux.a ($vl)" >&2
read -r vwall vcpu < <(step list_all)
echo "kbench: build cost: ld $ldflags -r --whole-archive vmlinux.a" >&2
read -r lwall lcpu < <(step link)
read -r twall tcpu < <(step true_all)
with=0
for f in "$work"/l.*; do
	[ -s "$f" ] && with=$((with + 1))
done
sites=$(cat "$work"/l.* | wc -l)
echo "objects,objects_with_sites,sites,vrolink_list_wall_s,vrolink_list_cpu_s,ld_r_wall_s,ld_r_cpu_s,true_wall_s,true_cpu_s"
echo "$nobj,$with,$sites,$vwall,$vcpu,$lwall,$lcpu,$twall,$tcpu"
echo "kbench: build cost: $nobj objects, $with with sites, $sites sites;" \
	"vrolink --list ${vwall} s wall, ${vcpu} s CPU; ld -r ${lwall} s wall, ${lcpu} s CPU;" \
	"/bin/true per object ${twall} s wall, ${tcpu} s CPU" >&2
