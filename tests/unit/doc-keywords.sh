#!/bin/sh
# Every keyword mpxd knows is documented in mpx.conf(5) as a .B/.BI entry.
# Usage: doc-keywords.sh MPXD MANPAGE
mpxd=${1:?usage: doc-keywords.sh MPXD MANPAGE}
man=${2:?usage: doc-keywords.sh MPXD MANPAGE}
missing=0
for k in $("$mpxd" --list-keywords | cut -f1); do
	grep -qE "^\.BI? +\"?$k( |\"|$)" "$man" && continue
	echo "keyword $k is not documented in $man"
	missing=1
done
exit $missing
