// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages (grammar in core/message-parse.h). As with the kernel target,
 * they are refused with -EBUSY while the device is suspended: the path and
 * group state of a table that is about to be replaced is not worth
 * changing, and a daemon must retry after resume.
 */
#include <linux/blkdev.h>
#include "mpx-ps.h"
#include "core/message-parse.h"
#include "mpx-tenant.h"

/* Resolve "maj:min" or a device path to a dev_t. */
int mpx_lookup_dev(const char *name, dev_t *ret)
{
	unsigned int maj, min;

	if (!mpx_parse_devno(name, &maj, &min)) {
		*ret = MKDEV(maj, min);
		if (MAJOR(*ret) != maj || MINOR(*ret) != min)
			return -EOVERFLOW;
		return 0;
	}
	return lookup_bdev(name, ret);
}

static int path_message(struct mpx *m, const struct mpx_msg *msg)
{
	dev_t devt;
	unsigned int g, i;
	int r = -EINVAL;

	r = mpx_lookup_dev(msg->dev, &devt);
	if (r) {
		DMWARN("message: error getting device %s", msg->dev);
		return r;
	}
	r = -EINVAL;	/* not a path of this map */
	for (g = 0; g < m->nr_pgs; g++) {
		for (i = 0; i < m->pgs[g].nr_paths; i++) {
			struct mpx_path *p = &m->pgs[g].paths[i];

			if (p->dev->bdev->bd_dev != devt)
				continue;
			if (msg->verb == MPX_MSG_VERB_FAIL_PATH)
				r = mpx_fail_path(m, p);
			else
				r = mpx_reinstate_path(m, p);
		}
	}
	if (r == -EINVAL)
		DMWARN("message: %s is not a path of this map", msg->dev);
	return r;
}

static int do_message(struct mpx *m, const struct mpx_msg *msg,
		      char *result, unsigned int maxlen)
{
	switch (msg->verb) {
	case MPX_MSG_VERB_QUEUE_IF_NO_PATH:
		mpx_set_queue_if_no_path(m, true, false);
		return 0;
	case MPX_MSG_VERB_FAIL_IF_NO_PATH:
		mpx_set_queue_if_no_path(m, false, false);
		return 0;
	case MPX_MSG_VERB_STATS:
		return mpx_stats_message(m, result, maxlen);
	case MPX_MSG_VERB_SELECTORS: {
		struct mpx_buf b;

		mpx_buf_init(&b, result, maxlen);
		mpx_ps_list(&b);
		mpx_emit(&b, "\n");
		return 1;
	}
	case MPX_MSG_VERB_DISABLE_GROUP:
		mpx_bypass_pg(m, &m->pgs[msg->pg - 1], true);
		return 0;
	case MPX_MSG_VERB_ENABLE_GROUP:
		mpx_bypass_pg(m, &m->pgs[msg->pg - 1], false);
		mpx_kick_queued(m);
		return 0;
	case MPX_MSG_VERB_SWITCH_GROUP:
		mpx_switch_pg(m, &m->pgs[msg->pg - 1]);
		mpx_kick_queued(m);
		return 0;
	case MPX_MSG_VERB_FAIL_PATH:
	case MPX_MSG_VERB_REINSTATE_PATH:
		return path_message(m, msg);
	}
	return -EINVAL;
}

int mpx_message(struct dm_target *ti, unsigned int argc, char **argv,
		char *result, unsigned int maxlen)
{
	struct mpx *m = ti->private;
	struct mpx_msg msg;
	const char *reason;
	int r;

	mutex_lock(&m->work_mutex);
	if (dm_suspended(ti)) {
		r = -EBUSY;
		goto out;
	}
	if (argc && !strcasecmp(argv[0], "tenant")) {
		r = mpx_tenant_message(m, argc, argv);
		goto out;
	}
	r = mpx_message_parse(argc, argv, m->nr_pgs, &msg, &reason);
	switch (r) {
	case 0:
		r = do_message(m, &msg, result, maxlen);
		break;
	case -E2BIG:
		DMWARN("%s, got %u.", reason, argc);
		r = -EINVAL;
		break;
	case -EOPNOTSUPP:
		DMWARN("%s: %s", reason, argv[0]);
		r = -EINVAL;
		break;
	default:
		DMWARN("%s", reason);
		break;
	}
out:
	mutex_unlock(&m->work_mutex);
	return r;
}
