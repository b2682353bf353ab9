#!/bin/sh
# Build everything (userspace with ASan+UBSan, the module, the VM bench) and
# run every test: cmocka units and VM scenarios against the real kernel
# target. Extra arguments go to ctest (e.g. -L unit, -R failover).
set -eu
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
build=${MPX_BUILD_DIR:-build-test}
mkdir -p "$build"
# shellcheck disable=SC2086
cmake -S . -B "$build" -DMPX_SANITIZE=ON ${MPX_CMAKE_ARGS:-} > "$build/configure.log" 2>&1 ||
	{ cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure "$@"
