# Malformed table lines and messages: each is refused with a DMERR (or
# DMWARN) naming the problem, nothing is left behind, and the kernel log
# stays free of oopses and warnings (guest-run.sh checks that).
mpx_load
sd_setup 2 16
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
rr="round-robin 0"

cases=0
# refuse REASON LINE: the line must not load, and the log must say REASON.
refuse() {
	local reason=$1 line=$2
	cases=$((cases + 1))
	klog_mark
	if dmsetup create bad --table "0 $n mpx $line" 2>/dev/null; then
		dmsetup remove bad
		fail "accepted: '$line' (expected: $reason)"
	fi
	klog_since | grep -qF "mpx: $reason" ||
		{ klog_since; fail "no '$reason' in the log for '$line'"; }
	[ ! -e /dev/mapper/bad ] || fail "/dev/mapper/bad left behind by '$line'"
}

refuse "invalid number of feature args" ""
refuse "invalid number of feature args" "x"
refuse "invalid number of feature args" "11 a a a a a a a a a a a 0 0 0"
refuse "invalid number of feature args" "3 queue_if_no_path 0"
refuse "invalid number of feature args" "-1 0 0 0"
refuse "Unrecognised multipath feature request" "1 bogus 0 0 0"
refuse "Unrecognised multipath feature request" "1 pg_init_retries 0 0 0"
refuse "pg_init_retries must be between 1 and 50" "2 pg_init_retries 0 0 1 1 $rr 1 0 $a"
refuse "pg_init_retries must be between 1 and 50" "2 pg_init_retries 51 0 1 1 $rr 1 0 $a"
refuse "pg_init_delay_msecs must be between 0 and 60000" "2 pg_init_delay_msecs 60001 0 1 1 $rr 1 0 $a"
refuse "Unknown 'queue_mode' requested" "2 queue_mode nvme 0 1 1 $rr 1 0 $a"
refuse "no_path_timeout must be between 0 and 86400" "2 no_path_timeout 86401 0 1 1 $rr 1 0 $a"
refuse "no_path_timeout must be between 0 and 86400" "2 no_path_timeout x 0 1 1 $rr 1 0 $a"
refuse "invalid number of hardware handler args" "0"
refuse "invalid number of hardware handler args" "0 2 alua"
refuse "invalid number of hardware handler args" "0 1025 alua"
refuse "invalid number of priority groups" "0 0"
refuse "invalid number of priority groups" "0 0 1025 1"
refuse "invalid number of priority groups" "0 0 x 1"
refuse "invalid initial priority group number" "0 0 1"
refuse "invalid initial priority group number" "0 0 1 1025 $rr 1 0 $a"
refuse "invalid initial priority group" "0 0 0 1"
refuse "invalid initial priority group" "0 0 1 0 $rr 1 0 $a"
refuse "priority group count mismatch" "0 0 1 1"
refuse "priority group count mismatch" "0 0 2 1 $rr 1 0 $a"
refuse "priority group count mismatch" "0 0 1 1 $rr 1 0 $a $rr 1 0 $b"
refuse "not enough priority group arguments" "0 0 1 1 round-robin"
refuse "not enough priority group arguments" "0 0 1 1 $rr 1 0 $a junk"
refuse "unknown path selector type" "0 0 1 1 no-such-selector 0 1 0 $a"
refuse "unknown path selector type" "0 0 1 1 $rr 1 0 $a junk words"
refuse "invalid number of path selector args" "0 0 1 1 round-robin 3 a b"
refuse "invalid number of paths" "0 0 1 1 $rr 0 0"
refuse "invalid number of paths" "0 0 1 1 $rr 1025 0 $a"
refuse "invalid number of paths" "0 0 1 1 $rr x 0 $a"
refuse "invalid number of selector args" "0 0 1 1 $rr 1"
refuse "invalid number of selector args" "0 0 1 1 $rr 1 1025 $a"
refuse "not enough path parameters" "0 0 1 1 $rr 2 0 $a"
refuse "not enough path parameters" "0 0 1 1 $rr 2 1 $a 1 $b"
refuse "round-robin ps: incorrect number of arguments" "0 0 1 1 $rr 1 2 $a 1 1"
refuse "round-robin ps: invalid repeat count" "0 0 1 1 $rr 1 1 $a x"
refuse "queue-length ps: incorrect number of arguments" "0 0 1 1 queue-length 0 1 2 $a 1 1"
refuse "queue-length ps: invalid repeat count" "0 0 1 1 queue-length 0 1 1 $a -1"
refuse "service-time ps: incorrect number of arguments" "0 0 1 1 service-time 0 1 3 $a 1 1 1"
refuse "service-time ps: invalid repeat count" "0 0 1 1 service-time 0 1 2 $a x 1"
refuse "service-time ps: invalid relative_throughput value" "0 0 1 1 service-time 0 1 2 $a 1 101"
refuse "error getting device" "0 0 1 1 $rr 1 0 /dev/does-not-exist"
refuse "error getting device" "0 0 1 1 $rr 1 0 999:999"
refuse "error getting device" "0 0 1 1 $rr 2 0 $a 4294967295:1"
refuse "error getting device" "0 0 1 1 $rr 1 0 /dev/null"
refuse "error attaching hardware handler" "0 1 no_such_handler 1 1 $rr 1 0 $a"
modprobe null_blk nr_devices=1 gb=1
wait_for 10 /dev/nullb0 test -b /dev/nullb0
refuse "error attaching hardware handler" "0 1 alua 1 1 $rr 1 0 $(devno nullb0)"
echo "$cases malformed table lines refused"
[ "$cases" -ge 50 ] || fail "only $cases table cases"

# Messages on a good map.
dmsetup create m0 --table "0 $n mpx 0 0 2 1 $rr 1 0 $a $rr 1 0 $b"
msgs=0
refuse_msg() {
	local reason=$1
	shift
	msgs=$((msgs + 1))
	klog_mark
	if dmsetup message m0 0 "$@" 2>/dev/null; then
		fail "message accepted: '$*' (expected: $reason)"
	fi
	klog_since | grep -qF "mpx: $reason" ||
		{ klog_since; fail "no '$reason' in the log for message '$*'"; }
}
refuse_msg "Invalid multipath message arguments. Expected 2 arguments, got 1." bogus
refuse_msg "Invalid multipath message arguments. Expected 2 arguments, got 1." switch_group
refuse_msg "Invalid multipath message arguments. Expected 2 arguments, got 3." switch_group 1 2
refuse_msg "Unrecognised multipath message received: bogus" bogus 1
refuse_msg "Unrecognised multipath message received: queue_if_no_path" queue_if_no_path 1
refuse_msg "invalid PG number supplied to switch_pg_num" switch_group 0
refuse_msg "invalid PG number supplied to switch_pg_num" switch_group 3
refuse_msg "invalid PG number supplied to switch_pg_num" switch_group x
refuse_msg "invalid PG number supplied to bypass_pg" disable_group 3
refuse_msg "invalid PG number supplied to bypass_pg" enable_group 1x
refuse_msg "message: error getting device /dev/nonexistent" fail_path /dev/nonexistent
refuse_msg "message: 7:7 is not a path of this map" fail_path 7:7
refuse_msg "message: error getting device 99999999999:1" reinstate_path 99999999999:1
echo "$msgs malformed messages refused"
# The map is untouched by all that.
dmsetup status m0 | grep -q " $a A 0 .* $b A 0 " || fail "paths changed: $(dmsetup status m0)"
dmsetup remove m0
mpx_unload
