# A path whose checks pass while its I/O fails is held out as marginal,
# and brought back after it is fixed and has carried test reads cleanly.
#
# One LUN through two tcm_loop paths, each its own LIO iblock backstore
# (same unit serial, so one WWID) over its own device-mapper device on the
# same null_blk disk: "good" is dm-linear, "bad" is dm-flakey when broken.
# LIO answers TEST UNIT READY itself, so the bad path's TURs pass while
# its reads and writes fail: the kernel target fails it on I/O, mpxd's
# checker says it is up. Without marginal_path_* mpxd would reinstate it
# and see it fail again for ever; with them it holds it out, samples it
# with test reads, and reinstates it once they pass.
mpx_load
udev_start
# every failed read is logged: on the serial console under TCG that costs
# seconds (dmesg keeps it all)
dmesg -n 1
nullb_setup 1
modprobe -a dm_flakey target_core_mod target_core_iblock tcm_loop ||
	fail "modprobe dm_flakey / LIO modules failed"
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config ||
	fail "cannot mount configfs"
wait_for 10 "LIO configfs" test -d "$LIO_CFS/core"
n=$(blockdev --getsz /dev/nullb0)
dmsetup create mgood --table "0 $n linear /dev/nullb0 0" || fail "cannot create mgood"
dmsetup create mbad --table "0 $n linear /dev/nullb0 0" || fail "cannot create mbad"

# export DM-NAME as path I: an iblock backstore on it, through tcm_loop port I
PATHS=()
export_path() {
	local i=$1 dm=$2 bs=$LIO_CFS/core/iblock_0/$2
	local tpg="$LIO_CFS/loopback/$(lio_target_wwn "$i")/tpgt_1" addr sdev
	mkdir -p "$bs" || fail "cannot create backstore $bs"
	echo "udev_path=/dev/mapper/$dm" > "$bs/control"
	echo 1 > "$bs/enable" || fail "cannot enable backstore $bs"
	echo "$LIO_SERIAL" > "$bs/wwn/vpd_unit_serial" || fail "cannot set $bs's serial"
	mkdir -p "$tpg" && echo "$(lio_initiator_wwn "$i")" > "$tpg/nexus" ||
		fail "cannot create tcm_loop port $i"
	mkdir "$tpg/lun/lun_0" && ln -s "$bs" "$tpg/lun/lun_0/$dm" || fail "cannot export $dm"
	addr=$(cat "$tpg/address")
	sdev=/sys/class/scsi_device/$addr:0/device
	wait_for 20 "the sd device of $dm" _lio_has_disk "$sdev"
	PATHS+=("$(basename "$(echo "$sdev"/block/sd*)")")
}
export_path 0 mgood
export_path 1 mbad
good=${PATHS[0]} bad=${PATHS[1]}
log "paths: $good (good), $bad (bad)"

cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 2
	marginal_path_double_failed_time 60
	marginal_path_err_sample_time 2
	marginal_path_err_rate_threshold 0
	marginal_path_err_recheck_gap_time 1
}
overrides {
	path_grouping_policy multibus
	path_selector "round-robin 0"
	path_checker tur
	no_path_retry queue
}
CONF
mpxd_start
wait_for 30 "the map" eval '[ -n "$(dmsetup ls --target mpx | awk "NR == 1 { print \$1 }")" ]'
map=$(dmsetup ls --target mpx | awk 'NR == 1 { print $1 }')
gd=$(devno "$good") bd=$(devno "$bad")
dmsetup table "$map" | grep -q " $gd .* $bd \| $bd .* $gd " || fail "not both paths in one group: $(dmsetup table "$map")"
wait_for 15 "both paths active" eval '[ "$(mpxctl_path_state "$good")" = active ] && [ "$(mpxctl_path_state "$bad")" = active ]'

# marginal DEV FIELD: a field of the path's "marginal" JSON object
marginal() {
	mpxctl --json show paths | python3 -c 'import json, sys
for p in json.load(sys.stdin)["paths"]:
	if p["dev"] == sys.argv[1]:
		print(p["marginal"][sys.argv[2]])' "$1" "$2"
}
[ "$(marginal "$bad" state)" = no ] || fail "$bad marginal before anything happened"

log "the bad path's I/O fails, its TURs pass"
fio_bg_start "/dev/mapper/$map" --size=4m
wait_for 20 "I/O on both paths" eval '[ "$(path_ios "$map" "$bd")" -gt 20 ] && [ "$(path_ios "$map" "$gd")" -gt 20 ]'
dmsetup load mbad --table "0 $n flakey /dev/nullb0 0 0 3600" && dmsetup resume mbad ||
	fail "cannot break mbad"
sg_turs "/dev/$bad" || fail "TUR through the broken path fails: it would not be marginal"
wait_for 30 "$bad held out as marginal" eval '[ "$(mpxctl_path_state "$bad")" = marginal ]'
grep -q "path $bad ($bd) fails I/O while its checks pass: held out as marginal" mpxd.log ||
	fail "no log of $bad being held out"
[ "$(marginal "$bad" episodes)" -ge 1 ] || fail "JSON: no marginal episode counted"
mpxctl show paths
# held: its TURs pass, yet the kernel never gets it back (no fail/reinstate loop)
f=$(path_fail_count "$map" "$bd")
for _ in 1 2 3 4 5 6 7 8; do	# a span of several checks: each must leave it out
	sleep 1
	path_state_is "$map" "$bd" F || fail "the marginal path $bd was reinstated: $(dmsetup status "$map")"
done
[ "$(path_fail_count "$map" "$bd")" = "$f" ] || fail "$bd was failed again while held out"
grep -q "marginal path $bad: [0-9]* of [0-9]* test reads failed (1000 per thousand), held out for" mpxd.log ||
	fail "no bad sample of test reads logged"
[ "$(path_state "$map" "$gd")" = A ] || fail "the good path $gd is not active"

log "fixed: back after clean test reads"
dmsetup load mbad --table "0 $n linear /dev/nullb0 0" && dmsetup resume mbad || fail "cannot fix mbad"
mark=$(wc -l < mpxd.log)
wait_for 30 "$bad back in service" eval '[ "$(mpxctl_path_state "$bad")" = active ]'
tail -n +"$((mark + 1))" mpxd.log | grep -q "marginal path $bad: 0 of [1-9][0-9]* test reads failed, back in service" ||
	fail "$bad came back without a clean sample"
[ "$(marginal "$bad" state)" = no ] || fail "JSON: $bad still marginal"
[ "$(marginal "$bad" last_rate)" = 0 ] || fail "JSON: the last sample's rate is not 0"
i=$(path_ios "$map" "$bd")
wait_for 20 "I/O through $bad again" eval '[ "$(path_ios "$map" "$bd")" -gt $((i + 20)) ]'
fio_bg_stop
mpxd_stop
dmsetup remove "$map"
mpx_unload
