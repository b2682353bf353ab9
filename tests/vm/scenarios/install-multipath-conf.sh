# A host that swaps multipathd for mpx, as a user would do it: the tree is
# installed into a staged root ("DESTDIR=... cmake --install") that stands
# for the host (it has the host's /etc/multipath.conf), copied into the
# guest's root, and the installed mpxd is run with its defaults:
#   - the install put the unit, the udev rule and mpx.conf.d where systemd,
#     udev and mpxd look, and no /etc/mpx.conf over the host's
#     multipath.conf;
#   - with no /etc/mpx.conf, mpxd reads /etc/multipath.conf and
#     /etc/multipath/conf.d, says so in its log, warns (file:line) about
#     what it does not implement, and makes the map as configured: the
#     multipath entry's alias and settings, which beat the drop-in's
#     overrides (the grouping and selector are the alua policy module's,
#     installed with it: scsi_debug's LUN reports ALUA port groups);
#   - a multipath.conf that cannot work (a blacklist regex that does not
#     compile) makes it exit 6 naming file:line, with nothing changed.
mpx_load
sd_setup 2 64
a=${SD_PATHS[0]}; b=${SD_PATHS[1]}
naa=$(cat "/sys/block/$a/device/wwid")
[[ $naa == naa.* ]] || fail "unexpected wwid \"$naa\" for $a"
wwid=3${naa#naa.}

log "the host's multipath-tools configuration"
mkdir -p /etc/multipath/conf.d
cat > /etc/multipath.conf <<CONF
defaults {
	polling_interval 1
	user_friendly_names yes
	fast_io_fail_tmo 5
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
multipaths {
	multipath {
		wwid $wwid
		alias mpxcompat
		no_path_retry queue
	}
}
CONF
cat > /etc/multipath/conf.d/10-site.conf <<CONF
overrides {
	no_path_retry fail
}
CONF
[ ! -e /etc/mpx.conf ] || fail "the guest already has /etc/mpx.conf"

log "DESTDIR install into a staged root that has the host's multipath.conf"
stage=$PWD/stage
mkdir -p "$stage/etc"
cp /etc/multipath.conf "$stage/etc/"
DESTDIR=$stage cmake --install "$MPX_BUILD" > install.log 2>&1 ||
	{ cat install.log; fail "cmake --install failed"; }
grep -q "Not installing $stage/etc/mpx.conf: mpxd reads $stage/etc/multipath.conf" install.log ||
	{ cat install.log; fail "the install did not say why it left out mpx.conf"; }
[ ! -e "$stage/etc/mpx.conf" ] || fail "the install put an mpx.conf over the host's multipath.conf"
rm "$stage/etc/multipath.conf"
udevdir=$(pkg-config --variable=udevdir udev)
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
for f in usr/sbin/mpxd usr/sbin/mpxctl "${unitdir#/}/mpxd.service" \
	"${udevdir#/}/rules.d/56-mpx.rules" "${udevdir#/}/mpx-udev" usr/lib/mpx/policies/alua.so \
	usr/share/doc/mpx/mpx.conf.example; do
	[ -e "$stage/$f" ] || { (cd "$stage" && find . -type f | sort); fail "not installed: /$f"; }
done
[ -d "$stage/etc/mpx.conf.d" ] || fail "no /etc/mpx.conf.d"
[ ! -e "$stage/usr/etc" ] || fail "something was installed into /usr/etc"
grep -q "^ExecStart=/usr/sbin/mpxd$" "$stage/$unitdir/mpxd.service" ||
	fail "the unit does not start the installed mpxd"
# the host's root keeps its directory symlinks (/lib -> usr/lib)
tar -C "$stage" -cf - . | tar -C / --keep-directory-symlink -xf - ||
	fail "cannot copy the staged tree into the root"
[ -x /usr/sbin/mpxd ] && [ -x /usr/sbin/mpxctl ] || fail "the copy has no mpxd"
# The example policy module claims scsi_debug LUNs (the bench's array) and
# groups their paths itself; this scenario is about what the config says.
rm /usr/lib/mpx/policies/example.so

log "--check-config of the installed mpxd, with only multipath.conf"
rc=0
/usr/sbin/mpxd --check-config > check.out 2> check.err || rc=$?
cat check.err
[ "$rc" = 0 ] || fail "--check-config exited $rc"
grep -q "no /etc/mpx.conf: reading multipath-tools' configuration, /etc/multipath.conf and /etc/multipath/conf.d/\*.conf" check.err ||
	fail "mpxd does not say it reads multipath.conf"
grep -q "/etc/multipath.conf:4: keyword \"fast_io_fail_tmo\" is not supported by mpx, ignoring" check.err ||
	fail "no warning naming /etc/multipath.conf:4"
[ "$(grep -c . check.err)" = 2 ] || fail "expected the notice and one warning"
grep -Eq "^\s+alias\s+\"mpxcompat\"\s+# multipaths\[1\] at /etc/multipath.conf:12" check.out ||
	{ cat check.out; fail "the multipath entry is not in the effective configuration"; }
grep -Eq "^\s+no_path_retry\s+fail\s+# overrides at /etc/multipath/conf.d/10-site.conf:2" check.out ||
	fail "the drop-in's overrides are not read"
grep -Eq "^\s+bindings_file\s+\"/etc/multipath/bindings\"\s+# built in" check.out ||
	fail "bindings_file is not multipath-tools' own"

log "the installed mpxd makes the map as multipath.conf says"
mkdir -p /run/mpx
/usr/sbin/mpxd > mpxd.log 2>&1 &
pid=$!
wait_for 30 "mpxd's control socket" /usr/sbin/mpxctl show status
wait_for 30 "map mpxcompat" dmsetup info mpxcompat
dmsetup table mpxcompat | tee table.txt
# the multipath entry's queueing beats the drop-in's overrides (fail)
grep -q " queue_if_no_path " table.txt ||
	fail "no queue_if_no_path: the overrides beat the multipath entry"
grep -q " $(devno "$a") " table.txt && grep -q " $(devno "$b") " table.txt ||
	fail "the map does not use both paths"
grep -q "no /etc/mpx.conf: reading multipath-tools' configuration" mpxd.log ||
	{ cat mpxd.log; fail "mpxd's log does not say it reads multipath.conf"; }
/usr/sbin/mpxctl show config > show-config.txt
grep -Eq "^\s+no_path_retry\s+queue\s+# multipaths\[1\] at /etc/multipath.conf:13" show-config.txt ||
	{ cat show-config.txt; fail "mpxctl show config does not show the multipath entry"; }
fio_verify /dev/mapper/mpxcompat 8m
kill -TERM "$pid"
wait "$pid" || fail "mpxd exited with $? on SIGTERM"
dmsetup remove mpxcompat

log "a multipath.conf that cannot work: exit 6, file:line, nothing changed"
cat > /etc/multipath.conf <<CONF
defaults {
	polling_interval 1
}
blacklist {
	wwid "($wwid"
}
CONF
before=$(dmsetup ls; ls -la /etc/multipath /run/mpx)
rc=0
timeout 60 /usr/sbin/mpxd > bad.log 2>&1 || rc=$?
cat bad.log
[ "$rc" = 6 ] || fail "mpxd exited $rc, not 6"
grep -q "/etc/multipath.conf:5:2: wwid: \"($wwid\" is not a valid regular expression" bad.log ||
	fail "the error does not name /etc/multipath.conf:5"
after=$(dmsetup ls; ls -la /etc/multipath /run/mpx)
[ "$before" = "$after" ] || { echo "$before"; echo "$after"; fail "something changed"; }
rc=0
/usr/sbin/mpxd --check-config > /dev/null 2>&1 || rc=$?
[ "$rc" = 6 ] || fail "--check-config exited $rc, not 6"

rm -f /etc/multipath.conf
rm -rf /etc/multipath
sd_teardown
mpx_unload
