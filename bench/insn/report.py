#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Instructions per I/O from a bench/insn run.

    report.py RESULTS                     the tables (and the self-check)
    report.py RESULTS --profiles [FILE]   also the top functions of every
                                          config and workload, into FILE
    report.py RESULTS --diff A B [--workload W] [--top N]
                                          function by function, A against B
    report.py RESULTS --check-loop        exit 1 unless the self-check loop
                                          cost what it should, within 0.5%

RESULTS is bench/insn/run.sh's results folder: plugin.log (written by
insn-plugin.so on the host) and guest/ (runs.tsv, kallsyms.txt,
sections.txt, env.txt, insn-io.out from the guest).

Every number is a count of guest instructions, not a time. A run's count is
what the measuring vCPU executed between insn-io's two markers; a config's
cost per I/O is the difference between its runs of N2 and N1 I/Os over
N2 - N1, so that what a run costs once (opening the device, the first and
last I/Os in flight) cancels. "other" is the same difference for the other
vCPUs together: work the I/O handed to another CPU, plus that CPU's timer
ticks, which make it noisy.
"""
import argparse
import bisect
import collections
import os
import re
import statistics
import sys

USER_TOP = 0x800000000000
CPU_ENTRY_AREA = (0xFFFFFE0000000000, 0xFFFFFE8000000000)
TOLERANCE = 0.005  # the self-check's


class Mark:
    def __init__(self, f):
        self.code, self.vcpu, self.count = int(f[1]), int(f[2]), int(f[3])
        self.all = [int(x) for x in f[4:]]


class Run:
    """One row of runs.tsv with its marker pair and profile."""

    def __init__(self, row):
        self.seq = int(row["seq"])
        self.kind = row["kind"]
        self.config = row["config"]
        self.workload = row["workload"]
        self.repeat = int(row["repeat"])
        self.n = int(row["n"])
        self.profiled = row["profile"] == "1"
        self.insns = self.other = None
        self.prof = None  # {vaddr: (n, execs, elsewhere)}


def die(msg):
    print("report: " + msg, file=sys.stderr)
    sys.exit(2)


def read_tsv(path):
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, l.rstrip("\n").split("\t"))) for l in f if l.strip()]


def read_plugin_log(path):
    """The marker pairs in order: (begin, end, profile or None)."""
    pairs, begin, prof, last = [], None, None, None
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "mark":
                m = Mark(p)
                if m.code in (1, 3):
                    begin = m
                elif m.code == 2:
                    if begin is None or begin.vcpu != m.vcpu:
                        die("%s: an end marker without its begin (vcpu %d)" % (path, m.vcpu))
                    last = [begin, m, None]
                    pairs.append(last)
                    if begin.code == 3:
                        prof = {}
                    begin = None
            elif p[0] == "prof":
                if prof is None:
                    die("%s: profile lines outside a window" % path)
                prof[int(p[1], 16)] = (int(p[2]), int(p[3]), int(p[4]))
            elif p[0] == "prof-end":
                last[2], prof = prof, None
    return pairs


def load(results):
    guest = os.path.join(results, "guest")
    runs = [Run(r) for r in read_tsv(os.path.join(guest, "runs.tsv"))]
    pairs = read_plugin_log(os.path.join(results, "plugin.log"))
    if len(pairs) < len(runs):
        die("%d runs listed but the plugin saw %d marker pairs" % (len(runs), len(pairs)))
    if len(pairs) > len(runs):
        die("the plugin saw %d marker pairs for %d runs: something else ran a marker"
            % (len(pairs), len(runs)))
    for run, (b, e, prof) in zip(runs, pairs):
        run.vcpu = b.vcpu
        run.insns = e.count - b.count
        run.other = sum(e.all[i] - b.all[i] for i in range(min(len(b.all), len(e.all)))
                        if i != b.vcpu)
        if run.profiled and prof is None:
            die("run %d was to be profiled but has no profile" % run.seq)
        run.prof = prof
    if len({r.vcpu for r in runs}) > 1:
        die("runs were counted on different vCPUs: %s" % sorted({r.vcpu for r in runs}))
    return runs


def env(results):
    out = {}
    try:
        with open(os.path.join(results, "guest", "env.txt")) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition(" ")
                out[k] = v
    except OSError:
        pass
    return out


def per_io(runs):
    """{(config, workload): [(insns/io, other/io, repeat, small, large)]}."""
    by = collections.defaultdict(list)
    for r in runs:
        if r.kind in ("io", "loop"):
            by[(r.config, r.workload, r.repeat)].append(r)
    out = collections.defaultdict(list)
    for (c, w, rep), rs in sorted(by.items(), key=lambda kv: kv[0][2]):
        rs.sort(key=lambda r: r.n)
        small, large = rs[0], rs[-1]
        if large.n == small.n:
            die("%s %s repeat %d: no two run lengths" % (c, w, rep))
        dn = large.n - small.n
        out[(c, w)].append(((large.insns - small.insns) / dn,
                            (large.other - small.other) / dn, rep, small, large))
    return out


# ---------------------------------------------------------------- self-check

def loop_insns(results):
    path = os.path.join(results, "guest", "insn-io.out")
    with open(path) as f:
        for line in f:
            m = re.search(r"insns/turn (\d+)", line)
            if m:
                return int(m.group(1))
    die("%s: no loop run" % path)


def selfcheck(results, runs, stats):
    want = loop_insns(results)
    rows = stats.get(("selfcheck", "loop:1"), [])
    if not rows:
        die("no self-check runs")
    ok = True
    print("self-check: a loop of %d instructions per turn, runs of %d and %d turns"
          % (want, rows[0][3].n, rows[0][4].n))
    for got, other, rep, small, large in rows:
        # the difference, and each run's own count (markers included)
        errs = [abs(got - want) / want] + [abs(r.insns - want * r.n) / (want * r.n)
                                           for r in (small, large)]
        good = max(errs) <= TOLERANCE
        ok = ok and good
        print("  repeat %d: %.4f instructions per turn (%.3f%% off); runs counted %d and %d"
              " (%.4f%% and %.4f%% off) %s" % (rep, got, 100 * errs[0], small.insns,
                                              large.insns, 100 * errs[1], 100 * errs[2],
                                              "ok" if good else "WRONG"))
    return ok


# ---------------------------------------------------------------- tables

def kernel_peer(config):
    """The kernel's bio multipath config with the same selector, if any."""
    m = re.match(r"mpx-(bio|rq)-(\w+)$", config)
    if m:
        return "mp-bio-" + m.group(2)
    if re.match(r"mpx-t\d+-", config):
        return "mp-bio-st"
    return None


def med(rows, i=0):
    return statistics.median(r[i] for r in rows)


def spread(rows):
    v = [r[0] for r in rows]
    return max(v) - min(v)


def ratio(a, b):
    return "%.3f" % (a / b) if a is not None and b else "-"


def wl_name(w):
    rw, qd = w.split(":")
    return "%s qd%s" % ("randread" if rw == "read" else "randwrite", qd)


def wl_short(w):
    rw, qd = w.split(":")
    return "%s%s" % ("rd" if rw == "read" else "wr", qd)


def print_tables(results, runs, stats):
    e = env(results)
    configs = [c for c in e.get("configs", "").split() if c]
    workloads = [w for w in e.get("workloads", "").split() if w]
    reps = e.get("repeats", "?")
    print("mpx instructions per I/O: 4k random I/O on null_blk paths, insn-io on CPU %d"
          % runs[0].vcpu)
    print("mpx: source %s, dm-mpx.ko srcversion %s" % (e.get("source", "?"), e.get("module", "?")))
    print("guest: kernel %s, %s vCPU, accel %s, %s" % (e.get("kernel", "?"), e.get("cpus", "?"),
                                                      e.get("accel", "?"), e.get("date", "?")))
    print("runs of %s and %s I/Os, %s repeats. insn/IO: guest instructions per I/O on the"
          % (e.get("n1", "?"), e.get("n2", "?"), reps))
    print("submitting vCPU (median over repeats); spread: max - min over repeats; other:")
    print("instructions per I/O on the other vCPU (handed-off work plus its timer ticks: noisy);")
    print("xlin: insn/IO over dm-linear's; xkern: over the kernel's bio multipath with the same")
    print("selector (service-time for tenant configs); +lin: insn/IO minus dm-linear's.")
    get = lambda c, w: med(stats[(c, w)]) if (c, w) in stats else None
    for w in workloads:
        print()
        print(wl_name(w))
        print("  %-16s %9s %7s %8s %7s %7s %7s" % ("config", "insn/IO", "spread", "other",
                                                  "xlin", "xkern", "+lin"))
        lin = get("linear", w)
        for c in configs:
            rows = stats.get((c, w))
            if not rows:
                continue
            v = med(rows)
            peer = kernel_peer(c)
            print("  %-16s %9.1f %7.1f %8.1f %7s %7s %7s" % (
                c, v, spread(rows), med(rows, 1), ratio(v, lin),
                ratio(v, get(peer, w)) if peer else "-",
                "%+.0f" % (v - lin) if lin is not None and c != "linear" else "-"))
    own_cost_table(configs, workloads, get)
    tenant_table(configs, workloads, get)
    worst = lambda rq: max((spread(r) for k, r in stats.items()
                            if k[0] != "selfcheck" and ("-rq-" in k[0]) == rq), default=0)
    print()
    print("largest spread over repeats: %.1f instructions per I/O (request-based maps: %.1f)"
          % (worst(False), worst(True)))


def own_cost_table(configs, workloads, get):
    sels = [m.group(1) for c in configs for m in [re.match(r"mpx-bio-(\w+)$", c)] if m]
    if "linear" not in configs or not sels:
        return
    print()
    print("Own cost over dm-linear (insn/IO minus dm-linear's): mpx against the kernel's bio")
    print("multipath with the same selector; ratio = mpx's / the kernel's")
    print("  %-10s %-8s %9s %9s %7s" % ("selector", "load", "mpx", "kernel", "ratio"))
    for sel in sels:
        for w in workloads:
            lin, mpx, kern = get("linear", w), get("mpx-bio-" + sel, w), get("mp-bio-" + sel, w)
            if lin is None or mpx is None:
                continue
            a = mpx - lin
            b = kern - lin if kern is not None else None
            print("  %-10s %-8s %+9.0f %9s %7s" % (sel, wl_short(w), a,
                                                 "%+.0f" % b if b is not None else "-",
                                                 ratio(a, b) if b and b > 0 else "-"))


def tenant_table(configs, workloads, get):
    tcs = [(int(m.group(1)), m.group(2)) for c in configs
           for m in [re.match(r"mpx-t(\d+)-(\w+)$", c)] if m]
    if not tcs or "mpx-bio-st" not in configs:
        return
    kinds = [k for k in ("w", "iops", "aff") if any(tk == k for _, tk in tcs)]
    counts = sorted({n for n, _ in tcs})
    print()
    print("Tenant rules (mpx service-time, insn-io in tenant t1's cgroup): insn/IO and the")
    print("increase over no rules (mpx-bio-st). w: weights only; iops: an iops limit never")
    print("reached; aff: path affinity")
    head = "  %-8s %8s" % ("load", "tenants")
    for k in kinds:
        head += " %9s %7s" % (k, "+%")
    print(head)
    for w in workloads:
        base = get("mpx-bio-st", w)
        for n in counts:
            line = "  %-8s %8d" % (wl_short(w), n)
            for k in kinds:
                v = get("mpx-t%d-%s" % (n, k), w)
                line += (" %9.1f %+6.1f%%" % (v, 100 * (v / base - 1))
                         if v is not None and base else " %9s %7s" % ("-", "-"))
            print(line)


# ---------------------------------------------------------------- profiles

class Symbols:
    def __init__(self, guest):
        self.addrs, self.names = [], []
        syms = []
        with open(os.path.join(guest, "kallsyms.txt")) as f:
            for line in f:
                p = line.split()
                if len(p) < 3 or p[1] not in "tTwW":
                    continue
                a = int(p[0], 16)
                if a:
                    syms.append((a, p[2] + (" " + p[3] if len(p) > 3 else "")))
        if not syms:
            die("kallsyms.txt has no addresses (kptr_restrict?)")
        syms.sort()
        self.addrs = [a for a, _ in syms]
        self.names = [n for _, n in syms]
        self.sections = []  # (start, module, section)
        try:
            with open(os.path.join(guest, "sections.txt")) as f:
                for line in f:
                    mod, sec, addr = line.split()
                    self.sections.append((int(addr, 16), mod, sec))
        except OSError:
            pass
        self.sections.sort()
        self.sec_addrs = [s[0] for s in self.sections]

    def name(self, a):
        if a < USER_TOP:
            return "[user]"
        if CPU_ENTRY_AREA[0] <= a < CPU_ENTRY_AREA[1]:
            return "[cpu_entry_area]"
        i = bisect.bisect_right(self.addrs, a) - 1
        j = bisect.bisect_right(self.sec_addrs, a) - 1
        if j >= 0 and (i < 0 or self.addrs[i] < self.sec_addrs[j]):
            return "[%s %s]" % (self.sections[j][1], self.sections[j][2])
        if i < 0 or a - self.addrs[i] > 1 << 20:
            return "[kernel ?]"
        return self.names[i]


def profile_of(syms, small, large):
    """{function: (insn/IO here, insn/IO elsewhere)} from two profiled runs."""
    acc = collections.defaultdict(lambda: [0, 0])
    for run, sign in ((large, 1), (small, -1)):
        for vaddr, (n, execs, others) in run.prof.items():
            f = acc[syms.name(vaddr)]
            f[0] += sign * n * execs
            f[1] += sign * n * others
    dn = large.n - small.n
    return {k: (v[0] / dn, v[1] / dn) for k, v in acc.items()}


def profiles(stats):
    """{(config, workload): (small, large)} of the profiled repeat."""
    out = {}
    for key, rows in stats.items():
        for got, other, rep, small, large in rows:
            if small.prof is not None and large.prof is not None:
                out[key] = (small, large)
                break
    return out


def print_profile(syms, key, pair, top, out):
    p = profile_of(syms, *pair)
    total = sum(v[0] for v in p.values())
    print("%s, %s: top %d functions, instructions per I/O (submitting vCPU; other vCPU)"
          % (key[0], wl_name(key[1]), top), file=out)
    for name, (here, there) in sorted(p.items(), key=lambda kv: -kv[1][0])[:top]:
        print("  %8.1f %5.1f%% %8.1f  %s" % (here, 100 * here / total if total else 0,
                                            there, name), file=out)
    print("  %8.1f        %8.1f  (all functions)" % (total, sum(v[1] for v in p.values())),
          file=out)
    print(file=out)


def print_diff(syms, profs, a, b, w, top):
    if (a, w) not in profs or (b, w) not in profs:
        die("no profile of %s or %s for workload %s" % (a, b, w))
    pa, pb = profile_of(syms, *profs[(a, w)]), profile_of(syms, *profs[(b, w)])
    names = set(pa) | set(pb)
    rows = [(n, pa.get(n, (0, 0))[0], pb.get(n, (0, 0))[0]) for n in names]
    rows.sort(key=lambda r: -abs(r[1] - r[2]))
    ta, tb = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print("%s against %s, %s: functions by difference, instructions per I/O "
          "(submitting vCPU)" % (a, b, wl_name(w)))
    print("  %9s %9s %9s  %s" % (a[:9], b[:9], "diff", "function"))
    for n, x, y in rows[:top]:
        print("  %9.1f %9.1f %+9.1f  %s" % (x, y, x - y, n))
    print("  %9.1f %9.1f %+9.1f  (all functions)" % (ta, tb, ta - tb))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--check-loop", action="store_true")
    ap.add_argument("--profiles", nargs="?", const="-", metavar="FILE")
    ap.add_argument("--diff", nargs=2, metavar=("A", "B"))
    ap.add_argument("--workload", default="read:1")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()

    runs = load(args.results)
    stats = per_io(runs)
    if args.check_loop:
        sys.exit(0 if selfcheck(args.results, runs, stats) else 1)
    if args.diff:
        syms = Symbols(os.path.join(args.results, "guest"))
        print_diff(syms, profiles(stats), args.diff[0], args.diff[1], args.workload, args.top)
        return
    selfcheck(args.results, runs, stats)
    print()
    print_tables(args.results, runs, stats)
    if args.profiles:
        syms = Symbols(os.path.join(args.results, "guest"))
        profs = profiles(stats)
        out = sys.stdout if args.profiles == "-" else open(args.profiles, "w")
        e = env(args.results)
        order = {c: i for i, c in enumerate(e.get("configs", "").split())}
        worder = {w: i for i, w in enumerate(e.get("workloads", "").split())}
        for key in sorted(profs, key=lambda k: (worder.get(k[1], 99), order.get(k[0], 99))):
            print_profile(syms, key, profs[key], args.top, out)
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
