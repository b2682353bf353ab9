#!/bin/sh
# The layering of docs/ARCHITECTURE.md, checked on the #include graph of
# daemon/, dm-target/, plugins/ and include/mpx/.
#
# Usage: include-graph.sh ROOT
#
# The "layers" block of ROOT/docs/ARCHITECTURE.md gives each part its
# files (shell patterns, the first matching line wins), its tree, its rank
# in that tree, and the parts of other trees it may also include. A file
# may include a file of its own part, of a part of lower rank in its own
# tree, or of a part its line names. Anything else is a forbidden
# direction (a lower layer including a higher one, a seam including daemon
# state, a plugin including the daemon, the kernel target's pure core
# including its glue...), and so is a file no part owns or an include that
# resolves to no file. Prints every violation; exits 1 if there is one.
set -uf	# -f: the patterns of the table are matched, not expanded

root=${1:?usage: include-graph.sh ROOT}
cd "$root" || exit 2
doc=docs/ARCHITECTURE.md
[ -f "$doc" ] || { echo "no $doc"; exit 2; }

table=$(awk '/^```layers/ { on = 1; next } /^```/ { on = 0 } on && !/^#/ && NF' "$doc")
[ -n "$table" ] || { echo "$doc has no layers block"; exit 2; }

# part_of FILE: "part tree rank also..." of the first line whose pattern matches
part_of() {
	echo "$table" | while read -r part tree rank also pats; do
		for p in $pats; do
			# shellcheck disable=SC2254
			case $1 in $p) echo "$part $tree $rank $(echo "$also" | tr , ' ')"; exit 0 ;; esac
		done
	done
}

# resolve FROM NAME QUOTED: the file an #include names, or nothing
resolve() {
	if [ "$3" = angle ]; then
		case $2 in mpx/*) [ -f "include/$2" ] && echo "include/$2" ;; esac
		return
	fi
	for d in "$(dirname "$1")" daemon dm-target/core include dm-target; do
		if [ -f "$d/$2" ]; then
			# normalise a/b/../c
			echo "$d/$2" | awk -F/ '{ n = 0; for (i = 1; i <= NF; i++) {
				if ($i == "..") n--; else if ($i != ".") p[++n] = $i }
				s = p[1]; for (i = 2; i <= n; i++) s = s "/" p[i]; print s }'
			return
		fi
	done
	echo "?"
}

files=$(find daemon dm-target plugins include/mpx -name '*.[ch]' 2>/dev/null | sort)
bad=0
for f in $files; do
	set -- $(part_of "$f")
	if [ $# -lt 3 ]; then
		echo "$f: in no part of $doc"
		bad=1
		continue
	fi
	fpart=$1 ftree=$2 frank=$3
	shift 3
	falso=" $* "
	incs=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\(["<]\)\([^">]*\)[">].*/\1 \2/p' "$f")
	[ -n "$incs" ] || continue
	echo "$incs" | while read -r q name; do
		kind=quote
		[ "$q" = "<" ] && kind=angle
		to=$(resolve "$f" "$name" "$kind")
		[ -n "$to" ] || continue	# a system header
		if [ "$to" = "?" ]; then
			echo "$f: #include \"$name\" names no file of the tree"
			echo x
			continue
		fi
		set -- $(part_of "$to")
		if [ $# -lt 3 ]; then
			continue	# reported as a file of its own
		fi
		tpart=$1 ttree=$2 trank=$3
		[ "$tpart" = "$fpart" ] && continue
		[ "$ttree" = "$ftree" ] && [ "$trank" -lt "$frank" ] && continue
		case $falso in *" $tpart "*) continue ;; esac
		echo "$f ($fpart) includes $to ($tpart): not allowed by $doc"
		echo x
	done | awk '$0 == "x" { bad = 1; next } { print } END { exit bad }' || bad=1
done
[ "$bad" = 0 ] && echo "include graph: $(echo "$files" | wc -l) files, every include goes the allowed way"
exit "$bad"
