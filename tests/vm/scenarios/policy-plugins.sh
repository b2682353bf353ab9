# Policy modules in mpxd: a plugin found in policy_dir claims the LUN and
# groups its paths; plugins are loaded and unloaded under fio with no I/O
# error (maps move to the built-in policy and back); a bad plugin is
# refused with a clear error; a plugin that crashes costs its hook, not
# mpxd; "mpxctl show policies" shows who uses what and the hook counters.
# An unload holds: neither a rescan of the changed directory nor a map's
# policy keyword loads the module again, show policies lists it as present
# but unloaded; a changed file or "policy load" ends the hold.
mpx_load
udev_start
sd_setup 2 64
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/example.so" "$pdir/"
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	policy_dir "$pdir"
}
CONF
mpxd_start
wait_for 30 "the map" eval 'dmsetup ls --target mpx | grep -q 3333'
map=$(dmsetup ls --target mpx | awk '{print $1}')
grep -q 'policy "example" 1.0 loaded' mpxd.log || fail "example not loaded at start"
grep -q "map \"$map\": policy example" mpxd.log || fail "example did not claim the map"
# example: one group per SCSI host, round-robin
wait_for 10 "the example's table" eval 'dmsetup table "$map" | grep -q " 2 1 round-robin 0 1 1 .* round-robin 0 1 1 "'
mpxctl show policies | tee policies.txt
grep -q "^example 1.0 ($pdir/example.so) running, maps: $map" policies.txt || fail "show policies"
grep -q "group_paths *ok *calls [1-9]" policies.txt || fail "no group_paths calls counted"
mpxctl --json show policies | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["policies"][0]["hooks"]["group_paths"]["calls"] >= 1' ||
	fail "show policies --json"

log "unload and load again under I/O"
fio_bg_start "/dev/mapper/$map"
wait_ios "$map" 100 60
mpxctl policy unload example
wait_for 10 "the built-in table" eval 'dmsetup table "$map" | grep -q "service-time"'
loads() { grep -c 'policy "example" 1.0 loaded' mpxd.log; }
held() {
	dmsetup table "$map" | grep -q "service-time" || fail "the map left the built-in grouping: $1"
	[ "$(loads)" = 1 ] || fail "example was loaded again: $1"
	mpxctl show policies > policies.txt
	grep -q "^example 1.0 ($pdir/example.so) unloaded, maps: -" policies.txt &&
		grep -q "present, held unloaded until" policies.txt ||
		{ cat policies.txt; fail "show policies does not say example is unloaded: $1"; }
}
held "after the unload"
mpxctl --json show policies | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert not [p for p in d["policies"] if p["name"] == "example"], d
u = d["unloaded"][0]
assert u["name"] == "example" and u["present"] and not u["loaded"], d' ||
	fail "show policies --json does not list example as unloaded"
log "the unload holds across rescans"
touch "$pdir"	# the directory changed: a map that finds no policy rescans it
mpxctl reconfigure	# every map chooses its policy again
held "after a rescan"
cp mpx.conf mpx.conf.orig
sed -i 's|^}|\tpolicy example\n}|' mpx.conf	# the map's config names it
mpxctl reconfigure
grep -q 'policy "example" was unloaded by "mpxctl policy unload", using the built-in grouping' mpxd.log ||
	fail "no word on the forced policy being held"
held "with policy example in the config"
mv mpx.conf.orig mpx.conf
log "a changed file ends the hold"
touch "$pdir/example.so"
mpxctl reconfigure
wait_for 10 "the example's table again" eval 'dmsetup table "$map" | grep -q "round-robin"'
grep -q "example.so changed since it was unloaded" mpxd.log || fail "no word on the changed file"
[ "$(loads)" = 2 ] || fail "example loaded $(loads) times, want 2"
log "and so does policy load"
mpxctl policy unload example
wait_for 10 "the built-in table" eval 'dmsetup table "$map" | grep -q "service-time"'
mpxctl reconfigure	# synchronous: the map has chosen again when it returns
dmsetup table "$map" | grep -q "service-time" || fail "example came back by itself"
mpxctl policy load "$pdir/example.so"
wait_for 10 "the example's table again" eval 'dmsetup table "$map" | grep -q "round-robin"'
mpxctl show policies | grep -q "unloaded" && fail "example still listed as unloaded"

log "refusals"
cp "$MPX_BUILD/tests/abi/bad-major.so" "$pdir/"
out=$(mpxctl policy load "$pdir/bad-major.so" 2>&1) && fail "a wrong-ABI plugin loaded"
echo "$out" | grep -q "built for policy ABI 2.1, mpxd has 1.1" || fail "unclear refusal: $out"
cp "$MPX_BUILD/plugins/example.so" /tmp/elsewhere.so
out=$(mpxctl policy load /tmp/elsewhere.so 2>&1) && fail "a plugin outside policy_dir loaded"
echo "$out" | grep -q "is not in the policy directory" || fail "unclear refusal: $out"
out=$(mpxctl policy load "$pdir/example.so" 2>&1) && fail "the same plugin loaded twice"
echo "$out" | grep -q "already loaded" || fail "unclear refusal: $out"

log "a plugin whose group_paths crashes takes over the map"
cp "$MPX_BUILD/tests/abi/bad-crash.so" "$pdir/"
mpxctl policy load "$pdir/bad-crash.so"
# (under ASan the dying process may outlive the hook's budget: either way)
wait_for 20 "the crash to be noticed" grep -q 'policy "bad-crash": hook group_paths .*: disabled' mpxd.log
mpxctl show status > /dev/null || fail "mpxd died with its plugin"
mpxctl show policies | grep -q "group_paths *disabled" || fail "the crashing hook is not shown disabled"
dmsetup table "$map" | grep -q "service-time" || fail "the map did not fall back to the built-in grouping"
wait_ios "$map" 100 60	# and I/O goes on through it
fio_bg_stop
mpxd_stop
dmsetup remove "$map"
sd_teardown
mpx_unload
