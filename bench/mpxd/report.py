#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn bench/mpxd/guest.sh's results.tsv into the mpxd-vs-multipathd tables.

    bench/mpxd/report.py RESULTS_DIR

RESULTS_DIR is the guest's results folder (env.txt, results.tsv with one
line per measurement: metric, daemon, config, repeat, value; facts.txt).
Medians over the repeats, with min-max where there are several; ratios are
multipathd / mpxd, so above 1 means mpxd needs less. Method: README.md.
"""

import os
import statistics
import sys

A, B = "mpxd", "multipathd"


def die(msg):
    sys.stderr.write("report: %s\n" % msg)
    sys.exit(1)


def load(resdir):
    data = {}
    order = []
    with open(os.path.join(resdir, "results.tsv")) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            metric, daemon, config, _rep, value = parts
            if value == "timeout":
                v = None
            else:
                try:
                    v = float(value)
                except ValueError:
                    continue
            data.setdefault((metric, daemon, config), []).append(v)
            if (metric, config) not in order:
                order.append((metric, config))
    return data, order


def read_lines(path):
    try:
        with open(path) as f:
            return [l.rstrip("\n") for l in f if l.strip()]
    except OSError:
        return []


def configs(order, metric):
    return [c for m, c in order if m == metric]


def med(vals):
    return statistics.median(vals) if vals else None


def fmt(v, scale=1.0, prec=1):
    return "-" if v is None else "%.*f" % (prec, v / scale)


def spread(vals, scale=1.0, prec=1):
    """median, or 'median (min-max)' when there are several values."""
    if not vals:
        return "-"
    m = fmt(med(vals), scale, prec)
    if len(vals) == 1:
        return m
    return "%s (%s-%s)" % (m, fmt(min(vals), scale, prec), fmt(max(vals), scale, prec))


def ratio(a, b):
    if a is None or b is None or a == 0:
        return "-"
    return "%.2f" % (b / a)


def table(title, head, rows):
    print(title)
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    print("  " + line(head))
    for r in rows:
        print("  " + line(r))
    print()


def per_size(data, order, metric, title, unit, scale, prec):
    rows = []
    for size in configs(order, metric):
        a = data.get((metric, A, size), [])
        b = data.get((metric, B, size), [])
        rows.append([size, spread(a, scale, prec), spread(b, scale, prec),
                     ratio(med(a), med(b)), "%d/%d" % (len(a), len(b))])
    if rows:
        table(title, ["paths", "mpxd " + unit, "multipathd " + unit,
                      "multipathd/mpxd", "runs"], rows)


def latency(data, order, metric, title):
    """Per daemon@config: min, median, max, and the count of timeouts."""
    rows = []
    for cfg in configs(order, metric):
        for d in (A, B):
            vals = data.get((metric, d, cfg))
            if vals is None:
                continue
            ok = [v for v in vals if v is not None]
            lost = len(vals) - len(ok)
            rows.append(["%s @ %s" % (d, cfg) if cfg != "io" else d,
                         fmt(min(ok), 1, 0) if ok else "-",
                         fmt(med(ok), 1, 0) if ok else "-",
                         fmt(max(ok), 1, 0) if ok else "-",
                         "%d%s" % (len(vals), " (%d timed out)" % lost if lost else "")])
    if rows:
        table(title, ["daemon @ polling/max s", "min ms", "median ms", "max ms", "runs"], rows)


def main():
    if len(sys.argv) != 2:
        die("usage: report.py RESULTS_DIR")
    resdir = sys.argv[1]
    data, order = load(resdir)
    env = dict(l.split(" ", 1) for l in read_lines(os.path.join(resdir, "env.txt"))
               if " " in l)
    print("mpxd vs multipathd: %s, %s vCPU, %s, kernel %s; %s; multipath-tools %s"
          % (env.get("date", "?"), env.get("cpus", "?"), env.get("accel", "?"),
             env.get("kernel", "?"), env.get("mpxd", "?"), env.get("multipathd", "?")))
    print("host load before the run: %s; udev sync: %s" %
          (env.get("host_load", "?"), "yes" if env.get("udev_sync") == "1" else
           "no (DM_DISABLE_UDEV=1)"))
    print()
    per_size(data, order, "start_ms", "Start to all maps ready (4 paths each), seconds: "
             "median (min-max)", "s", 1000.0, 2)
    per_size(data, order, "start_cpu_s", "CPU time spent until ready, seconds", "s", 1.0, 2)
    per_size(data, order, "rss_kb", "RSS at steady state (VmRSS), MiB", "MiB", 1024.0, 1)
    per_size(data, order, "rss_anon_kb", "Private memory at steady state (RssAnon), MiB",
             "MiB", 1024.0, 1)
    per_size(data, order, "cpu_s_per_min", "CPU seconds per minute at steady state "
             "(polling 1 s, max 4 s)", "s/min", 1.0, 3)
    per_size(data, order, "stop_ms", "SIGTERM to exit, after the steady window or at "
             "once after a start, seconds", "s", 1000.0, 2)
    latency(data, order, "detect_fail_ms", "Idle path taken offline -> failed in the "
            "kernel target (dmsetup status F)")
    latency(data, order, "detect_reinstate_ms", "Path back online -> reinstated in the "
            "kernel target (A)")
    latency(data, order, "iofail_kernel_ms", "Under reads, serving path offline -> "
            "kernel failed it (I/O error)")
    latency(data, order, "iofail_daemon_ms", "Under reads, serving path offline -> "
            "daemon shows it failed (mpxctl / multipathd show paths)")
    latency(data, order, "iofail_lag_ms", "Daemon shows it failed, after the kernel "
            "failed it (lag)")
    latency(data, order, "react_ms", "Kernel failed a path (I/O error) -> mpxd's reaction "
            "done: diagnosis, policy verdict, the sibling on the same host checked")
    latency(data, order, "react_event_ms", "The same, from mpxd seeing the device-mapper "
            "event (its own count)")
    setup = []
    for size in configs(order, "setup_disks_ms"):
        setup.append([size, fmt(med(data.get(("setup_disks_ms", "-", size), [])), 1000.0, 1),
                      fmt(med(data.get(("setup_udev_ms", "-", size), [])), 1000.0, 1),
                      spread(data.get(("udev_after_start_ms", A, size), []), 1000.0, 1),
                      spread(data.get(("udev_after_start_ms", B, size), []), 1000.0, 1)])
    if setup:
        table("Bench overhead, not in the times above: disks appear, udev done with "
              "them; udev still busy when the maps were ready, s",
              ["paths", "disks s", "udev s", "after mpxd s", "after multipathd s"], setup)
    facts = read_lines(os.path.join(resdir, "facts.txt"))
    if facts:
        print("Facts")
        for l in facts:
            print("  " + l)


if __name__ == "__main__":
    main()
