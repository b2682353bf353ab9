// SPDX-License-Identifier: GPL-2.0-only
/*
 * Give meaning to a parsed file: fill defaults, devices, multipaths,
 * overrides (and, through blacklist.c, the blacklists). Later files and
 * later lines override earlier ones, as in multipath.conf.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "kw.h"
#include "conf-internal.h"

__attribute__((format(printf, 4, 5)))
void conf_warn(struct mpx_config *c, const char *file, unsigned int line,
	       const char *fmt, ...)
{
	char msg[512], **tmp;
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "%s:%u: ", file, line);
	if (n < 0)
		n = 0;
	/* a long file name leaves no room: the name alone, cut */
	if ((size_t)n < sizeof(msg)) {
		va_start(ap, fmt);
		vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	tmp = realloc(c->warnings, (c->nr_warnings + 1) * sizeof(*tmp));
	if (!tmp)
		return;
	c->warnings = tmp;
	c->warnings[c->nr_warnings] = strdup(msg);
	if (c->warnings[c->nr_warnings])
		c->nr_warnings++;
}

/* Unsupported keywords are reported once each, at their first use. */
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

__attribute__((format(printf, 3, 4)))
int conf_fail(struct conf_error *err, const struct conf_node *n, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->file, sizeof(err->file), "%s", n->file);
	err->line = n->line;
	err->col = n->col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void set_value(struct mpx_optset *o, const struct mpx_kw *kw,
		      union mpx_val v, const struct mpx_origin *at)
{
	if ((o->set & (1ULL << kw->id)) &&
	    (kw->type == KW_STRING || kw->type == KW_REGEX))
		free(o->v[kw->id].s);
	o->v[kw->id] = v;
	o->at[kw->id] = *at;
	o->set |= 1ULL << kw->id;
}

static void warn_word(struct mpx_config *c, const struct conf_node *n,
		      const struct mpx_kw *kw)
{
	const struct kw_word *w;

	for (w = kw->words; w && w->word; w++)
		if (w->warn && !strcasecmp(w->word, n->value))
			conf_warn(c, n->file, n->line, "%s \"%s\": %s", n->key,
				  n->value, w->warn);
}

/* One "keyword value" line of a section. */
int conf_apply(struct mpx_config *c, struct mpx_optset *o, unsigned int section,
	       const char *section_name, unsigned int index,
	       const struct conf_node *n, struct conf_error *err)
{
	const struct mpx_kw *kw = mpx_kw_find(n->key, section);
	struct mpx_origin at = { n->file, n->line, section_name, index };
	const char *reason, *near;
	union mpx_val v;
	int r;

	if (!n->value) {
		conf_warn(c, n->file, n->line, "\"%s { ... }\" is not a section of %s, ignoring",
			  n->key, section_name);
		return 0;
	}
	if (!kw) {
		near = mpx_kw_nearest(n->key);
		if (mpx_kw_is_ignored(n->key)) {
			if (first_use(c, n->key))
				conf_warn(c, n->file, n->line,
					  "keyword \"%s\" is not supported by mpx, ignoring",
					  n->key);
		} else if (mpx_kw_find(n->key, S_MAP | S_DEFAULTS | S_TENANT)) {
			conf_warn(c, n->file, n->line,
				  "keyword \"%s\" does not belong in %s, ignoring",
				  n->key, section_name);
		} else {
			conf_warn(c, n->file, n->line,
				  "unknown keyword \"%s\" in %s%s%s%s, ignoring", n->key,
				  section_name, near ? " (did you mean \"" : "",
				  near ? near : "", near ? "\"?)" : "");
		}
		return 0;
	}
	r = mpx_kw_parse(kw, n->value, &v, &reason);
	if (r == -ENOMEM)
		return r;
	if (r)
		return conf_fail(err, n, "%s: invalid value \"%s\": %s", n->key,
				 n->value, reason);
	warn_word(c, n, kw);
	if (n->extra_col)
		conf_warn(c, n->file, n->line,
			  "%s: words after the value (column %u), ignoring; quote a value with spaces",
			  n->key, n->extra_col);
	set_value(o, kw, v, &at);
	return 0;
}

static int apply_section(struct mpx_config *c, struct mpx_optset *o,
			 unsigned int section, const char *name, unsigned int index,
			 const struct conf_node *sec, struct conf_error *err)
{
	size_t i;
	int r;

	for (i = 0; i < sec->nr_children; i++) {
		r = conf_apply(c, o, section, name, index, &sec->children[i], err);
		if (r)
			return r;
	}
	return 0;
}

static int compile_device(struct mpx_optset *o, const struct conf_node *n,
			  struct conf_error *err)
{
	static const struct { enum mpx_opt id; size_t off; } res[] = {
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
		if (regcomp((regex_t *)((char *)o + res[i].off), pat,
			    REG_EXTENDED | REG_NOSUB))
			return conf_fail(err, n, "cannot compile \"%s\"", pat);
		o->have_re_mask |= 1u << i;
	}
	o->have_re = true;
	return 0;
}

/* devices { device { ... } ... } and multipaths { multipath { ... } ... } */
static int apply_entries(struct mpx_config *c, const struct conf_node *sec,
			 bool devices, struct conf_error *err)
{
	const char *entry = devices ? "device" : "multipath";
	struct mpx_optset **arr = devices ? &c->devices : &c->multipaths;
	size_t *nr = devices ? &c->nr_devices : &c->nr_multipaths;
	size_t i;
	int r;

	for (i = 0; i < sec->nr_children; i++) {
		const struct conf_node *n = &sec->children[i];
		struct mpx_optset *tmp, *o;

		if (n->value || strcmp(n->key, entry)) {
			conf_warn(c, n->file, n->line, "\"%s\" in %s: expected \"%s { ... }\", ignoring",
				  n->key, sec->key, entry);
			continue;
		}
		tmp = realloc(*arr, (*nr + 1) * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		*arr = tmp;
		o = &tmp[*nr];
		memset(o, 0, sizeof(*o));
		(*nr)++;
		/* origins outlive the parse tree: name the section by a constant */
		r = apply_section(c, o, devices ? S_DEVICE : S_MULTIPATH,
				  devices ? "devices" : "multipaths",
				  (unsigned int)*nr, n, err);
		if (r)
			return r;
		if (devices && !(o->set & (1ULL << OPT_VENDOR)))
			return conf_fail(err, n, "device entry without \"vendor\"");
		if (devices && !(o->set & (1ULL << OPT_PRODUCT)))
			return conf_fail(err, n, "device entry without \"product\"");
		if (!devices && !(o->set & (1ULL << OPT_WWID)))
			return conf_fail(err, n, "multipath entry without \"wwid\"");
		if (devices) {
			r = compile_device(o, n, err);
			if (r)
				return r;
		}
	}
	return 0;
}

static int apply_top(struct mpx_config *c, const struct conf_node *n,
		     struct conf_error *err)
{
	if (n->value) {
		conf_warn(c, n->file, n->line,
			  "\"%s\" outside of any section, ignoring", n->key);
		return 0;
	}
	if (!strcmp(n->key, "defaults"))
		return apply_section(c, &c->defaults, S_DEFAULTS, "defaults", 0, n, err);
	if (!strcmp(n->key, "overrides"))
		return apply_section(c, &c->overrides, S_OVERRIDES, "overrides", 0, n, err);
	if (!strcmp(n->key, "devices"))
		return apply_entries(c, n, true, err);
	if (!strcmp(n->key, "multipaths"))
		return apply_entries(c, n, false, err);
	if (!strcmp(n->key, "blacklist"))
		return conf_blacklist_apply(c, &c->blacklist, n, err);
	if (!strcmp(n->key, "blacklist_exceptions"))
		return conf_blacklist_apply(c, &c->exceptions, n, err);
	if (!strcmp(n->key, "tenants"))
		return conf_tenants_apply(c, n, err);
	conf_warn(c, n->file, n->line, "unknown section \"%s\", ignoring", n->key);
	return 0;
}

static const char *keep_file_name(struct mpx_config *c, const char *file)
{
	char **tmp = realloc(c->files, (c->nr_files + 1) * sizeof(*tmp));

	if (!tmp)
		return NULL;
	c->files = tmp;
	c->files[c->nr_files] = strdup(file);
	return c->files[c->nr_files] ? c->files[c->nr_files++] : NULL;
}

/* Point the parsed nodes' file names at the config's own copy. */
static void rebase_files(struct conf_node *n, const char *file)
{
	size_t i;

	n->file = file;
	for (i = 0; i < n->nr_children; i++)
		rebase_files(&n->children[i], file);
}

int mpx_config_add_text(struct mpx_config *c, const char *file,
			const char *text, size_t len, struct conf_error *err)
{
	struct conf_doc doc;
	const char *name = keep_file_name(c, file);
	size_t i;
	int r;

	if (!name)
		return -ENOMEM;
	r = conf_parse(name, text, len, &doc, err);
	if (r)
		return r;
	rebase_files(&doc.root, name);
	for (i = 0, r = 0; !r && i < doc.root.nr_children; i++)
		r = apply_top(c, &doc.root.children[i], err);
	conf_doc_free(&doc);
	return r;
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

void mpx_config_free(struct mpx_config *c)
{
	size_t i;

	conf_optset_free(&c->defaults);
	conf_optset_free(&c->overrides);
	for (i = 0; i < c->nr_devices; i++)
		conf_optset_free(&c->devices[i]);
	free(c->devices);
	for (i = 0; i < c->nr_multipaths; i++)
		conf_optset_free(&c->multipaths[i]);
	free(c->multipaths);
	for (i = 0; i < c->nr_tenants; i++)
		conf_optset_free(&c->tenants[i]);
	free(c->tenants);
	conf_blacklist_free(&c->blacklist);
	conf_blacklist_free(&c->exceptions);
	for (i = 0; i < c->nr_files; i++)
		free(c->files[i]);
	free(c->files);
	for (i = 0; i < c->nr_warnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	for (i = 0; i < c->nr_ignored; i++)
		free(c->ignored[i]);
	free(c->ignored);
	memset(c, 0, sizeof(*c));
}
