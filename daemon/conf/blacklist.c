// SPDX-License-Identifier: GPL-2.0-only
/*
 * blacklist and blacklist_exceptions: which paths are never multipathed.
 * Rules match devnode names, WWIDs, udev property names, transport
 * protocols, or vendor/product pairs, each by regular expression. An
 * exception wins over the blacklist. As in multipath-tools, property rules
 * in blacklist_exceptions also work as a whitelist: when there are any, a
 * path with none of those properties is blacklisted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"
#include "kw.h"

static const struct {
	const char *key;
	int kind;
} simple[] = {
	{ "devnode", MPX_BL_DEVNODE },
	{ "wwid", MPX_BL_WWID },
	{ "property", MPX_BL_PROPERTY },
	{ "protocol", MPX_BL_PROTOCOL },
};

static struct mpx_bl_rule *new_rule(struct mpx_bl *bl)
{
	struct mpx_bl_rule *tmp = realloc(bl->rules, (bl->nr + 1) * sizeof(*tmp));

	if (!tmp)
		return NULL;
	bl->rules = tmp;
	memset(&tmp[bl->nr], 0, sizeof(tmp[0]));
	return &tmp[bl->nr];
}

/* A pattern, "!" first to invert it (multipath-tools 0.9 reads it so). */
static int compile(regex_t *re, bool *invert, const char *pat, const struct conf_node *n,
		   struct conf_error *err)
{
	const char *why;

	*invert = pat[0] == '!';
	pat += *invert;
	why = mpx_regex_check(pat);
	if (why)
		return conf_fail(err, n, "%s: \"%s\": %s", n->key, pat, why);
	if (regcomp(re, pat, REG_EXTENDED | REG_NOSUB))
		return conf_fail(err, n, "%s: \"%s\" is not a valid regular expression",
				 n->key, pat);
	return 0;
}

static void free_device(struct mpx_bl_rule *rule)
{
	if (rule->vendor)
		regfree(&rule->vendor_re);
	if (rule->product)
		regfree(&rule->product_re);
	free(rule->vendor);
	free(rule->product);
}

/*
 * device { vendor ...; product ... }: either may be left out (it matches
 * any), as in multipath-tools; an entry with neither matches nothing.
 */
static int add_device(struct mpx_config *c, struct mpx_bl *bl,
		      const struct conf_node *dev, struct conf_error *err)
{
	struct mpx_bl_rule *rule = new_rule(bl);
	const struct conf_node *vendor = NULL, *product = NULL;
	size_t i;
	int r = 0;

	if (!rule)
		return -ENOMEM;
	for (i = 0; i < dev->nr_children; i++) {
		const struct conf_node *n = &dev->children[i];

		if (n->value && !strcmp(n->key, "vendor"))
			vendor = n;
		else if (n->value && !strcmp(n->key, "product"))
			product = n;
		else
			conf_warn(c, n->file, n->line,
				  "\"%s\" in a blacklist device entry, ignoring", n->key);
	}
	if (!vendor && !product) {
		conf_warn(c, dev->file, dev->line,
			  "blacklist device entry without \"vendor\" or \"product\", ignoring");
		return 0;
	}
	rule->kind = MPX_BL_DEVICE;
	rule->at = (struct mpx_origin){ dev->file, dev->line, NULL, 0, MPX_ORIGIN_FILE, NULL };
	if (vendor) {
		rule->vendor = strdup(vendor->value);
		if (!rule->vendor)
			return -ENOMEM;
		r = compile(&rule->vendor_re, &rule->vendor_invert, rule->vendor, vendor, err);
		if (r) {
			free(rule->vendor);
			return r;
		}
	}
	if (product) {
		rule->product = strdup(product->value);
		if (!rule->product) {
			free_device(rule);
			return -ENOMEM;
		}
		r = compile(&rule->product_re, &rule->product_invert, rule->product, product, err);
		if (r) {
			free(rule->product);
			rule->product = NULL; /* not compiled: nothing to regfree */
			free_device(rule);
			return r;
		}
	}
	bl->nr++;
	return 0;
}

static int add_simple(struct mpx_bl *bl, int kind, const struct conf_node *n,
		      struct conf_error *err)
{
	struct mpx_bl_rule *rule = new_rule(bl);
	int r;

	if (!rule)
		return -ENOMEM;
	rule->kind = kind;
	rule->at = (struct mpx_origin){ n->file, n->line, NULL, 0, MPX_ORIGIN_FILE, NULL };
	rule->pattern = strdup(n->value);
	if (!rule->pattern)
		return -ENOMEM;
	r = compile(&rule->re, &rule->invert, rule->pattern, n, err);
	if (r) {
		free(rule->pattern);
		return r;
	}
	bl->nr++;
	return 0;
}

int conf_blacklist_apply(struct mpx_config *c, struct mpx_bl *bl,
			 const struct conf_node *sec, struct conf_error *err)
{
	size_t i, k;
	int r;

	for (i = 0; i < sec->nr_children; i++) {
		const struct conf_node *n = &sec->children[i];

		if (!n->value && !strcmp(n->key, "device")) {
			r = add_device(c, bl, n, err);
			if (r)
				return r;
			continue;
		}
		for (k = 0; k < sizeof(simple) / sizeof(simple[0]); k++)
			if (n->value && !strcmp(n->key, simple[k].key))
				break;
		if (k == sizeof(simple) / sizeof(simple[0])) {
			conf_warn(c, n->file, n->line, "unknown keyword \"%s\" in %s, ignoring",
				  n->key, sec->key);
			continue;
		}
		r = add_simple(bl, simple[k].kind, n, err);
		if (r)
			return r;
	}
	return 0;
}

void conf_blacklist_free(struct mpx_bl *bl)
{
	size_t i;

	for (i = 0; i < bl->nr; i++) {
		struct mpx_bl_rule *rule = &bl->rules[i];

		if (rule->kind == MPX_BL_DEVICE) {
			free_device(rule);
		} else {
			regfree(&rule->re);
			free(rule->pattern);
		}
	}
	free(bl->rules);
	bl->rules = NULL;
	bl->nr = 0;
}

static bool rx_match(const regex_t *re, bool invert, const char *s)
{
	return s && !regexec(re, s, 0, NULL, 0) != invert;
}

static bool rule_matches(const struct mpx_bl_rule *rule, const struct mpx_path_id *p)
{
	const char *const *prop;

	switch (rule->kind) {
	case MPX_BL_DEVNODE:
		return rx_match(&rule->re, rule->invert, p->devnode);
	case MPX_BL_WWID:
		return rx_match(&rule->re, rule->invert, p->wwid);
	case MPX_BL_PROTOCOL:
		return rx_match(&rule->re, rule->invert, p->protocol);
	case MPX_BL_PROPERTY:
		for (prop = p->properties; prop && *prop; prop++)
			if (rx_match(&rule->re, rule->invert, *prop))
				return true;
		return false;
	case MPX_BL_DEVICE:
		return (!rule->vendor ||
			rx_match(&rule->vendor_re, rule->vendor_invert, p->vendor)) &&
		       (!rule->product ||
			rx_match(&rule->product_re, rule->product_invert, p->product));
	}
	return false;
}

/* The first rule of this kind that matches. */
static const struct mpx_bl_rule *first_match(const struct mpx_bl *bl, int kind,
					     const struct mpx_path_id *p)
{
	size_t i;

	for (i = 0; i < bl->nr; i++)
		if ((int)bl->rules[i].kind == kind && rule_matches(&bl->rules[i], p))
			return &bl->rules[i];
	return NULL;
}

static const char *kind_name(int kind)
{
	static const char *const names[] = { "devnode", "wwid", "property",
					     "protocol", "device" };

	return names[kind];
}

/*
 * Each kind is judged on its own, as in multipath-tools: a devnode rule is
 * lifted only by a devnode exception, a wwid rule by a wwid exception...
 */
bool mpx_conf_blacklisted(const struct mpx_config *c, const struct mpx_path_id *p,
			  char *why, size_t len)
{
	const struct mpx_bl_rule *rule;
	bool need_property = false;
	size_t i;
	int kind;

	for (kind = MPX_BL_DEVNODE; kind <= MPX_BL_DEVICE; kind++) {
		rule = first_match(&c->blacklist, kind, p);
		if (!rule || first_match(&c->exceptions, kind, p))
			continue;
		snprintf(why, len, "blacklisted by %s \"%s\" at %s:%u", kind_name(kind),
			 kind != MPX_BL_DEVICE ? rule->pattern :
			 rule->vendor          ? rule->vendor :
						 rule->product,
			 rule->at.file, rule->at.line);
		return true;
	}
	for (i = 0; i < c->exceptions.nr; i++)
		need_property |= c->exceptions.rules[i].kind == MPX_BL_PROPERTY;
	if (need_property && p->properties &&
	    !first_match(&c->exceptions, MPX_BL_PROPERTY, p)) {
		snprintf(why, len, "no udev property matches blacklist_exceptions");
		return true;
	}
	return false;
}
