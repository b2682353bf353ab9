#!/bin/sh
# scripts/check-format.sh on a throw-away repository: it must refuse a
# changed line clang-format would write otherwise, pass formatted ones and
# mpx's tab before a trailing comment, and leave untouched lines alone.
# Usage: format-selftest.sh SOURCE_DIR
set -u
src=${1:?usage: format-selftest.sh SOURCE_DIR}
command -v clang-format-14 > /dev/null || command -v clang-format > /dev/null ||
	{ echo "clang-format not found"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
mkdir -p scripts daemon
cp "$src/.clang-format" .
cp "$src/scripts/check-format.sh" scripts/
git init -q -b main . && git config user.email t@t && git config user.name t || exit 1
# an old line clang-format would rewrite: not checked until someone touches it
printf 'int old(int a,int b)\n{\n\treturn a+b;\n}\n' > daemon/x.c
git add -A && git commit -qm base || exit 1

expect() {	# expect RC WHAT
	scripts/check-format.sh > out 2>&1
	rc=$?
	[ "$rc" = "$1" ] || { echo "$2: exit $rc, expected $1"; cat out; exit 1; }
}
git checkout -q -b topic
printf '\nint added(int a)\n{\n\treturn a;\t/* a tab before the comment */\n}\n' >> daemon/x.c
expect 0 "a formatted addition"
printf '\nint bad(int a){ return a*2; }\n' >> daemon/x.c
expect 1 "an unformatted addition"
grep -q 'int bad(int a)$' out || { echo "no fix shown"; cat out; exit 1; }
grep -q 'old' out && { echo "an untouched line was checked"; cat out; exit 1; }
git checkout -q daemon/x.c
git mv daemon/x.c daemon/y.c
expect 0 "a moved file"
echo "check-format.sh: refuses an unformatted change, passes the rest"
