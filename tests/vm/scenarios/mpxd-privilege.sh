# mpxd under the restrictions of mpxd.service, without systemd (not PID 1
# in the guest): the configured unit's CapabilityBoundingSet, with
# NoNewPrivileges, and its file system sandbox (ProtectSystem=strict with
# ReadWritePaths= and RuntimeDirectory=, ProtectHome, ProtectProc,
# ProtectKernelTunables, the cgroup tree writable for tenants) set up in a
# mount namespace.
# - scsi_debug: ExecStartPre loads dm-mpx; mpxd, with the unit's default
#   paths, discovers the LUN, creates its map, writes its binding, loads a
#   selector module, fails and reinstates a path, reconfigures and stops.
# - LIO: the alua policy module runs in its helper process, mpxctl persist
#   registers a key through both paths, and a LUN left with standby groups
#   only is activated (SET TARGET PORT GROUPS); without CAP_SYS_RAWIO the
#   registration is refused, which is why the unit keeps it.
# The settings enforced by seccomp (RestrictAddressFamilies,
# SystemCallFilter, MemoryDenyWriteExecute, LockPersonality,
# RestrictNamespaces) are checked on an strace of both runs instead. And
# without CAP_SYS_ADMIN, mpxd must stop with a clear error rather than run
# without device-mapper.
unit=$MPX_BUILD/conf/mpxd.service
[ -f "$unit" ] || fail "no configured unit $unit"
caps=$(unit_caps "$unit")
log "the unit's capabilities: $caps"
case $caps in *+sys_admin*) ;; *) fail "CAP_SYS_ADMIN is not in the unit's set: $caps" ;; esac

mpx_install_modules
udev_start
sd_setup 2 32
a=${SD_PATHS[0]}
# mpxd's defaults, as the unit starts it: /etc/mpx.conf, /etc/mpx/bindings
# and /run/mpx/mpxd.sock (the guest's /etc and /run are its own)
mkdir -p /etc/mpx
rm -f /etc/mpx/bindings
cat > /etc/mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 1
	user_friendly_names yes
	no_path_retry queue
	path_selector "latency 0"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
CONF

# udev's workers still probing the new disks while the io controller is
# turned on hung this guest's kernel once (both vCPUs in soft lockup)
udevadm settle -t 60 || log "udev did not settle within 60 s"
log "the sandbox: read-only but for the unit's writable paths"
cg_setup
cg_new mpx-probe > /dev/null
sandbox() { unit_sandbox_run "$unit" "$caps" "$@"; }
# tenants: the io controller for a tenant's parent, on_failover suspend
sandbox sh -c 'echo +io > /sys/fs/cgroup/cgroup.subtree_control' ||
	fail "the cgroup tree is not writable in the sandbox (tenants need it)"
sandbox sh -c 'echo 1 > /sys/fs/cgroup/mpx-probe/cgroup.freeze && echo 0 > /sys/fs/cgroup/mpx-probe/cgroup.freeze' ||
	fail "cgroup.freeze is not writable in the sandbox (on_failover suspend needs it)"
cg_rm mpx-probe
sandbox sh -c 'touch /etc/mpx/probe && rm /etc/mpx/probe' || fail "/etc/mpx is not writable in the sandbox"
sandbox sh -c 'touch /run/mpx/probe && rm /run/mpx/probe' || fail "/run/mpx is not writable in the sandbox"
expect_fail "writing /etc in the sandbox" sandbox touch /etc/mpx-probe
expect_fail "writing /run in the sandbox" sandbox touch /run/mpx-probe
expect_fail "writing /sys in the sandbox" sandbox sh -c "echo 30 > /sys/block/$a/device/timeout"
expect_fail "reading /root in the sandbox" sandbox ls /root
sandbox grep -q '^NoNewPrivs:.*1' /proc/self/status || fail "no NoNewPrivs in the sandbox"

# sched_of PID (or PID/task/TID): "policy rt_priority" from /proc stat
# (0: SCHED_OTHER, 2: SCHED_RR).
sched_of() {
	local _stat _f
	read -r _stat < "/proc/$1/stat"
	read -r -a _f <<< "${_stat##*) }"
	echo "${_f[38]} ${_f[37]}"
}

# trace_check TRACE...: the calls in the strace logs obey the unit's
# seccomp-enforced settings.
trace_check() {
	local deny
	deny=$(unit_values "$unit" SystemCallFilter)
	[ "${deny:0:1}" = "~" ] || fail "SystemCallFilter is not a deny list: $deny"
	DENIED=""
	expand_groups ${deny#\~}
	[ -n "$DENIED" ] || fail "systemd-analyze syscall-filter expanded nothing"
	python3 - "$(unit_values "$unit" RestrictAddressFamilies)" "$DENIED" \
		"$(unit_values "$unit" MemoryDenyWriteExecute)" \
		"$(unit_values "$unit" LockPersonality)" \
		"$(unit_values "$unit" RestrictNamespaces)" \
		"$(unit_values "$unit" RestrictRealtime)" "$@" <<'PY' ||
import re, sys
families, denied, mdwe, lockpers, restrictns, restrictrt = sys.argv[1:7]
families, denied = set(families.split()), set(denied.split())
call = re.compile(r'^\d+\s+([a-z0-9_]+)\((.*)')
bad, seen = [], set()
for line in (l for t in sys.argv[7:] for l in open(t)):
    m = call.match(line)
    if not m:
        continue
    name, args = m.groups()
    seen.add(name)
    if name in denied:
        bad.append("denied syscall: " + line.strip())
    if name in ("socket", "socketpair") and args.split(",")[0].strip() not in families:
        bad.append("address family: " + line.strip())
    if mdwe == "yes" and (name in ("mprotect", "pkey_mprotect") and "PROT_EXEC" in args or
                          name in ("mmap", "mmap2") and "PROT_EXEC" in args and "PROT_WRITE" in args):
        bad.append("W^X: " + line.strip())
    if lockpers == "yes" and name == "personality" and not re.match(r'(0xffffffff|PER_LINUX)\)', args):
        bad.append("personality change: " + line.strip())
    if restrictrt == "yes" and name in ("sched_setscheduler", "sched_setattr") and \
            re.search(r'SCHED_(RR|FIFO|DEADLINE)', args):
        bad.append("real-time scheduling: " + line.strip())
    if restrictns == "yes" and (name in ("unshare", "setns") or
                                name.startswith("clone") and "CLONE_NEW" in args):
        bad.append("namespace: " + line.strip())
print("%d distinct syscalls traced; address families allowed: %s" % (len(seen), " ".join(sorted(families))))
for b in bad[:40]:
    print(b)
sys.exit(1 if bad else 0)
PY
		fail "the traces break the unit's seccomp settings"
}
# expand_groups NAME...: syscall names and @groups into DENIED, groups
# expanded by systemd-analyze.
expand_groups() {
	local g
	for g in "$@"; do
		if [ "${g:0:1}" = @ ]; then
			expand_groups $(systemd-analyze syscall-filter "$g" | grep -v '^ *#' | tail -n +2)
		else
			DENIED+=" $g"
		fi
	done
}

log "ExecStartPre: modprobe dm-mpx"
pre=$(unit_values "$unit" ExecStartPre)
pre=${pre#-}
sandbox $pre || fail "ExecStartPre ($pre) failed in the sandbox"
grep -qw '^dm_mpx' /proc/modules || fail "ExecStartPre did not load dm-mpx"

log "ExecStart: mpxd, traced"
exe=$(unit_values "$unit" ExecStart)
exe=$(basename "${exe%% *}")
[ "$exe" = mpxd ] || fail "unexpected ExecStart: $(unit_values "$unit" ExecStart)"
rm -f /dev/shm/mpxd.trace
# systemd runs mpxd with udev (no DM_DISABLE_UDEV): libdevmapper waits for udev
sandbox env -u DM_DISABLE_UDEV ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -o /dev/shm/mpxd.trace mpxd > mpxd.log 2>&1 &
tracer=$!
wait_for 60 "mpxd's control socket" mpxctl show status
pid=$(pgrep -o -x mpxd) || fail "no mpxd under strace"
status=/proc/$pid/status
grep '^Cap\|^NoNewPrivs' "$status"
eff=$(awk '$1 == "CapEff:" { print $2 }' "$status")
bnd=$(awk '$1 == "CapBnd:" { print $2 }' "$status")
[ "$eff" = "$bnd" ] || fail "mpxd's effective set $eff is not its bounding set $bnd"
want=$(unit_values "$unit" CapabilityBoundingSet | tr ' ' '\n' | tr A-Z a-z | grep . | sort | tr '\n' ,)
got=$(capsh --decode="$eff" | sed 's/.*=//' | tr , '\n' | sort | tr '\n' ,)
[ "$got" = "$want" ] || fail "mpxd runs with $got, the unit says $want"
grep -q '^NoNewPrivs:.*1' "$status" || fail "mpxd runs without NoNewPrivs"

wait_for 60 "map mpatha with both paths" map_all_active mpatha 2
wait_for 30 "/dev/mapper/mpatha to read" map_ready mpatha
grep -q '^mpatha ' /etc/mpx/bindings || fail "no binding written to /etc/mpx/bindings"
[ -b /dev/mapper/mpatha ] || fail "no /dev/mapper/mpatha"
grep -q 'loaded module dm-mpx-ps-latency' mpxd.log || fail "mpxd did not load the latency selector"
dmsetup table mpatha | grep -q ' latency ' || fail "mpatha does not use latency: $(dmsetup table mpatha)"
fio_verify /dev/mapper/mpatha 8m
path_offline "$a"
wait_for 20 "mpxd to fail $a" eval '[ "$(mpxctl_path_state '"$a"')" = failed ]'
path_online "$a"
wait_for 20 "mpxd to reinstate $a" eval '[ "$(mpxctl_path_state '"$a"')" = active ]'
mpxctl reconfigure > /dev/null || fail "reconfigure failed in the sandbox"
kill -TERM "$pid"
rc=0
wait "$tracer" || rc=$?
[ "$rc" = 0 ] || { cat mpxd.log; fail "mpxd exited with $rc on SIGTERM"; }
grep -qi 'permission denied\|read-only file system\|operation not permitted' mpxd.log &&
	{ cat mpxd.log; fail "mpxd hit a permission error in the sandbox"; }
cp /dev/shm/mpxd.trace .
log "$(wc -l < mpxd.trace) traced calls"

for m in $(mpx_maps); do dmsetup remove "$m"; done
sd_teardown

log "LIO: the alua policy module, reservations and a standby-only LUN"
lio_setup 2 32 1 2
lio_set_state 1 optimized
lio_set_state 2 non-optimized
pdir=/run/mpx-policies
mkdir -p "$pdir" && chmod 755 "$pdir"
cp "$MPX_BUILD/plugins/alua.so" "$pdir/"
# (neither the kernel's alua handler nor queueing, which the built-in LIO
# row sets: the policy module is what must activate a standby group, with
# CAP_SYS_RAWIO, and a map queueing while every port is standby would
# hold udev's probe of it, and with it mpxd's reloads)
cat > /etc/mpx.conf <<CONF
defaults {
	polling_interval 1
	max_polling_interval 1
	policy_dir "$pdir"
}
blacklist {
	devnode "^(ram|loop|nullb|dm-)"
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		hardware_handler "0"
		no_path_retry fail
	}
}
CONF
rm -f /dev/shm/mpxd-lio.trace
sandbox env -u DM_DISABLE_UDEV ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -o /dev/shm/mpxd-lio.trace mpxd > mpxd-lio.log 2>&1 &
tracer=$!
wait_for 60 "mpxd's control socket" mpxctl show status
pid=$(pgrep -o -x mpxd) || fail "no mpxd under strace"
wait_for 60 "the LIO LUN's map" eval '[ -n "$(mpx_maps)" ]'
map=$(mpx_maps)
wait_for 30 "the alua policy to claim $map" grep -q "map \"$map\": policy alua" mpxd-lio.log
mpxctl persist register "$map" 0xabc123 > register.txt 2>&1 || { cat register.txt; fail "persist register failed"; }
grep -q "2 of 2 paths done" register.txt || fail "not registered through both paths: $(cat register.txt)"
[ "$(lio_registered | grep -c 'Key: 0x0*abc123 ')" = 2 ] || { lio_registered; fail "LIO does not list two registrations"; }
mpxctl persist unregister "$map" 0xabc123 > /dev/null || fail "persist unregister failed"
lio_set_state 1 standby
lio_set_state 2 standby
wait_for 60 "the policy to activate a group" eval '[ "$(lio_state 1)" = 0 ] || [ "$(lio_state 2)" = 0 ]'
grep -q 'policy "alua" activated group' mpxd-lio.log || fail "no activation in the log"
log "scheduling: mpxd's loop SCHED_RR by the unit's LimitRTPRIO, its helper and threads not"
rtprio=$(unit_values "$unit" LimitRTPRIO)
[ "$(sched_of "$pid")" = "2 $rtprio" ] ||
	fail "mpxd runs with policy/priority $(sched_of "$pid"), not SCHED_RR $rtprio (LimitRTPRIO=$rtprio)"
helper=$(pgrep -f -- '--policy-host') || fail "no policy helper process"
for h in $helper; do
	[ "$(sched_of "$h")" = "0 0" ] || fail "policy helper $h runs with $(sched_of "$h"), not SCHED_OTHER"
done
threads=0
for t in /proc/"$pid"/task/*; do
	t=${t##*/}
	[ "$t" = "$pid" ] && continue
	threads=$((threads + 1))
	[ "$(sched_of "$pid/task/$t")" = "0 0" ] ||
		fail "mpxd's thread $t runs with $(sched_of "$pid/task/$t"), not SCHED_OTHER"
done
log "mpxd SCHED_RR $rtprio; $(echo $helper | wc -w) helper(s) and $threads thread(s) SCHED_OTHER"
grep -q 'runs at normal priority' mpxd.log mpxd-lio.log && fail "mpxd was refused SCHED_RR in the sandbox"
kill -TERM "$pid"
rc=0
wait "$tracer" || rc=$?
[ "$rc" = 0 ] || { cat mpxd-lio.log; fail "mpxd exited with $rc on SIGTERM"; }
cp /dev/shm/mpxd-lio.trace .

log "the seccomp-enforced settings, checked on both traces"
trace_check mpxd.trace mpxd-lio.trace

log "without CAP_SYS_RAWIO: persistent reservation commands are refused"
unit_sandbox_run "$unit" "${caps/,+sys_rawio/}" env -u DM_DISABLE_UDEV mpxd > norawio.log 2>&1 &
tracer=$!
wait_for 60 "mpxd's control socket" mpxctl show status
pid=$(pgrep -o -x mpxd)
out=$(mpxctl persist register "$map" 0xabc123 2>&1) &&
	fail "registration worked without CAP_SYS_RAWIO: the unit need not keep it ($out)"
echo "$out"
echo "$out" | grep -qi "not permitted\|EPERM" || fail "unclear refusal without CAP_SYS_RAWIO: $out"
kill -TERM "$pid"
wait "$tracer" || fail "mpxd exited with $? on SIGTERM"
for m in $(mpx_maps); do dmsetup remove "$m"; done

log "without CAP_SYS_ADMIN: a clear error and no map"
rc=0
SANDBOX_TIMEOUT=30 unit_sandbox_run "$unit" "${caps/,+sys_admin/}" env -u DM_DISABLE_UDEV mpxd \
	> noadmin.log 2>&1 || rc=$?
cat noadmin.log
for m in $(mpx_maps); do dmsetup remove "$m"; done
lio_teardown
for m in $(awk '$1 ~ /^dm_mpx_ps/ { print $1 }' /proc/modules); do rmmod "$m"; done
[ "$rc" != 124 ] || fail "mpxd kept running without CAP_SYS_ADMIN (device-mapper refuses it every ioctl)"
[ "$rc" = 1 ] || [ "$rc" = 4 ] || fail "mpxd exited with $rc without CAP_SYS_ADMIN, expected 1 (or 4, EXIT_NOPERMISSION)"
grep -qi 'permission denied\|CAP_SYS_ADMIN' noadmin.log || fail "the error does not say it lacks a privilege"
mpx_unload
