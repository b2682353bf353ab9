#!/bin/sh
# Each config of a corpus through the built mpxd's --check-config: it must
# exit with the code, and say on stderr exactly the lines, that the
# config's .expect file gives, and print an effective configuration with
# (or without) the lines it names:
#   exit N                 the exit status
#   stderr TEXT            one line of stderr, in order; no other line
#   stdout ERE             a line of stdout matches (grep -E)
#   stdout! ERE            no line of stdout matches
# Usage: conf-corpus.sh MPXD DIR
mpxd=${1:?usage: conf-corpus.sh MPXD DIR}
dir=${2:?usage: conf-corpus.sh MPXD DIR}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$dir" || exit 1
failed=0 n=0
for conf in *.conf; do
	name=${conf%.conf}
	[ -f "$name.expect" ] || { echo "$conf: no $name.expect"; failed=1; continue; }
	n=$((n + 1))
	"$mpxd" --check-config -c "$conf" --config-dir /nonexistent/mpx.conf.d \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	want=$(sed -n 's/^exit //p' "$name.expect")
	sed -n 's/^stderr //p' "$name.expect" > "$tmp/want-err"
	bad=""
	[ "$rc" = "$want" ] || bad="exit $rc, expected $want"
	if ! cmp -s "$tmp/want-err" "$tmp/err"; then
		bad="$bad${bad:+; }stderr differs:
$(diff -u "$tmp/want-err" "$tmp/err" | tail -n +3)"
	fi
	while IFS= read -r line; do
		case $line in
		"stdout! "*)
			grep -Eq -- "${line#stdout! }" "$tmp/out" &&
				bad="$bad${bad:+; }stdout has /${line#stdout! }/" ;;
		"stdout "*)
			grep -Eq -- "${line#stdout }" "$tmp/out" ||
				bad="$bad${bad:+; }stdout lacks /${line#stdout }/" ;;
		esac
	done < "$name.expect"
	if [ -n "$bad" ]; then
		echo "FAIL $conf: $bad"
		failed=1
	else
		echo "ok   $conf"
	fi
done
[ "$n" -gt 0 ] || { echo "no configs in $dir"; exit 1; }
exit $failed
