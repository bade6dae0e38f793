#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tools/netbench/report.py - turn tools/netbench's raw output into tables
and plots: reads RESULTS/guest.raw (guest.sh's "J" lines: one iperf3 -J
document per run; "T" lines: the flow table's stats after a hooked run) and
RESULTS/native.csv (tools/vroperf --csv); writes guest-runs.csv,
guest-summary.csv, results.md, the gnuplot data (*.dat) and scripts (*.gp)
for throughput.png, cost.png, ticks.png and cwnd.png."""

import argparse
import csv
import datetime
import json
import os
import statistics
import sys

CCS = ["cubic", "vcubic_plain", "vcubic_const", "vcubic"]
TESTS = {"tcp1": "TCP, 1 stream", "tcp4": "TCP, 4 streams", "udp": "UDP (no congestion control)",
         "tcp1v6": "TCP over IPv6, 1 stream"}
# the hook set: no hook, the flow table's three builds, then the vro build
# with every other flow backend (ft_<backend>, in the order of the runs)
HOOKS = ["nohook", "ft_plain", "ft_const", "ft"]
TCG = "measured under TCG (QEMU guest)"
FIGS = ["gbps", "cpu_s_per_gb", "ticks_median", "ticks_per_pkt", "sender_cpu_pct",
        "receiver_cpu_pct"]
HIST_STEP = 16  # ticks per bucket of vro_flowtab's timing histogram


def die(msg):
    print("report.py: error: " + msg, file=sys.stderr)
    sys.exit(1)


def parse_hook(f, path, n):
    """A T line's fields: the flow table's counts and ticks of one run."""
    if len(f) != 10:
        die("%s:%d: a T line has 10 fields, not %d" % (path, n, len(f)))
    try:
        pk, pk6, timed, ticks, slow = (int(x) for x in f[4:9])
    except ValueError:
        die("%s:%d: T line: counts are not numbers" % (path, n))
    fast = timed - slow
    return {"hook_packets": pk, "hook_packets6": pk6, "timed": timed, "ticks": ticks,
            "slow": slow, "backend": f[9],
            "ticks_per_pkt": ticks / fast if fast > 0 else float("nan")}


def hist_median(f, path, n):
    """The median pass of an H line's histogram (LO:N pairs): the middle of
    the bucket that holds it; NaN for an empty histogram."""
    try:
        h = sorted((int(lo), int(c)) for lo, c in (x.split(":") for x in f[4:]))
    except ValueError:
        die("%s:%d: H line: want LO:N pairs" % (path, n))
    total = sum(c for _, c in h)
    seen = 0
    for lo, c in h:
        seen += c
        if 2 * seen >= total:
            return lo + HIST_STEP / 2
    return float("nan")


def parse_runs(path):
    """One dict per J line of guest.raw (with its T line's figures, if
    hooked); cwnd runs keep their intervals."""
    runs = []
    hooks = {}
    hists = {}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as e:
        die("%s: %s (did the guest run?)" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        if line.startswith("T "):
            f = line.split(" ")
            hooks[(int(f[1]), f[2], f[3])] = parse_hook(f, path, n)
            continue
        if line.startswith("H "):
            f = line.split()
            hists[(int(f[1]), f[2], f[3])] = hist_median(f, path, n)
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
        end = doc.get("end", {})
        recv = end.get("sum_received")
        if not recv:
            die("%s:%d: no end.sum_received (iperf3 error: %s)" % (path, n, doc.get("error")))
        cc, test = f[2], f[3]
        hooked = cc == "nohook" or cc.startswith("ft")
        used = end.get("sender_tcp_congestion")
        want = "cubic" if hooked else cc
        if test != "udp" and used != want:
            die("%s:%d: run for %s used congestion control %r" % (path, n, cc, used))
        busy, total = int(f[4]), int(f[5])
        cpu = end.get("cpu_utilization_percent", {})
        r = {
            "round": int(f[1]), "cc": cc, "test": test, "set": "hook" if hooked else "cc",
            "bytes": recv["bytes"], "seconds": recv["seconds"],
            "gbps": recv["bytes"] * 8 / recv["seconds"] / 1e9,
            "busy_jiffies": busy, "total_jiffies": total,
            # USER_HZ is 100: guest CPU seconds (all CPUs) per GB received
            "cpu_s_per_gb": busy / 100 / (recv["bytes"] / 1e9) if recv["bytes"] else float("nan"),
            "sender_cpu_pct": cpu.get("host_total", float("nan")),
            "receiver_cpu_pct": cpu.get("remote_total", float("nan")),
            "retransmits": end.get("sum_sent", {}).get("retransmits", ""),
            "lost_pct": recv.get("lost_percent", ""),
            "ticks_per_pkt": float("nan"), "ticks_median": float("nan"),
        }
        if test == "cwnd":
            r["intervals"] = [(iv["streams"][0]["end"], iv["streams"][0]["snd_cwnd"],
                               iv["streams"][0]["rtt"], iv["streams"][0]["retransmits"])
                              for iv in doc.get("intervals", [])]
        runs.append(r)
    if not runs:
        die("%s: no runs (look at the guest output in that file)" % path)
    for r in runs:
        key = (r["round"], r["cc"], r["test"])
        h = hooks.get(key)
        if h:
            r.update(h)
        if key in hists:
            r["ticks_median"] = hists[key]
        elif r["cc"].startswith("ft"):
            die("%s: no T line for round %d %s %s" % (path, r["round"], r["cc"], r["test"]))
    return runs


def mmm(xs):
    xs = [x for x in xs if x == x]
    if not xs:
        return None
    return statistics.median(xs), min(xs), max(xs)


def fmt(t, p=3):
    if t is None:
        return "n/a"
    return "%.*f (%.*f-%.*f)" % (p, t[0], p, t[1], p, t[2])


def configs(runs, st):
    """The configurations of set @st in run order (cc set: CCS first)."""
    seen = list(CCS) if st == "cc" else list(HOOKS)
    for r in runs:
        if r["set"] == st and r["cc"] not in seen:
            seen.append(r["cc"])
    return seen


def summarise(runs):
    """Per (set, test, configuration): median/min/max of each figure, and of
    its per-round ratio against the plain build of the same round and test
    (vcubic_plain in the cc set, ft_plain in the hook set)."""
    rows = []
    for st, base_cc in (("cc", "vcubic_plain"), ("hook", "ft_plain")):
        for test in TESTS:
            ccs = ["none"] if test == "udp" else configs(runs, st)
            for cc in ccs:
                mine = [r for r in runs if r["set"] == st and r["test"] == test and r["cc"] == cc]
                if not mine:
                    continue
                row = {"set": st, "test": test, "cc": cc, "runs": len(mine)}
                for k in FIGS:
                    row[k] = mmm([r[k] for r in mine])
                    ratios = []
                    for r in mine:
                        base = [b for b in runs if b["set"] == st and b["test"] == test
                                and b["round"] == r["round"] and b["cc"] == base_cc]
                        if test != "udp" and base and base[0][k] and base[0][k] == base[0][k]:
                            ratios.append(r[k] / base[0][k])
                    row[k + "_ratio"] = mmm(ratios)
                for k in ("hook_packets", "hook_packets6", "slow"):
                    row[k] = mmm([r[k] for r in mine if k in r])
                row["backend"] = next((r["backend"] for r in mine if "backend" in r), "")
                rows.append(row)
    return rows


def write_csvs(res, runs, rows):
    keys = ["round", "set", "cc", "test", "bytes", "seconds", "gbps", "busy_jiffies",
            "total_jiffies", "cpu_s_per_gb", "sender_cpu_pct", "receiver_cpu_pct",
            "retransmits", "lost_pct", "backend", "hook_packets", "hook_packets6", "timed",
            "ticks", "slow", "ticks_per_pkt", "ticks_median"]
    with open(os.path.join(res, "guest-runs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["config" if k == "cc" else k for k in keys])
        for r in runs:
            w.writerow([r.get(k, "") for k in keys])
    figs = FIGS
    with open(os.path.join(res, "guest-summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        head = ["set", "test", "config", "runs"]
        for k in figs:
            head += [k + "_median", k + "_min", k + "_max",
                     k + "_vs_plain_median", k + "_vs_plain_min", k + "_vs_plain_max"]
        w.writerow(head)
        for row in rows:
            line = [row["set"], row["test"], row["cc"], row["runs"]]
            for k in figs:
                for t in (row[k], row[k + "_ratio"]):
                    line += ["%.6g" % x for x in t] if t else ["", "", ""]
            w.writerow(line)


def native_table(res, spec):
    path = os.path.join(res, "native.csv")
    if not os.path.exists(path):
        return ["(no native figures: %s missing)" % path]
    what = {}
    for line in open(spec):
        p = line.rstrip("\n").split("|")
        if len(p) == 4 and not line.startswith("#"):
            what[p[0]] = p[3]
    data, order = {}, []
    for r in csv.DictReader(open(path)):
        b = os.path.basename(r["module"]).replace(".ko", "")
        b = {"tcp_vcubic": "vro", "tcp_vcubic_plain": "plain", "tcp_vcubic_const": "const"}.get(b, b)
        if r["label"] not in data:
            order.append(r["label"])
            data[r["label"]] = {}
        data[r["label"]][b] = r
    out = ["| function | what | warm vro | warm plain | warm const | flushed vro"
           " | flushed plain | flushed const | builds agree |",
           "|---|---|--:|--:|--:|--:|--:|--:|---|"]
    for lab in order:
        d = data[lab]
        g = lambda b, k: d[b][k] if b in d else "n/a"
        agree = "yes" if all(x["agree"] == "yes" for x in d.values()) else "NO"
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            lab, what.get(lab, d[next(iter(d))]["function"]),
            g("vro", "warm_ticks"), g("plain", "warm_ticks"), g("const", "warm_ticks"),
            g("vro", "flushed_ticks"), g("plain", "flushed_ticks"), g("const", "flushed_ticks"),
            agree))
    return out


def guest_table(rows):
    out = ["| test | congestion control | runs | Gbit/s median (min-max) | vs plain"
           " | guest CPU s/GB median (min-max) | vs plain | iperf3 sender CPU %"
           " | iperf3 receiver CPU % |",
           "|---|---|--:|---|---|---|---|---|---|"]
    for r in rows:
        if r["set"] != "cc":
            continue
        out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
            r["test"], r["cc"], r["runs"], fmt(r["gbps"]), fmt(r["gbps_ratio"]),
            fmt(r["cpu_s_per_gb"], 2), fmt(r["cpu_s_per_gb_ratio"]),
            fmt(r["sender_cpu_pct"], 1), fmt(r["receiver_cpu_pct"], 1)))
    return out


def hook_table(rows):
    out = ["| test | hook | flow backend | runs | hook TSC ticks, median packet"
           " | vs ft_plain | hook TSC ticks, mean per packet | vs ft_plain"
           " | Gbit/s | vs ft_plain | guest CPU s/GB | vs ft_plain | packets at the hook (IPv6) |",
           "|---|---|---|--:|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["set"] != "hook":
            continue
        pk = "n/a" if not r["hook_packets"] else "%.0f (%.0f)" % (
            r["hook_packets"][0], r["hook_packets6"][0])
        out.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["test"], r["cc"], r["backend"] or "-", r["runs"], fmt(r["ticks_median"], 0),
            fmt(r["ticks_median_ratio"]), fmt(r["ticks_per_pkt"], 0),
            fmt(r["ticks_per_pkt_ratio"]), fmt(r["gbps"]), fmt(r["gbps_ratio"]),
            fmt(r["cpu_s_per_gb"], 2), fmt(r["cpu_s_per_gb_ratio"]), pk))
    return out


def cwnd_lines(runs):
    out = []
    for r in runs:
        if r["test"] != "cwnd":
            continue
        iv = r["intervals"]
        cw = [c / 1024 for _, c, _, _ in iv]
        half = cw[len(cw) // 2:]
        out.append("| %s | %.3f | %d | %.0f | %.0f-%.0f | %.0f |" % (
            r["cc"], r["gbps"] * 1000, r["retransmits"] or 0,
            statistics.median(half) if half else 0, min(half or [0]), max(half or [0]),
            statistics.median([x[2] for x in iv]) / 1000 if iv else 0))
    if not out:
        return []
    return ["| congestion control | Mbit/s | retransmits | cwnd KB median, 2nd half"
            " | cwnd KB min-max, 2nd half | RTT ms median |",
            "|---|--:|--:|--:|---|--:|"] + out


def plots(res, runs, rows, stamp):
    nan3 = (float("nan"),) * 3
    with open(os.path.join(res, "guest.dat"), "w") as f:
        f.write("# n label gbps_med min max cpu_s_per_gb_med min max\n")
        for i, r in enumerate(x for x in rows if x["test"] != "udp"):
            g, c = r["gbps"], r["cpu_s_per_gb"]
            f.write("%d %s-%s %s %s\n" % (i, r["test"], r["cc"], " ".join("%g" % v for v in g),
                                          " ".join("%g" % v for v in c)))
    with open(os.path.join(res, "ticks.dat"), "w") as f:
        f.write("# n label ticks_median_med min max ticks_per_pkt_med min max\n")
        for i, r in enumerate(x for x in rows if x["set"] == "hook" and x["ticks_per_pkt"]):
            f.write("%d %s-%s %s %s\n" % (i, r["test"], r["cc"],
                                          " ".join("%g" % v for v in r["ticks_median"] or nan3),
                                          " ".join("%g" % v for v in r["ticks_per_pkt"])))
    for png, dat, col, ylab, what in (
            ("throughput", "guest.dat", 3, "Gbit/s (receiver)", "throughput"),
            ("cost", "guest.dat", 6, "guest CPU seconds per GB", "CPU cost"),
            ("ticks", "ticks.dat", 3, "TSC ticks of the median packet in the hook",
             "vro_flowtab hook cost (median of its rdtsc deltas per run)")):
        open(os.path.join(res, png + ".gp"), "w").write(f"""\
set terminal png size 1400,560
set output '{png}.png'
set bmargin 7
set rmargin 8
set title "iperf3 over veth (congestion controls; flow-table hook configurations): {what}, median and min-max\\n{TCG}, {stamp}" noenhanced
set ylabel "{ylab}"
set style fill solid 0.4 border -1
set boxwidth 0.6
set xtics rotate by -30 noenhanced
set yrange [0:*]
set grid ytics
plot '{dat}' using 1:{col}:xtic(2) with boxes notitle, \\
     '' using 1:{col}:{col + 1}:{col + 2} with yerrorbars pt 7 lc rgb 'black' notitle
""")
    cw = []
    for r in runs:
        if r["test"] == "cwnd":
            fn = "cwnd-%s.dat" % r["cc"]
            with open(os.path.join(res, fn), "w") as f:
                f.write("# t_s snd_cwnd_KB rtt_ms retransmits\n")
                for t, c, rtt, rt in r["intervals"]:
                    f.write("%.3f %.1f %.2f %d\n" % (t, c / 1024, rtt / 1000, rt))
            cw.append("'%s' using 1:2 with linespoints title '%s'" % (fn, r["cc"]))
    if cw:
        open(os.path.join(res, "cwnd.gp"), "w").write(f"""\
set terminal png size 1000,520
set output 'cwnd.png'
set title "snd_cwnd per 0.2 s, veth through a router with netem (20 ms, 20 Mbit/s, 100-packet queue)\\n{TCG}, {stamp}" noenhanced
set xlabel "seconds"
set ylabel "snd_cwnd (KB)" noenhanced
set grid
set key top left
plot {", ".join(cw)}
""")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--results", required=True)
    ap.add_argument("--cpu", default="unknown CPU")
    ap.add_argument("--command", default="make bench")
    ap.add_argument("--params", default="")
    ap.add_argument("--spec", default=os.path.join(os.path.dirname(__file__), "..",
                                                   "vroperf", "vcubic.spec"))
    a = ap.parse_args()
    stamp = datetime.date.today().isoformat()
    md = ["# tcp_vcubic benchmark", "",
          "%s, `%s` (%s), host CPU: %s." % (stamp, a.command, a.params, a.cpu), "",
          "## Native: tools/vroperf on %s" % a.cpu, "",
          "Median TSC ticks per call (timer included), kernel-compiled code of the"
          " three builds run natively; flushed: the tunables' cache lines flushed"
          " before each call.", ""]
    md += native_table(a.results, a.spec)
    runs = parse_runs(os.path.join(a.results, "guest.raw"))
    rows = summarise(runs)
    write_csvs(a.results, runs, rows)
    plots(a.results, runs, rows, stamp)
    md += ["", "## Guest: iperf3 over veth between two namespaces, %s" % TCG, "",
           "Interleaved rounds; 'vs plain': median (min-max) over rounds of the figure"
           " divided by vcubic_plain's in the same round and test. Guest CPU s/GB:"
           " non-idle jiffies of all guest CPUs (/proc/stat) over the run per GB"
           " received. iperf3 CPU %: its cpu_utilization_percent host_total (sender)"
           " and remote_total (receiver).", ""]
    md += guest_table(rows)
    md += ["", "## Guest: the flow table's hook (net/vro_flowtab), %s" % TCG, "",
           "Same rounds, stock cubic, interleaved: no hook, the flow table's plain, const"
           " and vro builds (flow op default backend), then the vro build with each other"
           " backend of the flow op set. Each hooked run loads its module with timing=1"
           " (the hook reads the TSC with rdtsc_ordered() before and after its work: two"
           " more per packet in every hooked configuration) and unloads it after."
           " A warm-up transfer of 4 MB precedes each hooked run, and only the run's"
           " packets count. Median packet: per run the median of the hook's rdtsc"
           " deltas (its timing histogram, 16-tick buckets, bucket middle), then the"
           " median (min-max) of those over rounds; mean per packet: the summed deltas"
           " over the packets timed (passes over 2^20 ticks, a preemption of the"
           " emulator, left out). A packet is an skb at PRE_ROUTING (GRO-merged on"
           " veth), both directions. The guest's TSC runs at the host's rate, so ticks"
           " are emulated time: the host's load moves them. 'vs ft_plain': median"
           " (min-max) over rounds of the figure divided by ft_plain's in the same round"
           " and test. tcp1v6: TCP over IPv6 (fd99::/64); its packets are counted by the"
           " table's IPv6 hook (in brackets).", ""]
    md += hook_table(rows)
    c = cwnd_lines(runs)
    if c:
        md += ["", "## cwnd over veth through a router namespace with netem (20 ms delay, 20 Mbit/s, 100-packet queue), %s"
               % TCG, "", "Plot: cwnd.png.", ""] + c
    md += ["", "Plots: throughput.png, cost.png, ticks.png, cwnd.png (all %s)." % TCG]
    open(os.path.join(a.results, "results.md"), "w").write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
