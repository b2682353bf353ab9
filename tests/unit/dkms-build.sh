#!/bin/bash
# The DKMS source tree that "cmake --install" ships builds dm-mpx.ko with
# the MAKE line of its own dkms.conf, as dkms would run it.
# Usage: dkms-build.sh BUILD_DIR KERNEL_BUILD_DIR
set -eu
build=${1:?usage: dkms-build.sh BUILD_DIR KERNEL_BUILD_DIR}
kdir=${2:?usage: dkms-build.sh BUILD_DIR KERNEL_BUILD_DIR}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# staged with DESTDIR: the unit, the udev rule and /etc go to absolute
# paths whatever the prefix, and must not land on the host
DESTDIR=$stage cmake --install "$build" --prefix /usr > /dev/null
src=$(ls -d "$stage"/usr/src/dm-mpx-*)
# dkms sources dkms.conf with these set, and expands MAKE[0] later
kernel_source_dir=$kdir
dkms_tree="$stage/dkms"
. "$src/dkms.conf"
mkdir -p "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION"
cp -r "$src" "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build"
eval "make_cmd=\"${MAKE[0]}\""
eval "$make_cmd KCFLAGS=-Werror W=1" > "$stage/make.log" 2>&1 ||
	{ cat "$stage/make.log"; echo "dkms-style build failed"; exit 1; }
for m in "${BUILT_MODULE_NAME[@]}"; do
	[ -f "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build/$m.ko" ] ||
		{ echo "dkms.conf names $m, but no $m.ko was built"; exit 1; }
done
ko="$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build/$BUILT_MODULE_NAME.ko"
modinfo -F version "$ko" | grep -qx "$(sed -n 's/^#define MPX_VERSION_MAJOR \(.*\)/\1/p' "$src/include/mpx/table.h").[0-9]*.[0-9]*" ||
	{ echo "module version does not match include/mpx/table.h"; exit 1; }
echo "dkms-style build of $PACKAGE_NAME $PACKAGE_VERSION: ok"
