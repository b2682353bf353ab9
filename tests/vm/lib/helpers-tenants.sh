# Tenants: cgroup v2 in the guest, and the target's tenant stats.

# cg_setup: cgroup2 at /sys/fs/cgroup with the io controller for children.
cg_setup() {
	mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup ||
		fail "cannot mount cgroup2"
	echo +io > /sys/fs/cgroup/cgroup.subtree_control ||
		fail "cannot enable the io controller"
}

# cg_new NAME: make /sys/fs/cgroup/NAME (fresh) and print its id.
cg_new() {
	local d=/sys/fs/cgroup/$1
	[ -d "$d" ] && rmdir "$d"
	mkdir "$d" || fail "cannot make cgroup $1"
	stat -c %i "$d"
}

# cg_run NAME CMD...: run CMD inside cgroup NAME (in the foreground).
cg_run() {
	local cg=$1
	shift
	(echo "$BASHPID" > "/sys/fs/cgroup/$cg/cgroup.procs" && exec "$@")
}

# cg_rm NAME...: remove cgroups (their processes must have exited).
cg_rm() {
	local cg
	for cg in "$@"; do
		rmdir "/sys/fs/cgroup/$cg" 2> /dev/null || true
	done
}

# tenant_stat MAP ID KEY: a counter of tenant ID (or "default") in MAP's stats.
tenant_stat() {
	# reads to the end: an early exit would close the pipe on dmsetup
	dmsetup message "$1" 0 stats | awk -v id="$2" -v k="$3" '
		!done && $1 == "tenant" && $2 == id {
			for (i = 3; i < NF; i += 2) if ($i == k) { print $(i + 1); done = 1; break } }'
}

# tenant_served MAP ID DEV: I/Os of tenant ID that path DEV completed.
tenant_served() {
	tenant_stat "$1" "$2" served | tr , '\n' | awk -F= -v d="$3" '$1 == d { print $2 }'
}

# now_ms: a monotonic-enough clock for rates over seconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
