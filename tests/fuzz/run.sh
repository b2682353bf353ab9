#!/bin/sh
# Run one libFuzzer harness for ctest (see tests/fuzz/README.md).
#
#   run.sh replay <fuzzer> <target> <tests/fuzz dir>
#       Run the harness once over each seed (corpus/<target>/) and each saved
#       crash (regressions/<target>/). Fails on any finding. Fast: "unit".
#   run.sh fuzz <fuzzer> <target> <tests/fuzz dir> <work dir> [seconds]
#       Fuzz for a bounded time (MPX_FUZZ_SECONDS from the environment, else
#       [seconds], else 60) starting from a copy of the seeds and regressions
#       in <work dir>/corpus; the source tree is not written. Fails on any
#       crash, sanitizer report, leak, timeout or out-of-memory, leaving the
#       input in <work dir>/artifacts/. MPX_FUZZ_SECONDS=0 skips (exit 77).
#   run.sh build <clang> <tests/fuzz dir> <build dir> [<version>]
#       Configure (once) and build the harnesses of clang/ with that compiler.
set -u

if [ "$1" = build ]; then
	cc=$2 src=$3 bin=$4 version=${5:-0}
	mkdir -p "$bin" || exit 1
	if [ ! -f "$bin/CMakeCache.txt" ]; then
		cmake -S "$src/clang" -B "$bin" -DCMAKE_C_COMPILER="$cc" \
			-DMPX_VERSION="$version" > "$bin/configure.log" 2>&1 ||
			{ cat "$bin/configure.log"; exit 1; }
	fi
	exec cmake --build "$bin" -j "$(nproc)"
fi

mode=$1 fuzzer=$2 target=$3 src=$4
[ -x "$fuzzer" ] || { echo "$fuzzer is not built (see the test fuzz/build)"; exit 1; }

# Longest input worth trying, per target: a little over what the real
# input can be where it is bounded (a control request is at most 4096
# bytes, mpxd reads a VPD page into 4096), enough for the grammar where
# it is not.
case $target in
table-parse) max_len=4096 ;;
message-parse) max_len=512 ;;
config) max_len=16384 ;;
ctl) max_len=8192 ;;
vpd) max_len=4200 ;;
dm-status) max_len=2048 ;;
*) max_len=4096 ;;
esac

inputs() {
	for d in "$src/corpus/$target" "$src/regressions/$target"; do
		[ -d "$d" ] && find "$d" -type f ! -name 'README*' ! -name '.*'
	done
}

case $mode in
replay)
	files=$(inputs | sort)
	# a replay of nothing would pass while testing nothing
	[ -n "$files" ] || { echo "FAIL: no inputs for $target in $src/corpus or $src/regressions"; exit 1; }
	# shellcheck disable=SC2086
	exec "$fuzzer" -timeout=30 -rss_limit_mb=2048 $files
	;;
fuzz)
	work=$5
	secs=${MPX_FUZZ_SECONDS:-${6:-60}}
	if [ "$secs" = 0 ]; then
		echo "MPX_FUZZ_SECONDS=0: not fuzzing $target"
		exit 77
	fi
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts" || exit 1
	inputs | while read -r f; do
		cp "$f" "$work/corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	dict=
	[ -f "$src/dict/$target.dict" ] && dict=-dict="$src/dict/$target.dict"
	echo "fuzzing $target for ${secs}s in $work"
	# shellcheck disable=SC2086
	"$fuzzer" $dict -max_total_time="$secs" -timeout="${MPX_FUZZ_TIMEOUT:-10}" \
		-rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" "$work/corpus" > "$work/log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ -z "$(ls -A "$work/artifacts")" ]; then
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$work/log"
		echo "corpus: $(ls "$work/corpus" | wc -l) inputs"
		exit 0
	fi
	tail -n 80 "$work/log"
	echo
	echo "FINDING in $target (exit $rc); inputs kept in $work/artifacts:"
	for a in "$work/artifacts"/*; do
		[ -f "$a" ] || continue
		echo "  $a"
		od -A d -c "$a" | head -n 20
	done
	echo "Reproduce: $fuzzer <input>"
	echo "Minimise:  $fuzzer -minimize_crash=1 -max_total_time=60 -exact_artifact_path=min <input>"
	echo "Then save it as $src/regressions/$target/<what-it-shows> (README.md)."
	exit 1
	;;
*)
	echo "usage: $0 replay|fuzz <fuzzer> <target> <tests/fuzz dir> [<work dir> [seconds]]" >&2
	echo "       $0 build <clang> <tests/fuzz dir> <build dir> [<version>]" >&2
	exit 2
	;;
esac
