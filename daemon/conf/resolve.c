// SPDX-License-Identifier: GPL-2.0-only
/*
 * Effective option values, in multipath-tools' order: multipath entry (by
 * WWID; the last one that sets the option, so repeated entries merge) >
 * overrides > device entries (by vendor/product/revision: the last
 * matching entry that sets the option wins, so the config's entries, read
 * after the built-in table's, merge over it, and later ones refine earlier
 * ones) > defaults > the keyword's built-in value. prio_args are
 * taken from the level that sets prio, never mixed from two.
 */
#include <stdio.h>
#include <string.h>
#include "kw.h"

static bool has(const struct mpx_optset *o, enum mpx_opt id)
{
	return o->set & (1ULL << id);
}

static bool device_matches(const struct mpx_optset *d, const struct mpx_dev_id *dev)
{
	if (!d->have_re)
		return false;
	return dev->vendor && !regexec(&d->vendor_re, dev->vendor, 0, NULL, 0) &&
	       dev->product && !regexec(&d->product_re, dev->product, 0, NULL, 0) &&
	       (!has(d, OPT_REVISION) ||
		(dev->revision && !regexec(&d->revision_re, dev->revision, 0, NULL, 0)));
}

static union mpx_val from(const struct mpx_optset *o, enum mpx_opt id,
			  struct mpx_origin *ret_origin)
{
	if (ret_origin)
		*ret_origin = o->at[id];
	return o->v[id];
}

/* The keyword's built-in value, when no level sets the option. */
static union mpx_val builtin(enum mpx_opt id, struct mpx_origin *ret_origin)
{
	const struct mpx_kw *kw = mpx_kw_by_id(id);
	union mpx_val v = { 0 };

	if (ret_origin)
		memset(ret_origin, 0, sizeof(*ret_origin));
	/* built-in defaults are constants of the keyword rows */
	if (kw && (kw->type == KW_STRING || kw->type == KW_REGEX))
		v.s = (char *)kw->def_s;
	else if (kw)
		v.i = kw->def_i;
	return v;
}

size_t conf_levels(const struct mpx_config *c, const struct mpx_dev_id *dev,
		   const struct mpx_optset **ret)
{
	size_t i, n = 0;

	for (i = c->nr_multipaths; dev && dev->wwid && i-- > 0;)
		if (c->multipaths[i].v[OPT_WWID].s &&
		    !strcmp(c->multipaths[i].v[OPT_WWID].s, dev->wwid))
			ret[n++] = &c->multipaths[i];
	ret[n++] = &c->overrides;
	for (i = c->nr_devices; dev && i-- > 0;)
		if (device_matches(&c->devices[i], dev))
			ret[n++] = &c->devices[i];
	ret[n++] = &c->defaults;
	return n;
}

union mpx_val conf_get_in(const struct mpx_optset *const *levels, size_t n, enum mpx_opt id,
			  struct mpx_origin *ret_origin)
{
	/* as in multipath-tools, prio_args are those of the section that sets prio */
	enum mpx_opt by = id == OPT_PRIO_ARGS ? OPT_PRIO : id;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!has(levels[i], by))
			continue;
		if (has(levels[i], id))
			return from(levels[i], id, ret_origin);
		break;
	}
	return builtin(id, ret_origin);
}

/* The level that sets id for this LUN, or NULL: the keyword's own default. */
static const struct mpx_optset *level_of(const struct mpx_config *c, enum mpx_opt id,
					 const struct mpx_dev_id *dev)
{
	size_t i;

	for (i = c->nr_multipaths; dev && dev->wwid && i-- > 0;)
		if (has(&c->multipaths[i], id) &&
		    !strcmp(c->multipaths[i].v[OPT_WWID].s, dev->wwid))
			return &c->multipaths[i];
	if (has(&c->overrides, id))
		return &c->overrides;
	for (i = c->nr_devices; dev && i-- > 0;)
		if (has(&c->devices[i], id) && device_matches(&c->devices[i], dev))
			return &c->devices[i];
	if (has(&c->defaults, id))
		return &c->defaults;
	return NULL;
}

union mpx_val mpx_conf_get(const struct mpx_config *c, enum mpx_opt id,
			   const struct mpx_dev_id *dev, struct mpx_origin *ret_origin)
{
	/* as in multipath-tools, prio_args are those of the section that sets prio */
	const struct mpx_optset *o = level_of(c, id == OPT_PRIO_ARGS ? OPT_PRIO : id, dev);

	if (o && has(o, id))
		return from(o, id, ret_origin);
	return builtin(id, ret_origin);
}

void mpx_origin_format(const struct mpx_origin *o, char *buf, size_t len)
{
	switch (o->kind) {
	case MPX_ORIGIN_BUILTIN:
		snprintf(buf, len, "built in (%s)", o->source ? o->source : "");
		return;
	case MPX_ORIGIN_DETECTED:
		snprintf(buf, len, "detected (%s)", o->source ? o->source : "");
		return;
	case MPX_ORIGIN_DEFAULT:
		snprintf(buf, len, "built in");
		return;
	case MPX_ORIGIN_FILE:
		break;
	}
	if (!o->file)
		snprintf(buf, len, "built in");
	else if (o->index)
		snprintf(buf, len, "%s[%u] at %s:%u", o->section, o->index, o->file,
			 o->line);
	else
		snprintf(buf, len, "%s at %s:%u", o->section ? o->section : "",
			 o->file, o->line);
}
