// SPDX-License-Identifier: GPL-2.0-only
/*
 * The effective configuration in config-file syntax ("mpxd --check-config",
 * "mpxctl show config"): every defaults keyword with its value and where
 * it came from, then the entries as written.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "kw.h"
#include "map-opts.h"

/*
 * "s" in full, inner quotes doubled as the parser reads them back, padded
 * to width: a printed config must load again, so nothing is cut.
 */
static void print_quoted(FILE *f, const char *s, int width)
{
	int n = 2;

	fputc('"', f);
	for (; *s; s++, n++) {
		if (*s == '"') {
			fputc('"', f);
			n++;
		}
		fputc(*s, f);
	}
	fputc('"', f);
	if (n < width)
		fprintf(f, "%*s", width - n, "");
}

/* "\t<keyword> <value> # <origin>" (o NULL: no origin) */
static void print_line(FILE *f, const char *indent, const struct mpx_kw *kw,
		       const union mpx_val *v, const struct mpx_origin *o)
{
	char val[64], origin[384];

	fprintf(f, "%s%-28s ", indent, kw->name);
	if (kw->type == KW_STRING || kw->type == KW_REGEX) {
		print_quoted(f, v->s ? v->s : "", o ? 24 : 0);
	} else {
		mpx_kw_format(kw, v, val, sizeof(val));
		fprintf(f, o ? "%-24s" : "%s", val);
	}
	if (!o) {
		fputc('\n', f);
		return;
	}
	mpx_origin_format(o, origin, sizeof(origin));
	fprintf(f, " # %s\n", origin);
}

static void print_value(FILE *f, const struct mpx_kw *kw, union mpx_val v,
			const struct mpx_origin *o)
{
	if ((kw->type == KW_STRING || kw->type == KW_REGEX) && !v.s) {
		fprintf(f, "\t# %s (not set)\n", kw->name);
		return;
	}
	print_line(f, "\t", kw, &v, o);
}

static void print_defaults(const struct mpx_config *c, FILE *f)
{
	const struct mpx_kw *tables[] = { mpx_kw_defaults, mpx_kw_map, NULL };
	const struct mpx_kw *kw;
	struct mpx_origin o;
	unsigned int t;

	fprintf(f, "defaults {\n");
	for (t = 0; tables[t]; t++) {
		for (kw = tables[t]; kw->name; kw++) {
			union mpx_val v = { 0 };

			/*
			 * The defaults section's own value, else the built-in
			 * one: overrides apply to maps, not to this section.
			 */
			memset(&o, 0, sizeof(o));
			if (c->defaults.set & (1ULL << kw->id)) {
				v = c->defaults.v[kw->id];
				o = c->defaults.at[kw->id];
			} else if (kw->type == KW_STRING || kw->type == KW_REGEX) {
				v.s = (char *)kw->def_s;
			} else {
				v.i = kw->def_i;
			}
			print_value(f, kw, v, &o);
		}
	}
	fprintf(f, "}\n");
}

void mpx_map_opts_print(const struct mpx_map_opts *o, FILE *f, const char *prefix)
{
	const struct mpx_kw *kw;
	char indent[64];

	snprintf(indent, sizeof(indent), "%s\t", prefix);
	for (kw = mpx_kw_map; kw->name; kw++) {
		if ((kw->type == KW_STRING || kw->type == KW_REGEX) && !o->v[kw->id].s)
			fprintf(f, "%s# %s (not set)\n", indent, kw->name);
		else
			print_line(f, indent, kw, &o->v[kw->id], &o->at[kw->id]);
	}
}

/* An entry's identity (vendor, product, wwid, alias) first, then its options. */
static int print_order(int i)
{
	int nr_ident = NR_OPTS - OPT_VENDOR;

	return i < nr_ident ? OPT_VENDOR + i : i - nr_ident;
}

static void print_set(const struct mpx_optset *o, FILE *f, const char *indent, bool origins)
{
	int i, id;

	for (i = 0; i < NR_OPTS; i++) {
		id = print_order(i);
		if (o->set & (1ULL << id))
			print_line(f, indent, mpx_kw_by_id(id), &o->v[id],
				   origins ? &o->at[id] : NULL);
	}
}

/*
 * The built-in device table is shown commented out, so that what is
 * printed loads back to the same configuration: the table is built in
 * either way, and a copy of it in the config would be an entry of its own.
 */
static void print_builtin(const struct mpx_optset *o, FILE *f)
{
	char origin[128];

	mpx_origin_format(&o->at[OPT_VENDOR], origin, sizeof(origin));
	fprintf(f, "\t# %s:\n\t# device {\n", origin);
	print_set(o, f, "\t#\t", false);
	fprintf(f, "\t# }\n");
}

static void print_entries(const struct mpx_optset *arr, size_t nr, size_t nr_builtin, FILE *f,
			  const char *section, const char *entry)
{
	size_t i;

	fprintf(f, "%s {\n", section);
	for (i = 0; i < nr; i++) {
		if (i < nr_builtin) {
			print_builtin(&arr[i], f);
			continue;
		}
		fprintf(f, "\t%s {\n", entry);
		print_set(&arr[i], f, "\t\t", true);
		fprintf(f, "\t}\n");
	}
	fprintf(f, "}\n");
}

static void print_bl(const struct mpx_bl *bl, FILE *f, const char *section)
{
	static const char *const kinds[] = { "devnode", "wwid", "property",
					     "protocol" };
	size_t i;

	fprintf(f, "%s {\n", section);
	for (i = 0; i < bl->nr; i++) {
		const struct mpx_bl_rule *r = &bl->rules[i];

		if (r->kind == MPX_BL_DEVICE) {
			fprintf(f, "\tdevice {\n");
			if (r->vendor) {
				fprintf(f, "\t\tvendor ");
				print_quoted(f, r->vendor, 0);
				fputc('\n', f);
			}
			if (r->product) {
				fprintf(f, "\t\tproduct ");
				print_quoted(f, r->product, 0);
				fputc('\n', f);
			}
			fprintf(f, "\t}\t# %s:%u\n", r->at.file, r->at.line);
		} else {
			fprintf(f, "\t%-28s ", kinds[r->kind]);
			print_quoted(f, r->pattern, 0);
			fprintf(f, "\t# %s:%u\n", r->at.file, r->at.line);
		}
	}
	fprintf(f, "}\n");
}

void mpx_config_print(const struct mpx_config *c, FILE *f)
{
	print_defaults(c, f);
	print_bl(&c->blacklist, f, "blacklist");
	print_bl(&c->exceptions, f, "blacklist_exceptions");
	print_entries(c->devices, c->nr_devices, c->nr_builtin_devices, f, "devices", "device");
	print_entries(c->multipaths, c->nr_multipaths, 0, f, "multipaths", "multipath");
	print_entries(c->tenants, c->nr_tenants, 0, f, "tenants", "tenant");
	fprintf(f, "overrides {\n");
	print_set(&c->overrides, f, "\t", true);
	fprintf(f, "}\n");
}

/*
 * An annotated mpx.conf: every keyword of defaults at its built-in value,
 * commented out, so that installing it sets nothing: a value written in
 * the config takes the place of detection, the built-in table's rows
 * aside.
 */
void mpx_config_print_example(FILE *f)
{
	const struct mpx_kw *tables[] = { mpx_kw_defaults, mpx_kw_map, NULL };
	const struct mpx_kw *kw;
	char val[512];
	unsigned int t;

	fprintf(f, "# mpx.conf: mpxd's configuration, in multipath.conf syntax; see mpx.conf(5).\n"
		   "# Every keyword of the defaults section is shown, commented out, at its\n"
		   "# built-in value: a value set here is the config's, and beats what mpxd\n"
		   "# would detect on a LUN (ALUA) or a policy module would choose.\n"
		   "# Drop-in files in mpx.conf.d/*.conf are read after this one. Without\n"
		   "# either, mpxd reads /etc/multipath.conf and /etc/multipath/conf.d.\n"
		   "# The arrays of mpxd's built-in device table need no device entry\n"
		   "# (\"mpxd --check-config\" shows the table).\n\n"
		   "defaults {\n");
	for (t = 0; tables[t]; t++) {
		for (kw = tables[t]; kw->name; kw++) {
			union mpx_val v = { 0 };

			if (kw->type == KW_STRING || kw->type == KW_REGEX)
				v.s = (char *)kw->def_s;
			else
				v.i = kw->def_i;
			fprintf(f, "\t# %s\n", kw->doc);
			if ((kw->type == KW_STRING || kw->type == KW_REGEX) && !v.s) {
				fprintf(f, "\t# %s (not set)\n\n", kw->name);
				continue;
			}
			mpx_kw_format(kw, &v, val, sizeof(val));
			fprintf(f, "\t# %s %s\n\n", kw->name, val);
		}
	}
	fprintf(f, "}\n\n"
		   "blacklist {\n"
		   "\t# devnode \"^(ram|loop|fd|md|dm-|sr|scd|st|zram|nullb)[0-9]*\"\n"
		   "}\n\n"
		   "blacklist_exceptions {\n}\n\n"
		   "devices {\n"
		   "\t# device {\n"
		   "\t#\tvendor \"VENDOR\"\n"
		   "\t#\tproduct \"PRODUCT.*\"\n"
		   "\t#\tpath_grouping_policy group_by_prio\n"
		   "\t#\tprio alua\n"
		   "\t# }\n"
		   "}\n\n"
		   "multipaths {\n"
		   "\t# multipath {\n"
		   "\t#\twwid \"36001405...\"\n"
		   "\t#\talias \"data\"\n"
		   "\t# }\n"
		   "}\n\n"
		   "overrides {\n}\n\n"
		   "tenants {\n"
		   "\t# tenant {\n"
		   "\t#\tname vms\n"
		   "\t#\tcgroup \"machine.slice/machine-qemu*.scope\"\n"
		   "\t#\tweight 100\n"
		   "\t#\ton_failover suspend\n"
		   "\t#\tfailover_freeze_delay 1\n"
		   "\t#\ton_no_path migrate\n"
		   "\t# }\n"
		   "}\n");
}

/* One line per keyword: "<name> <sections> <doc>", for documentation checks. */
void mpx_config_print_keywords(FILE *f)
{
	const struct mpx_kw *tables[] = { mpx_kw_defaults, mpx_kw_map, mpx_kw_devices,
					  mpx_kw_multipaths, mpx_kw_tenants, NULL };
	const struct mpx_kw *kw;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (kw = tables[t]; kw->name; kw++)
			fprintf(f, "%s\t%s\n", kw->name, kw->doc);
}
