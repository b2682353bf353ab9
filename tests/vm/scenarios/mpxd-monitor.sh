# mpxd watches mpx maps and logs what the target does: maps appearing,
# paths failing and coming back, maps going away. It stops cleanly.
mpx_load
sd_setup 2 16
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
mpxd > mpxd.log 2>&1 &
mpxd_pid=$!
wait_for 10 "mpxd started" grep -q "started" mpxd.log

dmsetup create mon --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
wait_for 10 "map logged" grep -q 'map "mon": 2 of 2 paths usable' mpxd.log
path_offline "${SD_PATHS[0]}"
dd if=/dev/mapper/mon of=/dev/null bs=4k count=16 iflag=direct
wait_for 10 "failure logged" grep -q "map \"mon\": path $a failed (1 of 2 usable)" mpxd.log
path_online "${SD_PATHS[0]}"
dmsetup message mon 0 reinstate_path "$a"
wait_for 10 "reinstatement logged" grep -q "map \"mon\": path $a reinstated (2 of 2 usable)" mpxd.log
dmsetup message mon 0 fail_path "$a"
dmsetup message mon 0 fail_path "$b"
wait_for 10 "no path logged" grep -q 'map "mon": no usable path' mpxd.log
dmsetup remove mon
wait_for 10 "removal logged" grep -q 'map "mon": removed' mpxd.log
kill -TERM "$mpxd_pid"
wait "$mpxd_pid" || fail "mpxd exited with $? on SIGTERM"
grep -q "stopping on signal 15" mpxd.log || fail "no stop message"
cat mpxd.log
sd_teardown
mpx_unload
