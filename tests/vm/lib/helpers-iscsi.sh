# iSCSI helpers (sourced by helpers.sh): one LIO ramdisk LUN exported by
# LIO's iSCSI target on two loopback portals, and open-iscsi sessions to
# it in the same guest, each under an initiator name of its own choosing.
# Sessions under two initiator names are two "nodes" sharing one LUN, the
# way a cluster shares it; each session is its own I_T nexus (initiator
# name and ISID), so a node with a session through each portal has two
# paths, each registered on its own. (tcm_loop gives one host several
# nexuses too, but PREEMPT AND ABORT through it hangs the 6.1 kernel.)
#
# A session is named by its iface (one session each): iscsi_login NODE
# IFACE PORTAL logs in, ISCSI_SD[IFACE] is its disk.

ISCSI_CFS=/sys/kernel/config/target
ISCSI_HBA=$ISCSI_CFS/core/rd_mcp_9
ISCSI_DEV=$ISCSI_HBA/mpx_iscsi_lun
ISCSI_TARGET=iqn.2003-01.org.mpx:lun0
ISCSI_TPG=$ISCSI_CFS/iscsi/$ISCSI_TARGET/tpgt_1
ISCSI_SERIAL=6d707800-0000-4000-8000-00000000b001
ISCSI_PORTALS=(127.0.0.1 127.0.0.2)
ISCSI_DBROOT=/run/mpx-lio
declare -gA ISCSI_SD=()

# iscsi_node_iqn NODE: the initiator name of node NODE ("n1").
iscsi_node_iqn() { echo "iqn.2003-01.org.mpx:$1"; }

# iscsi_setup [MB]: the LUN (MB MiB, default 64) on LIO's iSCSI target,
# listening on both portals, and iscsid running. No session yet.
iscsi_setup() {
	local mb=${1:-64} p
	ip link set lo up
	ip addr add 127.0.0.2/8 dev lo 2> /dev/null || true
	modprobe sd_mod
	modprobe -a target_core_mod iscsi_target_mod iscsi_tcp ||
		fail "modprobe of LIO's iSCSI target or iscsi_tcp failed"
	if ! mountpoint -q /sys/kernel/config; then
		mount -t configfs configfs /sys/kernel/config ||
			fail "cannot mount configfs on /sys/kernel/config"
	fi
	wait_for 10 "LIO configfs" test -d "$ISCSI_CFS/core"
	# LIO writes APTPL registrations from a kernel worker whose root is
	# PID 1's, not this chroot: the folder must exist in both.
	mkdir -p "$ISCSI_DBROOT/pr" "/proc/1/root$ISCSI_DBROOT/pr" ||
		fail "cannot create LIO's APTPL folder"
	[ "$(cat "$ISCSI_CFS/dbroot")" = "$ISCSI_DBROOT" ] ||
		echo "$ISCSI_DBROOT" > "$ISCSI_CFS/dbroot" || fail "cannot set LIO's dbroot"

	mkdir -p "$ISCSI_DEV" || fail "cannot create the LIO backstore"
	echo "rd_pages=$((mb * 256))" > "$ISCSI_DEV/control"
	echo 1 > "$ISCSI_DEV/enable" || fail "cannot enable the LIO backstore"
	echo "$ISCSI_SERIAL" > "$ISCSI_DEV/wwn/vpd_unit_serial" ||
		fail "cannot set the LUN's unit serial"

	mkdir -p "$ISCSI_TPG/lun/lun_0" || fail "cannot create the iSCSI target $ISCSI_TARGET"
	ln -s "$ISCSI_DEV" "$ISCSI_TPG/lun/lun_0/mpx_iscsi_lun" || fail "cannot export the LUN"
	for p in "${ISCSI_PORTALS[@]}"; do
		mkdir "$ISCSI_TPG/np/$p:3260" || fail "cannot open portal $p:3260"
	done
	# any initiator may log in and write: the nodes are told apart by name
	echo 0 > "$ISCSI_TPG/attrib/authentication"
	echo 1 > "$ISCSI_TPG/attrib/generate_node_acls"
	echo 0 > "$ISCSI_TPG/attrib/demo_mode_write_protect"
	# and a node's ACL (with its registrations) outlives its sessions
	echo 1 > "$ISCSI_TPG/attrib/cache_dynamic_acls"
	echo 1 > "$ISCSI_TPG/enable" || fail "cannot enable the iSCSI target"

	mkdir -p /etc/iscsi /run/lock/iscsi /var/lib/iscsi/nodes /var/lib/iscsi/ifaces
	echo "InitiatorName=$(iscsi_node_iqn host)" > /etc/iscsi/initiatorname.iscsi
	# iscsid in a session of its own: when it stops it sends SIGTERM to its
	# whole process group (killpg(0) in its shutdown), which would otherwise
	# be the scenario's (timeout's group: the scenario ended with rc 143).
	# setsid forks when its caller leads a process group, so $! may be
	# setsid's pid and not iscsid's: the daemon is found by name.
	pgrep -x iscsid > /dev/null && fail "an iscsid runs already: $(pgrep -a -x iscsid)"
	setsid iscsid -f > iscsid.log 2>&1 &
	wait_for 20 "iscsid" _iscsid_answers
	ISCSID_PID=$(pgrep -o -x iscsid) || fail "iscsid answers but no process is named iscsid"
	[ "$(ps -o sid= -p "$ISCSID_PID" | tr -d ' ')" = "$ISCSID_PID" ] ||
		fail "iscsid ($ISCSID_PID) is not in a session of its own"
	log "LIO iSCSI LUN ($mb MiB) at $ISCSI_TARGET on ${ISCSI_PORTALS[*]}"
}

# iscsiadm answers 21 ("no records/sessions") once iscsid listens.
_iscsid_answers() {
	local rc=0
	iscsiadm -m session > /dev/null 2>&1 || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 21 ]
}

# iscsi_login NODE IFACE PORTAL: a session of node NODE through PORTAL,
# on iface IFACE (made on first use). Waits for its disk; sets
# ISCSI_SD[IFACE] and prints nothing.
iscsi_login() {
	local node=$1 iface=$2 portal=$3 sd
	if ! iscsiadm -m iface -I "$iface" > /dev/null 2>&1; then
		iscsiadm -m iface -I "$iface" -o new > /dev/null || fail "cannot make iface $iface"
		iscsiadm -m iface -I "$iface" -o update -n iface.initiatorname \
			-v "$(iscsi_node_iqn "$node")" > /dev/null ||
			fail "cannot name iface $iface's initiator"
	fi
	iscsiadm -m node -o new -T "$ISCSI_TARGET" -p "$portal:3260" -I "$iface" > /dev/null ||
		fail "cannot make the node record of $iface through $portal"
	# a path that fails must fail its I/O soon, not after two minutes
	iscsiadm -m node -T "$ISCSI_TARGET" -p "$portal:3260" -I "$iface" -o update \
		-n node.session.timeo.replacement_timeout -v 5 > /dev/null
	iscsiadm -m node -T "$ISCSI_TARGET" -p "$portal:3260" -I "$iface" --login > /dev/null ||
		fail "login of $iface through $portal failed"
	wait_for 30 "the disk of session $iface" _iscsi_has_disk "$iface"
	sd=$(_iscsi_disk "$iface")
	wait_for 10 "/dev/$sd" test -b "/dev/$sd"
	# the first commands through a new nexus meet a unit attention
	sg_turs "/dev/$sd" > /dev/null 2>&1 || sg_turs "/dev/$sd" > /dev/null 2>&1 || true
	ISCSI_SD[$iface]=$sd
}

# _iscsi_disk IFACE: the sd disk of the session on IFACE.
_iscsi_disk() {
	local s d
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/ifacename" 2> /dev/null)" = "$1" ] || continue
		for d in "$s"/device/target*/*/block/sd*; do
			[ -e "$d" ] && basename "$d" && return 0
		done
	done
	return 1
}
_iscsi_has_disk() { _iscsi_disk "$1" > /dev/null; }

# iscsi_logout IFACE PORTAL: end the session; its disk goes.
iscsi_logout() {
	local sd=${ISCSI_SD[$1]:-}
	iscsiadm -m node -T "$ISCSI_TARGET" -p "$2:3260" -I "$1" --logout > /dev/null ||
		fail "logout of $1 failed"
	[ -z "$sd" ] || wait_for 20 "$sd to go" test ! -e "/sys/block/$sd"
	unset "ISCSI_SD[$1]"
}

# iscsi_registered: LIO's own record of the registered I_T nexuses, one
# line each ("iSCSI Node: <iqn>,i,0x<isid> ... Key: 0x<key> ...").
iscsi_registered() { cat "$ISCSI_DEV/pr/res_pr_registered_i_pts"; }

# iscsi_nexus_count NODE KEY: how many of NODE's nexuses LIO has registered with KEY.
iscsi_nexus_count() {
	local key=${2#0x}
	iscsi_registered | grep -c "Node: $(iscsi_node_iqn "$1"),i,.* Key: 0x0*$key " || true
}

# iscsi_holder: LIO's record of the reservation ("No SPC-3 Reservation
# holder" or the holder's initiator and key), and its type.
iscsi_holder() { cat "$ISCSI_DEV/pr/res_pr_holder_tg_port" "$ISCSI_DEV/pr/res_pr_type"; }

# iscsi_teardown: every session out, iscsid stopped, the target removed.
# The caller removes its maps first: a map over a session's disk keeps it
# open, and one that queues I/O (queue_if_no_path) would hold the logout
# until the replacement timeout and then fail that I/O. Every step is
# bounded, so a stuck one fails the scenario with its name instead of
# running into the guest's timeout.
iscsi_teardown() {
	local sd h p
	for sd in "${ISCSI_SD[@]}"; do
		for h in /sys/block/"$sd"/holders/*; do
			[ -e "$h" ] || continue
			fail "$sd is still held by $(basename "$h") ($(cat "$h/dm/name" 2> /dev/null)): remove its map before logging out"
		done
	done
	timeout 120 iscsiadm -m node -U all > /dev/null 2>&1 || true
	wait_for 30 "the iSCSI disks to go" _iscsi_no_disks
	kill "$ISCSID_PID" 2> /dev/null || true
	wait_for 20 "iscsid to exit" _iscsid_gone
	wait "$ISCSID_PID" 2> /dev/null || true
	echo 0 > "$ISCSI_TPG/enable"
	for p in "${ISCSI_PORTALS[@]}"; do
		rmdir "$ISCSI_TPG/np/$p:3260"
	done
	rm -f "$ISCSI_TPG/lun/lun_0/mpx_iscsi_lun"
	rmdir "$ISCSI_TPG/lun/lun_0" "$ISCSI_TPG/acls/"* 2> /dev/null || true
	rmdir "$ISCSI_TPG" "$(dirname "$ISCSI_TPG")" ||
		fail "cannot remove the iSCSI target"
	rmdir "$ISCSI_DEV" "$ISCSI_HBA" || fail "cannot remove the LIO backstore"
	ISCSI_SD=()
}

_iscsi_no_disks() { ! compgen -G "/sys/class/iscsi_session/session*" > /dev/null; }

# iscsid has exited (gone, or a zombie waiting for this shell's wait).
_iscsid_gone() {
	local state
	[ -r "/proc/$ISCSID_PID/stat" ] || return 0
	read -r _ _ state _ < "/proc/$ISCSID_PID/stat" || return 0
	[ "$state" = Z ]
}
