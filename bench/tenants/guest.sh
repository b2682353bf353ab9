# Guest half of bench/tenants/run.sh: fairness, limit accuracy and the cost
# of tenant rules, in one boot.
#
# Sourced by tests/vm/lib/guest-run.sh (helpers loaded, set -euo pipefail,
# cwd = the results folder). Parameters come from
# $MPX_BUILD/bench/tenants-params.env, written by run.sh. Writes raw
# samples (tenant-sample output), fio JSON and two manifests, windows.tsv
# and runs.tsv; bench/tenants/report.py turns them into the tables on the
# host. Method: bench/README.md, "The tenant benchmark".

# Defaults for running this scenario straight through tests/vm/run.sh.
TB_SOURCE=unknown
TB_COUNTS="1 4 16"		# tenants at once, for fairness and limits
TB_WEIGHTS="100 200 300 400"	# weights, cycled over the tenants
TB_NDELAY_NS=20000000		# scsi_debug's time per command (fairness)
TB_BUDGET=8			# tenant budget while sharing (fairness)
TB_QD=32			# fio iodepth of each tenant
TB_FAIR_S=30			# fairness window per tenant count
TB_LIMIT_S=15			# limit window per setting
TB_RAMP_S=5			# load running before a window opens
TB_SAMPLE_MS=1000		# sampling interval inside a window
TB_LIMIT_PCT=30			# all limits together: this % of the same tenants unlimited
TB_PASSES=8			# overhead passes
TB_RUNTIME_MS=2000		# overhead: I/O per config and pass, and pair interval
TB_PAIR_S=30			# overhead: pair window per workload
TB_PHASES="fair limit overhead"
if [ -f "$MPX_BUILD/bench/tenants-params.env" ]; then
	. "$MPX_BUILD/bench/tenants-params.env"
fi
read -r -a counts <<< "$TB_COUNTS"
read -r -a weights <<< "$TB_WEIGHTS"
SAMPLER=$MPX_BUILD/bench/tenant-sample
[ -x "$SAMPLER" ] || fail "no $SAMPLER (bench/tenants/run.sh builds it)"

MAXT=0
for c in "${counts[@]}"; do
	[ "$c" -gt "$MAXT" ] && MAXT=$c
done
[ "$MAXT" -ge 1 ] || MAXT=1

# Tenant i (1-based) is cgroup tb<i>; its id is CG[i].
declare -a CG
make_cgroups() {
	local i
	cg_setup
	for ((i = 1; i <= MAXT; i++)); do
		CG[i]=$(cg_new "tb$i")
	done
	log "cgroups tb1..tb$MAXT: ids ${CG[*]:1}"
}

# weight_of I: the weight of tenant I (TB_WEIGHTS cycled).
weight_of() { echo "${weights[$(( ($1 - 1) % ${#weights[@]} ))]}"; }

# sample MAP SECS FILE: tenant-sample over SECS seconds into FILE.
sample() {
	local n=$(( $2 * 1000 / TB_SAMPLE_MS ))
	[ "$n" -ge 1 ] || n=1
	"$SAMPLER" "$1" "$TB_SAMPLE_MS" "$n" > "$3" || fail "tenant-sample $1 failed"
}

# all_running MAP N: tenants 1..N all have completed I/O on MAP.
all_running() {
	local i ids=""
	for ((i = 1; i <= $2; i++)); do
		ids+=" ${CG[i]}"
	done
	"$SAMPLER" "$1" 1 0 | awk -v ids="$ids" '
		BEGIN { n = split(ids, want, " "); for (i = 1; i <= n; i++) need[want[i]] = 1 }
		$1 == "tenant" && ($2 in need) {
			for (i = 3; i < NF; i += 2) if ($i == "ios" && $(i + 1) > 0) delete need[$2]
		}
		END { for (k in need) exit 1; exit 0 }'
}

# no_rules MAP: delete every tenant rule of MAP.
no_rules() {
	local id
	for id in $("$SAMPLER" "$1" 1 0 | awk '$1 == "tenant" && $2 != "default" { print $2 }'); do
		dmsetup message "$1" 0 tenant del "$id"
	done
}

# jobs_file NAME MAP N BS QD: one fio job per tenant 1..N, each a process
# in its tenant's cgroup (fio's cgroup= option). Runs until stopped.
jobs_file() {
	local name=$1 map=$2 n=$3 bs=$4 qd=$5 i
	{
		cat <<-EOF
			[global]
			filename=/dev/mapper/$map
			rw=randread
			bs=$bs
			direct=1
			ioengine=libaio
			iodepth=$qd
			time_based
			runtime=3600
			norandommap
			randrepeat=0
			cgroup_nodelete=1
		EOF
		for ((i = 1; i <= n; i++)); do
			printf '\n[t%d]\ncgroup=tb%d\n' "$i" "$i"
		done
		# 0 tenants: one job, in no tenant's cgroup
		[ "$n" -gt 0 ] || printf '\n[alone]\n'
	} > "$name.fio"
}

# load_start NAME MAP N BS QD: start the tenants' fio in the background
# and wait until every one of them has I/O completing (N = 0: until the
# map's paths complete I/O), then TB_RAMP_S more.
load_start() {
	local name=$1 map=$2 n=$3 before
	jobs_file "$@"
	before=$(map_ios "$map")
	fio --output-format=json --output="$name.json" "$name.fio" > "$name.err" 2>&1 &
	LOAD_PID=$!
	if [ "$n" -gt 0 ]; then
		wait_for 300 "all $n tenants of $name running" all_running "$map" "$n"
	else
		wait_for 300 "$name running" eval '[ "$(map_ios "$map")" -gt "$before" ]'
	fi
	sleep "$TB_RAMP_S"
}

# load_stop NAME: the load must have outlived the window; then stop it.
load_stop() {
	kill -0 "$LOAD_PID" 2> /dev/null || { cat "$1.err"; fail "the load of $1 ended before its window did"; }
	kill -INT "$LOAD_PID"
	wait "$LOAD_PID" || true
	grep -q '"jobs"' "$1.json" 2> /dev/null || { cat "$1.err"; fail "fio $1 left no results"; }
}

# window KIND NAME MAP SECS SPEC: sample one window into NAME.samples and
# list it in windows.tsv. SPEC: the tenants as id:weight:iops:bps:bs ...
window() {
	local kind=$1 name=$2 map=$3 secs=$4 spec=$5
	log "$kind $name: ${secs} s window"
	sample "$map" "$secs" "$name.samples"
	printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$map" "$name.samples" "$spec" >> windows.tsv
}

# check_paths MAP: no path of MAP failed during the bench.
check_paths() {
	local st
	st=$(dmsetup status "$1")
	echo "$1: $st" >> status.txt
	case $st in
	*" F "*) fail "a path of $1 failed during the benchmark" ;;
	esac
}

# sd_ndelay NS: scsi_debug's time per command (ndelay 0 brings back its
# default delay of a jiffy: zero that too).
sd_ndelay() {
	local d=/sys/bus/pseudo/drivers/scsi_debug
	echo "$1" > $d/ndelay || fail "cannot set ndelay"
	[ "$1" != 0 ] || echo 0 > $d/delay || fail "cannot set delay"
}

# Fairness: N tenants with weights, a deep queue each, on a map over two
# scsi_debug paths that take TB_NDELAY_NS per command and a budget of
# TB_BUDGET in flight: the paths, not the emulated CPU, are the bottleneck
# (TB_BUDGET / TB_NDELAY_NS I/Os per second at most).
phase_fair() {
	local a b n count i spec
	sd_setup 2 64
	a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
	n=$(sectors "${SD_PATHS[0]}")
	dmsetup create fair --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
	sd_ndelay "$TB_NDELAY_NS"

	# The paths' own rate: one fio, no rules, TB_BUDGET in flight.
	log "fairness: the paths alone (QD $TB_BUDGET, no rules)"
	load_start fair-cap fair 0 4k "$TB_BUDGET"
	window cap fair-cap fair "$TB_LIMIT_S" "-"
	load_stop fair-cap

	dmsetup message fair 0 tenant budget "$TB_BUDGET"
	for count in "${counts[@]}"; do
		no_rules fair
		spec=""
		for ((i = 1; i <= count; i++)); do
			dmsetup message fair 0 tenant set "${CG[i]}" weight="$(weight_of "$i")"
			spec+="${CG[i]}:$(weight_of "$i"):0:0:4096 "
		done
		log "fairness: $count tenant(s), weights $(for ((i = 1; i <= count; i++)); do printf '%s ' "$(weight_of "$i")"; done)"
		load_start "fair-$count" fair "$count" 4k "$TB_QD"
		window fair "fair-$count" fair "$TB_FAIR_S" "${spec% }"
		load_stop "fair-$count"
	done
	no_rules fair
	dmsetup message fair 0 tenant budget 0
	sd_ndelay 0
	check_paths fair
	dmsetup message fair 0 stats > fair-stats.txt
	dmsetup remove fair
	sd_teardown
}

# Limits and overhead run on maps over the benches' two null_blk paths.
. "$MPX_SRC/bench/lib/maps.sh"

nullb_map() {
	dmsetup create "$1" --table "0 $NB_N mpx 0 0 1 1 service-time 0 2 1 $NB_A 1 $NB_B 1"
	wait_for 10 "/dev/mapper/$1" test -b "/dev/mapper/$1"
}

# map_ios MAP: I/Os MAP's paths completed so far.
map_ios() {
	"$SAMPLER" "$1" 1 0 | awk '$1 == "path" { for (i = 3; i < NF; i += 2) if ($i == "ios") s += $(i + 1) }
		END { print s + 0 }'
}

# cap_rate FILE: completed I/Os per second over a window's samples, from
# the paths' counters (plain awk: python starts in seconds under TCG).
cap_rate() {
	awk '
		$1 == "@" { n++; t[n] = ($2 + $3) / 2; s[n] = 0; next }
		$1 == "path" { for (i = 3; i < NF; i += 2) if ($i == "ios") s[n] += $(i + 1) }
		END { if (n < 2 || t[n] <= t[1]) { print 0; exit }
		      printf "%d\n", (s[n] - s[1]) * 1e9 / (t[n] - t[1]) }' "$1"
}

# tenants_rate FILE: completed I/Os per second of all tenants but the
# default one, between the first and the last sample of FILE.
tenants_rate() {
	awk '
		$1 == "@" { n++; t[n] = ($2 + $3) / 2; s[n] = 0; next }
		$1 == "tenant" && $2 != "default" {
			for (i = 3; i < NF; i += 2) if ($i == "ios") s[n] += $(i + 1) }
		END { if (n < 2 || t[n] <= t[1]) { print 0; exit }
		      printf "%d\n", (s[n] - s[1]) * 1e9 / (t[n] - t[1]) }' "$1"
}

# Limits, for each tenant count N (bps: N <= 4 only): N tenants, each a
# QD 16 randread (4k for iops, 64k for bps), first without limits to
# calibrate (TB_LIMIT_S / 2), then with limits in ratios 1:2:3:4 (cycled)
# that add up to TB_LIMIT_PCT % of the calibrated total; one tenant gets
# that and a quarter of it, one after the other.
phase_limit() {
	local kind count bs bsb i k lim spec sumk cal total units unit name
	nullb_map lim
	for kind in iops bps; do
		for count in "${counts[@]}"; do
			[ "$kind" = iops ] || [ "$count" -le 4 ] || continue
			bs=4k bsb=4096
			[ "$kind" = iops ] || bs=64k bsb=65536
			name="lim-$kind-$count"
			no_rules lim
			spec=""
			for ((i = 1; i <= count; i++)); do
				dmsetup message lim 0 tenant set "${CG[i]}"
				spec+="${CG[i]}:100:0:0:$bsb "
			done
			log "limits: $count tenant(s), $bs, calibrating without limits"
			load_start "$name" lim "$count" "$bs" 16
			window cal "$name-cal" lim $(( (TB_LIMIT_S + 1) / 2 )) "${spec% }"
			cal=$(tenants_rate "$name-cal.samples")
			total=$(( cal * TB_LIMIT_PCT / 100 ))
			[ "$total" -ge $(( 10 * count )) ] ||
				fail "the guest is too slow to measure limits ($cal I/Os per second, $count tenants)"
			sumk=0
			for ((i = 1; i <= count; i++)); do
				sumk=$(( sumk + (i - 1) % 4 + 1 ))
			done
			if [ "$count" = 1 ]; then
				units="$(( total / 4 )) $total"
			else
				units=$(( total / sumk ))
			fi
			for unit in $units; do
				spec=""
				for ((i = 1; i <= count; i++)); do
					k=$(( (i - 1) % 4 + 1 ))
					lim=$(( unit * k ))
					if [ "$kind" = iops ]; then
						dmsetup message lim 0 tenant set "${CG[i]}" iops="$lim"
						spec+="${CG[i]}:100:$lim:0:4096 "
					else
						lim=$(( lim * 65536 ))
						dmsetup message lim 0 tenant set "${CG[i]}" bps="$lim"
						spec+="${CG[i]}:100:0:$lim:65536 "
					fi
				done
				log "limits: $count tenant(s) at $cal I/Os per second unlimited; $kind $unit x (1 2 3 4)"
				sleep "$TB_RAMP_S"
				window limit "$name-$unit" lim "$TB_LIMIT_S" "${spec% }"
			done
			load_stop "$name"
		done
	done
	no_rules lim
	check_paths lim
	dmsetup message lim 0 stats > lim-stats.txt
	dmsetup remove lim
}

# ovh_file NAME MODE QD JOBS RUNTIME CONFIG...: one fio run over the
# overhead maps. seq: one stonewalled job per config, in the order given;
# pair: all configs at once, one thread each, pinned to CPU 0.
ovh_file() {
	local name=$1 mode=$2 qd=$3 jobs=$4 rt=$5 c
	shift 5
	{
		cat <<-EOF
			[global]
			rw=randread
			bs=4k
			direct=1
			ioengine=libaio
			iodepth=$qd
			numjobs=$jobs
			thread
			time_based
			runtime=$rt
			norandommap
			randrepeat=0
			group_reporting
		EOF
		for c in "$@"; do
			printf '\n[%s]\nfilename=/dev/mapper/ovh-%s\n' "$c" "$c"
			if [ "$mode" = seq ]; then
				echo stonewall
			else
				echo cpus_allowed=0
				echo new_group
			fi
		done
	} > "$name.fio"
}

# run_fio_in CGROUP FILE.fio FILE.json: fio must run clean.
run_fio_in() {
	cg_run "$1" fio --output-format=json --output="$3" "$2" > fio.err 2>&1 ||
		{ cat fio.err "$3" 2> /dev/null; fail "fio $2 failed"; }
}

# all_moving MAP...: every map's paths completed I/O since ovh_mark.
declare -A OVH_MARK
ovh_mark() {
	local m
	for m in "$@"; do
		OVH_MARK[$m]=$(map_ios "$m")
	done
}
all_moving() {
	local m
	for m in "$@"; do
		[ "$(map_ios "$m")" -gt "${OVH_MARK[$m]}" ] || return 1
	done
}

# stop_within SECS PID: true once PID is gone, false after SECS.
stop_within() {
	local end=$((SECONDS + $1))
	while [ "$SECONDS" -lt "$end" ]; do
		kill -0 "$2" 2> /dev/null || return 0
		sleep 0.5
	done
	! kill -0 "$2" 2> /dev/null
}

# stuck_report PID MAP...: what a stuck run waits for, on the console.
stuck_report() {
	local pid=$1 t m
	shift
	for m in "$@"; do
		echo "== $m"; dmsetup status "$m"; dmsetup message "$m" 0 stats
	done
	for t in /proc/"$pid"/task/*; do
		echo "== task ${t##*/} $(cat "$t/comm") $(awk '{ print $3 }' "$t/stat")"
		cat "$t/stack" 2> /dev/null
	done
	echo w > /proc/sysrq-trigger
}

# Overhead: the same map three times: no tenant message ever (none), one
# rule (t1), and MAXT rules (tN); weights only, a budget sharing never
# reaches. fio runs in tb1's cgroup, which has a rule on t1 and tN.
#  seq:  passes of one fio run per workload, the configs one after the
#        other (stonewall), the first one rotating: bench/run.sh's method;
#  pair: per workload, one fio with all three configs at once, one thread
#        each, pinned to CPU 0: the guest's scheduler gives each the same
#        CPU time, so their rates compare as costs per I/O, and a slow
#        stretch of the host slows all three alike. The maps' own counters
#        are sampled every TB_RUNTIME_MS for TB_PAIR_S.
phase_overhead() {
	local configs=(none t1 "t$MAXT") i pass w order name rt mode qd jobs maps pid
	local workloads=("1:1" "32:2")
	for i in "${configs[@]}"; do
		nullb_map "ovh-$i"
	done
	dmsetup message ovh-t1 0 tenant set "${CG[1]}" weight=100
	dmsetup message ovh-t1 0 tenant budget 65536
	for ((i = 1; i <= MAXT; i++)); do
		dmsetup message "ovh-t$MAXT" 0 tenant set "${CG[i]}" weight="$(weight_of "$i")"
	done
	dmsetup message "ovh-t$MAXT" 0 tenant budget 65536
	rt="${TB_RUNTIME_MS}ms"

	log "overhead: warm-up"
	ovh_file ovh-warmup seq 32 1 500ms "${configs[@]}"
	run_fio_in tb1 ovh-warmup.fio ovh-warmup.json
	printf 'pass\tmode\tworkload\tfile\n' > runs.tsv
	for ((pass = 1; pass <= TB_PASSES; pass++)); do
		for ((w = 0; w < ${#workloads[@]}; w++)); do
			IFS=: read -r qd jobs <<< "${workloads[$w]}"
			# a different first config each pass and workload
			order=()
			for ((i = 0; i < ${#configs[@]}; i++)); do
				order+=("${configs[$(( (pass + w + i) % ${#configs[@]} ))]}")
			done
			name="ovh-p$pass-qd$qd-j$jobs"
			ovh_file "$name" seq "$qd" "$jobs" "$rt" "${order[@]}"
			run_fio_in tb1 "$name.fio" "$name.json"
			printf '%s\t%s\t%s\t%s\n' "$pass" seq "rd${qd}x$jobs" "$name.json" >> runs.tsv
		done
		log "overhead: pass $pass of $TB_PASSES done"
	done

	maps=""
	for i in "${configs[@]}"; do
		maps+="${maps:+,}ovh-$i"
	done
	for qd in 1 32; do
		name="ovh-pair-qd$qd"
		ovh_file "$name" pair "$qd" 1 3600 "${configs[@]}"
		ovh_mark ${maps//,/ }
		# fio itself must be $! for the SIGINT that ends it: cg_run would
		# put a shell in between
		(echo "$BASHPID" > /sys/fs/cgroup/tb1/cgroup.procs &&
			exec fio --output-format=json --output="$name.json" "$name.fio") > "$name.err" 2>&1 &
		pid=$!
		wait_for 120 "$name running" all_moving ${maps//,/ }
		sleep "$TB_RAMP_S"
		log "overhead: $name, ${TB_PAIR_S} s"
		timeout 120 "$SAMPLER" "$maps" "$TB_RUNTIME_MS" $(( TB_PAIR_S * 1000 / TB_RUNTIME_MS )) \
			> "$name.samples" || { stuck_report "$pid" ${maps//,/ }; fail "tenant-sample failed"; }
		kill -0 "$pid" 2> /dev/null || { cat "$name.err"; fail "$name ended before its window did"; }
		kill -INT "$pid"
		stop_within 120 "$pid" || { stuck_report "$pid" ${maps//,/ }; fail "$name: fio did not stop within 120 s of SIGINT"; }
		wait "$pid" || true
		printf '%s\t%s\t%s\t%s\t%s\n' pair "$name" "$maps" "$name.samples" "-" >> windows.tsv
	done

	for i in "${configs[@]}"; do
		check_paths "ovh-$i"
		{ echo "== ovh-$i"; dmsetup message "ovh-$i" 0 stats; } >> ovh-stats.txt
		dmsetup remove "ovh-$i"
	done
}

record_env() {
	{
		echo "source $TB_SOURCE"
		echo "module $(modinfo -F srcversion "$MPX_MODULE")"
		echo "kernel $(uname -r)"
		echo "cpus $(nproc)"
		echo "accel $(. "$MPX_RESULTS/job.env" && echo "$MPX_ACCEL")"
		echo "fio $(fio --version)"
		echo "counts ${counts[*]}"
		echo "weights ${weights[*]}"
		echo "ndelay_ns $TB_NDELAY_NS"
		echo "budget $TB_BUDGET"
		echo "qd $TB_QD"
		echo "fair_s $TB_FAIR_S"
		echo "limit_s $TB_LIMIT_S"
		echo "ramp_s $TB_RAMP_S"
		echo "sample_ms $TB_SAMPLE_MS"
		echo "limit_pct $TB_LIMIT_PCT"
		echo "passes $TB_PASSES"
		echo "runtime_ms $TB_RUNTIME_MS"
		echo "pair_s $TB_PAIR_S"
		echo "tenants_max $MAXT"
		echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
	} > env.txt
}

mpx_load
make_cgroups
record_env
: > windows.tsv
SECONDS=0
for ph in $TB_PHASES; do
	case $ph in
	fair) phase_fair ;;
	limit | overhead)
		[ -e /dev/nullb0 ] || bench_nullb_paths
		"phase_$ph" ;;
	*) fail "unknown phase '$ph'" ;;
	esac
	echo "phase $ph ${SECONDS}" >> phases.txt
	log "phase $ph done at ${SECONDS} s"
done
[ -e /dev/nullb0 ] && rmmod null_blk
cg_rm $(for ((i = 1; i <= MAXT; i++)); do echo "tb$i"; done)
mpx_unload
log "done"
