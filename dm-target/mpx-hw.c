// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCSI device handlers (scsi_dh): attaching the table's hw_handler to each
 * path, and activating a group's paths when it becomes the current group
 * (pg_init), e.g. an ALUA SET TARGET PORT GROUPS. While a group activates,
 * its I/O is held (MPX_F_QUEUE_IO) and then released in order.
 *
 * The rules follow the kernel multipath target, so a table written for it
 * behaves the same: with retain_attached_hw_handler (always on with
 * "queue_mode bio"), a handler already attached to the device wins over the
 * one named in the table, and it is what "dmsetup table" reports.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <scsi/scsi_dh.h>
#include <mpx/table.h>
#include "mpx-ps.h"

struct workqueue_struct *mpx_hw_wq;

static int use_attached(struct mpx *m, const char **attached)
{
	if (m->hw_handler && strcmp(m->hw_handler, *attached)) {
		kfree(m->hw_params);
		m->hw_params = NULL;
	}
	kfree(m->hw_handler);
	m->hw_handler = *attached;
	*attached = NULL;
	return 0;
}

int mpx_hw_setup(struct mpx *m, struct mpx_path *p, char **error)
{
	struct request_queue *q = bdev_get_queue(p->dev->bdev);
	const char *attached = scsi_dh_attached_handler_name(q, GFP_KERNEL);
	bool retain = m->feat.retain_hw_handler;
	int r = 0;

	if (!attached && !m->hw_handler)
		return 0;
	if (retain && attached)
		use_attached(m, &attached);
	if (!m->hw_handler)
		goto out;
	r = scsi_dh_attach(q, m->hw_handler);
	if (r == -EBUSY) {
		DMINFO("retaining handler on device %pg", p->dev->bdev);
		kfree(attached);
		attached = scsi_dh_attached_handler_name(q, GFP_KERNEL);
		if (attached)
			use_attached(m, &attached);
		r = 0;
		goto out;
	}
	if (r < 0) {
		*error = "error attaching hardware handler";
		goto out;
	}
	if (m->hw_params) {
		r = scsi_dh_set_params(q, m->hw_params);
		if (r < 0)
			*error = "unable to set hardware handler parameters";
	}
out:
	kfree(attached);
	return r;
}

static unsigned long retry_delay(struct mpx *m)
{
	unsigned int ms = m->feat.pg_init_delay_ms;

	if (!test_bit(MPX_F_PG_INIT_DELAY_RETRY, &m->flags))
		return 0;
	if (ms == MPX_PG_INIT_DELAY_UNSET)
		ms = MPX_PG_INIT_DELAY_DEFAULT_MS;
	return msecs_to_jiffies(ms);
}

/* Queue one path's activation (under m->lock). */
bool mpx_hw_activate_one(struct mpx *m, struct mpx_path *p)
{
	if (!queue_delayed_work(mpx_hw_wq, &p->activate_work, retry_delay(m)))
		return false;
	m->pg_init_in_progress++;
	return true;
}

/*
 * Activate every usable path of the current group (under m->lock).
 * Returns whether activations are in flight.
 */
bool mpx_hw_pg_init(struct mpx *m)
{
	struct mpx_pg *pg = m->current_pg;
	unsigned int i;

	if (m->pg_init_in_progress || test_bit(MPX_F_PG_INIT_DISABLED, &m->flags))
		return m->pg_init_in_progress;
	m->pg_init_count++;
	clear_bit(MPX_F_PG_INIT_REQUIRED, &m->flags);
	if (!pg)
		return false;
	for (i = 0; i < pg->nr_paths; i++)
		if (pg->paths[i].active)
			mpx_hw_activate_one(m, &pg->paths[i]);
	return m->pg_init_in_progress;
}

/* Whether to retry an activation (under m->lock). */
static bool may_retry(struct mpx *m)
{
	if (m->pg_init_count <= m->feat.pg_init_retries &&
	    !test_bit(MPX_F_PG_INIT_DISABLED, &m->flags)) {
		set_bit(MPX_F_PG_INIT_REQUIRED, &m->flags);
		return true;
	}
	return false;
}

static void pg_init_done(void *data, int errors)
{
	struct mpx_path *p = data;
	struct mpx_pg *pg = p->pg;
	struct mpx *m = pg->m;
	bool delay_retry = false, fail = false, run = false;
	unsigned long flags;

	switch (errors) {
	case SCSI_DH_OK:
		break;
	case SCSI_DH_NOSYS:
		if (!m->hw_handler) {
			errors = 0;
			break;
		}
		DMERR("Could not failover the device: Handler scsi_dh_%s Error %d.",
		      m->hw_handler, errors);
		fail = true;
		break;
	case SCSI_DH_DEV_TEMP_BUSY:
		mpx_bypass_pg(m, pg, true);
		break;
	case SCSI_DH_RETRY:
		delay_retry = true;
		fallthrough;
	case SCSI_DH_IMM_RETRY:
	case SCSI_DH_RES_TEMP_UNAVAIL:
		spin_lock_irqsave(&m->lock, flags);
		fail = !may_retry(m);
		spin_unlock_irqrestore(&m->lock, flags);
		errors = 0;
		break;
	default:
		fail = true;
		break;
	}
	if (fail) {
		WRITE_ONCE(p->last_error, MPX_ERR_ACTIVATION);
		mpx_fail_path(m, p);
	}

	spin_lock_irqsave(&m->lock, flags);
	if (errors) {
		if (m->current_pg == pg) {
			DMERR("Could not failover device. Error %d.", errors);
			WRITE_ONCE(m->current_pg, NULL);
		}
	} else if (!test_bit(MPX_F_PG_INIT_REQUIRED, &m->flags)) {
		pg->bypassed = false;
	}
	if (--m->pg_init_in_progress)
		goto out;
	if (test_bit(MPX_F_PG_INIT_REQUIRED, &m->flags)) {
		assign_bit(MPX_F_PG_INIT_DELAY_RETRY, &m->flags, delay_retry);
		if (mpx_hw_pg_init(m))
			goto out;
	}
	clear_bit(MPX_F_QUEUE_IO, &m->flags);
	run = true;
	wake_up(&m->pg_init_wait);
out:
	spin_unlock_irqrestore(&m->lock, flags);
	if (run)
		mpx_kick_queued(m);
}

void mpx_hw_activate_path(struct work_struct *work)
{
	struct mpx_path *p = container_of(to_delayed_work(work), struct mpx_path,
					  activate_work);
	struct request_queue *q = bdev_get_queue(p->dev->bdev);

	if (READ_ONCE(p->active) && !blk_queue_dying(q))
		scsi_dh_activate(q, pg_init_done, p);
	else
		pg_init_done(p, SCSI_DH_DEV_OFFLINED);
}

/* Let running activations finish and start no more (postsuspend). */
void mpx_hw_wait_idle(struct mpx *m)
{
	unsigned long flags;

	if (!m->hw_handler)
		return;
	spin_lock_irqsave(&m->lock, flags);
	set_bit(MPX_F_PG_INIT_DISABLED, &m->flags);
	spin_unlock_irqrestore(&m->lock, flags);
	flush_workqueue(mpx_hw_wq);
	wait_event(m->pg_init_wait, !READ_ONCE(m->pg_init_in_progress));
	clear_bit(MPX_F_PG_INIT_DISABLED, &m->flags);
}
