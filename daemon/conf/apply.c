// SPDX-License-Identifier: GPL-2.0-only
/*
 * One "keyword value" line of a section into an option set, with
 * multipath-tools' tolerance: every mistake it reads past is one warning
 * naming the file and line, and the line is ignored, or its value capped
 * to the keyword's range, or taken without a trailing comma. Only a bad
 * value of a keyword multipath-tools refuses too, or of one of mpx's own
 * (kw-compat.c), is an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "conf-internal.h"
#include "kw.h"
#include "prio-args.h"

/* Keywords mpx ignores are reported once each, at their first use. */
static bool first_use(struct mpx_config *c, const char *key)
{
	char **tmp;
	size_t i;

	for (i = 0; i < c->nr_ignored; i++)
		if (!strcmp(c->ignored[i], key))
			return false;
	tmp = realloc(c->ignored, (c->nr_ignored + 1) * sizeof(*tmp));
	if (!tmp)
		return true;
	c->ignored = tmp;
	c->ignored[c->nr_ignored] = strdup(key);
	if (c->ignored[c->nr_ignored])
		c->nr_ignored++;
	return true;
}

static void set_value(struct mpx_optset *o, const struct mpx_kw *kw, union mpx_val v,
		      const struct mpx_origin *at)
{
	if ((o->set & (1ULL << kw->id)) && (kw->type == KW_STRING || kw->type == KW_REGEX))
		free(o->v[kw->id].s);
	o->v[kw->id] = v;
	o->at[kw->id] = *at;
	o->set |= 1ULL << kw->id;
}

static void warn_word(struct mpx_config *c, const struct conf_node *n, const struct mpx_kw *kw,
		      const char *value)
{
	const struct kw_word *w;

	for (w = kw->words; w && w->word; w++)
		if (w->warn && !strcasecmp(w->word, value))
			conf_warn(c, n->file, n->line, "%s \"%s\": %s", n->key, value, w->warn);
}

/* A keyword mpx has no row for: say what it is, once. */
static void unknown(struct mpx_config *c, const struct conf_node *n, const char *section_name)
{
	static const char *const kinds[] = {
		[MPX_KW_IGNORED] = "is not supported by mpx",
		[MPX_KW_DEPRECATED] = "is deprecated (multipath-tools ignores it too)",
		[MPX_KW_REMOVED] = "was removed from multipath-tools before 0.9",
	};
	const struct mpx_kw_compat *k = mpx_kw_compat_find(n->key);
	const char *near;

	if (k && k->kind == MPX_KW_DISTRO) {
		conf_warn(c, n->file, n->line,
			  "keyword \"%s\" is a %s addition, not multipath-tools', ignoring", n->key,
			  k->note);
	} else if (k) {
		if (first_use(c, n->key))
			conf_warn(c, n->file, n->line, "keyword \"%s\" %s%s%s, ignoring", n->key,
				  kinds[k->kind], k->note ? ": " : "", k->note ? k->note : "");
	} else if (mpx_kw_find(n->key, S_MAP | S_DEFAULTS | S_DEVICE | S_MULTIPATH | S_TENANT)) {
		conf_warn(c, n->file, n->line, "keyword \"%s\" does not belong in %s, ignoring",
			  n->key, section_name);
	} else {
		near = mpx_kw_nearest(n->key);
		conf_warn(c, n->file, n->line, "unknown keyword \"%s\" in %s%s%s%s, ignoring",
			  n->key, section_name, near ? " (did you mean \"" : "", near ? near : "",
			  near ? "\"?)" : "");
	}
}

/*
 * A value that does not parse, which ends in ',' or ';' (a list written
 * out of habit): the value without it, if that parses.
 */
static int without_trailing_punct(const struct mpx_kw *kw, const char *text, union mpx_val *ret,
				  char *cut)
{
	size_t len = strlen(text);
	const char *reason;
	char *copy;
	int r;

	if (len < 2 || (text[len - 1] != ',' && text[len - 1] != ';'))
		return -EINVAL;
	copy = strndup(text, len - 1);
	if (!copy)
		return -ENOMEM;
	r = mpx_kw_parse(kw, copy, ret, &reason);
	free(copy);
	*cut = text[len - 1];
	return r;
}

/* The value of one line: 0 (set, or ignored with a warning) or an error. */
static int apply_value(struct mpx_config *c, struct mpx_optset *o, const struct mpx_kw *kw,
		       const struct conf_node *n, const struct mpx_origin *at,
		       struct conf_error *err)
{
	bool tolerant = mpx_kw_tolerant(kw);
	const char *reason;
	char cut = 0, shown[64];
	union mpx_val v;
	int r;

	r = mpx_kw_parse(kw, n->value, &v, &reason);
	if (r == -EINVAL && tolerant) {
		r = without_trailing_punct(kw, n->value, &v, &cut);
		if (!r || r == -ERANGE)
			conf_warn(c, n->file, n->line, "%s \"%s\": the trailing '%c' is ignored",
				  n->key, n->value, cut);
		else if (r == -EINVAL)
			r = mpx_kw_parse(kw, n->value, &v, &reason); /* for the reason */
	}
	if (r == -ENOMEM)
		return r;
	if (r && !tolerant)
		return conf_fail(err, n, "%s: invalid value \"%s\": %s", n->key, n->value, reason);
	if (r == -EINVAL) {
		conf_warn(c, n->file, n->line, "%s: invalid value \"%s\" (%s), %s", n->key,
			  n->value, reason,
			  kw->id == OPT_VENDOR || kw->id == OPT_PRODUCT ? "the entry is skipped" :
									  "ignoring the line");
		return 0;
	}
	if (r == -ERANGE) {
		mpx_kw_format(kw, &v, shown, sizeof(shown));
		conf_warn(c, n->file, n->line, "%s \"%s\" is %s: using %s", n->key, n->value,
			  reason, shown);
	}
	if (kw->type != KW_STRING && kw->type != KW_REGEX)
		warn_word(c, n, kw, n->value);
	if (n->extra_col)
		conf_warn(
			c, n->file, n->line,
			"%s: words after the value (column %u), ignoring them; quote a value with spaces",
			n->key, n->extra_col);
	set_value(o, kw, v, at);
	return 0;
}

/* One "keyword value" line of a section. */
int conf_apply(struct mpx_config *c, struct mpx_optset *o, unsigned int section,
	       const char *section_name, unsigned int index, const struct conf_node *n,
	       struct conf_error *err)
{
	/* multipath-tools takes "checker" for "path_checker" */
	const char *name = strcmp(n->key, "checker") ? n->key : "path_checker";
	const struct mpx_kw *kw = mpx_kw_find(name, section);
	struct mpx_origin at = { n->file, n->line, section_name, index, MPX_ORIGIN_FILE, NULL };

	if (!n->value) {
		const struct mpx_kw_compat *k = mpx_kw_compat_find(n->key);

		if (k && k->kind == MPX_KW_IGNORED && first_use(c, n->key))
			conf_warn(c, n->file, n->line,
				  "\"%s\" subsections are not supported by mpx, ignoring", n->key);
		else if (!k)
			conf_warn(c, n->file, n->line,
				  "\"%s { ... }\" is not a section of %s, ignoring", n->key,
				  section_name);
		return 0;
	}
	if (!kw) {
		unknown(c, n, section_name);
		return 0;
	}
	return apply_value(c, o, kw, n, &at, err);
}

/*
 * prio_args belong to the prio set in the same section (multipath-tools
 * takes them from where prio is set): ones with no prio beside them, or
 * that their prio cannot use, are warned about where they are written.
 */
static void check_prio_args(struct mpx_config *c, const struct mpx_optset *o,
			    const struct conf_node *n)
{
	static const char *const instead[] = {
		[MPX_PRIO_ALUA] = "ignoring them",
		[MPX_PRIO_SYSFS] = "ignoring them",
		[MPX_PRIO_WEIGHTEDPATH] = "every path gets priority 0",
		[MPX_PRIO_PATH_LATENCY] = "using io_num=100 base_num=1.778",
	};
	long long prio = o->v[OPT_PRIO].i;
	const char *why;
	char name[32];

	if (!(o->set & (1ULL << OPT_PRIO_ARGS)))
		return;
	if (!(o->set & (1ULL << OPT_PRIO))) {
		conf_warn(c, n->file, n->line,
			  "prio_args without a prio in the same section are never used, ignoring");
		return;
	}
	why = mpx_prio_args_check((int)prio, o->v[OPT_PRIO_ARGS].s);
	if (!why)
		return;
	mpx_kw_format(mpx_kw_by_id(OPT_PRIO), &o->v[OPT_PRIO], name, sizeof(name));
	conf_warn(c, n->file, n->line, "prio_args \"%s\" for prio %s: %s, %s",
		  o->v[OPT_PRIO_ARGS].s, name, why,
		  prio > 0 && prio <= MPX_PRIO_PATH_LATENCY && instead[prio] ? instead[prio] :
									       "ignoring them");
}

/*
 * Every line of one section: a keyword set twice in the same section is
 * warned about (multipath-tools does), and the later value wins.
 */
int conf_apply_section(struct mpx_config *c, struct mpx_optset *o, unsigned int section,
		       const char *name, unsigned int index, const struct conf_node *sec,
		       struct conf_error *err)
{
	unsigned int first[NR_OPTS] = { 0 };
	const struct conf_node *args = NULL;
	const struct mpx_kw *kw;
	size_t i;
	int r;

	for (i = 0; i < sec->nr_children; i++) {
		const struct conf_node *n = &sec->children[i];

		kw = n->value ? mpx_kw_find(strcmp(n->key, "checker") ? n->key : "path_checker",
					    section) :
				NULL;
		if (kw && first[kw->id])
			conf_warn(c, n->file, n->line,
				  "\"%s\" is set again (first at line %u): the later value wins",
				  n->key, first[kw->id]);
		else if (kw)
			first[kw->id] = n->line;
		r = conf_apply(c, o, section, name, index, n, err);
		if (r)
			return r;
		if (kw && kw->id == OPT_PRIO_ARGS)
			args = n;
	}
	if (args)
		check_prio_args(c, o, args);
	return 0;
}
