# Tenants: metadata reads (REQ_META) pass a tenant's limit, as blk-cgroup
# lets them, so a limited tenant cannot stall a filesystem's lookups
# (and the locks they hold) behind its own data. The control: that
# tenant's data reads are still limited.
mpx_load
cg_setup
sd_setup 2 64
a=$(devno "${SD_PATHS[0]}"); b=$(devno "${SD_PATHS[1]}")
n=$(sectors "${SD_PATHS[0]}")
A=$(cg_new tenant-a)
log "cgroup tenant-a $A"
dmsetup create t --table "0 $n mpx 1 queue_if_no_path 0 1 1 round-robin 0 2 1 $a 1 $b 1"
dmsetup message t 0 tenant set "$A"

# 1 KiB blocks and 128-byte inodes: 8 inodes a block, so 40 directories of
# 10 files fill 55 or more inode-table blocks, and 40 directory blocks.
# Tables initialised now: no lazy-init thread writes under the case.
mkfs.ext4 -q -F -b 1024 -I 128 -E lazy_itable_init=0,lazy_journal_init=0 /dev/mapper/t ||
	fail "mkfs.ext4 on the map failed"
mnt=/tmp/meta-mnt
mkdir -p "$mnt"
mount -o noatime /dev/mapper/t "$mnt" || fail "mount of the map failed"
for d in $(seq 0 39); do
	mkdir "$mnt/d$d"
	for f in $(seq 0 9); do echo "$d $f" > "$mnt/d$d/f$f"; done
done
umount "$mnt"
echo 3 > /proc/sys/vm/drop_caches

log "metadata reads pass a tenant's limit: they are exempt"
# Lookups by name read directory blocks and inode-table blocks, each with
# REQ_META. Two reads ext4 makes without it are kept out: readdir, whose
# linear directories are read ahead through the device's page cache, and
# inode-table read-ahead (inode_readahead_blks=0), whose buffers a later
# lookup would wait on. The names are known, so no readdir is needed.
mount -o noatime,inode_readahead_blks=0 /dev/mapper/t "$mnt" || fail "mount of the map failed"
for d in $(seq 0 39); do
	for f in $(seq 0 9); do echo "$mnt/d$d/f$f"; done
done > names
dmsetup message t 0 tenant set "$A" iops=1
ai0=$(tenant_stat t "$A" ios); ad0=$(tenant_stat t "$A" deferred)
start=$(now_ms)
cg_run tenant-a xargs stat -c %i < names > inodes & pw=$!
# at iops=1, limited lookups would take 95 s or more
wait_for 60 "stat of 400 files in tenant-a at iops=1" sh -c "! kill -0 $pw 2> /dev/null"
wait "$pw" || fail "stat of the files failed"
ms=$(( $(now_ms) - start ))
reads=$(( $(tenant_stat t "$A" ios) - ai0 ))
deferred=$(( $(tenant_stat t "$A" deferred) - ad0 ))
log "400 lookups at iops=1: $reads reads of A's in $ms ms, $deferred deferred"
[ "$(wc -l < inodes)" -eq 400 ] || fail "stat found $(wc -l < inodes) of 400 files"
[ "$reads" -ge 40 ] || fail "only $reads reads of A's: the lookups did not read through the map as A"
# none of them is a data read the limit holds
[ "$deferred" -eq 0 ] || fail "$deferred of A's lookup reads waited for the limit"
# limited, N reads take N - 1 seconds or more
[ "$ms" -lt $(( reads * 1000 / 4 )) ] ||
	fail "$reads metadata reads took $ms ms: they waited for the limit"

log "control: A's data reads are still limited"
ai0=$(tenant_stat t "$A" ios)
start=$(now_ms)
cg_run tenant-a dd if=/dev/mapper/t of=/dev/null bs=4k count=8 iflag=direct 2> /dev/null ||
	fail "direct reads in tenant-a failed"
ms=$(( $(now_ms) - start ))
log "8 direct reads at iops=1: $ms ms, A +$(( $(tenant_stat t "$A" ios) - ai0 ))"
[ "$ms" -ge 5000 ] || fail "8 data reads at iops=1 took $ms ms: not limited"
grew() { [ "$(tenant_stat t "$A" ios)" -ge "$1" ]; }
grew $((ai0 + 8)) || fail "the direct reads were not A's"

dmsetup message t 0 tenant set "$A"
umount "$mnt"
dmsetup remove t
cg_rm tenant-a
