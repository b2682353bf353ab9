/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpathpersist's command line, as QEMU's pr-helper, LVM's lvmpersist and
 * fence_mpath write it: one PERSISTENT RESERVE IN or OUT request on one
 * map. Checked whole before anything is sent: a key that is not a 64-bit
 * hex number, a type that is no reservation type, a missing or doubled
 * service action are refused here. Pure (getopt aside): words in, a
 * request or a complaint out.
 */
#ifndef MPX_PR_ARGS_H
#define MPX_PR_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct mpx_pr_req {
	bool in; /* PERSISTENT RESERVE IN; else OUT */
	int sa; /* MPX_PRIN_* or MPX_PROUT_* */
	uint64_t rk, sark; /* --param-rk, --param-sark */
	unsigned int type; /* --prout-type; 0 when not given */
	bool aptpl; /* --param-aptpl */
	int verbosity; /* -v: 0 errors only; 1 (default) and warnings; 2 each path */
	const char *device; /* -d, or the one argument left */
	bool help; /* -h: nothing else was checked */
};

/*
 * Parse argv (argv[0] is the program) into *ret. MPX_PR_OK (0), or
 * MPX_PR_SYNTAX with the reason written to err (prefixed with prog).
 * Uses getopt_long, restarting it.
 */
int mpx_pr_args_parse(int argc, char **argv, const char *prog, struct mpx_pr_req *ret, FILE *err);

/* Whether a PR OUT service action takes a reservation type. */
bool mpx_pr_sa_typed(int sa);

/* A key as the request and mpathpersist spell them: 1 to 16 hex digits, "0x" optional. */
int mpx_pr_parse_key(const char *s, uint64_t *ret);

/* The usage text, as "mpxpersist -h" prints it. */
void mpx_pr_usage(FILE *f, const char *prog);

#endif
