# mpxd at its edges: a broken config stops it with file:line and exit 6
# and creates no map; the control socket refuses non-root users and bad
# requests with clear errors; mpxctl falls back to the kernel's view when
# mpxd is not running; SIGHUP with a broken config keeps the running one.
mpx_load
udev_start
sd_setup 2 16
a=$(devno "${SD_PATHS[0]}")

log "a broken configuration"
# (a bad value of a multipath-tools keyword is a warning, as multipath-tools
# has it; a blacklist regex that does not compile is refused by both)
printf 'defaults {\n\tpolling_interval 1\n}\nblacklist {\n\tdevnode "sd["\n}\n' > mpx.conf
rc=0
mpxd -c "$PWD/mpx.conf" --config-dir /nonexistent > bad.log 2>&1 || rc=$?
cat bad.log
[ "$rc" = 6 ] || fail "mpxd exited with $rc on a broken config, expected 6"
grep -q "mpx.conf:5:2: devnode: \"sd\[\" is not a valid regular expression" bad.log ||
	fail "the error does not name file:line:column"
[ -z "$(dmsetup ls --target mpx | grep -v 'No devices')" ] || fail "a map was created"
mpxd --check-config -c "$PWD/mpx.conf" > /dev/null 2>&1 && fail "--check-config accepted it"

log "a good one, and the control socket"
printf 'defaults {\n\tpolling_interval 1\n\tfind_multipaths no\n}\n' > mpx.conf
# (to a file: "| grep -q" would close the pipe on mpxd mid-print)
mpxd --check-config -c "$PWD/mpx.conf" > check.txt || fail "--check-config refused a good config"
grep -q 'polling_interval *1 .*mpx.conf:2' check.txt ||
	fail "--check-config does not show the value and its origin"
mpxd_start
wait_for 30 "a map" eval 'dmsetup ls --target mpx | grep -q 3333'
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups mpxctl show status 2>&1) &&
	fail "an unprivileged mpxctl was served: $out"
echo "$out" | grep -qi "permission denied\|EPERM" || fail "no permission error for uid 65534: $out"
out=$(mpxctl switch map nosuchmap group 1 2>&1) && fail "switch on a missing map succeeded"
echo "$out" | grep -q 'no such map: "nosuchmap"' || fail "unclear error: $out"
out=$(mpxctl fail path sdzz 2>&1) && fail "fail path on a missing path succeeded"
echo "$out" | grep -q 'no such path' || fail "unclear error: $out"
rc=0
out=$(mpxctl frobnicate 2>&1) || rc=$?
[ "$rc" = 2 ] || fail "an unknown command exited $rc, expected 2"
echo "$out" | grep -q "unknown command" || fail "unclear error: $out"
# a raw client: oversized and binary requests
python3 - <<'PY' || fail "the socket misbehaved on bad requests"
import socket
def ask(data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/run/mpx/mpxd.sock")
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        b = s.recv(65536)
        if not b:
            return out
        out += b
assert ask(b"x" * 10000).startswith(b"error E2BIG"), "oversized"
assert ask(b"show\x00status\n").startswith(b"error EINVAL"), "binary"
assert ask(b"\n").startswith(b"error"), "empty"
assert ask(b"show status\n").startswith(b"ok\n"), "good"
PY
mpxctl show status | grep -q "1 maps, 2 paths" || fail "mpxd died or lost state: $(mpxctl show status)"

log "SIGHUP with a broken config keeps the running one"
printf 'blacklist {\n\twwid "(oops"\n}\n' > mpx.conf
kill -HUP "$MPXD_PID"
wait_for 10 "the refusal" grep -q "keeping the running one" mpxd.log
mpxctl reconfigure 2>/dev/null && fail "reconfigure with a broken config succeeded"
mpxctl show status > /dev/null || fail "mpxd stopped answering"
mpxd_stop

log "mpxctl without mpxd"
mpxctl show maps 2> fallback.err | tee fallback.txt
grep -q "not running" fallback.err || fail "no note that mpxd is down"
grep -q "2/2 paths usable" fallback.txt || fail "no kernel view: $(cat fallback.txt)"
out=$(mpxctl reconfigure 2>&1) && fail "reconfigure succeeded without mpxd"
echo "$out" | grep -q "mpxd is not running" || fail "no clear error without mpxd: $out"
for m in $(dmsetup ls --target mpx | awk '{print $1}'); do dmsetup remove "$m"; done
sd_teardown
mpx_unload
