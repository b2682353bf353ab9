// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the configuration parser (daemon/conf), from text to
 * effective values and back to text.
 *
 * The input is the main config file; NUL bytes split it into drop-in
 * files read after it (a NUL inside a file is refused anyway), the third
 * one under a long directory name, as "mpxd -d <dir>" allows. Each is added
 * with mpx_config_add_text(), as mpx_config_load() does; the config is
 * always freed with mpx_config_free() (LeakSanitizer reports what is not).
 * When everything loads:
 *   - the effective values are resolved for a few devices, and the
 *     blacklist is asked about a few paths;
 *   - every map the config can produce gets its table built, as mpxd
 *     builds it (map-build.c), and that table must pass the target's own
 *     table parser: a config that loads never yields a table the kernel
 *     refuses;
 *   - mpx_config_print() ("mpxctl show config") must print a config that
 *     loads again and prints back the same (origin comments aside).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "parse.h"
#include "maps/map-build.h"
#include "table-parse.h"
#include "ps-grammar.h"
#include "table-check.h"
#include "dm-split.h"
#include "fuzz.h"

#define MAX_FILES 4

static char long_name[700];

static const char *file_name(unsigned int i)
{
	static const char *const names[] = {
		"/etc/mpx.conf", "/etc/mpx.conf.d/10-local.conf", NULL,
		"/etc/mpx.conf.d/99-last.conf",
	};

	if (names[i])
		return names[i];
	if (!long_name[0]) {
		/* a drop-in directory a few hundred bytes deep */
		memset(long_name, 'd', sizeof(long_name) - 1);
		memcpy(long_name, "/srv/", 5);
		memcpy(long_name + sizeof(long_name) - 12, "/50-x.conf", 11);
	}
	return long_name;
}

static int any_words(struct mpx_args *as, struct mpx_ps_conf *conf, const char **reason)
{
	return 0;
}

static void no_words(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

/*
 * Selectors in modules have grammars only the kernel knows, and the config
 * check leaves them to it: stand in for them with one that takes any words.
 */
static const struct mpx_ps_grammar module_grammar = {
	.name = "module", .parse_group = any_words, .parse_path = any_words,
	.emit_group = no_words, .emit_path = no_words,
};

static const struct mpx_ps_grammar *lookup(const char *name, void *data)
{
	const struct mpx_ps_grammar *g = mpx_builtin_grammar(name, data);

	return g ? g : &module_grammar;
}

static void check_error(int r, const struct conf_error *err)
{
	check(r == -EINVAL || r == -ENOMEM, "error %d", r);
	if (r == -EINVAL)
		check(err->msg[0] && memchr(err->msg, '\0', sizeof(err->msg)) &&
		      memchr(err->file, '\0', sizeof(err->file)), "error without a message");
}

/* Split at NULs and add each part as one file; 0 or the first error. */
static int load(struct mpx_config *c, const char *text, size_t len,
		struct conf_error *err)
{
	unsigned int i;
	size_t n;
	int r;

	for (i = 0; i < MAX_FILES; i++) {
		n = i == MAX_FILES - 1 ? len : strnlen(text, len);
		r = mpx_config_add_text(c, file_name(i), text, n, err);
		if (r)
			return r;
		if (n == len)
			break;
		text += n + 1;
		len -= n + 1;
	}
	for (n = 0; n < c->nr_warnings; n++)
		check(c->warnings[n], "warning %zu is NULL", n);
	return 0;
}

/* The daemon's table for this LUN must be one the target accepts. */
static void check_table(const struct mpx_config *c, const struct mpx_dev_id *id)
{
	static struct mpx_path_attrs attrs[3];
	struct mpx_build_path bp[3];
	struct mpx_map_plan *plan = malloc(sizeof(*plan));
	struct mpx_map_opts o = { 0 };
	char table[8192], *argv[4096];
	struct mpx_table t = { 0 };
	const char *reason = NULL;
	unsigned int argc, i;
	int r;

	check(plan, "out of memory");
	for (i = 0; i < 3; i++) {
		snprintf(attrs[i].devno, sizeof(attrs[i].devno), "8:%u", 16 * (i + 1));
		snprintf(attrs[i].serial, sizeof(attrs[i].serial), "SN%u", i % 2);
		attrs[i].have_tpg = true;
		attrs[i].tpg = (uint16_t)(i % 2);
		bp[i] = (struct mpx_build_path){ &attrs[i], 50 - 10 * (int)(i % 2), i != 1 };
	}
	/* as mpxd_map_resolve() */
	mpx_conf_map_opts(c, id, &o);
	check(o.v[OPT_PATH_SELECTOR].s && o.v[OPT_FEATURES].s && o.v[OPT_HARDWARE_HANDLER].s,
	      "a table option is unset");

	r = mpx_plan_groups(bp, 3, (int)o.v[OPT_PATH_GROUPING_POLICY].i, plan);
	check(!r, "planning failed: %d", r);
	r = mpx_build_table(bp, plan, &o, table, sizeof(table));
	if (r) {
		check(r == -ENOSPC, "building failed: %d", r);
		goto out;
	}
	/* mpxd reads tables back split at single spaces (maps/map-load.c) */
	check(!strpbrk(table, "\t\n\v\f\r\xa0") && !strstr(table, "  "),
	      "table \"%s\"", table);
	/* as the kernel splits it */
	argc = dm_split_args(table, argv, sizeof(argv) / sizeof(argv[0]));
	check(argc < sizeof(argv) / sizeof(argv[0]), "too many words");
	if (mpx_table_parse(&t, argc, argv, lookup, NULL, &reason)) {
		fprintf(stderr,
			"selector \"%s\" features \"%s\" hw_handler \"%s\" "
			"no_path_retry %lld retain %d\n",
			o.v[OPT_PATH_SELECTOR].s, o.v[OPT_FEATURES].s, o.v[OPT_HARDWARE_HANDLER].s,
			o.v[OPT_NO_PATH_RETRY].i, (int)o.v[OPT_RETAIN_HW_HANDLER].i);
		check(0, "the target refuses the table mpxd builds: %s", reason);
	}
out:
	free(plan);
}

static void check_resolve(const struct mpx_config *c)
{
	static const char *const props[] = { "ID_WWN", "SCSI_IDENT_LUN_NAA_REG", NULL };
	const struct mpx_dev_id ids[] = {
		{ "NETAPP", "LUN C-Mode", "9300", "3600a098038303053453f463045727a4e" },
		{ "LIO-ORG", "disk", "4.0", "36001405abcdef0123456789abcdef012" },
		{ "IBM", "2145", NULL, "1DEC_____321816758474" },
	};
	const struct mpx_path_id paths[] = {
		{ "sdb", ids[0].wwid, "NETAPP", "LUN C-Mode", "scsi:fcp", props },
		{ "sdc", ids[1].wwid, "LIO-ORG", "disk", "scsi:iscsi", NULL },
		{ "dm-3", "", "", "", "scsi:unspec", props + 2 },
	};
	struct mpx_origin o;
	char why[256], origin[256];
	size_t i;
	int id;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (id = 0; id < NR_OPTS; id++) {
			mpx_conf_get(c, id, &ids[i], &o);
			mpx_origin_format(&o, origin, sizeof(origin));
		}
		check_table(c, &ids[i]);
	}
	check_table(c, NULL);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		why[0] = '\0';
		mpx_conf_blacklisted(c, &paths[i], why, sizeof(why));
	}
}

/* The config as "mpxctl show config" prints it; the caller frees it. */
static char *print(const struct mpx_config *c, size_t *ret_len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, ret_len);

	check(f, "open_memstream failed");
	mpx_config_print(c, f);
	check(!fclose(f) && out, "printing failed");
	return out;
}

/* Cut each line's trailing "# origin" comment: where a value came from. */
static void strip_origins(char *s)
{
	char *line = s, *end, *cut, *p, *out = s;

	while (*line) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		cut = end;
		for (p = line; p + 1 < end; p++)
			if ((p[0] == ' ' || p[0] == '\t') && p[1] == '#' && p > line &&
			    p[-1] != '\t')
				cut = p;
		memmove(out, line, (size_t)(cut - line));
		out += cut - line;
		if (*end)
			*out++ = '\n';
		line = *end ? end + 1 : end;
	}
	*out = '\0';
}

static void check_print(const struct mpx_config *c)
{
	struct mpx_config again = { 0 };
	struct conf_error err = { 0 };
	char *text, *text2;
	size_t len, len2;
	int r;

	text = print(c, &len);
	r = mpx_config_add_text(&again, "printed.conf", text, len, &err);
	if (r) {
		fprintf(stderr, "%s", text);
		check(0, "the printed config does not load: %s:%u:%u: %s", err.file,
		      err.line, err.col, err.msg);
	}
	text2 = print(&again, &len2);
	strip_origins(text);
	strip_origins(text2);
	if (strcmp(text, text2)) {
		fprintf(stderr, "printed:\n%s\nprinted again:\n%s\n", text, text2);
		check(0, "the printed config does not print back the same");
	}
	free(text);
	free(text2);
	mpx_config_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mpx_config c = { 0 };
	struct conf_error err;
	int r;

	memset(&err, 0, sizeof(err));
	r = load(&c, (const char *)data, size, &err);
	if (r) {
		check_error(r, &err);
	} else {
		check_resolve(&c);
		check_print(&c);
	}
	mpx_config_free(&c);
	return 0;
}
