/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct mpxd: the daemon's one context, passed explicitly; there is no
 * other mutable global state.
 */
#ifndef MPXD_H
#define MPXD_H

#include <stddef.h>
#include "log.h"
#include "config.h"
#include "dm-status.h"

/* What the monitor last saw of one map. */
struct mpxd_map_seen {
	char *name;
	struct mpx_status status;
};

struct mpxd {
	struct mpx_log log;
	struct mpx_config config;
	int dm_fd;		/* /dev/mapper/control, armed for events */
	int signal_fd;
	struct mpxd_map_seen *seen;
	size_t nr_seen;
};

/* main.c: load a configuration, logging its warnings and errors. */
int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret);

/* monitor.c: log what changed in the mpx maps since the last look. */
int mpxd_monitor_scan(struct mpxd *d);
void mpxd_monitor_free(struct mpxd *d);

#endif
