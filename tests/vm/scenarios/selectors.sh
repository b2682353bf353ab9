# Each selector spreads I/O as it promises. round-robin: evenly.
# queue-length and service-time: away from a path slowed by dm-delay.
# service-time: by relative_throughput when the paths are alike. The
# paths' counters add up to the map's completions.
mpx_load
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")

# load MAP: random reads through MAP for a few seconds.
load() {
	fio --name=load --filename="/dev/mapper/$1" --direct=1 --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=16 --time_based --runtime=3 \
		--output-format=terse --terse-version=3 > "fio-$1.out" 2>&1 ||
		{ cat "fio-$1.out"; fail "fio on $1 failed"; }
	_fio_check_errors "fio-$1.out"
}

log "round-robin: even spread"
dmsetup create rr --table "0 $n mpx 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
load rr
ia=$(path_ios rr "$a"); ib=$(path_ios rr "$b")
log "round-robin: $a $ia I/Os, $b $ib I/Os"
[ $((ia * 10)) -ge $((ib * 9)) ] && [ $((ib * 10)) -ge $((ia * 9)) ] ||
	fail "round-robin spread $ia / $ib is not even"
# the paths' per-CPU counters lose nothing: with no error and no retry,
# they add up to the I/Os the map completed
done_rr=$(diskstats_done "$(map_devno rr)")
[ $((ia + ib)) = "$done_rr" ] || fail "the paths counted $((ia + ib)) I/Os, the map completed $done_rr"
dmsetup remove rr

log "a path slowed by 20 ms (dm-delay under it)"
modprobe dm-delay
dmsetup create slow --table "0 $n delay /dev/${SD_PATHS[0]} 0 20"
s=$(dmsetup info -c --noheadings -o major,minor slow | tr -d ' ')
for ps in queue-length service-time; do
	args=1
	[ "$ps" = service-time ] && args="1 1"
	nargs=$(echo "$args" | wc -w)
	dmsetup create "$ps" --table "0 $n mpx 0 0 1 1 $ps 0 2 $nargs $s $args $b $args"
	load "$ps"
	is=$(path_ios "$ps" "$s"); ib=$(path_ios "$ps" "$b")
	log "$ps: slow path $is I/Os, fast path $ib I/Os"
	[ "$ib" -gt $((is * 10)) ] || fail "$ps sent $is I/Os to the slow path and $ib to the fast one"
	dmsetup remove "$ps"
done
dmsetup remove slow

log "service-time: relative_throughput 1 against 9 on alike paths"
dmsetup create st --table "0 $n mpx 0 0 1 1 service-time 0 2 2 $a 1 1 $b 1 9"
load st
ia=$(path_ios st "$a"); ib=$(path_ios st "$b")
log "service-time: rt 1 path $ia I/Os, rt 9 path $ib I/Os"
[ "$ib" -gt $((ia * 2)) ] || fail "service-time ignored relative_throughput ($ia / $ib)"
dmsetup table st | grep -q " $a 1 1 $b 1 9 \$" || fail "table lost the throughputs: $(dmsetup table st)"
dmsetup remove st
sd_teardown
mpx_unload
