# The alua policy module against LIO's ALUA port groups: map groups follow
# the access states; flipping the states at the array regroups the map with
# no I/O error; a LUN left with only standby groups is activated (SET
# TARGET PORT GROUPS). And reservations: "mpxctl persist register" puts the
# key on every path, and a path that comes back gets it again.
mpx_load
udev_start
lio_setup 2 64 1 2
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

log "the array swaps the groups' states under I/O"
fio_bg_start "/dev/mapper/$map"
sleep 1
lio_set_state 1 non-optimized
lio_set_state 2 optimized
wait_for 30 "$b (now optimized) in the first group" first_group_is "$b"
sleep 2
fio_bg_stop
# (the change reaches mpxd as a unit attention its checker sees, or as the
# kernel's uevent for the new access state: either regroups the map)

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
mpx_unload
