// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm-mpx: a bio-based multipath target. This file is the device-mapper
 * glue: table construction and teardown, the map/end_io entry points,
 * suspend/resume, ioctl and reservation pass-through, module init.
 *
 * The table line is the kernel multipath target's (see core/table-parse.h
 * and man/dm-mpx.4); mpx always dispatches bios, whatever queue_mode says.
 */
#include <linux/module.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <mpx/table.h>
#include "mpx-ps.h"
#include "mpx-tenant.h"
#include "mpx-compat.h"
#include "core/table-parse.h"

struct workqueue_struct *mpx_wq;

static void destroy_pg(struct mpx *m, struct mpx_pg *pg)
{
	unsigned int i;

	for (i = 0; pg->paths && i < pg->nr_paths; i++) {
		struct mpx_path *p = &pg->paths[i];

		cancel_delayed_work_sync(&p->activate_work);
		if (p->dev)
			dm_put_device(m->ti, p->dev);
		free_percpu(p->stats);
	}
	if (pg->ps) {
		if (pg->ps->destroy)
			pg->ps->destroy(pg);
		mpx_ps_put(pg->ps);
	}
	mpx_pg_unpublish(pg);
	kfree(pg->paths);
}

/* Tolerates a half-built target: ctr failures come here too. */
static void mpx_dtr(struct dm_target *ti)
{
	struct mpx *m = ti->private;
	struct bio *bio;
	unsigned int g;

	if (!m)
		return;
	del_timer_sync(&m->no_path_timer);
	mpx_tenants_stop(m);
	flush_work(&m->dispatch_work);
	flush_work(&m->event_work);
	/*
	 * dm suspends before it destroys, so nothing should be held here. If
	 * something is, it fails before the tenants go: its completion drops
	 * its reference on its tenant, which must still be there.
	 */
	while ((bio = bio_list_pop(&m->queued))) {
		DMERR_LIMIT("failing a held bio at table destruction");
		atomic_dec(&m->nr_queued);
		bio_io_error(bio);
	}
	mpx_tenants_exit(m);
	for (g = 0; m->pgs && g < m->nr_pgs; g++)
		destroy_pg(m, &m->pgs[g]);
	kfree(m->pgs);
	kfree(m->hw_handler);
	kfree(m->hw_params);
	kfree(m);
	ti->private = NULL;
}

/* "count\0arg\0arg..." as scsi_dh_set_params() wants it. */
static int pack_hw_params(struct mpx *m, const struct mpx_args *as)
{
	size_t len = 16;
	unsigned int i;
	char *p;

	if (!as->argc)
		return 0;
	for (i = 0; i < as->argc; i++)
		len += strlen(as->argv[i]) + 1;
	m->hw_params = p = kzalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p += sprintf(p, "%u", as->argc) + 1;
	for (i = 0; i < as->argc; i++)
		p += sprintf(p, "%s", as->argv[i]) + 1;
	return 0;
}

static int build_path(struct mpx *m, struct mpx_pg *pg, struct mpx_path *p,
		      const struct mpx_path_spec *spec)
{
	struct dm_target *ti = m->ti;
	int r;

	p->pg = pg;
	p->conf = spec->conf;
	p->active = true;
	p->stats = alloc_percpu(struct mpx_path_stats);
	if (!p->stats) {
		ti->error = "memory allocation failed";
		return -ENOMEM;
	}
	r = dm_get_device(ti, spec->dev, dm_table_get_mode(ti->table), &p->dev);
	if (r) {
		ti->error = "error getting device";
		return r;
	}
	strscpy(p->name, p->dev->name, sizeof(p->name));
	if (p->conf.clamped)
		DMWARN_LIMIT("repeat_count > 1 is deprecated, using 1 instead");
	if (m->feat.queue_mode != MPX_QM_BIO || m->feat.retain_hw_handler) {
		r = mpx_hw_setup(m, p, &ti->error);
		if (r)
			return r;
	}
	if (pg->ps->add_path) {
		const char *reason = "path selector failed to add the path";

		r = pg->ps->add_path(pg, p, spec->args.argc, spec->args.argv, &reason);
		if (r) {
			ti->error = (char *)reason;
			return r;
		}
	}
	m->nr_valid_paths++;
	return 0;
}

static int build_pg(struct mpx *m, struct mpx_pg *pg, const struct mpx_table *t,
		    const struct mpx_pg_spec *spec, struct mpx_ps_refs *refs)
{
	struct dm_target *ti = m->ti;
	unsigned int i;
	int r;

	pg->m = m;
	pg->ps = mpx_ps_refs_type(refs, spec->ps);
	if (!pg->ps) {
		ti->error = "unknown path selector type";
		return -EINVAL;
	}
	pg->ps_conf = spec->conf;
	pg->paths = kcalloc(spec->nr_paths, sizeof(*pg->paths), GFP_KERNEL);
	if (!pg->paths) {
		ti->error = "couldn't allocate priority group";
		return -ENOMEM;
	}
	pg->nr_paths = spec->nr_paths;
	pg->first_path = spec->first_path;
	/* before anything can fail: destroy_pg cancels every path's work */
	for (i = 0; i < pg->nr_paths; i++)
		INIT_DELAYED_WORK(&pg->paths[i].activate_work, mpx_hw_activate_path);
	if (pg->ps->create) {
		r = pg->ps->create(pg);
		if (r) {
			ti->error = "path selector constructor failed";
			return r;
		}
	}
	for (i = 0; i < spec->nr_paths; i++) {
		r = build_path(m, pg, &pg->paths[i], &t->paths[spec->first_path + i]);
		if (r)
			return r;
	}
	r = mpx_pg_publish(pg, GFP_KERNEL);
	if (r)
		ti->error = "couldn't allocate the group's path set";
	return r;
}

static int build(struct mpx *m, struct mpx_table *t, struct mpx_ps_refs *refs)
{
	struct dm_target *ti = m->ti;
	unsigned int g;
	int r;

	m->feat = t->feat;
	if (t->feat.queue_if_no_path)
		set_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags);
	if (t->hw_dropped)
		DMERR("bio-based multipath doesn't allow hardware handler args");
	if (t->hw_handler) {
		m->hw_handler = kstrdup(t->hw_handler, GFP_KERNEL);
		if (!m->hw_handler || pack_hw_params(m, &t->hw_args)) {
			ti->error = "memory allocation failed";
			return -ENOMEM;
		}
	}
	m->pgs = kcalloc(t->nr_pgs, sizeof(*m->pgs), GFP_KERNEL);
	if (t->nr_pgs && !m->pgs) {
		ti->error = "couldn't allocate priority group";
		return -ENOMEM;
	}
	m->nr_pgs = t->nr_pgs;
	m->nr_paths = t->nr_paths;
	for (g = 0; g < t->nr_pgs; g++) {
		m->pgs[g].num = g + 1;
		r = build_pg(m, &m->pgs[g], t, &t->pgs[g], refs);
		if (r)
			return r;
	}
	if (t->initial_pg && t->initial_pg <= t->nr_pgs)
		m->next_pg = &m->pgs[t->initial_pg - 1];
	if (!m->nr_valid_paths)
		m->no_path_since = jiffies;	/* no groups: an episode from the start */
	return 0;
}

static struct mpx *alloc_mpx(struct dm_target *ti)
{
	struct mpx *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->ti = ti;
	spin_lock_init(&m->lock);
	mutex_init(&m->work_mutex);
	bio_list_init(&m->queued);
	INIT_WORK(&m->dispatch_work, mpx_dispatch_queued);
	INIT_WORK(&m->event_work, mpx_trigger_event);
	init_waitqueue_head(&m->pg_init_wait);
	timer_setup(&m->no_path_timer, mpx_no_path_timeout, 0);
	return m;
}

/* Table line: see core/table-parse.h. */
static int mpx_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct mpx_table t = { 0 };
	struct mpx_ps_refs refs = { 0 };
	const char *reason = NULL;
	struct mpx *m;
	int r;

	m = alloc_mpx(ti);
	if (!m) {
		ti->error = "can't allocate multipath";
		return -ENOMEM;
	}
	ti->private = m;

	/* validate and count, then fill arrays of exactly that size */
	r = mpx_table_parse(&t, argc, argv, mpx_ps_refs_lookup, &refs, &reason);
	if (r)
		goto bad_line;
	t.pgs = kcalloc(t.nr_pgs, sizeof(*t.pgs), GFP_KERNEL);
	t.paths = kcalloc(t.nr_paths, sizeof(*t.paths), GFP_KERNEL);
	t.pgs_cap = t.nr_pgs;
	t.paths_cap = t.nr_paths;
	if ((t.nr_pgs && !t.pgs) || (t.nr_paths && !t.paths)) {
		ti->error = "memory allocation failed";
		r = -ENOMEM;
		goto out;
	}
	r = mpx_table_parse(&t, argc, argv, mpx_ps_refs_lookup, &refs, &reason);
	if (r)
		goto bad_line;
	r = build(m, &t, &refs);
	if (r)
		goto out;

	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->num_write_zeroes_bios = 1;
	ti->per_io_data_size = sizeof(struct mpx_io);
	goto out;

bad_line:
	ti->error = (char *)reason;
out:
	mpx_ps_refs_put(&refs);
	kfree(t.pgs);
	kfree(t.paths);
	if (r)
		mpx_dtr(ti);
	return r;
}

static int mpx_map(struct dm_target *ti, struct bio *bio)
{
	return mpx_map_bio(ti->private, bio);
}

static int mpx_end_io(struct dm_target *ti, struct bio *bio,
		      blk_status_t *error)
{
	return mpx_end_io_bio(ti->private, bio, error);
}

/*
 * Suspend. Held I/O cannot cross a flushing suspend, so queueing is turned
 * off (and remembered) for its duration: held bios go out on a path or
 * fail. Across a noflush suspend (table reloads, as multipathd does them)
 * they are handed back to dm core, which reissues them to the new table.
 */
static void mpx_presuspend(struct dm_target *ti)
{
	struct mpx *m = ti->private;

	mpx_set_queue_if_no_path(m, false, true);
	mpx_tenants_drain(m, true);
}

static void mpx_postsuspend(struct dm_target *ti)
{
	struct mpx *m = ti->private;

	mutex_lock(&m->work_mutex);
	mpx_hw_wait_idle(m);
	if (m->tn) {
		/* drained at presuspend: nothing waits, so nothing re-arms */
		flush_work(&m->tn->work);
		hrtimer_cancel(&m->tn->timer);
	}
	flush_work(&m->dispatch_work);
	flush_work(&m->event_work);
	mutex_unlock(&m->work_mutex);
}

/* After resume, or a suspend that did not happen: queueing as it was. */
static void mpx_resume(struct dm_target *ti)
{
	struct mpx *m = ti->private;
	unsigned long flags;
	bool restore;

	mpx_tenants_drain(m, false);
	spin_lock_irqsave(&m->lock, flags);
	restore = test_and_clear_bit(MPX_F_SAVED_QUEUE_IF_NO_PATH, &m->flags);
	/* a table loaded without paths waits from its first resume on */
	mpx_arm_no_path_timer(m);
	spin_unlock_irqrestore(&m->lock, flags);
	if (restore)
		mpx_set_queue_if_no_path(m, true, false);
}

/*
 * ioctls (SG_IO, persistent reservations) go to the path I/O would use
 * now. With no path but queue_if_no_path, -ENOTCONN makes dm core retry,
 * so the caller waits for a path as I/O does.
 */
static int mpx_prepare_ioctl(struct dm_target *ti, struct block_device **bdev)
{
	struct mpx *m = ti->private;
	struct mpx_path *p = NULL;
	unsigned long flags;
	int r;

	if (!test_bit(MPX_F_QUEUE_IO, &m->flags))
		p = mpx_choose_path(m, 0);
	spin_lock_irqsave(&m->lock, flags);
	if (p && !test_bit(MPX_F_QUEUE_IO, &m->flags)) {
		*bdev = p->dev->bdev;
		r = 0;
	} else if (p || test_bit(MPX_F_QUEUE_IO, &m->flags) ||
		   (test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags) &&
		    !test_bit(MPX_F_NO_PATH_EXPIRED, &m->flags))) {
		/* a group is activating, or I/O waits for a path: so do ioctls */
		r = -ENOTCONN;
		if (test_bit(MPX_F_PG_INIT_REQUIRED, &m->flags) && !mpx_hw_pg_init(m))
			clear_bit(MPX_F_QUEUE_IO, &m->flags);	/* nothing to wait for */
	} else {
		r = -EIO;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	if (r == -ENOTCONN)
		mpx_kick_queued(m);
	if (!r && ti->len != bdev_nr_sectors(*bdev))
		return 1;
	return r;
}

static int mpx_iterate_devices(struct dm_target *ti,
			       iterate_devices_callout_fn fn, void *data)
{
	struct mpx *m = ti->private;
	unsigned int g, i;
	int r;

	for (g = 0; g < m->nr_pgs; g++) {
		for (i = 0; i < m->pgs[g].nr_paths; i++) {
			r = fn(ti, m->pgs[g].paths[i].dev, ti->begin, ti->len, data);
			if (r)
				return r;
		}
	}
	return 0;
}

static struct target_type mpx_target = {
	.name = MPX_TARGET_NAME,
	.version = { MPX_VERSION_MAJOR, MPX_VERSION_MINOR, MPX_VERSION_PATCH },
	.features = DM_TARGET_SINGLETON | DM_TARGET_IMMUTABLE |
		    DM_TARGET_PASSES_INTEGRITY,
	.module = THIS_MODULE,
	.ctr = mpx_ctr,
	.dtr = mpx_dtr,
	.map = mpx_map,
	.end_io = mpx_end_io,
	.presuspend = mpx_presuspend,
	.presuspend_undo = mpx_resume,
	.postsuspend = mpx_postsuspend,
	.resume = mpx_resume,
	.status = mpx_status,
	.message = mpx_message,
	.prepare_ioctl = mpx_prepare_ioctl,
	.iterate_devices = mpx_iterate_devices,
};

static int __init dm_mpx_init(void)
{
	int r = -ENOMEM;

	mpx_wq = alloc_workqueue("kmpxd", WQ_MEM_RECLAIM, 0);
	if (!mpx_wq)
		goto bad_wq;
	/* ordered, as activations of one group must not race each other */
	mpx_hw_wq = alloc_ordered_workqueue("kmpxd_handler", WQ_MEM_RECLAIM);
	if (!mpx_hw_wq)
		goto bad_hw_wq;
	r = mpx_ps_register_builtins();
	if (r)
		goto bad_ps;
	r = dm_register_target(&mpx_target);
	if (r) {
		DMERR("register failed %d", r);
		goto bad_target;
	}
	DMINFO("version %u.%u.%u loaded", MPX_VERSION_MAJOR, MPX_VERSION_MINOR,
	       MPX_VERSION_PATCH);
	return 0;

bad_target:
	mpx_ps_unregister_builtins();
bad_ps:
	destroy_workqueue(mpx_hw_wq);
bad_hw_wq:
	destroy_workqueue(mpx_wq);
bad_wq:
	return r;
}

static void __exit dm_mpx_exit(void)
{
	dm_unregister_target(&mpx_target);
	mpx_ps_unregister_builtins();
	destroy_workqueue(mpx_hw_wq);
	destroy_workqueue(mpx_wq);
}

module_init(dm_mpx_init);
module_exit(dm_mpx_exit);

MODULE_DESCRIPTION(DM_NAME " mpx multipath target");
MODULE_AUTHOR("The mpx developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(__stringify(MPX_VERSION_MAJOR) "." __stringify(MPX_VERSION_MINOR)
	       "." __stringify(MPX_VERSION_PATCH));
