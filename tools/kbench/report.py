#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tools/kbench/report.py - turn tools/kbench's raw output into tables and
plots: reads RESULTS/kernel-guest.raw (guest.sh's "K" lines: vro_kbench's
medians per call; "J" lines: one iperf3 -J document per run) and
RESULTS/kernel-build.csv (buildcost.sh); writes kernel-runs.csv,
kernel-hot.csv, kernel-summary.csv, kernel-results.md and the gnuplot data
(kernel-*.dat) and scripts (kernel-*.gp) of kernel-throughput.png,
kernel-cost.png and kernel-hot.png."""

import argparse
import csv
import datetime
import json
import os
import statistics
import sys

KERNELS = ["vro-plain", "vro-const", "vro"]
SHORT = {"vro-plain": "plain", "vro-const": "const", "vro": "vro"}
TESTS = {"tcp1": "TCP, 1 stream", "tcp4": "TCP, 4 streams", "udp": "UDP",
         "tcp1v6": "TCP over IPv6, 1 stream"}
FUNCS = {"lookup": "__inet_lookup_established(), one established TCP socket",
         "rx": "netif_rx() of a 60-byte frame to lo, bottom halves off"}
TCG = "measured under TCG (QEMU guest)"


def die(msg):
    print("report.py: error: " + msg, file=sys.stderr)
    sys.exit(1)


def parse(path):
    """The J lines as run dicts and the K lines as hot dicts."""
    runs, hot = [], []
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as e:
        die("%s: %s (did the guest run?)" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        if line.startswith("K "):
            f = line.split()
            if len(f) != 8:
                die("%s:%d: K line with %d fields, not 8" % (path, n, len(f)))
            hot.append({"round": int(f[1]), "kernel": f[2], "function": f[3],
                        "ticks": float(f[4]), "ns": float(f[5]),
                        "batches": int(f[6]), "calls": int(f[7])})
            continue
        if not line.startswith("J "):
            continue
        f = line.split(" ", 6)
        if len(f) < 7:
            die("%s:%d: short J line" % (path, n))
        try:
            doc = json.loads(f[6])
        except ValueError as e:
            die("%s:%d: iperf3 JSON does not parse: %s" % (path, n, e))
        recv = doc.get("end", {}).get("sum_received") or doc.get("end", {}).get("sum")
        if not recv:
            die("%s:%d: no end.sum_received (iperf3 error: %s)" % (path, n, doc.get("error")))
        busy = int(f[4])
        runs.append({
            "round": int(f[1]), "kernel": f[2], "test": f[3],
            "bytes": recv["bytes"], "seconds": recv["seconds"],
            "gbps": recv["bytes"] * 8 / recv["seconds"] / 1e9,
            "busy_jiffies": busy, "total_jiffies": int(f[5]),
            # USER_HZ is 100: guest CPU seconds (all CPUs) per GB received
            "cpu_s_per_gb": busy / 100 / (recv["bytes"] / 1e9) if recv["bytes"] else float("nan"),
            "retransmits": doc["end"].get("sum_sent", {}).get("retransmits", ""),
            "lost_pct": recv.get("lost_percent", ""),
        })
    if not runs and not hot:
        die("%s: no runs (look at the guest output in that file)" % path)
    return runs, hot


def mmm(xs):
    xs = [x for x in xs if x == x]
    if not xs:
        return None
    return statistics.median(xs), min(xs), max(xs)


def fmt(t, p=3):
    if t is None:
        return "n/a"
    return "%.*f (%.*f-%.*f)" % (p, t[0], p, t[1], p, t[2])


def summarise(items, key, keys, figs):
    """Per (key value, kernel): median/min/max of each figure and of its
    ratio against vro-plain's in the same round."""
    rows = []
    for kv in keys:
        for k in KERNELS:
            mine = [r for r in items if r[key] == kv and r["kernel"] == k]
            if not mine:
                continue
            row = {key: kv, "kernel": k, "n": len(mine)}
            for fig in figs:
                row[fig] = mmm([r[fig] for r in mine])
                ratios = []
                for r in mine:
                    base = [b for b in items if b[key] == kv and b["round"] == r["round"]
                            and b["kernel"] == "vro-plain"]
                    if base and base[0][fig]:
                        ratios.append(r[fig] / base[0][fig])
                row[fig + "_ratio"] = mmm(ratios)
            rows.append(row)
    return rows


def write_csv(path, head, lines):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(lines)


def write_csvs(res, runs, hot, rrows, hrows):
    rk = ["round", "kernel", "test", "bytes", "seconds", "gbps", "busy_jiffies",
          "total_jiffies", "cpu_s_per_gb", "retransmits", "lost_pct"]
    write_csv(os.path.join(res, "kernel-runs.csv"), rk, [[r[k] for k in rk] for r in runs])
    hk = ["round", "kernel", "function", "ticks", "ns", "batches", "calls"]
    write_csv(os.path.join(res, "kernel-hot.csv"), hk, [[r[k] for k in hk] for r in hot])
    head = ["what", "kernel", "n", "figure", "median", "min", "max",
            "vs_plain_median", "vs_plain_min", "vs_plain_max"]
    lines = []
    for rows, key, figs in ((rrows, "test", ("gbps", "cpu_s_per_gb")),
                            (hrows, "function", ("ticks", "ns"))):
        for r in rows:
            for fig in figs:
                line = [r[key], r["kernel"], r["n"], fig]
                for t in (r[fig], r[fig + "_ratio"]):
                    line += ["%.6g" % x for x in t] if t else ["", "", ""]
                lines.append(line)
    write_csv(os.path.join(res, "kernel-summary.csv"), head, lines)


def hot_table(hrows):
    out = ["| function | kernel | boots | TSC ticks per call, median (min-max) | vs plain"
           " | ns per call, median (min-max) | vs plain |",
           "|---|---|--:|---|---|---|---|"]
    for r in hrows:
        out.append("| %s | %s | %d | %s | %s | %s | %s |" % (
            r["function"], SHORT[r["kernel"]], r["n"], fmt(r["ticks"], 1),
            fmt(r["ticks_ratio"]), fmt(r["ns"], 1), fmt(r["ns_ratio"])))
    return out


def guest_table(rrows):
    out = ["| test | kernel | runs | Gbit/s median (min-max) | vs plain"
           " | guest CPU s/GB median (min-max) | vs plain |",
           "|---|---|--:|---|---|---|---|"]
    for r in rrows:
        out.append("| %s | %s | %d | %s | %s | %s | %s |" % (
            r["test"], SHORT[r["kernel"]], r["n"], fmt(r["gbps"]), fmt(r["gbps_ratio"]),
            fmt(r["cpu_s_per_gb"], 2), fmt(r["cpu_s_per_gb_ratio"])))
    return out


def build_lines(res, info):
    path = os.path.join(res, "kernel-build.csv")
    try:
        b = next(csv.DictReader(open(path)))
    except (OSError, StopIteration):
        return ["(no build-cost figures: %s missing or empty)" % path]
    v, ld = float(b["vrolink_list_cpu_s"]), float(b["ld_r_cpu_s"])
    out = ["| step | what | wall s | CPU s (user+sys) |", "|---|---|--:|--:|",
           "| vrolink --list | each of %s objects of vmlinux.a, one process per object"
           " (%s objects with sites, %s sites) | %s | %s |" % (
               b["objects"], b["objects_with_sites"], b["sites"],
               b["vrolink_list_wall_s"], b["vrolink_list_cpu_s"]),
           "| ld -r | --whole-archive vmlinux.a, as kbuild links vmlinux.o | %s | %s |" % (
               b["ld_r_wall_s"], b["ld_r_cpu_s"])]
    if b.get("true_cpu_s"):
        out.append("| /bin/true | once per object: the cost of one process per object"
                   " | %s | %s |" % (b["true_wall_s"], b["true_cpu_s"]))
    if ld > 0:
        out += ["", "vrolink's CPU time is %.1fx that of the ld -r." % (v / ld)]
    if info.get("build_cpu_seconds"):
        out += ["The vro kernel's last (possibly incremental) build (tools/kernel, %s) took %s CPU seconds"
                " (%s s wall)." % (info.get("built", "?"), info["build_cpu_seconds"],
                                   info.get("build_wall_seconds", "?"))]
    return out


def plots(res, rrows, hrows, stamp):
    with open(os.path.join(res, "kernel-guest.dat"), "w") as f:
        f.write("# n label gbps_med min max cpu_s_per_gb_med min max\n")
        for i, r in enumerate(rrows):
            f.write("%d %s-%s %s %s\n" % (i, r["test"], SHORT[r["kernel"]],
                                          " ".join("%g" % v for v in r["gbps"]),
                                          " ".join("%g" % v for v in r["cpu_s_per_gb"])))
    with open(os.path.join(res, "kernel-hot.dat"), "w") as f:
        f.write("# n label ticks_med min max\n")
        for i, r in enumerate(hrows):
            f.write("%d %s-%s %s\n" % (i, r["function"], SHORT[r["kernel"]],
                                       " ".join("%g" % v for v in r["ticks"])))
    for png, dat, col, ylab, what in (
            ("kernel-throughput", "kernel-guest.dat", 3, "Gbit/s (receiver)", "iperf3 throughput"),
            ("kernel-cost", "kernel-guest.dat", 6, "guest CPU seconds per GB", "iperf3 CPU cost"),
            ("kernel-hot", "kernel-hot.dat", 3, "TSC ticks per call", "hot functions")):
        if not os.path.getsize(os.path.join(res, dat)) > 60:
            continue
        open(os.path.join(res, png + ".gp"), "w").write(f"""\
set terminal png size 1000,560
set output '{png}.png'
set title "whole-kernel mode, kernels vro / plain / const: {what}, median and min-max\\n{TCG}, {stamp}" noenhanced
set ylabel "{ylab}"
set style fill solid 0.4 border -1
set boxwidth 0.6
set xtics rotate by -30 noenhanced
set bmargin 6
set yrange [0:*]
set grid ytics
plot '{dat}' using 1:{col}:xtic(2) with boxes notitle, \\
     '' using 1:{col}:{col + 1}:{col + 2} with yerrorbars pt 7 lc rgb 'black' notitle
""")


def read_info(path):
    info = {}
    try:
        for line in open(path):
            k, _, v = line.strip().partition(" ")
            info[k] = v
    except OSError:
        pass
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--results", required=True)
    ap.add_argument("--cpu", default="unknown CPU")
    ap.add_argument("--command", default="make bench")
    ap.add_argument("--params", default="")
    ap.add_argument("--info", default="", help="the vro kernel's info file (tools/kernel)")
    a = ap.parse_args()
    stamp = datetime.date.today().isoformat()
    runs, hot = parse(os.path.join(a.results, "kernel-guest.raw"))
    rrows = summarise(runs, "test", TESTS, ("gbps", "cpu_s_per_gb"))
    hrows = summarise(hot, "function", FUNCS, ("ticks", "ns"))
    write_csvs(a.results, runs, hot, rrows, hrows)
    plots(a.results, rrows, hrows, stamp)
    md = ["# Whole-kernel mode benchmark: vro / plain / const kernels", "",
          "%s, `%s` (%s), host CPU: %s." % (stamp, a.command, a.params, a.cpu), "",
          "The same source and configuration (kernel/rig.config + vro.config,"
          " kernel/patches/<version>/0010-0012) built three ways: the converted network-stack"
          " constants as patched immediates (vro), as ordinary variables (plain) or"
          " as compile-time constants (const). Kernels booted interleaved"
          " (plain const vro, ...), one boot per kernel and round; 'vs plain':"
          " median (min-max) over rounds of the figure divided by plain's in the"
          " same round.", "",
          "## Hot functions in the guest (selftests/kbench/vro_kbench), %s" % TCG, "",
          "Median over batches of the batch's time divided by its calls (timer and"
          " loop included): " + "; ".join("%s: %s" % kv for kv in FUNCS.items()) + ".", ""]
    md += hot_table(hrows)
    md += ["", "## iperf3 over veth between two namespaces, %s" % TCG, "",
           "Guest CPU s/GB: non-idle jiffies of all guest CPUs (/proc/stat: user,"
           " system, irq, softirq, steal) over the run per GB received.", ""]
    md += guest_table(rrows)
    md += ["", "## Build cost (host, %s)" % a.cpu, ""]
    md += build_lines(a.results, read_info(a.info) if a.info else {})
    md += ["", "Plots: kernel-hot.png, kernel-throughput.png, kernel-cost.png (all %s)." % TCG]
    open(os.path.join(a.results, "kernel-results.md"), "w").write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
