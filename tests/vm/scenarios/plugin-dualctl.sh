# The vendor-style policy module: it claims its array by vendor/product
# (over the generic alua module), puts the primary controller's paths
# first, and when a path fails, fails every path through the same target
# port at once, for the other LUN too (affected_paths): in the kernel's map,
# while that LUN's I/O goes on through the other controller without error.
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
p20=$(devno "${LIO2_PATHS[0]}") p21=$(devno "${LIO2_PATHS[1]}")
lun2=$(for m in $(dmsetup ls --target mpx | awk '{print $1}'); do
	dmsetup table "$m" | grep -q " $p20 " && echo "$m"; done)
[ -n "$lun2" ] || fail "no map holds LUN 2's path ${LIO2_PATHS[0]} ($p20)"
log "path ${LIO_PATHS[0]} (LUN 1, controller port 0) goes away, LUN 2 ($lun2) under I/O"
# LUN 2's path through that port still works: only the policy fails it.
# LUN 2's I/O must go on through the other controller, without an error.
fio_bg_start "/dev/mapper/$lun2"
wait_for 20 "LUN 2's I/O on its primary path" eval '[ "$(path_ios "$lun2" "$p20")" -gt 50 ]'
f20=$(path_fail_count "$lun2" "$p20") f21=$(path_fail_count "$lun2" "$p21")
path_offline "${LIO_PATHS[0]}"
wait_for 20 "LUN 2's path through the same port failed with it" \
	grep -q "path ${LIO2_PATHS[0]} .* failed: shares a failed component with ${LIO_PATHS[0]}" mpxd.log
# in the kernel's map too (its own check passes, so mpxd may reinstate it
# at once: the failure count shows it all the same)
[ "$(path_fail_count "$lun2" "$p20")" -gt "$f20" ] ||
	fail "the kernel never failed LUN 2's path through that port: $(dmsetup status "$lun2")"
[ "$(path_fail_count "$lun2" "$p21")" = "$f21" ] ||
	fail "LUN 2's path through the other controller failed too: $(dmsetup status "$lun2")"
mpxctl show paths
[ "$(mpxctl_path_state "${LIO2_PATHS[1]}")" = active ] || fail "the other controller's path was failed too"
lun2_ios() { echo $(( $(path_ios "$lun2" "$p20") + $(path_ios "$lun2" "$p21") )); }
i2=$(lun2_ios)
wait_for 20 "LUN 2's I/O to go on" eval '[ "$(lun2_ios)" -gt $((i2 + 50)) ]'
path_online "${LIO_PATHS[0]}"
wait_for 20 "both back" eval '[ "$(mpxctl_path_state "${LIO_PATHS[0]}")" = active ] && [ "$(mpxctl_path_state "${LIO2_PATHS[0]}")" = active ]'
wait_for 10 "the kernel to have LUN 2's path back" path_state_is "$lun2" "$p20" A
fio_bg_stop
mpxctl show policies | grep -q "affected_paths *ok *calls [1-9]" || fail "no affected_paths calls counted"
mpxd_stop
for m in $(dmsetup ls --target mpx | awk '{print $1}'); do dmsetup remove "$m"; done
mpx_unload
