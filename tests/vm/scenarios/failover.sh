# Failover in the data path: fio write+verify through mpx over 2 and then 4
# scsi_debug paths while paths go offline and come back again and again.
# Zero fio errors, zero verify failures, and the fail counts in the status
# add up to the failures injected.
mpx_load

# one_round MAP PATHS...: take the given paths offline, wait until I/O has
# failed them, bring them back and reinstate them.
one_round() {
	local map=$1 p d
	shift
	for p in "$@"; do
		path_offline "$p"
	done
	for p in "$@"; do
		d=$(devno "$p")
		wait_for 20 "path $d failed in $map" path_state_is "$map" "$d" F
	done
	for p in "$@"; do
		d=$(devno "$p")
		path_online "$p"
		dmsetup message "$map" 0 reinstate_path "$d"
		path_state_is "$map" "$d" A || fail "path $d not reinstated"
	done
}

run_case() {
	local nr=$1 rounds=$2 injected=0 i r sum=0 d line
	sd_setup "$nr" 64
	line="0 0 1 1 round-robin 0 $nr 1"
	for p in "${SD_PATHS[@]}"; do
		line+=" $(devno "$p") 1"
	done
	dmsetup create fo --table "0 $(sectors "${SD_PATHS[0]}") mpx $line"
	fio_bg_start /dev/mapper/fo
	d=$(diskstats_done "$(map_devno fo)")
	wait_for 60 "fio's I/O through fo" eval '[ "$(diskstats_done "$(map_devno fo)")" -gt $((d + 50)) ]'
	for ((r = 0; r < rounds; r++)); do
		i=$((r % nr))
		if [ "$nr" -ge 4 ] && [ $((r % 3)) = 2 ]; then
			# two paths at once; the other two carry the I/O
			one_round fo "${SD_PATHS[$i]}" "${SD_PATHS[$(((i + 1) % nr))]}"
			injected=$((injected + 2))
		else
			one_round fo "${SD_PATHS[$i]}"
			injected=$((injected + 1))
		fi
		sleep 0.5	# the pace of the faults, not a wait for anything
	done
	fio_bg_stop
	dmsetup status fo
	for p in "${SD_PATHS[@]}"; do
		d=$(devno "$p")
		sum=$((sum + $(path_fail_count fo "$d")))
		path_state_is fo "$d" A || fail "path $d did not end active"
	done
	[ "$sum" = "$injected" ] || fail "fail counts add up to $sum, injected $injected"
	log "$nr paths: $injected path failures injected and counted, no I/O error"
	dmsetup remove fo
	sd_teardown
}

run_case 2 6
run_case 4 9
mpx_unload
