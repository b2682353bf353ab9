# The shipped policy modules judge I/O errors the kernel target detects
# (issue 13), on LIO arrays, in one boot, with polling slow (20 s) so that
# only the device-mapper event explains the reaction:
# - alua: the serving port group becomes unavailable under reads; the
#   kernel fails the path; mpxd's evidence (TUR sense, the group's state
#   from REPORT TARGET PORT GROUPS) makes the module switch the group;
# - dualctl: a controller port goes away under reads of LUN 1; the kernel
#   fails the path; its TUR gets no answer, so the module fails every path
#   through that port (LUN 2's too) at once, and LUN 2's other path stays.
mpx_load
udev_start
# the policy modules, not the kernel's ALUA handler, handle the states
echo "install scsi_dh_alua /bin/false" > /etc/modprobe.d/mpx-no-scsi-dh-alua.conf
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/alua.so" "$MPX_BUILD/plugins/dualctl.so" "$pdir/"
cat > mpx.conf <<CONF
defaults {
	polling_interval 20
	max_polling_interval 40
	policy_dir "$pdir"
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		hardware_handler "0"
		no_path_retry fail
	}
	device {
		vendor "MPXDEMO"
		product ".*"
		hardware_handler "0"
		no_path_retry fail
	}
}
CONF
mark() { MARK=$(wc -l < mpxd.log); }
since() { tail -n +$((MARK + 1)) mpxd.log; }
reaction() { since | sed -n "s/^.*path $1: reaction to the kernel's .* error done in \([0-9]*\) ms .*/\1/p" | head -1; }

log "alua: the serving port group becomes unavailable under I/O"
lio_setup 2 64 1 2
lio_set_state 1 optimized
lio_set_state 2 non-optimized
a=${LIO_PATHS[0]} b=${LIO_PATHS[1]}
mpxd_start
wait_for 30 "the map" eval 'dmsetup ls --target mpx | grep -q 36001405'
map=$(dmsetup ls --target mpx | awk '{print $1}')
grep -q "map \"$map\": policy alua" mpxd.log || fail "the alua policy did not claim the LUN"
wait_for 20 "$a (optimized) in the first group" eval 'dmsetup table "$map" | grep -q " 2 [12] service-time 0 1 2 $(devno "$a") "'
wait_for 20 "both paths up in mpxd" eval '[ "$(mpxctl_path_state "$a")" = active ] && [ "$(mpxctl_path_state "$b")" = active ]'
mark
da=$(devno "$a")
i0=$(path_ios "$map" "$da")
fio_bg_start "/dev/mapper/$map"
wait_for 60 "I/O through $a" eval '[ "$(path_ios "$map" "$da")" -gt $((i0 + 50)) ]'
lio_set_state 1 unavailable
wait_for 20 "the kernel failing $a" path_state_is "$map" "$(devno "$a")" F
wait_for 5 "mpxd's reaction" eval '[ -n "$(reaction "$a")" ]'
since
t=$(reaction "$a")
log "alua: reaction to the failure of $a in $t ms (polling_interval 20 s)"
[ "$t" -le 5000 ] || fail "the reaction took $t ms (event driven: long before the 20 s poll)"
since | grep -q "path $a: kernel [a-z]* error failed it; evidence: TUR [^;]*, port group unavailable; verdict of alua: switch group" ||
	fail "no alua switch verdict on the unavailable port group's evidence"
since | grep -q "map \"$map\": group 1 -> 2 (policy \"alua\")" || fail "the group was not switched"
ib=$(path_ios "$map" "$(devno "$b")")
wait_for 60 "I/O going on through $b" eval '[ "$(path_ios "$map" "$(devno "$b")")" -gt $((ib + 50)) ]'
fio_bg_stop
mpxd_stop
dmsetup remove "$map"
lio_teardown

log "dualctl: a controller port goes away under I/O to LUN 1"
LIO_VENDOR=MPXDEMO LIO_PRODUCT=DUALCTL lio_setup 2 32 1 2
LIO_VENDOR=MPXDEMO LIO_PRODUCT=DUALCTL lio_add_lun
: > mpxd.log
mpxd_start
wait_for 30 "two maps" eval '[ "$(dmsetup ls --target mpx | grep -c 36001405)" = 2 ]'
[ "$(grep -c 'policy dualctl$' mpxd.log)" = 2 ] || fail "dualctl did not claim both LUNs"
p10=$(devno "${LIO_PATHS[0]}") p20=$(devno "${LIO2_PATHS[0]}") p21=$(devno "${LIO2_PATHS[1]}")
map_with() { for m in $(dmsetup ls --target mpx | awk '{print $1}'); do dmsetup table "$m" | grep -q " $1 " && echo "$m"; done; }
lun1=$(map_with "$p10") lun2=$(map_with "$p20")
[ -n "$lun1" ] && [ -n "$lun2" ] && [ "$lun1" != "$lun2" ] || fail "no map per LUN: $(dmsetup table)"
wait_for 20 "all paths up in mpxd" eval '[ "$(mpxctl show paths | grep -c " active")" -ge 4 ]'
f20=$(path_fail_count "$lun2" "$p20") f21=$(path_fail_count "$lun2" "$p21")
mark
fio_bg_start "/dev/mapper/$lun1"
wait_for 60 "LUN 1's I/O on its primary path" eval '[ "$(path_ios "$lun1" "$p10")" -gt 50 ]'
path_offline "${LIO_PATHS[0]}"
wait_for 20 "the kernel failing ${LIO_PATHS[0]}" path_state_is "$lun1" "$p10" F
wait_for 5 "mpxd's reaction" eval '[ -n "$(reaction "${LIO_PATHS[0]}")" ]'
since
t=$(reaction "${LIO_PATHS[0]}")
log "dualctl: reaction to the failure of ${LIO_PATHS[0]} in $t ms (polling_interval 20 s)"
[ "$t" -le 5000 ] || fail "the reaction took $t ms (event driven: long before the 20 s poll)"
since | grep -q "path ${LIO_PATHS[0]}: kernel [a-z]* error failed it; evidence: TUR [^;]*; verdict of dualctl: fail siblings" ||
	fail "no dualctl fail-siblings verdict"
[ "$(path_fail_count "$lun2" "$p20")" -gt "$f20" ] ||
	fail "LUN 2's path through the failed port was not failed: $(dmsetup status "$lun2")"
[ "$(path_fail_count "$lun2" "$p21")" = "$f21" ] ||
	fail "LUN 2's path through the other controller was failed: $(dmsetup status "$lun2")"
fio_bg_stop
path_online "${LIO_PATHS[0]}"
mpxd_stop
for m in $(dmsetup ls --target mpx | awk '{print $1}'); do dmsetup remove "$m"; done
rm /etc/modprobe.d/mpx-no-scsi-dh-alua.conf
mpx_unload
