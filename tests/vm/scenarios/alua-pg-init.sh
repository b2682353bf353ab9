# ALUA group activation (pg_init with the alua handler). One LIO LUN, two
# paths in two target port groups: group 1 (path A) active/optimized,
# group 2 (path B) standby. The map has one priority group per path. While
# fio writes and verifies through it, path A goes away twice: its port
# group becomes unavailable at the array, then the path goes offline. Each
# time mpx must move to priority group 2 and activate it: the handler sends
# SET TARGET PORT GROUPS through path B, and the array makes group 2
# active/optimized. fio must see no error and no verify failure. After each
# round path A comes back and switch_group 1 must move I/O back to it.
# Last, an ioctl that arrives during a (slowed down) activation must wait
# for it, as I/O does; and I/O of a tenant set to nopath=fail, held there
# behind another tenant's, fails once the last path is gone.
mpx_load
lio_setup 2 64 1 2
lio_set_state 2 standby
pa=${LIO_PATHS[0]} pb=${LIO_PATHS[1]}
a=$(devno "$pa"); b=$(devno "$pb")
n=$(sectors "$pa")
line="0 $n mpx 1 queue_if_no_path 1 alua 2 1 round-robin 0 1 1 $a 1 round-robin 0 1 1 $b 1"
dmsetup create alua0 --table "$line"
M=/dev/mapper/alua0

dmsetup table alua0 | tee table.txt
[ "$(cat table.txt)" = "$line " ] || fail "unexpected table: $(cat table.txt)"
for p in "$pa" "$pb"; do
	[ "$(cat "/sys/block/$p/device/dh_state")" = alua ] ||
		fail "$p: handler '$(cat "/sys/block/$p/device/dh_state")', expected alua"
done

# access_state SD: the path's ALUA state as the alua handler last saw it.
access_state() { cat "/sys/block/$1/device/access_state"; }
has_access_state() { [ "$(access_state "$1")" = "$2" ]; }
wait_for 20 "the alua handler to see $pa active/optimized" has_access_state "$pa" active/optimized
wait_for 20 "the alua handler to see $pb standby" has_access_state "$pb" standby

# status_is REGEX: "dmsetup status" matches REGEX (extended).
status_is() { dmsetup status alua0 > status.txt && grep -qE "$1" status.txt; }

# path_stat MAJ:MIN KEY: one of the path's counters in the stats message.
path_stat() {
	dmsetup message alua0 0 stats | awk -v d="$1" -v k="$2" '$1 == "path" && $2 == d {
		for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }'
}
path_ios() { path_stat "$1" ios; }
path_ios_above() { [ "$(path_ios "$1")" -gt "$2" ]; }

# fio_start NAME: write then verify 48 MiB through the map in the
# background, paced so that it outlasts the failover (FIO_PID).
fio_start() {
	fio --name="$1" --filename="$M" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size=48m --rate_iops=750 \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3 > "$1.out" 2>&1 &
	FIO_PID=$!
}

fio_running() { kill -0 "$FIO_PID" 2> /dev/null; }
fio_done() { ! fio_running; }

# fio_finish NAME: fio ended without an error or a verify failure.
fio_finish() {
	wait_for 600 "fio $1 to end" fio_done
	wait "$FIO_PID" || { cat "$1.out"; fail "fio $1 failed"; }
	_fio_check_errors "$1.out"
	log "fio $1: 48 MiB written and verified, no error"
}

log "group 1 serves: first I/O activates it"
dd if="$M" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null || fail "cannot read $M"
status_is "^0 $n mpx 2 0 [1-9][0-9]* 0 2 1 A 0 1 2 $a A 0 [a-z]+ [0-9]+ E 0 1 2 $b A 0 [a-z]+ [0-9]+ \$" ||
	fail "group 1 not active and activated: $(cat status.txt)"
[ "$(lio_state 2)" = 2 ] || fail "group 2 left standby at the array ($(lio_state 2))"

# failover ROUND HOW: with fio running on group 1, take path A away (HOW
# is a command), then check that group 2 was activated and fio went on.
failover() {
	local round=$1 start
	shift
	start=$(path_ios "$a")
	fio_start "$round"
	wait_for 120 "path A ($a) to serve fio's I/O" path_ios_above "$a" $((start + 1000))
	fio_running || fail "fio $round ended before the failover (too fast to test anything)"
	local before errors
	before=$(path_ios "$b") errors=$(path_stat "$a" path_errors)
	klog_mark
	"$@"
	# mpx fails path A on its I/O errors (no fail_path message: mpx must
	# notice by itself), switches to group 2, and holds I/O until the
	# handler has activated path B (SET TARGET PORT GROUPS).
	wait_for 60 "mpx to activate group 2" \
		status_is "^0 $n mpx 2 0 [1-9][0-9]* 0 2 2 E 0 1 2 $a F [1-9][0-9]* [a-z]+ [0-9]+ A 0 1 2 $b A 0 [a-z]+ [0-9]+ \$"
	log "switched: $(cat status.txt)"
	[ "$(path_stat "$a" path_errors)" -gt "$errors" ] ||
		fail "path A failed without a path error counted"
	! klog_since | grep -E "mpx: .*(Could not failover|Error)" ||
		fail "group activation reported an error"
	[ "$(lio_state 2)" = 0 ] ||
		fail "group 2 at the array is in state $(lio_state 2), not 0 (active/optimized): no STPG?"
	wait_for 20 "the alua handler to see $pb active/optimized" \
		has_access_state "$pb" active/optimized
	# SG_IO through the map goes down the usable path, and the array
	# reports group 2 active/optimized.
	local rtpg
	rtpg=$(ua_retry sg_rtpg --decode "$M") || fail "sg_rtpg through $M failed: $rtpg"
	awk '/target port group id : 0x2 / { g = 1 } g && /access state/ { print; exit }' \
		<<< "$rtpg" | grep -q "(active/optimized)" ||
		fail "sg_rtpg through $M: group 2 not active/optimized: $rtpg"
	wait_for 60 "path B ($b) to serve I/O" path_ios_above "$b" "$before"
	fio_running || fail "fio $round ended before I/O moved to path B"
	fio_finish "$round"
	klog_since > "klog-$round.txt"
}

# failback ROUND: path A is back at the array: reinstate it, switch to
# group 1, and check that I/O goes to path A only.
failback() {
	dmsetup message alua0 0 reinstate_path "$a"
	dmsetup message alua0 0 switch_group 1
	local ia ib
	ia=$(path_ios "$a") ib=$(path_ios "$b")
	fio_verify "$M" 8m
	status_is "^0 $n mpx 2 0 [1-9][0-9]* 0 2 1 A 0 1 2 $a A [1-9][0-9]* [a-z]+ [0-9]+ E 0 1 2 $b A 0 [a-z]+ [0-9]+ \$" ||
		fail "$1: group 1 not active again: $(cat status.txt)"
	[ "$(path_ios "$a")" -ge $((ia + 2048)) ] ||
		fail "$1: path A served only $(( $(path_ios "$a") - ia )) I/Os of the 8 MiB fio run (2048 writes, as many reads)"
	[ "$(path_ios "$b")" = "$ib" ] ||
		fail "$1: path B still served $(( $(path_ios "$b") - ib )) I/Os after switch_group 1"
	log "$1: back on group 1: $(cat status.txt)"
}

log "round 1: group 1 becomes unavailable at the array"
failover unavailable lio_set_state 1 unavailable
lio_set_state 1 optimized
failback unavailable

log "round 2: path A goes offline"
# Group 2 back to standby: activating it must send SET TARGET PORT GROUPS
# again (the handler reads the groups' states first, so what it last saw
# of path B does not matter).
lio_set_state 2 standby
failover offline path_offline "$pa"
path_online "$pa"
failback offline

log "an ioctl while group 2 is being activated waits for the activation"
# I/O is held while a group activates, whether or not queue_if_no_path is
# set, and so must ioctls be: they wait (dm core retries while
# prepare_ioctl says -ENOTCONN) instead of failing. The array takes 2 s
# over SET TARGET PORT GROUPS, so the ioctl arrives in the middle of it.
dmsetup message alua0 0 fail_if_no_path
lio_set_state 2 standby
lio_set_trans_delay 2 2000
dmsetup message alua0 0 fail_path "$a"
out=$(ua_retry sg_inq "$M") ||
	fail "sg_inq through $M while group 2 was being activated failed: $out"
status_is "^0 $n mpx 2 0 [1-9][0-9]* 0 2 2 E 0 1 2 $a F [1-9][0-9]* [a-z]+ [0-9]+ A 0 1 2 $b A 0 [a-z]+ [0-9]+ \$" ||
	fail "group 2 not active after the ioctl: $(cat status.txt)"
[ "$(lio_state 2)" = 0 ] || fail "group 2 at the array is in state $(lio_state 2), not 0"
lio_set_trans_delay 2 0

log "a nopath=fail tenant's I/O held behind another's fails once no path is left"
# Held by a (slowed) activation, behind a bio of a tenant that queues, with
# the last path failing meanwhile: the nopath=fail tenant's read must fail,
# not wait with the other one for a path.
cg_setup
F=$(cg_new nopath-fail); Q=$(cg_new nopath-queue)
dmsetup message alua0 0 queue_if_no_path
dmsetup message alua0 0 tenant set "$F" nopath=fail
dmsetup message alua0 0 tenant set "$Q"
dmsetup message alua0 0 reinstate_path "$a"
dmsetup message alua0 0 switch_group 1
dd if="$M" of=/dev/null bs=4k count=1 iflag=direct 2> /dev/null || fail "cannot read $M on group 1"
lio_set_state 2 standby
# long enough that a starved guest still starts both reads inside it
lio_set_trans_delay 2 20000
dmsetup message alua0 0 fail_path "$a"
held() { dmsetup message alua0 0 stats | awk '$1 == "map" { print $3 }'; }
# a failure below must not leave reads held (the guest would wait on them)
trap '[ $? = 0 ] || dmsetup message alua0 0 fail_if_no_path' EXIT
cg_run nopath-queue dd if="$M" of=/dev/null bs=4k count=1 iflag=direct > /dev/null 2> dd-q.err & pq=$!
wait_for 10 "the queueing tenant's read held by the activation" eval '[ "$(held)" = 1 ]'
cg_run nopath-fail dd if="$M" of=/dev/null bs=4k count=1 iflag=direct > /dev/null 2> dd-f.err & pf=$!
wait_for 10 "the failing tenant's read held behind it" eval '[ "$(held)" = 2 ]'
dmsetup message alua0 0 fail_path "$b"
wait_for 60 "the nopath=fail tenant's read to end" sh -c "! kill -0 $pf 2> /dev/null"
if wait "$pf"; then fail "the nopath=fail tenant's read succeeded with no path"; fi
kill -0 "$pq" 2> /dev/null || fail "the queueing tenant's read did not wait for a path"
[ "$(held)" = 1 ] || fail "$(held) reads held, expected the queueing tenant's only"
dmsetup message alua0 0 reinstate_path "$b"
wait_for 60 "the queueing tenant's read to finish" sh -c "! kill -0 $pq 2> /dev/null"
wait "$pq" || { cat dd-q.err; fail "the queueing tenant's read failed"; }
lio_set_trans_delay 2 0

dmsetup message alua0 0 stats
dmsetup remove alua0
cg_rm nopath-fail nopath-queue
lio_teardown
mpx_unload
