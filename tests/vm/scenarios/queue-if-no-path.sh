# All paths down: with queue_if_no_path, I/O waits and completes intact once
# a path is back; with no_path_timeout 5 it fails after about 5 s (not
# before), suspends and resumes meanwhile change nothing of that, and the
# map can still be removed.
mpx_load
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
# held MAP: the bios the target holds for want of a path (stats message).
held() { dmsetup message "$1" 0 stats | awk '$1 == "map" { print $3 }'; }
# ios_done_over MAP N: the map completed more than N reads and writes.
ios_done_over() { [ "$(diskstats_done "$(map_devno "$1")")" -gt "$2" ]; }

log "queue_if_no_path: I/O waits for a path"
dmsetup create q --table "0 $n mpx 1 queue_if_no_path 0 1 1 round-robin 0 2 1 $a 1 $b 1"
fio --name=q --filename=/dev/mapper/q --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=8 --size=16m --verify=crc32c --verify_fatal=1 \
	--do_verify=1 --output-format=terse --terse-version=3 > fio-q.out 2>&1 &
fio_pid=$!
wait_for 60 "fio's writes through the map" ios_done_over q 50
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
wait_for 20 "both paths failed" eval 'path_state_is q $a F && path_state_is q $b F'
wait_for 20 "fio's writes held in the target" eval '[ "$(held q)" -gt 0 ]'
kill -0 "$fio_pid" 2>/dev/null || { cat fio-q.out; fail "fio ended while no path was usable"; }
# ioctls wait too: SG_IO through the map must not fail meanwhile
timeout 2 sg_inq /dev/mapper/q > /dev/null 2>&1 && fail "sg_inq succeeded with no path"
log "$(held q) I/Os held with no path; bringing paths back"
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup message q 0 reinstate_path "$a"
dmsetup message q 0 reinstate_path "$b"
wait "$fio_pid" || { cat fio-q.out; fail "fio failed after the paths came back"; }
_fio_check_errors fio-q.out
sg_inq /dev/mapper/q > /dev/null || fail "sg_inq through the map failed"
log "held I/O completed and verified"

log "fail_if_no_path releases held I/O as errors"
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
dd if=/dev/mapper/q of=/dev/null bs=4k count=1 iflag=direct 2> dd1.err &
dd_pid=$!
wait_for 20 "both paths failed" eval 'path_state_is q $a F && path_state_is q $b F'
wait_for 20 "the read held in the target" eval '[ "$(held q)" = 1 ]'
kill -0 "$dd_pid" 2>/dev/null || fail "read did not wait with queue_if_no_path"
dmsetup message q 0 fail_if_no_path
if wait "$dd_pid"; then fail "held read succeeded with no path"; fi
dmsetup table q | grep -q "^0 $n mpx 0 " || fail "queue_if_no_path still in table: $(dmsetup table q)"
dmsetup remove q

log "no_path_timeout 5: held I/O fails after about 5 s"
# sd refuses to open an offline disk: load the table while the paths are up
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup create t --table "0 $n mpx 3 queue_if_no_path no_path_timeout 5 0 1 1 round-robin 0 2 1 $a 1 $b 1"
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
start=$(date +%s%N)
if dd if=/dev/mapper/t of=/dev/null bs=4k count=1 iflag=direct 2> dd2.err; then
	fail "read succeeded with no path"
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
log "read failed after ${ms} ms"
[ "$ms" -ge 4500 ] || fail "read failed after $ms ms, before the 5 s timeout"
[ "$ms" -lt 30000 ] || fail "read took $ms ms to fail, far beyond 5 s"
dmesg_has "no_path_timeout" || fail "no log line for the expired timeout"
# while the episode lasts, new I/O fails at once instead of waiting again
start=$(date +%s%N)
dd if=/dev/mapper/t of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null && fail "read succeeded"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "a read after the timeout waited $ms ms"
dmsetup remove t || fail "map with no path could not be removed"

log "suspends and resumes neither restart nor undo no_path_timeout 5"
# Daemons reload tables (a noflush suspend and a resume) whenever paths
# change: the wait counts from the last path's failure all the same.
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup create t --table "0 $n mpx 3 queue_if_no_path no_path_timeout 5 0 1 1 round-robin 0 2 1 $a 1 $b 1"
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
start=$(date +%s%N)
dmsetup message t 0 fail_path "$a"
dmsetup message t 0 fail_path "$b"
rm -f dd3.end
( rc=0; dd if=/dev/mapper/t of=/dev/null bs=4k count=1 iflag=direct 2> dd3.err || rc=$?
  date +%s%N > dd3.end; exit $rc ) &
dd_pid=$!
cycles=0
while kill -0 "$dd_pid" 2> /dev/null && [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 30000 ]; do
	dmsetup suspend --noflush t
	dmsetup resume t
	cycles=$((cycles + 1))
	sleep 0.5
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -0 "$dd_pid" 2> /dev/null && fail "a held read still waits after $ms ms and $cycles suspend/resume cycles"
if wait "$dd_pid"; then fail "held read succeeded with no path"; fi
ms=$(( ($(cat dd3.end) - start) / 1000000 ))
log "held read failed ${ms} ms after the last path, across $cycles suspend/resume cycles"
[ "$ms" -ge 4500 ] || fail "read failed after $ms ms, before the 5 s timeout"
[ "$ms" -lt 15000 ] || fail "read failed after $ms ms, long after the 5 s timeout"
[ "$cycles" -ge 2 ] || fail "only $cycles suspend/resume cycles: the case tested nothing"
dmsetup message t 0 stats | grep -q '^map held 0 queue_if_no_path 1 no_path_expired 1$' ||
	fail "expiry not reported: $(dmsetup message t 0 stats | grep '^map')"
dmsetup suspend --noflush t
dmsetup resume t
start=$(date +%s%N)
dd if=/dev/mapper/t of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null && fail "read succeeded"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "after the timeout and a resume, a read waited $ms ms"
dmsetup remove t

log "after a path is back, a new episode queues again"
path_online "${SD_PATHS[0]}"
path_online "${SD_PATHS[1]}"
dmsetup create t --table "0 $n mpx 3 queue_if_no_path no_path_timeout 5 0 1 1 round-robin 0 2 1 $a 1 $b 1"
path_offline "${SD_PATHS[0]}"
path_offline "${SD_PATHS[1]}"
dd if=/dev/mapper/t of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null &
dd_pid=$!
wait_for 20 "the read held in the target" eval '[ "$(held t)" = 1 ]'
path_online "${SD_PATHS[0]}"
dmsetup message t 0 reinstate_path "$a"
wait "$dd_pid" || fail "read failed although a path came back within the timeout"
dmsetup remove t
path_online "${SD_PATHS[1]}"
sd_teardown
mpx_unload
