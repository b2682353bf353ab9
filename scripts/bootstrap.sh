#!/bin/sh
# Install the Debian packages mpx needs to build, test and run its VM bench.
# Idempotent and quiet when everything is already present; run as root or
# with sudo available. Shared by the README's demo and test commands.
set -eu

PKGS="
build-essential cmake pkg-config git
libcmocka-dev libdevmapper-dev libudev-dev libsgutils2-dev libaio-dev libsystemd-dev
qemu-system-x86 qemu-utils busybox-static cpio xz-utils zstd kmod
dmsetup sg3-utils fio udev multipath-tools systemd lvm2 kpartx fdisk
clang-14 libclang-rt-14-dev clang-format-14
fence-agents open-iscsi
"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "bootstrap: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
