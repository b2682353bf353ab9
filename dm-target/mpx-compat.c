// SPDX-License-Identifier: GPL-2.0-only
/*
 * What dm-mpx needs from dm-mod's internals (see mpx-compat.h): the bio
 * that was submitted to the mpx device, behind the clone a target is given.
 *
 * Tenants go by the cgroup of that original bio. The clone carries no
 * cgroup (dm core allocates it without a device), and the task that maps
 * it is not always the submitter: dm core reissues bios from its worker
 * after a suspend and after a push-back, and a stacked device may submit
 * from its own worker. The original keeps the submitter's cgroup through
 * all of that.
 *
 * dm-mod does not export the original, so this reads dm-core.h's
 * structures (Linux 6.1: struct dm_io ending in the first struct
 * dm_target_io, each clone embedded at the end of a dm_target_io). Every
 * step is checked (both structures' magic numbers, the clone's offset, the
 * dm_io the target I/O points back to, the original's disk); where one
 * check fails, the caller goes by the mapping task, as before, and the
 * kernel log says so once.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include "mpx.h"
#include "mpx-compat.h"

#define MPX_DM_TIO_MAGIC 28714
#define MPX_DM_IO_MAGIC 19577

/* struct dm_target_io up to its clone (dm-core.h, 6.1) */
struct mpx_dm_tio_head {
	unsigned short magic;
	unsigned short flags;
	unsigned int target_bio_nr;
	void *io;
	void *ti;
	unsigned int *len_ptr;
	sector_t old_sector;
};

/* Where the first target I/O sits in a struct dm_io, once seen. */
static unsigned long dm_io_tio_offset;

/* struct dm_io: ... orig_bio; sector_offset; sectors; then the tio */
static struct bio *orig_of_io(char *io, unsigned long tio_off, struct bio *clone)
{
	const unsigned long orig_off = tio_off - 2 * sizeof(unsigned int) - sizeof(struct bio *);
	struct mpx_dm_tio_head *tio = (void *)(io + tio_off);
	struct bio *orig;

	if (tio_off < 2 * sizeof(struct bio *) || tio_off > 1024 ||
	    tio->magic != MPX_DM_TIO_MAGIC || tio->io != io)
		return NULL;
	orig = *(struct bio **)(io + orig_off);
	if (!orig || !orig->bi_bdev || !clone->bi_bdev ||
	    orig->bi_bdev->bd_disk != clone->bi_bdev->bd_disk)
		return NULL;
	return orig;
}

static struct bio *find_orig(struct bio *clone)
{
	char *p = dm_per_bio_data(clone, 0);
	unsigned long off;
	struct bio *orig;

	switch (*(unsigned short *)p) {
	case MPX_DM_IO_MAGIC:
		/* the clone is the dm_io's own: p is the dm_io */
		off = (unsigned long)((char *)clone - p) - sizeof(struct mpx_dm_tio_head);
		orig = orig_of_io(p, off, clone);
		if (orig && !READ_ONCE(dm_io_tio_offset))
			WRITE_ONCE(dm_io_tio_offset, off);
		return orig;
	case MPX_DM_TIO_MAGIC:
		/* a clone of its own: p is its dm_target_io */
		off = READ_ONCE(dm_io_tio_offset);
		if (!off || (char *)clone - p != sizeof(struct mpx_dm_tio_head))
			return NULL;
		return orig_of_io(((struct mpx_dm_tio_head *)p)->io, off, clone);
	}
	return NULL;
}

struct bio *mpx_dm_orig_bio(struct bio *clone)
{
	struct bio *orig = find_orig(clone);

	if (!orig)
		pr_warn_once(
			"dm-mpx: no original bio behind a clone (dm core changed?): tenants go by the mapping task\n");
	return orig;
}
