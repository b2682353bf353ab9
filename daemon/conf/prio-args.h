/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * prio_args, as multipath-tools' prioritizers read them:
 *
 *   alua, sysfs   "exclusive_pref_bit": only a preferred port's paths get
 *                 the preferred bonus (80) in the optimized state too
 *   weightedpath  "<hbtl|devname|serial|wwn> <regex> <prio> [<regex> <prio>]...":
 *                 the prio of the first regex that matches the path's
 *                 H:C:T:L, device name, unit serial number, or
 *                 "<host WWNN>:<host WWPN>:<target WWNN>:<target WWPN>"
 *                 (Fibre Channel); 0 when none does
 *   path_latency  "io_num=<20..200> base_num=<1.1..10>": io_num timed
 *                 reads; the mean latency on a logarithmic scale of base
 *                 base_num gives the prio (default io_num=100,
 *                 base_num=1.778, four prio steps a factor of ten)
 *
 * Pure: the config check (apply.c) and the prioritizers (daemon/prio/)
 * share it. No logging.
 */
#ifndef MPX_CONF_PRIO_ARGS_H
#define MPX_CONF_PRIO_ARGS_H

#include <stdbool.h>

#define MPX_LATENCY_IO_MIN 20
#define MPX_LATENCY_IO_MAX 200
#define MPX_LATENCY_IO_DEFAULT 100
#define MPX_LATENCY_BASE_MIN 1.1
#define MPX_LATENCY_BASE_MAX 10.0
#define MPX_LATENCY_BASE_DEFAULT 1.77827941004	/* 10^(1/4) */
#define MPX_WEIGHT_MAX 1000000

/* NULL if args suit the prio kind (enum mpx_prio_kind), else why not. */
const char *mpx_prio_args_check(int kind, const char *args);

/* alua, sysfs: "exclusive_pref_bit" is among the words. */
bool mpx_prio_args_exclusive_pref(const char *args);

struct mpx_latency_args {
	unsigned int io_num;
	double base_num;
};
/* path_latency: the args, or the defaults where they do not parse. */
void mpx_prio_args_latency(const char *args, struct mpx_latency_args *ret);

/* What weightedpath matches a path by ("" where a path has none). */
struct mpx_weighted_ids {
	const char *hbtl, *devname, *serial, *wwn;
};
/* weightedpath: the path's prio. 0, or -EINVAL for args it cannot use (*ret 0). */
int mpx_prio_args_weighted(const char *args, const struct mpx_weighted_ids *ids, int *ret);

#endif
