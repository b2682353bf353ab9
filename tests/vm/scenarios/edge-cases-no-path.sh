# All paths down under mpxd: held I/O waits, then fails cleanly when the
# limit passes, and nothing hangs while it waits or after.
# - no_path_retry 5: a read waits about 5 polling intervals, then fails
#   with EIO; mpxctl and dmsetup answer meanwhile; new I/O then fails at
#   once; a path coming back turns queueing on again.
# - no_path_retry queue: a read waits as long as it takes; dmsetup remove
#   of the open map is refused at once (not hung); SIGTERM to mpxd fails the
#   held I/O (queue_without_daemon no) and the map can then be removed.
# - no_path_timeout in features: with mpxd killed (SIGKILL, queueing left
#   on), the kernel still fails held I/O when the timeout passes, and the
#   map can be removed.
mpx_load
udev_start
sd_setup 2 64
a=${SD_PATHS[0]} b=${SD_PATHS[1]}
da=$(devno "$a") db=$(devno "$b")

# conf NO_PATH_RETRY [FEATURES]
conf() {
	cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 1
	checker_timeout 5
	find_multipaths yes
	user_friendly_names yes
	bindings_file "$PWD/bindings"
	no_path_retry $1
	features "${2:-0}"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
CONF
}
queueing() { dmsetup table mpatha | grep -q ' queue_if_no_path '; }
both_failed() { path_state_is mpatha "$da" F && path_state_is mpatha "$db" F; }
paths_down() {
	path_offline "$a"
	path_offline "$b"
	wait_for 20 "both paths failed in mpatha" both_failed
}
# answers CMD...: CMD answers within 10 s, successfully
answers() {
	timeout 10 "$@" > answer.out 2>&1 || { cat answer.out; fail "'$*' did not answer while I/O was held"; }
}

log "no_path_retry 5: held I/O fails after about 5 polling intervals"
conf 5
mpxd_start
wait_for 60 "mpatha with both paths" map_all_active mpatha 2
wait_for 30 "/dev/mapper/mpatha to read" map_ready mpatha
queueing || fail "no queue_if_no_path with no_path_retry 5: $(dmsetup table mpatha)"
paths_down
t_down=$(now_ms)	# mpxd failed both paths by now: its count has begun
held_read_start /dev/mapper/mpatha
held() { dmsetup message mpatha 0 stats | awk '$1 == "map" { print $3 }'; }
# (a starved guest can see the whole 5 s go by before it looks: whether
# the read waited long enough is judged by when it ended, below)
wait_for 10 "the read held by the target, or ended" eval '[ "$(held)" = 1 ] || ! held_read_running'
answers mpxctl show maps
grep -q mpatha answer.out || fail "mpxctl show maps lost mpatha: $(cat answer.out)"
answers mpxctl show paths
[ "$(grep -c ' failed ' answer.out)" = 2 ] || fail "mpxctl does not show both paths failed: $(cat answer.out)"
answers dmsetup status mpatha
answers dmsetup table mpatha
held_read_wait 60
down_ms=$(( HELD_T0 + HELD_MS - t_down ))
log "the held read ended after $HELD_MS ms ($down_ms ms after both paths were down) with status $HELD_RC"
[ "$HELD_RC" != 0 ] || fail "the held read succeeded with no path"
grep -q "Input/output error" held.err || fail "the held read did not fail with EIO: $(cat held.err)"
# 5 polling intervals of 1 s from the moment mpxd saw no path, which is
# no later than its failing the second path, which t_down saw at most one
# polling of wait_for (a second, with a busy host) after
[ "$down_ms" -ge 4000 ] ||
	fail "the held read failed $down_ms ms after both paths were down, before no_path_retry 5 (5 s) ran out"
grep -q 'no_path_retry), failing I/O' mpxd.log || fail "mpxd did not log why it failed I/O"
queueing && fail "queue_if_no_path still on after no_path_retry ran out"
held_read_start /dev/mapper/mpatha
# Queued I/O would wait for a path that is not coming back (held_read_wait
# fails at 30 s); an answer well before that is the prompt failure. The
# bound is loose because a starved TCG guest takes seconds for one read.
held_read_wait 30
[ "$HELD_RC" != 0 ] && [ "$HELD_MS" -lt 15000 ] ||
	fail "new I/O after the limit: status $HELD_RC after $HELD_MS ms, expected a prompt failure"
path_online "$a"
wait_for 20 "mpxd to reinstate $a" path_state_is mpatha "$da" A
wait_for 20 "queueing on again once a path is back" queueing
dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=1 iflag=direct 2> /dev/null ||
	fail "a read through the reinstated path failed"
path_online "$b"
wait_for 20 "mpxd to reinstate $b" path_state_is mpatha "$db" A

log "no_path_retry queue: held I/O waits; remove is refused, not hung; SIGTERM releases it"
conf queue
mpxctl reconfigure > /dev/null || fail "reconfigure to no_path_retry queue failed"
paths_down
held_read_start /dev/mapper/mpatha
wait_for 10 "the read held by the target" eval '[ "$(held)" = 1 ]'
sleep 8	# longer than no_path_retry 5 took: the span in which it must keep waiting
held_read_running || fail "the read did not keep waiting with no_path_retry queue"
rc=0
timeout 20 dmsetup remove mpatha > remove.out 2>&1 || rc=$?
[ "$rc" != 124 ] || fail "dmsetup remove hung on a map with held I/O"
[ "$rc" != 0 ] && dmsetup info mpatha > /dev/null ||
	fail "dmsetup remove of a map with held I/O: status $rc, map $(dmsetup info mpatha > /dev/null 2>&1 && echo kept || echo gone)"
grep -qi "busy" remove.out || fail "unclear refusal: $(cat remove.out)"
answers mpxctl show topology
held_read_running || fail "the held read ended early"
kill -TERM "$MPXD_PID"
wait_for 30 "mpxd to stop on SIGTERM" eval '! kill -0 $MPXD_PID'
wait "$MPXD_PID" || fail "mpxd exited with $? on SIGTERM"
held_read_wait 30
[ "$HELD_RC" != 0 ] || fail "the held read succeeded with no path"
queueing && fail "queue_if_no_path still on after mpxd stopped (queue_without_daemon no)"
timeout 30 dmsetup remove mpatha || fail "the map could not be removed once I/O was released"

log "no_path_timeout 6 in features: the kernel fails held I/O without mpxd"
path_online "$a"
path_online "$b"
conf queue "2 no_path_timeout 6"
mpxd_start
wait_for 60 "mpatha with both paths" map_all_active mpatha 2
wait_for 30 "/dev/mapper/mpatha to read" map_ready mpatha
dmsetup table mpatha | grep -q ' queue_if_no_path .*no_path_timeout 6 ' ||
	fail "features not in the table: $(dmsetup table mpatha)"
kill -KILL "$MPXD_PID"
wait "$MPXD_PID" 2> /dev/null || true
# no daemon to fail the paths: the read fails them, then waits
path_offline "$a"
path_offline "$b"
held_read_start /dev/mapper/mpatha
held_read_wait 60
log "the held read ended after $HELD_MS ms with status $HELD_RC"
[ "$HELD_RC" != 0 ] || fail "the held read succeeded with no path"
[ "$HELD_MS" -ge 4500 ] || fail "the held read failed after $HELD_MS ms, before no_path_timeout 6"
[ "$HELD_MS" -lt 30000 ] || fail "the held read took $HELD_MS ms to fail, far beyond no_path_timeout 6"
answers mpxctl show maps
timeout 30 dmsetup remove mpatha || fail "the map could not be removed after no_path_timeout"
path_online "$a"
path_online "$b"
[ -z "$(mpx_maps)" ] || fail "maps left: $(mpx_maps)"
sd_teardown
mpx_unload
