# Cluster fencing with Pacemaker's fence_mpath driving the installed
# mpxpersist (--mpathpersist-path), on one LIO LUN that two "nodes" share
# over iSCSI (loopback portals, open-iscsi): node 1 has two sessions under
# its initiator name and mpxd making its map n1; node 2 has two under its
# own and a map n2 made by hand, without mpxd (mpxd blacklists its disks).
#   - fence_mpath on (both nodes), status, off (node 1 fences node 2):
#     node 2's registrations are gone from every one of its nexuses (LIO's
#     own record), its writes are refused, node 1's keep going; node 1
#     keeps writing through one path when its other fails, and the
#     reservation survives that failover.
# That much runs by default (about 7 minutes under TCG on an idle host).
# The rest, about as long again, runs when $MPX_BUILD/fence-mpath-full
# exists, by hand with a longer guest timeout (run.sh --timeout 2400):
#   - mpxd registers node 1's key through a path that joins the map: one
#     added later (a new session), one reinstated, and the paths it finds
#     when it starts; a key registered while mpxd was down is recorded in
#     the prkeys file by mpxpersist itself, and mpxd uses it;
#   - every mpathpersist action, read back through each of the four paths
#     with sg_persist; the reads byte for byte against Debian's own
#     mpathpersist on a kernel multipath map of the same LUN;
#   - bad input (a key that is no 64-bit hex number, a device that is no
#     mpx map, a map with no usable path, a type out of range): a clear
#     message, a non-zero exit, and nothing sent to the LUN.
log() { echo "--- [${SECONDS}s] $*"; }
full=0
if [ -e "$MPX_BUILD/fence-mpath-full" ]; then
	full=1
	budget=$(sed -n "s/^MPX_SCENARIO_TIMEOUT='\([0-9]*\)'/\1/p" "$MPX_RESULTS/job.env")
	[ -z "$budget" ] || [ "$budget" -ge 2400 ] ||
		fail "the full run ($MPX_BUILD/fence-mpath-full) does not fit the ${budget}s scenario timeout (run.sh --timeout 2400)"
fi
mpx_load
udev_start
iscsi_setup 64

log "node 2 logs in first: its disks are the ones mpxd leaves alone"
iscsi_login n2 n2a 127.0.0.1
iscsi_login n2 n2b 127.0.0.2
c=${ISCSI_SD[n2a]} d=${ISCSI_SD[n2b]}
naa=$(cat "/sys/block/$c/device/wwid")
wwid=3${naa#naa.}

log "the installed programs: mpxd, mpxctl, mpxpersist"
# cmake --install of daemon/ alone (the whole tree takes minutes under TCG;
# install-multipath-conf.sh installs all of it)
cmake -P "$MPX_BUILD/daemon/cmake_install.cmake" > install.log 2>&1 ||
	{ cat install.log; fail "cmake --install of daemon/ failed"; }
MPXPERSIST=/usr/sbin/mpxpersist MPXCTL=/usr/sbin/mpxctl
[ -x $MPXPERSIST ] && [ -x $MPXCTL ] && [ -x /usr/sbin/mpxd ] || fail "mpxpersist is not installed"
cat > /etc/mpx.conf <<CONF
defaults {
	polling_interval 1
	reservation_key file
}
blacklist {
	devnode "^($c|$d)\$"
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		no_path_retry fail
	}
}
multipaths {
	multipath {
		wwid $wwid
		alias n1
	}
}
CONF
rm -f /etc/mpx/prkeys

mpxd_up() {
	/usr/sbin/mpxd >> mpxd.log 2>&1 &
	MPXD_PID=$!
	wait_for 30 "mpxd's control socket" $MPXCTL show status
}
# n1_paths_active N: mpxd's map n1 has N paths, all active in the target.
n1_paths_active() {
	local st
	st=$(dmsetup status n1) || return 1
	[ "$(grep -o ' [0-9]*:[0-9]* A ' <<< "$st" | wc -l)" = "$1" ] &&
		! grep -q ' [0-9]*:[0-9]* F ' <<< "$st"
}

log "node 1 logs in; mpxd makes map n1 of its two paths"
mpxd_up
iscsi_login n1 n1a 127.0.0.1
iscsi_login n1 n1b 127.0.0.2
a=${ISCSI_SD[n1a]} b=${ISCSI_SD[n1b]}
wait_for 60 "map n1 with both of node 1's paths" n1_paths_active 2
n=$(sectors "$c")
dmsetup create n2 --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $(devno "$c") 1 $(devno "$d") 1"
N1=/dev/mapper/n1 N2=/dev/mapper/n2
K1=1a1a1a K2=2b2b2b	# the nodes' keys, as fence_mpath takes them (--plug)

# fence NODE ACTION KEY DEVICE: fence_mpath as node NODE's cluster runs it
# (its own store of devices and keys); prints the agent's output.
fence() {
	fence_mpath --action="$2" --plug="$3" --devices="$4" \
		--mpathpersist-path=$MPXPERSIST --store-path="/run/cluster-$1" 2>&1
}

# views: the registrations ("<key> <node>", sorted) and the reservation
# ("<key> <type>" or "none") read with sg_persist through one path. (Parsed
# in bash: every process costs under TCG, and the views run often.)
reg_view() {
	local out line k="" regs=() sorted
	out=$(ua_retry sg_persist --in --read-full-status "/dev/$1") ||
		fail "sg_persist --read-full-status through $1: $out"
	while IFS= read -r line; do
		if [[ $line =~ ^\ +Key=(0x[0-9a-f]+) ]]; then
			k=${BASH_REMATCH[1]}
		elif [[ $line =~ port\ id:\ .*:([^:,]+),i, ]]; then
			regs+=("$k ${BASH_REMATCH[1]}")
		fi
	done <<< "$out"
	[ ${#regs[@]} = 0 ] && return 0
	mapfile -t sorted < <(printf '%s\n' "${regs[@]}" | sort)
	echo "${sorted[*]}"
}
res_view() {
	local out line k=""
	out=$(ua_retry sg_persist --in --read-reservation "/dev/$1") ||
		fail "sg_persist --read-reservation through $1: $out"
	while IFS= read -r line; do
		if [[ $line == *"NO reservation held"* ]]; then
			echo none
		elif [[ $line =~ ^\ +Key=(0x[0-9a-f]+) ]]; then
			k=${BASH_REMATCH[1]}
		elif [[ $line =~ scope:.*type:\ (.*)$ ]]; then
			echo "$k ${BASH_REMATCH[1]}"
		fi
	done <<< "$out"
}
# expect_res RES: through every path of both nodes, sg_persist reads reservation RES.
expect_res() {
	local sd got
	for sd in $(iscsi_disks); do
		got=$(res_view "$sd")
		[ "$got" = "$1" ] || fail "through $sd: reservation '$got', expected '$1'"
	done
}
# expect_view REGS RES: through every path of both nodes, sg_persist reads
# registrations REGS ("0x1a1a1a n1 0x1a1a1a n1 ..." sorted) and reservation RES.
# expect_view1: the same through one path of each node, where the every-path
# view was checked for the same kind of change already.
expect_view() { _expect_view "$1" "$2" $(iscsi_disks); }
expect_view1() { _expect_view "$1" "$2" "${ISCSI_SD[n1a]}" "${ISCSI_SD[n2a]}"; }
_expect_view() {
	local sd got want res=$2
	want=$(xargs -n2 <<< "$1" | sort | xargs)
	shift 2
	for sd in "$@"; do
		got=$(reg_view "$sd")
		[ "$got" = "$want" ] || fail "through $sd: registrations '$got', expected '$want'"
		got=$(res_view "$sd")
		[ "$got" = "$res" ] || fail "through $sd: reservation '$got', expected '$res'"
	done
}
iscsi_disks() { printf '%s\n' "${ISCSI_SD[@]}"; }

log "fence_mpath on, node 1: its key through both its paths, and the reservation"
out=$(fence 1 on $K1 $N1) || fail "fence_mpath on (node 1) failed: $out"
[ "$(iscsi_nexus_count n1 $K1)" = 2 ] || { iscsi_registered; fail "LIO has not both of node 1's nexuses with $K1"; }
expect_view "0x$K1 n1 0x$K1 n1" "0x$K1 Write Exclusive, registrants only"
$MPXCTL persist key n1 | grep -qx "0x$K1 (/etc/mpx/prkeys)" ||
	fail "mpxd did not record node 1's key: $($MPXCTL persist key n1)"
grep -q "^0x0*$K1 $wwid\$" /etc/mpx/prkeys || fail "no key in the prkeys file: $(cat /etc/mpx/prkeys)"

log "fence_mpath on, node 2 (no mpxd: a map made by hand)"
out=$(fence 2 on $K2 $N2) || fail "fence_mpath on (node 2) failed: $out"
[ "$(iscsi_nexus_count n2 $K2)" = 2 ] || { iscsi_registered; fail "LIO has not both of node 2's nexuses with $K2"; }
expect_view "0x$K1 n1 0x$K1 n1 0x$K2 n2 0x$K2 n2" "0x$K1 Write Exclusive, registrants only"
out=$(fence 1 status $K1 $N1) || fail "fence_mpath status of node 1: $out"
grep -q "Status: ON" <<< "$out" || fail "node 1 is not on: $out"
out=$(fence 2 status $K2 $N2) || fail "fence_mpath status of node 2: $out"
grep -q "Status: ON" <<< "$out" || fail "node 2 is not on: $out"
dd if=/dev/urandom of=$N1 bs=64k count=16 oflag=direct 2> /dev/null || fail "node 1 cannot write"
dd if=/dev/urandom of=$N2 bs=64k count=16 seek=64 oflag=direct 2> /dev/null ||
	fail "node 2 cannot write before it is fenced"

log "node 2 is fenced: node 1's cluster runs fence_mpath off with node 2's key"
out=$(fence 1 off $K2 $N1) || fail "fence_mpath off failed: $out"
[ "$(iscsi_nexus_count n2 $K2)" = 0 ] || { iscsi_registered; fail "node 2 is still registered at LIO"; }
iscsi_registered | grep -q "Node: $(iscsi_node_iqn n2)," &&
	{ iscsi_registered; fail "LIO still has a registration of node 2"; }
[ "$(iscsi_nexus_count n1 $K1)" = 2 ] || fail "node 1 lost a registration"
expect_view "0x$K1 n1 0x$K1 n1" "0x$K1 Write Exclusive, registrants only"
expect_fail "node 2 writes after it was fenced" dd if=/dev/zero of=$N2 bs=4k count=1 oflag=direct
for sd in $c $d; do
	expect_fail "node 2 writes through $sd" dd if=/dev/zero of=/dev/$sd bs=4k count=1 oflag=direct
done
dd if=$N2 of=/dev/null bs=64k count=4 iflag=direct 2> /dev/null ||
	fail "node 2 cannot read (a write exclusive reservation lets it)"
rc=0
out=$(fence 1 status $K2 $N1) || rc=$?
[ "$rc" = 2 ] && grep -q "Status: OFF" <<< "$out" || fail "node 2's status: rc $rc, $out"

log "node 1 keeps writing through one path when the other fails; the reservation stays"
# the reservation was taken through the first path of the table: fail that one
first=$(dmsetup table n1 | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+:[0-9]+$/) { print $i; exit } }')
h=$(basename "$(readlink -f "/sys/dev/block/$first")")
[ "$h" = "$a" ] && o=$b || o=$a
fio_bg_start $N1
wait_ios n1 100 60
path_offline "$h"
wait_for 30 "mpxd to fail $h" eval '[ "$(mpxctl_path_state "$h")" = failed ]'
wait_ios n1 100 60	# through the other path, under the reservation
fio_bg_stop
[ "$(res_view "$o")" = "0x$K1 Write Exclusive, registrants only" ] ||
	fail "the reservation did not survive the failover: $(res_view "$o")"
[ "$(res_view "$c")" = "0x$K1 Write Exclusive, registrants only" ] ||
	fail "node 2 sees another reservation: $(res_view "$c")"
dd if=/dev/urandom of=$N1 bs=64k count=16 oflag=direct 2> /dev/null ||
	fail "node 1 cannot write through its one path"
path_online "$h"
wait_for 30 "mpxd to reinstate $h" n1_paths_active 2
expect_view "0x$K1 n1 0x$K1 n1" "0x$K1 Write Exclusive, registrants only"

# the end, by default or after the rest: the maps go before the sessions
# (a map over a disk holds it open), and fail their I/O rather than queue it
fence_teardown() {
	local m
	[ -z "$MPXD_PID" ] || mpxd_stop
	udevadm settle --timeout=30 || true
	for m in n2 n1; do
		dmsetup info "$m" > /dev/null 2>&1 || continue
		dmsetup message "$m" 0 fail_if_no_path
		dmsetup remove --retry "$m"
	done
	iscsi_teardown
}
if [ "$full" = 0 ]; then
	fence_teardown
	log "done; the joining paths, every action and the bad input run with $MPX_BUILD/fence-mpath-full"
	return 0
fi

log "node 2 rejoins (after its reboot): fence_mpath on again"
out=$(fence 2 on $K2 $N2) || fail "fence_mpath on (node 2, again) failed: $out"
[ "$(iscsi_nexus_count n2 $K2)" = 2 ] || fail "node 2 is not registered again"

log "a path added later gets node 1's key from mpxd"
iscsi_login n1 n1c 127.0.0.1
e=${ISCSI_SD[n1c]}
wait_for 60 "map n1 with three paths" n1_paths_active 3
wait_for 30 "node 1's third nexus registered" eval '[ "$(iscsi_nexus_count n1 $K1)" = 3 ]'
grep -q "key 0x$K1 registered through $e" mpxd.log || fail "mpxd did not log registering $e"

log "a path reinstated gets it back"
ua_retry sg_persist --out --register --param-rk=0x$K1 --param-sark=0 "/dev/$b" > /dev/null ||
	fail "cannot unregister $b's nexus by hand"
[ "$(iscsi_nexus_count n1 $K1)" = 2 ] || fail "the nexus of $b is still registered"
path_offline "$b"
wait_for 30 "mpxd to fail $b" eval '[ "$(mpxctl_path_state "$b")" = failed ]'
path_online "$b"
wait_for 30 "mpxd to reinstate $b" n1_paths_active 3
wait_for 30 "the key back through $b" eval '[ "$(iscsi_nexus_count n1 $K1)" = 3 ]'

log "mpxd down: mpxpersist changes node 1's key itself and records it in the prkeys file"
mpxd_stop
K3=3c3c3c
$MPXPERSIST -o --register --param-rk=$K1 --param-sark=$K3 -d $N1 > register.out 2>&1 ||
	{ cat register.out; fail "mpxpersist --register (key change) without mpxd failed"; }
[ "$(iscsi_nexus_count n1 $K3)" = 3 ] || { iscsi_registered; fail "node 1's key did not change everywhere"; }
grep -q "^0x0*$K3 $wwid\$" /etc/mpx/prkeys || fail "mpxpersist did not record $K3: $(cat /etc/mpx/prkeys)"

log "mpxd starts: the paths it finds get the key the LUN carries"
ua_retry sg_persist --out --register --param-rk=0x$K3 --param-sark=0 "/dev/$e" > /dev/null ||
	fail "cannot unregister $e's nexus by hand"
[ "$(iscsi_nexus_count n1 $K3)" = 2 ] || fail "the nexus of $e is still registered"
mpxd_up
wait_for 60 "node 1's third nexus registered by mpxd at start" \
	eval '[ "$(iscsi_nexus_count n1 $K3)" = 3 ]'
$MPXCTL persist key n1 | grep -qx "0x$K3 (/etc/mpx/prkeys)" || fail "mpxd has not $K3 as n1's key"

log "each action through mpxpersist, read back with sg_persist through every path"
N1REGS="0x$K3 n1 0x$K3 n1 0x$K3 n1"
# the reservation moved to node 1's new key with its holder's registration
expect_view "$N1REGS 0x$K2 n2 0x$K2 n2" "0x$K3 Write Exclusive, registrants only"
$MPXPERSIST -o --clear --param-rk=$K3 -d $N1 || fail "--clear failed"
expect_view1 "" none
$MPXCTL persist key n1 | grep -qx none || fail "the key is still recorded after --clear"
$MPXPERSIST -o --register --param-sark=$K3 -d $N1 || fail "--register failed"
expect_view "$N1REGS" none
K4=4d4d4d4d4d4d4d4d
$MPXPERSIST -o --register-ignore --param-sark=$K4 -d $N1 || fail "--register-ignore failed"
N1REGS="0x$K4 n1 0x$K4 n1 0x$K4 n1"
expect_view "$N1REGS" none
$MPXCTL persist key n1 | grep -qx "0x$K4 (/etc/mpx/prkeys)" || fail "$K4 is not recorded"
# (type 5 is fence_mpath's, above; type 1 is node 2's, below)
for t in "3 Exclusive Access" "6 Exclusive Access, registrants only" \
	"8 Exclusive Access, all registrants"; do
	type=${t%% *} name=${t#* }
	$MPXPERSIST -o --reserve --param-rk=$K4 --prout-type=$type -d $N1 ||
		fail "--reserve type $type failed"
	# all-registrants reservations have no one key: sg_persist prints 0
	[ "$type" -ge 7 ] && holder=0x0 || holder=0x$K4
	expect_res "$holder $name"
	$MPXPERSIST -o --release --param-rk=$K4 --prout-type=$type -d $N1 ||
		fail "--release type $type failed"
	expect_view1 "$N1REGS" none
done
log "preempt: node 2 holds a reservation, node 1 takes it over and removes node 2's key"
$MPXPERSIST -o --register --param-sark=$K2 -d $N2 || fail "node 2: --register failed"
$MPXPERSIST -o --reserve --param-rk=$K2 --prout-type=1 -d $N2 || fail "node 2: --reserve failed"
expect_view1 "$N1REGS 0x$K2 n2 0x$K2 n2" "0x$K2 Write Exclusive"
$MPXPERSIST -o --preempt --param-rk=$K4 --param-sark=$K2 --prout-type=5 -d $N1 ||
	fail "--preempt failed"
expect_view "$N1REGS" "0x$K4 Write Exclusive, registrants only"
$MPXPERSIST -o --register --param-sark=$K2 -d $N2 || fail "node 2: --register failed"
expect_view1 "$N1REGS 0x$K2 n2 0x$K2 n2" "0x$K4 Write Exclusive, registrants only"
$MPXPERSIST -o --preempt-abort --param-rk=$K4 --param-sark=$K2 --prout-type=5 -d $N1 ||
	fail "--preempt-abort failed"
expect_view "$N1REGS" "0x$K4 Write Exclusive, registrants only"
$MPXPERSIST -o --register --param-rk=$K4 --param-sark=0 -d $N1 || fail "unregister failed"
[ "$(iscsi_nexus_count n1 $K4)" = 0 ] || fail "node 1 is still registered"
$MPXCTL persist key n1 | grep -qx none || fail "the key is still recorded after unregistering"
# (the reservation went with its holder's registration)
expect_view1 "" none

log "node 1 registers and reserves again, node 2 registers: what the rest reads"
$MPXPERSIST -o --register --param-sark=$K4 -d $N1 || fail "--register failed"
$MPXPERSIST -o --reserve --param-rk=$K4 --prout-type=5 -d $N1 || fail "--reserve failed"
$MPXPERSIST -o --register --param-sark=$K2 -d $N2 || fail "node 2: --register failed"

log "bad input: a clear message, a non-zero exit, nothing sent"
# the count of SCSI commands each of node 2's disks has seen (mpxd checks
# only node 1's), and LIO's record with its generation
snapshot() {
	cat "/sys/block/$c/device/iorequest_cnt" "/sys/block/$d/device/iorequest_cnt"
	iscsi_registered
	cat "$ISCSI_DEV/pr/res_pr_generation" 2> /dev/null || true
}
# refused WHAT WANT-RC WANT-TEXT ARGS...: mpxpersist ARGS exits WANT-RC
# saying WANT-TEXT, and neither node 2's disks nor the LUN saw anything.
refused() {
	local what=$1 want=$2 text=$3 before after rc=0
	shift 3
	# (udev's probes of a new map read its disks: let them end first)
	udevadm settle --timeout=30 || true
	before=$(snapshot)
	$MPXPERSIST "$@" > refused.out 2>&1 || rc=$?
	after=$(snapshot)
	cat refused.out
	[ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want"
	grep -q -- "$text" refused.out || fail "$what: no \"$text\" in: $(cat refused.out)"
	[ "$before" = "$after" ] || { echo "$before"; echo "$after"; fail "$what: something was sent"; }
}
dmsetup create lin --table "0 $n linear $(devno "$c") 0"
refused "a key with a non-hex digit" 1 'param-sark "0xZZ": not a hex key' \
	-o --register --param-sark=0xZZ -d $N2
refused "a key of 17 digits" 1 'param-rk "12345678901234567": not a hex key' \
	-o --reserve --param-rk=12345678901234567 --prout-type=5 -d $N2
refused "a negative key" 1 'not a hex key' -o --register --param-sark=-1 -d $N2
refused "an empty key" 1 'not a hex key' -o --register --param-sark= -d $N2
refused "a path disk" 13 "/dev/$c (.*) is no device-mapper map" -i -k -d "/dev/$c"
refused "a linear map" 13 'device-mapper map "lin", which is no mpx map' -i -k -d /dev/mapper/lin
refused "a map name that is no map" 13 'no mpx map "nosuch"' -o --clear --param-rk=1 -d nosuch
refused "a node that does not exist" 12 "/dev/mapper/nosuch: No such file" -i -k -d /dev/mapper/nosuch
refused "a file that is no block device" 12 "/dev/null is not a block device" -i -r -d /dev/null
refused "type 9" 1 "prout-type 9: no reservation type" \
	-o --reserve --param-rk=$K2 --prout-type=9 -d $N2
refused "type 4 (obsolete)" 1 "prout-type 4: no reservation type" \
	-o --preempt-abort --param-rk=$K2 --param-sark=1 --prout-type=4 -d $N2
refused "no type for a reserve" 1 "prout-type is needed" -o --reserve --param-rk=$K2 -d $N2
refused "type 10 for a register" 1 "prout-type a: no reservation type" \
	-o --register --param-sark=$K2 --prout-type=a -d $N2
refused "a type that is no number" 1 'prout-type "zz": not a number' \
	-o --reserve --param-rk=$K2 --prout-type=zz -d $N2
refused "a key that is not the map's" 1 "is the map's key 0x$K4" \
	-o --reserve --param-rk=$K2 --prout-type=5 -d $N1
dmsetup message n2 0 fail_path "$(devno "$c")"
dmsetup message n2 0 fail_path "$(devno "$d")"
refused "a map with no usable path" 13 'map "n2": no usable path' \
	-o --register --param-sark=$K2 -d $N2
refused "a map with no usable path (read)" 13 'map "n2": no usable path' -i -k -d n2
dmsetup message n2 0 reinstate_path "$(devno "$c")"
dmsetup message n2 0 reinstate_path "$(devno "$d")"
dmsetup remove lin

log "a path that refuses is named, and the exit is not 0"
# node 2's key is registered: a plain REGISTER of it again conflicts on both nexuses
rc=0
$MPXPERSIST -o --register --param-sark=$K2 -d $N2 > conflict.out 2>&1 || rc=$?
cat conflict.out
[ "$rc" = 11 ] || fail "a refused register exited $rc, not 11 (reservation conflict)"
grep -q "register through path $c (.*): reservation conflict" conflict.out &&
	grep -q "register through path $d (.*): reservation conflict" conflict.out &&
	grep -q "PR out: command failed" conflict.out || fail "the refusing paths are not named"

log "the reads, byte for byte as Debian's mpathpersist prints them"
for x in k r s c; do
	$MPXPERSIST -i -$x -d $N1 > mpx-$x.out || fail "mpxpersist -i -$x failed"
done
grep -qx "    0x$K4" mpx-k.out && grep -qx "   Key = 0x$K4" mpx-r.out ||
	fail "no key lines as fence_mpath reads them"
grep -qx "      Write Exclusive, registrants only: 1" mpx-c.out || fail "-c: no WE_RO: $(cat mpx-c.out)"
# and "mpxctl persist" is an alias of the same code
$MPXCTL persist read-keys n1 | grep -v '^map ' > alias-k.out
cmp alias-k.out mpx-k.out || fail "mpxctl persist read-keys differs from mpxpersist -i -k"
# Debian's mpathpersist knows a multipath map by its UUID, mpath-<WWID>,
# which mpxd's n1 holds (a UUID is unique): n1 goes, and a kernel
# multipath map over node 2's paths is read instead. Nothing reaches the
# LUN in between (mpxd stopped sends nothing), so the generations match.
mpxd_stop
MPXD_PID=""
udevadm settle --timeout=30 || true
dmsetup message n1 0 fail_if_no_path
dmsetup remove --retry n1
dmsetup create kmp --uuid "mpath-$wwid" \
	--table "0 $n multipath 0 0 1 1 round-robin 0 2 1 $(devno "$c") 1 $(devno "$d") 1"
for x in k r s; do
	mpathpersist -i -$x -d /dev/mapper/kmp > mpath-$x.out 2> mpath-$x.err ||
		{ cat mpath-$x.err; fail "mpathpersist -i -$x failed"; }
	cmp mpx-$x.out mpath-$x.out ||
		{ diff mpx-$x.out mpath-$x.out; fail "mpxpersist -i -$x differs from mpathpersist"; }
done
# -c: Debian's 0.9.4 reads the type mask from the wrong byte (fixed in
# 2025); the rest of its lines are the same
mpathpersist -i -c -d /dev/mapper/kmp > mpath-c.out || fail "mpathpersist -i -c failed"
diff <(head -8 mpx-c.out) <(head -8 mpath-c.out) || fail "mpxpersist -i -c differs"
udevadm settle --timeout=30 || true
dmsetup remove --retry kmp

fence_teardown
