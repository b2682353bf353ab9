// SPDX-License-Identifier: GPL-2.0-only
/* The control commands' table and the parsing of requests (see commands.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ctl/cmd-table.h"

const struct mpx_cmd mpx_cmds[MPX_NR_CMDS] = {
	{ MPX_CMD_SHOW_PATHS, "show paths", "every disk mpxd knows, its states and map", "paths",
	  MPX_CMD_KERNEL_VIEW },
	{ MPX_CMD_SHOW_MAPS, "show maps", "every map: paths, the group serving I/O, the table",
	  "maps", MPX_CMD_KERNEL_VIEW },
	{ MPX_CMD_SHOW_TOPOLOGY, "show topology", "the maps as multipath -ll shows them", "maps",
	  0 },
	{ MPX_CMD_SHOW_STATUS, "show status", "mpxd's version, counts of maps, paths and checks",
	  "", 0 },
	{ MPX_CMD_SHOW_CONFIG, "show config",
	  "the effective configuration and where each value is from", NULL, 0 },
	{ MPX_CMD_SHOW_SELECTORS, "show selectors",
	  "the kernel's path selectors, and those mpxd loaded", "selectors", 0 },
	{ MPX_CMD_SHOW_POLICIES, "show policies", "policy modules, their maps and hook counters",
	  "policies", 0 },
	{ MPX_CMD_SHOW_TENANTS, "show tenants",
	  "tenant entries, their cgroups and counters per map", "tenants", 0 },
	{ MPX_CMD_POLICY_LOAD, "policy load FILE", "load a policy module from the policy directory",
	  NULL, 0 },
	{ MPX_CMD_POLICY_UNLOAD, "policy unload NAME", "unload a policy module", NULL, 0 },
	{ MPX_CMD_PERSIST_REGISTER, "persist register MAP KEY",
	  "register a reservation key through every path", NULL, 0 },
	{ MPX_CMD_PERSIST_UNREGISTER, "persist unregister MAP KEY",
	  "remove the key through every path", NULL, 0 },
	{ MPX_CMD_PERSIST_CLEAR, "persist clear MAP KEY", "clear every key and the reservation",
	  NULL, 0 },
	{ MPX_CMD_PERSIST_RESERVE, "persist reserve MAP KEY [TYPE]",
	  "take the reservation (write-exclusive by default)", NULL, 0 },
	{ MPX_CMD_PERSIST_RELEASE, "persist release MAP KEY [TYPE]", "release the reservation",
	  NULL, 0 },
	{ MPX_CMD_PERSIST_PREEMPT, "persist preempt MAP KEY VICTIM-KEY [TYPE]",
	  "preempt another key's registrations and reservation", NULL, 0 },
	{ MPX_CMD_PERSIST_PREEMPT_ABORT, "persist preempt-abort MAP KEY VICTIM-KEY [TYPE]",
	  "preempt, and abort the victim's commands (fencing)", NULL, 0 },
	{ MPX_CMD_PERSIST_READ_KEYS, "persist read-keys MAP", "the LUN's registered keys", NULL,
	  0 },
	{ MPX_CMD_PERSIST_READ_RESERVATION, "persist read-reservation MAP", "the LUN's reservation",
	  NULL, 0 },
	{ MPX_CMD_PERSIST_READ_FULL_STATUS, "persist read-full-status MAP",
	  "every registration and the initiator port it is through", NULL, 0 },
	{ MPX_CMD_PERSIST_REPORT_CAPABILITIES, "persist report-capabilities MAP",
	  "the reservation types and features the LUN supports", NULL, 0 },
	{ MPX_CMD_PERSIST_SET_KEY, "persist set-key MAP KEY",
	  "record the map's key for paths that join later (0: none)", NULL, 0 },
	{ MPX_CMD_PERSIST_KEY, "persist key MAP", "the map's key, and where it is kept", NULL, 0 },
	{ MPX_CMD_FAIL_PATH, "fail path DEV", "fail a path in the kernel target", NULL, 0 },
	{ MPX_CMD_REINSTATE_PATH, "reinstate path DEV", "reinstate a path in the kernel target",
	  NULL, 0 },
	{ MPX_CMD_SWITCH_MAP, "switch map NAME group N", "move the map's I/O to group N", NULL, 0 },
	{ MPX_CMD_ADD_PATH, "add path DEV", "discover a disk now", NULL, 0 },
	{ MPX_CMD_DEL_PATH, "del path DEV", "forget a disk (it leaves its map)", NULL, 0 },
	{ MPX_CMD_RESIZE_MAP, "resize map NAME", "reload the map with its paths' new size", NULL,
	  0 },
	{ MPX_CMD_RECONFIGURE, "reconfigure", "reload the configuration", NULL, 0 },
	{ MPX_CMD_STATS, "stats MAP", "the target's per-path counters (read from the kernel)", NULL,
	  MPX_CMD_LOCAL },
	{ MPX_CMD_VERSION, "version", "the versions of mpxctl and of its target", NULL,
	  MPX_CMD_LOCAL },
};

static bool is_arg(const char *token)
{
	return isupper((unsigned char)token[token[0] == '[']);
}

/* Does the usage take these words? Fills the arguments if so. */
static bool shape_matches(const char *usage, char *const *w, int n, struct mpx_cmd_req *ret)
{
	char copy[128], *save = NULL, *t;
	int i = 0;

	snprintf(copy, sizeof(copy), "%s", usage);
	ret->nr_args = 0;
	for (t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (i == n) {
			if (t[0] != '[')
				return false;	/* a required word is missing */
			ret->arg[ret->nr_args++] = NULL;
			continue;
		}
		if (is_arg(t))
			ret->arg[ret->nr_args++] = w[i];
		else if (strcmp(t, w[i]))
			return false;
		i++;
	}
	return i == n;
}

int mpx_cmd_match(char *const *words, int n, struct mpx_cmd_req *ret)
{
	char *w[MPX_CMD_MAX_WORDS];
	int i, k = 0;

	ret->json = false;
	for (i = 0; i < n; i++) {
		if (!strcmp(words[i], "--json")) {
			ret->json = true;
			continue;
		}
		if (k == MPX_CMD_MAX_WORDS)
			return -E2BIG;
		w[k++] = words[i];
	}
	for (i = 0; i < MPX_NR_CMDS; i++) {
		if (shape_matches(mpx_cmds[i].usage, w, k, ret)) {
			ret->cmd = &mpx_cmds[i];
			return 0;
		}
	}
	return -ENOENT;
}

/* --help: a usage this long or shorter has its help line beside it */
#define USAGE_WIDTH 30

void mpx_cmd_usage(FILE *f, const char *word, const char *sep)
{
	size_t n = word ? strlen(word) : 0;
	bool first = true;
	int i;

	for (i = 0; i < MPX_NR_CMDS; i++) {
		const struct mpx_cmd *c = &mpx_cmds[i];

		if (word && (strncmp(c->usage, word, n) || (c->usage[n] && c->usage[n] != ' ')))
			continue;
		if (!word && strlen(c->usage) > USAGE_WIDTH)
			fprintf(f, "  %s\n  %-*s %s\n", c->usage, USAGE_WIDTH, "", c->help);
		else if (!word)
			fprintf(f, "  %-*s %s\n", USAGE_WIDTH, c->usage, c->help);
		else
			fprintf(f, "%s%s", first ? "" : sep, c->usage);
		first = false;
	}
}

int mpx_cmd_parse_key(const char *s, uint64_t *ret)
{
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

int mpx_cmd_key(const char *s, uint64_t *ret, FILE *f)
{
	if (!mpx_cmd_parse_key(s, ret))
		return 0;
	fprintf(f, "bad key \"%s\"", s);
	return -EINVAL;
}

static const struct {
	const char *name;
	int type;
} types[] = {
	{ "write-exclusive", 1 },
	{ "exclusive-access", 3 },
	{ "write-exclusive-registrants-only", 5 },
	{ "exclusive-access-registrants-only", 6 },
	{ "write-exclusive-all-registrants", 7 },
	{ "exclusive-access-all-registrants", 8 },
};

int mpx_cmd_type(const char *s, int *ret, FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcmp(s, types[i].name)) {
			*ret = types[i].type;
			return 0;
		}
	}
	fprintf(f, "unknown reservation type \"%s\" (", s);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		fprintf(f, "%s%s", i ? ", " : "", types[i].name);
	fputc(')', f);
	return -EINVAL;
}
