/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dm-mpx: the target's shared structures.
 *
 * Locking. The hot path (map, end_io without error) takes no lock: it reads
 * m->current_pg and the group's RCU-published set of usable paths, and the
 * selector picks from that set locklessly. m->lock (irq-safe spinlock)
 * serialises every state change: path fail/reinstate (which republish the
 * usable sets), group choice, the bio queue and the flags. Paths and groups
 * live from ctr to dtr, so a path pointer held by an in-flight bio stays
 * valid without a reference.
 */
#ifndef DM_MPX_H
#define DM_MPX_H

#include <linux/device-mapper.h>
#include <linux/bio.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/timer.h>

#include "core/table-parse.h"
#include "core/emit.h"
#include <mpx/ps.h>

#define DM_MSG_PREFIX "mpx"

struct mpx;
struct mpx_tenant;
struct mpx_tenants;

struct mpx_path_stats {
	u64 ios;
	u64 bytes;
	u64 path_errors;	/* errors that failed the path */
	u64 target_errors;	/* errors passed back (medium, reservation...) */
};

/* m->flags bits */
enum {
	MPX_F_QUEUE_IF_NO_PATH,		/* hold I/O while no path is usable */
	MPX_F_SAVED_QUEUE_IF_NO_PATH,	/* value to restore at resume */
	MPX_F_QUEUE_IO,			/* hold I/O: pg_init running or needed */
	MPX_F_PG_INIT_REQUIRED,
	MPX_F_PG_INIT_DELAY_RETRY,
	MPX_F_PG_INIT_DISABLED,
	MPX_F_NO_PATH_EXPIRED,		/* no_path_timeout passed: fail, don't hold */
};

struct mpx {
	struct dm_target *ti;
	spinlock_t lock;
	unsigned long flags;

	struct mpx_features feat;	/* as loaded; live flags are in flags */
	const char *hw_handler;		/* effective handler name or NULL */
	const char *hw_params;		/* scsi_dh_set_params() string or NULL */

	unsigned int nr_pgs;
	struct mpx_pg *pgs;
	struct mpx_pg *current_pg;	/* written under lock, read locklessly */
	struct mpx_pg *next_pg;		/* switch_group / initial group */
	unsigned int nr_valid_paths;	/* under lock */
	unsigned int nr_paths;		/* in all groups; mpx_path_index() < this */

	struct bio_list queued;		/* held bios, in arrival order */
	atomic_t nr_queued;
	struct work_struct dispatch_work;
	struct work_struct event_work;

	unsigned int pg_init_in_progress;	/* activations queued, under lock */
	unsigned int pg_init_count;		/* rounds since the last switch */
	wait_queue_head_t pg_init_wait;

	struct timer_list no_path_timer;
	unsigned long no_path_since;	/* jiffies: the last usable path failed */
	struct mutex work_mutex;	/* messages vs. suspend */

	struct mpx_tenants *tn;		/* from the first "tenant" message on */
};

/* Per-bio state (dm per_io_data). */
struct mpx_bio_saved {
	struct block_device *bdev;
	unsigned short flags;
	int remaining;
	struct bvec_iter iter;
	bio_end_io_t *end_io;
	bool integrity;		/* it carries an integrity payload (PI) from above */
};

struct mpx_io {
	struct mpx_path *path;
	size_t nr_bytes;
	u64 start_ns;
	struct mpx_tenant *tenant;	/* with tenant rules: whose I/O, a reference */
	struct cgroup_subsys_state *css;	/* with a tenant: its cgroup, or NULL */
	u64 wait_ns;			/* when it began to wait in a tenant queue */
	u32 charge;			/* bytes charged to its tenant's bps and share */
	bool held;			/* counted in its tenant's nr_held */
	struct mpx_bio_saved saved;
};

extern struct workqueue_struct *mpx_wq;
extern struct workqueue_struct *mpx_hw_wq;

/* mpx-pg.c: paths, groups and the choice of a path */
int mpx_pg_publish(struct mpx_pg *pg, gfp_t gfp);
void mpx_pg_unpublish(struct mpx_pg *pg);
struct mpx_path *mpx_choose_path(struct mpx *m, size_t nr_bytes);
int mpx_fail_path(struct mpx *m, struct mpx_path *p);
int mpx_reinstate_path(struct mpx *m, struct mpx_path *p);
void mpx_bypass_pg(struct mpx *m, struct mpx_pg *pg, bool bypass);
void mpx_switch_pg(struct mpx *m, struct mpx_pg *pg);
unsigned int mpx_status_pg_num(struct mpx *m);
void mpx_trigger_event(struct work_struct *work);
void mpx_raise_event(struct mpx *m);

/* mpx-path-error.c: an I/O that ended in error on a path (not the hot path) */
void mpx_path_error(struct mpx_path *p, blk_status_t error);

/* mpx-io.c: mapping, retry, queueing */
/* the target's map and end_io */
int mpx_map_bio(struct dm_target *ti, struct bio *bio);
int mpx_end_io_bio(struct dm_target *ti, struct bio *bio, blk_status_t *error);
void mpx_dispatch_queued(struct work_struct *work);
void mpx_kick_queued(struct mpx *m);
void mpx_route_bio(struct mpx *m, struct bio *bio);
void mpx_set_queue_if_no_path(struct mpx *m, bool on, bool save);
void mpx_no_path_timeout(struct timer_list *t);
void mpx_no_path_episode(struct mpx *m);
void mpx_arm_no_path_timer(struct mpx *m);

/* mpx-hw.c: SCSI device handlers and group activation (pg_init) */
int mpx_hw_setup(struct mpx *m, struct mpx_path *p, char **error);
bool mpx_hw_pg_init(struct mpx *m);
bool mpx_hw_activate_one(struct mpx *m, struct mpx_path *p);
void mpx_hw_activate_path(struct work_struct *work);
void mpx_hw_wait_idle(struct mpx *m);

/* mpx-status.c: dmsetup status/table and the stats message */
void mpx_status(struct dm_target *ti, status_type_t type, unsigned int flags,
		char *result, unsigned int maxlen);
int mpx_stats_message(struct mpx *m, char *result, unsigned int maxlen);

/* mpx-message.c */
int mpx_lookup_dev(const char *name, dev_t *ret);
int mpx_message(struct dm_target *ti, unsigned int argc, char **argv,
		char *result, unsigned int maxlen);

#endif
