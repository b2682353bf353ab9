#!/bin/sh
# Build mpx, boot the bench VM (Debian's kernel under qemu) and show a
# multipath device over scsi_debug carrying I/O while a path fails.
set -eu
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
build=${MPX_BUILD_DIR:-build}
cmake -S . -B "$build" > /dev/null
cmake --build "$build" -j"$(nproc)"
exec tests/vm/run.sh --live --build "$build" --kernel "$(cat "$build/vm/kernel-dir")" \
	tests/vm/scenarios/demo.sh
