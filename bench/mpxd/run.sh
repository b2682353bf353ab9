#!/bin/bash
# The mpxd benchmark: mpxd against Debian's multipathd (multipath-tools
# 0.9.4) on the same scsi_debug paths, in one guest: start to all maps
# ready at 64, 256 and 1024 paths, RSS, CPU at steady state, dead-path and
# restored-path detection at equal polling intervals, how soon a path
# the kernel failed on an I/O error shows as failed, and how soon mpxd's
# reaction to it (diagnosis, verdict, siblings checked) is done. Prints numbers; it is
# not a test and judges nothing. Method and latest tables: README.md here.
#
#   bench/mpxd/run.sh --build DIR [--quick] [--sizes "64 256 1024"]
#                     [--start-reps N] [--steady SECS] [--detect-reps N]
#                     [--detect-configs "DAEMON:POLL:MAX..."] [--udev-sync]
#                     [--daemons "mpxd multipathd"]
#                     [--react-only] [--start-only] [--live]
#
# --build          a configured and built tree (mpxd, dm-mpx.ko, initramfs,
#                  kernel-dir)
# --quick          64 paths, one start each, 15 s steady window, 3 repeats
#                  of the detection tests: a smoke test of the bench
# --sizes          path counts, multiples of 4 up to 1024 (default
#                  "64 256 1024"; "" skips the start part)
# --start-reps     starts per daemon and size (default 3)
# --steady         seconds of the steady-state CPU window (default 60)
# --detect-reps    repeats of each detection test (default 8)
# --detect-configs daemon:polling_interval:max_polling_interval triples
#                  (default "mpxd:1:4 multipathd:1:4 mpxd:1:1
#                  multipathd:1:1 mpxd:0.5:0.5")
# --daemons        which daemons the start part runs (default both): one
#                  daemon's numbers again without the other's hour at 1024
# --react-only     only mpxd's reaction to a kernel-detected failure (part 4),
#                  with --detect-reps repeats
# --start-only     only the start part (1): no detection or reaction tests
# --udev-sync      let both daemons wait for udev on each map they make
#                  (the bench VM otherwise runs with DM_DISABLE_UDEV=1)
# --live           show the guest console while it runs
# Results: DIR/bench/mpxd-results/ (guest/results.tsv, daemon logs), the
# tables also in DIR/bench/mpxd-results/mpxd.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="" sizes="64 256 1024" daemons="mpxd multipathd" start_reps=3 steady=60 detect_reps=8 udev_sync=0 live=()
react=1
detect_configs="mpxd:1:4 multipathd:1:4 mpxd:1:1 multipathd:1:1 mpxd:0.5:0.5"

die() { echo "bench/mpxd: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=${2:?}; shift 2 ;;
	--quick) sizes=64 start_reps=1 steady=15 detect_reps=3
		detect_configs="mpxd:1:4 multipathd:1:4 mpxd:0.5:0.5"; shift ;;
	--sizes) sizes=${2?}; shift 2 ;;
	--start-reps) start_reps=${2:?}; shift 2 ;;
	--steady) steady=${2:?}; shift 2 ;;
	--detect-reps) detect_reps=${2:?}; shift 2 ;;
	--detect-configs) detect_configs=${2:?}; shift 2 ;;
	--udev-sync) udev_sync=1; shift ;;
	--daemons) daemons=${2:?}; shift 2 ;;
	--react-only) sizes="" detect_configs=""; shift ;;
	--start-only) detect_configs="" react=0; shift ;;
	--live) live=(--live); shift ;;
	*) die "unknown argument '$1' (see the top of $0)" ;;
	esac
done
[ -n "$build" ] || die "--build DIR is required"
build=$(cd "$build" && pwd) || die "build dir missing"
[ -f "$build/vm/kernel-dir" ] || die "no $build/vm/kernel-dir: build the tree first"
[ -x "$build/daemon/mpxd" ] || die "no $build/daemon/mpxd: build the tree first"
command -v multipathd > /dev/null ||
	die "multipathd not installed (scripts/bootstrap.sh installs multipath-tools)"
for n in $sizes; do
	[[ $n =~ ^[1-9][0-9]*$ ]] && [ $((n % 4)) = 0 ] && [ "$n" -le 1024 ] ||
		die "--sizes wants multiples of 4 up to 1024 (4 hosts x up to 256 LUNs)"
done
for d in $daemons; do
	[ "$d" = mpxd ] || [ "$d" = multipathd ] || die "--daemons takes mpxd and/or multipathd"
done
for v in "$start_reps" "$detect_reps" "$steady"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || die "repeat counts and --steady want positive integers"
done
kdir=$(cat "$build/vm/kernel-dir")

mkdir -p "$build/bench"
# The stopwatch runs in the guest, which sees the build tree at this path.
cc -O2 -Wall -Wextra -Werror -pthread -o "$build/bench/mpxd-probe" "$here/probe.c"
cat > "$build/bench/mpxd-params.env" <<PARAMS
MPXB_SIZES="$sizes"
MPXB_START_REPS=$start_reps
MPXB_STEADY_S=$steady
MPXB_DETECT_REPS=$detect_reps
MPXB_DETECT_CONFIGS="$detect_configs"
MPXB_IOFAIL_REPS=$detect_reps
MPXB_REACT_REPS=$detect_reps
MPXB_UDEV_SYNC=$udev_sync
MPXB_DAEMONS="$daemons"
MPXB_REACT=$react
PARAMS
cut -d' ' -f1-3 /proc/loadavg > "$build/bench/mpxd-hostload"

# Guest time, measured under TCG on a shared 2-core host (README.md): boot
# and module loading ~1 min; per size N, disks and udev ~N/2 s, each start
# with its clean-up ~N/10 + 10 s per daemon, the steady window and its
# settling per daemon; each detection repeat ~15 s. A busy host slows TCG a
# lot: allow twice that and 10 min more before calling the guest hung.
estimate=180
for n in $sizes; do
	estimate=$((estimate + n / 2 + start_reps * 2 * (n / 10 + 10) + 2 * (steady + 30)))
done
nconf=$(wc -w <<< "$detect_configs")
estimate=$((estimate + nconf * detect_reps * 15 + (nconf > 0) * 2 * detect_reps * 5 + react * (detect_reps * 10 + 60)))
timeout=$((estimate * 2 + 600))

detecting="$detect_reps detection repeats"
[ -n "$detect_configs" ] || [ "$react" = 1 ] || detecting="no detection tests"
echo "bench/mpxd: sizes $sizes, $start_reps start(s) each, ${steady} s steady window," \
	"$detecting; about $((estimate / 60)) min of guest time"
results=$build/bench/mpxd-results
rc=0
"$src/tests/vm/run.sh" --build "$build" --kernel "$kdir" --mem 4096 \
	--timeout "$timeout" --out "$results" "${live[@]}" "$here/guest.sh" || rc=$?
if [ -s "$results/guest/results.tsv" ]; then
	python3 "$here/report.py" "$results/guest" | tee "$results/mpxd.txt"
else
	echo "bench/mpxd: no results (guest log: $results/guest/log)" >&2
fi
exit "$rc"
