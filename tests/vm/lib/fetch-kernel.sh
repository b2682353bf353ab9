#!/bin/sh
# Fetch Debian's current amd64 kernel and its headers into a cache folder,
# unpacked, never installed on the host. Prints the cache folder of that
# kernel version on stdout; the folder then holds:
#   root/                 the unpacked packages (lib/modules/$KVER, usr/src/...)
#   vmlinux               the uncompressed kernel (boots ~2.5x faster under TCG)
#   kver                  the kernel version string
# Usage: fetch-kernel.sh CACHE_DIR [KVER]
#        fetch-kernel.sh --kver      (print the version it would fetch)
set -eu

print_only=0
if [ "${1:-}" = --kver ]; then
	print_only=1
	cache=
	kver=
else
	cache=${1:?usage: fetch-kernel.sh CACHE_DIR [KVER]}
	kver=${2:-}
fi

die() { echo "fetch-kernel: $*" >&2; exit 1; }

if [ -z "$kver" ]; then
	kver=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1)
	# No apt metadata (bare container): refresh once, quietly.
	if [ -z "$kver" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		kver=$(apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1)
	fi
	[ -n "$kver" ] || die "cannot tell the current Debian kernel (apt-cache depends linux-image-amd64 names none)"
fi
if [ "$print_only" = 1 ]; then
	echo "$kver"
	exit 0
fi

dir="$cache/$kver"
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

flavourless=${kver%-amd64}
kbuild=$(apt-cache depends "linux-headers-$kver" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-kbuild-[0-9.]*\)$/\1/p' | head -n 1)
[ -n "$kbuild" ] || die "linux-headers-$kver names no linux-kbuild package"

rm -rf "$dir"
mkdir -p "$dir/debs" "$dir/root"
echo "fetch-kernel: downloading linux-image-$kver and headers" >&2
# apt-get download writes into the current directory; as root it warns that
# the _apt user cannot write there, which is harmless.
(cd "$dir/debs" && apt-get download -q \
	"linux-image-$kver" "linux-headers-$kver" \
	"linux-headers-$flavourless-common" "$kbuild" 2>&1 |
	grep -v -e 'unsandboxed' -e '^Get:' -e '^Fetched' >&2) || true
n=$(ls "$dir/debs"/*.deb 2>/dev/null | wc -l)
[ "$n" -eq 4 ] || die "expected 4 packages for $kver, got $n (see apt-get download above)"

for deb in "$dir/debs"/*.deb; do
	dpkg-deb -x "$deb" "$dir/root" || die "cannot unpack $deb"
done

hdr="$dir/root/usr/src/linux-headers-$kver"
# The flavour Makefile includes the common tree by an absolute /usr/src path.
sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$hdr/Makefile"
# The build/source links are absolute too; point them into the cache.
ln -sfn "$hdr" "$dir/root/lib/modules/$kver/build"
ln -sfn "$dir/root/usr/src/linux-headers-$flavourless-common" "$dir/root/lib/modules/$kver/source"
depmod -b "$dir/root" "$kver" || die "depmod failed"

img="$dir/root/boot/vmlinuz-$kver"
[ -f "$img" ] || die "no $img in linux-image-$kver"
# bzImage carries an xz stream; the decompressed vmlinux has a PVH note
# that qemu boots directly, skipping the real-mode decompressor.
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$img" | head -n 1 | cut -d: -f1)
if [ -n "$off" ]; then
	tail -c +$((off + 1)) "$img" | xz -dc 2>/dev/null > "$dir/vmlinux" || true
fi
if ! [ -s "$dir/vmlinux" ] || ! head -c 4 "$dir/vmlinux" | grep -q ELF; then
	rm -f "$dir/vmlinux"
	cp "$img" "$dir/vmlinux"	# fall back to the bzImage
fi
rm -rf "$dir/debs"
echo "$kver" > "$dir/kver"
touch "$dir/.complete"
echo "$dir"
