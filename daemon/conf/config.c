// SPDX-License-Identifier: GPL-2.0-only
/*
 * Give meaning to a parsed file: fill defaults, devices, multipaths,
 * overrides (and, through blacklist.c, the blacklists; apply.c does the
 * lines). Later files and later lines override earlier ones, as in
 * multipath.conf. What multipath-tools reads past, mpx reads past too,
 * with one warning naming the file and line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "kw.h"
#include "conf-internal.h"

static bool has(const struct mpx_optset *o, enum mpx_opt id)
{
	return o->set & (1ULL << id);
}

/* Whether the entry has a line for key (set, or warned about as invalid). */
static bool has_line(const struct conf_node *entry, const char *key)
{
	size_t i;

	for (i = 0; i < entry->nr_children; i++)
		if (entry->children[i].value && !strcmp(entry->children[i].key, key))
			return true;
	return false;
}

static bool same_str(const struct mpx_optset *a, const struct mpx_optset *b, enum mpx_opt id)
{
	if (!has(a, id) || !has(b, id))
		return has(a, id) == has(b, id);
	return !strcmp(a->v[id].s, b->v[id].s);
}

/*
 * A device entry without vendor or product matches nothing it was meant
 * to: multipath-tools drops it, so does mpx. One warning, unless the line
 * is there with a value already warned about.
 */
static bool device_usable(struct mpx_config *c, struct mpx_optset *o, const struct conf_node *n)
{
	bool v = has(o, OPT_VENDOR), p = has(o, OPT_PRODUCT);

	if (v && p) {
		if (!conf_compile_device(o))
			return true;
		conf_warn(c, n->file, n->line,
			  "device entry: a regular expression does not "
			  "compile here, the entry is skipped");
		return false;
	}
	if ((!v && has_line(n, "vendor")) || (!p && has_line(n, "product")))
		return false;
	conf_warn(c, n->file, n->line, "device entry without %s: it is skipped",
		  !v && !p ? "\"vendor\" and \"product\"" :
		  !v       ? "\"vendor\"" :
			     "\"product\"");
	return false;
}

/* A repeated entry merges with the earlier one: the later values win. */
static void warn_repeat(struct mpx_config *c, const struct conf_node *n, bool devices)
{
	const struct mpx_optset *o = devices ? &c->devices[c->nr_devices - 1] :
					       &c->multipaths[c->nr_multipaths - 1];
	const struct mpx_optset *e;
	size_t i;

	if (devices) {
		/* as multipath-tools: within one file (later files refine on purpose) */
		for (i = c->nr_builtin_devices; i + 1 < c->nr_devices; i++) {
			e = &c->devices[i];
			if (e->at[OPT_VENDOR].file == n->file && same_str(e, o, OPT_VENDOR) &&
			    same_str(e, o, OPT_PRODUCT) && same_str(e, o, OPT_REVISION)) {
				conf_warn(c, n->file, n->line,
					  "device entry \"%s\" \"%s\" repeats "
					  "the one at line %u: merged, the later values win",
					  o->v[OPT_VENDOR].s, o->v[OPT_PRODUCT].s,
					  e->at[OPT_VENDOR].line);
				return;
			}
		}
		return;
	}
	for (i = 0; i + 1 < c->nr_multipaths; i++) {
		e = &c->multipaths[i];
		if (!strcmp(e->v[OPT_WWID].s, o->v[OPT_WWID].s)) {
			conf_warn(c, n->file, n->line,
				  "multipath entry for \"%s\" repeats the one "
				  "at %s:%u: merged, the later values win",
				  o->v[OPT_WWID].s, e->at[OPT_WWID].file, e->at[OPT_WWID].line);
			return;
		}
	}
}

/* devices { device { ... } ... } and multipaths { multipath { ... } ... } */
static int apply_entries(struct mpx_config *c, const struct conf_node *sec,
			 bool devices, struct conf_error *err)
{
	const char *entry = devices ? "device" : "multipath";
	struct mpx_optset **arr = devices ? &c->devices : &c->multipaths;
	size_t *nr = devices ? &c->nr_devices : &c->nr_multipaths;
	size_t i;
	bool ok;
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
		r = conf_apply_section(c, o, devices ? S_DEVICE : S_MULTIPATH,
				       devices ? "devices" : "multipaths",
				       (unsigned int)(*nr - (devices ? c->nr_builtin_devices : 0)),
				       n, err);
		if (r)
			return r;
		if (devices) {
			ok = device_usable(c, o, n);
		} else {
			ok = has(o, OPT_WWID);
			if (!ok && !has_line(n, "wwid"))
				conf_warn(c, n->file, n->line,
					  "multipath entry without \"wwid\": it is skipped");
		}
		if (!ok) {
			conf_optset_free(o);
			(*nr)--;
			continue;
		}
		warn_repeat(c, n, devices);
	}
	return 0;
}

/* The sections multipath.conf may hold once per file (and mpx's tenants). */
static const char *const sections[] = {
	"defaults",  "blacklist", "blacklist_exceptions", "devices", "multipaths",
	"overrides", "tenants",
};
#define NR_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static int apply_section_by_name(struct mpx_config *c, const struct conf_node *n,
				 unsigned int which, struct conf_error *err)
{
	switch (which) {
	case 0:
		return conf_apply_section(c, &c->defaults, S_DEFAULTS, "defaults", 0, n, err);
	case 1:
		return conf_blacklist_apply(c, &c->blacklist, n, err);
	case 2:
		return conf_blacklist_apply(c, &c->exceptions, n, err);
	case 3:
		return apply_entries(c, n, true, err);
	case 4:
		return apply_entries(c, n, false, err);
	case 5:
		return conf_apply_section(c, &c->overrides, S_OVERRIDES, "overrides", 0, n, err);
	default:
		return conf_tenants_apply(c, n, err);
	}
}

/*
 * A top-level item. A section given twice in one file is merged, the later
 * values winning, as multipath-tools does; first[] holds the line of each
 * section's first appearance in this file.
 */
static int apply_top(struct mpx_config *c, const struct conf_node *n, unsigned int *first,
		     struct conf_error *err)
{
	const struct mpx_kw_compat *k;
	unsigned int i;

	if (n->value) {
		conf_warn(c, n->file, n->line,
			  "\"%s\" outside of any section, ignoring", n->key);
		return 0;
	}
	for (i = 0; i < NR_SECTIONS; i++)
		if (!strcmp(n->key, sections[i]))
			break;
	if (i == NR_SECTIONS) {
		k = mpx_kw_compat_find(n->key);
		if (k && k->kind == MPX_KW_REMOVED)
			conf_warn(c, n->file, n->line,
				  "section \"%s\" was removed from "
				  "multipath-tools before 0.9 (%s), ignoring",
				  n->key, k->note);
		else
			conf_warn(c, n->file, n->line, "unknown section \"%s\", ignoring", n->key);
		return 0;
	}
	if (first[i])
		conf_warn(c, n->file, n->line,
			  "a second \"%s\" section (the first is at "
			  "line %u): merged, the later values win",
			  n->key, first[i]);
	else
		first[i] = n->line;
	return apply_section_by_name(c, n, i, err);
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

/* "<file>:<line>: ..." -> line ("<file>: ...": 0) */
static unsigned long warning_line(const char *w, size_t skip)
{
	/* a long file name leaves a warning cut short (conf_warn) */
	if (strnlen(w, skip + 1) <= skip || w[skip] != ':')
		return 0;
	return strtoul(w + skip + 1, NULL, 10);
}

struct ordered {
	unsigned long line;
	size_t idx; /* the order they came in: the sort is stable */
	char *w;
};

static int by_line(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* A file's warnings in line order: the parser's come before the meaning's. */
static void sort_warnings(struct mpx_config *c, size_t from, size_t name_len)
{
	size_t n = c->nr_warnings - from, i;
	struct ordered *o;

	if (n < 2)
		return;
	o = malloc(n * sizeof(*o));
	if (!o)
		return; /* out of order is still every warning */
	for (i = 0; i < n; i++)
		o[i] = (struct ordered){ warning_line(c->warnings[from + i], name_len), i,
					 c->warnings[from + i] };
	qsort(o, n, sizeof(*o), by_line);
	for (i = 0; i < n; i++)
		c->warnings[from + i] = o[i].w;
	free(o);
}

int conf_ensure_builtin(struct mpx_config *c, struct conf_error *err)
{
	int r;

	if (c->have_builtin)
		return 0;
	r = conf_builtin_devices(c, err);
	if (!r)
		c->have_builtin = true;
	return r;
}

int mpx_config_add_text(struct mpx_config *c, const char *file,
			const char *text, size_t len, struct conf_error *err)
{
	unsigned int first[NR_SECTIONS] = { 0 };
	struct conf_doc doc;
	const char *name;
	size_t i, mark;
	int r;

	r = conf_ensure_builtin(c, err);
	if (r)
		return r;
	name = keep_file_name(c, file);
	if (!name)
		return -ENOMEM;
	r = conf_parse(name, text, len, &doc, err);
	if (r)
		return r;
	rebase_files(&doc.root, name);
	mark = c->nr_warnings;
	for (i = 0; i < doc.nr_warnings; i++)
		conf_warn(c, name, doc.warnings[i].line, "%s", doc.warnings[i].msg);
	for (i = 0, r = 0; !r && i < doc.root.nr_children; i++)
		r = apply_top(c, &doc.root.children[i], first, err);
	conf_doc_free(&doc);
	sort_warnings(c, mark, strlen(name));
	return r;
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
	for (i = 0; i < c->nr_notices; i++)
		free(c->notices[i]);
	free(c->notices);
	memset(c, 0, sizeof(*c));
}
