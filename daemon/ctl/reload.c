// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading the configuration: at start (main.c), and again on SIGHUP or
 * "mpxctl reconfigure". A configuration that does not load is refused
 * with its errors logged, and the running one stays.
 */
#include "conf/config.h"
#include "conf/parse.h"
#include "ctl/ctl.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "mpxd.h"
#include "tenants/tenants.h"

int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret)
{
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };
	size_t i;
	int r;

	r = mpx_config_load_mpxd(&c, file, dir, &err);
	for (i = 0; i < c.nr_notices; i++)
		log_notice(log, "%s", c.notices[i]);
	for (i = 0; i < c.nr_warnings; i++)
		log_warning(log, "%s", c.warnings[i]);
	if (r) {
		if (err.line)
			log_err(log, "%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
		else if (err.msg[0])
			log_err(log, "%s: %s", err.file, err.msg);
		else
			log_err_errno(log, r, "cannot load the configuration");
		mpx_config_free(&c);
		return r;
	}
	*ret = c;
	return 0;
}

int mpxd_reconfigure(struct mpxd *d)
{
	struct mpx_config c;
	size_t i;
	int r;

	d->reconfigure = false;
	r = mpxd_load_config(&d->log, d->conf_file, d->conf_dir, &c);
	if (r) {
		log_err(&d->log, "new configuration not loaded, keeping the running one");
		return r;
	}
	mpx_config_free(&d->config);
	d->config = c;
	log_notice(&d->log, "configuration reloaded");
	mpxd_tenants_reconfigured(d);
	for (i = 0; i < d->nr_paths; i++) {
		mpxd_path_refresh(d, d->paths[i]);
		mpxd_map_assign(d, d->paths[i]);
	}
	for (i = 0; i < d->nr_maps; i++) {
		d->maps[i]->dirty = true;
		d->maps[i]->policy_pending = true;
	}
	return 0;
}
