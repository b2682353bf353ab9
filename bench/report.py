#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn bench/guest-datapath.sh's raw fio JSON into the datapath table.

    bench/report.py RESULTS_DIR

RESULTS_DIR is the guest's results folder (env.txt, runs.tsv, one fio JSON
per pass and workload, one reporting group per config). Prints, per
workload, the median IOPS and p99 completion latency of each config over
the passes, and the median of the per-pass ratios to dm-linear: each config
is divided by dm-linear's number from the same fio run, so that drift of the
emulated CPU between passes cancels out (see bench/README.md).
"""

import json
import math
import os
import statistics
import sys

BASE = "linear"
# Long workload names (runs.tsv) -> short column heads.
RW_SHORT = {"randread": "rd", "randwrite": "wr"}


def die(msg):
    sys.stderr.write("report: %s\n" % msg)
    sys.exit(1)


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            env[key] = value
    return env


def short(workload):
    """randread-qd32-j2 -> rd32x2"""
    rw, qd, jobs = workload.split("-")
    return "%s%sx%s" % (RW_SHORT.get(rw, rw), qd[2:], jobs[1:])


def load_runs(resdir):
    """{(workload, config): {pass: (iops, p99_us)}}, workloads in run order."""
    data, workloads, problems = {}, [], []
    with open(os.path.join(resdir, "runs.tsv")) as f:
        next(f)
        for line in f:
            npass, workload, fname = line.split()
            if workload not in workloads:
                workloads.append(workload)
            with open(os.path.join(resdir, fname)) as jf:
                doc = json.load(jf)
            for job in doc["jobs"]:
                if job["error"]:
                    problems.append("%s %s: fio error %d" %
                                    (fname, job["jobname"], job["error"]))
                side = job["read"] if job["read"]["io_kbytes"] else job["write"]
                p99 = side["clat_ns"]["percentile"]["99.000000"] / 1000.0
                key = (workload, job["jobname"])
                data.setdefault(key, {})[int(npass)] = (side["iops"], p99)
    return data, workloads, problems


def ratios(data, workload, config, base, idx):
    """Per-pass ratio config/base of field idx (0 IOPS, 1 p99), pass by pass."""
    mine, ref = data[(workload, config)], data[(workload, base)]
    return [mine[p][idx] / ref[p][idx] for p in sorted(mine) if p in ref
            and ref[p][idx] > 0]


def median_field(data, workload, config, idx):
    return statistics.median(v[idx] for v in data[(workload, config)].values())


def geomean(values):
    values = [v for v in values if v > 0]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_iops(v):
    return "%.1fk" % (v / 1000.0)


def print_workload(out, data, workload, configs):
    out.append("")
    out.append(workload.replace("-", " "))
    out.append("  %-11s %8s %6s %13s %9s %6s" %
               ("config", "IOPS", "xlin", "xlin min-max", "p99 us", "xlin"))
    for c in configs:
        ri = ratios(data, workload, c, BASE, 0)
        rp = ratios(data, workload, c, BASE, 1)
        out.append("  %-11s %8s %6.2f %6.2f-%-6.2f %9.0f %6.2f" % (
            c, fmt_iops(median_field(data, workload, c, 0)),
            statistics.median(ri), min(ri), max(ri),
            median_field(data, workload, c, 1), statistics.median(rp)))


def ratio_matrix(out, title, data, workloads, configs, idx):
    """One row per config: median per-pass ratio per workload, geomean."""
    out.append("")
    out.append(title)
    out.append("  %-11s " % "config" +
               " ".join("%6s" % short(w) for w in workloads) + "  geomean")
    means = {}
    for c in configs:
        meds = [statistics.median(ratios(data, w, c, BASE, idx))
                for w in workloads]
        means[c] = geomean(meds)
        out.append("  %-11s " % c + " ".join("%6.2f" % m for m in meds) +
                   "  %7.2f" % means[c])
    return means


def kernel_peers(config, configs):
    """mpx-<mode>-<sel> -> the kernel multipath configs with that selector."""
    sel = config.split("-")[-1]
    return [c for c in configs if c.startswith("mp-") and c.endswith("-" + sel)]


def vs_best_kernel(out, data, workloads, configs):
    """mpx against the better kernel mode (bio or rq) for each workload."""
    rows = []
    for c in configs:
        peers = kernel_peers(c, configs) if c.startswith("mpx-") else []
        if not peers:
            continue
        for w in workloads:
            best_i = max(peers, key=lambda p: median_field(data, w, p, 0))
            best_l = min(peers, key=lambda p: median_field(data, w, p, 1))
            rows.append((c, w, best_i,
                         statistics.median(ratios(data, w, c, best_i, 0)),
                         best_l,
                         statistics.median(ratios(data, w, c, best_l, 1))))
    if not rows:
        return
    out.append("")
    out.append("mpx / best kernel multipath mode with the same selector "
               "(median of per-pass ratios;")
    out.append("IOPS: >= 1.00 is at or above it; p99: <= 1.00 is at or below it)")
    out.append("  %-11s %-7s %-10s %9s  %-10s %8s" %
               ("config", "load", "best IOPS", "mpx/best", "best p99",
                "mpx/best"))
    for c, w, bi, ri, bl, rl in rows:
        out.append("  %-11s %-7s %-10s %9.2f  %-10s %8.2f" %
                   (c, short(w), bi, ri, bl, rl))
    for c in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == c]
        out.append("  %-11s %-7s %-10s %9.2f  %-10s %8.2f" %
                   (c, "geomean", "", geomean([r[3] for r in mine]), "",
                    geomean([r[5] for r in mine])))


def main():
    if len(sys.argv) != 2:
        die("usage: report.py RESULTS_DIR")
    resdir = sys.argv[1]
    env = read_env(os.path.join(resdir, "env.txt"))
    configs = env["configs"].split()
    if BASE not in configs:
        die("config '%s' is needed: every ratio is to it" % BASE)
    data, workloads, problems = load_runs(resdir)
    missing = [(w, c) for w in workloads for c in configs
               if (w, c) not in data]
    if missing:
        die("no results for %s" % ", ".join("%s/%s" % m for m in missing))

    npasses = max(len(v) for v in data.values())
    out = ["mpx datapath benchmark: 4k random I/O on null_blk paths, "
           "fio %s, %s passes x %g s" % (
               env.get("engine"), npasses,
               int(env.get("runtime_ms", "0")) / 1000.0),
           "mpx: source %s, dm-mpx.ko srcversion %s" % (
               env.get("source"), env.get("module")),
           "guest: kernel %s, %s vCPU, accel %s, %s, %s" % (
               env.get("kernel"), env.get("cpus"), env.get("accel"),
               env.get("fio"), env.get("date")),
           "IOPS, p99: medians over passes. xlin: median of the per-pass "
           "ratios to dm-linear",
           "(same fio run, same pass); xlin min-max: their range. "
           "p99 is completion latency."]
    for w in workloads:
        print_workload(out, data, w, configs)
    ratio_matrix(out, "IOPS / dm-linear (higher is better)",
                 data, workloads, configs, 0)
    ratio_matrix(out, "p99 latency / dm-linear (lower is better)",
                 data, workloads, configs, 1)
    vs_best_kernel(out, data, workloads, configs)
    for p in problems:
        out.append("WARNING: " + p)
    print("\n".join(out))


if __name__ == "__main__":
    main()
