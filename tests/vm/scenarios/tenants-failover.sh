# Tenants during a failover, in the target alone (issue 13 item 6): one
# LIO LUN, two paths in two ALUA port groups (path A's active, path B's
# standby), the alua handler. While group 2 is being activated (the array
# takes its time over SET TARGET PORT GROUPS), the map holds I/O and says
# "failover activation"; a plain tenant's read is held, and counted as
# held for it (what mpxd's on_failover suspend reads); a tenant with
# affinity to path A, outside that group, goes ahead at once; one with
# affinity to path B waits with the rest. When the activation is done all
# of it goes, and the counters go back to nothing held. Then, with every
# path failed, a read waits in the no-path queue ("failover nopath", held)
# and goes when a path is reinstated.
# a read on the CPU LIO sleeps a transition on would wait for it: two CPUs
[ "$(nproc)" -ge 2 ] || skip "needs two vCPUs (run.sh --smp 2, the default)"
mpx_load
lio_setup 2 64 1 2
lio_set_state 2 standby
pa=${LIO_PATHS[0]} pb=${LIO_PATHS[1]}
a=$(devno "$pa"); b=$(devno "$pb")
n=$(sectors "$pa")
dmsetup create fo0 --table \
	"0 $n mpx 1 queue_if_no_path 1 alua 2 1 round-robin 0 1 1 $a 1 round-robin 0 1 1 $b 1"
M=/dev/mapper/fo0
cg_setup
P=$(cg_new fo-plain); X=$(cg_new fo-aff-a); Z=$(cg_new fo-aff-b)
dmsetup message fo0 0 tenant set "$P"
dmsetup message fo0 0 tenant set "$X" paths="$a"
dmsetup message fo0 0 tenant set "$Z" paths="$b"
dd if="$M" of=/dev/null bs=4k count=1 iflag=direct 2> /dev/null || fail "cannot read $M on group 1"

stats() { dmsetup message fo0 0 stats; }
failover_is() { stats | grep -q "^tenants .* failover $1\$"; }
held() { stats | awk '$1 == "map" { print $3 }'; }
read_in() {	# read_in CGROUP NAME [CPU]: one direct read of 4 KiB, in the background
	cg_run "$1" taskset -c "${3:-0-1}" dd if="$M" of=/dev/null bs=4k count=1 skip=$((RANDOM % 1000)) \
		iflag=direct > /dev/null 2> "dd-$2.err" &
}
failover_is none || fail "an idle map says: $(stats | grep '^tenants')"
[ "$(tenant_stat fo0 "$P" held)" = 0 ] && [ "$(tenant_stat fo0 "$P" held_ms)" = 0 ] ||
	fail "held counters of an idle tenant: $(stats | grep "^tenant $P ")"

log "group 2 activated slowly: the map holds I/O, a tenant with affinity outside it goes ahead"
# long enough that a starved guest still runs every read inside it
lio_set_trans_delay 2 30000
# failing the current group's path would do the same, but then path A would
# be no use to the affinity tenant: switch_group keeps both paths usable
trap '[ $? = 0 ] || lio_set_trans_delay 2 0' EXIT
dmsetup message fo0 0 switch_group 2
read_in fo-plain plain; pp=$!
wait_for 10 "the plain tenant's read held by the activation" eval '[ "$(held)" = 1 ]'
failover_is activation || fail "activating, the map says: $(stats | grep '^tenants')"
wait_for 10 "the plain tenant counted as held" eval '[ "$(tenant_stat fo0 "$P" held)" = 1 ]'
wait_for 10 "its held_ms growing" eval '[ "$(tenant_stat fo0 "$P" held_ms)" -ge 500 ]'
sx=$(tenant_served fo0 "$X" "$a")
# LIO holds every command submitted on the CPU that runs the transition
# (lio_transition_cpu): the read goes in on the other one
wait_for 20 "LIO running the group's transition" lio_transition_cpu
tcpu=$(lio_transition_cpu)
read_in fo-aff-a aff-a $((1 - tcpu)); px=$!
wait_for 10 "the affinity-A tenant's read done while the activation runs" \
	sh -c "! kill -0 $px 2> /dev/null"
wait "$px" || { cat dd-aff-a.err; fail "the affinity-A tenant's read failed"; }
[ "$(tenant_served fo0 "$X" "$a")" = $((sx + 1)) ] || fail "the affinity-A read did not go by $a"
[ "$(tenant_stat fo0 "$X" held)" = 0 ] || fail "the affinity-A tenant counted as held"
kill -0 "$pp" 2> /dev/null || fail "the plain tenant's read ended during the activation"
failover_is activation || fail "the activation ended early: $(stats | grep '^tenants')"
read_in fo-aff-b aff-b; pz=$!
wait_for 10 "the affinity-B tenant's read held (B's group is the one activating)" \
	eval '[ "$(held)" = 2 ]'
[ "$(tenant_stat fo0 "$Z" held)" = 1 ] || fail "the affinity-B tenant not counted as held"

log "the activation done: the held reads go, nothing is held"
wait_for 60 "the plain tenant's read" sh -c "! kill -0 $pp 2> /dev/null"
wait "$pp" || { cat dd-plain.err; fail "the plain tenant's read failed"; }
wait_for 10 "the affinity-B tenant's read" sh -c "! kill -0 $pz 2> /dev/null"
wait "$pz" || { cat dd-aff-b.err; fail "the affinity-B tenant's read failed"; }
lio_set_trans_delay 2 0
[ "$(tenant_served fo0 "$Z" "$b")" -ge 1 ] || fail "the affinity-B read did not go by $b"
[ "$(held)" = 0 ] || fail "$(held) bios still held"
failover_is none || fail "after the activation: $(stats | grep '^tenants')"
for t in "$P" "$X" "$Z"; do
	[ "$(tenant_stat fo0 "$t" held)" = 0 ] && [ "$(tenant_stat fo0 "$t" held_ms)" = 0 ] ||
		fail "tenant $t still held: $(stats | grep "^tenant $t ")"
done

log "no path: a read waits in the no-path queue, counted as held, until a path is back"
dmsetup message fo0 0 fail_path "$a"
dmsetup message fo0 0 fail_path "$b"
read_in fo-plain nopath; pn=$!
wait_for 10 "the read held with no path" eval '[ "$(tenant_stat fo0 "$P" held)" = 1 ]'
failover_is nopath || fail "with no path, the map says: $(stats | grep '^tenants')"
wait_for 10 "its held_ms growing" eval '[ "$(tenant_stat fo0 "$P" held_ms)" -ge 500 ]'
[ "$(tenant_stat fo0 "$P" ios)" -ge 1 ] || fail "the plain tenant's earlier read is not counted"
dmsetup message fo0 0 reinstate_path "$b"
wait_for 30 "the held read to finish" sh -c "! kill -0 $pn 2> /dev/null"
wait "$pn" || { cat dd-nopath.err; fail "the read held with no path failed"; }
[ "$(tenant_stat fo0 "$P" held)" = 0 ] || fail "still held after the path came back"
dmsetup message fo0 0 reinstate_path "$a"

stats | grep '^tenant'
dmsetup remove fo0
cg_rm fo-plain fo-aff-a fo-aff-b
lio_teardown
mpx_unload
