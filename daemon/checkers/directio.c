// SPDX-License-Identifier: GPL-2.0-only
/*
 * directio: an O_DIRECT read of the first 4 KiB through the block layer
 * (libaio), so the check takes the same road as the data. The read is
 * bounded by the timeout; a read still in flight then is abandoned with
 * its context, which only this thread waits for.
 */
#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "checkers/checker.h"

enum mpx_path_state mpx_check_directio(const char *devnode, unsigned int timeout_ms,
				       struct mpx_check_report *rep)
{
	char *msg = rep->msg;
	size_t len = sizeof(rep->msg);
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000 };
	io_context_t ctx = 0;
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	enum mpx_path_state st = MPX_PATH_DOWN;
	void *buf = NULL;
	char dev[64];
	int fd, r;

	snprintf(dev, sizeof(dev), "/dev/%s", devnode);
	fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, len, "cannot open %s: %m", dev);
		return MPX_PATH_DOWN;
	}
	if (posix_memalign(&buf, 4096, 4096) || io_setup(1, &ctx)) {
		snprintf(msg, len, "no resources for an aio read");
		goto out;
	}
	io_prep_pread(&cb, fd, buf, 4096, 0);
	r = io_submit(ctx, 1, cbs);
	if (r != 1) {
		snprintf(msg, len, "read not submitted: %s", strerror(r < 0 ? -r : EIO));
		goto out;
	}
	r = io_getevents(ctx, 1, 1, &ev, &ts);
	if (r == 1 && ev.res == 4096) {
		snprintf(msg, len, "ok");
		st = MPX_PATH_UP;
	} else if (r == 1 && (long)ev.res == -EBADE) {
		/* the block layer's word for the SCSI status: say it as the SCSI checkers do */
		snprintf(msg, len, "read failed: reservation conflict");
		rep->have_sense = true;
		rep->sense = (struct mpx_sg_result){ .status = 0x18 };
	} else if (r == 1) {
		snprintf(msg, len, "read failed: %s",
			 strerror((long)ev.res < 0 ? (int)-(long)ev.res : EIO));
	} else {
		snprintf(msg, len, "read timed out");
		io_cancel(ctx, &cb, &ev);
	}
out:
	/* io_destroy waits for a read still in flight: this worker only */
	if (ctx)
		io_destroy(ctx);
	free(buf);
	close(fd);
	return st;
}
