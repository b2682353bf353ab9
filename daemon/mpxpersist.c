// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxpersist: SCSI-3 persistent reservations on an mpx map, with
 * mpathpersist's command line, output and exit codes, so that what drives
 * mpathpersist (Pacemaker's fence_mpath through --mpathpersist-path,
 * QEMU's pr-helper, LVM's lvmpersist) drives mpx. The paths come from the
 * map's table, so it works whether mpxd runs or not; the map's key is
 * recorded through mpxd when it runs (which then registers it through
 * paths that join later), else in the prkeys file mpxd reads at start.
 * The request itself is pr/pr-run.c, which "mpxctl persist" runs too.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/ctl.h>
#include "base/cleanup.h"
#include "conf/config.h"
#include "conf/parse.h"
#include "conf/prkeys.h"
#include "ctl/client.h"
#include "maps/maps.h"
#include "pr/pr-args.h"
#include "pr/pr-map.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

#define PROG "mpxpersist"
#define MPXD_TIMEOUT_MS 30000

struct persist {
	struct mpx_config conf;
	struct mpx_pr_kmap map;
	const char *wwid; /* NULL: the map's uuid names none */
	const char *prkeys_file;
};

/* The LUN's WWID from the map's uuid: mpxd's prefix, or multipath-tools'. */
static const char *wwid_of(const char *uuid)
{
	if (!strncmp(uuid, MPXD_UUID_PREFIX, strlen(MPXD_UUID_PREFIX)))
		return uuid + strlen(MPXD_UUID_PREFIX);
	if (!strncmp(uuid, "mpath-", 6))
		return uuid + 6;
	return NULL;
}

static bool not_running(int r)
{
	return r == -ENOENT || r == -ECONNREFUSED;
}

/* Whether mpxd answers on its socket. */
static bool mpxd_runs(void)
{
	_cleanup_free_ char *reply = NULL;

	return !mpx_ctl_request(MPX_CTL_SOCKET, "show status", MPXD_TIMEOUT_MS, &reply);
}

/*
 * Record the map's key: mpxd does it when it runs and knows the map (and
 * then registers it through paths that join later); else the prkeys
 * file, which mpxd reads when it starts.
 */
static int set_key(void *data, uint64_t key, bool aptpl, char *why, size_t len)
{
	struct persist *p = data;
	_cleanup_free_ char *reply = NULL;
	char req[256];
	int r;

	snprintf(req, sizeof(req), "persist set-key %s 0x%" PRIx64 "%s", p->map.name, key,
		 aptpl ? ":aptpl" : "");
	r = mpx_ctl_request(MPX_CTL_SOCKET, req, MPXD_TIMEOUT_MS, &reply);
	if (!r && !strncmp(reply, "ok\n", 3))
		return 0;
	if (!r && strncmp(reply, "error ENODEV:", 13)) {
		snprintf(why, len, "mpxd: %.*s", (int)strcspn(reply, "\n"),
			 !strncmp(reply, "error ", 6) ? reply + 6 : reply);
		return -EIO;
	}
	if (r && !not_running(r)) {
		snprintf(why, len, "cannot ask mpxd at %s: %s", MPX_CTL_SOCKET, strerror(-r));
		return r;
	}
	/* mpxd is not running, or the map is not one of its own */
	r = mpx_prkeys_set(p->prkeys_file, p->wwid, key, aptpl);
	if (r)
		snprintf(why, len, "%s: %s", p->prkeys_file, strerror(-r));
	return r;
}

static int load_config(struct persist *p, int verbosity)
{
	struct conf_error err = { 0 };
	size_t i;
	int r;

	r = mpx_config_load_mpxd(&p->conf, MPX_CONF_FILE, MPX_CONF_DIR, &err);
	for (i = 0; verbosity >= 2 && i < p->conf.nr_warnings; i++)
		fprintf(stderr, PROG ": %s\n", p->conf.warnings[i]);
	if (!r)
		return 0;
	if (err.line)
		fprintf(stderr, PROG ": %s:%u:%u: %s\n", err.file, err.line, err.col, err.msg);
	else
		fprintf(stderr, PROG ": cannot load the configuration: %s\n",
			err.msg[0] ? err.msg : strerror(-r));
	return MPX_PR_SYNTAX;
}

/* The map's key, as mpxd sees it: the configuration's, or the prkeys file's. */
static int map_key(struct persist *p, struct mpx_pr_ctx *c)
{
	struct mpx_dev_id id = { p->map.vendor, p->map.product, p->map.revision,
				 p->wwid ? p->wwid : "" };
	const char *conf_value = mpx_conf_get(&p->conf, OPT_RESERVATION_KEY, &id, NULL).s;
	int r;

	p->prkeys_file = mpx_conf_get(&p->conf, OPT_PRKEYS_FILE, NULL, NULL).s;
	r = mpx_pr_mapkey_get(conf_value, p->prkeys_file, p->wwid, &c->key);
	if (r) {
		fprintf(stderr,
			PROG ": map \"%s\": cannot read its key from %s: %s: nothing sent\n",
			p->map.name, p->prkeys_file, strerror(-r));
		return MPX_PR_DMMP;
	}
	/* a map made by hand has no WWID to keep a key under */
	if (p->wwid)
		c->set_key = set_key;
	c->data = p;
	return 0;
}

static int run(struct persist *p, const struct mpx_pr_req *q)
{
	struct mpx_pr_ctx c = { .prog = PROG, .out = stdout, .err = stderr };
	struct mpx_pr_map m;
	char why[512];
	int code;

	code = load_config(p, q->verbosity);
	if (code)
		return code;
	code = mpx_pr_kmap_find(q->device, &p->map, why, sizeof(why));
	if (code) {
		fprintf(stderr, PROG ": %s: nothing sent\n", why);
		return code;
	}
	p->wwid = wwid_of(p->map.uuid);
	m = (struct mpx_pr_map){ p->map.name, p->map.paths, p->map.nr };
	if (!q->in && mpx_pr_usable(&m)) {
		code = map_key(p, &c);
		if (code)
			return code;
		c.mpxd_running = mpxd_runs();
	}
	return mpx_pr_execute(q, &m, &c);
}

int main(int argc, char **argv)
{
	struct persist p = { 0 };
	struct mpx_pr_req q;
	int code;

	code = mpx_pr_args_parse(argc, argv, PROG, &q, stderr);
	if (code)
		return code;
	if (q.help) {
		mpx_pr_usage(stdout, PROG);
		return 0;
	}
	code = run(&p, &q);
	mpx_pr_kmap_free(&p.map);
	mpx_config_free(&p.conf);
	fflush(stdout);
	return code;
}
