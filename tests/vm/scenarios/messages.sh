# Every message does what dm-mpx(4) says, seen in where I/O goes and in the
# status: two groups of one path each.
mpx_load
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
dmsetup create mg --table "0 $n mpx 0 0 2 1 round-robin 0 1 1 $a 1 round-robin 0 1 1 $b 1"

# io_goes_to DEV: 64 reads through the map all land on DEV.
io_goes_to() {
	local before after other_before other_after other
	other=$a
	[ "$1" = "$a" ] && other=$b
	before=$(path_ios mg "$1"); other_before=$(path_ios mg "$other")
	dd if=/dev/mapper/mg of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null ||
		fail "reads through mg failed"
	after=$(path_ios mg "$1"); other_after=$(path_ios mg "$other")
	[ $((after - before)) -ge 64 ] && [ "$other_after" = "$other_before" ] ||
		fail "expected reads on $1: it did $((after - before)), $other did $((other_after - other_before))"
}
# groups S1 S2: the status' group states
groups_are() {
	dmsetup status mg | grep -q " 0 2 [12] $1 0 1 2 $a [AF] [0-9]* [a-z]* [0-9]* $2 0 1 2 $b " ||
		fail "expected group states $1 $2: $(dmsetup status mg)"
}

io_goes_to "$a"; groups_are A E
dmsetup message mg 0 switch_group 2
dmsetup status mg | grep -q "^0 $n mpx 2 0 0 0 2 2 " || fail "switch_group 2 not shown: $(dmsetup status mg)"
io_goes_to "$b"; groups_are E A
dmsetup message mg 0 disable_group 2
io_goes_to "$a"; groups_are A D
dmsetup message mg 0 enable_group 2
io_goes_to "$a"; groups_are A E
# A path's failure and return each raise a dm event. The event's work
# allocates (the uevent): it must not run on kmpxd, the reclaim queue that
# moves held I/O, or held I/O could wait behind reclaim that needs it.
T=/sys/kernel/tracing
mountpoint -q $T || mount -t tracefs nodev $T || fail "cannot mount tracefs"
echo 0 > $T/tracing_on
: > $T/trace
echo 1 > $T/events/workqueue/workqueue_queue_work/enable
echo 1 > $T/tracing_on
event_nr() { dmsetup info mg | awk '/^Event number:/ { print $3 }'; }
ev=$(event_nr)
dmsetup message mg 0 fail_path "$a"
path_state_is mg "$a" F || fail "fail_path $a: $(dmsetup status mg)"
io_goes_to "$b"; groups_are E A
dmsetup message mg 0 reinstate_path "$a"
path_state_is mg "$a" A || fail "reinstate_path $a: $(dmsetup status mg)"
wait_for 10 "two dm events (fail, reinstate)" eval '[ "$(event_nr)" -ge $((ev + 2)) ]'
echo 0 > $T/tracing_on
echo 0 > $T/events/workqueue/workqueue_queue_work/enable
grep 'function=mpx_trigger_event ' $T/trace > event-work.txt ||
	fail "no mpx_trigger_event work in the workqueue trace"
cat event-work.txt
grep -q 'workqueue=kmpxd' event-work.txt && fail "dm events are raised from kmpxd"
log "no automatic failback: group 2 keeps serving"
io_goes_to "$b"
dmsetup message mg 0 switch_group 1
io_goes_to "$a"
log "paths by device node name"
dmsetup message mg 0 fail_path "/dev/${SD_PATHS[0]}"
path_state_is mg "$a" F || fail "fail_path /dev/${SD_PATHS[0]} did nothing"
dmsetup message mg 0 reinstate_path "/dev/${SD_PATHS[0]}"
path_state_is mg "$a" A || fail "reinstate_path by name did nothing"
[ "$(path_fail_count mg "$a")" = 2 ] || fail "fail count of $a is not 2: $(dmsetup status mg)"

log "queue_if_no_path / fail_if_no_path show in the table"
dmsetup message mg 0 queue_if_no_path
dmsetup table mg | grep -q "^0 $n mpx 1 queue_if_no_path 0 " || fail "queue_if_no_path not set: $(dmsetup table mg)"
dmsetup message mg 0 fail_if_no_path
dmsetup table mg | grep -q "^0 $n mpx 0 0 " || fail "fail_if_no_path not applied: $(dmsetup table mg)"

log "messages are refused while suspended"
dmsetup suspend mg
dmsetup message mg 0 fail_path "$a" 2>/dev/null && fail "message accepted while suspended"
dmsetup resume mg
path_state_is mg "$a" A || fail "path changed by a refused message"

log "the stats message"
dmsetup message mg 0 stats | tee stats.txt
grep -q "^group 1 state A selector round-robin paths 1 usable 1$" stats.txt || fail "stats: group 1 line"
grep -q "^path $a group 1 state A fail_count 2 ios [0-9]* bytes [0-9]* in_flight 0 path_errors 0 target_errors 0 last_error none$" stats.txt ||
	fail "stats: path $a line"
grep -q "^map held 0 queue_if_no_path 0 no_path_expired 0$" stats.txt || fail "stats: map line"
mpxctl stats mg | cmp - stats.txt || fail "mpxctl stats differs from the message"
dmsetup remove mg
sd_teardown
mpx_unload
