// SPDX-License-Identifier: GPL-2.0-only
/* Marginal paths in the daemon (see path-marginal.h and marginal.h). */
#include "maps/path-marginal.h"
#include "mpxd.h"

static void conf_of(const struct mpxd_map *m, struct mpx_marginal_conf *c)
{
	const union mpx_val *v = m->opts.v;

	c->san_threshold = (unsigned int)v[OPT_SAN_PATH_ERR_THRESHOLD].i;
	c->san_forget_rate = (unsigned int)v[OPT_SAN_PATH_ERR_FORGET_RATE].i;
	c->san_recovery_ms = (uint64_t)v[OPT_SAN_PATH_ERR_RECOVERY_TIME].i * 1000;
	c->double_failed_ms = (uint64_t)v[OPT_MARGINAL_DOUBLE_FAILED_TIME].i * 1000;
	c->sample_ms = (uint64_t)v[OPT_MARGINAL_ERR_SAMPLE_TIME].i * 1000;
	c->rate_threshold = (int)v[OPT_MARGINAL_ERR_RATE_THRESHOLD].i;
	c->recheck_gap_ms = (uint64_t)v[OPT_MARGINAL_ERR_RECHECK_GAP_TIME].i * 1000;
}

void mpxd_marginal_io_failed(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	struct mpx_marginal_conf c;
	bool was = mpx_marginal_holds(&p->marginal);

	/* a path its checker already found down is plain failed, not marginal */
	if (!p->map || p->state == MPX_PATH_DOWN)
		return;
	conf_of(p->map, &c);
	if (!mpx_marginal_io_failed(&p->marginal, &c, now) || was)
		return;
	log_warning(
		&d->log,
		"map \"%s\": path %s (%s) fails I/O while its checks pass: held out as marginal (%s)",
		p->map->name, p->a.devnode, p->a.devno,
		p->marginal.state == MPX_MARGINAL_SAMPLING ? "sampling test reads" : "waiting");
}

static void log_change(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	const struct mpx_marginal *m = &p->marginal;

	switch (m->state) {
	case MPX_MARGINAL_SAMPLING:
		log_notice(&d->log, "map \"%s\": marginal path %s: sampling test reads",
			   p->map->name, p->a.devnode);
		break;
	case MPX_MARGINAL_HELD:
		log_warning(
			&d->log,
			"map \"%s\": marginal path %s: %u of %u test reads failed (%u per thousand), held out for %llu ms",
			p->map->name, p->a.devnode, m->errors, m->ios, m->last_rate,
			(unsigned long long)(m->until - now));
		break;
	default:
		log_notice(
			&d->log,
			"map \"%s\": marginal path %s: %u of %u test reads failed, back in service",
			p->map->name, p->a.devnode, m->errors, m->ios);
		break;
	}
}

/* Another path of the map the kernel may use: a marginal path is never the last one kept out. */
static bool others_active(const struct mpxd_path *p)
{
	size_t i;

	for (i = 0; i < p->map->nr_paths; i++)
		if (p->map->paths[i] != p && p->map->paths[i]->kernel_active)
			return true;
	return false;
}

bool mpxd_marginal_after_check(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
			       bool test_io, uint64_t now)
{
	struct mpx_marginal_conf c;

	if (!p->map)
		return false;
	conf_of(p->map, &c);
	if (test_io)
		mpx_marginal_test_io(&p->marginal, st == MPX_PATH_UP || st == MPX_PATH_GHOST);
	else if (st == MPX_PATH_UP)
		mpx_marginal_check_ok(&p->marginal, &c);
	if (mpx_marginal_tick(&p->marginal, &c, now))
		log_change(d, p, now);
	if (!mpx_marginal_holds(&p->marginal))
		return false;
	if (!p->kernel_active && !others_active(p)) {
		log_notice(&d->log,
			   "map \"%s\": marginal path %s is its only usable path: in service",
			   p->map->name, p->a.devnode);
		return false;
	}
	return true;
}

bool mpxd_marginal_wants_test_io(const struct mpxd_path *p)
{
	return p->marginal.state == MPX_MARGINAL_SAMPLING;
}

uint64_t mpxd_marginal_next_check(const struct mpxd_path *p, uint64_t now, uint64_t next)
{
	if (p->marginal.state == MPX_MARGINAL_SAMPLING)
		return now + MPXD_MARGINAL_TEST_IO_MS;
	if (p->marginal.state == MPX_MARGINAL_HELD && p->marginal.until < next)
		return p->marginal.until; /* the hold ends in a sample: start it on time */
	return next;
}
