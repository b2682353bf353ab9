# The check_path and reservation hooks of the shipped policy modules, on a
# LIO LUN through two tcm_loop paths, one per ALUA port group (controller).
#
# check_path (dualctl): mpxd asks the module instead of its TUR checker;
# the module reads its controller's port group state through the path.
# A standby controller's path is a ghost, an unavailable one is down (a
# TUR would call it a ghost: "not ready, target port unavailable").
#
# reservation (alua, forced for the LUN with path_checker directio): a read
# through a path whose I_T nexus lost its registration meets a reservation
# conflict; mpxd asks the hook, which registers the key through that path
# again while the LUN still carries it, and leaves the path alone once the
# key is gone (a fence). No PREEMPT AND ABORT: it hangs tcm_loop on 6.1.
mpx_load
udev_start
LIO_VENDOR=MPXDEMO LIO_PRODUCT=DUALCTL lio_setup 2 32 1 2
p0=${LIO_PATHS[0]} p1=${LIO_PATHS[1]}
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/alua.so" "$MPX_BUILD/plugins/dualctl.so" "$pdir/"

# notes DEV: the notes column of "show paths" (the last check's message).
notes() { mpxctl show paths | awk -v d="$1" '$2 == d { $1 = $2 = $3 = $4 = $5 = $6 = $7 = $8 = ""; sub(/^ +/, ""); print }'; }
# chk DEV: the checker state column.
chk() { mpxctl show paths | awk -v d="$1" '$2 == d { print $6 }'; }
path_is() { [ "$(mpxctl_path_state "$1")" = "$2" ] && [ "$(chk "$1")" = "$3" ] && [ "$(notes "$1")" = "$4" ]; }
one_map() { dmsetup ls --target mpx | awk 'NR == 1 { print $1 }'; }

log "check_path: dualctl's controller state instead of a TUR"
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 2
	policy_dir "$pdir"
}
CONF
mpxd_start
wait_for 30 "the map" eval '[ -n "$(one_map)" ]'
map=$(one_map)
grep -q "policy dualctl$" mpxd.log || fail "dualctl did not claim the LUN"
for p in "$p0" "$p1"; do
	wait_for 10 "$p checked by dualctl" path_is "$p" active ready "policy dualctl: up"
done
lio_set_state 2 standby
wait_for 15 "$p1 a ghost by dualctl's word" path_is "$p1" active ghost "policy dualctl: ghost"
lio_set_state 2 unavailable
wait_for 15 "$p1 down by dualctl's word" path_is "$p1" failed faulty "policy dualctl: down"
path_state_is "$map" "$(devno "$p1")" F || fail "the kernel still uses $p1: $(dmsetup status "$map")"
path_is "$p0" active ready "policy dualctl: up" || fail "$p0 changed too: $(mpxctl show paths)"
lio_set_state 2 optimized
wait_for 15 "$p1 back" path_is "$p1" active ready "policy dualctl: up"
wait_for 10 "the kernel to have $p1 back" path_state_is "$map" "$(devno "$p1")" A
mpxctl show policies | tee policies.txt
grep -q "check_path *ok *calls [1-9]" policies.txt || fail "no check_path calls counted"
mpxd_stop
dmsetup remove "$map"

log "reservation: alua re-registers a path that lost its registration"
K=0x6d7078a1 O=0xb0b
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 2
	policy_dir "$pdir"
}
devices {
	device {
		vendor MPXDEMO
		product DUALCTL
		policy alua
		# a read, which a reservation refuses to a nexus without the key:
		# the ALUA detection would pick TUR, which every nexus may send
		detect_checker no
		path_checker directio
		reservation_key $K
	}
}
CONF
mpxd_start
wait_for 30 "the map" eval '[ -n "$(one_map)" ]'
map=$(one_map)
grep -q "policy alua$" mpxd.log || fail "the LUN did not get the alua policy"
# registrations of KEY, one line per I_T nexus, at the array
regs() { lio_registered | grep -c "Key: 0x0*${1#0x} " || true; }
nexus_registered() { lio_registered | grep "Key: 0x0*${2#0x} " | grep -qi "$(lio_initiator_wwn "$1" | cut -d. -f2)"; }
mpxctl persist register "$map" "$K" || fail "persist register failed"
mpxctl persist reserve "$map" "$K" exclusive-access-all-registrants || fail "persist reserve failed"
[ "$(regs "$K")" = 2 ] || fail "key not registered through both paths: $(lio_registered)"
mark=$(wc -l < mpxd.log)
# path 1's nexus drops out (what an array does to a port that changed)
ua_retry sg_persist --out --register --param-rk="$K" --param-sark=0 "/dev/$p1" > /dev/null ||
	fail "cannot unregister $p1's nexus"
# (its next read conflicts, at most 2 s later: no looking in between)
hook_registered() {
	tail -n +$((mark + 1)) mpxd.log |
		grep -q "reservation conflict through $p1: key $K registered again (policy alua)"
}
( wait_for 20 "the hook to register $p1 again" hook_registered ) || {
	echo "--- mpxd since the unregistration:"
	tail -n +$((mark + 1)) mpxd.log
	lio_registered
	mpxctl show paths
	fail "the reservation hook did not register $p1 again"
}
nexus_registered 1 "$K" || fail "$p1's nexus is not registered again: $(lio_registered)"
[ "$(mpxctl_path_state "$p1")" = active ] || fail "the conflict failed $p1: $(mpxctl show paths)"

log "reservation: after a fence the path is left alone"
# path 0's nexus takes another key (the cluster's), path 1's leaves: the
# LUN no longer carries ours, and path 1's reads still conflict
ua_retry sg_persist --out --register-ignore --param-sark="$O" "/dev/$p0" > /dev/null ||
	fail "cannot give $p0's nexus key $O"
mark=$(wc -l < mpxd.log)
ua_retry sg_persist --out --register --param-rk="$K" --param-sark=0 "/dev/$p1" > /dev/null ||
	fail "cannot unregister $p1's nexus"
[ "$(regs "$K")" = 0 ] || fail "key $K still registered: $(lio_registered)"
wait_for 30 "the hook to leave $p1 alone" eval \
	"tail -n +$((mark + 1)) mpxd.log | grep -q 'reservation conflict through $p1: path left alone'"
[ "$(regs "$K")" = 0 ] || fail "mpxd registered $K after the fence: $(lio_registered)"
mpxctl show policies | tee policies.txt
grep -q "reservation *ok *calls [1-9]" policies.txt || fail "no reservation calls counted"
ua_retry sg_persist --out --clear --param-rk="$O" "/dev/$p0" > /dev/null || fail "cannot clear the reservation"
mpxd_stop
dmsetup remove "$map"
mpx_unload
