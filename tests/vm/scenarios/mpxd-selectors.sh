# A configured path_selector that lives in a module: mpxd loads the module
# (and says so), builds the table with the selector's per-path words, and
# "mpxctl show selectors" lists what the kernel has registered.
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
fio_verify "/dev/mapper/$map" 8m
mpxd_stop
dmsetup remove "$map"
rmmod dm_mpx_ps_historical_service_time
sd_teardown
log "show selectors with no map at all (a probe map of no paths)"
mpxd_start
mpxctl show selectors | grep -q "round-robin queue-length service-time" ||
	fail "show selectors without maps: $(mpxctl show selectors 2>&1)"
mpxd_stop
dmsetup ls | grep -q mpxd-probe && fail "the probe map was left behind"
true
