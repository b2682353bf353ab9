// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"
#include "kw.h"
#include "map-opts.h"

/*
 * The entries that apply to the LUN are found once, not once per option:
 * matching the device entries' regular expressions per option made each
 * map's resolution cost the options times the built-in table.
 */
void mpx_conf_map_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
		       struct mpx_map_opts *ret)
{
	const struct mpx_optset **levels =
		malloc((c->nr_multipaths + c->nr_devices + 2) * sizeof(*levels));
	const struct mpx_kw *kw;
	size_t n;

	memset(ret, 0, sizeof(*ret));
	if (!levels) {
		/* no memory for the list: one option at a time, as slow as before */
		for (kw = mpx_kw_map; kw->name; kw++)
			ret->v[kw->id] = mpx_conf_get(c, kw->id, dev, &ret->at[kw->id]);
		return;
	}
	n = conf_levels(c, dev, levels);
	for (kw = mpx_kw_map; kw->name; kw++)
		ret->v[kw->id] = conf_get_in(levels, n, kw->id, &ret->at[kw->id]);
	free(levels);
}

void mpx_lun_facts_init(struct mpx_lun_facts *f)
{
	*f = (struct mpx_lun_facts){ .alua = true, .no_tpgs = true };
}

void mpx_lun_facts_add(struct mpx_lun_facts *f, unsigned int tpgs, bool have_tpg)
{
	f->alua &= tpgs && have_tpg;
	f->no_tpgs &= !tpgs;
	f->tpgs |= tpgs;
	f->nr_paths++;
}

/* Set anywhere: a config file or the built-in device table. */
static bool configured(const struct mpx_map_opts *o, enum mpx_opt id)
{
	return o->at[id].kind != MPX_ORIGIN_DEFAULT;
}

static void detected(struct mpx_map_opts *o, enum mpx_opt id, union mpx_val v, const char *source)
{
	o->v[id] = v;
	o->at[id] = (struct mpx_origin){ .kind = MPX_ORIGIN_DETECTED, .source = source };
}

static const char *alua_source(unsigned int tpgs)
{
	switch (tpgs & 3) {
	case 1:
		return "ALUA, implicit";
	case 2:
		return "ALUA, explicit";
	default:
		return "ALUA, implicit and explicit";
	}
}

static void detect_alua(struct mpx_map_opts *o, const char *why)
{
	if (o->v[OPT_DETECT_CHECKER].i && !configured(o, OPT_PATH_CHECKER))
		detected(o, OPT_PATH_CHECKER, (union mpx_val){ .i = MPX_CHECKER_TUR }, why);
	if (o->v[OPT_DETECT_PRIO].i && !configured(o, OPT_PRIO)) {
		detected(o, OPT_PRIO, (union mpx_val){ .i = MPX_PRIO_ALUA }, why);
		/* prio_args go with the prio they were written beside */
		detected(o, OPT_PRIO_ARGS, (union mpx_val){ .s = NULL }, why);
	}
	if (!configured(o, OPT_HARDWARE_HANDLER))
		detected(o, OPT_HARDWARE_HANDLER, (union mpx_val){ .s = (char *)"1 alua" }, why);
	if (!configured(o, OPT_FAILBACK))
		detected(o, OPT_FAILBACK, (union mpx_val){ .i = MPX_FAILBACK_IMMEDIATE }, why);
}

void mpx_conf_path_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
			const struct mpx_lun_facts *facts, struct mpx_map_opts *ret)
{
	static const enum mpx_opt ids[] = { OPT_PATH_CHECKER, OPT_PRIO, OPT_PRIO_ARGS,
					    OPT_DETECT_PRIO, OPT_DETECT_CHECKER };
	size_t i;

	memset(ret, 0, sizeof(*ret));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ret->v[ids[i]] = mpx_conf_get(c, ids[i], dev, &ret->at[ids[i]]);
	if (facts && facts->nr_paths && facts->alua)
		detect_alua(ret, alua_source(facts->tpgs));
}

void mpx_conf_map_opts_detect(const struct mpx_config *c, const struct mpx_dev_id *dev,
			      const struct mpx_lun_facts *facts, struct mpx_map_opts *ret)
{
	const char *why;
	long long prio;

	mpx_conf_map_opts(c, dev, ret);
	if (!facts || !facts->nr_paths)
		return;
	why = alua_source(facts->tpgs);
	if (facts->alua)
		detect_alua(ret, why);
	/* the kernel's alua handler refuses a LUN without port groups: the table would not load */
	if (facts->no_tpgs && !strcmp(ret->v[OPT_HARDWARE_HANDLER].s, "1 alua"))
		detected(ret, OPT_HARDWARE_HANDLER, (union mpx_val){ .s = (char *)"0" },
			 "no port groups (no TPGS in INQUIRY)");
	prio = ret->v[OPT_PRIO].i;
	if (ret->v[OPT_DETECT_PGPOLICY].i && !configured(ret, OPT_PATH_GROUPING_POLICY) &&
	    (prio == MPX_PRIO_ALUA || prio == MPX_PRIO_SYSFS)) {
		if (ret->at[OPT_PRIO].kind != MPX_ORIGIN_DETECTED)
			why = prio == MPX_PRIO_ALUA ? "prio alua" : "prio sysfs";
		detected(ret, OPT_PATH_GROUPING_POLICY,
			 (union mpx_val){ .i = ret->v[OPT_DETECT_PGPOLICY_USE_TPG].i ?
						       MPX_PGP_GROUP_BY_TPG :
						       MPX_PGP_GROUP_BY_PRIO },
			 why);
	}
}
