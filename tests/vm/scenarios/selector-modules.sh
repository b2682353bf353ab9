# Selector modules: each loads on demand (the target requests
# dm-mpx-ps-<name>), serves a map, cannot be unloaded while a table uses
# it, and unloads after. historical-service-time and io-affinity print the
# kernel selectors' table; historical-service-time rotates ties; io-affinity
# keeps a tenant's path affinity; latency moves I/O off a slowed path and
# back when it recovers. A module built for another selector ABI is refused; the
# example selector, built out of tree, works.
mpx_install_modules
modprobe dm-mpx || fail "modprobe dm-mpx failed"
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")

# check_module MOD: loaded, pinned while MAP exists, unloadable after.
in_use_then_unload() {
	local mod=$1 map=$2
	grep -qw "^$mod" /proc/modules || fail "$mod was not loaded on demand"
	expect_fail "rmmod $mod while $map uses it" rmmod "$mod"
	dmsetup remove "$map"
	rmmod "$mod" || fail "rmmod $mod failed once unused"
}

log "historical-service-time"
dmsetup create hst --table "0 $n mpx 0 0 1 1 historical-service-time 2 900 2 2 1 $a 5 $b 0"
[ "$(dmsetup table hst)" = "0 $n mpx 0 0 1 1 historical-service-time 2 900 2 2 1 $a 0 $b 0 " ] ||
	fail "unexpected table: $(dmsetup table hst)"
fio_verify /dev/mapper/hst 16m
dmsetup status hst | grep -q " $a A 0 [0-9]* [0-9]* [0-9]* none 0 $b A 0 [0-9]* [0-9]* [0-9]* none 0 " ||
	fail "unexpected status: $(dmsetup status hst)"
expect_fail "a base weight of 1024" dmsetup create bad --table "0 $n mpx 0 0 1 1 historical-service-time 1 1024 1 0 $a"
# A threshold of 1000 makes the alike paths' averages equal to the
# selector, and one read at a time leaves both idle: every choice is a
# tie, and ties must rotate.
dmsetup create hstt --table "0 $n mpx 0 0 1 1 historical-service-time 2 972 1000 2 0 $a $b"
dd if=/dev/mapper/hstt of=/dev/null bs=4k count=200 iflag=direct 2> /dev/null || fail "reads through hstt failed"
ia=$(path_ios hstt "$a"); ib=$(path_ios hstt "$b")
log "historical-service-time ties: $a $ia reads, $b $ib reads"
[ "$ia" -ge 50 ] && [ "$ib" -ge 50 ] || fail "ties did not rotate: $ia and $ib of 200 reads"
dmsetup remove hstt
in_use_then_unload dm_mpx_ps_historical_service_time hst

log "io-affinity"
dmsetup create ioa --table "0 $n mpx 0 0 1 1 io-affinity 0 2 1 $a 1 $b 2"
[ "$(dmsetup table ioa)" = "0 $n mpx 0 0 1 1 io-affinity 0 2 1 $a 1 $b 2 " ] ||
	fail "unexpected table: $(dmsetup table ioa)"
fio_verify /dev/mapper/ioa 16m
klog_mark
expect_fail "a path mapping no new CPU" dmsetup create bad --table "0 $n mpx 0 0 1 1 io-affinity 0 2 1 $a 1 $b 1"
klog_since | grep -q "No new/valid CPU mapping found" || fail "no reason in the log"
expect_fail "a bad mask" dmsetup create bad --table "0 $n mpx 0 0 1 1 io-affinity 0 1 1 $a zz"
# A tenant bound to path b keeps to it on every CPU, though CPU 0 maps to
# path a: the selector chooses among the paths it is given.
cg_setup
T=$(cg_new ioa-tenant)
dmsetup create ioat --table "0 $n mpx 0 0 1 1 io-affinity 0 2 1 $a 1 $b 2"
dmsetup message ioat 0 tenant set "$T" paths="$b"
for cpu in 0 1; do
	cg_run ioa-tenant taskset -c $cpu dd if=/dev/mapper/ioat of=/dev/null bs=4k count=64 \
		iflag=direct 2> /dev/null || fail "the tenant's reads on CPU $cpu failed"
done
ia=$(path_ios ioat "$a"); ib=$(path_ios ioat "$b")
log "io-affinity with a tenant bound to $b: $a $ia reads, $b $ib reads"
[ "$ia" = 0 ] && [ "$ib" -ge 128 ] || fail "the tenant's affinity to $b was not kept"
dmsetup remove ioat
cg_rm ioa-tenant
in_use_then_unload dm_mpx_ps_io_affinity ioa

log "latency: a path slowed by 10 ms loses the I/O, and gets it back when fast"
# Both paths go through dm-delay (at 0 ms but for the slowing), so they
# cost the same; what the slowed one gets back is still compared with what
# it got before, not with an even split.
modprobe dm-delay
dmsetup create slow --table "0 $n delay /dev/${SD_PATHS[0]} 0 0"
dmsetup create twin --table "0 $n delay /dev/${SD_PATHS[1]} 0 0"
s=$(dmsetup info -c --noheadings -o major,minor slow | tr -d ' ')
f=$(dmsetup info -c --noheadings -o major,minor twin | tr -d ' ')
dmsetup create lat --table "0 $n mpx 0 0 1 1 latency 1 50 2 0 $s $f"
[ "$(dmsetup table lat)" = "0 $n mpx 0 0 1 1 latency 1 50 2 0 $s $f " ] ||
	fail "unexpected table: $(dmsetup table lat)"
share() {
	fio --name=lat --filename=/dev/mapper/lat --direct=1 --ioengine=libaio --rw=randread \
		--bs=4k --iodepth=8 --time_based --runtime="${1:-3}" --output-format=terse \
		--terse-version=3 > fio-lat.out 2>&1 || { cat fio-lat.out; fail "fio failed"; }
	_fio_check_errors fio-lat.out
}
# counted SECS: I/Os per path over SECS of fio into SLOW_IOS, FAST_IOS
counted() {
	local is0 ib0
	is0=$(path_ios lat "$s"); ib0=$(path_ios lat "$f")
	share "$1"
	SLOW_IOS=$(( $(path_ios lat "$s") - is0 )); FAST_IOS=$(( $(path_ios lat "$f") - ib0 ))
}
delay_ms() {
	dmsetup suspend slow
	dmsetup load slow --table "0 $n delay /dev/${SD_PATHS[0]} 0 $1"
	dmsetup resume slow
}
counted 3
base_slow=$SLOW_IOS base_fast=$FAST_IOS
log "before: that path $base_slow I/Os, the other $base_fast"
[ "$base_slow" -gt 0 ] || fail "latency sent nothing to a path that was not slowed"
delay_ms 10
counted 3
log "slowed: slow path $SLOW_IOS I/Os, fast path $FAST_IOS"
[ "$FAST_IOS" -gt $((SLOW_IOS * 5)) ] || fail "latency did not steer I/O off the slow path"
delay_ms 0
# a second of I/O to notice the recovery (a few probe intervals), then count
share 1
counted 3
log "recovered: that path $SLOW_IOS I/Os, the other $FAST_IOS"
# its share of the I/O back to at least half of what it was before, or of
# an even split if it had more than that before (the split of two equal
# paths wanders with timing: 73% before, 33% after in one CI run)
if [ $((base_slow * 2)) -gt $((base_slow + base_fast)) ]; then
	[ $((SLOW_IOS * 4)) -ge $((SLOW_IOS + FAST_IOS)) ]
else
	[ $((SLOW_IOS * (base_slow + base_fast) * 2)) -ge $((base_slow * (SLOW_IOS + FAST_IOS))) ]
fi || fail "latency did not return to the recovered path"
in_use_then_unload dm_mpx_ps_latency lat
dmsetup remove slow
dmsetup remove twin

log "table loads racing the selector module's unload"
# The constructor holds the module from its first lookup of the name to the
# end: each load works, or is refused as naming an unknown selector, and
# nothing calls into a module that went away (an oops fails the scenario).
klog_mark
end=$(( $(date +%s) + 12 ))
(
	set +e
	while [ "$(date +%s)" -lt "$end" ]; do rmmod dm_mpx_ps_latency 2> /dev/null; done
	exit 0
) & rm_pid=$!
loaded=0 refused=0
while [ "$(date +%s)" -lt "$end" ]; do
	if dmsetup create race --table "0 $n mpx 0 0 1 1 latency 0 2 0 $a $b" 2> /dev/null; then
		loaded=$((loaded + 1))
		[ "$(dmsetup table race)" = "0 $n mpx 0 0 1 1 latency 1 100 2 0 $a $b " ] ||
			fail "a table loaded during the race reads back as: $(dmsetup table race)"
		dd if=/dev/mapper/race of=/dev/null bs=4k count=8 iflag=direct 2> /dev/null ||
			fail "reads through a table loaded during the race failed"
		dmsetup remove race
	else
		refused=$((refused + 1))
	fi
done
wait "$rm_pid"
! grep -qw '^dm_mpx_ps_latency' /proc/modules || rmmod dm_mpx_ps_latency
log "$loaded loads, $refused refused while the module was unloaded in a loop"
[ "$loaded" -gt 0 ] || fail "no load worked while the module came and went"
[ "$(klog_since | grep -c 'mpx: unknown path selector type')" -ge "$refused" ] ||
	{ klog_since | tail -20; fail "a load was refused for another reason"; }

log "a selector built for another ABI is refused"
klog_mark
expect_fail "insmod of a wrong-ABI selector" insmod "$MPX_BUILD/vm/test-kmod/dm-mpx-ps-bad-abi.ko"
klog_since | grep -q "selector bad-abi: built for selector ABI 99, dm-mpx 1.3.0 has ABI 1" ||
	{ klog_since; fail "no clear refusal in the log"; }

log "the example selector, built out of tree"
insmod "$MPX_BUILD/vm/ps-example/dm-mpx-ps-example-first.ko" || fail "example selector refused"
dmsetup create ex --table "0 $n mpx 0 0 1 1 example-first 0 2 0 $a $b"
dd if=/dev/mapper/ex of=/dev/null bs=4k count=64 iflag=direct
[ "$(path_ios ex "$a")" -ge 64 ] && [ "$(path_ios ex "$b")" = 0 ] || fail "example-first did not use the first path"
dmsetup message ex 0 selectors | tee selectors.txt
for ps in round-robin queue-length service-time example-first; do
	grep -qw "$ps" selectors.txt || fail "$ps missing from the selectors message"
done
dmsetup remove ex
rmmod dm_mpx_ps_example_first
sd_teardown
rmmod dm_mpx
