# Paths that vanish (their SCSI hosts removed) while I/O is held.
# - Kernel only, queue_if_no_path: fio keeps waiting after both hosts are
#   gone, dm-mpx refuses rmmod meanwhile, fail_if_no_path releases the held
#   I/O as errors, the map is removable, and then nothing pins scsi_debug or
#   dm-mpx any more: both unload and load again.
# - Kernel only, no_path_timeout 5: a read held when the hosts go fails
#   after about 5 s.
# - mpxd, no_path_retry queue: both hosts go under fio write+verify, the
#   open map stays (flush_on_last_del unused) with I/O held, two hosts come
#   back (new disks, the same LUN), mpxd adds them and fio completes and
#   verifies every block.
# - mpxd, flush_on_last_del yes: when the last host goes, held I/O fails
#   and mpxd removes the map.
mpx_load
sd_setup 2 64
n=$(sectors "${SD_PATHS[0]}")
# map_over NAME FEATURES: a map over the current scsi_debug disks
map_over() {
	local line="" d c=0
	for d in $(sd_paths_now | awk '{ print $2 }'); do
		line+=" $(devno "$d") 1"
		c=$((c + 1))
	done
	dmsetup create "$1" --table "0 $n mpx $2 0 1 1 round-robin 0 $c 1$line"
}
# held MAP: the bios the target holds for want of a path (stats message).
held() { dmsetup message "$1" 0 stats | awk '$1 == "map" { print $3 }'; }
# fio_held MAP: fio write+verify on MAP in the background (FIO_PID), once
# its I/O is under way
fio_held() {
	local m=$1 before
	before=$(diskstats_done "$(map_devno "$m")")
	fio --name=held --filename="/dev/mapper/$m" --direct=1 --ioengine=libaio --rw=randwrite \
		--bs=4k --iodepth=8 --size=16m --verify=crc32c --verify_fatal=1 \
		--do_verify=1 --output-format=terse --terse-version=3 > fio-held.out 2>&1 &
	FIO_PID=$!
	wait_for 30 "fio's I/O on $m" eval '[ "$(diskstats_done "$(map_devno "$m")")" != "$before" ]'
	kill -0 "$FIO_PID" 2> /dev/null || { cat fio-held.out; fail "fio ended at once"; }
}
hosts_gone() { [ "$(sd_count)" = 0 ]; }

log "kernel only: both hosts removed under fio with queue_if_no_path"
map_over rq "1 queue_if_no_path"
devs=$(map_path_devs rq)
fio_held rq
sd_host_remove
sd_host_remove
wait_for 30 "the scsi_debug disks to go" hosts_gone
wait_for 30 "both paths failed" eval '[ -z "$(map_usable rq)" ]'
wait_for 30 "fio's I/O held in the target" eval '[ "$(held rq)" -gt 0 ]'
kill -0 "$FIO_PID" 2> /dev/null || { cat fio-held.out; fail "fio ended while I/O should be held"; }
[ "$(map_path_devs rq)" = "$devs" ] || fail "the table changed by itself: $(dmsetup table rq)"
timeout 10 dmsetup status rq > /dev/null || fail "dmsetup status did not answer"
expect_fail "rmmod dm_mpx with a map holding I/O" rmmod dm_mpx
timeout 20 dmsetup message rq 0 fail_if_no_path || fail "fail_if_no_path was refused or hung"
wait_for 30 "fio to end once held I/O fails" eval '! kill -0 $FIO_PID'
if wait "$FIO_PID"; then fail "fio succeeded with both paths gone"; fi
grep -q "Input/output error" fio-held.out || { cat fio-held.out; fail "fio did not fail with EIO"; }
timeout 30 dmsetup remove rq || fail "the map could not be removed"
rmmod scsi_debug || fail "scsi_debug still pinned after the map went (a path reference leaked)"
mpx_unload
grep -qw dm_mpx /proc/modules && fail "dm_mpx still loaded"
mpx_load

log "kernel only: a read held when the hosts go fails after no_path_timeout"
sd_setup 2 64
map_over rt "3 queue_if_no_path no_path_timeout 5"
sd_host_remove
sd_host_remove
wait_for 30 "the scsi_debug disks to go" hosts_gone
held_read_start /dev/mapper/rt
held_read_wait 60
log "the held read ended after $HELD_MS ms with status $HELD_RC"
[ "$HELD_RC" != 0 ] || fail "the read succeeded with both paths gone"
[ "$HELD_MS" -ge 4500 ] && [ "$HELD_MS" -lt 30000 ] ||
	fail "the read failed after $HELD_MS ms, expected about 5 s"
timeout 30 dmsetup remove rt || fail "the map could not be removed"
sd_teardown

log "mpxd: both hosts go under fio, two come back, fio completes and verifies"
udev_start
sd_setup 2 64
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	checker_timeout 5
	find_multipaths yes
	no_path_retry queue
	user_friendly_names yes
	bindings_file "$PWD/bindings"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
CONF
mpxd_start
wait_for 60 "mpatha with both paths" map_all_active mpatha 2
wait_for 30 "/dev/mapper/mpatha to read" map_ready mpatha
fio_held mpatha
sd_host_remove
sd_host_remove
wait_for 30 "the scsi_debug disks to go" hosts_gone
wait_for 30 "mpxd to see the last path go" grep -q 'map "mpatha": last path gone' mpxd.log
wait_for 30 "fio's I/O held in the target" eval '[ "$(held mpatha)" -gt 0 ]'
kill -0 "$FIO_PID" 2> /dev/null || { cat fio-held.out; fail "fio ended while I/O should be held"; }
dmsetup info mpatha > /dev/null || fail "the open map was removed (flush_on_last_del unused)"
timeout 10 mpxctl show maps > /dev/null || fail "mpxctl did not answer"
new1=$(sd_host_add)
new2=$(sd_host_add)
[ -n "$new1" ] && [ -n "$new2" ] || fail "the re-added hosts have no disks"
log "hosts back: $new1 $new2"
wait_for 60 "mpxd to put $new1 and $new2 in mpatha" map_all_active mpatha 2
wait_for 120 "fio to complete" eval '! kill -0 $FIO_PID'
wait "$FIO_PID" || { cat fio-held.out; fail "fio failed across the removal and re-add"; }
_fio_check_errors fio-held.out
log "held I/O crossed the removal of every path and verified"

log "mpxd, flush_on_last_del yes: held I/O fails and the map goes with the last path"
sed -i 's/^\tno_path_retry queue$/&\n\tflush_on_last_del yes/' mpx.conf
mpxctl reconfigure > /dev/null || fail "reconfigure failed"
for d in $(sd_paths_now | awk '{ print $2 }'); do path_offline "$d"; done
held_read_start /dev/mapper/mpatha
wait_for 30 "the read held in the target" eval '[ "$(held mpatha)" = 1 ]'
held_read_running || fail "the read did not wait for a path"
sd_host_remove
sd_host_remove
wait_for 30 "the scsi_debug disks to go" hosts_gone
held_read_wait 30
[ "$HELD_RC" != 0 ] || fail "the held read succeeded with every path gone"
wait_for 30 "mpxd to remove mpatha" eval '! dmsetup info mpatha > /dev/null 2>&1'
mpxctl show maps > maps.out
grep -q mpatha maps.out && fail "mpxd still shows mpatha: $(cat maps.out)"
mpxd_stop
[ -z "$(mpx_maps)" ] || fail "maps left: $(mpx_maps)"
rmmod scsi_debug || fail "scsi_debug still pinned after the maps went"
mpx_unload
