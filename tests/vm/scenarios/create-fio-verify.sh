# The whole chain: a map over two scsi_debug paths of one LUN, fio
# write+verify through it, I/O spread over both paths, clean removal.
mpx_load
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
dmsetup create m0 --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
dmsetup table m0 | tee table.txt
[ "$(cat table.txt)" = "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1 " ] ||
	fail "unexpected table: $(cat table.txt)"

fio_verify /dev/mapper/m0 32m
dmsetup status m0 | tee status.txt
grep -q "^0 $n mpx 2 0 0 0 1 1 A 0 2 2 $a A 0 none 0 $b A 0 none 0 \$" status.txt ||
	fail "unexpected status: $(cat status.txt)"

dmsetup message m0 0 stats | tee stats.txt
for d in "$a" "$b"; do
	ios=$(awk -v d="$d" '$1 == "path" && $2 == d { print $10 }' stats.txt)
	[ "${ios:-0}" -gt 1000 ] || fail "path $d served ${ios:-0} I/Os, expected a fair share"
done
mpxctl show maps | tee mpxctl.txt
grep -q "^m0 .* 2/2 paths usable" mpxctl.txt || fail "mpxctl does not show m0 with 2/2 paths"

dmsetup remove m0
[ ! -e /dev/mapper/m0 ] || fail "/dev/mapper/m0 left behind"
mpx_unload
