# Fault soak: one LUN over four scsi_debug paths, mpxd managing it
# (no_path_retry queue), fio write+verify and a verifying reader through the
# map, while a driver injects random faults: paths offline and back, scsi_debug
# timeouts, transport errors, busy hosts and response delays, a host removed
# and added again, noflush table reloads, mpxd killed (SIGKILL) and
# restarted. At least one path stays usable, except in all-paths-down
# episodes where I/O must wait (no completion once nothing is in flight on
# the paths), then resume. Pass: no verify failure, no I/O error, every
# path active at the end, no stall over 60 s while a path was usable, at
# least one all-paths-down episode (the kernel log check is guest-run.sh's). Prints
# the faults by kind, the I/Os, the errors, the longest stall (time without
# a completed I/O on the map) and the longest I/O. The seed picks the
# grouping (multibus or failover) and every fault.
#
# Length: 180 s of faults, or the number of seconds in $MPX_BUILD/soak-seconds;
# the random seed is printed, and $MPX_BUILD/soak-seed replays one.
soak=180
[ -r "$MPX_BUILD/soak-seconds" ] && soak=$(tr -dc 0-9 < "$MPX_BUILD/soak-seconds")
[ -n "$soak" ] && [ "$soak" -gt 0 ] || fail "bad soak length in $MPX_BUILD/soak-seconds"
seed=$(( $(date +%s) % 32768 ))
[ -r "$MPX_BUILD/soak-seed" ] && seed=$(tr -dc 0-9 < "$MPX_BUILD/soak-seed")
budget=$(sed -n "s/^MPX_SCENARIO_TIMEOUT='\([0-9]*\)'/\1/p" "$MPX_RESULTS/job.env")
if [ -n "$budget" ] && [ $((soak + 300)) -gt "$budget" ]; then
	fail "a ${soak}s soak does not fit the ${budget}s scenario timeout (run.sh --timeout $((soak + 400)))"
fi
RANDOM=$seed
policies=(multibus failover)
policy=${policies[$((seed % 2))]}
log "soak: ${soak}s, seed $seed, path_grouping_policy $policy"

mpx_load
udev_start
# every injected fault logs I/O errors: on the serial console they cost
# seconds under TCG and crowd this soak's own report out of the console log
# (dmesg keeps them all, and guest-run.sh checks them)
dmesg -n 1
sd_setup 4 128
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	checker_timeout 5
	find_multipaths yes
	no_path_retry queue
	user_friendly_names yes
	bindings_file "$PWD/bindings"
	path_grouping_policy $policy
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
CONF
# an injected timeout costs 8 s, not 30
sd_set_timeout 8 "${SD_PATHS[@]}"
mpxd_start
wait_for 60 "mpatha with 4 active paths" map_all_active mpatha 4
wait_for 30 "/dev/mapper/mpatha to read" map_ready mpatha
map=mpatha
dev=/dev/mapper/$map
dmsetup table $map

# The reader verifies a region written once; the writer rewrites and
# verifies another one, again and again.
fio --name=soakr --filename=$dev --direct=1 --ioengine=libaio --rw=write --bs=64k \
	--offset=64m --size=32m --verify=crc32c --do_verify=0 > preload.out 2>&1 ||
	{ cat preload.out; fail "preloading the reader's region failed"; }
stall_monitor_start "$(map_devno $map)"
# Rates keep the emulated CPUs from saturating: the driver, mpxd and the
# stall monitor must run on time.
fio_loop_start soakw $dev --rw=randwrite --bs=4k --iodepth=16 --offset=0 --size=8m \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --rate_iops=400
fio_loop_start soakr $dev --rw=randread --bs=64k --iodepth=4 --offset=64m --size=32m \
	--verify=crc32c --verify_only --time_based --runtime=10 --rate_iops=50

declare -A faults=()
start=$(now_ms)
# note TEXT: a line of the fault log, stamped with the time into the soak
note() {
	_now
	printf '%d.%03d %s\n' $(( (NOW - start) / 1000 )) $(( (NOW - start) % 1000 )) "$*" >> faults.log
}

# Pending restores: when (ms), what kind (for busy) and what (for eval).
restore_at=() restore_kind=() restore_cmd=()
later() {
	_now
	restore_at+=($((NOW + $2)))
	restore_kind+=("$1")
	restore_cmd+=("$3")
}
run_due() {
	local i
	_now
	for i in "${!restore_at[@]}"; do
		if [ "${1:-}" = all ] || [ "${restore_at[$i]}" -le "$NOW" ]; then
			eval "${restore_cmd[$i]}"
			unset "restore_at[$i]" "restore_kind[$i]" "restore_cmd[$i]"
		fi
	done
}
busy() { [[ " ${restore_kind[*]} " == *" $1 "* ]]; }

# The driver forks as little as it can: under TCG a fork costs up to a
# second when fio keeps the guest busy.
# _usable: USABLE_DISKS, the disks that are present, running at the SCSI
# layer and active in the map: the paths I/O can use now.
_usable() {
	local d act
	USABLE_DISKS=()
	_map_usable $map
	act=" ${USABLE[*]} "
	_sd_scan
	for d in "${SCAN_DISKS[@]}"; do
		_sd_state "$d"
		_devno "$d"
		if [ "$STATE" = running ] && [[ $act == *" $DEVNO "* ]]; then
			USABLE_DISKS+=("$d")
		fi
	done
}

mpxd_up=1 last_kill=0 last_host=0 restarts=0 episodes=()
# since_restart WORD: mpxd logged "map "mpatha" WORD" since its last start.
since_restart() {
	sed -n "/^--- restart $restarts\$/,\$p" mpxd.log > since-restart.log
	grep -q "map \"$map\" $1" since-restart.log
}
restart_mpxd() {
	restarts=$((restarts + 1))
	echo "--- restart $restarts" >> mpxd.log
	mpxd_start
	mpxd_up=1
	wait_for 30 "mpxd to adopt $map" since_restart adopted
	! since_restart created || fail "$map was recreated after the restart, not adopted"
	note "mpxd restarted, $map adopted"
}
# a path's restore: its disk may have gone with its host meanwhile
online_if_there() {
	if [ -e "/sys/block/$1/device/state" ]; then
		path_online "$1"
		note "online $1"
	fi
}
delay_off() {
	local how
	how=$(sd_delay 0) || fail "cannot turn the scsi_debug delay off"
	note "delay off ($how)"
}
host_back() {
	local d
	d=$(sd_host_add)
	[ -n "$d" ] || fail "the re-added scsi_debug host has no disk"
	sd_set_timeout 8 "$d"
	note "host added: $d"
}

# One fault of a random kind, if its preconditions hold.
inject_one() {
	local kind usable=() n=0 d v
	case $((RANDOM % 12)) in
	0|1|2|3) kind=offline ;;
	4|5) kind=inject ;;
	6|7) kind=delay ;;
	8) kind=host ;;
	9|10) kind=reload ;;
	11) kind=mpxd ;;
	esac
	if [ "$kind" = offline ] || [ "$kind" = host ]; then
		_usable
		usable=("${USABLE_DISKS[@]}")
		n=${#usable[@]}
	fi
	case $kind in
	offline)
		[ "$n" -ge 2 ] || return 0
		d=${usable[$((RANDOM % n))]}
		path_offline "$d"
		_rnd 1000 5000
		later offline "$R" "online_if_there $d"
		note "offline $d"
		;;
	inject)
		busy sd_inject && return 0
		case $((RANDOM % 3)) in
		0) v=4 kind=timeout; _rnd 300 1500 ;;
		1) v=16 kind=transport; _rnd 50 400 ;;
		2) v=0x8000 kind=host-busy; _rnd 20 200 ;;
		esac
		n=$R
		sd_inject "$v" "$n"
		_rnd 2000 5000
		later sd_inject "$R" "sd_inject 0 0; note injection off"
		note "inject $kind every $n commands"
		;;
	delay)
		busy sd_delay && return 0
		local how
		if [ $((RANDOM % 2)) = 0 ]; then
			_rnd 1 25
			v=$R
			how=$(sd_delay "$v") || fail "cannot set a scsi_debug delay"
			note "delay $v jiffies ($how)"
		else
			_rnd 100000 2000000
			v=$R
			how=$(sd_ndelay "$v") || fail "cannot set a scsi_debug ndelay"
			note "ndelay $v ns ($how)"
			kind=ndelay
		fi
		_rnd 2000 6000
		later sd_delay "$R" delay_off
		;;
	host)
		# the last host goes; at least one other usable path stays
		_sd_scan
		[ "${#SCAN_DISKS[@]}" -ge 3 ] && ! busy host_back || return 0
		_now
		[ $((NOW - last_host)) -gt 10000 ] || return 0
		d=${SCAN_DISKS[-1]}
		local others=0 u
		for u in "${usable[@]}"; do [ "$u" = "$d" ] || others=$((others + 1)); done
		[ "$others" -ge 1 ] || return 0
		sd_host_remove
		_now
		last_host=$NOW
		_rnd 3000 8000
		later host_back "$R" host_back
		note "host removed: $d"
		;;
	reload)
		# only when the table is mpxd's current view: every disk in it, all
		# running (sd refuses to open an offline disk), no host change pending
		[ "$mpxd_up" = 1 ] && ! busy host_back || return 0
		_now
		[ $((NOW - last_host)) -gt 10000 ] || return 0
		local t w want=" " have=" "
		_sd_scan
		for d in "${SCAN_DISKS[@]}"; do
			_sd_state "$d"
			[ "$STATE" = running ] || return 0
			_devno "$d"
			want+="$DEVNO "
		done
		t=$(dmsetup table $map)
		for w in $t; do
			[[ $w =~ ^[0-9]+:[0-9]+$ ]] || continue
			[[ $want == *" $w "* ]] || return 0
			have+="$w "
		done
		[ ${#want} = ${#have} ] || return 0
		_now
		local t0=$NOW
		# mpxd reloads the map too, and device-mapper refuses to suspend a
		# suspended map (EINVAL): try again while mpxd's reload lasts
		local end=$((t0 + 10000))
		until dmsetup suspend --noflush $map 2> suspend.err; do
			_now
			[ "$NOW" -lt "$end" ] || fail "cannot suspend $map for 10 s: $(cat suspend.err)"
			nap 0.1
		done
		if ! dmsetup load $map --table "$t" 2> load.err; then
			# only a path that went away or offline meanwhile (SCSI error
			# handling can offline a disk) excuses refusing the map's own table
			local why=""
			for w in $t; do
				[[ $w =~ ^[0-9]+:[0-9]+$ ]] || continue
				if [ ! -e "/sys/dev/block/$w/device/state" ]; then
					why+=" $w gone"
				elif [ "$(cat "/sys/dev/block/$w/device/state")" != running ]; then
					why+=" $w $(cat "/sys/dev/block/$w/device/state")"
				fi
			done
			[ -n "$why" ] || { dmsetup resume $map; fail "reloading $map's own table was refused: $(cat load.err)"; }
			note "reload: load refused:$why"
		fi
		dmsetup resume $map || fail "cannot resume $map after a reload"
		_now
		note "reload ($((NOW - t0)) ms suspended)"
		;;
	mpxd)
		_now
		[ "$mpxd_up" = 1 ] && [ $((NOW - last_kill)) -gt 15000 ] || return 0
		kill -KILL "$MPXD_PID"
		wait "$MPXD_PID" 2> /dev/null || true
		_now
		mpxd_up=0 last_kill=$NOW
		_rnd 1000 4000
		later restart_mpxd "$R" restart_mpxd
		note "mpxd killed"
		;;
	esac
	faults[$kind]=$(( ${faults[$kind]:-0} + 1 ))
}

# paths_idle: no I/O in flight on any path of the map (what is left is
# held in the target).
paths_idle() {
	[ "$(dmsetup message $map 0 stats | awk '$1 == "path" {
		for (i = 3; i < NF; i++) if ($i == "in_flight") s += $(i + 1) } END { print s + 0 }')" = 0 ]
}
# all_held: every I/O device-mapper has in flight on the map is one the
# target holds (none is on a path, none on its way back through dm core).
all_held() {
	local blk held
	blk=$(dmsetup info -c --noheadings -o blkdevname $map)
	held=$(dmsetup message $map 0 stats | awk '$1 == "map" { print $3 }')
	[ "$(awk '{ print $1 + $2 }' "/sys/block/$blk/inflight")" = "$held" ]
}
# no_completion_for_1s: the map completed no I/O in a second.
no_completion_for_1s() {
	local b
	b=$(diskstats_done "$(map_devno $map)")
	sleep 1
	[ "$(diskstats_done "$(map_devno $map)")" = "$b" ]
}
# io_snapshot FILE: the map's diskstats line, its in-flight counts and the
# target's counters, for a report.
io_snapshot() {
	local blk
	blk=$(dmsetup info -c --noheadings -o blkdevname $map)
	{
		grep " $blk " /proc/diskstats
		cat "/sys/block/$blk/inflight"
		dmsetup status $map
		dmsetup message $map 0 stats
	} > "$1" 2>&1
}

# All paths down: once nothing is in flight on the paths, I/O must wait (no
# completion for 3 s, fio still there), then resume when the paths are back.
all_down() {
	local d before t0 t1
	[ "$mpxd_up" = 1 ] && [ ${#restore_at[@]} = 0 ] || return 1
	[ "$(sd_count)" = 4 ] && map_all_active $map 4 || return 1
	t0=$(now_ms)
	for d in $(sd_paths_now | awk '{ print $2 }'); do path_offline "$d"; done
	note "all paths offline"
	wait_for 30 "every path of $map failed" eval '[ -z "$(map_usable $map)" ]'
	wait_for 60 "the I/O in flight on the paths of $map to end" paths_idle
	# A completion the target has counted off its path can still be on its
	# way through dm core: from the moment all of the map's I/O is held in
	# the target, none may complete.
	wait_for 30 "every I/O of $map held in the target" all_held
	# all_held compares two counters read one after the other, and dm core
	# counts a new bio in flight only after the target has held it: a
	# completion on its way up can hide behind a bio being held. Such a
	# straggler has left its path already; a held bio that completed
	# could only fail, which fio's error count catches at the end.
	wait_for 30 "the last completions of $map through dm core" no_completion_for_1s
	before=$(diskstats_done "$(map_devno $map)")
	io_snapshot held-before.txt
	sleep 3	# the span in which nothing may complete
	io_snapshot held-after.txt
	if [ "$(diskstats_done "$(map_devno $map)")" != "$before" ]; then
		echo "--- before:"; cat held-before.txt
		echo "--- 3 s later:"; cat held-after.txt
		fail "I/O completed on $map while no path was usable"
	fi
	fio_loop_alive soakw && fio_loop_alive soakr || fail "a fio loop ended while no path was usable"
	pgrep -x fio > /dev/null || fail "no fio left while I/O should wait"
	t1=$(now_ms)
	for d in $(sd_paths_now | awk '{ print $2 }'); do path_online "$d"; done
	note "all paths online"
	wait_for 60 "I/O to resume on $map" eval '[ "$(diskstats_done "$(map_devno $map)")" != "$before" ]'
	episodes+=("$t0 $(now_ms)")
	faults[all-down]=$(( ${faults[all-down]:-0} + 1 ))
	log "all paths down: I/O held $(( (t1 - t0) / 1000 )) s, resumed $(( $(now_ms) - t1 )) ms after the paths came back"
}

# On a failure, stop the I/O and let what is held go, so that the scenario
# ends instead of waiting on fio for ever.
soak_cleanup() {
	local p
	touch soakw.stop soakr.stop stall.stop
	sd_inject 0 0 2> /dev/null || true
	for p in $(sd_paths_now | awk '{ print $2 }'); do path_online "$p" 2> /dev/null || true; done
	dmsetup message $map 0 fail_if_no_path 2> /dev/null || true
	for p in "${FIO_LOOP_PID_soakw:-}" "${FIO_LOOP_PID_soakr:-}"; do
		[ -n "$p" ] || continue
		pkill -P "$p" 2> /dev/null || true
		kill "$p" 2> /dev/null || true
	done
}
trap 'rc=$?; [ "$rc" = 0 ] || soak_cleanup' EXIT

log "faults for ${soak}s"
end=$((start + soak * 1000))
next_down=$((start + soak * 1000 / 2))
_now
while [ "$NOW" -lt "$end" ]; do
	round=$NOW
	run_due
	if [ "$NOW" -ge "$next_down" ] && all_down; then
		_now
		next_down=$((NOW + 120000))
	elif [ $((RANDOM % 4)) != 0 ]; then
		inject_one
	fi
	fio_loop_alive soakw && fio_loop_alive soakr || fail "a fio loop ended early"
	_now
	[ $((NOW - round)) -lt 3000 ] || note "(the driver took $((NOW - round)) ms for one round)"
	nap 0.2	# the driver's pace, not a wait for anything
	_now
done
total=0
for k in "${!faults[@]}"; do total=$((total + faults[$k])); done
[ "$total" -ge $((soak / 15)) ] || fail "only $total faults in ${soak}s: the driver is broken or starved"

log "restoring every path"
run_due all
[ "$mpxd_up" = 1 ] || restart_mpxd
sd_inject 0 0
delay_off
while [ "$(sd_count)" -lt 4 ]; do host_back; done
for d in $(sd_paths_now | awk '{ print $2 }'); do path_online "$d"; done
wait_for 120 "4 active paths in $map" map_all_active $map 4
mpxd_all_active() { [ "$(mpxctl show paths | awk '$5 == "active"' | wc -l)" = 4 ]; }
wait_for 30 "mpxd to show every path active" mpxd_all_active
# the soak had no quiet moment for an all-paths-down episode: have one now
if [ -z "${faults[all-down]:-}" ]; then
	log "no all-paths-down episode during the faults: one now"
	all_down || fail "the all-paths-down episode could not start with every path back"
fi
done0=$(diskstats_done "$(map_devno $map)")
wait_for 30 "I/O to go on with every path back" eval \
	'[ "$(diskstats_done "$(map_devno $map)")" -gt $((done0 + 100)) ]'
fio_loop_stop soakw
fio_loop_stop soakr
stall=$(stall_monitor_stop)

mpxctl show paths
dmsetup status $map
fio_loop_stats soakw 4
w_ios=$LOOP_IOS w_runs=$LOOP_RUNS w_lat=$LOOP_MAXLAT verify=$LOOP_VERIFY errors=$LOOP_ERRORS
fio_loop_stats soakr 64
r_ios=$LOOP_IOS r_runs=$LOOP_RUNS r_lat=$LOOP_MAXLAT
verify=$((verify + LOOP_VERIFY)) errors=$((errors + LOOP_ERRORS))
# the longest stall outside the all-paths-down episodes; the long ones, in
# the fault log's time
outside=$(awk -v eps="${episodes[*]}" 'BEGIN { n = split(eps, e, " ") }
	{ for (i = 1; i < n; i += 2) if ($1 < e[i + 1] && $2 > e[i]) next; if ($3 > m) m = $3 }
	END { print m + 0 }' stalls.log)
awk -v s="$start" '$3 > 5000 { printf "%.1f s: no I/O completed for %.1f s\n", ($1 - s) / 1000, $3 / 1000 }' \
	stalls.log > long-stalls.txt
echo "=== fault soak: ${soak}s, seed $seed, $policy"
for k in "${!faults[@]}"; do printf '  %-10s %d\n' "$k" "${faults[$k]}"; done | sort
echo "  writer: $w_runs write+verify runs, $w_ios I/Os; reader: $r_runs verify runs, $r_ios I/Os"
echo "  verify failures: $verify, I/O errors: $errors"
echo "  longest stall: ${stall} ms (${outside} ms outside all-paths-down episodes; sampled, largest gap between samples $(cat stall.gap) ms)"
echo "  longest I/O: writer ${w_lat} ms, reader ${r_lat} ms (fio, runs without error)"
echo "  mpxd restarts: $(grep -c '^--- restart' mpxd.log || true)"
for e in "${episodes[@]}"; do
	read -r e0 e1 <<< "$e"
	echo "  all paths down from $(( (e0 - start) / 1000 )) s to $(( (e1 - start) / 1000 )) s"
done
sed 's/^/  /' long-stalls.txt
if [ "$verify" != 0 ] || [ "$errors" != 0 ]; then
	echo "--- fault log:"
	cat faults.log
	fail "fio saw $verify verify failures and $errors I/O errors"
fi
# With a usable path left, I/O waits at most for a command to time out
# (8 s here) and SCSI error handling to give up on it, once per path it was
# sent down; the bound leaves room for TCG and a busy host.
max_stall=60000
if [ "$outside" -gt "$max_stall" ]; then
	echo "--- fault log:"
	cat faults.log
	fail "no I/O completed for $outside ms while a path was usable (at most $max_stall)"
fi
mpxd_stop
dmsetup remove $map
sd_teardown
mpx_unload
