# LIO helpers (sourced by helpers.sh): one ramdisk LUN of the kernel's SCSI
# target, seen through N tcm_loop paths, each path in an ALUA target port
# group whose state the scenario sets. LIO implements ALUA (REPORT/SET
# TARGET PORT GROUPS) and SPC-3 persistent reservations, so this is the
# bench's array for the alua handler and for reservations.
#
# Each path is its own tcm_loop WWN (one SCSI host) with its own initiator
# port in the I_T nexus, so LIO sees N initiator ports: registrations are
# per I_T nexus, as on a real array reached through N HBAs.

LIO_CFS=/sys/kernel/config/target
LIO_HBA=$LIO_CFS/core/rd_mcp_0
LIO_DEV=$LIO_HBA/mpx_lun
LIO_SERIAL=6d707800-0000-4000-8000-00000000a001
LIO_DBROOT=/run/mpx-lio

# lio_target_wwn I / lio_initiator_wwn I: the target and initiator port
# names of path I (0-based; SAS-style naa names, as tcm_loop wants them).
lio_target_wwn() { printf 'naa.50014050000000%02x' $((0xa0 + $1)); }
lio_initiator_wwn() { printf 'naa.50014050000001%02x' $((0xa0 + $1)); }

# lio_setup NPATHS [MB] [GROUP...]: one LIO ramdisk LUN of MB MiB (default
# 64) exported through NPATHS tcm_loop paths. GROUP... gives each path's
# ALUA target port group number (1, 2...; default: all in group 1). Every
# group starts active/optimized, with implicit and explicit ALUA allowed.
# Sets LIO_PATHS to the sd devices in path order, LIO_NEXUS to the
# initiator port of each path, and LIO_GROUPS to each path's group.
lio_setup() {
	local n=$1 mb=${2:-64}
	shift 2 || shift $#
	local i g
	LIO_GROUPS=()
	for ((i = 0; i < n; i++)); do
		g=${1:-1}
		[ $# -gt 0 ] && shift
		[[ $g =~ ^[1-9][0-9]*$ ]] || fail "lio_setup: bad port group '$g' for path $i"
		LIO_GROUPS+=("$g")
	done
	[ $# -eq 0 ] || fail "lio_setup: $# port groups more than the $n paths"

	modprobe sd_mod
	modprobe -a target_core_mod tcm_loop || fail "modprobe target_core_mod tcm_loop failed"
	# configfs is a module in Debian's kernel, so the guest init's early
	# mount of it finds no such filesystem: mount it once it is loaded.
	if ! mountpoint -q /sys/kernel/config; then
		mount -t configfs configfs /sys/kernel/config ||
			fail "cannot mount configfs on /sys/kernel/config"
	fi
	wait_for 10 "LIO configfs" test -d "$LIO_CFS/core"

	# Linux's sd sets APTPL in every PR REGISTER, so LIO writes the
	# registrations to <dbroot>/pr/ and fails the command if it cannot.
	# Neither /etc/target nor /var/target exists here: give it a folder.
	# configfs checks the folder from our root, but LIO writes the file
	# from a kernel worker, whose root is the initramfs (PID 1's) and not
	# the chroot the scenario runs in: the folder must exist in both.
	mkdir -p "$LIO_DBROOT/pr" "/proc/1/root$LIO_DBROOT/pr" ||
		fail "cannot create LIO's APTPL folder $LIO_DBROOT/pr"
	[ "$(cat "$LIO_CFS/dbroot")" = "$LIO_DBROOT" ] ||
		echo "$LIO_DBROOT" > "$LIO_CFS/dbroot" || fail "cannot set LIO's dbroot"

	# The backstore: a ramdisk with a unit serial number (LIO derives the
	# LUN's NAA designator in VPD 0x83 from it), enabled, then exported.
	mkdir -p "$LIO_DEV" || fail "cannot create LIO backstore $LIO_DEV"
	echo "rd_pages=$((mb * 256))" > "$LIO_DEV/control"
	echo 1 > "$LIO_DEV/enable" || fail "cannot enable LIO backstore"
	echo "$LIO_SERIAL" > "$LIO_DEV/wwn/vpd_unit_serial" ||
		fail "cannot set the LUN's unit serial"
	_lio_apply_inquiry

	# The port groups, with ids equal to their numbers.
	for g in $(printf '%s\n' "${LIO_GROUPS[@]}" | sort -un); do
		mkdir "$LIO_DEV/alua/group$g" || fail "cannot create ALUA group $g"
		echo "$g" > "$LIO_DEV/alua/group$g/tg_pt_gp_id"
		echo 3 > "$LIO_DEV/alua/group$g/alua_access_type"	# implicit+explicit
		lio_set_state "$g" optimized
	done

	LIO_PATHS=() LIO_NEXUS=()
	for ((i = 0; i < n; i++)); do
		_lio_add_path "$i" "${LIO_GROUPS[$i]}"
	done
	log "LIO LUN ($mb MiB) paths: ${LIO_PATHS[*]} in port groups ${LIO_GROUPS[*]}"
}

# _lio_add_path I GROUP: tcm_loop port I, its nexus, the LUN, its group.
_lio_add_path() {
	local i=$1 g=$2
	local tpg="$LIO_CFS/loopback/$(lio_target_wwn "$i")/tpgt_1"
	local nexus
	nexus=$(lio_initiator_wwn "$i")
	mkdir -p "$tpg" || fail "cannot create tcm_loop port $tpg"
	# The I_T nexus must exist before the LUN is linked: linking scans the
	# LUN, and without a nexus the scan fails ("I_T Nexus does not exist").
	echo "$nexus" > "$tpg/nexus" || fail "cannot create the nexus of path $i"
	mkdir "$tpg/lun/lun_0"
	ln -s "$LIO_DEV" "$tpg/lun/lun_0/mpx_lun" || fail "cannot export the LUN on path $i"
	echo "group$g" > "$tpg/lun/lun_0/alua_tg_pt_gp" ||
		fail "cannot put path $i in ALUA group $g"

	# tcm_loop's "address" is host:channel:target of this port's SCSI host.
	local addr sdev
	addr=$(cat "$tpg/address")
	sdev=/sys/class/scsi_device/$addr:0/device
	wait_for 20 "the sd device of LIO path $i ($addr:0)" _lio_has_disk "$sdev"
	local sd
	sd=$(basename "$(echo "$sdev"/block/sd*)")
	wait_for 10 "/dev/$sd" test -b "/dev/$sd"
	# The LUN was scanned in the default port group. Rescan so that VPD
	# 0x83 (and the alua handler, if attached) sees the group it is in now.
	echo 1 > "$sdev/rescan"
	LIO_PATHS+=("$sd")
	LIO_NEXUS+=("$nexus")
}

_lio_has_disk() { compgen -G "$1/block/sd*" > /dev/null; }

# _lio_state_num STATE: ALUA state name or number -> LIO's number.
_lio_state_num() {
	case "$1" in
	0 | optimized | active/optimized) echo 0 ;;
	1 | non-optimized | active/non-optimized) echo 1 ;;
	2 | standby) echo 2 ;;
	3 | unavailable) echo 3 ;;
	*) fail "unknown ALUA state '$1'" ;;
	esac
}

# lio_set_state GROUP STATE: set a port group's ALUA state at the array
# (optimized, non-optimized, standby, unavailable, or 0-3). Initiators see
# an "asymmetric access state changed" unit attention on their next command.
lio_set_state() {
	local g=$1 want
	want=$(_lio_state_num "$2")
	echo "$want" > "$LIO_DEV/alua/group$g/alua_access_state" ||
		fail "cannot set ALUA group $g to $2"
	[ "$(lio_state "$g")" = "$want" ] ||
		fail "ALUA group $g is in state $(lio_state "$g"), not $want ($2)"
}

# lio_set_trans_delay GROUP MS: state changes of the group (SET TARGET
# PORT GROUPS included) take MS milliseconds at the array, during which it
# reports the group as transitioning.
lio_set_trans_delay() {
	echo "$2" > "$LIO_DEV/alua/group$1/trans_delay_msecs" ||
		fail "cannot set ALUA group $1's transition delay to $2 ms"
}

# lio_transition_cpu: the CPU whose LIO submission worker is sitting out a
# group's transition delay (empty while none is). LIO runs each command in
# a per-CPU worker of the LU and sleeps the delay inside SET TARGET PORT
# GROUPS there, so every later command submitted on that CPU waits for the
# whole transition, whatever its port: an emulation artifact that a real
# array's other port group does not share. A case that needs the other
# group's I/O to flow during a slow activation submits it on another CPU.
lio_transition_cpu() {
	local c n
	for c in /proc/[0-9]*/comm; do
		read -r n < "$c" 2> /dev/null || continue
		case $n in
		kworker/*+target_submission) ;;
		*) continue ;;
		esac
		grep -q core_alua_do_transition_tg_pt "${c%comm}stack" 2> /dev/null || continue
		n=${n#kworker/}
		echo "${n%%:*}"
		return 0
	done
	return 1
}

# lio_state GROUP: the port group's ALUA state number as LIO has it.
lio_state() { cat "$LIO_DEV/alua/group$1/alua_access_state"; }

# lio_paths: the sd devices of the LIO paths, in path order.
lio_paths() { echo "${LIO_PATHS[@]}"; }

# lio_registered: LIO's own list of registered I_T nexuses, one line each
# ("<fabric> Node: <initiator port> ... Key: 0x<key> ...").
lio_registered() { cat "$LIO_DEV/pr/res_pr_registered_i_pts"; }

# lio_sas_address I: path I's initiator port as sg_persist prints it in
# a transport ID ("SAS address: 0x5001405...").
lio_sas_address() { echo "0x$(lio_initiator_wwn "$1" | cut -d. -f2)"; }

# ua_retry CMD...: run CMD, and run it once more if it failed with a unit
# attention. After a PR or ALUA change made through one I_T nexus, LIO
# queues a unit attention for the others, and the first command through
# each gets it: sg3_utils pass it back (exit status 6) and so does sd's
# PR code (a CHECK CONDITION result, which pr-ioctl prints). Prints CMD's
# output; returns its last exit status.
ua_retry() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ] && { [ "$rc" -eq 6 ] || grep -q "check condition" <<< "$out"; }; then
		echo "($1 failed once: $(grep -m1 -E 'sense:|failed' <<< "$out" || echo "rc $rc"); once more)" >&2
		rc=0
		out=$("$@" 2>&1) || rc=$?
	fi
	printf '%s\n' "$out"
	return "$rc"
}

# lio_teardown: unexport the LUN from every path and remove it.
lio_teardown() {
	local i tpg
	for ((i = 0; i < ${#LIO_PATHS[@]}; i++)); do
		tpg="$LIO_CFS/loopback/$(lio_target_wwn "$i")/tpgt_1"
		rm -f "$tpg/lun/lun_0/mpx_lun"
		rmdir "$tpg/lun/lun_0" "$tpg" "$(dirname "$tpg")" ||
			fail "cannot remove tcm_loop path $i"
	done
	wait_for 20 "the LIO sd devices to go" _lio_no_disks
	local g
	for g in "$LIO_DEV"/alua/group*; do
		[ -d "$g" ] && rmdir "$g"
	done
	rmdir "$LIO_DEV" "$LIO_HBA" || fail "cannot remove the LIO backstore"
	LIO_PATHS=()
}

_lio_no_disks() {
	local sd
	for sd in "${LIO_PATHS[@]}"; do
		[ ! -e "/sys/block/$sd" ] || return 1
	done
}

# lio_set_inquiry VENDOR PRODUCT: what the LUN reports in INQUIRY (before
# lio_setup's paths scan it: call between backstore creation and export,
# i.e. pass LIO_VENDOR/LIO_PRODUCT in the environment of lio_setup).
_lio_apply_inquiry() {
	[ -n "${LIO_VENDOR:-}" ] && echo "$LIO_VENDOR" > "$LIO_DEV/wwn/vendor_id"
	[ -n "${LIO_PRODUCT:-}" ] && echo "$LIO_PRODUCT" > "$LIO_DEV/wwn/product_id"
	return 0
}

# lio_add_lun: a second LUN (lun_1, 64 MiB) through the same ports and port
# groups as the first. Sets LIO2_PATHS to its sd devices, in path order.
LIO_DEV2=$LIO_HBA/mpx_lun2
lio_add_lun() {
	local i g tpg addr sd
	mkdir -p "$LIO_DEV2" || fail "cannot create the second LIO backstore"
	echo "rd_pages=16384" > "$LIO_DEV2/control"
	echo 1 > "$LIO_DEV2/enable" || fail "cannot enable the second backstore"
	# LIO makes the NAA from the serial's first hex digits: change an early one
	echo "7${LIO_SERIAL#?}" > "$LIO_DEV2/wwn/vpd_unit_serial"
	[ -n "${LIO_VENDOR:-}" ] && echo "$LIO_VENDOR" > "$LIO_DEV2/wwn/vendor_id"
	[ -n "${LIO_PRODUCT:-}" ] && echo "$LIO_PRODUCT" > "$LIO_DEV2/wwn/product_id"
	for g in $(printf '%s\n' "${LIO_GROUPS[@]}" | sort -un); do
		mkdir "$LIO_DEV2/alua/group$g"
		echo "$g" > "$LIO_DEV2/alua/group$g/tg_pt_gp_id"
		echo 3 > "$LIO_DEV2/alua/group$g/alua_access_type"
	done
	LIO2_PATHS=()
	for ((i = 0; i < ${#LIO_PATHS[@]}; i++)); do
		tpg="$LIO_CFS/loopback/$(lio_target_wwn "$i")/tpgt_1"
		mkdir "$tpg/lun/lun_1"
		ln -s "$LIO_DEV2" "$tpg/lun/lun_1/mpx_lun2" || fail "cannot export LUN 2 on path $i"
		echo "group${LIO_GROUPS[$i]}" > "$tpg/lun/lun_1/alua_tg_pt_gp"
		addr=$(cat "$tpg/address")
		wait_for 20 "LUN 2 on path $i" _lio_has_disk "/sys/class/scsi_device/$addr:1/device"
		sd=$(basename "$(echo /sys/class/scsi_device/"$addr":1/device/block/sd*)")
		echo 1 > "/sys/class/scsi_device/$addr:1/device/rescan"
		LIO2_PATHS+=("$sd")
	done
	log "LIO LUN 2 paths: ${LIO2_PATHS[*]}"
}
