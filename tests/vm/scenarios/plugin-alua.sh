# The alua policy module against LIO's ALUA port groups: map groups follow
# the access states; flipping the states at the array regroups the map with
# no I/O error; a LUN left with only standby groups is activated (SET
# TARGET PORT GROUPS). And reservations: "mpxctl persist register" puts the
# key on every path, and a path that comes back gets it again.
mpx_load
udev_start
# The kernel's ALUA handler would take every unit attention the array
# sends (it retries the command after reading the new states): the
# checker, and so the policy's analyze_error, would never see one. Without
# the handler they can; see below for what can be asserted of it.
echo "install scsi_dh_alua /bin/false" > /etc/modprobe.d/mpx-no-scsi-dh-alua.conf
[ ! -e /sys/module/scsi_dh_alua ] || fail "scsi_dh_alua is already loaded"
lio_setup 2 64 1 2
for p in "${LIO_PATHS[@]}"; do
	[ "$(cat "/sys/block/$p/device/dh_state")" = detached ] ||
		fail "$p has the $(cat "/sys/block/$p/device/dh_state") handler attached"
done
lio_set_state 1 optimized
lio_set_state 2 non-optimized
a=${LIO_PATHS[0]}; b=${LIO_PATHS[1]}
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/alua.so" "$pdir/"
# The built-in LIO row sets hardware_handler "1 alua", with which the
# kernel's alua handler would activate a standby group itself (leave that
# to the policy module under test), and no_path_retry 12, with which the
# map would queue while every port is standby (and udev's probe of the map,
# stuck on that I/O, would hold up mpxd's table reloads): as before the
# table existed.
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	policy_dir "$pdir"
	reservation_key 0xabc123
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		hardware_handler "0"
		no_path_retry fail
	}
}
CONF
mpxd_start
wait_for 30 "the map" eval 'dmsetup ls --target mpx | grep -q 36001405'
map=$(dmsetup ls --target mpx | awk '{print $1}')
grep -q "map \"$map\": policy alua" mpxd.log || fail "the alua policy did not claim the LUN"
first_group_is() { dmsetup table "$map" | grep -q " 2 [12] service-time 0 1 2 $(devno "$1") "; }
wait_for 10 "$a (optimized) in the first group" first_group_is "$a"
mpxctl show paths | tee paths.txt
grep -q " $a .* 50 active" paths.txt || fail "$a is not at priority 50"

log "the array swaps the groups' states under I/O: the map regroups, no I/O error"
fio_bg_start "/dev/mapper/$map"
i0=$(path_ios "$map" "$(devno "$a")")
wait_for 20 "fio's writes through $a" eval '[ "$(path_ios "$map" "$(devno "$a")")" -gt $((i0 + 50)) ]'
lio_set_state 1 non-optimized
lio_set_state 2 optimized
wait_for 30 "$b (now optimized) in the first group" first_group_is "$b"
ib=$(path_ios "$map" "$(devno "$b")")
wait_for 20 "fio's writes through $b" eval '[ "$(path_ios "$map" "$(devno "$b")")" -gt $((ib + 50)) ]'
fio_bg_stop
# (whichever command meets the unit attention first takes it: fio's
# writes, mpxd's own reading of the states, or the checker's TUR, whose
# sense alone goes through analyze_error; so its REGROUP verdict may or
# may not be what regroups the map, and is only counted, below)

calls() {
	mpxctl show policies | awk '$1 == "analyze_error" { for (i = 2; i < NF; i++) if ($i == "calls") s += $(i + 1) }
		END { print s + 0 }'
}
# What cannot be asserted yet (see issue 14): that the policy's REGROUP
# verdict is what regroups the map. Only the checker's sense goes through
# analyze_error, and the unit attention goes to whichever command meets it
# first; mpxd's own reading of the states (on the kernel's uevent for the
# attention) regroups the map as well. The run's counts, for the record:
log "analyze_error: $(calls) calls, $(awk '/policy "alua" asks to regroup/ { n++ } END { print n + 0 }' mpxd.log) regroup verdicts"

log "reservations"
mpxctl persist register "$map" 0xabc123 | tee register.txt
grep -q "2 of 2 paths done" register.txt || fail "not registered on both paths"
[ "$(lio_registered | grep -c 'Key: 0x0*abc123 ')" = 2 ] || { lio_registered; fail "LIO does not list two registrations"; }
# (mpathpersist's output: a "    0x<key>" line per registration)
mpxctl persist read-keys "$map" | grep -qx "    0xabc123" || fail "read-keys"
# path a loses its registration while failed, and gets it back on reinstatement
ua_retry sg_persist --out --register --param-rk=0xabc123 --param-sark=0 "/dev/$a" > /dev/null ||
	fail "cannot unregister $a's nexus by hand"
[ "$(lio_registered | grep -c 'Key: 0x0*abc123 ')" = 1 ] || fail "expected one registration left"
mpxctl fail path "$a"
wait_for 20 "the key back through $a" eval '[ "$(lio_registered | grep -c "Key: 0x0*abc123 ")" = 2 ]'
grep -q "key 0xabc123 registered through $a" mpxd.log || fail "no log of the re-registration"
mpxctl persist reserve "$map" 0xabc123 write-exclusive | grep -q "done through" || fail "reserve"
out=$(mpxctl persist read-reservation "$map")
grep -qx "   Key = 0xabc123" <<< "$out" && grep -q "type = Write Exclusive$" <<< "$out" ||
	fail "read-reservation: $out"
mpxctl persist release "$map" 0xabc123 write-exclusive > /dev/null || fail "release"
ua_retry mpxctl persist read-reservation "$map" | grep -q "there is NO reservation held" ||
	fail "still reserved"
mpxctl persist unregister "$map" 0xabc123 > /dev/null
[ "$(lio_registered | grep -c 'Key: 0x0*abc123 ')" = 0 ] || fail "still registered"
out=$(mpxctl persist reserve "$map" 0x1 bogus-type 2>&1) && fail "a bogus type was accepted"
echo "$out" | grep -q "unknown reservation type" || fail "unclear error: $out"

log "only standby groups left: the policy activates one"
lio_set_state 1 standby
lio_set_state 2 standby
wait_for 60 "a group activated" eval '[ "$(lio_state 1)" = 0 ] || [ "$(lio_state 2)" = 0 ]'
grep -q "policy \"alua\" activated group" mpxd.log || fail "no activation in the log"
wait_for 30 "a path usable again" eval 'mpxctl show paths | grep -q " active *ready "'
mpxd_stop
dmsetup remove "$map"
lio_teardown
rm /etc/modprobe.d/mpx-no-scsi-dh-alua.conf
mpx_unload
