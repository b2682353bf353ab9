// SPDX-License-Identifier: GPL-2.0-only
/*
 * An I/O that ended in error on a path: count it, remember its class for
 * "status" and "stats", and tell mpxd. Only completions with an error come
 * here, so an I/O that succeeds pays nothing for it. A path error also
 * fails the path (mpx-io.c), which raises the event itself; an error of
 * the LUN's (medium, reservation conflict...) leaves the path up but still
 * raises one, so that mpxd and its policy see it at once.
 */
#include "mpx.h"
#include "core/path-error.h"

static unsigned int err_class(blk_status_t error)
{
	switch (error) {
	case BLK_STS_IOERR:
		return MPX_ERR_IO;
	case BLK_STS_TRANSPORT:
		return MPX_ERR_TRANSPORT;
	case BLK_STS_TIMEOUT:
		return MPX_ERR_TIMEOUT;
	case BLK_STS_TARGET:
		return MPX_ERR_TARGET;
	case BLK_STS_NEXUS:
		return MPX_ERR_NEXUS;
	case BLK_STS_MEDIUM:
		return MPX_ERR_MEDIUM;
	case BLK_STS_PROTECTION:
		return MPX_ERR_PROTECTION;
	case BLK_STS_RESOURCE:
	case BLK_STS_DEV_RESOURCE:
	case BLK_STS_AGAIN:
		return MPX_ERR_RESOURCE;
	case BLK_STS_NOSPC:
		return MPX_ERR_SPACE;
	case BLK_STS_NOTSUPP:
		return MPX_ERR_NOTSUPP;
	case BLK_STS_OFFLINE:
		return MPX_ERR_OFFLINE;
	default:
		return MPX_ERR_OTHER;
	}
}

void mpx_path_error(struct mpx_path *p, blk_status_t error)
{
	WRITE_ONCE(p->last_error, err_class(error));
	if (blk_path_error(error)) {
		this_cpu_inc(p->stats->path_errors);
		return;
	}
	this_cpu_inc(p->stats->target_errors);
	mpx_raise_event(p->pg->m);
}
