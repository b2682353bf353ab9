#!/bin/bash
# "cmake --install" puts what udev, systemd and mpxd read where they look,
# whatever the prefix: the unit and the udev rule in the system's own
# directories, mpx.conf and mpx.conf.d in /etc (never /usr/etc); an
# existing /etc/mpx.conf is kept, and none is installed next to a
# multipath.conf (mpxd reads that one then). Staged with DESTDIR.
# Usage: install-layout.sh BUILD_DIR SBINDIR (the configured one)
set -eu
build=${1:?usage: install-layout.sh BUILD_DIR SBINDIR}
sbindir=${2:?usage: install-layout.sh BUILD_DIR SBINDIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
udevdir=$(pkg-config --variable=udevdir udev 2>/dev/null || echo /lib/udev)
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
fail() { echo "FAIL: $*"; exit 1; }

for prefix in /usr /opt/mpx; do
	root=$tmp/root${prefix//\//-}
	DESTDIR=$root cmake --install "$build" --prefix "$prefix" > "$tmp/log" 2>&1 ||
		{ cat "$tmp/log"; fail "install with prefix $prefix"; }
	for f in "$prefix/sbin/mpxd" "$prefix/sbin/mpxctl" /etc/mpx.conf \
		"$unitdir/mpxd.service" "$udevdir/rules.d/56-mpx.rules" "$udevdir/mpx-udev"; do
		[ -f "$root$f" ] || fail "prefix $prefix: no $f"
	done
	[ -d "$root/etc/mpx.conf.d" ] || fail "prefix $prefix: no /etc/mpx.conf.d"
	[ ! -e "$root$prefix/etc" ] || fail "prefix $prefix: something went to $prefix/etc"
	[ ! -e "$root$prefix/lib/systemd" ] && [ ! -e "$root$prefix/lib/udev" ] ||
		fail "prefix $prefix: the unit or udev rule went under the prefix"
	# (the rule runs the helper where it is installed)
	grep -q "IMPORT{program}=\"$udevdir/mpx-udev path %k\"" "$root$udevdir/rules.d/56-mpx.rules" ||
		fail "the udev rule does not run $udevdir/mpx-udev"
	# (the unit starts mpxd where the tree was configured to put it)
	grep -qx "ExecStart=$sbindir/mpxd" "$root$unitdir/mpxd.service" ||
		fail "the unit does not start $sbindir/mpxd"
	echo "prefix $prefix: ok"
done

# an admin's mpx.conf stays as it is
root=$tmp/kept
mkdir -p "$root/etc"
echo "# the admin's" > "$root/etc/mpx.conf"
DESTDIR=$root cmake --install "$build" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "install"; }
[ "$(cat "$root/etc/mpx.conf")" = "# the admin's" ] || fail "an existing /etc/mpx.conf was replaced"
grep -q "Keeping: $root/etc/mpx.conf" "$tmp/log" || fail "no word about keeping mpx.conf"

# next to multipath-tools' configuration: no mpx.conf
root=$tmp/multipath
mkdir -p "$root/etc"
: > "$root/etc/multipath.conf"
DESTDIR=$root cmake --install "$build" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "install"; }
[ ! -e "$root/etc/mpx.conf" ] || fail "an mpx.conf was installed next to multipath.conf"
grep -q "Not installing $root/etc/mpx.conf: mpxd reads $root/etc/multipath.conf" "$tmp/log" ||
	fail "no word about leaving mpx.conf out"
echo "existing configs: ok"
