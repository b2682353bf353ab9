# Guest half of bench/mpxd/run.sh: mpxd against Debian's multipathd on the
# same scsi_debug paths, in one guest.
#
#  1. Start: for each size (N paths = N/4 LUNs seen through 4 SCSI hosts),
#     the time from starting the daemon to all N/4 maps existing with 4
#     paths each, the CPU time it took, then RSS and CPU seconds per minute
#     at steady state. The two daemons take turns (A B, B A, ...).
#  2. Detection (one LUN, 2 paths, idle map): a path taken offline until
#     the daemon failed it in the kernel target, and back online until it
#     reinstated it, at several polling intervals.
#  3. I/O errors (same LUN, under reads): the path serving I/O taken
#     offline; when the kernel failed it, and when the daemon showed it.
#  4. Reaction (mpxd only; two LUNs through two hosts, polling slow): LUN
#     0's path through host A goes offline under a read; from the kernel
#     failing it to mpxd's reaction being done (the path diagnosed, the
#     policy's verdict applied, LUN 1's path through host A checked).
#
# Sourced by tests/vm/lib/guest-run.sh (helpers loaded, set -euo pipefail,
# cwd = the results folder). Parameters: $MPX_BUILD/bench/mpxd-params.env,
# written by bench/mpxd/run.sh, which also builds the probe. Writes
# results.tsv (metric, daemon, config, rep, value), facts.txt and the
# daemons' logs; bench/mpxd/report.py makes the tables on the host.

MPXB_SIZES="64 256 1024"
MPXB_START_REPS=3
MPXB_STEADY_S=60
MPXB_DETECT_REPS=8
MPXB_DETECT_CONFIGS="mpxd:1:4 multipathd:1:4 mpxd:1:1 multipathd:1:1 mpxd:0.5:0.5"
MPXB_IOFAIL_REPS=8
MPXB_UDEV_SYNC=0
MPXB_DAEMONS="mpxd multipathd"
MPXB_REACT=1
if [ -f "$MPX_BUILD/bench/mpxd-params.env" ]; then
	. "$MPX_BUILD/bench/mpxd-params.env"
fi
PROBE=$MPX_BUILD/bench/mpxd-probe
[ -x "$PROBE" ] || fail "no $PROBE (bench/mpxd/run.sh builds it)"
RES=$PWD
# Logs go to the overlay's tmpfs, not the 9p results share: a daemon's
# log writes must not cost it a 9p round trip each.
W=/tmp/mpxd-bench
mkdir -p "$W"
shopt -s nullglob

# --- small tools that do not exec (an exec costs 0.1-1 s under TCG) ---

# A pipe nobody writes to: read -t on it is a sleep without /bin/sleep.
mkfifo "$W/nap"
exec 9<> "$W/nap"
nap() { read -r -t "$1" -u 9 _ || true; }
nap_ms() { local s; printf -v s '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); nap "$s"; }

now_us() { printf -v "$1" '%s' "${EPOCHREALTIME/./}"; }

# the probe's -1 (not seen within its timeout) as a word the report counts
# (or_timeout INT [TEXT]: TEXT, default INT, unless INT is negative)
or_timeout() { [ "$1" -ge 0 ] && echo "${2:-$1}" || echo timeout; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RES/results.tsv"; }
fact() { printf '%s\n' "$*" >> "$RES/facts.txt"; }

# cpu_ticks PID VAR: utime + stime of the whole process (all threads).
cpu_ticks() {
	local _stat _f
	read -r _stat < "/proc/$1/stat"
	read -r -a _f <<< "${_stat##*) }"
	printf -v "$2" '%s' $((_f[11] + _f[12]))
}

# rss_kb PID VAR_RSS VAR_ANON
rss_kb() {
	local _k _v _u _rss=0 _anon=0
	while read -r _k _v _u; do
		case $_k in
		VmRSS:) _rss=$_v ;;
		RssAnon:) _anon=$_v ;;
		esac
	done < "/proc/$1/status"
	printf -v "$2" '%s' "$_rss"
	printf -v "$3" '%s' "$_anon"
}

disk_count() { local d=(/sys/class/scsi_disk/*); echo ${#d[@]}; }

settle() {
	local t0 t1
	now_us t0
	udevadm settle -t 3600 || log "udev did not settle within an hour"
	now_us t1
	SETTLE_MS=$(((t1 - t0) / 1000))
}

# --- the daemons ---

# write_conf DAEMON POLLING MAX FILE: the same multipath.conf-syntax
# settings for both; only where mpxd keeps its bindings differs.
write_conf() {
	local daemon=$1 pi=$2 max=$3 file=$4
	{
		echo "defaults {"
		echo "	verbosity 2"
		echo "	polling_interval $pi"
		echo "	max_polling_interval $max"
		echo "	find_multipaths no"
		echo "	user_friendly_names yes"
		echo "	path_checker tur"
		echo "	path_grouping_policy failover"
		echo "	path_selector \"service-time 0\""
		echo "	prio const"
		echo "	detect_prio no"
		echo "	detect_checker no"
		echo "	failback manual"
		echo "	no_path_retry fail"
		[ "$daemon" = mpxd ] && echo "	bindings_file \"$W/mpxd-bindings\""
		echo "}"
		echo "blacklist {"
		echo "	devnode \"^(ram|loop|nullb|zram|dm-|sr|vd)\""
		echo "}"
	} > "$file"
}

# start_daemon DAEMON PI MAX: start it in the background (DPID), stamp
# the moment in D_T0 (seconds, realtime) just before.
start_daemon() {
	local daemon=$1 pi=$2 max=$3
	DAEMON=$daemon
	case $daemon in
	mpxd)
		write_conf mpxd "$pi" "$max" "$W/mpx.conf"
		rm -f "$W/mpxd-bindings"
		D_T0=$EPOCHREALTIME
		mpxd -T -c "$W/mpx.conf" --config-dir "$W/none" > "$W/daemon.log" 2>&1 &
		DPID=$!
		;;
	multipathd)
		write_conf multipathd "$pi" "$max" /etc/multipath.conf
		rm -f /etc/multipath/bindings /etc/multipath/wwids
		D_T0=$EPOCHREALTIME
		multipathd -d -s > "$W/daemon.log" 2>&1 &
		DPID=$!
		;;
	esac
}

target_of() { [ "$1" = mpxd ] && echo mpx || echo multipath; }

# stop_daemon LOGNAME: SIGTERM (SIGKILL after 5 min), keep its log,
# remove every map and let udev finish. STOP_MS: SIGTERM to exit.
stop_daemon() {
	local wd t0 t1
	now_us t0
	kill -TERM "$DPID"
	( nap 300; kill -KILL "$DPID" 2>/dev/null ) &
	wd=$!
	wait "$DPID" || log "$DAEMON exited with $?"
	now_us t1
	STOP_MS=$(((t1 - t0) / 1000))
	kill "$wd" 2>/dev/null || true
	wait "$wd" 2>/dev/null || true
	cp "$W/daemon.log" "$RES/$1.log"
	# udev may still have a new map open (blkid): try again for a while
	local try
	for try in 1 2 3 4 5 6 7 8 9 10; do
		dmsetup remove_all > /dev/null 2>&1 || true
		[ -z "$(dmsetup ls --target "$(target_of "$DAEMON")" | grep -v '^No devices')" ] && break
		[ "$try" = 10 ] && fail "maps left after stopping $DAEMON: $(dmsetup ls)"
		nap 1
	done
	settle
}

# --- 1. start, RSS, CPU ---

sd_many() {
	local n=$1 t0 t1
	now_us t0
	modprobe scsi_debug add_host=4 num_tgts=1 max_luns=$((n / 4)) dev_size_mb=8 \
		vpd_use_hostno=0 delay=0 || fail "modprobe scsi_debug failed"
	local end=$((t0 / 1000000 + 600))
	while [ "$(disk_count)" -lt "$n" ]; do
		[ $((${EPOCHREALTIME%.*})) -lt $end ] ||
			fail "only $(disk_count) of $n disks after 10 min"
		nap 0.5
	done
	now_us t1
	record setup_disks_ms - "$n" 1 $(((t1 - t0) / 1000))
	settle
	record setup_udev_ms - "$n" 1 "$SETTLE_MS"
	log "$n disks in $(((t1 - t0) / 1000)) ms, udev done $SETTLE_MS ms later"
}

# start_run DAEMON N REP STEADY: one start of one daemon on N paths.
start_run() {
	local daemon=$1 n=$2 rep=$3 steady=$4 maps=$(($2 / 4)) ms ticks t1 rss anon
	local c0 c1 w0 w1
	start_daemon "$daemon" 1 4
	ms=$("$PROBE" ready "$(target_of "$daemon")" "$maps" 4 "$D_T0" 3600) ||
		fail "$daemon: not all $maps maps with 4 paths after an hour"
	cpu_ticks "$DPID" ticks
	record start_ms "$daemon" "$n" "$rep" "$ms"
	record start_cpu_s "$daemon" "$n" "$rep" "$(awk -v t="$ticks" -v h="$HZ" 'BEGIN { printf "%.2f", t / h }')"
	rss_kb "$DPID" rss anon
	record rss_ready_kb "$daemon" "$n" "$rep" "$rss"
	log "$daemon, $n paths, run $rep: $maps maps ready in $ms ms, $((ticks * 1000 / HZ)) ms CPU"
	# udev's work on the new maps (and, for multipathd, on the paths it
	# retriggers) is the daemon's doing, but not part of the start time
	settle
	record udev_after_start_ms "$daemon" "$n" "$rep" "$SETTLE_MS"
	if [ "$steady" = 1 ]; then
		# let the check intervals back off to max_polling_interval
		nap 15
		cpu_ticks "$DPID" c0
		now_us w0
		nap "$MPXB_STEADY_S"
		cpu_ticks "$DPID" c1
		now_us w1
		rss_kb "$DPID" rss anon
		record cpu_s_per_min "$daemon" "$n" "$rep" \
			"$(awk -v c=$((c1 - c0)) -v h="$HZ" -v us=$((w1 - w0)) 'BEGIN { printf "%.3f", c / h * 60e6 / us }')"
		record rss_kb "$daemon" "$n" "$rep" "$rss"
		record rss_anon_kb "$daemon" "$n" "$rep" "$anon"
		log "$daemon, $n paths: steady $(((c1 - c0) * 1000 / HZ)) ms CPU in $(((w1 - w0) / 1000)) ms; RSS $rss kB (anon $anon kB)"
		# each daemon's table for one map, for the reader to compare
		fact "table $daemon $n: $(dmsetup table --target "$(target_of "$daemon")" | awk 'NR == 1')"
	fi
	stop_daemon "$daemon-$n-$rep"
	record stop_ms "$daemon" "$n" "$rep" "$STOP_MS"
	record cleanup_udev_ms "$daemon" "$n" "$rep" "$SETTLE_MS"
}

bench_start() {
	local n rep d first second
	for n in $MPXB_SIZES; do
		sd_many "$n"
		for ((rep = 1; rep <= MPXB_START_REPS; rep++)); do
			if ((rep % 2)); then first=mpxd second=multipathd
			else first=multipathd second=mpxd; fi
			for d in $first $second; do
				[[ " $MPXB_DAEMONS " == *" $d "* ]] || continue
				start_run "$d" "$n" "$rep" $((rep == 1))
			done
		done
		rmmod scsi_debug || fail "rmmod scsi_debug failed"
		settle
	done
}

# --- 2. and 3. detection ---

# the path's sysfs state file, by maj:min
state_file() { echo "/sys/dev/block/$1/device/state"; }

detect_run() {
	local daemon=$1 pi=$2 max=$3 cfg="$1@$2/$3" map=mpatha rep out idle jitter dev
	local fail_ms back_ms
	start_daemon "$daemon" "$pi" "$max"
	"$PROBE" ready "$(target_of "$daemon")" 1 2 "$D_T0" 120 > /dev/null ||
		fail "$daemon: no map with 2 paths after 2 min"
	dev=$(devno "${SD_PATHS[0]}")
	# idle long enough for the interval to back off to max, plus a random
	# part so that the failure lands anywhere in the check period
	idle=$(awk -v p="$pi" -v m="$max" 'BEGIN { t = 0; for (i = p; i < m; i *= 2) t += i; printf "%d", (t + 2 * m) * 1000 }')
	nap_ms "$idle"
	for ((rep = 1; rep <= MPXB_DETECT_REPS; rep++)); do
		jitter=$(awk -v m="$max" -v r=$RANDOM 'BEGIN { printf "%d", m * 1000 * r / 32768 }')
		nap_ms "$jitter"
		# a timeout is a number too (-1), not the end of the run
		out=$("$PROBE" watch "$map" "$dev" F --set "$(state_file "$dev")" offline) ||
			log "$daemon ($cfg): $dev not failed within 30 s"
		[[ $out == dm=* ]] || fail "$daemon ($cfg): the probe failed: $out"
		fail_ms=${out#dm=}; fail_ms=${fail_ms%% *}
		nap_ms $((RANDOM % 1000))
		out=$("$PROBE" watch "$map" "$dev" A --set "$(state_file "$dev")" running) ||
			log "$daemon ($cfg): $dev not reinstated within 30 s"
		[[ $out == dm=* ]] || fail "$daemon ($cfg): the probe failed: $out"
		back_ms=${out#dm=}; back_ms=${back_ms%% *}
		[ "$(path_state "$map" "$dev")" = A ] ||
			fail "$daemon ($cfg): $dev still not active: $(dmsetup status "$map")"
		record detect_fail_ms "$daemon" "$pi/$max" "$rep" "$(or_timeout "$fail_ms")"
		record detect_reinstate_ms "$daemon" "$pi/$max" "$rep" "$(or_timeout "$back_ms")"
		log "$cfg rep $rep: failed after $fail_ms ms, reinstated after $back_ms ms"
		nap_ms "$idle"
	done
	if [ "$pi/$max" = 1/4 ]; then
		iofail_runs "$daemon"
	fi
	stop_daemon "$daemon-detect-$pi-$max"
}

# iofail_runs DAEMON: the path serving reads goes offline; the kernel fails
# it on the I/O error (time from the kernel log's stamps), the daemon learns
# it from the dm event (time from polling its socket every 5 ms).
iofail_runs() {
	local daemon=$1 rep out dev klog dm dd via lag
	[ "$daemon" = mpxd ] && via=(--mpxd /run/mpx/mpxd.sock) || via=(--multipathd)
	for ((rep = 1; rep <= MPXB_IOFAIL_REPS; rep++)); do
		out=$("$PROBE" iofail mpatha "${via[@]}" --poll-ms 5) ||
			log "$daemon: I/O failure not seen within 30 s: $out"
		[[ $out == dev=* ]] || fail "$daemon: the I/O probe failed: $out"
		read -r dev klog dm dd _ <<< "$out"
		dev=${dev#dev=}; klog=${klog#klog=}; dm=${dm#dm=}; dd=${dd#daemon=}
		record iofail_kernel_ms "$daemon" io "$rep" "$(or_timeout "${klog%.*}" "$klog")"
		record iofail_daemon_ms "$daemon" io "$rep" "$(or_timeout "$dd")"
		if [ "$dd" -ge 0 ] && [ "${klog%.*}" -ge 0 ]; then
			lag=$(awk -v a="$dd" -v b="$klog" 'BEGIN { printf "%.1f", a - b }')
			record iofail_lag_ms "$daemon" io "$rep" "$lag"
		fi
		log "$daemon I/O error rep $rep: $out"
		"$PROBE" watch mpatha "$dev" A --set "$(state_file "$dev")" running "${via[@]}" > /dev/null ||
			fail "$daemon: $dev not reinstated after the I/O test"
		nap 2
	done
}

# What each daemon makes of a sub-second polling interval.
subsecond_facts() {
	write_conf mpxd 0.5 0.5 "$W/half.conf"
	fact "mpxd -C with polling_interval 0.5: $(mpxd -C -c "$W/half.conf" --config-dir "$W/none" 2>&1 | grep -E '^[[:space:]]*(max_)?polling_interval' | tr -s ' \t' ' ' | paste -sd ';')"
	start_daemon multipathd 0.5 0.5
	"$PROBE" ready multipath 1 2 "$D_T0" 120 > /dev/null ||
		fail "multipathd with polling_interval 0.5: no map"
	fact "multipathd show config with polling_interval 0.5: $(multipathd show config 2>&1 | grep -E '^[[:space:]]*(max_)?polling_interval' | tr -s ' \t' ' ' | paste -sd ';')"
	fact "multipathd log about it: $(grep -iE 'polling|invalid|0\.5' "$W/daemon.log" | paste -sd ';')"
	stop_daemon multipathd-half
}

# --- 4. reaction to a kernel-detected failure ---

# react_runs PI MAX: MPXB_REACT_REPS failures of LUN 0's path through host
# A under reads. The kernel's "Failing path" is placed on the wall clock
# from a /dev/kmsg marker written at a known wall-clock moment; mpxd logs
# its reaction's end on the wall clock and its own time from the event.
# serving_path MAP: the block device of the first active path of MAP's
# active group, or of the first enabled one before any I/O (dmsetup
# status: per group its state, selector status
# words, paths and words per path; per path dev, A|F, fail count, words).
serving_path() {
	local d
	d=$(dmsetup status "$1" | awk '{
		i = 4; i += $i + 1; i += $i + 1; ng = $i; i += 2
		for (g = 1; g <= ng; g++) {
			st = $i; i += 2 + $(i + 1); np = $i; npa = $(i + 1); i += 2
			for (p = 1; p <= np; p++) {
				if (st == "A" && $(i + 1) == "A") { print $i; exit }
				if (st == "E" && $(i + 1) == "A" && e == "") e = $i
				i += 3 + npa
			}
		}
		if (e != "") print e	# no I/O yet: the group the first I/O takes
	}')
	[ -n "$d" ] && basename "$(readlink -f "/sys/dev/block/$d")"
}

react_runs() {
	local pi=$1 max=$2 rep h a0 m0 t_mark line k_mark k_fail done_at inside total
	local tries=0 seen=0 checked
	start_daemon mpxd "$pi" "$max"
	"$PROBE" ready mpx 2 2 "$D_T0" 120 > /dev/null || fail "mpxd: no 2 maps of 2 paths after 2 min"
	h=$(ls -d /sys/bus/pseudo/drivers/scsi_debug/adapter*/host* | head -1)
	a0=$(basename "$(ls -d "$h"/target*/*:0/block/*)")
	m0=$(dmsetup table | awk -v d="$(devno "$a0")" '{ for (i = 2; i <= NF; i++) if ($i == d) { sub(":", "", $1); print $1; exit } }')
	[ -n "$m0" ] || fail "no map holds $a0"
	nap 3
	for ((rep = 1; rep <= MPXB_REACT_REPS; rep++)); do
		# the path the reads go to: after a failover and reinstatement the
		# map may serve from the other group, and a path no I/O meets is
		# found by mpxd's check, not failed by the kernel
		a0=$(serving_path "$m0")
		[ -n "$a0" ] || fail "$m0 has no active path in its active group: $(dmsetup status "$m0")"
		tries=$((tries + 1))
		[ "$tries" -le $((3 * MPXB_REACT_REPS)) ] ||
			fail "mpxd's own check found the offline path first in most runs"
		checked=$(grep -c "path $a0 ($(devno "$a0")) failed: " "$W/daemon.log" || true)
		: > "$W/kmsg.txt"
		cat /dev/kmsg > "$W/kmsg.txt" &
		local kpid=$!
		echo "mpxb-react-$rep" > /dev/kmsg
		t_mark=$EPOCHREALTIME
		echo offline > "/sys/block/$a0/device/state"
		dd if="/dev/mapper/$m0" of=/dev/null bs=4k count=256 iflag=direct 2> /dev/null ||
			log "reads through $m0 failed"
		line=""
		for _ in $(seq 1 100); do
			line=$(grep ": reaction to the kernel" "$W/daemon.log" | sed -n "$((seen + 1))p")
			[ -n "$line" ] && break
			nap 0.1
		done
		kill "$kpid" 2> /dev/null || true
		wait "$kpid" 2> /dev/null || true
		if [ -z "$line" ] &&
			[ "$(grep -c "path $a0 ($(devno "$a0")) failed: " "$W/daemon.log" || true)" -gt "$checked" ]; then
			# mpxd's own check failed the path before any I/O met it: the
			# kernel never failed it, so there was nothing to react to
			log "reaction rep $rep: mpxd's check found $a0 offline first; again"
			echo running > "/sys/block/$a0/device/state"
			mpxctl reinstate path "$a0" > /dev/null || fail "cannot reinstate $a0"
			nap 2
			rep=$((rep - 1))
			continue
		fi
		[ -n "$line" ] || fail "no reaction of mpxd to the failure of $a0: $(tail -5 "$W/daemon.log")"
		seen=$((seen + 1))
		[[ $line == *"path $a0: reaction"* ]] || fail "mpxd reacted to another path: $line"
		# kmsg: "pri,seq,usec,flags;text"
		read -r k_mark k_fail < <(awk -F'[,;]' -v m="mpxb-react-$rep" \
			-v d="Failing path $(devno "$a0")" \
			'index($0, m) { km = $3; next } km != "" && index($0, d) { print km, $3; exit }' \
			"$W/kmsg.txt") || true
		inside=$(sed -n 's/.* done in \([0-9]*\) ms .*/\1/p' <<< "$line")
		done_at=$(sed -n 's/.* at \([0-9.]*\)$/\1/p' <<< "$line")
		total=$(awk -v t="$t_mark" -v km="$k_mark" -v kf="$k_fail" -v d="$done_at" \
			'BEGIN { if (km == "" || kf == "") print -1; else printf "%.1f", (d - t) * 1000 - (kf - km) / 1000 }')
		record react_ms mpxd "$pi/$max" "$rep" "$(or_timeout "${total%.*}" "$total")"
		record react_event_ms mpxd "$pi/$max" "$rep" "$inside"
		log "reaction rep $rep: kernel failed $a0 -> mpxd done $total ms (from the event: $inside ms)"
		echo running > "/sys/block/$a0/device/state"
		mpxctl reinstate path "$a0" > /dev/null || fail "cannot reinstate $a0"
		nap 2
	done
	stop_daemon "mpxd-react-$pi-$max"
}

bench_react() {
	modprobe scsi_debug add_host=2 num_tgts=1 max_luns=2 dev_size_mb=8 vpd_use_hostno=0 \
		delay=0 || fail "modprobe scsi_debug failed"
	settle
	react_runs 5 20
	rmmod scsi_debug
	settle
}

bench_detect() {
	local c daemon pi max
	sd_setup 2 8
	settle
	for c in $MPXB_DETECT_CONFIGS; do
		IFS=: read -r daemon pi max <<< "$c"
		detect_run "$daemon" "$pi" "$max"
	done
	subsecond_facts
	sd_teardown
	settle
}

# --- setup ---

HZ=$(getconf CLK_TCK)
mpx_load
modprobe -a dm-multipath dm-service-time dm-round-robin dm-queue-length scsi_dh_alua sd_mod
# The SCSI disk rules that only serve boot-time integration run several
# programs per disk (0.1-1 s each under TCG): 1024 disks would keep udev
# busy for over half an hour. Neither daemon needs them; 60-persistent-
# storage.rules' scsi_id still sets ID_SERIAL, which multipathd reads.
# The device-mapper rules (for both daemons' maps) stay as shipped.
mkdir -p /etc/udev/rules.d /run/udev/rules.d
for r in 55-scsi-sg3_id.rules 58-scsi-sg3_symlink.rules 60-multipath.rules; do
	ln -sf /dev/null "/etc/udev/rules.d/$r"
done
# mpx's own rule, as installed
cp "$MPX_BUILD/conf/56-mpx.rules" /run/udev/rules.d/
install -D "$MPX_BUILD/daemon/mpx-udev" "$(pkg-config --variable=udevdir udev)/mpx-udev"
/lib/systemd/systemd-udevd --daemon || fail "cannot start systemd-udevd"
# guest-run.sh sets DM_DISABLE_UDEV=1; with MPXB_UDEV_SYNC=1 both daemons
# wait for udev on each map they make, as on a normal system.
[ "$MPXB_UDEV_SYNC" = 1 ] && unset DM_DISABLE_UDEV
{
	echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "kernel $(uname -r)"
	echo "accel $(. "$MPX_RESULTS/job.env" && echo "$MPX_ACCEL")"
	echo "cpus $(nproc)"
	echo "mem_mb $(($(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024))"
	echo "mpxd $(mpxd --version)"
	echo "multipathd $(dpkg-query -W -f '${Version}' multipath-tools 2>/dev/null || echo unknown)"
	echo "udev_sync $MPXB_UDEV_SYNC"
	echo "sizes $MPXB_SIZES"
	echo "start_reps $MPXB_START_REPS"
	echo "daemons $MPXB_DAEMONS"
	echo "steady_s $MPXB_STEADY_S"
	echo "detect_reps $MPXB_DETECT_REPS"
	echo "iofail_reps $MPXB_IOFAIL_REPS"
	echo "react_reps $MPXB_REACT_REPS"
	echo "host_load $(cat "$MPX_BUILD/bench/mpxd-hostload" 2>/dev/null || echo unknown)"
} > "$RES/env.txt"
: > "$RES/results.tsv"
: > "$RES/facts.txt"
command -v multipathd > /dev/null || fail "multipathd is not installed on the host (scripts/bootstrap.sh)"

bench_start
[ -n "$MPXB_DETECT_CONFIGS" ] && bench_detect
[ "$MPXB_REACT" = 1 ] && bench_react
log "done"
