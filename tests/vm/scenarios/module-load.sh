# dm-mpx.ko loads, registers the "mpx" target with its version, refuses to
# unload while a map uses it, and unloads and reloads cleanly.
mpx_load
dmsetup targets | grep -E '^mpx +v1\.3\.0$' || fail "mpx v1.3.0 not in 'dmsetup targets'"
dmesg_has 'device-mapper: mpx: version 1\.3\.0 loaded' || fail "no load message"

sd_setup 1 16
a=$(devno "${SD_PATHS[0]}")
dmsetup create m0 --table "0 $(sectors "${SD_PATHS[0]}") mpx 0 0 1 1 round-robin 0 1 0 $a"
expect_fail "rmmod while a map exists" rmmod dm_mpx
dmsetup remove m0
mpx_unload
grep -qw dm_mpx /proc/modules && fail "dm_mpx still loaded"
mpx_load
mpx_unload
