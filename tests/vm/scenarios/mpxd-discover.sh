# mpxd end to end: it finds a scsi_debug LUN seen through two hosts and
# makes its map; fio write+verify runs while a path goes offline (mpxd
# fails it within polling_interval + checker_timeout) and comes back
# (reinstated within one interval); a host is added and removed (map
# reloaded, no I/O error); mpxd is killed with SIGKILL and restarted under
# load (the map is adopted, not recreated). Before mpxd runs, its udev
# helper takes the paths of a LUN it never saw because there are two, and
# not a LUN's only eligible path (find_multipaths yes).
mpx_load
udev_start
# the udev rule mpx installs, for the /dev/disk/by-id link
mkdir -p /run/udev/rules.d
cp "$MPX_BUILD/conf/56-mpx.rules" /run/udev/rules.d/
install -D "$MPX_BUILD/daemon/mpx-udev" "$(pkg-config --variable=udevdir udev)/mpx-udev"
udevadm control --reload
sd_setup 2 64
a=${SD_PATHS[0]}; b=${SD_PATHS[1]}
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	checker_timeout 5
	user_friendly_names yes
	bindings_file "$PWD/bindings"
	no_path_retry queue
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
CONF

log "before mpxd: the udev helper finds the LUN's second path (find_multipaths yes)"
# the WWID is new to wwids_file: a path is taken because the LUN has two
cp mpx.conf fm.conf
printf 'defaults {\n\twwids_file "%s/wwids"\n}\n' "$PWD" >> fm.conf
claims() { mpx-udev -c fm.conf --config-dir "$PWD/none" path "$1"; }
for p in "$a" "$b"; do
	claims "$p" | tee "claim-$p.txt"
	grep -qx "DM_MULTIPATH_DEVICE_PATH=1" "claim-$p.txt" ||
		fail "mpx-udev does not take $p, one of two paths of a new LUN"
done
# with b blacklisted, a is the LUN's only eligible path: not taken
printf 'blacklist {\n\tdevnode "^%s$"\n}\n' "$b" >> fm.conf
claims "$a" | tee claim-single.txt
grep -qx "DM_MULTIPATH_DEVICE_PATH=0" claim-single.txt ||
	fail "mpx-udev takes $a, the only eligible path of its LUN"

mpxd_start
wait_for 30 "map mpatha" dmsetup info mpatha
dmsetup table mpatha | tee table.txt
grep -q " $(devno "$a") " table.txt && grep -q " $(devno "$b") " table.txt ||
	fail "mpatha does not use both paths: $(cat table.txt)"
grep -q "^mpatha " bindings || fail "no binding written"
wwid=$(awk '$1 == "mpatha" { print $2 }' bindings)
wait_for 10 "the udev rule's /dev/disk/by-id/mpx-$wwid" test -b "/dev/disk/by-id/mpx-$wwid"
# multipath -ll's shape: the map, its size, an active group, both paths
# active and checked ready
wait_for 10 "mpxd to have checked both paths" eval \
	'[ "$(mpxctl show topology | grep -c " active ready prio=")" = 2 ]'
mpxctl show topology | tee topology.txt
grep -q "^mpatha ($wwid) Linux,scsi_debug$" topology.txt || fail "show topology: no line for mpatha ($wwid)"
grep -q "^size=64M features='[^']*' hwhandler='[^']*'$" topology.txt ||
	fail "show topology: not the map's size and features"
grep -q "^.-+- policy='[^']*' status=active$" topology.txt || fail "show topology: no active group"
for p in "$a" "$b"; do
	grep -qE "^. .- [0-9:]+ $p $(devno "$p") active ready prio=[0-9]+$" topology.txt ||
		fail "show topology: $p is not shown active and ready"
done
mpxctl --json show paths > paths.json
python3 -c 'import json,sys; d=json.load(open("paths.json")); assert len(d["paths"]) >= 2' ||
	fail "show paths --json is not the expected JSON"

log "a path goes offline under I/O"
fio_bg_start /dev/mapper/mpatha
map_ios() { echo $(( $(path_ios mpatha "$(devno "$a")") + $(path_ios mpatha "$(devno "$b")") )); }
wait_for 20 "fio's writes through mpatha" eval '[ "$(map_ios)" -gt 50 ]'
t0=$(date +%s%N)
path_offline "$a"
wait_for 10 "mpxd to show $a failed" eval '[ "$(mpxctl_path_state '"$a"')" = failed ]'
log "$a failed after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
path_online "$a"
t0=$(date +%s%N)
wait_for 10 "mpxd to reinstate $a" eval '[ "$(mpxctl_path_state '"$a"')" = active ]'
log "$a reinstated after $(( ($(date +%s%N) - t0) / 1000000 )) ms"

log "a third host appears, then goes"
echo 1 > /sys/bus/pseudo/drivers/scsi_debug/add_host
wait_for 30 "three paths in mpatha" eval '[ "$(dmsetup table mpatha | grep -o "8:[0-9]*" | wc -l)" = 3 ]'
echo -1 > /sys/bus/pseudo/drivers/scsi_debug/add_host
wait_for 30 "two paths in mpatha" eval '[ "$(dmsetup table mpatha | grep -o "8:[0-9]*" | wc -l)" = 2 ]'

log "mpxd killed with SIGKILL under load, then restarted"
kill -KILL "$MPXD_PID"
wait "$MPXD_PID" 2>/dev/null || [ $? = 137 ] || fail "mpxd did not die of SIGKILL"
echo "--- restart" >> mpxd.log
mpxd_start
wait_for 30 "adoption" eval "sed -n '/^--- restart/,\$p' mpxd.log | grep -q 'map \"mpatha\" adopted'"
sed -n '/^--- restart/,$p' mpxd.log | grep -q 'map "mpatha" created' &&
	fail "mpatha was recreated, not adopted"
i0=$(map_ios)
wait_for 20 "fio's writes to go on after the restart" eval '[ "$(map_ios)" -gt $((i0 + 50)) ]'
fio_bg_stop
mpxd_stop
cat mpxd.log
dmsetup remove mpatha
sd_teardown
mpx_unload
