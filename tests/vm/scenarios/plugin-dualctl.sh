# The vendor-style policy module: it claims its array by vendor/product
# (over the generic alua module), puts the primary controller's paths
# first, and when a path fails, fails every path through the same target
# port at once, for the other LUN too (affected_paths).
mpx_load
udev_start
LIO_VENDOR=MPXDEMO LIO_PRODUCT=DUALCTL lio_setup 2 32 1 2
LIO_VENDOR=MPXDEMO LIO_PRODUCT=DUALCTL lio_add_lun
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/alua.so" "$MPX_BUILD/plugins/dualctl.so" "$pdir/"
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 2
	policy_dir "$pdir"
}
CONF
mpxd_start
wait_for 30 "two maps" eval '[ "$(dmsetup ls --target mpx | grep -c 36001405)" = 2 ]'
[ "$(grep -c 'policy dualctl$' mpxd.log)" = 2 ] || fail "dualctl did not claim both LUNs"
for m in $(dmsetup ls --target mpx | awk '{print $1}'); do
	dmsetup table "$m" | grep -q " 2 1 round-robin 0 1 1 " || fail "map $m: $(dmsetup table "$m")"
done
lun1=$(dmsetup ls --target mpx | awk '{print $1}' | head -1)
log "path ${LIO_PATHS[0]} (LUN 1, controller port 0) goes away"
path_offline "${LIO_PATHS[0]}"
wait_for 20 "LUN 2's path through the same port failed with it" \
	grep -q "path ${LIO2_PATHS[0]} .* failed: shares a failed component with ${LIO_PATHS[0]}" mpxd.log
mpxctl show paths
[ "$(mpxctl_path_state "${LIO2_PATHS[1]}")" = active ] || fail "the other controller's path was failed too"
path_online "${LIO_PATHS[0]}"
wait_for 20 "both back" eval '[ "$(mpxctl_path_state "${LIO_PATHS[0]}")" = active ] && [ "$(mpxctl_path_state "${LIO2_PATHS[0]}")" = active ]'
mpxctl show policies | grep -q "affected_paths *ok *calls [1-9]" || fail "no affected_paths calls counted"
mpxd_stop
for m in $(dmsetup ls --target mpx | awk '{print $1}'); do dmsetup remove "$m"; done
mpx_unload
