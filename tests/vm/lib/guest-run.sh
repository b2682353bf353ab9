#!/bin/bash
# Runs inside the guest, chrooted into the host's root: loads nothing by
# itself, runs each scenario named in job.env in its own bash with the
# helpers sourced, then checks the kernel log. Writes results/rc.
set -u
R=/mpx-results
. "$R/job.env"
export PATH=$MPX_BUILD/daemon:$MPX_BUILD/tests/vm/tools:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
# No udevd in most scenarios: let libdevmapper create /dev/mapper nodes itself.
export DM_DISABLE_UDEV=1 SYSTEMD_IGNORE_CHROOT=1
export MPX_SRC MPX_BUILD MPX_MODULE MPX_KVER MPX_RESULTS=$R
cd /tmp
# A bio stuck for a minute is a bug worth a trace in the log: without that
# trace a hang would pass the kernel log check, so no run goes without it.
if ! echo 60 > /proc/sys/kernel/hung_task_timeout_secs; then
	echo "=== cannot arm the hung task detector: no scenario runs" > /dev/console
	echo 2 > "$R/rc"
	sync
	exit 2
fi

# Each scenario's status: 0 passed, 77 cannot run on this kind of machine
# (helpers.sh skip), anything else failed. The run is 77 only if no
# scenario failed and one could not run.
rc=0 skipped=0
for s in $MPX_SCENARIOS; do
	name=$(basename "$s" .sh)
	mkdir -p "$R/$name"
	echo "=== scenario $name"
	start=$(date +%s)
	MPX_OUT="$R/$name" timeout -k 5 "${MPX_SCENARIO_TIMEOUT:-600}" \
		bash -c 'set -Eeuo pipefail; . "$MPX_SRC/tests/vm/lib/helpers.sh"; trap "on_err \$LINENO" ERR; cd "$MPX_OUT"; . "$1"' \
		mpx-scenario "$s" 2>&1 | tee "$R/$name/log" > /dev/console
	src=${PIPESTATUS[0]}
	# Each scenario leaves the kernel log it produced; one BUG fails it.
	if ! "$MPX_SRC/tests/vm/lib/check-dmesg.sh" > "$R/$name/kernel-problems"; then
		echo "=== $name: kernel reported problems:" > /dev/console
		cat "$R/$name/kernel-problems" > /dev/console
		{ [ "$src" -eq 0 ] || [ "$src" -eq 77 ]; } && src=70
	fi
	echo "$src" > "$R/$name/rc"
	echo "=== scenario $name rc=$src ($(( $(date +%s) - start ))s)" > /dev/console
	if [ "$src" -eq 77 ]; then
		skipped=1
	elif [ "$src" -ne 0 ]; then
		rc=1
	fi
done
[ "$rc" -eq 0 ] && [ "$skipped" -eq 1 ] && rc=77
dmesg > "$R/dmesg.txt"
echo "$rc" > "$R/rc"
sync
exit "$rc"
