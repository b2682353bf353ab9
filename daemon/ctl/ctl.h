/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control part: mpxd's socket (server.c), the commands it runs
 * (dispatch.c, by the table mpxctl shares: cmd-table.h), and reloading
 * the configuration (reload.c, also run on SIGHUP).
 */
#ifndef MPXD_CTL_CTL_H
#define MPXD_CTL_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct mpxd;
struct mpx_config;
struct mpx_log;

/* server.c: the control socket */
#define MPXD_SRC_CLIENT 1000		/* epoll tag of client slot 0 */
struct mpxd_ctl_client;
int mpxd_ctl_open(struct mpxd *d);
void mpxd_ctl_accept(struct mpxd *d);
void mpxd_ctl_client_event(struct mpxd *d, uint64_t slot, uint32_t events);
void mpxd_ctl_expire(struct mpxd *d, uint64_t now);
void mpxd_ctl_close(struct mpxd *d);

/* dispatch.c: run one request; the reply (malloc'd) starts with "ok\n" or "error ...\n". */
char *mpxd_ctl_dispatch(struct mpxd *d, const char *request);

/* json.c */
void mpxd_json_str(FILE *f, const char *s);	/* a JSON string, quoted */

/*
 * The handlers dispatch.c runs, by command (cmd-table.h): 0, or -errno
 * with the reason written to f.
 */
struct mpx_cmd_req;
/* show.c */
int mpxd_show_paths(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_maps(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_topology(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_status(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_config(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_selectors(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_show_tenants_cmd(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
/* show-policies.c */
int mpxd_show_policies(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
/* actions.c */
int mpxd_cmd_policy_load(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_policy_unload(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
/* fail path, reinstate path */
int mpxd_cmd_fail_reinstate(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_add_path(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_del_path(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_switch_map(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_resize_map(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
int mpxd_cmd_reconfigure(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);
/* persist-cmds.c: every "persist ..." command */
int mpxd_persist_cmd(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f);

/* show-tenants.c */
int mpxd_tenants_show(struct mpxd *d, bool json, FILE *f);

/* reload.c */
/*
 * check-luns.c: the host's SCSI LUNs as mpxd would take them, each with its
 * options and their origins (for --check-config), in config file comments.
 */
struct mpx_config;
int mpxd_check_luns(const struct mpx_config *c, FILE *f);

int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret);
/* Reload the configuration; a broken one leaves the running one in place. */
int mpxd_reconfigure(struct mpxd *d);

#endif
