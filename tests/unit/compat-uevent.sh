#!/bin/sh
# dm_path_uevent() exists only in kernels with CONFIG_DM_UEVENT: mpx-compat.h
# must turn it into nothing elsewhere, or dm-mpx.ko does not load there.
# The test module compat-no-uevent.ko includes the header as such a kernel
# would see it; the real dm-mpx.ko (Debian's kernel has DM_UEVENT) must
# still call dm-mod's.
# Usage: compat-uevent.sh TEST_KMOD_DIR DM_MPX_KO
set -u
kmod=${1:?usage: compat-uevent.sh TEST_KMOD_DIR DM_MPX_KO}/compat-no-uevent.ko
ko=${2:?usage: compat-uevent.sh TEST_KMOD_DIR DM_MPX_KO}
[ -f "$kmod" ] || { echo "FAIL: no $kmod (build target test-kmods)"; exit 1; }
[ -f "$ko" ] || { echo "FAIL: no $ko"; exit 1; }
if nm -u "$kmod" | grep -qw dm_path_uevent; then
	echo "FAIL: without CONFIG_DM_UEVENT the module still needs dm_path_uevent"
	exit 1
fi
if ! nm -u "$ko" | grep -qw dm_path_uevent; then
	echo "FAIL: dm-mpx.ko no longer sends path uevents on a kernel with CONFIG_DM_UEVENT"
	exit 1
fi
echo "ok: dm_path_uevent only where dm-mod has it"
