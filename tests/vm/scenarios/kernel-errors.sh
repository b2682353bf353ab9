# I/O errors the kernel target detects drive mpxd at once (issue 13), with
# polling slow (20 s) so that only the device-mapper event can explain a
# reaction: the status names the cause; mpxd diagnoses the path (a TUR),
# logs the evidence and the built-in policy's verdict (the kernel's stands),
# and checks every path sharing the failed path's component (here the SCSI
# host) right away: a sibling whose check fails is failed at once (within
# the reaction, timed in the log),
# a healthy one stays active, and paths through the other host are not
# failed. A medium error leaves the path up, and is analysed too.
# Two LUNs, each seen through two SCSI hosts (A and B), in one boot.
mpx_load
udev_start
modprobe sd_mod
modprobe scsi_debug add_host=2 num_tgts=1 max_luns=2 dev_size_mb=16 vpd_use_hostno=0 \
	delay=0 medium_error_start=4096 medium_error_count=8 || fail "modprobe scsi_debug failed"
wait_for 20 "4 scsi_debug disks" eval '[ "$(ls -d /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/* | wc -l)" = 4 ]'
# disk of host index $1 (0: A, 1: B), LUN $2
disk() {
	local h
	h=$(ls -d /sys/bus/pseudo/drivers/scsi_debug/adapter*/host* | sed -n "$(($1 + 1))p")
	basename "$(ls -d "$h"/target*/*:"$2"/block/*)"
}
a0=$(disk 0 0) a1=$(disk 0 1) b0=$(disk 1 0) b1=$(disk 1 1)
log "host A: LUN 0 $a0, LUN 1 $a1; host B: LUN 0 $b0, LUN 1 $b1"
cat > mpx.conf <<CONF
defaults {
	polling_interval 20
	max_polling_interval 40
	find_multipaths no
	no_path_retry queue
	path_grouping_policy multibus
	path_selector "round-robin 0"
}
CONF
mpxd_start
wait_for 30 "two maps of two paths" eval '[ "$(dmsetup table | grep -c " mpx .* 2 [0-9]* ")" -ge 2 ]'
map_of() { dmsetup table | awk -v d="$(devno "$1")" '{ for (i = 2; i <= NF; i++) if ($i == d) { sub(":", "", $1); print $1; exit } }'; }
m0=$(map_of "$a0") m1=$(map_of "$a1")
[ -n "$m0" ] && [ -n "$m1" ] && [ "$m0" != "$m1" ] || fail "no map per LUN: $(dmsetup table)"
[ "$(map_of "$b0")" = "$m0" ] && [ "$(map_of "$b1")" = "$m1" ] || fail "maps do not pair the hosts: $(dmsetup table)"
wait_for 30 "all paths up in mpxd" eval '[ "$(mpxctl show paths | grep -c " active")" -ge 4 ]'
# Event driven, not polled: the reaction must come long before the 20 s
# poll. (About 0.1-0.3 s here on an idle host; a loaded host slows TCG
# several times over. bench/mpxd measures it.)
REACT_MAX=5000
mark() { MARK=$(wc -l < mpxd.log); }
since() { tail -n +$((MARK + 1)) mpxd.log; }
state() { path_state "$1" "$(devno "$2")"; }
# reaction DEV: the reaction's time in ms, once mpxd logged it since the mark
reaction() { since | sed -n "s/^.*path $1: reaction to the kernel's .* error done in \([0-9]*\) ms .*/\1/p" | head -1; }
# offline_under_io MAP DEV...: the disks go offline while fio writes and
# verifies through the map, over both its paths (multibus), so that the
# kernel meets the dead path before mpxd's uevent does; no I/O may fail
offline_under_io() {
	local map=$1 i0 first
	shift
	first=$(devno "$1")
	i0=$(path_ios "$map" "$first")
	fio_bg_start "/dev/mapper/$map"
	wait_for 20 "I/O through $1" eval '[ "$(path_ios "$map" "$first")" -gt $((i0 + 20)) ]'
	for d in "$@"; do path_offline "$d"; done
	wait_for 20 "the kernel failing $1" eval '[ "$(path_state "$map" "$first")" = F ]'
	fio_bg_stop
}

log "case 1: LUN 0's path through host A fails under I/O; its sibling (LUN 1, host A) is healthy"
mark
offline_under_io "$m0" "$a0"
[ "$(state "$m0" "$a0")" = F ] || fail "the kernel did not fail $a0: $(dmsetup status "$m0")"
dmsetup status "$m0" | grep -qE " $(devno "$a0") F [0-9]+ ([0-9]+ )*(io|offline|transport) [1-9]" ||
	fail "the status does not name the cause: $(dmsetup status "$m0")"
wait_for 5 "mpxd's reaction" eval '[ -n "$(reaction "$a0")" ]'
since
t=$(reaction "$a0")
log "reaction to the failure of $a0: $t ms (polling_interval 20 s)"
[ "$t" -le "$REACT_MAX" ] || fail "the reaction took $t ms"
since | grep -q "path $a0: kernel .* error failed it; evidence: TUR .*; verdict of built-in: the kernel's verdict stands" ||
	fail "no evidence and verdict logged for $a0"
since | grep -q "path $a1: checking now, shares SCSI host" || fail "$a1 (same host) was not checked"
# (scsi_debug gives every host the same target port name, so host B's
# paths are checked too, as paths of the same target port: and stay up)
[ "$(state "$m1" "$a1")" = A ] || fail "healthy sibling $a1 was failed: $(dmsetup status "$m1")"
[ "$(mpxctl_path_state "$a1")" = active ] || fail "mpxd shows healthy sibling $a1 failed"
[ "$(state "$m0" "$b0")" = A ] && [ "$(state "$m1" "$b1")" = A ] || fail "host B's paths changed"
# the kernel's verdict stands: still failed until a regular check
[ "$(state "$m0" "$a0")" = F ] || fail "$a0 was reinstated before its next regular check"
path_online "$a0"
mpxctl reinstate path "$a0" > /dev/null || fail "cannot reinstate $a0"
wait_for 10 "$a0 back" eval '[ "$(state "$m0" "$a0")" = A ]'

log "case 2: host A fails (both its disks); I/O only on LUN 0: LUN 1's path through A is failed at once"
mark
f1=$(path_fail_count "$m1" "$(devno "$a1")")
offline_under_io "$m0" "$a0" "$a1"
wait_for 5 "$a1 failed in the kernel" eval '[ "$(state "$m1" "$a1")" = F ]'
since
[ "$(path_fail_count "$m1" "$(devno "$a1")")" -gt "$f1" ] || fail "no failure counted on $a1"
wait_for 5 "mpxd's reaction" eval '[ -n "$(reaction "$a0")" ]'
t=$(reaction "$a0")
log "reaction (diagnosis and sibling checks done): $t ms"
[ "$t" -le "$REACT_MAX" ] || fail "the reaction took $t ms"
since | grep -q "path $a1: checking now, shares SCSI host" || fail "$a1 was not checked as a sibling"
[ "$(state "$m0" "$b0")" = A ] && [ "$(state "$m1" "$b1")" = A ] || fail "a healthy path through host B was failed"
[ "$(mpxctl_path_state "$b1")" = active ] || fail "mpxd shows $b1 failed"
dd if="/dev/mapper/$m1" of=/dev/null bs=4k count=64 iflag=direct 2> /dev/null || fail "LUN 1 does not read through host B"
path_online "$a0"; path_online "$a1"
mpxctl reinstate path "$a0" > /dev/null && mpxctl reinstate path "$a1" > /dev/null || fail "cannot reinstate"
wait_for 10 "host A back" eval '[ "$(state "$m0" "$a0")" = A ] && [ "$(state "$m1" "$a1")" = A ]'

log "case 3: a medium error: the path stays up, mpxd analyses it, no sibling is checked"
mark
echo 2 > /sys/bus/pseudo/drivers/scsi_debug/opts || fail "cannot inject medium errors"
dd if="/dev/mapper/$m0" of=/dev/null bs=512 skip=4096 count=1 iflag=direct 2> /dev/null &&
	fail "a read of a medium error succeeded"
echo 0 > /sys/bus/pseudo/drivers/scsi_debug/opts
dmsetup status "$m0" | grep -qE " [0-9]+:[0-9]+ A [0-9]+ ([0-9]+ )*medium [1-9]" ||
	fail "no medium error in the status: $(dmsetup status "$m0")"
wait_for 5 "mpxd's reaction" eval 'since | grep -q "kernel medium error (path kept); evidence: TUR ok, port group [^;]*; verdict of built-in: the kernel.s verdict stands"'
since
since | grep -q "checking now" && fail "a medium error made mpxd check siblings"
[ "$(state "$m0" "$a0")" = A ] && [ "$(state "$m0" "$b0")" = A ] || fail "a medium error failed a path: $(dmsetup status "$m0")"

mpxd_stop
for m in "$m0" "$m1"; do dmsetup remove "$m"; done
rmmod scsi_debug
mpx_unload
