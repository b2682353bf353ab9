// SPDX-License-Identifier: GPL-2.0-only
/*
 * One control request: its words matched against the command table
 * (cmd-table.c, which mpxctl shares), the handler of the command run, and
 * the reply framed: "ok\n<output>", or one line "error <ENAME>: <why>".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/ctl.h>
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "mpxd.h"

typedef int (*handler_fn)(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);

/* Commands mpxctl answers itself (stats, version) have none. */
static const handler_fn handlers[MPX_NR_CMDS] = {
	[MPX_CMD_SHOW_PATHS] = mpxd_show_paths,
	[MPX_CMD_SHOW_MAPS] = mpxd_show_maps,
	[MPX_CMD_SHOW_TOPOLOGY] = mpxd_show_topology,
	[MPX_CMD_SHOW_STATUS] = mpxd_show_status,
	[MPX_CMD_SHOW_CONFIG] = mpxd_show_config,
	[MPX_CMD_SHOW_SELECTORS] = mpxd_show_selectors,
	[MPX_CMD_SHOW_POLICIES] = mpxd_show_policies,
	[MPX_CMD_SHOW_TENANTS] = mpxd_show_tenants_cmd,
	[MPX_CMD_POLICY_LOAD] = mpxd_cmd_policy_load,
	[MPX_CMD_POLICY_UNLOAD] = mpxd_cmd_policy_unload,
	[MPX_CMD_PERSIST_REGISTER] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_UNREGISTER] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_CLEAR] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_RESERVE] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_RELEASE] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_PREEMPT] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_PREEMPT_ABORT] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_READ_KEYS] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_READ_RESERVATION] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_READ_FULL_STATUS] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_REPORT_CAPABILITIES] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_SET_KEY] = mpxd_persist_cmd,
	[MPX_CMD_PERSIST_KEY] = mpxd_persist_cmd,
	[MPX_CMD_FAIL_PATH] = mpxd_cmd_fail_reinstate,
	[MPX_CMD_REINSTATE_PATH] = mpxd_cmd_fail_reinstate,
	[MPX_CMD_SWITCH_MAP] = mpxd_cmd_switch_map,
	[MPX_CMD_ADD_PATH] = mpxd_cmd_add_path,
	[MPX_CMD_DEL_PATH] = mpxd_cmd_del_path,
	[MPX_CMD_RESIZE_MAP] = mpxd_cmd_resize_map,
	[MPX_CMD_RECONFIGURE] = mpxd_cmd_reconfigure,
};

/* The request's words (at most a command's worth, and --json). */
static int split(char *line, char **w, int *n)
{
	char *save = NULL, *t;

	*n = 0;
	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (*n == MPX_CMD_MAX_WORDS + 1)
			return -E2BIG;
		w[(*n)++] = t;
	}
	return *n ? 0 : -EINVAL;
}

static int run(struct mpxd *d, char **w, int n, const char *request, FILE *f)
{
	struct mpx_cmd_req q;
	int r = mpx_cmd_match(w, n, &q);

	if (r == -ENOENT && !strcmp(w[0], "persist")) {
		fprintf(f, "usage: ");
		mpx_cmd_usage(f, "persist", ", ");
		return -EINVAL;
	}
	if (r || !handlers[q.cmd->id]) {
		fprintf(f, r == -E2BIG ? "empty or too long request" : "unknown command \"%s\"",
			request);
		return -EINVAL;
	}
	return handlers[q.cmd->id](d, &q, f);
}

char *mpxd_ctl_dispatch(struct mpxd *d, const char *request)
{
	char line[MPX_CTL_MAX_REQUEST + 1], *out = NULL, *reply = NULL;
	char *w[MPX_CMD_MAX_WORDS + 1];
	size_t len = 0;
	FILE *f;
	int n, r = -EINVAL;

	snprintf(line, sizeof(line), "%s", request);
	f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	if (split(line, w, &n))
		fprintf(f, "empty or too long request");
	else
		r = run(d, w, n, request, f);
	fclose(f);
	if (r) {
		/* the handler's text is the message: one line */
		for (char *p = out; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (asprintf(&reply, "error %s: %s\n",
			     strerrorname_np(-r) ? strerrorname_np(-r) : "EIO",
			     out && *out ? out : strerror(-r)) < 0)
			reply = NULL;
	} else if (asprintf(&reply, "ok\n%s", out ? out : "") < 0) {
		reply = NULL;
	}
	free(out);
	log_info(&d->log, "control: \"%s\": %s", request, r ? strerror(-r) : "ok");
	return reply;
}
