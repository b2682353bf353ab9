# Fault helpers (sourced by helpers.sh): scsi_debug paths that come and go
# at run time, scsi_debug error and delay injection, fio loops that count
# their I/Os and failures, a stall monitor on a map, and running a command
# under the restrictions of mpxd.service (capabilities and file system
# sandboxing) without systemd.

SDEBUG_DRV=/sys/bus/pseudo/drivers/scsi_debug
SDEBUG_MOD=/sys/module/scsi_debug/parameters

# now_ms: milliseconds since the epoch; _now sets NOW to it without a fork
# (under TCG a fork costs tens of ms, more when the guest is busy).
now_ms() {
	_now
	echo "$NOW"
}
_now() {
	local t=${EPOCHREALTIME/./}
	NOW=$((t / 1000))
}

# nap SECS: sleep without a fork (a read that times out on a fifo nobody
# writes to).
nap() {
	if [ -z "${_NAP_FD:-}" ]; then
		local f
		f=$(mktemp -u /run/mpx-nap.XXXXXX)
		mkfifo "$f"
		exec {_NAP_FD}<> "$f"
		rm -f "$f"
	fi
	read -r -t "$1" -u "$_NAP_FD" || true
}

# _sd_scan: the scsi_debug disks present now (hosts are removed and added
# at run time: names change) into SCAN_DISKS (sdX) and SCAN_HOSTS, in host
# order, without a fork.
_sd_scan() {
	local d h i
	SCAN_DISKS=() SCAN_HOSTS=()
	for d in "$SDEBUG_DRV"/adapter*/host*/target*/*/block/*; do
		[ -e "$d" ] || continue
		h=${d#"$SDEBUG_DRV"/adapter*/host}
		h=${h%%/*}
		i=${#SCAN_HOSTS[@]}
		while [ "$i" -gt 0 ] && [ "${SCAN_HOSTS[$((i - 1))]}" -gt "$h" ]; do
			SCAN_HOSTS[i]=${SCAN_HOSTS[$((i - 1))]}
			SCAN_DISKS[i]=${SCAN_DISKS[$((i - 1))]}
			i=$((i - 1))
		done
		SCAN_HOSTS[i]=$h
		SCAN_DISKS[i]=${d##*/}
	done
}

# sd_paths_now: the same as "HOST sdX" lines.
sd_paths_now() {
	local i
	_sd_scan
	for i in "${!SCAN_DISKS[@]}"; do
		echo "${SCAN_HOSTS[$i]} ${SCAN_DISKS[$i]}"
	done
}

# sd_count: how many scsi_debug disks exist now.
sd_count() {
	_sd_scan
	echo "${#SCAN_DISKS[@]}"
}

# _sd_state sdX: STATE, the SCSI device state (running, offline...), empty
# if the disk is gone; _devno sdX: DEVNO, its MAJ:MIN. Without a fork.
_sd_state() {
	STATE=
	read -r STATE < "/sys/block/$1/device/state" 2> /dev/null || true
}
_devno() {
	DEVNO=
	read -r DEVNO < "/sys/class/block/$1/dev" 2> /dev/null || true
}

# _rnd MIN MAX: a random number into R, without a fork.
_rnd() { R=$(( $1 + RANDOM % ($2 - $1 + 1) )); }

# sd_host_add: one more scsi_debug host (the same LUN: one more path). Waits
# for its disk and prints its name.
sd_host_add() {
	local before after d
	before=$(sd_paths_now | awk '{ print $2 }')
	echo 1 > "$SDEBUG_DRV/add_host" || fail "cannot add a scsi_debug host"
	local end=$(( $(now_ms) + 30000 ))
	while :; do
		after=$(sd_paths_now | awk '{ print $2 }')
		d=$(comm -13 <(echo "$before" | sort) <(echo "$after" | sort) | head -n 1)
		[ -n "$d" ] && [ -b "/dev/$d" ] && break
		[ "$(now_ms)" -lt "$end" ] || fail "no disk appeared for the added scsi_debug host"
		sleep 0.1
	done
	echo "$d"
}

# sd_host_remove: remove the last scsi_debug host (its disk vanishes).
sd_host_remove() {
	echo -1 > "$SDEBUG_DRV/add_host" || fail "cannot remove a scsi_debug host"
}

# sd_inject OPTS EVERY_NTH: scsi_debug error injection on every Nth command
# of all hosts (opts bits: 4 timeout, 16 transport error, 0x8000 host busy);
# sd_inject 0 0 turns it off. The driver attributes (not the module
# parameters) also start the command counter injection needs.
sd_inject() {
	echo "$2" > "$SDEBUG_DRV/every_nth" || fail "cannot set scsi_debug every_nth=$2"
	echo "$1" > "$SDEBUG_DRV/opts" || fail "cannot set scsi_debug opts=$1"
}

# sd_delay JIFFIES / sd_ndelay NSECS: delay every response of all hosts.
# The driver refuses a change (EBUSY) while commands are queued, as they
# often are under I/O once a delay is set: after 3 s of retries the module
# parameters are written instead, both of them as the driver's own store
# does (-9999 is its "ndelay rules" marker). Prints "attr" or "param":
# which way it went.
sd_delay() { _sd_set_delay delay "$1"; }
sd_ndelay() { _sd_set_delay ndelay "$1"; }
_sd_set_delay() {
	local what=$1 val=$2 end=$(( $(now_ms) + 3000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		if echo "$val" > "$SDEBUG_DRV/$what" 2>/dev/null; then
			echo attr
			return 0
		fi
		sleep 0.02
	done
	if [ "$what" = delay ]; then
		echo 0 > "$SDEBUG_MOD/ndelay" && echo "$val" > "$SDEBUG_MOD/delay"
	else
		echo "$val" > "$SDEBUG_MOD/ndelay" && echo -9999 > "$SDEBUG_MOD/delay"
	fi || fail "cannot set scsi_debug $what=$val"
	echo param
}

# sd_set_timeout SECS sdX...: the SCSI command timeout of the disks (an
# injected timeout then costs SECS, not the default 30 s).
sd_set_timeout() {
	local s=$1 d
	shift
	for d in "$@"; do
		echo "$s" > "/sys/block/$d/device/timeout" 2>/dev/null || true
	done
}

# map_devno MAP: the map's MAJ:MIN.
map_devno() { dmsetup info -c --noheadings -o major,minor "$1" | tr -d ' '; }

# map_path_devs MAP: the paths (MAJ:MIN) in the map's table, sorted.
map_path_devs() { dmsetup table "$1" | grep -o ' [0-9]*:[0-9]*' | tr -d ' ' | sort -u; }

# map_usable MAP: the paths (MAJ:MIN) the map's status shows active;
# _map_usable MAP sets USABLE to them (one fork, for dmsetup).
map_usable() {
	_map_usable "$1"
	[ ${#USABLE[@]} = 0 ] || printf '%s\n' "${USABLE[@]}"
}
_map_usable() {
	local st w i
	USABLE=()
	st=$(dmsetup status "$1") || return 0
	read -ra w <<< "$st"
	for ((i = 5; i + 1 < ${#w[@]}; i++)); do
		[[ ${w[i]} =~ ^[0-9]+:[0-9]+$ ]] && [ "${w[i + 1]}" = A ] && USABLE+=("${w[i]}")
	done
	return 0
}

# map_all_active MAP NPATHS: the map has exactly NPATHS paths, all active.
map_all_active() {
	[ "$(map_path_devs "$1" | wc -l)" -eq "$2" ] &&
		[ "$(map_usable "$1" | wc -l)" -eq "$2" ]
}

# diskstats_done MAJ:MIN: reads plus writes completed by the device.
diskstats_done() {
	_diskstats_done "$1"
	echo "$DONE"
}
# (the same into DONE, without a fork)
_diskstats_done() {
	local maj=${1%:*} min=${1#*:} a b name r1 r2 r3 r4 w1 rest
	DONE=0
	while read -r a b name r1 r2 r3 r4 w1 rest; do
		if [ "$a" = "$maj" ] && [ "$b" = "$min" ]; then
			DONE=$((r1 + w1))
			return 0
		fi
	done < /proc/diskstats
}

# stall_monitor_start MAJ:MIN / stall_monitor_stop: sample the device's
# completed I/Os every 0.1 s (no fork per sample: under TCG a fork costs
# more than that). Each stretch of over 1 s in which the samples saw no
# completion goes to stalls.log as "FIRST_MS LAST_MS LENGTH_MS" (first and
# last sample of the stretch); stall_monitor_stop prints the longest
# stretch in ms, and the largest gap between two samples (the resolution)
# goes to stall.gap.
stall_monitor_start() {
	local dev=$1
	rm -f stall.stop stall.gap
	: > stalls.log
	(
		set +e
		last=-1 first=0 prev=0 gap=0 t=0
		while [ ! -e stall.stop ]; do
			_diskstats_done "$dev"
			t=${EPOCHREALTIME/./}
			t=$((t / 1000))
			[ "$prev" -gt 0 ] && [ $((t - prev)) -gt "$gap" ] && gap=$((t - prev))
			if [ "$DONE" != "$last" ]; then
				[ $((prev - first)) -gt 1000 ] && echo "$first $prev $((prev - first))" >> stalls.log
				last=$DONE first=$t
			fi
			prev=$t
			nap 0.1
		done
		[ $((prev - first)) -gt 1000 ] && echo "$first $prev $((prev - first))" >> stalls.log
		echo "$gap" > stall.gap
	) &
	STALL_PID=$!
}

stall_monitor_stop() {
	touch stall.stop
	wait "$STALL_PID" || true
	sort -k3 -n stalls.log | tail -n 1 | awk '{ print $3 } END { if (!NR) print 0 }'
}

# fio_loop_start TAG DEV [fio args...]: run fio on DEV again and again in
# the background until fio_loop_stop TAG. Unlike fio_bg_start, several
# loops run at once, a failed run does not end the loop, and each run's
# terse output is kept (TAG.N.out) for fio_loop_stats. A failed run's
# time is logged to TAG.failures. fio runs at nice 10: under TCG it would
# otherwise starve whatever drives the test.
fio_loop_start() {
	local tag=$1 dev=$2
	shift 2
	rm -f "$tag".stop "$tag".*.out "$tag".failures "$tag".runs
	(
		set +e
		n=0
		while [ ! -e "$tag.stop" ]; do
			nice -n 10 fio --name="$tag" --filename="$dev" --direct=1 --ioengine=libaio \
				--verify_state_save=0 --output-format=terse --terse-version=3 \
				"$@" > "$tag.$n.out" 2>&1 ||
				echo "$n $(now_ms)" >> "$tag.failures"
			n=$((n + 1))
			echo "$n" > "$tag.runs"
		done
	) &
	eval "FIO_LOOP_PID_${tag}=$!"
}

fio_loop_stop() {
	local pid_var="FIO_LOOP_PID_$1"
	touch "$1.stop"
	wait "${!pid_var}" || true
}

# fio_loop_alive TAG: the loop (and so its fio) still runs.
fio_loop_alive() {
	local pid_var="FIO_LOOP_PID_$1"
	kill -0 "${!pid_var}" 2> /dev/null
}

# fio_loop_stats TAG BS_KB: sets LOOP_RUNS, LOOP_IOS (from the kB moved by
# the runs that finished), LOOP_MAXLAT (the longest I/O completion
# latency of those runs, ms), LOOP_VERIFY (runs that failed a verify) and
# LOOP_ERRORS (runs that failed otherwise: I/O errors). Prints each failed
# run's output.
fio_loop_stats() {
	local tag=$1 bs=$2 f kb lat
	LOOP_RUNS=$(cat "$tag.runs" 2> /dev/null || echo 0)
	LOOP_IOS=0 LOOP_MAXLAT=0 LOOP_VERIFY=0 LOOP_ERRORS=0
	for f in "$tag".*.out; do
		[ -e "$f" ] || continue
		# terse v3: 6 and 47 read and write kB, 39 and 80 their lat max (us)
		read -r kb lat < <(awk -F';' '/^3;/ && $5 == 0 {
			s += $6 + $47; if ($39 > m) m = $39; if ($80 > m) m = $80 }
			END { printf "%d %d\n", s, m / 1000 }' "$f")
		LOOP_IOS=$((LOOP_IOS + kb / bs))
		[ "$lat" -gt "$LOOP_MAXLAT" ] && LOOP_MAXLAT=$lat
	done
	[ -s "$tag.failures" ] || return 0
	local n t
	while read -r n t; do
		echo "--- $tag run $n failed at $t ms:"
		awk '!/^3;/ && n++ < 20' "$tag.$n.out"
		if grep -qE 'verify:|verify failed|bad magic|bad header|crc32c' "$tag.$n.out"; then
			LOOP_VERIFY=$((LOOP_VERIFY + 1))
		else
			LOOP_ERRORS=$((LOOP_ERRORS + 1))
		fi
	done < "$tag.failures"
}

# unit_values UNIT KEY: the values of KEY= in a unit file, one per line
# (a key may be given more than once).
unit_values() {
	sed -n "s/^$2=//p" "$1"
}

# unit_caps UNIT: CapabilityBoundingSet= as setpriv wants it:
# "-all,+sys_admin,+sys_module..." (lower case, without CAP_).
unit_caps() {
	local c out="-all"
	for c in $(unit_values "$1" CapabilityBoundingSet); do
		c=${c#CAP_}
		out+=",+${c,,}"
	done
	echo "$out"
}

# unit_sandbox_run UNIT CAPS CMD...: run CMD as mpxd.service would run it,
# as far as can be done without systemd: in a mount namespace where
# ProtectSystem=strict leaves everything read-only but /dev, /proc, /sys
# (/sys and /proc/sys read-only too with ProtectKernelTunables=yes,
# /sys/fs/cgroup with ProtectControlGroups=yes), ReadWritePaths= and
# RuntimeDirectory= stay writable, ProtectHome=yes hides /home, /root and
# /run/user, ProtectProc=invisible mounts /proc with hidepid=invisible;
# with NoNewPrivileges and only the capabilities CAPS (setpriv syntax, e.g.
# "$(unit_caps UNIT)"), and the unit's LimitRTPRIO=. The seccomp-based
# settings cannot be applied here:
# scenarios check them on a trace instead. With SANDBOX_TIMEOUT set, CMD
# is killed after that many seconds (exit status 124).
unit_sandbox_run() {
	local unit=$1 caps=$2
	shift 2
	local rw=() p
	for p in $(unit_values "$unit" ReadWritePaths); do
		p=${p#-}
		[ -e "$p" ] && rw+=("$p")
	done
	for p in $(unit_values "$unit" RuntimeDirectory); do
		mkdir -p "/run/$p"
		rw+=("/run/$p")
	done
	[ "$(unit_values "$unit" ProtectSystem)" = strict ] ||
		fail "unit_sandbox_run knows ProtectSystem=strict only"
	local kt cg home proc rtprio
	kt=$(unit_values "$unit" ProtectKernelTunables)
	cg=$(unit_values "$unit" ProtectControlGroups)
	home=$(unit_values "$unit" ProtectHome)
	proc=$(unit_values "$unit" ProtectProc)
	rtprio=$(unit_values "$unit" LimitRTPRIO)
	${SANDBOX_TIMEOUT:+timeout "$SANDBOX_TIMEOUT"} \
	unshare --mount --propagation slave -- bash -c '
		set -e
		caps=$1 kt=$2 cg=$3 home=$4 proc=$5 rtprio=$6 nrw=$7
		shift 7
		rw=("${@:1:$nrw}")
		shift "$nrw"
		for p in "${rw[@]}"; do mount --bind "$p" "$p"; done
		# every mount read-only but the API file systems and the writable paths
		awk "{ print \$5 }" /proc/self/mountinfo | sort -u | while read -r m; do
			case "$m" in
			/dev|/dev/*|/proc|/proc/*) continue ;;
			/sys|/sys/*) [ "$kt" = yes ] || continue ;;
			esac
			for p in "${rw[@]}"; do [ "$m" = "$p" ] && continue 2; done
			mount -o remount,bind,ro "$m" 2> /dev/null || true
		done
		if [ -n "$proc" ] && [ "$proc" != default ]; then
			mount -t proc -o hidepid="$proc" proc /proc
		fi
		if [ "$kt" = yes ]; then
			mount --bind -o ro /proc/sys /proc/sys
		fi
		if [ "$cg" = yes ] && mountpoint -q /sys/fs/cgroup; then
			mount -o remount,bind,ro /sys/fs/cgroup
		fi
		if [ "$home" = yes ]; then
			for p in /home /root /run/user; do
				if [ -d "$p" ]; then mount -t tmpfs -o ro,mode=000 tmpfs "$p"; fi
			done
		fi
		exec prlimit --rtprio="${rtprio:-0}" -- \
			setpriv --no-new-privs --inh-caps=-all --bounding-set="$caps" -- "$@"
	' unit-sandbox "$caps" "$kt" "$cg" "$home" "$proc" "$rtprio" "${#rw[@]}" "${rw[@]}" "$@"
}

# held_read_start DEV: one direct 4 KiB read of DEV in the background
# (HELD_PID), timed from now (HELD_T0); held_read_wait SECS waits at most
# SECS for it to end and sets HELD_RC (its exit status) and HELD_MS.
held_read_start() {
	dd if="$1" of=/dev/null bs=4k count=1 iflag=direct 2> held.err &
	HELD_PID=$!
	HELD_T0=$(now_ms)
}
held_read_wait() {
	wait_for "$1" "the held read to end" eval '! kill -0 $HELD_PID'
	HELD_MS=$(( $(now_ms) - HELD_T0 ))
	HELD_RC=0
	wait "$HELD_PID" || HELD_RC=$?
}
held_read_running() { kill -0 "$HELD_PID" 2> /dev/null; }

# mpx_maps: the names of the mpx maps (none: nothing).
mpx_maps() { dmsetup ls --target mpx | awk '$2 ~ /^\(/ { print $1 }'; }

# map_ready MAP: /dev/mapper/MAP is there and reads (libdevmapper makes the
# node after the map is live: waiting for the table is not enough).
map_ready() {
	[ -b "/dev/mapper/$1" ] &&
		dd if="/dev/mapper/$1" of=/dev/null bs=4k count=1 iflag=direct 2> /dev/null
}
