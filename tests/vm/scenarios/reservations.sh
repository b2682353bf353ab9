# Persistent reservations and ioctls through an mpx map over a LIO LUN
# with three tcm_loop paths: the map uses the first two, the third is
# "another host". The block PR ioctls on the map are dm core's: REGISTER
# goes to every path of the table (LIO keeps one registration per I_T
# nexus, so the key shows once per map path), RESERVE and PREEMPT go to
# the first path in table order that accepts them, RELEASE to every path,
# CLEAR (and every other ioctl, SG_IO included) to the one path mpx's
# prepare_ioctl picks, which must be a usable one. LIO answers the first
# command through a nexus after another nexus changed the reservation with
# a unit attention: ua_retry runs such commands once more.
mpx_load
lio_setup 3 64
pa=${LIO_PATHS[0]} pb=${LIO_PATHS[1]} other=${LIO_PATHS[2]}
a=$(devno "$pa"); b=$(devno "$pb")
n=$(sectors "$pa")
dmsetup create pr0 --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
M=/dev/mapper/pr0
K=0x6d7078a1	# our key (sg_persist's spelling: lowercase, no leading zeros)
O=0xb0b		# the other host's key

# keys_seen SD: the registered keys as read through SD, one per line.
keys_seen() {
	local out
	out=$(ua_retry sg_persist --in --read-keys "/dev/$1") ||
		fail "sg_persist --read-keys through $1 failed: $out"
	awk '/^ +0x[0-9a-f]+$/ { print $1 }' <<< "$out"
}

# registrants SD: "<key> <initiator SAS address> holder|-" per registered
# I_T nexus, from the full status read through SD.
registrants() {
	local out
	out=$(ua_retry sg_persist --in --read-full-status "/dev/$1") ||
		fail "sg_persist --read-full-status through $1 failed: $out"
	awk '/^ +Key=/ { if (k) print k, sas, h; k = substr($1, 5); sas = "?"; h = "-" }
	     /<< Reservation holder >>/ { h = "holder" }
	     /SAS address:/ { sas = $3 }
	     END { if (k) print k, sas, h }' <<< "$out"
}

# reservation SD: "<key> <type>" of the reservation read through SD, or
# "none".
reservation() {
	local out
	out=$(ua_retry sg_persist --in --read-reservation "/dev/$1") ||
		fail "sg_persist --read-reservation through $1 failed: $out"
	awk '/NO reservation held/ { print "none" }
	     /^ +Key=/ { k = substr($1, 5) }
	     /scope: .*type: / { sub(/.*type: /, ""); print k, $0 }' <<< "$out"
}

# expect_keys KEY...: read through every LIO path, the registered keys are
# exactly KEY... (one per registered I_T nexus; none given: no key).
expect_keys() {
	local sd got want
	want=$(printf '%s\n' "$@" | sort | xargs)
	for sd in "${LIO_PATHS[@]}"; do
		got=$(keys_seen "$sd" | sort | xargs)
		[ "$got" = "$want" ] ||
			fail "through $sd: registered keys '$got', expected '$want'"
	done
}

# expect_registered KEY HOLDER: read through every map path, exactly the
# two map paths' I_T nexuses are registered with KEY; HOLDER is the index
# of the one holding the reservation, or "-" for none.
expect_registered() {
	local key=$1 holder=$2 sd want got i
	want=$(for i in 0 1; do
		echo "$key $(lio_sas_address $i) $([ "$holder" = $i ] && echo holder || echo -)"
	done | sort)
	for sd in "$pa" "$pb"; do
		got=$(registrants "$sd" | sort)
		[ "$got" = "$want" ] ||
			fail "through $sd: registrations '$got', expected '$want'"
	done
	# and what LIO itself holds: one line per registered nexus
	local regs
	regs=$(lio_registered)
	for i in 0 1; do
		grep -q "Node: $(lio_initiator_wwn $i) .*Key: 0x0*${key#0x} " <<< "$regs" ||
			fail "LIO has no registration of path $i's nexus with $key: $regs"
	done
	! grep -q "Node: $(lio_initiator_wwn 2) " <<< "$regs" ||
		fail "the other host's nexus is registered: $regs"
}

# expect_reservation WHAT: every LIO path reads reservation WHAT.
expect_reservation() {
	local sd got
	for sd in "${LIO_PATHS[@]}"; do
		got=$(reservation "$sd")
		[ "$got" = "$1" ] || fail "through $sd: reservation '$got', expected '$1'"
	done
}

# expect_paths_clean WHEN: both paths usable, neither ever failed.
expect_paths_clean() {
	local st
	st=$(dmsetup status pr0)
	grep -q " $a A 0 [a-z]* [0-9]* $b A 0 [a-z]* [0-9]* \$" <<< "$st" || fail "$1: paths changed: $st"
}

# reqs SD: SCSI commands sent to the path's device so far.
reqs() { printf '%d\n' "$(cat "/sys/block/$1/device/iorequest_cnt")"; }

log "nothing registered yet"
expect_keys
expect_reservation none

log "register $K through $M: dm core registers it on every path of the map"
pr-ioctl register "$M" 0 "$K" || fail "PR REGISTER through $M failed"
expect_keys "$K" "$K"
expect_registered "$K" -

log "reserve (write exclusive) through $M: held by the first path of the table"
pr-ioctl reserve "$M" "$K" write-exclusive || fail "PR RESERVE through $M failed"
expect_reservation "$K Write Exclusive"
expect_registered "$K" 0
# Only the holder's nexus may write: round-robin sends every other write
# down $pb, and LIO refuses it. That is a reservation conflict, not a path
# error: it goes back to the writer and the path stays in use.
klog_mark
expect_fail "writes through the non-holder path $pb" \
	dd if=/dev/zero of="$M" bs=4k count=8 oflag=direct
grep -q "reservation conflict" <<< "$(klog_since)" ||
	fail "no reservation conflict in the kernel log after writing through $M"
dd if="$M" of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null ||
	fail "reads through $M fail under a write exclusive reservation"
expect_paths_clean "after a reservation conflict"
dmsetup message pr0 0 stats > stats.txt
awk -v d="$b" '$1 == "path" && $2 == d {
	for (i = 3; i < NF; i++) if ($i == "target_errors") e = $(i + 1)
} END { exit !(e > 0) }' stats.txt ||
	fail "path $b counted no target error for the conflict: $(cat stats.txt)"

log "release through $M: dm core sends it down every path, the holder's releases it"
ua_retry pr-ioctl release "$M" "$K" write-exclusive || fail "PR RELEASE through $M failed"
expect_reservation none
expect_registered "$K" -

log "reserve write exclusive, registrants only: every map path may write"
pr-ioctl reserve "$M" "$K" write-exclusive-reg-only || fail "PR RESERVE (WE_RO) through $M failed"
expect_reservation "$K Write Exclusive, registrants only"
fio_verify "$M" 8m
expect_paths_clean "after fio under a registrants-only reservation"
# Releasing it makes LIO queue a "reservations released" unit attention for
# the other registered nexus, and dm core sends the release down that path
# too: sd hands the unit attention back as the ioctl's result (6.1 does not
# retry it), so the first release reports a failure after doing its job.
ua_retry pr-ioctl release "$M" "$K" write-exclusive-reg-only ||
	fail "PR RELEASE (WE_RO) through $M failed"
expect_reservation none

log "preempt: another host ($other) holds a reservation, $M takes it over"
ua_retry sg_persist --out --register --param-sark="$O" "/dev/$other" > /dev/null ||
	fail "the other host could not register $O"
ua_retry sg_persist --out --reserve --param-rk="$O" --prout-type=1 "/dev/$other" > /dev/null ||
	fail "the other host could not reserve"
expect_reservation "$O Write Exclusive"
ua_retry pr-ioctl preempt "$M" "$K" "$O" write-exclusive-reg-only ||
	fail "PR PREEMPT through $M failed"
expect_reservation "$K Write Exclusive, registrants only"
expect_keys "$K" "$K"
expect_registered "$K" 0

log "clear through $M: one path carries it, and it clears the LUN"
ua_retry pr-ioctl clear "$M" "$K" || fail "PR CLEAR through $M failed"
expect_keys
expect_reservation none

log "SG_IO through $M"
ua_retry pr-ioctl register "$M" 0 "$K" || fail "PR REGISTER through $M failed"
out=$(ua_retry sg_inq "$M") || fail "sg_inq $M failed: $out"
grep -q "Vendor identification: LIO-ORG" <<< "$out" || fail "sg_inq $M: not the LIO LUN: $out"
grep -q "Unit serial number: $LIO_SERIAL" <<< "$out" || fail "sg_inq $M: no unit serial: $out"
got=$(keys_seen "mapper/pr0" | xargs)
[ "$got" = "$K $K" ] || fail "sg_persist --read-keys $M: '$got', expected '$K $K'"

log "one path failed: ioctls go to the usable path"
dmsetup message pr0 0 fail_path "$a"
st=$(dmsetup status pr0)
grep -q " $a F 1 [a-z]* [0-9]* $b A 0 [a-z]* [0-9]* \$" <<< "$st" || fail "$a not failed: $st"
ra=$(reqs "$pa") rb=$(reqs "$pb")
for i in 1 2 3 4; do
	out=$(ua_retry sg_inq "$M") || fail "sg_inq $M with $pa failed: $out"
done
got=$(keys_seen "mapper/pr0" | xargs)
[ "$got" = "$K $K" ] || fail "sg_persist --read-keys $M with $pa failed: '$got', expected '$K $K'"
ua_retry pr-ioctl clear "$M" "$K" || fail "PR CLEAR through $M with $pa failed"
[ "$(reqs "$pa")" = "$ra" ] ||
	fail "SCSI commands went to the failed path $pa ($ra -> $(reqs "$pa") requests)"
[ "$(reqs "$pb")" -ge $((rb + 6)) ] ||
	fail "only $(( $(reqs "$pb") - rb )) SCSI commands reached $pb, expected 6 or more"
expect_keys
# dm core registers on every path of the table, failed ones too (mpx's
# iterate_devices lists them all): a path that comes back is registered.
ua_retry pr-ioctl register "$M" 0 "$K" || fail "PR REGISTER through $M with $pa failed"
expect_registered "$K" -
dmsetup message pr0 0 reinstate_path "$a"
ua_retry pr-ioctl clear "$M" "$K" || fail "PR CLEAR through $M failed"
expect_keys
expect_reservation none

dmsetup remove pr0
lio_teardown
mpx_unload
