# Tenants see failover as it happens (issue 13 item 6), with mpxd and the
# real target: vm-a (affinity to path a) reads under load and a fails: the
# target moves vm-a's I/O to b at once (mpxd leaves its rule alone, vm-a
# is never held long enough to be frozen, fio sees no error), and back to
# a when mpxd reinstates it. Then with every path offline, vm-q, which has
# done no I/O on the table, starts a write+verify: its only I/O waits in
# the no-path queue (the target counts it as held), mpxd freezes vm-q
# once it has waited failover_freeze_delay, not before; paths back, that
# I/O flows, vm-q is thawed and its verify passes.
mpx_load
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup ||
	fail "cannot mount cgroup2"
CG=/sys/fs/cgroup
mkdir -p $CG/mpxtest.slice/vm-a.scope $CG/mpxtest.slice/vm-q.scope
A=$(stat -c %i $CG/mpxtest.slice/vm-a.scope)
Q=$(stat -c %i $CG/mpxtest.slice/vm-q.scope)
log "cgroups: vm-a $A, vm-q $Q"
udev_start
sd_setup 2 64
a=${SD_PATHS[0]}; b=${SD_PATHS[1]}
da=$(devno "$a"); db=$(devno "$b")

cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	checker_timeout 5
	no_path_retry queue
	user_friendly_names yes
	bindings_file "$PWD/bindings"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
tenants {
	tenant {
		name vm-a
		cgroup "mpxtest.slice/vm-a.scope"
		path_affinity "paths $a"
		on_failover suspend
		failover_freeze_delay 1
	}
	tenant {
		name vm-q
		cgroup "mpxtest.slice/vm-q.scope"
		on_failover suspend
		failover_freeze_delay 1
		suspend_timeout 300
	}
}
CONF
mpxd --check-config -c "$PWD/mpx.conf" > check.txt || fail "--check-config refused the config"
grep -Eq 'failover_freeze_delay +1 ' check.txt || fail "--check-config does not show failover_freeze_delay"
mpxd_start
wait_for 30 "map mpatha" dmsetup info mpatha

rule() { dmsetup message mpatha 0 stats | grep "^tenant $1 " || true; }
has_rule() { [ -n "$(rule "$1")" ]; }
frozen() { grep -qx "frozen 1" "$CG/mpxtest.slice/$1/cgroup.events"; }
failover_is() { dmsetup message mpatha 0 stats | grep -q "^tenants .* failover $1\$"; }

wait_for 20 "rules for vm-a and vm-q" eval 'has_rule "$A" && has_rule "$Q"'
rule "$A" | grep -q " affinity paths:$da .* held 0 held_ms 0 " ||
	fail "vm-a's rule or held counters: $(rule "$A")"
failover_is none || fail "a map without failover says: $(dmsetup message mpatha 0 stats | grep '^tenants')"

log "vm-a reads through its affinity path $a"
(echo "$BASHPID" > $CG/mpxtest.slice/vm-a.scope/cgroup.procs &&
	exec fio --name=aff --filename=/dev/mapper/mpatha --direct=1 --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=4 --time_based --runtime=600 \
		--output-format=terse --terse-version=3) > fio-aff.out 2>&1 &
aff_pid=$!
wait_for 30 "vm-a's reads on $a" eval '[ "$(tenant_served mpatha "$A" "$da")" -gt 50 ]'
[ "$(tenant_served mpatha "$A" "$db")" = 0 ] || fail "vm-a used $b against its affinity"
msg_a=$(rule "$A" | awk '{ for (i = 3; i <= 14; i++) printf "%s ", $i }')

log "$a fails under vm-a's reads: the target sends them to $b at once"
t0=$(now_ms)
path_offline "$a"
wait_for 20 "vm-a's reads on $b" eval '[ "$(tenant_served mpatha "$A" "$db")" -gt 0 ]'
t1=$(now_ms)
wait_for 20 "more of vm-a's reads on $b" eval '[ "$(tenant_served mpatha "$A" "$db")" -gt 50 ]'
kill -0 $aff_pid 2> /dev/null || { cat fio-aff.out; fail "vm-a's fio ended"; }
path_state_is mpatha "$da" F || fail "$a is not failed in the map"
log "vm-a served by $b $((t1 - t0)) ms after $a went offline (times under TCG, for information)"
# the move is the target's: mpxd sent vm-a no new rule
[ "$(rule "$A" | awk '{ for (i = 3; i <= 14; i++) printf "%s ", $i }')" = "$msg_a" ] ||
	fail "vm-a's rule changed: $(rule "$A")"
grep -q 'cgroup mpxtest.slice/vm-a.scope frozen' mpxd.log &&
	fail "vm-a was frozen: its I/O waited for its failed affinity path"
wait_for 10 "vm-a's held I/O gone" eval '[ "$(tenant_stat mpatha "$A" held)" = 0 ]'

log "$a back: mpxd reinstates it, vm-a returns to it"
path_online "$a"
wait_for 30 "$a reinstated" path_state_is mpatha "$da" A
sa=$(tenant_served mpatha "$A" "$da")
wait_for 20 "vm-a's reads on $a again" eval '[ "$(tenant_served mpatha "$A" "$da")" -gt $((sa + 50)) ]'
kill -INT $aff_pid
# (fio interrupted exits non-zero: its report says whether a read failed)
wait $aff_pid || true
_fio_check_errors fio-aff.out
frozen vm-a.scope && fail "vm-a frozen"

log "every path offline while vm-q is idle: vm-q is not frozen"
path_offline "$a"
path_offline "$b"
wait_for 30 "no usable path in mpatha" eval '[ -z "$(map_usable mpatha)" ]'
[ "$(tenant_stat mpatha "$Q" ios)" = 0 ] || fail "vm-q did I/O: $(rule "$Q")"
# vm-a read from the map: it is frozen; vm-q has used nothing
wait_for 20 "vm-a frozen (it used the map)" frozen vm-a.scope
frozen vm-q.scope && fail "vm-q frozen without any I/O"

log "vm-q writes: its only I/O waits in the no-path queue, frozen after failover_freeze_delay"
(echo "$BASHPID" > $CG/mpxtest.slice/vm-q.scope/cgroup.procs &&
	exec fio --name=verify-q --filename=/dev/mapper/mpatha --direct=1 \
		--ioengine=libaio --rw=randwrite --bs=4k --iodepth=8 --size=8m \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3) > fio-verify-q.out 2>&1 &
q_pid=$!
wait_for 20 "vm-q's I/O held" eval '[ "$(tenant_stat mpatha "$Q" held)" -gt 0 ]'
failover_is nopath || fail "a map holding I/O with no path says: $(dmsetup message mpatha 0 stats | grep '^tenants')"
wait_for 20 "vm-q frozen" frozen vm-q.scope
rule "$Q" | tee rule-q-frozen.txt
[ "$(tenant_stat mpatha "$Q" ios)" = 0 ] || fail "vm-q completed I/O with no path"
[ "$(tenant_stat mpatha "$Q" held_ms)" -ge 1000 ] || fail "vm-q's held I/O: $(rule "$Q")"
line=$(grep -m1 'cgroup mpxtest.slice/vm-q.scope frozen' mpxd.log) ||
	fail "vm-q's freeze is not logged"
log "mpxd: $line"
ms=$(echo "$line" | sed -n 's/.*no usable path for \([0-9]*\) ms.*/\1/p')
[ -n "$ms" ] || fail "the freeze's log line does not say why and for how long"
[ "$ms" -ge 1000 ] || fail "vm-q frozen after $ms ms, before failover_freeze_delay (1 s)"
mpxctl show tenants | tee show-frozen.txt
grep -q "^vm-q .* frozen" show-frozen.txt || fail "show tenants does not say vm-q is frozen"
grep -A1 "^vm-q " show-frozen.txt | grep -q " ios 0 .* held [1-9][0-9]* held_ms [0-9]* " ||
	fail "show tenants does not show vm-q's held I/O"

log "paths back: vm-q's I/O flows, it is thawed, its write+verify passes"
path_online "$a"
path_online "$b"
wait_for 30 "vm-q thawed" eval '! frozen vm-q.scope'
grep -q "cgroup mpxtest.slice/vm-q.scope thawed: a path is back, its I/O flows" mpxd.log ||
	fail "vm-q's thaw is not logged"
wait_for 30 "vm-a thawed" eval '! frozen vm-a.scope'
wait_for 120 "vm-q's fio to finish" eval '! kill -0 $q_pid 2> /dev/null'
wait $q_pid || { cat fio-verify-q.out; fail "vm-q's write+verify failed"; }
_fio_check_errors fio-verify-q.out
[ "$(tenant_stat mpatha "$Q" ios)" -gt 0 ] || fail "vm-q's I/O is not counted as done"
[ "$(tenant_stat mpatha "$Q" held)" = 0 ] || fail "vm-q still held: $(rule "$Q")"
failover_is none || fail "the map still reports a failover: $(dmsetup message mpatha 0 stats | grep '^tenants')"

mpxd_stop
dmsetup remove mpatha
rmdir $CG/mpxtest.slice/vm-a.scope $CG/mpxtest.slice/vm-q.scope $CG/mpxtest.slice
sd_teardown
mpx_unload
