#!/bin/bash
# The systemd unit parses cleanly: systemd-analyze verify on the configured
# mpxd.service, with ExecStart pointing at the built mpxd, must print
# nothing but what comes from this machine (a dependency unit or a helper
# program it lacks). systemd-analyze verify exits 0 even for an unknown key
# or a value it cannot parse, so any other line of output is a failure; a
# deliberately broken copy checks that such lines still come out. Also
# prints the unit's exposure score (systemd-analyze security) and fails if
# it rises above $MAX_EXPOSURE: the sandbox must not silently go away.
#
#   unit-file.sh CONFIGURED_UNIT BUILT_MPXD
# systemd-analyze comes with the systemd package (scripts/bootstrap.sh).
set -u
unit=$1 mpxd=$(realpath -e "$2") || { echo "FAIL: no built mpxd $2"; exit 1; }
# 9.5 without any sandboxing; 3.5 with the unit's (systemd 252)
MAX_EXPOSURE=4.0

command -v systemd-analyze > /dev/null || { echo "FAIL: no systemd-analyze (install systemd)"; exit 1; }
[ -f "$unit" ] || { echo "FAIL: no configured unit $unit"; exit 1; }
grep -q '^ExecStart=.*/mpxd$' "$unit" || { echo "FAIL: unexpected ExecStart in $unit"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|^ExecStart=.*/mpxd$|ExecStart=$mpxd|" "$unit" > "$tmp/mpxd.service"

# Lines that say something about this machine, not about the unit.
environment='(Unit|Job) [^ ]*(udev|blk-availability|local-fs|shutdown|sysinit)[^ ]* (not found|failed)'
environment+='|Command (/sbin/modprobe|/bin/kill) is not executable'
environment+="|Failed to (open|load) .*(udev|blk-availability|local-fs|shutdown|sysinit)"

# verify FILE: systemd-analyze verify's lines about the unit itself.
verify() {
	systemd-analyze verify --man=no "$1" 2>&1 | grep -vE "$environment" | grep -v '^$'
}

out=$(verify "$tmp/mpxd.service")
if [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify has this to say about $unit:"
	echo "$out"
	exit 1
fi

# The check must still catch a broken unit.
{ cat "$tmp/mpxd.service"; printf '[Service]\nProtectSystem=sometimes\nNoSuchKey=1\n'; } > "$tmp/broken.service"
last=$(wc -l < "$tmp/broken.service")
broken=$(verify "$tmp/broken.service")
if ! grep -q "broken.service:$((last - 1)):" <<< "$broken" ||
   ! grep -q "broken.service:$last:" <<< "$broken"; then
	echo "FAIL: a broken unit went unnoticed; systemd-analyze said:"
	echo "$broken"
	exit 1
fi

# The exposure score needs systemd 250's --offline: with an older systemd
# the check cannot run (reported as skipped, exit 77); with 250 or later,
# any failure of it is a failure of the test.
version=$(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')
[ -n "$version" ] || { echo "FAIL: cannot tell systemd's version"; exit 1; }
if [ "$version" -lt 250 ]; then
	echo "ok: $unit verifies"
	echo "SKIP: systemd $version has no 'security --offline': the exposure check cannot run"
	exit 77
fi
if ! score=$(systemd-analyze security --offline=true --man=no "$tmp/mpxd.service" 2>&1); then
	echo "$score"
	echo "FAIL: systemd-analyze security failed on the unit"
	exit 1
fi
level=$(sed -n 's/.*Overall exposure level for mpxd.service: \([0-9.]*\).*/\1/p' <<< "$score")
if [ -z "$level" ]; then
	echo "FAIL: no exposure level in systemd-analyze security's output:"
	echo "$score"
	exit 1
fi
echo "exposure level: $level (at most $MAX_EXPOSURE)"
if awk -v l="$level" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(l > m) }'; then
	echo "$score"
	echo "FAIL: exposure $level above $MAX_EXPOSURE: a sandboxing setting went away?"
	exit 1
fi
echo "ok: $unit verifies"
