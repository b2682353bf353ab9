#!/bin/sh
# include-graph.sh must find every wrong include of a fixture tree, and
# only those: a checker that cannot fail would pass any tree.
# Usage: include-graph-selftest.sh SOURCE_DIR
set -u
src=${1:?usage: include-graph-selftest.sh SOURCE_DIR}
out=$("$src/tests/unit/include-graph.sh" "$src/tests/fixtures/include-graph")
rc=$?
[ "$rc" = 1 ] || { echo "exit $rc on a tree with wrong includes, expected 1"; exit 1; }
echo "$out" | diff -u "$src/tests/fixtures/include-graph.expected" - ||
	{ echo "include-graph.sh did not report exactly the fixture's violations"; exit 1; }
echo "include-graph.sh finds the fixture's $(echo "$out" | wc -l) violations"
