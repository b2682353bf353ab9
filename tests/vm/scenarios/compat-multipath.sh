# A table line loaded into the kernel's multipath target and into mpx gives
# the same "dmsetup table" output: mpx is a drop-in for what multipathd
# writes.
mpx_load
modprobe -a dm-multipath dm-round-robin dm-queue-length dm-service-time
sd_setup 4 16
p=()
for d in "${SD_PATHS[@]}"; do p+=("$(devno "$d")"); done
n=$(sectors "${SD_PATHS[0]}")

lines=(
	"0 0 1 1 round-robin 0 2 1 ${p[0]} 1000 ${p[1]} 1"
	"0 0 1 1 round-robin 0 2 0 ${p[0]} ${p[1]}"
	"1 queue_if_no_path 0 2 1 service-time 0 2 2 ${p[0]} 1 1 ${p[2]} 1 1 service-time 0 2 2 ${p[1]} 1 1 ${p[3]} 1 1"
	"1 queue_if_no_path 1 alua 2 1 service-time 0 2 2 ${p[0]} 1 1 ${p[2]} 1 1 service-time 0 2 2 ${p[1]} 1 1 ${p[3]} 1 1"
	"3 queue_if_no_path queue_mode bio 0 2 2 service-time 0 1 2 ${p[0]} 1 10 queue-length 0 1 0 ${p[1]}"
	"3 queue_if_no_path queue_mode bio 1 alua 2 2 service-time 0 1 2 ${p[0]} 1 10 queue-length 0 1 0 ${p[1]}"
	"4 pg_init_retries 3 pg_init_delay_msecs 500 1 alua 1 1 round-robin 0 1 0 ${p[0]}"
	"2 queue_if_no_path retain_attached_hw_handler 0 1 1 queue-length 0 4 1 ${p[0]} 1 ${p[1]} 1 ${p[2]} 1 ${p[3]} 1"
	"2 queue_mode mq 0 3 3 round-robin 0 1 0 ${p[0]} round-robin 0 1 0 ${p[1]} round-robin 0 1 0 ${p[2]}"
	"0 0 1 9 round-robin 3 x y z 1 0 ${p[0]}"
	"2 QUEUE_IF_NO_PATH Retain_Attached_Hw_Handler 0 1 1 service-time 0 2 1 ${p[0]} 7 ${p[1]} 0"
	"0 0 2 1 round-robin 0 1 0 ${p[0]} round-robin 0 1 0 ${p[0]}"
	"0 0 1 1 round-robin 0 2 0 /dev/${SD_PATHS[0]} /dev/${SD_PATHS[1]}"
	"0 0 0 0"
)
i=0
for line in "${lines[@]}"; do
	i=$((i + 1))
	dmsetup create "k$i" --table "0 $n multipath $line" ||
		fail "the kernel's multipath refused: $line"
	dmsetup create "m$i" --table "0 $n mpx $line" || fail "mpx refused: $line"
	kt=$(dmsetup table "k$i" | cut -d' ' -f4-)
	mt=$(dmsetup table "m$i" | cut -d' ' -f4-)
	echo "multipath: $kt"
	echo "mpx:       $mt"
	[ "$kt" = "$mt" ] || fail "tables differ for: $line"
	dmsetup remove "k$i" "m$i"
done
log "$i table lines print the same from multipath and mpx"
sd_teardown
mpx_unload
