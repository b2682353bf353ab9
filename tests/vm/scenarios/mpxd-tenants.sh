# mpxd and tenants: a tenants section covering two cgroups (vm-a by its
# own entry, the rest of mpxtest.slice/vm-*.scope by a glob) is resolved to
# cgroup ids and programmed into the map, with the io controller enabled by
# mpxd down to them; each cgroup's I/O is its tenant's (and vm-a's keeps to
# its affinity path); a cgroup made later is picked up and one removed is
# deleted; with every path offline, vm-a (on_failover suspend) is frozen
# while vm-b is not, then thawed when the paths return, with its fio
# write+verify passing; vm-b's migrate hook runs exactly once, with the
# right environment; a table reload gets the rules again; mpxd thaws what
# it froze when it stops, and what an mpxd killed meanwhile left frozen
# when it starts again.
mpx_load
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup ||
	fail "cannot mount cgroup2"
CG=/sys/fs/cgroup
# mpxd enables the io controller itself: start without it anywhere
echo -io > $CG/cgroup.subtree_control 2> /dev/null || true
mkdir -p $CG/mpxtest.slice/vm-a.scope $CG/mpxtest.slice/vm-b.scope
A=$(stat -c %i $CG/mpxtest.slice/vm-a.scope)
B=$(stat -c %i $CG/mpxtest.slice/vm-b.scope)
log "cgroups: vm-a $A, vm-b $B"
udev_start	# mpxd hears of the host added below through udev
sd_setup 2 64
a=${SD_PATHS[0]}; b=${SD_PATHS[1]}
da=$(devno "$a"); db=$(devno "$b")

hook=/tmp/mpx-migrate.sh
rm -f /tmp/mpx-migrate.out
cat > $hook <<'HOOK'
#!/bin/sh
{ env | grep '^MPX_' | sort; echo ---; } >> /tmp/mpx-migrate.out
HOOK
chmod 755 $hook

cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	checker_timeout 5
	no_path_retry queue
	user_friendly_names yes
	bindings_file "$PWD/bindings"
	tenant_budget 32
	migrate_hook $hook
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
tenants {
	tenant {
		name vm-a
		cgroup "mpxtest.slice/vm-a.scope"
		weight 300
		priority 1
		path_affinity "paths $a"
		on_failover suspend
		suspend_timeout 300
		on_no_path migrate
	}
	tenant {
		name vms
		cgroup "mpxtest.slice/vm-*.scope"
		on_no_path migrate
	}
}
CONF
mpxd --check-config -c "$PWD/mpx.conf" > check.txt || fail "--check-config refused the config"
grep -q '^tenants {' check.txt || fail "--check-config shows no tenants"
mpxd_start
wait_for 30 "map mpatha" dmsetup info mpatha
wwid=$(awk '$1 == "mpatha" { print $2 }' bindings)

# rule ID: ID's tenant line in mpatha's stats, or nothing
rule() { dmsetup message mpatha 0 stats | grep "^tenant $1 " || true; }
has_rule() { [ -n "$(rule "$1")" ]; }
frozen() { grep -qx "frozen 1" "$CG/mpxtest.slice/$1/cgroup.events"; }
hook_runs() { grep -c '^---$' /tmp/mpx-migrate.out 2> /dev/null || true; }

log "both cgroups programmed, by their ids"
wait_for 20 "rules for vm-a and vm-b" eval 'has_rule "$A" && has_rule "$B"'
dmsetup message mpatha 0 stats | grep '^tenant' | tee stats-start.txt
rule "$A" | grep -q " weight 300 prio 1 iops 0 bps 0 affinity paths:$da nopath queue " ||
	fail "vm-a's rule is not what its entry says: $(rule "$A")"
rule "$B" | grep -q " weight 100 prio 0 iops 0 bps 0 affinity none nopath queue " ||
	fail "vm-b's rule is not the defaults: $(rule "$B")"
dmsetup message mpatha 0 stats | grep -q '^tenants 2 budget 32 ' ||
	fail "tenant_budget not programmed: $(dmsetup message mpatha 0 stats | grep '^tenants')"
for d in $CG $CG/mpxtest.slice; do
	grep -qw io $d/cgroup.subtree_control || fail "mpxd did not enable io in $d"
done
mpxctl show tenants | tee show-tenants.txt
grep -q "^vm-a .*mpxtest.slice/vm-a.scope .*id $A .*running" show-tenants.txt ||
	fail "show tenants lacks vm-a"
grep -q "^vms .*mpxtest.slice/vm-b.scope .*id $B .*running" show-tenants.txt ||
	fail "show tenants lacks vm-b under vms"

log "each cgroup's I/O is its tenant's"
for t in a b; do
	cg_run "mpxtest.slice/vm-$t.scope" fio --name="attr-$t" --filename=/dev/mapper/mpatha \
		--direct=1 --ioengine=libaio --rw=randread --bs=4k --iodepth=8 --time_based \
		--runtime=2 --output-format=terse --terse-version=3 > "fio-attr-$t.out" 2>&1 ||
		{ cat "fio-attr-$t.out"; fail "fio in vm-$t failed"; }
	_fio_check_errors "fio-attr-$t.out"
done
ia=$(tenant_stat mpatha "$A" ios); ib=$(tenant_stat mpatha "$B" ios)
log "ios: vm-a $ia, vm-b $ib"
[ "$ia" -gt 0 ] && [ "$ib" -gt 0 ] || fail "I/O not attributed to the tenants"
[ "$(tenant_served mpatha "$A" "$db")" = 0 ] || fail "vm-a used $b against its affinity"
[ "$(tenant_served mpatha "$A" "$da")" -gt 0 ] || fail "vm-a did not use $a"
# mpxd reads the target's counters on its own schedule: until it has
tenants_json_ok() {
	mpxctl --json show tenants > show-tenants.json &&
		python3 - "$A" "$B" <<'PY'
import json, sys
A, B = int(sys.argv[1]), int(sys.argv[2])
d = json.load(open("show-tenants.json"))
cgs = {c["id"]: (t["name"], c) for t in d["tenants"] for c in t["cgroups"]}
assert cgs[A][0] == "vm-a" and cgs[B][0] == "vms", cgs
for i in (A, B):
    m = cgs[i][1]["maps"][0]
    assert m["map"] == "mpatha" and m["ios"] > 0 and cgs[i][1]["state"] == "running", m
PY
}
wait_for 20 "show tenants --json with both tenants' I/O" tenants_json_ok

log "a cgroup made later is picked up; removed, its rule goes"
mkdir $CG/mpxtest.slice/vm-c.scope
C=$(stat -c %i $CG/mpxtest.slice/vm-c.scope)
wait_for 10 "a rule for vm-c ($C)" has_rule "$C"
rmdir $CG/mpxtest.slice/vm-c.scope
wait_for 10 "vm-c's rule deleted" eval '! has_rule "$C"'

log "every path offline under vm-a's write+verify: vm-a frozen, vm-b not"
(echo "$BASHPID" > $CG/mpxtest.slice/vm-a.scope/cgroup.procs &&
	exec fio --name=verify-a --filename=/dev/mapper/mpatha --direct=1 \
		--ioengine=libaio --rw=randwrite --bs=4k --iodepth=8 --size=16m \
		--rate_iops=400 --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3) > fio-verify-a.out 2>&1 &
fio_pid=$!
wait_ios mpatha 200 60
kill -0 $fio_pid 2> /dev/null || { cat fio-verify-a.out; fail "fio ended too soon"; }
path_offline "$a"
path_offline "$b"
wait_for 30 "vm-a frozen" frozen vm-a.scope
frozen vm-b.scope && fail "vm-b (on_failover none) was frozen"
mpxctl show tenants | tee show-frozen.txt
grep -q "^vm-a .* frozen" show-frozen.txt || fail "show tenants does not say frozen"
wait_for 20 "vm-b's migrate hook" eval '[ "$(hook_runs)" -ge 1 ]'
sleep 4	# the span in which vm-a must stay frozen: several of mpxd's tenant passes
frozen vm-a.scope || fail "vm-a thawed with no path back"

log "paths back: vm-a thawed, its fio verify passes"
path_online "$a"
path_online "$b"
wait_for 30 "vm-a thawed" eval '! frozen vm-a.scope'
wait_for 120 "vm-a's fio to finish" eval '! kill -0 $fio_pid 2> /dev/null'
wait $fio_pid || { cat fio-verify-a.out; fail "vm-a's fio write+verify failed"; }
_fio_check_errors fio-verify-a.out
grep -q "cgroup mpxtest.slice/vm-a.scope thawed: a path is back" mpxd.log ||
	fail "no thaw logged"

log "the migrate hook ran exactly once, with the right environment"
sleep 2	# the span in which a second run would show: paths back must not run it again
cat /tmp/mpx-migrate.out | tee hook.out
[ "$(hook_runs)" = 1 ] || fail "the hook ran $(hook_runs) times"
printf 'MPX_CGROUP=%s\nMPX_CGROUP_ID=%s\nMPX_MAP=mpatha\nMPX_REASON=no_path\nMPX_TENANT=vms\nMPX_WWID=%s\n---\n' \
	"$CG/mpxtest.slice/vm-b.scope" "$B" "$wwid" > hook.want
diff -u hook.want hook.out || fail "the hook's environment is wrong"
grep -q "migrate_hook $hook for tenant \"vms\", map \"mpatha\" (pid [0-9]*) exited with status 0" mpxd.log ||
	fail "the hook's exit is not logged"

log "a table reload gets the rules again"
echo 1 > /sys/bus/pseudo/drivers/scsi_debug/add_host
wait_for 30 "three paths in mpatha" eval '[ "$(dmsetup table mpatha | grep -o "8:[0-9]*" | wc -l)" = 3 ]'
wait_for 10 "rules after the reload" eval 'has_rule "$A" && has_rule "$B"'
rule "$A" | grep -q " affinity paths:$da " || fail "vm-a's affinity lost in the reload: $(rule "$A")"
# counters start again with the table: vm-a uses the new one too
cg_run mpxtest.slice/vm-a.scope dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=16 \
	iflag=direct 2> /dev/null || fail "vm-a's read after the reload failed"

log "mpxd stops while vm-a is frozen: thawed"
all_paths() {
	local d
	for d in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do
		basename "$d"
	done
}
for p in $(all_paths); do
	path_offline "$p"
done
wait_for 30 "vm-a frozen again" frozen vm-a.scope
mpxd_stop
frozen vm-a.scope && fail "mpxd left vm-a frozen"
grep -q "thawed: mpxd is stopping" mpxd.log || fail "no thaw at stop logged"
for p in $(all_paths); do
	path_online "$p"
done

log "mpxd killed while vm-a is frozen: the next mpxd thaws it"
mpxd_start
wait_for 30 "vm-a's rule" has_rule "$A"
# mpxd freezes tenants of maps they use: vm-a reads through the new rule
cg_run mpxtest.slice/vm-a.scope dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=16 \
	iflag=direct 2> /dev/null || fail "vm-a's read after the restart failed"
for p in $(all_paths); do
	path_offline "$p"
done
wait_for 30 "vm-a frozen again" frozen vm-a.scope
kill -KILL "$MPXD_PID"
wait "$MPXD_PID" 2> /dev/null || true
frozen vm-a.scope || fail "vm-a thawed without anybody to thaw it"
for p in $(all_paths); do
	path_online "$p"
done
mpxd_start
wait_for 30 "the new mpxd to thaw vm-a" eval '! frozen vm-a.scope'
grep -q "cgroup mpxtest.slice/vm-a.scope: left frozen by an mpxd that did not stop cleanly: thawed" mpxd.log ||
	fail "the thaw of a cgroup left frozen is not logged"
mpxd_stop

dmsetup remove mpatha
rmdir $CG/mpxtest.slice/vm-a.scope $CG/mpxtest.slice/vm-b.scope $CG/mpxtest.slice
sd_teardown
mpx_unload
