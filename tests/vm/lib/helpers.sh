# Helpers for guest scenarios (sourced by guest-run.sh with set -euo pipefail).
# Every wait has a deadline; every failure says what was expected.

# fail MSG...: end the scenario with a message.
fail() {
	echo "FAIL: $*" >&2
	# a background fio loop would keep the scenario's output open, and
	# the guest with it, until the timeout
	[ -z "${FIO_BG_PID:-}" ] || touch "$MPX_OUT/fio-bg.stop"
	exit 1
}

log() { echo "--- $*"; }

# The ERR trap (guest-run.sh): a command that fails outside fail() ends
# the scenario under set -e without a word; name it, and stop a background
# fio as fail() does. Command substitutions fail their caller, which is
# named instead.
on_err() {
	local st=$?
	# only when the failure ends the scenario: not under set +e
	[ "$BASH_SUBSHELL" = 0 ] && [[ $- == *e* ]] || return 0
	echo "FAIL: ${BASH_SOURCE[1]##*/} line $1: '$BASH_COMMAND' exited $st" >&2
	[ -z "${FIO_BG_PID:-}" ] || touch "$MPX_OUT/fio-bg.stop"
}

# skip REASON...: end the scenario as one that cannot run on this kind of
# machine (ctest reports it as skipped). Only for what no setup step of
# the bench can provide (a kernel built without a feature, say): anything
# the bench sets up itself that is missing is a failure.
skip() {
	echo "SKIP: $*"
	exit 77
}

# wait_for SECS DESCRIPTION CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local secs=$1 what=$2
	shift 2
	local end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while ! "$@" > /dev/null 2>&1; do
		[ $(( $(date +%s%N) / 1000000 )) -lt $end ] ||
			fail "timed out after ${secs}s waiting for: $what"
		sleep 0.1
	done
}

# map_ios MAP: reads and writes MAP's block device has completed.
map_ios() {
	# by its number: without udev, /dev/mapper/MAP is a node, not a link to dm-N
	awk '{ print $1 + $5 }' "/sys/dev/block/$(dmsetup info -c --noheadings -o major,minor "$1" | tr -d ' ')/stat"
}

# wait_ios MAP N SECS: wait until N more I/Os complete on MAP (I/O is
# flowing), instead of a nap that hopes it is.
wait_ios() {
	local _map=$1 _n=$2 _base
	_base=$(map_ios "$_map")
	wait_for "$3" "$_n more I/Os to complete on $_map" \
		eval '[ $(( $(map_ios "$_map") - _base )) -ge "$_n" ]'
}

# mpx_load: load device-mapper and the dm-mpx.ko under test.
mpx_load() {
	# insmod resolves no dependencies: load what modinfo says dm-mpx needs
	modprobe -a $(modinfo -F depends "$MPX_MODULE" | tr , " ")
	insmod "$MPX_MODULE" || fail "insmod $MPX_MODULE failed"
	grep -qw mpx <(dmsetup targets) || fail "target mpx not registered"
}

mpx_unload() {
	rmmod dm_mpx || fail "rmmod dm_mpx failed"
}

# sd_setup NHOSTS [MB] [extra scsi_debug params...]: one LUN seen through
# NHOSTS SCSI hosts (same WWID). Sets SD_PATHS to the block devices (sdX)
# in host order.
sd_setup() {
	local n=$1 mb=${2:-128}
	shift 2 || shift $#
	modprobe sd_mod
	modprobe scsi_debug add_host="$n" num_tgts=1 max_luns=1 \
		dev_size_mb="$mb" vpd_use_hostno=0 delay=0 "$@" ||
		fail "modprobe scsi_debug failed"
	wait_for 20 "$n scsi_debug disks" _sd_count_is "$n"
	SD_PATHS=()
	local h
	for h in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*; do
		local d
		for d in "$h"/target*/*/block/*; do
			[ -e "$d" ] && SD_PATHS+=("$(basename "$d")")
		done
	done
	[ ${#SD_PATHS[@]} -eq "$n" ] || fail "expected $n scsi_debug paths, found ${SD_PATHS[*]:-none}"
	local p
	for p in "${SD_PATHS[@]}"; do
		wait_for 10 "/dev/$p" test -b "/dev/$p"
	done
	log "scsi_debug paths: ${SD_PATHS[*]}"
}

_sd_count_is() {
	local c=0 d
	for d in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do
		[ -e "$d" ] && c=$((c + 1))
	done
	[ "$c" -eq "$1" ]
}

# devno sdX: print MAJ:MIN of a block device.
devno() { cat "/sys/class/block/$1/dev"; }

# sectors DEV: size of a block device in 512-byte sectors.
sectors() { blockdev --getsz "/dev/$1"; }

# path_offline sdX / path_online sdX: fail or restore a path at the SCSI layer.
path_offline() { echo offline > "/sys/block/$1/device/state"; }
path_online() { echo running > "/sys/block/$1/device/state"; }

# nullb_setup N [MB]: N memory-backed null_blk devices; sets NULLB_DEVS.
nullb_setup() {
	local n=$1 mb=${2:-256}
	modprobe null_blk nr_devices="$n" gb=1 memory_backed=1 \
		queue_mode=2 irqmode=0 || fail "modprobe null_blk failed"
	NULLB_DEVS=()
	local i
	for ((i = 0; i < n; i++)); do
		wait_for 10 "/dev/nullb$i" test -b "/dev/nullb$i"
		NULLB_DEVS+=("nullb$i")
	done
	: "$mb"
}

# fio_verify DEV [SIZE] [extra fio args...]: write then verify with crc32c.
# Fails the scenario on any fio error or verify failure.
fio_verify() {
	local dev=$1 size=${2:-32m}
	shift 2 || shift $#
	fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size="$size" \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3 "$@" > fio-verify.out 2>&1 ||
		{ cat fio-verify.out; fail "fio write+verify on $dev failed"; }
	_fio_check_errors fio-verify.out
}

_fio_check_errors() {
	# terse v3: field 5 is the job's error number.
	local err
	err=$(awk -F';' '/^3;/ { print $5 }' "$1" | sort -u)
	[ "$err" = 0 ] || { cat "$1"; fail "fio reported error '$err'"; }
}

# expect_fail DESCRIPTION CMD...: CMD must fail.
expect_fail() {
	local what=$1
	shift
	if "$@" > /dev/null 2>&1; then
		fail "expected failure: $what"
	fi
}

# dmesg_has PATTERN: the kernel log has a line matching the extended regex.
dmesg_has() { dmesg | grep -qE "$1"; }

# fio_bg_start DEV [fio args...]: write+verify DEV in a loop in the
# background until fio_bg_stop, which fails the scenario if any run had an
# I/O error or a verify failure. One background job at a time.
fio_bg_start() {
	local dev=$1
	shift
	rm -f fio-bg.stop fio-bg.failed fio-bg.*.out
	(
		set +e
		n=0
		while [ ! -e fio-bg.stop ]; do
			fio --name=bg --filename="$dev" --direct=1 --ioengine=libaio \
				--rw=randwrite --bs=4k --iodepth=16 --size=16m \
				--verify=crc32c --verify_fatal=1 --do_verify=1 \
				--output-format=terse --terse-version=3 "$@" \
				> "fio-bg.$n.out" 2>&1 || { echo "$n" > fio-bg.failed; break; }
			n=$((n + 1))
		done
		echo "$n" > fio-bg.runs
	) &
	FIO_BG_PID=$!
}

fio_bg_stop() {
	local f
	touch fio-bg.stop
	wait "$FIO_BG_PID" || true
	if [ -e fio-bg.failed ]; then
		cat "fio-bg.$(cat fio-bg.failed).out"
		fail "background fio run $(cat fio-bg.failed) failed"
	fi
	for f in fio-bg.*.out; do
		_fio_check_errors "$f"
	done
	log "background fio: $(cat fio-bg.runs) write+verify runs, no error"
}

# path_state MAP DEV: A or F for DEV (maj:min) in MAP's status;
# path_fail_count MAP DEV: its fail count.
path_state() {
	dmsetup status "$1" | awk -v d="$2" '{ for (i = 6; i <= NF; i++) if ($i == d) { print $(i + 1); exit } }'
}
path_fail_count() {
	dmsetup status "$1" | awk -v d="$2" '{ for (i = 6; i <= NF; i++) if ($i == d) { print $(i + 2); exit } }'
}
path_state_is() { [ "$(path_state "$1" "$2")" = "$3" ]; }

# path_ios MAP DEV: I/Os the path completed (stats message).
path_ios() {
	dmsetup message "$1" 0 stats | awk -v d="$2" '$1 == "path" && $2 == d { print $10 }'
}

# sd_teardown: remove the scsi_debug paths (no map may use them).
sd_teardown() {
	rmmod scsi_debug || fail "rmmod scsi_debug failed"
	SD_PATHS=()
}

# klog_mark / klog_since: the kernel log lines written after the mark.
# (Never clear the log: the oops check at the end reads all of it.)
klog_mark() { KLOG_MARK=$(dmesg | wc -l); }
klog_since() { dmesg | tail -n +$((KLOG_MARK + 1)); }

# Topic helpers (LIO targets, benchmarks...) live in helpers-<topic>.sh.
for _h in "$MPX_SRC"/tests/vm/lib/helpers-*.sh; do
	[ -e "$_h" ] && . "$_h"
done
unset _h

# udev_start: run udevd so that mpxd sees uevents (hot-added and removed
# disks) and /dev/disk links exist. Idempotent.
udev_start() {
	pgrep -x systemd-udevd > /dev/null && return 0
	/lib/systemd/systemd-udevd --daemon || fail "cannot start systemd-udevd"
	udevadm trigger --action=add --subsystem-match=block
	udevadm settle -t 30 || fail "udev did not settle within 30 s"
}

# mpxd_start [mpxd args...]: start mpxd in the background with a config
# written to ./mpx.conf (the caller writes it), logging to ./mpxd.log.
mpxd_start() {
	[ -f mpx.conf ] || : > mpx.conf
	mpxd -c "$PWD/mpx.conf" --config-dir "$PWD/mpx.conf.d" "$@" >> mpxd.log 2>&1 &
	MPXD_PID=$!
	wait_for 30 "mpxd's control socket" mpxctl show status
}

# mpxd_stop: SIGTERM and a clean exit.
mpxd_stop() {
	kill -TERM "$MPXD_PID"
	wait "$MPXD_PID" || fail "mpxd exited with $? on SIGTERM"
}

# mpxctl_path_state DEV: "active" or "failed" as mpxd shows the path.
mpxctl_path_state() {
	mpxctl show paths | awk -v d="$1" '$2 == d { print $5 }'
}

# mpx_install_modules: make the built modules (dm-mpx and the selector
# modules) loadable by name, so that modprobe and the kernel's own module
# requests (dm-mpx-ps-<name>) find them. modprobe "install" rules point at
# the build tree: no copy into the module tree, no depmod (slow under TCG).
mpx_install_modules() {
	local ko name conf=/etc/modprobe.d/mpx-under-test.conf
	local deps
	deps=$(modinfo -F depends "$MPX_MODULE" | tr , ' ')
	: > "$conf"
	for ko in "$(dirname "$MPX_MODULE")"/*.ko; do
		name=$(basename "$ko" .ko)
		if [ "$name" = dm-mpx ]; then
			echo "install $name /sbin/modprobe -a $deps && /sbin/insmod $ko" >> "$conf"
		else
			echo "install $name /sbin/modprobe dm-mpx && /sbin/insmod $ko" >> "$conf"
		fi
	done
}
