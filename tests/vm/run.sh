#!/bin/bash
# Boot the bench VM once and run one or more guest scenarios in it.
#
#   tests/vm/run.sh --build DIR --kernel DIR [--out DIR] [--timeout SECS]
#                   [--mem MB] [--smp N] [--live] [--append ARGS]
#                   [--qemu-arg ARG]... SCENARIO.sh...
#
# --build   the CMake build tree (holds the userspace programs, the bench's
#           dm-mpx.ko in vm/dm-target/ and the initramfs in vm/initramfs.gz)
# --kernel  the unpacked Debian kernel (tests/vm/lib/fetch-kernel.sh output)
# --live    also show the guest console on stdout while it runs
# --append  more kernel command line arguments
# --qemu-arg  one more argument for qemu (repeat for several)
# MPX_VM_ACCEL in the environment overrides the accelerator (e.g.
# "tcg,thread=single").
# Exit status: 0 when every scenario passed, 1 when one failed, 2 when the VM
# could not run (missing qemu or kernel, boot failure, timeout), 77 when
# none failed but one cannot run on this kind of machine (it said why:
# helpers.sh skip; ctest reports it as skipped). The console log is printed
# on any failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="" kdir="" out="" timeout=900 mem=2048 smp=2 live=0 scenarios=()
append="" qemu_extra=()

die() { echo "vm: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--kernel) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--live) live=1; shift ;;
	--append) append=$2; shift 2 ;;
	--qemu-arg) qemu_extra+=("$2"); shift 2 ;;
	-*) die "unknown option '$1'" ;;
	*) scenarios+=("$1"); shift ;;
	esac
done
[ ${#scenarios[@]} -gt 0 ] || die "no scenario given"
[ -n "$build" ] || die "--build is required"
[ -n "$kdir" ] || die "--kernel is required"
build=$(cd "$build" && pwd) || die "build dir '$build' missing"
[ -f "$kdir/.complete" ] || die "kernel cache '$kdir' is incomplete (run the build: it fetches the kernel)"
kdir=$(cd "$kdir" && pwd)
kver=$(cat "$kdir/kver")
module="$build/vm/dm-target/dm-mpx.ko"
initrd="$build/vm/initramfs.gz"
[ -f "$module" ] || die "no $module (build target vm-module)"
[ -f "$initrd" ] || die "no $initrd (build target vm-initramfs)"
qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 not installed (scripts/bootstrap.sh)"

abs=()
for s in "${scenarios[@]}"; do
	[ -f "$s" ] || die "scenario '$s' not found"
	abs+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")")
done

if [ -z "$out" ]; then
	out="$build/vm/results/$(basename "${abs[0]}" .sh)"
fi
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The stock Debian kernel hangs under PVM's /dev/kvm; only a normal KVM helps.
accel="tcg" cpu="max"
if [ -n "${MPX_VM_ACCEL:-}" ]; then
	accel=$MPX_VM_ACCEL
elif [ -w /dev/kvm ] && [ ! -e /sys/module/kvm_pvm ]; then
	accel="kvm" cpu="host"
fi
[ "$accel" = kvm ] && [ -e /sys/module/kvm_pvm ] && cpu="host"

cat > "$out/job.env" <<ENV
MPX_KVER='$kver'
MPX_KMODS='$kdir/root/lib/modules/$kver'
MPX_SRC='$src'
MPX_BUILD='$build'
MPX_MODULE='$module'
MPX_GUEST_RUN='$src/tests/vm/lib/guest-run.sh'
MPX_SCENARIOS='${abs[*]}'
MPX_SCENARIO_TIMEOUT='$timeout'
MPX_ACCEL='$accel'
ENV

serial=(-serial "file:$out/console.log")
if [ "$live" = 1 ]; then
	serial=(-chardev "stdio,id=con,signal=off,logfile=$out/console.log"
		-serial chardev:con)
fi

echo "vm: kernel $kver, accel $accel, ${smp} vCPU, ${mem} MiB: ${scenarios[*]}"
start=$(date +%s)
timeout -k 10 $((timeout + 60)) "$qemu" \
	-machine q35 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem" \
	-display none -monitor none "${serial[@]}" \
	-no-reboot \
	-kernel "$kdir/vmlinux" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 loglevel=4 quiet rdinit=/init${append:+ $append}" \
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev "local,id=results,path=$out,security_model=none,multidevs=remap" \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	-nic none "${qemu_extra[@]}"
qrc=$?
secs=$(( $(date +%s) - start ))

rc=$(cat "$out/rc" 2>/dev/null || true)
if [ -z "$rc" ]; then
	marker=$(grep -a -o 'MPX-VM-EXIT rc=[0-9]*' "$out/console.log" 2>/dev/null | tail -n 1)
	rc=${marker#MPX-VM-EXIT rc=}
fi
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "vm: FAILED: guest did not finish within $((timeout + 60))s; console log:"
	cat "$out/console.log"
	exit 2
fi
if [ -z "$rc" ]; then
	echo "vm: FAILED: guest ended (qemu rc $qrc) without a result; console log:"
	cat "$out/console.log"
	exit 2
fi
for s in "${abs[@]}"; do
	name=$(basename "$s" .sh)
	src_rc=$(cat "$out/$name/rc" 2>/dev/null || echo "none")
	echo "vm: $name: rc=$src_rc (log: $out/$name/log)"
done
if [ "$rc" = 77 ]; then
	grep -h '^SKIP: ' "$out"/*/log 2> /dev/null | sed 's/^/vm: /'
	echo "vm: SKIPPED after ${secs}s: a scenario cannot run on this machine"
	exit 77
fi
if [ "$rc" != 0 ]; then
	echo "vm: FAILED (rc $rc) after ${secs}s"
	[ "$live" = 1 ] || { echo "vm: console log:"; cat "$out/console.log"; }
	exit 1
fi
echo "vm: passed in ${secs}s"
