/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control commands, written once and compiled into both programs:
 * what mpxctl accepts and sends, the arguments each command takes, its
 * help line, and the JSON member its --json reply is named by. mpxctl
 * parses its command line with this table; mpxd parses requests with it
 * and runs the handler of the command's id (ctl/dispatch.c). Arguments are
 * parsed here too, by their name in the usage: the handler decides when.
 *
 * No daemon state here: mpxctl links this file alone.
 */
#ifndef MPXD_CTL_CMD_TABLE_H
#define MPXD_CTL_CMD_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum mpx_cmd_id {
	MPX_CMD_SHOW_PATHS,
	MPX_CMD_SHOW_MAPS,
	MPX_CMD_SHOW_TOPOLOGY,
	MPX_CMD_SHOW_STATUS,
	MPX_CMD_SHOW_CONFIG,
	MPX_CMD_SHOW_SELECTORS,
	MPX_CMD_SHOW_POLICIES,
	MPX_CMD_SHOW_TENANTS,
	MPX_CMD_POLICY_LOAD,
	MPX_CMD_POLICY_UNLOAD,
	MPX_CMD_PERSIST_REGISTER,
	MPX_CMD_PERSIST_UNREGISTER,
	MPX_CMD_PERSIST_CLEAR,
	MPX_CMD_PERSIST_RESERVE,
	MPX_CMD_PERSIST_RELEASE,
	MPX_CMD_PERSIST_PREEMPT,
	MPX_CMD_PERSIST_PREEMPT_ABORT,
	MPX_CMD_PERSIST_READ_KEYS,
	MPX_CMD_PERSIST_READ_RESERVATION,
	MPX_CMD_PERSIST_READ_FULL_STATUS,
	MPX_CMD_PERSIST_REPORT_CAPABILITIES,
	MPX_CMD_PERSIST_SET_KEY,
	MPX_CMD_PERSIST_KEY,
	MPX_CMD_FAIL_PATH,
	MPX_CMD_REINSTATE_PATH,
	MPX_CMD_SWITCH_MAP,
	MPX_CMD_ADD_PATH,
	MPX_CMD_DEL_PATH,
	MPX_CMD_RESIZE_MAP,
	MPX_CMD_RECONFIGURE,
	MPX_CMD_STATS,
	MPX_CMD_VERSION,
	MPX_NR_CMDS
};

#define MPX_CMD_LOCAL 0x1		/* mpxctl answers it, without mpxd */
#define MPX_CMD_KERNEL_VIEW 0x2		/* without mpxd, mpxctl shows the kernel's view */

struct mpx_cmd {
	enum mpx_cmd_id id;
	/*
	 * The grammar, as --help shows it: lower-case words are literal,
	 * upper-case ones arguments, a trailing [ARG] optional.
	 */
	const char *usage;
	const char *help;
	/* --json: the reply's top-level member; "" a flat object; NULL no JSON form */
	const char *json;
	unsigned int flags;
};

extern const struct mpx_cmd mpx_cmds[MPX_NR_CMDS];

#define MPX_CMD_MAX_WORDS 8

/* A request matched against the table. */
struct mpx_cmd_req {
	const struct mpx_cmd *cmd;
	const char *arg[MPX_CMD_MAX_WORDS];	/* in usage order; NULL: an optional one left out */
	unsigned int nr_args;
	bool json;				/* --json was given */
};

/*
 * Match words against the table (a "--json" word sets ret->json). 0;
 * -E2BIG for more than MPX_CMD_MAX_WORDS words; -ENOENT when no command
 * has this shape.
 */
int mpx_cmd_match(char *const *words, int n, struct mpx_cmd_req *ret);
/* The commands whose first word is word, one usage per line (mpxctl --help: all). */
void mpx_cmd_usage(FILE *f, const char *word, const char *sep);

/* The arguments' parsers. 0 or -EINVAL, with the complaint in f. */
int mpx_cmd_parse_key(const char *s, uint64_t *ret); /* "0x..." or decimal */
int mpx_cmd_key(const char *s, uint64_t *ret, FILE *f);
int mpx_cmd_type(const char *s, int *ret, FILE *f);	/* reservation type name */

#endif
