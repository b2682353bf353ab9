# The map is the disk, its paths are not: the installed tree (DESTDIR
# install copied into the root) with udevd, lvm2's and kpartx's udev rules
# active and multipath-tools' masked, as on a host that swapped
# multipath-tools for mpx.
#   - the map's device-mapper UUID is mpath-<WWID>: lsblk says TYPE mpath;
#     its WWID goes to /etc/multipath/wwids;
#   - the paths are marked as multipath-tools marks them
#     (DM_MULTIPATH_DEVICE_PATH=1, ID_FS_TYPE=mpath_member,
#     SYSTEMD_READY=0), by the installed rule and helper;
#   - LVM on the map: no duplicate PV warning, the LV is on the map, again
#     after deactivation and reactivation, data intact;
#   - boot order: map removed, paths gone and back (lvm2's rules see them
#     first) with mpxd not running: the VG does not activate on a path;
#     started, mpxd makes the map and lvm2's rules activate the VG on it;
#   - partitions: sfdisk on the map gives <map>-part1 (kpartx's rule), a
#     new table is followed, a grown LUN and partition are followed, and
#     the partition maps go when the map goes (mpxd removes them first).
mpx_load
mpx_install_tree
mkdir -p /run/lock/lvm /run/lvm
sd_setup 2 64
a=${SD_PATHS[0]} b=${SD_PATHS[1]}
naa=$(cat "/sys/block/$a/device/wwid")
wwid=3${naa#naa.}
map=mpxdisk

cat > /etc/mpx.conf <<CONF
defaults {
	polling_interval 1
}
blacklist {
	devnode "^(ram|loop|nullb|dm-|vd)"
}
multipaths {
	multipath {
		wwid $wwid
		alias $map
	}
}
CONF

# path_marked DEV: udev marks DEV as multipath-tools marks a path
path_marked() {
	[ "$(udev_prop "$1" DM_MULTIPATH_DEVICE_PATH)" = 1 ] &&
		[ "$(udev_prop "$1" ID_FS_TYPE)" = mpath_member ] &&
		[ "$(udev_prop "$1" SYSTEMD_READY)" = 0 ]
}
start_mpxd() {
	/usr/sbin/mpxd >> mpxd.log 2>&1 &
	MPXD_PID=$!
	wait_for 30 "mpxd's control socket" /usr/sbin/mpxctl show status
}
stop_mpxd() {
	kill -TERM "$MPXD_PID"
	wait "$MPXD_PID" || fail "mpxd exited with $? on SIGTERM"
}
# no_lvm_warnings FILE: LVM saw no duplicate PV, nor a PV it would not use
no_lvm_warnings() {
	! grep -Ei "duplicate|not using device|WARNING: PV" "$1" ||
		fail "LVM warned (above)"
}
# lv_on_map: the LV's only device is the map
lv_on_map() {
	[ "$(dmsetup deps -o blkdevname vgmpx-lv | sed 's/.*: *//')" = "($(basename "$(readlink -f /dev/mapper/$map)"))" ]
}
# rescan_paths: the scsi_debug hosts scan again (as at boot, the disks come back)
rescan_paths() {
	local h
	for h in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*; do
		echo "- - -" > "/sys/class/scsi_host/$(basename "$h")/scan"
	done
	wait_for 20 "the paths back" test -b "/dev/$a" -a -b "/dev/$b"
	udevadm settle -t 30
}

log "before mpxd ever ran: the paths it will take are marked already"
udevadm trigger --action=change --sysname-match="$a" --sysname-match="$b"
udevadm settle -t 30
path_marked $a && path_marked $b || { udevadm info "/dev/$a"; fail "the paths are not marked before mpxd runs"; }

log "mpxd makes the map: UUID mpath-<WWID>, lsblk TYPE mpath, paths marked"
start_mpxd
wait_for 30 "map $map" dmsetup info $map
[ "$(dmsetup info -c --noheadings -o uuid $map)" = "mpath-$wwid" ] ||
	fail "the map's UUID is $(dmsetup info -c --noheadings -o uuid $map)"
udevadm settle -t 30
wait_for 20 "the paths marked as multipath members" eval "path_marked $a && path_marked $b"
grep -qx "/$wwid/" /etc/multipath/wwids || { cat /etc/multipath/wwids; fail "WWID not in /etc/multipath/wwids"; }
lsblk -o NAME,TYPE,FSTYPE "/dev/$a" "/dev/$b" | tee lsblk.txt
[ "$(lsblk -dno TYPE /dev/mapper/$map)" = mpath ] || fail "lsblk TYPE of the map is not mpath"
grep -q "^$a *disk *mpath_member" lsblk.txt || fail "lsblk does not show $a as mpath_member"
[ -L "/dev/disk/by-id/scsi-$wwid" ] && [ "$(readlink -f "/dev/disk/by-id/scsi-$wwid")" = "$(readlink -f /dev/mapper/$map)" ] ||
	{ ls -l /dev/disk/by-id; fail "/dev/disk/by-id/scsi-$wwid is not the map"; }

log "LVM on the map: no duplicates, the LV on the map, data intact"
pvcreate -q /dev/mapper/$map 2> lvm.err || { cat lvm.err; fail "pvcreate"; }
vgcreate -q vgmpx /dev/mapper/$map 2>> lvm.err || { cat lvm.err; fail "vgcreate"; }
lvcreate -q -y -L 16M -n lv vgmpx 2>> lvm.err || { cat lvm.err; fail "lvcreate"; }
udevadm settle -t 30
dd if=/dev/urandom of=data bs=1M count=8 status=none
dd if=data of=/dev/vgmpx/lv bs=1M oflag=direct status=none
sum=$(md5sum < data)
pvs -o pv_name,vg_name > pvs.txt 2>> lvm.err
cat pvs.txt lvm.err
no_lvm_warnings lvm.err
[ "$(awk 'NR > 1 { print $1 }' pvs.txt)" = "/dev/mapper/$map" ] || fail "the PV is not /dev/mapper/$map alone"
lv_on_map || fail "the LV is not on the map"
vgchange -q -an vgmpx 2> lvm.err && vgchange -q -ay vgmpx 2>> lvm.err || { cat lvm.err; fail "vgchange"; }
no_lvm_warnings lvm.err
lv_on_map || fail "the LV is not on the map after reactivation"
[ "$(dd if=/dev/vgmpx/lv bs=1M count=8 iflag=direct status=none | md5sum)" = "$sum" ] ||
	fail "data changed"

log "boot order: the paths come back before mpxd runs; the VG stays off them"
vgchange -q -an vgmpx
stop_mpxd
dmsetup remove $map
for p in $a $b; do echo 1 > "/sys/block/$p/device/delete"; done
wait_for 20 "the paths gone" eval "[ ! -e /sys/block/$a ] && [ ! -e /sys/block/$b ]"
udevadm settle -t 30
rm -rf /run/lvm/pvs_online /run/lvm/vgs_online /run/lvm/pvs_lookup	# a fresh /run
rescan_paths
path_marked $a && path_marked $b || fail "a path that came back before mpxd runs is not marked"
! dmsetup info vgmpx-lv > /dev/null 2>&1 || fail "the VG was activated before the map exists"
pvs 2> lvm.err | tee pvs.txt
no_lvm_warnings lvm.err
! grep -q vgmpx pvs.txt || fail "LVM takes a path for the PV"
start_mpxd
wait_for 30 "map $map" dmsetup info $map
wait_for 60 "lvm2's rules to activate the VG" dmsetup info vgmpx-lv
lv_on_map || { dmsetup deps vgmpx-lv; fail "the VG came up on a path, not the map"; }
[ "$(dd if=/dev/vgmpx/lv bs=1M count=8 iflag=direct status=none | md5sum)" = "$sum" ] ||
	fail "data changed across the boot"
vgchange -q -an vgmpx
vgremove -q -f vgmpx > /dev/null 2>&1
pvremove -q /dev/mapper/$map
wipefs -q -a /dev/mapper/$map

log "partitions: made by kpartx's rule, named <map>-partN"
udevadm settle -t 30
# (--no-reread: BLKRRPART fails on every device-mapper disk, which the
# kernel never partitions itself; sfdisk would take that for "in use")
echo ',16M' | sfdisk -q --no-reread -X dos /dev/mapper/$map > sfdisk.log 2>&1 ||
	{ cat sfdisk.log; fail "sfdisk"; }
wait_for 30 "/dev/mapper/$map-part1" test -b /dev/mapper/$map-part1
[ "$(dmsetup info -c --noheadings -o uuid $map-part1)" = "part1-mpath-$wwid" ] ||
	fail "partition 1 has UUID $(dmsetup info -c --noheadings -o uuid $map-part1)"
[ "$(lsblk -dno TYPE /dev/mapper/$map-part1)" = part ] || fail "lsblk TYPE of the partition"
printf ',16M\n,16M\n' | sfdisk -q --no-reread -X dos /dev/mapper/$map > sfdisk.log 2>&1 || { cat sfdisk.log; fail "sfdisk"; }
wait_for 30 "/dev/mapper/$map-part2 (the new table)" test -b /dev/mapper/$map-part2
fio_verify /dev/mapper/$map-part2 8m

log "the LUN grows: the map, then the partition grown with sfdisk"
echo 1 > /sys/bus/pseudo/drivers/scsi_debug/virtual_gb
for p in $a $b; do echo 1 > "/sys/block/$p/device/rescan"; done
/usr/sbin/mpxctl resize map $map
wait_for 20 "the map at 1 GiB" eval '[ "$(blockdev --getsz /dev/mapper/$map)" = 2097152 ]'
echo ', +' | sfdisk -q --no-reread -N 2 /dev/mapper/$map > sfdisk.log 2>&1 || { cat sfdisk.log; fail "sfdisk -N 2"; }
wait_for 30 "partition 2 to grow" eval '[ "$(blockdev --getsz /dev/mapper/$map-part2)" -gt 1000000 ]'

log "the map goes: its partitions go first"
for p in $a $b; do echo 1 > "/sys/block/$p/device/delete"; done
wait_for 30 "the map removed" eval '! dmsetup info $map'
! dmsetup info $map-part1 > /dev/null 2>&1 && ! dmsetup info $map-part2 > /dev/null 2>&1 ||
	fail "a partition map is left"
grep -q "partition map $map-part1 removed" mpxd.log || fail "mpxd did not remove the partitions"
stop_mpxd
udevadm settle -t 30
sd_teardown
mpx_unload
