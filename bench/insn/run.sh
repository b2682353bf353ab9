#!/bin/bash
# Instructions per I/O: what each I/O stack costs in guest instructions,
# counted by a QEMU plugin, not timed. One guest of the VM bench under TCG
# with one QEMU thread, CPU 1 isolated; insn-io runs there between two
# marker instructions. Prints numbers and judges nothing, except with
# --quick: the self-check ctest runs (vm/insn-selfcheck). Method and
# latest numbers: bench/README.md, "Instructions per I/O".
#
#   bench/insn/run.sh --build DIR [--quick] [--repeats N] [--n1 N] [--n2 N]
#                     [--configs "NAME..."] [--workloads "RW:QD..."]
#                     [--no-profile] [--live] [--timeout SECS]
#
# --build      a configured and built tree (insn-plugin.so, insn-io,
#              dm-msg, dm-mpx.ko and its selector modules, initramfs)
# --quick      the self-check: a loop of known cost must count within 0.5%
#              (exit 1 if not), and one short I/O config to check the rest
# --repeats    pairs of runs per config and workload (default 3)
# --n1, --n2   I/Os in the short and the long run (default 2000, 6000)
# --configs    raw linear mp-<bio|rq>-<sel> mpx-<bio|rq>-<sel>
#              mpx-t<N>-<w|iops|aff>; sel: st rr ql (the kernel has these)
#              hst ioa lat (mpx only). Default: all of them, tenants at
#              1, 16, 256 and 1000
# --workloads  read|write:QD pairs (default "read:1 read:32 write:1 write:32")
# --no-profile skip the profile (it costs host time, not guest instructions)
# --live       show the guest console while it runs
# --timeout    give up on the guest after SECS (default: three times the
#              estimate, which a host busy with other guests can exceed)
# Results: DIR/bench/insn-results/ (--quick: DIR/bench/insn-selfcheck/):
# insn.txt (the tables), profile.txt (top 30 functions per config and
# workload), plugin.log (the plugin's counts), guest/ (runs.tsv,
# kallsyms.txt, ...). bench/insn/report.py prints them again, and compares
# two configs function by function (--diff).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="" quick=0 repeats=3 n1=2000 n2=6000 profile=1 live=() timeout=
workloads="read:1 read:32 write:1 write:32"
configs="raw linear mp-bio-st mp-bio-rr mp-bio-ql mp-rq-st mp-rq-rr"
configs+=" mpx-bio-st mpx-bio-rr mpx-bio-ql mpx-bio-hst mpx-bio-ioa mpx-bio-lat"
for n in 1 16 256 1000; do
	configs+=" mpx-t$n-w mpx-t$n-iops mpx-t$n-aff"
done
# The kernel arguments that keep CPU 1 to the measured program alone: no
# timer tick while one task runs (nohz_full), no other task scheduled there
# (isolcpus), RCU callbacks and device interrupts elsewhere.
kargs="nohz_full=1 isolcpus=nohz,domain,1 rcu_nocbs=1 irqaffinity=0"

die() { echo "bench/insn: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=${2:?}; shift 2 ;;
	--quick) quick=1; shift ;;
	--repeats) repeats=${2:?}; shift 2 ;;
	--n1) n1=${2:?}; shift 2 ;;
	--n2) n2=${2:?}; shift 2 ;;
	--configs) configs=${2:?}; shift 2 ;;
	--workloads) workloads=${2:?}; shift 2 ;;
	--no-profile) profile=0; shift ;;
	--live) live=(--live); shift ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	*) die "unknown argument '$1' (see the top of $0)" ;;
	esac
done
[ -n "$build" ] || die "--build DIR is required"
build=$(cd "$build" && pwd) || die "build dir missing"
[ -f "$build/vm/kernel-dir" ] || die "no $build/vm/kernel-dir: build the tree first"
for f in insn-plugin.so insn-io dm-msg; do
	[ -x "$build/bench/insn/$f" ] || [ -f "$build/bench/insn/$f" ] ||
		die "no $build/bench/insn/$f: build the tree first"
done
kdir=$(cat "$build/vm/kernel-dir")
for v in "$repeats" "$n1" "$n2"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || die "--repeats, --n1 and --n2 want positive integers"
done
[ "$n2" -gt "$n1" ] || die "--n2 must be larger than --n1"
for c in $configs; do
	[[ $c =~ ^(raw|linear|mp-(bio|rq)-(st|rr|ql)|mpx-(bio|rq)-(st|rr|ql|hst|ioa|lat)|mpx-t[1-9][0-9]*-(w|iops|aff))$ ]] ||
		die "unknown config '$c'"
done
for w in $workloads; do
	[[ $w =~ ^(read|write):[1-9][0-9]*$ ]] || die "unknown workload '$w' (read|write:QD)"
done
if [ "$quick" = 1 ]; then
	configs=raw workloads=read:1 repeats=1 n1=200 n2=600
fi

src_id=${MPX_BENCH_SOURCE:-$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)}
mkdir -p "$build/bench"
cat > "$build/bench/insn-params.env" <<EOF
INSN_SOURCE="$src_id"
INSN_QUICK=$quick
INSN_CONFIGS="$configs"
INSN_WORKLOADS="$workloads"
INSN_N1=$n1
INSN_N2=$n2
INSN_REPEATS=$repeats
INSN_PROFILE=$profile
EOF

# Guest time (measured): boot and setup ~40 s (1000 tenant cgroups and
# their rules included); a run ~0.4 s plus ~0.05 s per 1000 I/Os (a full
# run of 700 runs took 7.5 min). Generous: a busy host slows TCG a lot.
nconf=$(wc -w <<< "$configs")
nwork=$(wc -w <<< "$workloads")
nruns=$(( nconf * nwork * (2 * repeats + 1) ))
estimate=$(( 60 + nruns * (500 + (n1 + n2) / 2 * 50 / 1000) / 1000 ))
[ -n "$timeout" ] || timeout=$((estimate * 3 + 120))
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants a positive integer (seconds)"
[ "$quick" = 1 ] || echo "bench/insn: $nconf configs x $nwork workloads x $repeats repeats;" \
	"about $((estimate / 60)) min of guest time"

results=$build/bench/insn-results
# the self-check (a ctest) must not overwrite a full run's results
[ "$quick" = 1 ] && results=$build/bench/insn-selfcheck
# Plugins need TCG; one QEMU thread for both vCPUs keeps what each runs
# independent of the host's scheduling.
rc=0
MPX_VM_ACCEL=tcg,thread=single "$src/tests/vm/run.sh" --build "$build" --kernel "$kdir" \
	--mem 3072 --timeout "$timeout" --out "$results" --append "$kargs" \
	--qemu-arg -plugin --qemu-arg "$build/bench/insn/insn-plugin.so,out=$results/plugin.log" \
	"${live[@]}" "$here/guest.sh" || rc=$?
if [ "$rc" != 0 ]; then
	echo "bench/insn: the guest run failed (rc $rc)" >&2
	exit "$rc"
fi
if [ "$quick" = 1 ]; then
	python3 "$here/report.py" "$results" --check-loop || {
		echo "bench/insn: self-check FAILED: the plugin or the markers count wrong" >&2
		exit 1
	}
	python3 "$here/report.py" "$results" --profiles "$results/profile.txt" |
		tee "$results/insn.txt" | sed -n '/^mpx instructions/,$p'
	head -n 12 "$results/profile.txt"
	exit 0
fi
python3 "$here/report.py" "$results" --profiles "$results/profile.txt" | tee "$results/insn.txt"
echo
echo "top functions per config and workload: $results/profile.txt"
