# Suspend/resume and table reloads under I/O lose nothing: held I/O crosses
# a noflush suspend and a reload into the new table, in-flight I/O
# completes, and fio verifies every block. I/O that loses its last path
# during a noflush suspend waits for the new table even under
# fail_if_no_path, as with dm-mpath.
mpx_load
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
t1="0 $n mpx 1 queue_if_no_path 0 1 1 round-robin 0 2 1 $a 1 $b 1"
t2="0 $n mpx 1 queue_if_no_path 0 1 1 service-time 0 2 2 $a 1 1 $b 1 1"
dmsetup create sr --table "$t1"
# ios_done_over N: the map completed more than N reads and writes.
ios_done_over() { [ "$(diskstats_done "$(map_devno sr)")" -gt "$1" ]; }
# ios_grow: wait for the map to complete 50 more I/Os.
ios_grow() {
	local d0
	d0=$(diskstats_done "$(map_devno sr)")
	wait_for 60 "50 more I/Os through the map" ios_done_over $((d0 + 50))
}
# held: the bios the target holds for want of a path (stats message).
held() { dmsetup message sr 0 stats | awk '$1 == "map" { print $3 }'; }

log "suspend/resume and noflush reloads while I/O runs on healthy paths"
fio_bg_start /dev/mapper/sr
for i in 1 2 3; do
	ios_grow
	dmsetup suspend sr
	dmsetup resume sr
	ios_grow
	dmsetup suspend --noflush sr
	if [ $((i % 2)) = 1 ]; then dmsetup load sr --table "$t2"; else dmsetup load sr --table "$t1"; fi
	dmsetup resume sr
done
fio_bg_stop

log "held I/O crosses a noflush suspend and a reload"
fio --name=held --filename=/dev/mapper/sr --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=8 --size=16m --verify=crc32c --verify_fatal=1 \
	--do_verify=1 --output-format=terse --terse-version=3 > fio-held.out 2>&1 &
fio_pid=$!
ios_grow
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
wait_for 20 "both paths failed" eval 'path_state_is sr $a F && path_state_is sr $b F'
wait_for 20 "fio's writes held in the target" eval '[ "$(held)" -gt 0 ]'
dmsetup suspend --noflush sr
dmsetup load sr --table "$t1"
dmsetup resume sr
# the new table starts with both paths usable: held I/O fails them again
wait_for 20 "both paths failed in the new table" eval 'path_state_is sr $a F && path_state_is sr $b F'
wait_for 20 "fio's writes held in the new table" eval '[ "$(held)" -gt 0 ]'
kill -0 "$fio_pid" 2>/dev/null || { cat fio-held.out; fail "fio ended while no path was usable"; }
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup message sr 0 reinstate_path "$a"
dmsetup message sr 0 reinstate_path "$b"
wait "$fio_pid" || { cat fio-held.out; fail "fio failed after the reload"; }
_fio_check_errors fio-held.out
log "held I/O survived the reload and verified"

log "a flushing suspend with no path fails held I/O instead of hanging"
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
dd if=/dev/mapper/sr of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null &
dd_pid=$!
wait_for 20 "both paths failed" eval 'path_state_is sr $a F && path_state_is sr $b F'
wait_for 20 "the read held in the target" eval '[ "$(held)" = 1 ]'
timeout 30 dmsetup suspend sr || fail "flushing suspend hung"
if wait "$dd_pid"; then fail "held read succeeded with no path"; fi
dmsetup resume sr
dmsetup table sr | grep -q " mpx 1 queue_if_no_path " || fail "queue_if_no_path not restored at resume"
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup remove sr

log "fail_if_no_path: I/O that loses its last path in a noflush suspend waits for the new table"
# As with dm-mpath, a noflush suspend hands such I/O back to dm core, which
# reissues it to the table loaded meanwhile; only outside a reload does it
# fail. The only usable path is a dm-linear gate over the disk, suspended
# so that it holds the read until the map's noflush suspend has begun; then
# the gate opens onto the disk, offline by now, and the read fails there.
dmsetup create gate --table "0 $n linear /dev/${SD_PATHS[0]} 0"
s=$(dmsetup info -c --noheadings -o major,minor gate | tr -d ' ')
t3="0 $n mpx 0 0 1 1 round-robin 0 2 1 $s 1 $b 1"
dmsetup create fnp --table "$t3"
dmsetup message fnp 0 fail_path "$b"
dmsetup suspend gate
dd if=/dev/mapper/fnp of=/dev/null bs=4k count=1 iflag=direct 2> dd-fnp.err &
dd_pid=$!
path_in_flight() {
	dmsetup message fnp 0 stats | awk -v d="$1" '$1 == "path" && $2 == d {
		for (i = 3; i < NF; i++) if ($i == "in_flight") print $(i + 1) }'
}
wait_for 30 "the read held at the gate" eval '[ "$(path_in_flight "$s")" = 1 ]'
path_offline "${SD_PATHS[0]}"
dmsetup suspend --noflush fnp &
sus_pid=$!
# the suspend waits in dm core for the read on the path
wait_for 30 "the noflush suspend of fnp under way" grep -q dm_suspend "/proc/$sus_pid/stack"
dmsetup resume gate
wait_for 30 "the noflush suspend to finish" sh -c "! kill -0 $sus_pid 2> /dev/null"
wait "$sus_pid" || fail "the noflush suspend failed"
path_state_is fnp "$s" F || fail "the gated path did not fail under the read: $(dmsetup status fnp)"
kill -0 "$dd_pid" 2> /dev/null || { cat dd-fnp.err; fail "the read ended (failed) during the noflush suspend"; }
path_online "${SD_PATHS[0]}"
dmsetup load fnp --table "$t3"
dmsetup resume fnp
wait_for 20 "the handed-back read to finish in the new table" sh -c "! kill -0 $dd_pid 2> /dev/null"
wait "$dd_pid" || { cat dd-fnp.err; fail "the read handed back at the noflush suspend failed"; }
dmsetup remove fnp
dmsetup remove gate
sd_teardown
mpx_unload
