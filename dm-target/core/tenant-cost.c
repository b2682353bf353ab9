// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-cost.h"

enum mpx_io_kind mpx_io_kind(const struct mpx_io_desc *d)
{
	if (d->meta_or_swap || (d->flush && !d->bytes))
		return MPX_IO_EXEMPT;
	if (d->nodata_op)
		return MPX_IO_NODATA;
	return MPX_IO_DATA;
}

u64 mpx_io_charge(enum mpx_io_kind kind, u64 bytes)
{
	switch (kind) {
	case MPX_IO_NODATA:
		return MPX_NODATA_CHARGE;
	case MPX_IO_EXEMPT:
		return 0;
	default:
		return bytes;
	}
}
