# mpxd started where it cannot run: it says why, exits promptly with 1
# (systemd's EXIT_FAILURE, mpxd(8)) or 2 for a bad argument, creates no
# map and leaves no socket behind. Cases: no device-mapper in the kernel,
# a control socket whose directory cannot be created, a read-only /run/mpx,
# a socket path too long for a unix socket, and a second mpxd while one
# runs (which must not take the running one's socket over). A policy_dir
# that cannot be read is only a warning: the maps come up with built-ins.
# (A broken configuration is mpxd-monitor.sh's case.)
udev_start

# start_fails WHAT RCS CMD...: CMD must exit within 30 s with one of the
# exit statuses RCS ("1" or "1|2"), and leave the maps as they were; its
# output goes to start.log.
start_fails() {
	local what=$1 rcs=$2 rc=0 before
	shift 2
	before=$(mpx_maps 2> /dev/null || true)
	timeout 30 "$@" > start.log 2>&1 || rc=$?
	cat start.log
	[ "$rc" != 124 ] || fail "$what: mpxd still running after 30 s"
	[[ "|$rcs|" == *"|$rc|"* ]] || fail "$what: mpxd exited with $rc, expected $rcs"
	[ "$(mpx_maps 2> /dev/null || true)" = "$before" ] ||
		fail "$what: the maps changed: '$before' -> '$(mpx_maps)'"
}

# Opening /dev/mapper/control loads dm-mod on demand: only a module that
# cannot load leaves the kernel without device-mapper.
# Nothing in a fresh guest uses dm_mod yet: if it cannot be unloaded, that
# is a failure of the bench. Only a kernel with device-mapper built in
# cannot run the case: then the scenario runs the others and reports
# itself skipped.
no_dm_case=ran
if grep -qw '^dm_mod' /proc/modules && ! rmmod dm_mod; then
	fail "dm_mod is in use at the start ($(grep -w '^dm_mod' /proc/modules)): the no-device-mapper case cannot run"
elif [ -d /sys/module/dm_mod ]; then
	no_dm_case="device-mapper is built into this kernel: the no-device-mapper case cannot run"
	log "$no_dm_case (the scenario will report itself skipped)"
else
	log "no device-mapper in the kernel"
	echo "install dm_mod /bin/false" > /etc/modprobe.d/mpx-no-dm.conf
	: > empty.conf
	start_fails "no device-mapper" 1 mpxd -c "$PWD/empty.conf" -s /run/mpx-t/sock
	rm /etc/modprobe.d/mpx-no-dm.conf
	grep -q "/dev/mapper/control" start.log || fail "the error does not name /dev/mapper/control"
	[ -e /run/mpx-t/sock ] && fail "a socket was left behind"
fi

mpx_load
sd_setup 2 16
# find_multipaths no: mpxd would make a map at once if it got that far
cat > mpx.conf <<CONF
defaults {
	polling_interval 1
	find_multipaths no
	bindings_file "$PWD/bindings"
}
CONF

log "the control socket's directory cannot be created"
start_fails "missing socket directory" 1 mpxd -c "$PWD/mpx.conf" -s /nonexistent/dir/mpxd.sock
grep -q '/nonexistent/dir/mpxd.sock' start.log && grep -q 'No such file or directory' start.log ||
	fail "the error does not name the socket and the reason"
[ -e /nonexistent ] && fail "mpxd created /nonexistent"

log "a read-only /run/mpx"
mkdir -p /run/mpx
mount -t tmpfs -o ro,mode=755 tmpfs /run/mpx
start_fails "read-only /run/mpx" 1 mpxd -c "$PWD/mpx.conf"
grep -q '/run/mpx/mpxd.sock' start.log && grep -q 'Read-only file system' start.log ||
	fail "the error does not name the socket and the reason"
umount /run/mpx

log "a socket path too long for a unix socket"
long=/run/$(printf 'x%.0s' $(seq 1 120))/mpxd.sock
start_fails "socket path too long" "1|2" mpxd -c "$PWD/mpx.conf" -s "$long"
grep -qi 'too long' start.log || fail "the error does not say the path is too long"

log "a second mpxd while one runs"
mpxd_start
wait_for 30 "a map" eval '[ -n "$(mpx_maps)" ]'
maps=$(mpx_maps)
start_fails "a second mpxd" 1 mpxd -c "$PWD/mpx.conf"
grep -qi 'running\|in use\|locked' start.log || fail "the second mpxd does not say another one runs"
kill -0 "$MPXD_PID" || fail "the first mpxd died"
mpxctl show status > status.out 2>&1 || fail "the first mpxd lost its socket: $(cat status.out)"
mpxd_stop
for m in $(mpx_maps); do dmsetup remove "$m"; done

# Not a reason to leave the host without multipath at boot: the maps come
# up with the built-in policies, and the log says which directory failed.
log "a policy_dir that cannot be read"
: > not-a-dir
sed -i "s|^defaults {|&\n\tpolicy_dir \"$PWD/not-a-dir\"|" mpx.conf
: > mpxd.log
mpxd_start
grep -q "cannot read policy_dir $PWD/not-a-dir: Not a directory" mpxd.log ||
	{ cat mpxd.log; fail "no warning naming the policy_dir"; }
wait_for 30 "a map with the built-in policy" eval '[ -n "$(mpx_maps)" ]'
mpxctl show policies > policies.out 2>&1 || fail "mpxctl show policies failed: $(cat policies.out)"
mpxd_stop
for m in $(mpx_maps); do dmsetup remove "$m"; done
sd_teardown
mpx_unload
[ "$no_dm_case" = ran ] || skip "$no_dm_case"
