#!/bin/bash
# The datapath benchmark: 4k random read and write at QD1 and QD32, 1 and 2
# jobs, through raw null_blk, dm-linear, the kernel's multipath (bio and
# request-based; service-time and round-robin) and mpx with the same table
# lines, all in one guest, interleaved pass by pass. Prints numbers; it is
# not a test and judges nothing. Method and latest table: bench/README.md.
#
#   bench/run.sh --build DIR [--passes N] [--runtime SECS] [--quick]
#                [--engine libaio|io_uring] [--configs "NAME..."] [--live]
#
# --build    a configured and built tree (dm-mpx.ko, initramfs, kernel-dir)
# --passes   passes over every workload and config (default 5)
# --runtime  seconds of I/O per config and workload (default 1)
# --quick    1 pass of 1 s: a smoke test of the bench itself
# --configs  a subset or superset of the default configs; names are raw,
#            linear, mp-<bio|rq>-<st|rr> and mpx-<bio|rq>-<st|rr>
# --live     show the guest console while it runs
# Results: DIR/bench/results/ (raw fio JSON under guest-datapath/), the
# table also in DIR/bench/results/datapath.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
build="" passes=5 runtime=1 engine=libaio configs="" live=()
workloads="randread:1:1 randread:1:2 randread:32:1 randread:32:2"
workloads+=" randwrite:1:1 randwrite:1:2 randwrite:32:1 randwrite:32:2"
default_configs="raw linear mp-bio-st mp-bio-rr mp-rq-st mp-rq-rr mpx-bio-st mpx-bio-rr"

die() { echo "bench: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=${2:?}; shift 2 ;;
	--passes) passes=${2:?}; shift 2 ;;
	--runtime) runtime=${2:?}; shift 2 ;;
	--quick) passes=1 runtime=1; shift ;;
	--engine) engine=${2:?}; shift 2 ;;
	--configs) configs=${2:?}; shift 2 ;;
	--live) live=(--live); shift ;;
	*) die "unknown argument '$1' (see the top of $0)" ;;
	esac
done
[ -n "$build" ] || die "--build DIR is required"
build=$(cd "$build" && pwd) || die "build dir missing"
[ -f "$build/vm/kernel-dir" ] || die "no $build/vm/kernel-dir: build the tree first"
kdir=$(cat "$build/vm/kernel-dir")
[[ $passes =~ ^[1-9][0-9]*$ ]] || die "--passes wants a positive integer"
[[ $runtime =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--runtime wants seconds, e.g. 2 or 1.5"
configs=${configs:-$default_configs}
for c in $configs; do
	[[ $c =~ ^(raw|linear|mpx?-(bio|rq)-(st|rr))$ ]] || die "unknown config '$c'"
done
[[ " $configs " == *" linear "* ]] || die "--configs must include linear: every ratio is to it"

# fio takes whole seconds unless told the unit: pass milliseconds.
runtime_ms=$(awk -v s="$runtime" 'BEGIN { printf "%d", s * 1000 }')
[ "$runtime_ms" -ge 200 ] || die "--runtime below 0.2 s measures only fio's start"

# Guest time (measured): boot and setup ~40 s; each fio start ~2 s under
# TCG; each config ~0.6 s of fio job set-up and reaping on top of its
# runtime. The defaults took 9-10 min; this errs on the long side.
nconf=$(wc -w <<< "$configs")
nwork=$(wc -w <<< "$workloads")
estimate=$(awk -v p="$passes" -v w="$nwork" -v c="$nconf" -v r="$runtime_ms" \
	'BEGIN { printf "%d", 40 + (p * w + 1) * (2 + c * (r / 1000 + 0.6)) }')
# A busy host slows TCG a lot: leave room before calling the guest hung.
timeout=$((estimate * 2 + 120))

# busy_jiffies: host CPU time spent by anyone so far, in clock ticks.
busy_jiffies() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# child_ticks: CPU time of this script's finished children (the VM), in
# clock ticks. Read from /proc: $(...) runs in a subshell, where the
# "times" builtin would see no children.
child_ticks() {
	sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'
}

# host_load_line START_SECS START_BUSY START_CHILD: how much of the host the
# guest had. Other work on the host is what makes TCG numbers noisy.
host_load_line() {
	local secs=$(( $(date +%s) - $1 )) busy mine
	busy=$(( $(busy_jiffies) - $2 ))
	mine=$(( $(child_ticks) - $3 ))
	awk -v secs="$secs" -v busy="$busy" -v mine="$mine" \
		-v hz="$(getconf CLK_TCK)" -v n="$(nproc)" 'BEGIN {
		all = busy / hz / secs; me = mine / hz / secs
		printf "host: %d CPUs over %d s: the bench VM used %.2f CPUs, other work %.2f\n",
			n, secs, me, (all > me ? all - me : 0)
	}'
}

# What was measured: the checkout's commit, or the caller's word for an
# exported tree (MPX_BENCH_SOURCE).
src_id=${MPX_BENCH_SOURCE:-$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)}
mkdir -p "$build/bench"
# The guest sees the build tree at the same path; run.sh owns job.env.
cat > "$build/bench/params.env" <<EOF
MPX_BENCH_SOURCE="$src_id"
MPX_BENCH_PASSES=$passes
MPX_BENCH_RUNTIME_MS=$runtime_ms
MPX_BENCH_ENGINE=$engine
MPX_BENCH_CONFIGS="$configs"
MPX_BENCH_WORKLOADS="$workloads"
EOF

echo "bench: $passes passes x $nwork workloads x $nconf configs x ${runtime} s;" \
	"about $((estimate / 60)) min $((estimate % 60)) s of guest time"
results=$build/bench/results
start=$(date +%s) busy0=$(busy_jiffies) child0=$(child_ticks)
"$src/tests/vm/run.sh" --build "$build" --kernel "$kdir" --mem 3072 \
	--timeout "$timeout" --out "$results" "${live[@]}" \
	"$here/guest-datapath.sh"
{
	python3 "$here/report.py" "$results/guest-datapath"
	host_load_line "$start" "$busy0" "$child0"
} | tee "$results/datapath.txt"
