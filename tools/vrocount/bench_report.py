#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tools/vrocount/bench_report.py WORK RESULTS KERNEL... - the tables of
tools/vrocount/bench.sh from its boots' counts (WORK/KERNEL-BOOT/):
RESULTS/count-runs.csv (every boot's per-function figures),
count-summary.csv (boot 1's figures and the two boots' spread),
count-results.md, and the gnuplot scripts and data of count-hotdata.png and
count-gap.png (gnuplot count-*.gp in RESULTS draws them). The main window is TCP over IPv4 through the module
users; the kernels' tables are repeated for each other window of
bench-guest.sh (TCP over IPv6, UDP), and the pv:KEY windows give the cost
of a pv op call reached each way."""
import csv
import os
import sys

# module users: family -> {build: module}
USERS = {
    "tcp_vcubic": {"vro": "tcp_vcubic", "plain": "tcp_vcubic_plain",
                   "const": "tcp_vcubic_const"},
    "vro_flowtab": {"vro": "vro_flowtab", "plain": "vro_flowtab_plain",
                    "const": "vro_flowtab_const"},
    "vro_flowlimit": {"vro": "vro_flowlimit", "plain": "vro_flowlimit_plain"},
}
FIGS = ["insns", "loads", "rip_loads", "tunable_loads", "tunable_accesses", "accesses",
        "l1d_misses", "new_lines"]
# functions whose path does not depend on time: the packet path
TIMED = ("vcubic_",)
# the path walk's (not per packet: the names looked up differ by boot)
WALK = ("__d_lookup_rcu", "d_alloc_parallel")
# functions whose work per call depends on a batch whose size depends on
# time, the packets queued when the backlog is polled: process_backlog()
# loops over them (1.38 and 1.47 packets per call in two boots of one
# kernel, 4% apart in instructions per call); enqueue_to_backlog() takes
# its longer path, scheduling the poll, for the first packet of each batch
# (83.01 and 82.49 per call in two boots of stock 6.12)
BATCH = ("process_backlog", "enqueue_to_backlog")


def read(d, win=""):
    """{(function, module): row} with tunable_loads from objects.csv, and
    the packets; @win: "" the main window (the last), else ".N" window N."""
    rows, tun, tacc = {}, {}, {}
    with open(os.path.join(d, f"objects{win}.csv")) as f:
        for r in csv.DictReader(f):
            if r["object_module"] == r["module"]:
                k = (r["function"], r["module"])
                tun[k] = tun.get(k, 0) + int(r["rip_loads"])
                tacc[k] = tacc.get(k, 0) + int(r.get("accesses") or 0)
    with open(os.path.join(d, f"counts{win}.csv")) as f:
        for r in csv.DictReader(f):
            k = (r["function"], r["module"])
            e = int(r["entries"])
            if not e:
                continue
            r["tunable_loads"] = tun.get(k, 0)
            r["tunable_accesses"] = tacc.get(k, 0)
            for x in FIGS:
                r[x + "_pc"] = int(r.get(x) or 0) / e
            rows[k] = r
    pk = 0
    with open(os.path.join(d, "out.log")) as f:
        for line in f:
            if not win and line.startswith("count-bench:"):
                pk = int(line.split("lo_packets=")[1].split()[0])
            if win and line.startswith(f"count-bench-window: {win[1:]} "):
                pk = int(line.split("lo_packets=")[1].split()[0])
    return rows, pk


def windows(d):
    """[(".N", name)] of a boot's windows before the main one (out.log's
    count-bench-window lines whose counts.N.csv exists)."""
    wins = []
    with open(os.path.join(d, "out.log")) as f:
        for line in f:
            if line.startswith("count-bench-window: "):
                n, name = line.split()[1:3]
                wins.append((f".{n}", name))
    return [(n, name) for n, name in wins[:-1]
            if os.path.exists(os.path.join(d, f"counts{n}.csv"))]


# vmlinux's tunables: net_hotdata's fields and the tables the vro kernels
# patch in, or (vro-plain) the __read_mostly variables that stand for them
KOBJS = ("net_hotdata", "tcp_hashinfo", "dentry_hashtable", "d_hash_shift")


def kobj(name):
    """The column a vmlinux object's loads go to, or None."""
    if name in KOBJS:
        return name
    if name.startswith(("__plain_vro_", "__const_vro_")):
        return "VRO variables"
    return None


# struct net_hotdata of 6.12 (include/net/hotdata.h): the field at each
# offset, as offsetof() gives it for Debian's config and for the rig's (the
# same layout): labels for the per-offset loads only
HOTDATA_612 = {0x50: "tcp_protocol", 0x64: "tcp_protocol.secret (inet_ehash_secret)",
               0x88: "udp_protocol", 0x9c: "udp_protocol.secret (udp_ehash_secret)",
               0xec: "tcpv6_offload.secret (tcp_ipv6_hash_secret)",
               0x104: "tcpv6_protocol.secret (inet6_ehash_secret)",
               0x11c: "udpv6_protocol.secret (udp6_ehash_secret)",
               0x13c: "udpv6_offload.secret (udp_ipv6_hash_secret)",
               0x140: "offload_base", 0x150: "ptype_all",
               0x160: "skbuff_cache", 0x168: "skbuff_fclone_cache",
               0x170: "skb_small_head_cache", 0x178: "rps_sock_flow_table",
               0x180: "rps_cpu_mask", 0x184: "gro_normal_batch",
               0x188: "netdev_budget", 0x18c: "netdev_budget_usecs",
               0x190: "tstamp_prequeue", 0x194: "max_backlog",
               0x198: "dev_tx_weight", 0x19c: "dev_rx_weight",
               0x1a0: "sysctl_max_skb_frags", 0x1a4: "sysctl_skb_defer_max",
               0x1a8: "sysctl_mem_pcpu_rsv"}


def hotdata_fields(ks, boots, fields):
    """net_hotdata's loads per packet at each offset, kernel by kernel
    (@fields: read_kobjs()'s per-offset loads of each kernel)."""
    per = {}
    for k in ks:
        pk = int(boots[(k, 1)][0].get(("[all]", "kernel"), {}).get("entries") or 0)
        for off, n in fields[k].items():
            if pk:
                per.setdefault(off, {})[k] = n / pk
    md = ["\n### net_hotdata's loads per packet, field by field\n",
          "RIP-relative loads per packet at each offset of net_hotdata "
          "(boot 1); the field is 6.12's at that offset.\n",
          "| offset | field | " + " | ".join(ks) + " |",
          "|---" * (len(ks) + 2) + "|"]
    for off in sorted(per):
        md.append(f"| {off:#x} | {HOTDATA_612.get(off, '?')} | "
                  + " | ".join(f"{per[off].get(k, 0):.3f}" for k in ks) + " |")
    return md


def read_kobjs(d, win=""):
    """{(function, module): {column: RIP-relative loads}} for vmlinux's
    tunables (the row ("[all]", "kernel"): the whole window), and
    {offset: loads} of net_hotdata over the whole window (@win: read())."""
    out, fields = {}, {}
    with open(os.path.join(d, f"objects{win}.csv")) as f:
        for r in csv.DictReader(f):
            o = r["object"]
            if r["function"] == "[all]" and o.startswith("net_hotdata+"):
                fields[int(o.split("+")[1], 16)] = int(r["rip_loads"])
            c = kobj(o)
            if r["object_module"] != "vmlinux" or not c or "+" in o:
                continue
            m = out.setdefault((r["function"], r["module"]), {})
            m[c] = m.get(c, 0) + int(r["rip_loads"])
    return out, fields


# what the plots show: (workload, kernel) -> net_hotdata loads per packet,
# (workload, function) -> vro's instructions per call less const's
PLOT_HOT, PLOT_GAP = {}, {}


def kernel_tables(work, kernels, boots, win="", label="", workload="tcp4"):
    """vmlinux's functions and the whole kernel per packet, kernel by
    kernel side by side (stock is Debian's config, the vro kernels one
    config in three builds); @win, @label: another window than the main
    one (read()), its workload named in the headings; the plots' figures
    go to PLOT_HOT and PLOT_GAP under @workload."""
    md = []
    ks = [k for k in kernels if (k, 1) in boots]
    if not ks:
        return md
    ko, fields = {}, {}
    for k in ks:
        ko[k], fields[k] = read_kobjs(os.path.join(work, f"{k}-1"), win)
    cols = list(KOBJS) + ["VRO variables"]
    md.append(f"\n## The whole kernel per packet, side by side{label}\n")
    md.append("Boot 1 (warm) and boot 2 (cold: the modelled L1d emptied at each "
              "packet); loads: RIP-relative loads that fall in the object, per "
              "packet received. 'VRO variables': vmlinux's __plain_vro_*/"
              "__const_vro_* (what vro-plain loads instead of patched "
              "immediates).\n")
    md.append("| kernel | packets | insns | loads | L1d misses warm | cold | new lines (cold) | "
              + " | ".join(f"loads of {c}" for c in cols) + " |")
    md.append("|---" * (7 + len(cols)) + "|")
    for k in ks:
        r1, pk = boots[(k, 1)]
        r = r1.get(("[all]", "kernel"))
        if not r:
            continue
        c = boots.get((k, 2), ({}, 0))[0].get(("[all]", "kernel"))
        o = ko[k].get(("[all]", "kernel"), {})
        e = int(r["entries"]) or 1
        md.append(f"| {k} | {r['entries']} | {r['insns_pc']:.1f} | {r['loads_pc']:.1f} "
                  f"| {r['l1d_misses_pc']:.2f} | {c['l1d_misses_pc'] if c else 0:.2f} "
                  f"| {c['new_lines_pc'] if c else 0:.2f} | "
                  + " | ".join(f"{o.get(x, 0) / e:.3f}" for x in cols) + " |")
        PLOT_HOT[(workload, k)] = o.get("net_hotdata", 0) / e
    md += hotdata_fields(ks, boots, fields)
    fns = sorted({fn for k in ks for (fn, mod) in boots[(k, 1)][0]
                  if mod == "vmlinux" and not fn.startswith(PV_THUNKS)})
    md.append(f"\n## vmlinux's functions per call, side by side{label}\n")
    md.append("Instructions per call (own, callees not included) and, in "
              "brackets, RIP-relative loads of vmlinux's tunables (the columns "
              "above) per call. Inlining differs between stock and the vro "
              "kernels (another config); vro, vro-plain and vro-const are one "
              "config. 'vro - const': the instructions vro costs more than "
              "the compile-time constant (goal: 0).\n")
    md.append("| function | " + " | ".join(ks) + " | vro - const |")
    md.append("|---" * (len(ks) + 2) + "|")
    for fn in fns:
        cells, ins = [], {}
        for k in ks:
            r = boots[(k, 1)][0].get((fn, "vmlinux"))
            if not r:
                cells.append("")
                continue
            ins[k] = r["insns_pc"]
            e = int(r["entries"]) or 1
            t = sum(ko[k].get((fn, "vmlinux"), {}).values()) / e
            cells.append(f"{r['insns_pc']:.2f} ({t:.2f})")
        d = (f"{ins['vro'] - ins['vro-const']:+.2f}"
             if "vro" in ins and "vro-const" in ins else "")
        if d and fn not in PLOT_GAP.get(workload, {}):
            PLOT_GAP.setdefault(workload, {})[fn] = ins["vro"] - ins["vro-const"]
        md.append(f"| {fn} | " + " | ".join(cells) + f" | {d} |")
    return md


# what a pv op call runs through: the modules of the loops, the op sets,
# their trampolines and thunks and the backends, and vmlinux's retpoline and
# return thunks (an interrupt in the window runs none of the modules' code)
PV_MODS = ("vro_pv_bench", "vro_pv_bset", "vro_flow")
PV_THUNKS = ("__x86_indirect_", "__x86_return_thunk")


def window_total(d, win):
    """The (instructions, loads) in window @win of boot @d of the
    functions a pv op call runs (PV_MODS, PV_THUNKS)."""
    n = ld = 0
    with open(os.path.join(d, f"counts{win}.csv")) as f:
        for r in csv.DictReader(f):
            if r["module"] in PV_MODS or (r["module"] == "vmlinux" and
                                          r["function"].startswith(PV_THUNKS)):
                n += int(r["insns"] or 0)
                ld += int(r["loads"] or 0)
    return n, ld


def pv_table(work, kernels):
    """pv op calls (bench-guest.sh's pv:KEY windows, boot 1): instructions
    and loads per call of the functions a call runs through, less those of
    the pv:none window (the debugfs write that starts a loop, no call)."""
    per, keys, backend = {}, [], "?"
    for k in kernels:
        d = os.path.join(work, f"{k}-1")
        if not os.path.exists(os.path.join(d, "out.log")):
            continue
        calls = 0
        with open(os.path.join(d, "out.log")) as f:
            for line in f:
                if line.startswith("count-bench-pv: calls="):
                    calls = int(line.split("=")[1].split()[0])
                    backend = line.split("backend=")[1].split()[0] if "backend=" in line else "?"
        wins = {name: win for win, name in windows(d) if name.startswith("pv:")}
        base = window_total(d, wins["pv:none"]) if "pv:none" in wins else None
        if not calls or base is None:
            continue
        for name, win in wins.items():
            t = window_total(d, win)
            if name == "pv:none":
                continue
            if name[3:] not in keys:
                keys.append(name[3:])
            per[(k, name[3:])] = ((t[0] - base[0]) / calls, (t[1] - base[1]) / calls)
    ks = [k for k in kernels if any((k, x) in per for x in keys)]
    if not ks:
        return []
    md = ["\n# pv op calls, side by side\n",
          "Instructions and, in brackets, loads per call of one op: the loop of "
          "selftests/pv/vro_pv_bench.c's variant and whatever the call goes "
          "through (pv trampoline, thunk, static_call trampoline, vmlinux's "
          "retpoline and return thunks) to the backend and back, counted in "
          "those functions only (interrupts in the window run other code), "
          f"less the window of the write alone. Group flow: flow_hash_u32 ({backend}); group "
          "pb: a + 2 * b. 'direct' and 'pb_direct' are the plain direct calls.\n",
          "| variant | " + " | ".join(ks) + " |", "|---" * (len(ks) + 1) + "|"]
    for x in keys:
        md.append(f"| {x} | " + " | ".join(
            f"{per[(k, x)][0]:.2f} ({per[(k, x)][1]:.2f})" if (k, x) in per else ""
            for k in ks) + " |")
    return md


def plots(res, kernels):
    """count-hotdata.png and count-gap.png (gnuplot scripts and data in
    @res): net_hotdata's loads per packet, workload by workload, kernel
    by kernel; vro's instructions per call less const's, per function."""
    wls = sorted({w for w, _ in PLOT_HOT}, key=lambda w: (w != "tcp4", w))
    ks = [k for k in kernels if any((w, k) in PLOT_HOT for w in wls)]
    if ks:
        with open(os.path.join(res, "count-hotdata.dat"), "w") as f:
            f.write("# workload " + " ".join(ks) + "\n")
            for w in wls:
                f.write(w + " " + " ".join(f"{PLOT_HOT.get((w, k), 0):.3f}" for k in ks) + "\n")
        cols = ", ".join(f"'count-hotdata.dat' using {i + 2}:xtic(1) title '{k}'"
                         for i, k in enumerate(ks))
        with open(os.path.join(res, "count-hotdata.gp"), "w") as f:
            f.write("set terminal png size 900,500\nset output 'count-hotdata.png'\n"
                    "set title \"RIP-relative loads of net_hotdata per packet received "
                    "(vrocount, counted)\" noenhanced\n"
                    "set style data histograms\nset style fill solid 0.5 border -1\n"
                    f"set ylabel 'loads per packet'\nset yrange [0:*]\nplot {cols}\n")
    rows = [(w, fn, g) for w in wls for fn, g in sorted(PLOT_GAP.get(w, {}).items())]
    if rows:
        with open(os.path.join(res, "count-gap.dat"), "w") as f:
            f.write("# n label vro_minus_const\n")
            for i, (w, fn, g) in enumerate(rows):
                f.write(f"{i} {fn}/{w} {g:.2f}\n")
        with open(os.path.join(res, "count-gap.gp"), "w") as f:
            f.write("set terminal png size 1200,720\nset output 'count-gap.png'\n"
                    "set title \"vro - const: instructions per call (goal 0)\" noenhanced\n"
                    "set style fill solid 0.5 border -1\nset boxwidth 0.6\nset bmargin 20\n"
                    "set xtics rotate by 90 right font ',9' noenhanced\n"
                    "set ylabel 'instructions per call'\n"
                    "plot 'count-gap.dat' using 1:3:xtic(2) with boxes notitle\n")


def spread(a, b):
    m = max(a, b)
    return abs(a - b) / m * 100 if m else 0.0


def main():
    work, res, kernels = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs, md = [], []
    summ = []
    boots = {}
    for k in kernels:
        for b in (1, 2):
            d = os.path.join(work, f"{k}-{b}")
            if os.path.exists(os.path.join(d, "counts.csv")):
                boots[(k, b)] = read(d)
    for (k, b), (rows, pk) in sorted(boots.items()):
        for (fn, mod), r in sorted(rows.items()):
            runs.append({"kernel": k, "boot": b, "function": fn, "module": mod,
                         "entries": r["entries"], "lo_packets": pk,
                         **{x + "_per_call": f"{r[x + '_pc']:.4f}" for x in FIGS},
                         "insns_per_packet": f"{int(r['insns']) / pk:.4f}" if pk else ""})
    with open(os.path.join(res, "count-runs.csv"), "w") as f:
        w = csv.DictWriter(f, fieldnames=list(runs[0]) if runs else ["kernel"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(runs)

    worst, worst_fn, spreads = 0.0, "", {}
    pworst, pworst_fn = 0.0, ""
    for k in kernels:
        if (k, 1) not in boots:
            continue
        r1, _ = boots[(k, 1)]
        r2 = boots.get((k, 2), ({}, 0))[0]
        for key, r in sorted(r1.items()):
            sp = ""
            if key in r2:
                s = spread(r["insns_pc"], r2[key]["insns_pc"])
                if s >= worst:
                    worst, worst_fn = s, f"{key[0]} [{key[1]}] on {k}"
                if s >= pworst and not key[0].startswith(TIMED + WALK + BATCH) and key[1] != "kernel":
                    pworst, pworst_fn = s, f"{key[0]} [{key[1]}] on {k}"
                sp = f"{s:.3f}"
                spreads[(k,) + key] = sp
            summ.append({"kernel": k, "function": key[0], "module": key[1],
                         "entries": r["entries"],
                         **{x + "_per_call": f"{r[x + '_pc']:.4f}" for x in FIGS},
                         "insns_spread_pct": sp})
    with open(os.path.join(res, "count-summary.csv"), "w") as f:
        w = csv.DictWriter(f, fieldnames=list(summ[0]) if summ else ["kernel"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(summ)

    md.append("# Counted work per call (vrocount, QEMU TCG plugin, one vCPU)\n")
    md.append("Per call of each function (its own instructions, callees not "
              "included), boot 1: instructions, loads (explicit memory reads), "
              "RIP-relative loads, RIP-relative loads of the module's tunable "
              "variables, accesses of them through any addressing, memory accesses, misses of the modelled L1d (32 KiB, "
              "8-way, 64-byte lines) warm; boot 2: misses with the model emptied at "
              "each packet (cold) and lines first touched in the packet. The row "
              "[all] is the whole kernel per packet (calls: packets received). "
              "Documentation/measure.rst says what is exact.\n")
    for k in kernels:
        if (k, 1) not in boots:
            md.append(f"\nKernel {k}: no counts (boot failed).\n")
            continue
        r1, pk = boots[(k, 1)]
        md.append(f"\n## Kernel {k}: module users ({pk} loopback packets)\n")
        r2 = boots.get((k, 2), ({}, 0))[0]
        md.append("| function | build | calls | insns | loads | RIP loads | tunable loads "
                  "| tunable accesses | accesses | L1d misses warm | cold | insns vs plain "
                  "| insns vs const | spread % |")
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for fam, builds in USERS.items():
            fns = sorted({fn for (fn, mod) in r1 if mod in builds.values()})
            for fn in fns:
                ref = {b: r1.get((fn, m)) for b, m in builds.items()}
                for b, m in builds.items():
                    r = ref[b]
                    if not r:
                        continue
                    dp = (f"{r['insns_pc'] - ref['plain']['insns_pc']:+.2f}"
                          if ref.get("plain") else "")
                    dc = (f"{r['insns_pc'] - ref['const']['insns_pc']:+.2f}"
                          if ref.get("const") else "")
                    cold = r2.get((fn, m))
                    cold = f"{cold['l1d_misses_pc']:.2f}" if cold else ""
                    md.append(f"| {fn} | {m} | {r['entries']} | {r['insns_pc']:.2f} "
                              f"| {r['loads_pc']:.2f} | {r['rip_loads_pc']:.2f} "
                              f"| {r['tunable_loads_pc']:.2f} | {r['tunable_accesses_pc']:.2f} "
                              f"| {r['accesses_pc']:.2f} "
                              f"| {r['l1d_misses_pc']:.2f} | {cold} | {dp} | {dc} "
                              f"| {spreads.get((k, fn, m), '')} |")
        md.append(f"\n## Kernel {k}: network stack\n")
        md.append("| function | calls | insns | loads | RIP loads | accesses "
                  "| L1d misses warm | cold | new lines (cold) | spread % |")
        md.append("|---|---|---|---|---|---|---|---|---|---|")
        for (fn, mod), r in sorted(r1.items()):
            if mod in ("vmlinux", "kernel"):
                c = r2.get((fn, mod))
                cm = f"{c['l1d_misses_pc']:.2f}" if c else ""
                cl = f"{c['new_lines_pc']:.2f}" if c else ""
                md.append(f"| {fn} | {r['entries']} | {r['insns_pc']:.2f} "
                          f"| {r['loads_pc']:.2f} | {r['rip_loads_pc']:.2f} "
                          f"| {r['accesses_pc']:.2f} | {r['l1d_misses_pc']:.2f} | {cm} | {cl} "
                          f"| {spreads.get((k, fn, mod), '')} |")
    md.append("\n# The kernels side by side: TCP over IPv4 (the main window)\n")
    md += kernel_tables(work, kernels, boots)
    # the other workloads: each in a window of its own (bench-guest.sh)
    names = {}
    for k in kernels:
        for b in (1, 2):
            d = os.path.join(work, f"{k}-{b}")
            if (k, b) in boots:
                for win, name in windows(d):
                    names[win] = name
    for win, name in sorted(names.items(), key=lambda w: int(w[0][1:])):
        if name.startswith("pv:"):
            continue
        wb = {}
        for k in kernels:
            for b in (1, 2):
                d = os.path.join(work, f"{k}-{b}")
                if os.path.exists(os.path.join(d, f"counts{win}.csv")):
                    wb[(k, b)] = read(d, win)
        md.append(f"\n# The kernels side by side: {name} (window {win[1:]})\n")
        md += kernel_tables(work, kernels, wb, win, f" ({name})", name)
    md += pv_table(work, kernels)
    plots(res, kernels)
    md.append(f"\nRerun spread, packet path (every function but the congestion "
              f"control's, the path walk's, those whose work per call depends on "
              f"a batch of packets whose size depends on time ({', '.join(BATCH)}) and the "
              f"whole-kernel row): at most {pworst:.3f}% "
              f"({pworst_fn}): {'within' if pworst <= 0.5 else 'NOT within'} 0.5%.\n")
    md.append(f"\nspread %: the difference in instructions per call between the "
              f"kernel's two boots. Largest: {worst:.3f}% ({worst_fn}). A function "
              f"whose path depends on time (congestion control under an emulated "
              f"clock: hystart, cwnd growth) takes other paths in another boot; its "
              f"per-call figures compare builds only where the calls are many. "
              f"Tunable loads (RIP-relative loads of the module's own "
              f"__read_mostly variables) do not depend on that.\n")
    with open(os.path.join(res, "count-results.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
