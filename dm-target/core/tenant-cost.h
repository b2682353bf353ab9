/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a bio costs a tenant, by what it is (the kernel glue reads the bio's
 * flags, this file decides):
 *
 *   exempt  metadata (REQ_META), swap (REQ_SWAP) and empty flushes go
 *           straight on, past limits and shares: a filesystem holds locks
 *           over them and reclaim waits on swap, so holding them back
 *           would stall every tenant behind the slow one (blk-cgroup issues
 *           them as the root's for the same reason);
 *   no data discard, secure erase and write-zeroes move no data over the
 *           path: they are charged 512 bytes, as blk-throttle charges a
 *           discard, not their size (a 1 GiB fstrim is not 1 GiB of bps);
 *   data    everything else, its size.
 */
#ifndef MPX_CORE_TENANT_COST_H
#define MPX_CORE_TENANT_COST_H

#include "core-types.h"

#define MPX_NODATA_CHARGE 512

enum mpx_io_kind {
	MPX_IO_DATA,
	MPX_IO_NODATA,
	MPX_IO_EXEMPT,
};

struct mpx_io_desc {
	bool meta_or_swap;	/* REQ_META or REQ_SWAP */
	bool flush;		/* REQ_PREFLUSH or a flush operation */
	bool nodata_op;		/* discard, secure erase, write-zeroes */
	u64 bytes;		/* the bio's size */
};

enum mpx_io_kind mpx_io_kind(const struct mpx_io_desc *d);

/* Bytes charged against bps and the shares for an I/O of this kind. */
u64 mpx_io_charge(enum mpx_io_kind kind, u64 bytes);

#endif
