# A configured path_selector that lives in a module: mpxd loads the module
# (and says so), builds the table with the selector's per-path words, and
# "mpxctl show selectors" lists what the kernel has registered. Syncs, and
# a restart of mpxd, leave such a map's table alone (the kernel keeps the
# same table object: a path's fail count survives them); "show topology"
# prints the kernel's table, not the configuration; rr_weight priorities
# writes each path's repeat count times its priority into the table mpxd
# loads.
mpx_install_modules
modprobe dm-mpx || fail "modprobe dm-mpx failed"
udev_start
sd_setup 2 32
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	path_grouping_policy multibus
	path_selector "historical-service-time 0"
}
CONF
mpxd_start
wait_for 30 "the map" eval 'dmsetup ls --target mpx | grep -q 3333'
map=$(dmsetup ls --target mpx | awk '{print $1}')
dmsetup table "$map" | tee table.txt
grep -q "historical-service-time 2 972 0 2 1 $(devno "${SD_PATHS[0]}") 0 $(devno "${SD_PATHS[1]}") 0 " table.txt ||
	fail "unexpected table: $(cat table.txt)"
grep -q 'selector "historical-service-time": loaded module dm-mpx-ps-historical-service-time' mpxd.log ||
	fail "mpxd did not say it loaded the module"
mpxctl show selectors | tee selectors.txt
grep -q "historical-service-time" selectors.txt || fail "not listed by show selectors"
grep -q "loaded by mpxd: dm-mpx-ps-historical-service-time" selectors.txt || fail "not marked as loaded by mpxd"

log "syncs leave the module selector's map alone"
dev1=$(devno "${SD_PATHS[1]}")
dmsetup message "$map" 0 fail_path "$dev1"
wait_for 10 "mpxd to reinstate $dev1" path_state_is "$map" "$dev1" A
[ "$(path_fail_count "$map" "$dev1")" = 1 ] || fail "fail count of $dev1: $(dmsetup status "$map")"
for i in 1 2 3; do
	mpxctl reconfigure > /dev/null	# each marks every map dirty and syncs it
done
[ "$(grep -c 'configuration reloaded' mpxd.log)" = 3 ] || fail "three reconfigurations expected"
grep 'reloaded:' mpxd.log && fail "the map was reloaded by a sync that changed nothing"
# a new table would have new paths, counting from 0
[ "$(path_fail_count "$map" "$dev1")" = 1 ] || fail "the kernel's table was replaced: $(dmsetup status "$map")"
dmsetup table "$map" | cmp -s - table.txt || fail "table changed: $(dmsetup table "$map")"
log "nor does a restart, which finds the table in the module's own words"
mpxd_stop
echo "--- restart" >> mpxd.log
mpxd_start	# answers once the adopted map has been synced
sed -n '/^--- restart/,$p' mpxd.log | grep -q "map \"$map\" adopted" || fail "the map was not adopted"
mpxctl reconfigure > /dev/null
sed -n '/^--- restart/,$p' mpxd.log | grep -E 'reloaded:|created:' && fail "the adopted map was loaded again"
[ "$(path_fail_count "$map" "$dev1")" = 1 ] || fail "the kernel's table was replaced: $(dmsetup status "$map")"
dmsetup info "$map" | grep -q "Tables present: *LIVE$" || fail "an inactive table was left: $(dmsetup info "$map")"

log "show topology prints the kernel's table"
mpxctl show topology | tee topology.txt
params=$(dmsetup table "$map" | cut -d' ' -f4-)
kfeat=$(echo "$params" | awk '{ s = $1; for (i = 2; i <= $1 + 1; i++) s = s " " $i; print s }')
khw=$(echo "$params" | awk '{ h = $1 + 2; s = $h; for (i = h + 1; i < h + 1 + $h; i++) s = s " " $i; print s }')
grep -qF "features='$kfeat' hwhandler='$khw'" topology.txt ||
	fail "topology's features/handler are not the table's ('$kfeat' / '$khw')"
# configured "historical-service-time 0"; the module prints its defaults
grep -qF "policy='historical-service-time 2 972 0' status=active" topology.txt ||
	fail "topology does not show the table's selector words"
for p in "${SD_PATHS[@]}"; do
	grep -qE "[|\`]- [0-9:]+ $p $(devno "$p") active ready" topology.txt ||
		fail "topology does not show $p in the table's group"
done
mpxctl --json show topology > topology.json
python3 - "$params" <<'PY' || fail "show topology --json: kernel_table is not the kernel's table"
import json, sys
m = json.load(open("topology.json"))["maps"][0]
assert m["kernel_table"].split() == sys.argv[1].split(), m["kernel_table"]
PY
fio_verify "/dev/mapper/$map" 8m
mpxd_stop
dmsetup remove "$map"
rmmod dm_mpx_ps_historical_service_time

log "rr_weight priorities: repeat counts weighed by priority in the table mpxd loads"
# scsi_debug's two hosts report ALUA optimized and non-optimized to the
# alua device handler, which must be there when the disks appear
sd_teardown
modprobe scsi_dh_alua
sd_setup 2 32
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	path_grouping_policy multibus
	path_selector "round-robin 0"
	prio alua
	rr_min_io_rq 2
	rr_weight priorities
}
CONF
echo "--- rr_weight" >> mpxd.log
klog_mark
mpxd_start
wait_for 30 "the map" eval 'dmsetup ls --target mpx | grep -q 3333'
map=$(dmsetup ls --target mpx | awk '{print $1}')
mpxctl show paths | tee paths.txt
want=""
for p in "${SD_PATHS[@]}"; do
	prio=$(awk -v d="$p" '$2 == d { print $4 }' paths.txt)
	[ "$prio" -gt 1 ] || fail "$p has priority '$prio': the test needs ALUA priorities above 1"
	want="$want $(devno "$p") $((2 * prio))"
done
loaded=$(sed -n '/^--- rr_weight/,$p' mpxd.log | grep -o "created: .*table \".*\"" | sed 's/.*table "\(.*\)"/\1/')
case " $loaded " in *"round-robin 0 2 1$want "*) ;; *) fail "table loaded: '$loaded', want the paths '$want'" ;; esac
mpxctl show maps | grep -qF "round-robin 0 2 1$want" || fail "show maps does not show the weighted table"
# the target, as dm-mpath, takes a count above 1 as 1, and says so
dmsetup table "$map" | grep -q "round-robin 0 2 1 $(devno "${SD_PATHS[0]}") 1 $(devno "${SD_PATHS[1]}") 1 " ||
	fail "kernel table: $(dmsetup table "$map")"
klog_since | grep -q "repeat_count > 1 is deprecated, using 1 instead" ||
	fail "the target did not get the weighted repeat counts"
mpxd_stop
dmsetup remove "$map"
sd_teardown
log "show selectors with no map at all (a probe map of no paths)"
mpxd_start
mpxctl show selectors | grep -q "round-robin queue-length service-time" ||
	fail "show selectors without maps: $(mpxctl show selectors 2>&1)"
mpxd_stop
dmsetup ls | grep -q mpxd-probe && fail "the probe map was left behind"
true
