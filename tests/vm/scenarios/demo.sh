# The README's demo: a multipath device over one scsi_debug LUN seen through
# two SCSI hosts, I/O running through it while one path goes away and comes
# back, with dmsetup table/status along the way. Also run as a test.
show() { echo; echo "\$ $*"; "$@"; }

mpx_load
sd_setup 2 128
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
log "one LUN, two paths: /dev/${SD_PATHS[0]} ($a) and /dev/${SD_PATHS[1]} ($b)"
show dmsetup create demo --table "0 $n mpx 1 queue_if_no_path 0 1 1 service-time 0 2 2 $a 1 1 $b 1 1"
show dmsetup table demo
show dmsetup status demo

log "writing and verifying 64 MiB through /dev/mapper/demo in the background"
fio --name=demo --filename=/dev/mapper/demo --direct=1 --ioengine=libaio \
	--rw=randwrite --bs=4k --iodepth=16 --size=64m --verify=crc32c \
	--verify_fatal=1 --do_verify=1 --output-format=terse --terse-version=3 \
	> fio.out 2>&1 &
fio_pid=$!
wait_for 20 "fio's I/O through both paths" eval \
	'[ "$(path_ios demo "$a")" -gt 100 ] && [ "$(path_ios demo "$b")" -gt 100 ]'
log "taking path ${SD_PATHS[0]} offline"
path_offline "${SD_PATHS[0]}"
# mpx notices by itself, from the I/O errors: no daemon runs here
wait_for 20 "mpx to fail $a" path_state_is demo "$a" F
show dmsetup status demo
[ "$(path_fail_count demo "$a")" -ge 1 ] || fail "no failure counted for $a"
ib=$(path_ios demo "$b")
wait_for 20 "I/O to go on through $b" eval '[ "$(path_ios demo "$b")" -gt $((ib + 100)) ]'
kill -0 "$fio_pid" 2> /dev/null || fail "fio ended before I/O was seen going on through $b"
show mpxctl show paths
log "bringing ${SD_PATHS[0]} back and reinstating it"
path_online "${SD_PATHS[0]}"
show dmsetup message demo 0 reinstate_path "$a"
show dmsetup status demo
path_state_is demo "$a" A || fail "$a not active after reinstate_path"
wait "$fio_pid" || { cat fio.out; fail "fio failed"; }
_fio_check_errors fio.out
log "fio wrote and verified 64 MiB with no error while a path failed"
show dmsetup message demo 0 stats
show dmsetup remove demo
mpx_unload
