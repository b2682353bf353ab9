# Guest half of bench/run.sh: 4k random I/O through every configuration
# (raw null_blk, dm-linear, the kernel's multipath in bio and request-based
# modes, mpx with the same table lines), interleaved pass by pass.
#
# Sourced by tests/vm/lib/guest-run.sh (helpers loaded, set -euo pipefail,
# cwd = this scenario's results folder). Parameters come from
# $MPX_BUILD/bench/params.env, written by bench/run.sh. Writes raw fio JSON
# and runs.tsv (pass, workload, file); bench/report.py turns them into the
# table on the host, where python3 starts in milliseconds, not seconds.

# Defaults for running this scenario straight through tests/vm/run.sh.
MPX_BENCH_PASSES=5
MPX_BENCH_RUNTIME_MS=1000
MPX_BENCH_ENGINE=libaio
MPX_BENCH_CONFIGS="raw linear mp-bio-st mp-bio-rr mp-rq-st mp-rq-rr mpx-bio-st mpx-bio-rr"
MPX_BENCH_WORKLOADS="randread:1:1 randread:1:2 randread:32:1 randread:32:2 randwrite:1:1 randwrite:1:2 randwrite:32:1 randwrite:32:2"
if [ -f "$MPX_BUILD/bench/params.env" ]; then
	. "$MPX_BUILD/bench/params.env"
fi
read -r -a configs <<< "$MPX_BENCH_CONFIGS"
read -r -a workloads <<< "$MPX_BENCH_WORKLOADS"

# Map names live under /dev/mapper as bench-<config>.
declare -A dev_of
. "$MPX_SRC/bench/lib/maps.sh"

# make_config NAME: create the device for one config and remember its node.
make_config() {
	local name=$1 target mode sel
	case $name in
	raw)
		dev_of[$name]=/dev/nullb0
		return ;;
	linear)
		dmsetup create "bench-$name" --table "0 $NB_N linear $NB_A 0" ;;
	mp-* | mpx-*)
		# mp-<bio|rq>-<st|rr> and mpx-<bio|rq>-<st|rr>
		IFS=- read -r target mode sel <<< "$name"
		[ "$target" = mp ] && target=multipath
		dmsetup create "bench-$name" \
			--table "0 $NB_N $target $(bench_mp_line "$mode" "$sel" "$NB_A" "$NB_B")" ;;
	*)
		fail "unknown config '$name'" ;;
	esac
	dev_of[$name]=/dev/mapper/bench-$name
	wait_for 10 "${dev_of[$name]}" test -b "${dev_of[$name]}"
	bench_no_scheduler "${dev_of[$name]}"
}

# kname CONFIG: the kernel's name of the config's block device (dm-N...).
kname() { bench_kname "${dev_of[$1]}"; }

setup() {
	mpx_load
	modprobe -a dm-multipath dm-round-robin dm-service-time
	bench_nullb_paths
	local c
	for c in "${configs[@]}"; do
		make_config "$c"
	done
}

# record_env: what a reader of the numbers needs to know about this run.
record_env() {
	{
		echo "source ${MPX_BENCH_SOURCE:-unknown}"
		echo "module $(modinfo -F srcversion "$MPX_MODULE")"
		echo "kernel $(uname -r)"
		echo "cpus $(nproc)"
		# guest-run.sh does not export it; job.env has it
		echo "accel $(. "$MPX_RESULTS/job.env" && echo "$MPX_ACCEL")"
		echo "fio $(fio --version)"
		echo "engine $MPX_BENCH_ENGINE"
		echo "passes $MPX_BENCH_PASSES"
		echo "runtime_ms $MPX_BENCH_RUNTIME_MS"
		echo "configs ${configs[*]}"
		echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
	} > env.txt
	{
		dmsetup table | sort
		local c d
		for c in "${configs[@]}"; do
			d=$(kname "$c")
			echo "$c ${dev_of[$c]} ($d) scheduler: $(cat "/sys/block/$d/queue/scheduler")"
		done
	} > tables.txt
}

# job_file RW QD JOBS RUNTIME CONFIG...: one fio job file that runs each
# config in turn (stonewall), one reporting group each. A single fio start
# per workload matters: exec'ing fio costs 1-2 s under TCG.
job_file() {
	local rw=$1 qd=$2 jobs=$3 runtime=$4 c
	shift 4
	cat <<-EOF
		[global]
		rw=$rw
		bs=4k
		direct=1
		ioengine=$MPX_BENCH_ENGINE
		iodepth=$qd
		numjobs=$jobs
		thread
		time_based
		runtime=$runtime
		norandommap
		randrepeat=0
		group_reporting
	EOF
	for c in "$@"; do
		printf '\n[%s]\nstonewall\nfilename=%s\n' "$c" "${dev_of[$c]}"
	done
}

# rotated K: the configs, starting at index K mod count.
rotated() {
	local k=$1 n=${#configs[@]} i
	for ((i = 0; i < n; i++)); do
		echo "${configs[$(((k + i) % n))]}"
	done
}

# run_fio FILE.fio FILE.json: fio must run clean; a failed run is a bug,
# not a slow number.
run_fio() {
	fio --output-format=json --output="$2" "$1" > fio.err 2>&1 ||
		{ cat fio.err "$2" 2>/dev/null; fail "fio $1 failed"; }
}

# TCG translates code on first use: run every config once, unrecorded.
warm_up() {
	log "warm-up"
	job_file randread 32 1 500ms "${configs[@]}" > warmup.fio
	run_fio warmup.fio warmup.json
}

run_passes() {
	local pass w rw qd jobs name order
	printf 'pass\tworkload\tfile\n' > runs.tsv
	for ((pass = 1; pass <= MPX_BENCH_PASSES; pass++)); do
		for ((w = 0; w < ${#workloads[@]}; w++)); do
			IFS=: read -r rw qd jobs <<< "${workloads[$w]}"
			name="p$pass-$rw-qd$qd-j$jobs"
			# A different starting config per pass and workload: slow
			# or fast stretches of the host land on every config.
			mapfile -t order < <(rotated $((pass + w)))
			job_file "$rw" "$qd" "$jobs" "${MPX_BENCH_RUNTIME_MS}ms" \
				"${order[@]}" > "$name.fio"
			run_fio "$name.fio" "$name.json"
			printf '%s\t%s\t%s\n' "$pass" "$rw-qd$qd-j$jobs" \
				"$name.json" >> runs.tsv
		done
		log "pass $pass of $MPX_BENCH_PASSES done"
	done
}

# A path failing mid-run would make a config look fast or slow for the
# wrong reason: check every multipath map still has all its paths.
check_paths() {
	local c st
	for c in "${configs[@]}"; do
		case $c in mp-* | mpx-*) ;; *) continue ;; esac
		st=$(dmsetup status "bench-$c")
		echo "bench-$c: $st" >> status.txt
		case $st in
		*" F "*) fail "a path of bench-$c failed during the benchmark" ;;
		esac
	done
	for c in "${configs[@]}"; do
		case $c in mpx-*) dmsetup message "bench-$c" 0 stats ;; esac
	done > mpx-stats.txt
}

teardown() {
	local c
	for c in "${configs[@]}"; do
		[ "$c" = raw ] || dmsetup remove "bench-$c"
	done
	mpx_unload
}

setup
record_env
warm_up
run_passes
check_paths
teardown
log "done"
