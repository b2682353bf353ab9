#!/bin/bash
# The tenant benchmark: how well dm-mpx's tenant rules do what they say, and
# what they cost, in one guest of the VM bench. Prints numbers; it is not a
# test and judges nothing. Method and latest numbers: bench/README.md, "The
# tenant benchmark".
#
#   bench/tenants/run.sh --build DIR [--quick] [--counts "1 4 16"]
#       [--fair-secs S] [--limit-secs S] [--passes N] [--runtime SECS]
#       [--pair-secs S] [--phases "fair limit overhead"] [--live]
#
# fairness  N tenants (cgroups) with weights 100/200/300/400 cycled, each a
#           deep randread queue on one map over two saturated scsi_debug
#           paths: each tenant's share of the completed I/Os against its
#           share of the weights
# limits    N tenants with iops limits (bps on 64k I/O for N <= 4) whose
#           sum is 30% of what the same N did unlimited: measured / limit
# overhead  IOPS through maps on null_blk paths with no tenant message
#           ever, with 1 rule and with 16 (weights only): pass by pass,
#           and all three at once on one vCPU
#
# --build       a configured and built tree (dm-mpx.ko, initramfs, kernel)
# --quick       short windows, 2 overhead passes: checks the bench (~8 min)
# --counts      tenant counts for fairness and limits (default "1 4 16")
# --fair-secs   fairness window per count (default 30)
# --limit-secs  limit window per setting (default 15)
# --passes      overhead passes (default 8)
# --runtime     overhead: seconds per config and pass (seq), and the
#               sampling interval of the pair window (default 2)
# --pair-secs   overhead: the pair window per workload (default 30)
# --phases      a subset of "fair limit overhead"
# --live        show the guest console while it runs
# Results: DIR/bench/tenants-results/ (raw samples and fio JSON under
# guest/), the table also in DIR/bench/tenants-results/tenants.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="" counts="1 4 16" fair_s=30 limit_s=15 ramp_s=5 passes=8 runtime=2 pair_s=30
phases="fair limit overhead" live=()

die() { echo "bench/tenants: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=${2:?}; shift 2 ;;
	--quick) fair_s=8 limit_s=5 ramp_s=2 passes=2 runtime=1 pair_s=6; shift ;;
	--counts) counts=${2:?}; shift 2 ;;
	--fair-secs) fair_s=${2:?}; shift 2 ;;
	--limit-secs) limit_s=${2:?}; shift 2 ;;
	--passes) passes=${2:?}; shift 2 ;;
	--runtime) runtime=${2:?}; shift 2 ;;
	--pair-secs) pair_s=${2:?}; shift 2 ;;
	--phases) phases=${2:?}; shift 2 ;;
	--live) live=(--live); shift ;;
	*) die "unknown argument '$1' (see the top of $0)" ;;
	esac
done
[ -n "$build" ] || die "--build DIR is required"
build=$(cd "$build" && pwd) || die "build dir missing"
[ -f "$build/vm/kernel-dir" ] || die "no $build/vm/kernel-dir: build the tree first"
kdir=$(cat "$build/vm/kernel-dir")
for v in $counts "$fair_s" "$limit_s" "$passes" "$pair_s"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || die "counts, windows and --passes want positive integers"
done
for c in $counts; do
	[ "$c" -le 64 ] || die "at most 64 tenants"
done
for p in $phases; do
	[[ $p =~ ^(fair|limit|overhead)$ ]] || die "unknown phase '$p'"
done
[[ $runtime =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--runtime wants seconds, e.g. 2 or 1.5"
runtime_ms=$(awk -v s="$runtime" 'BEGIN { printf "%d", s * 1000 }')
[ "$runtime_ms" -ge 200 ] || die "--runtime below 0.2 s measures only fio's start"

# busy_jiffies / child_ticks / host_load_line: as in bench/run.sh.
busy_jiffies() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
child_ticks() {
	sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'
}
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

src_id=${MPX_BENCH_SOURCE:-$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)}
mkdir -p "$build/bench"
# The sampler runs in the guest, which sees the build tree at this path.
cc -O2 -Wall -Wextra -Werror -o "$build/bench/tenant-sample" "$here/sample.c"
cat > "$build/bench/tenants-params.env" <<EOF
TB_SOURCE="$src_id"
TB_COUNTS="$counts"
TB_FAIR_S=$fair_s
TB_LIMIT_S=$limit_s
TB_RAMP_S=$ramp_s
TB_PASSES=$passes
TB_RUNTIME_MS=$runtime_ms
TB_PAIR_S=$pair_s
TB_PHASES="$phases"
EOF

# Guest time (measured under TCG on a shared 2-core host): boot ~1 min;
# each load start ~5-20 s plus the ramp; fio ~2 s to start, ~0.6 s a job.
ncounts=$(wc -w <<< "$counts")
nsmall=0
for c in $counts; do
	[ "$c" -le 4 ] && nsmall=$((nsmall + 1))
done
[[ " $counts " == *" 1 "* ]] && one=1 || one=0
rt=$((runtime_ms / 1000 + 1))
estimate=60
if [[ " $phases " == *" fair "* ]]; then
	estimate=$((estimate + 30 + limit_s + (ncounts + 1) * (20 + ramp_s) + ncounts * fair_s))
fi
if [[ " $phases " == *" limit "* ]]; then
	nlim=$((ncounts + nsmall))
	estimate=$((estimate + nlim * (20 + ramp_s + limit_s / 2) + (nlim + 2 * one) * (ramp_s + limit_s)))
fi
if [[ " $phases " == *" overhead "* ]]; then
	estimate=$((estimate + 20 + passes * 2 * (3 + 3 * rt) + 2 * (20 + ramp_s + pair_s)))
fi
timeout=$((estimate * 3 + 300))

echo "bench/tenants: counts $counts, phases $phases; about $((estimate / 60)) min of guest time"
results=$build/bench/tenants-results
start=$(date +%s) busy0=$(busy_jiffies) child0=$(child_ticks)
rc=0
"$src/tests/vm/run.sh" --build "$build" --kernel "$kdir" --mem 3072 \
	--timeout "$timeout" --out "$results" "${live[@]}" "$here/guest.sh" || rc=$?
if [ -s "$results/guest/env.txt" ]; then
	{
		python3 "$here/report.py" "$results/guest"
		echo "guest time: $(( $(date +%s) - start )) s"
		host_load_line "$start" "$busy0" "$child0"
	} | tee "$results/tenants.txt"
else
	echo "bench/tenants: no results (guest log: $results/guest/log)" >&2
fi
exit "$rc"
