# Guest half of bench/insn/run.sh: runs insn-io on CPU 1 through every
# config, twice per workload with different I/O counts, while
# insn-plugin.so (loaded by QEMU) counts the instructions between its
# markers. The plugin writes the counts on the host; this side writes
# runs.tsv, which says what each marker pair was, in order, and what
# report.py needs to name kernel addresses (kallsyms.txt, sections.txt).
#
# Sourced by tests/vm/lib/guest-run.sh (helpers loaded, set -euo pipefail,
# cwd = this scenario's results folder). Parameters come from
# $MPX_BUILD/bench/insn-params.env, written by run.sh.

# Defaults for running this scenario straight through tests/vm/run.sh.
INSN_QUICK=0
INSN_CONFIGS="raw linear mpx-bio-st"
INSN_WORKLOADS="read:1 read:32 write:1 write:32"
INSN_N1=2000
INSN_N2=6000
INSN_REPEATS=3
INSN_PROFILE=1
INSN_LOOP_N1=1000000
INSN_LOOP_N2=3000000
if [ -f "$MPX_BUILD/bench/insn-params.env" ]; then
	. "$MPX_BUILD/bench/insn-params.env"
fi
read -r -a configs <<< "$INSN_CONFIGS"
read -r -a workloads <<< "$INSN_WORKLOADS"
BIN=$MPX_BUILD/bench/insn
CPU=1			# the isolated CPU (run.sh's kernel arguments)
CG=/sys/fs/cgroup/insn	# every run's cgroup; tenant t1 of the tenant configs
TENANT_BUDGET=65536	# tenants share the map only beyond this: never here
TENANT_IOPS=1000000	# a limit no run here reaches
. "$MPX_SRC/bench/lib/maps.sh"

declare -A dev_of
SEQ=0

# run KIND CONFIG WORKLOAD REPEAT N [-p]: one insn-io run, listed in
# runs.tsv in the order of its markers.
run() {
	local kind=$1 config=$2 workload=$3 rep=$4 n=$5 prof=${6:-} rw qd
	IFS=: read -r rw qd <<< "$workload"
	SEQ=$((SEQ + 1))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SEQ" "$kind" "$config" "$workload" \
		"$rep" "$n" "${prof:+1}" >> runs.tsv
	if [ "$rw" = loop ]; then
		"$BIN/insn-io" -c "$CPU" $prof loop "$n" >> insn-io.out ||
			fail "insn-io loop $n failed"
	else
		"$BIN/insn-io" -c "$CPU" -g "$CG" $prof "$rw" "${dev_of[$config]}" "$qd" "$n" \
			>> insn-io.out || fail "insn-io $rw qd $qd x $n on $config failed"
	fi
}

# make_cgroups MAX: $CG, and tenant cgroups t2..tMAX (t1 is $CG); sets TID.
declare -a TID
make_cgroups() {
	local max=$1 i dirs=()
	cg_setup
	mkdir -p "$CG"
	for ((i = 2; i <= max; i++)); do
		dirs+=("/sys/fs/cgroup/insn-t$i")
	done
	# one mkdir and one stat for a thousand: an exec costs ~0.1 s here
	[ ${#dirs[@]} -eq 0 ] || mkdir -p "${dirs[@]}"
	TID[1]=$(stat -c %i "$CG")
	i=2
	if [ ${#dirs[@]} -gt 0 ]; then
		while read -r id; do
			TID[i]=$id
			i=$((i + 1))
		done < <(stat -c %i "${dirs[@]}")
	fi
}

# tenant_rules MAP COUNT KIND: COUNT rules on MAP, t1 first (the oldest):
# w    weights 100/200/300/400 cycled, as bench/tenants does
# iops an iops limit no run reaches
# aff  affinity to path A (odd tenants, t1 among them) or B (even)
tenant_rules() {
	local map=$1 count=$2 kind=$3 i rule
	{
		echo "$map tenant budget $TENANT_BUDGET"
		for ((i = 1; i <= count; i++)); do
			case $kind in
			w) rule="weight=$(( (i - 1) % 4 * 100 + 100 ))" ;;
			iops) rule="iops=$TENANT_IOPS" ;;
			aff) rule="paths=$([ $((i % 2)) = 1 ] && echo "$NB_A" || echo "$NB_B")" ;;
			*) fail "unknown tenant rule kind '$kind'" ;;
			esac
			echo "$map tenant set ${TID[i]} $rule"
		done
	} | "$BIN/dm-msg" || fail "setting $count $kind tenant rules on $map failed"
}

# make_config NAME: the device of one config.
#   raw, linear, mp-<bio|rq>-<sel>, mpx-<bio|rq>-<sel>,
#   mpx-t<count>-<w|iops|aff> (mpx, bio lines, service-time, tenant rules)
make_config() {
	local name=$1 target mode sel count kind
	case $name in
	raw)
		dev_of[$name]=/dev/nullb0
		return ;;
	linear)
		dmsetup create "insn-$name" --table "0 $NB_N linear $NB_A 0" ;;
	mpx-t*)
		IFS=- read -r target count kind <<< "$name"
		count=${count#t}
		dmsetup create "insn-$name" \
			--table "0 $NB_N mpx $(bench_mp_line bio st "$NB_A" "$NB_B")"
		tenant_rules "insn-$name" "$count" "$kind" ;;
	mp-* | mpx-*)
		IFS=- read -r target mode sel <<< "$name"
		[ "$target" = mp ] && target=multipath
		dmsetup create "insn-$name" \
			--table "0 $NB_N $target $(bench_mp_line "$mode" "$sel" "$NB_A" "$NB_B")" ;;
	*)
		fail "unknown config '$name'" ;;
	esac
	dev_of[$name]=/dev/mapper/insn-$name
	wait_for 10 "${dev_of[$name]}" test -b "${dev_of[$name]}"
	bench_no_scheduler "${dev_of[$name]}"
}

setup() {
	local c max=1 n
	for c in "${configs[@]}"; do
		if [[ $c =~ ^mpx-t([0-9]+)- ]]; then
			n=${BASH_REMATCH[1]}
			[ "$n" -gt "$max" ] && max=$n
		fi
	done
	make_cgroups "$max"
	mpx_install_modules
	modprobe dm-mpx || fail "modprobe dm-mpx failed"
	modprobe -a dm-multipath dm-round-robin dm-service-time dm-queue-length
	bench_nullb_paths
	for c in "${configs[@]}"; do
		make_config "$c"
	done
}

# What report.py needs to name addresses: taken once every module that
# runs during the measurement is loaded.
record_symbols() {
	cat /proc/kallsyms > kallsyms.txt
	local s
	for s in /sys/module/*/sections/.text /sys/module/*/sections/.text.*; do
		[ -r "$s" ] || continue
		printf '%s %s %s\n' "$(basename "$(dirname "$(dirname "$s")")")" \
			"$(basename "$s")" "$(cat "$s")"
	done > sections.txt
}

record_env() {
	{
		echo "source ${INSN_SOURCE:-unknown}"
		echo "module $(modinfo -F srcversion "$MPX_MODULE")"
		echo "kernel $(uname -r)"
		echo "cmdline $(cat /proc/cmdline)"
		echo "cpus $(nproc --all)"
		echo "accel $(. "$MPX_RESULTS/job.env" && echo "$MPX_ACCEL")"
		echo "n1 $INSN_N1"
		echo "n2 $INSN_N2"
		echo "repeats $INSN_REPEATS"
		echo "configs ${configs[*]}"
		echo "workloads ${workloads[*]}"
		echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
	} > env.txt
	dmsetup table | sort > tables.txt
}

# The plugin's self-check: a loop of a known number of instructions.
selfcheck() {
	local r
	for r in 1 2; do
		run loop selfcheck loop:1 "$r" "$INSN_LOOP_N1"
		run loop selfcheck loop:1 "$r" "$INSN_LOOP_N2"
	done
}

# Every config and workload: a short unrecorded run first (the first I/O
# of a cgroup on a device sets up its blkg, TCG translates new code), then
# the repeats, each a pair of runs of N1 and N2 I/Os; the first repeat
# also records a profile.
measure() {
	local c w r prof
	for c in "${configs[@]}"; do
		for w in "${workloads[@]}"; do
			run warm "$c" "$w" 0 200
		done
	done
	for ((r = 1; r <= INSN_REPEATS; r++)); do
		prof=""
		[ "$r" = 1 ] && [ "$INSN_PROFILE" = 1 ] && prof=-p
		for c in "${configs[@]}"; do
			for w in "${workloads[@]}"; do
				run io "$c" "$w" "$r" "$INSN_N1" $prof
				run io "$c" "$w" "$r" "$INSN_N2" $prof
			done
		done
		log "repeat $r of $INSN_REPEATS done"
	done
}

# A path failing during the bench would change what was measured.
check_paths() {
	local c st
	for c in "${configs[@]}"; do
		case $c in mp-* | mpx-*) ;; *) continue ;; esac
		st=$(dmsetup status "insn-$c")
		echo "insn-$c: $st" >> status.txt
		case $st in
		*" F "*) fail "a path of insn-$c failed during the benchmark" ;;
		esac
	done
}

printf 'seq\tkind\tconfig\tworkload\trepeat\tn\tprofile\n' > runs.tsv
: > insn-io.out
selfcheck
if [ "$INSN_QUICK" = 1 ]; then
	configs=(raw)
	workloads=("read:1")
fi
setup
record_symbols
record_env
measure
check_paths
log "done: $SEQ runs"
