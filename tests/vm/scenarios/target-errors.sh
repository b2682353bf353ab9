# Errors that are not the path's fault (here a medium error) go straight
# back to the submitter: the path stays usable, no failover, and the stats
# count a target error. Path errors on the same map still fail over. The
# status shows each path's last error class and error count.
mpx_load
# scsi_debug opts=2: medium error on reads of sectors 4096..4103
sd_setup 2 16 opts=2 medium_error_start=4096 medium_error_count=8
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
dmsetup create te --table "0 $n mpx 1 queue_if_no_path 0 1 1 round-robin 0 2 1 $a 1 $b 1"

dd if=/dev/mapper/te of=/dev/null bs=512 skip=4096 count=1 iflag=direct 2> dd.err &&
	fail "read of a medium error succeeded"
grep -q "Input/output error\|No data available" dd.err || { cat dd.err; fail "unexpected error"; }
path_state_is te "$a" A || fail "a medium error failed path $a"
path_state_is te "$b" A || fail "a medium error failed path $b"
targ=$(dmsetup message te 0 stats | awk '$1 == "path" { s += $18 } END { print s }')
[ "$targ" -ge 1 ] || fail "no target error counted: $(dmsetup message te 0 stats)"
# the status names the class and counts it on the path that carried the read
dmsetup status te | grep -qE " [0-9]+:[0-9]+ A 0 medium 1 " ||
	fail "no medium error in the status: $(dmsetup status te)"
dmsetup message te 0 stats | grep -q " target_errors 1 last_error medium$" ||
	fail "no medium error in the stats: $(dmsetup message te 0 stats)"
# and the rest of the device reads fine
dd if=/dev/mapper/te of=/dev/null bs=4k count=256 iflag=direct || fail "good reads failed"
# a path error fails the path and says why: the device went offline under a read
path_offline "${SD_PATHS[0]}"
dd if=/dev/mapper/te of=/dev/null bs=4k count=64 iflag=direct || fail "reads did not fail over"
path_state_is te "$a" F || fail "offline path $a not failed: $(dmsetup status te)"
dmsetup status te | grep -qE " $a F 1 (offline|io|transport) [1-9][0-9]* " ||
	fail "the failed path's cause is not shown: $(dmsetup status te)"
log "status: $(dmsetup status te)"
path_online "${SD_PATHS[0]}"
dmsetup remove te
sd_teardown
mpx_unload
