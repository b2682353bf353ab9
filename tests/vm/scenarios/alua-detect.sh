# An ALUA array mpxd has no device entry for, in the config or built in:
# a LIO LUN that reports vendor ACME, two paths in two target port groups,
# group 1 active/optimized and group 2 active/non-optimized.
#   - detected: prio alua, group_by_prio, hardware_handler "1 alua",
#     failback immediate; the optimized group is the map's first group;
#     --check-config and show topology say "detected (ALUA ...)";
#   - the config says otherwise (defaults: prio const, failback manual):
#     what it says is used, and named by file:line; with prio const,
#     detect_pgpolicy has nothing to group by;
#   - the port states swap: the map regroups, the new optimized group first.
mpx_load
udev_start
LIO_VENDOR=ACME LIO_PRODUCT=ALUA-DISK lio_setup 2 64 1 2
lio_set_state 2 non-optimized
pa=${LIO_PATHS[0]} pb=${LIO_PATHS[1]}
a=$(devno "$pa") b=$(devno "$pb")

cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	find_multipaths no
	user_friendly_names yes
	bindings_file "$PWD/bindings"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-|vd)"
}
CONF

# first_group_is DEV: the first priority group of mpatha's table holds DEV alone
first_group_is() {
	dmsetup table mpatha > table.txt &&
		grep -qE " 2 1 [a-z-]+ 0 1 [0-9] $1 " table.txt
}

log "no device entry: what mpxd detects"
mpxd --check-config -c "$PWD/mpx.conf" --config-dir "$PWD/none.d" > check.txt 2> check.err ||
	{ cat check.err; fail "--check-config"; }
grep -E "prio|path_grouping_policy|hardware_handler|failback" check.txt | grep -i "detected" | tee detected.txt
for kw in prio path_grouping_policy hardware_handler failback; do
	grep -qE "$kw.*detected \(ALUA" detected.txt || { cat check.txt; fail "--check-config: $kw not detected"; }
done
mpxd_start
wait_for 30 "map mpatha" dmsetup info mpatha
wait_for 20 "the optimized group ($pa) first" first_group_is "$a"
grep -q " 1 alua " table.txt || fail "no alua handler in $(cat table.txt)"
mpxctl show topology | tee topology.txt
grep -q "prio alua: detected (ALUA" topology.txt || fail "show topology: prio not detected"
grep -q "path_grouping_policy group_by_prio: detected (ALUA" topology.txt ||
	fail "show topology: path_grouping_policy not detected"
grep -q "failback immediate: detected (ALUA" topology.txt || fail "show topology: failback not detected"

log "the port states swap: the new optimized group comes first"
lio_set_state 1 non-optimized
lio_set_state 2 optimized
wait_for 30 "the optimized group ($pb) first" first_group_is "$b"
fio_verify /dev/mapper/mpatha 8m
mpxd_stop

log "the config says otherwise: its values, named by file:line"
cat >> mpx.conf <<CONF
defaults {
	prio const
	failback manual
}
CONF
mpxd --check-config -c "$PWD/mpx.conf" --config-dir "$PWD/none.d" > check.txt 2> check.err ||
	{ cat check.err; fail "--check-config"; }
grep -E "prio +const.*mpx.conf:[0-9]+" check.txt || { cat check.txt; fail "prio const is not the config's"; }
grep -E "failback +manual.*mpx.conf:[0-9]+" check.txt || { cat check.txt; fail "failback manual is not the config's"; }
dmsetup remove mpatha
mpxd_start
wait_for 30 "map mpatha" dmsetup info mpatha
mpxctl show topology | tee topology.txt
grep -q "prio const: .*mpx.conf" topology.txt || fail "show topology: prio is not the config's"
grep -q "path_grouping_policy failover: built in" topology.txt ||
	fail "show topology: with prio const, detect_pgpolicy must not group by prio"
mpxd_stop
dmsetup remove mpatha
lio_teardown
mpx_unload
