// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <scsi/sg_lib.h>
#include <scsi/sg_pt.h>
#include "seams/sg-seam.h"

/* sg3_utils counts whole seconds: round up, never below one. */
static int to_secs(unsigned int ms)
{
	return ms < 1000 ? 1 : (int)((ms + 999) / 1000);
}

static void decode_sense(struct mpx_sg_result *r)
{
	struct sg_scsi_sense_hdr h;

	if (r->sense_len && sg_scsi_normalize_sense(r->sense, (int)r->sense_len, &h)) {
		r->sense_key = h.sense_key;
		r->asc = h.asc;
		r->ascq = h.ascq;
	}
}

int mpx_sg_cmd(int fd, const uint8_t *cdb, size_t cdb_len, enum mpx_sg_dir dir,
	       void *buf, size_t len, unsigned int timeout_ms,
	       struct mpx_sg_result *ret)
{
	struct sg_pt_base *pt = construct_scsi_pt_obj_with_fd(fd, 0);
	struct mpx_sg_result r = { 0 };
	int res, cat;

	if (!pt)
		return -ENOMEM;
	set_scsi_pt_cdb(pt, cdb, (int)cdb_len);
	set_scsi_pt_sense(pt, r.sense, sizeof(r.sense));
	if (dir == MPX_SG_FROM_DEV)
		set_scsi_pt_data_in(pt, buf, (int)len);
	else if (dir == MPX_SG_TO_DEV)
		set_scsi_pt_data_out(pt, buf, (int)len);
	res = do_scsi_pt(pt, fd, to_secs(timeout_ms), 0);
	if (res < 0 || res == SCSI_PT_DO_BAD_PARAMS) {
		destruct_scsi_pt_obj(pt);
		return res < 0 ? res : -EINVAL;	/* the request never reached the device */
	}
	cat = get_scsi_pt_result_category(pt);
	r.timed_out = res == SCSI_PT_DO_TIMEOUT;
	r.status = (uint8_t)get_scsi_pt_status_response(pt);
	r.host_status = get_scsi_pt_transport_err(pt);
	r.driver_status = cat == SCSI_PT_RESULT_OS_ERR ? get_scsi_pt_os_err(pt) : 0;
	r.sense_len = (size_t)get_scsi_pt_sense_len(pt);
	r.resid = (size_t)get_scsi_pt_resid(pt);
	if (cat == SCSI_PT_RESULT_TRANSPORT_ERR && !r.host_status)
		r.host_status = -1;
	destruct_scsi_pt_obj(pt);
	decode_sense(&r);
	*ret = r;
	return 0;
}

bool mpx_sg_good(const struct mpx_sg_result *r)
{
	return !r->timed_out && !r->host_status && !r->driver_status &&
	       r->status == 0;
}

int mpx_sg_inquiry_vpd(int fd, uint8_t page, uint8_t *buf, size_t len,
		       unsigned int timeout_ms, size_t *ret_len)
{
	return mpx_sg_inquiry(fd, true, page, buf, len, timeout_ms, ret_len);
}

int mpx_sg_inquiry(int fd, bool evpd, uint8_t page, uint8_t *buf, size_t len,
		   unsigned int timeout_ms, size_t *ret_len)
{
	uint8_t cdb[6] = {
		0x12, evpd ? 0x01 : 0x00, evpd ? page : 0, (uint8_t)(len >> 8), (uint8_t)len, 0
	};
	struct mpx_sg_result r;
	int res;

	if (len > 0xffff)
		return -EINVAL;
	res = mpx_sg_cmd(fd, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, len, timeout_ms, &r);
	if (res)
		return res;
	if (!mpx_sg_good(&r))
		return r.timed_out ? -ETIMEDOUT : -EIO;
	*ret_len = len - (r.resid < len ? r.resid : len);
	return 0;
}

int mpx_sg_rtpg(int fd, uint8_t *buf, size_t len, unsigned int timeout_ms, size_t *ret_len)
{
	uint8_t cdb[12] = { 0xa3,
			    0x0a,
			    0,
			    0,
			    0,
			    0,
			    (uint8_t)(len >> 24),
			    (uint8_t)(len >> 16),
			    (uint8_t)(len >> 8),
			    (uint8_t)len,
			    0,
			    0 };
	struct mpx_sg_result r;
	int res, tries;

	for (tries = 0; tries < 3; tries++) {
		res = mpx_sg_cmd(fd, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, len, timeout_ms, &r);
		if (res)
			return res;
		if (mpx_sg_good(&r)) {
			*ret_len = len - (r.resid < len ? r.resid : len);
			return 0;
		}
		/* a unit attention (a state change, a reset) is said once: ask again */
		if (r.timed_out || r.status != 2 || r.sense_key != 6)
			break;
	}
	return r.timed_out ? -ETIMEDOUT : -EIO;
}
