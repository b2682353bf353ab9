#!/bin/sh
# STYLE E10: kernel version tests live in dm-target/mpx-compat.h only.
cd "${1:?usage: compat-grep.sh SRCDIR}" || exit 1
bad=$(grep -rl 'LINUX_VERSION_CODE' dm-target | grep -v '^dm-target/mpx-compat.h$')
if [ -n "$bad" ]; then
	echo "LINUX_VERSION_CODE outside dm-target/mpx-compat.h: $bad"
	exit 1
fi
# The target version and dkms.conf must not drift apart from the project.
v=$(sed -n 's/^project(mpx VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
grep -q "^PACKAGE_VERSION=\"$v\"" dm-target/dkms.conf ||
	{ echo "dm-target/dkms.conf PACKAGE_VERSION is not $v"; exit 1; }
exit 0
