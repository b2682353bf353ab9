#!/bin/sh
# Build the bench's initramfs: static busybox as /init plus the few modules
# needed before the host's root is mounted over 9p (everything else loads
# later from the shared module tree). Usage: mkinitramfs.sh KERNEL_CACHE OUT
set -eu

kdir=${1:?usage: mkinitramfs.sh KERNEL_CACHE OUT}
out=${2:?usage: mkinitramfs.sh KERNEL_CACHE OUT}
here=$(cd "$(dirname "$0")" && pwd)
kver=$(cat "$kdir/kver")
root="$kdir/root"

die() { echo "mkinitramfs: $*" >&2; exit 1; }

busybox=/bin/busybox
[ -x "$busybox" ] && "$busybox" --list 2>/dev/null | grep -qx insmod ||
	die "$busybox (busybox-static) not found; run scripts/bootstrap.sh"
file -L "$busybox" 2>/dev/null | grep -q 'static' ||
	die "$busybox is not statically linked (install busybox-static)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/modules" "$work/proc" "$work/sys" "$work/dev" \
	"$work/lower" "$work/upper" "$work/newroot" "$work/results" "$work/sbin"
cp "$busybox" "$work/bin/busybox"
cp "$here/init" "$work/init"
cp "$here/modprobe-chroot" "$work/sbin/modprobe-chroot"
chmod 755 "$work/init" "$work/sbin/modprobe-chroot"

: > "$work/modules/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$root" -S "$kver" --show-depends "$m" ||
		die "module $m not found for $kver"
done | while read -r verb path _; do
	[ "$verb" = insmod ] || continue
	name=$(basename "$path")
	grep -qx "$name" "$work/modules/order" && continue
	cp "$path" "$work/modules/$name"
	echo "$name" >> "$work/modules/order"
done
[ -s "$work/modules/order" ] || die "no modules collected"

(cd "$work" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
