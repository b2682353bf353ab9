// SPDX-License-Identifier: GPL-2.0-only
/*
 * One section entry's option set: its regular expressions compiled once,
 * and what it owns freed. Shared by the built-in table and the config's
 * own entries.
 */
#include <regex.h>
#include <stddef.h>
#include <stdlib.h>
#include "kw.h"
#include "conf-internal.h"

/* 0, or 1 when a regular expression does not compile (the entry is skipped). */
int conf_compile_device(struct mpx_optset *o)
{
	static const struct {
		enum mpx_opt id;
		size_t off;
	} res[] = {
		{ OPT_VENDOR, offsetof(struct mpx_optset, vendor_re) },
		{ OPT_PRODUCT, offsetof(struct mpx_optset, product_re) },
		{ OPT_REVISION, offsetof(struct mpx_optset, revision_re) },
		{ OPT_PRODUCT_BLACKLIST, offsetof(struct mpx_optset, blacklist_re) },
	};
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const char *pat = (o->set & (1ULL << res[i].id)) ? o->v[res[i].id].s : "";

		if (res[i].id == OPT_PRODUCT_BLACKLIST && !*pat)
			pat = "^$";	/* matches no product */
		if (regcomp((regex_t *)((char *)o + res[i].off), pat, REG_EXTENDED | REG_NOSUB))
			return 1;
		o->have_re_mask |= 1u << i;
	}
	o->have_re = true;
	return 0;
}

void conf_optset_free(struct mpx_optset *o)
{
	const struct mpx_kw *kw;
	int id;

	for (id = 0; id < NR_OPTS; id++) {
		if (!(o->set & (1ULL << id)))
			continue;
		kw = mpx_kw_by_id(id);
		if (kw && (kw->type == KW_STRING || kw->type == KW_REGEX))
			free(o->v[id].s);
	}
	if (o->have_re_mask & 1)
		regfree(&o->vendor_re);
	if (o->have_re_mask & 2)
		regfree(&o->product_re);
	if (o->have_re_mask & 4)
		regfree(&o->revision_re);
	if (o->have_re_mask & 8)
		regfree(&o->blacklist_re);
}
