#!/bin/sh
# The lines a change touches, checked against .clang-format.
#
# Usage: scripts/check-format.sh [BASE]
#
# BASE is the commit the change is measured from: the argument, else
# $MPX_FORMAT_BASE, else where HEAD left the main branch (on a topic
# branch), else HEAD when there are uncommitted changes, else HEAD's first
# parent (a clean main, where CI runs after a merge: the merge's or the
# last commit's lines). Uncommitted changes always count. Only added and changed lines of C files are checked, with
# renames followed, so moving a file checks only what changed in it; a
# file nobody touches is never reformatted.
#
# One difference from clang-format is accepted: mpx puts a tab before a
# comment at the end of a line, clang-format a space; whitespace before a
# trailing comment is not compared.
#
# Exit 0 when the lines are formatted, 1 when not (the diff says how),
# 77 when there is nothing to check against (no git checkout, no
# clang-format, no BASE).
set -u
cd "$(dirname "$0")/.." || exit 2

cf=$(command -v clang-format-14 || command -v clang-format) ||
	{ echo "clang-format not found (scripts/bootstrap.sh installs clang-format-14)"; exit 77; }
git rev-parse --is-inside-work-tree > /dev/null 2>&1 ||
	{ echo "not a git checkout: nothing to compare with"; exit 77; }

base=${1:-${MPX_FORMAT_BASE:-}}
if [ -z "$base" ]; then
	head=$(git rev-parse HEAD)
	fork=$(git merge-base HEAD main 2> /dev/null || true)
	if [ -n "$fork" ] && [ "$fork" != "$head" ]; then
		base=$fork
	elif ! git diff --quiet HEAD --; then
		base=HEAD	# uncommitted work on top of main
	else
		base=$(git rev-parse -q --verify HEAD~1) ||
			{ echo "no parent commit to compare with"; exit 77; }
	fi
fi
git rev-parse -q --verify "$base^{commit}" > /dev/null || { echo "no commit $base"; exit 2; }

# "/* c */" at the end of a line, whatever whitespace is before it, as one space
trailing='s|[[:space:]]*\(/\*[^"]*\*/\)[[:space:]]*$| \1|'

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0 files=0 lines=0 fix=
# one diff of the whole tree, so that a moved file is paired with its old self
git diff -M -U0 --diff-filter=AMR "$base" -- '*.c' '*.h' > "$tmp/all.diff"
for f in $(sed -n 's|^+++ b/||p' "$tmp/all.diff" |
	   grep -E '^(daemon|dm-target|plugins|include|tests|bench)/' | grep -v '^tests/fixtures/'); do
	[ -f "$f" ] || continue
	# the file's changed line ranges in its new version: "@@ -a,b +c,d @@"
	ranges=$(awk -v f="$f" '/^\+\+\+ / { on = $2 == "b/" f; next }
		on && /^@@ / { split($3, r, ","); n = r[2] == "" ? 1 : r[2]; s = substr(r[1], 2)
			       if (n > 0) printf "--lines=%d:%d ", s, s + n - 1 }' "$tmp/all.diff")
	[ -n "$ranges" ] || continue
	files=$((files + 1))
	lines=$((lines + $(echo "$ranges" | awk '{ for (i = 1; i <= NF; i++) { split(substr($i, 9), r, ":"); n += r[2] - r[1] + 1 } } END { print n }')))
	# shellcheck disable=SC2086
	"$cf" --style=file $ranges "$f" > "$tmp/formatted" || { bad=1; continue; }
	sed "$trailing" "$f" > "$tmp/have"
	sed "$trailing" "$tmp/formatted" > "$tmp/want"
	if ! diff -u --label "a/$f" --label "b/$f" "$tmp/have" "$tmp/want"; then
		fix="$fix
	$(basename "$cf") -i $ranges$f"
		bad=1
	fi
done
if [ "$bad" != 0 ]; then
	echo
	echo "Lines changed since $(git rev-parse --short "$base") are not formatted as .clang-format"
	echo "says: the diff above (whitespace before trailing comments aside). To reformat them:$fix"
	echo "and put back the tab before a trailing comment where clang-format left a space."
	exit 1
fi
echo "format: $lines changed lines in $files files since $(git rev-parse --short "$base") follow .clang-format"
