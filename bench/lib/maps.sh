# The paths and table lines the benches build their maps from. Sourced by
# the guest halves of bench/run.sh, bench/tenants/run.sh and
# bench/insn/run.sh, after tests/vm/lib/helpers.sh.

# bench_nullb_paths: the two paths, null_blk devices nullb0 and nullb1:
# blk-mq, completing in the submitter's context (irqmode=0), keeping no
# data (memory_backed=0), so that what a bench measures is the CPU cost of
# the stack above them. Sets NB_A and NB_B (maj:min) and NB_N (sectors).
bench_nullb_paths() {
	modprobe null_blk nr_devices=2 gb=4 bs=4096 queue_mode=2 irqmode=0 \
		memory_backed=0 || fail "modprobe null_blk failed"
	wait_for 10 /dev/nullb1 test -b /dev/nullb1
	NB_A=$(devno nullb0) NB_B=$(devno nullb1) NB_N=$(sectors nullb0)
}

# bench_selector SHORT: the selector's name (st rr ql: built into dm-mpx and
# modules of the kernel's multipath; hst ioa lat: dm-mpx selector modules).
bench_selector() {
	case $1 in
	st) echo service-time ;;
	rr) echo round-robin ;;
	ql) echo queue-length ;;
	hst) echo historical-service-time ;;
	ioa) echo io-affinity ;;
	lat) echo latency ;;
	*) fail "unknown selector '$1'" ;;
	esac
}

# bench_mp_line MODE SEL A B: the table line after "0 <len> <target> " of a
# multipath or mpx map over paths A and B, as multipathd writes it: no
# hardware handler (null_blk is not SCSI), one group, the selector's
# per-path words. MODE is bio (queue_mode bio) or rq (request-based, the
# kernel's default); mpx takes both and dispatches bios either way.
# io-affinity gives CPU 0 path A and CPU 1 path B.
bench_mp_line() {
	local mode=$1 sel=$2 a=$3 b=$4 feat paths
	case $mode in
	bio) feat="2 queue_mode bio" ;;
	rq) feat="0" ;;
	*) fail "unknown multipath mode '$mode'" ;;
	esac
	case $sel in
	ioa) paths="2 1 $a 1 $b 2" ;;
	lat) paths="2 0 $a $b" ;;
	*) paths="2 1 $a 1 $b 1" ;;
	esac
	echo "$feat 0 1 1 $(bench_selector "$sel") 0 $paths"
}

# bench_kname NODE: the kernel's name (dm-N, nullbN) of a block device
# node. Without udev /dev/mapper holds nodes, not links: ask sysfs.
bench_kname() {
	basename "$(readlink -f "/sys/dev/block/$(stat -L -c '%Hr:%Lr' "$1")")"
}

# bench_no_scheduler NODE: a request-based map is one blk-mq hardware
# queue, which gets mq-deadline by default; the other stacks have no
# scheduler. The benches compare the kernel's target at its best: none.
bench_no_scheduler() {
	local q
	q=/sys/block/$(bench_kname "$1")/queue/scheduler
	if grep -qF '[mq-deadline]' "$q"; then
		echo none > "$q"
	fi
}
