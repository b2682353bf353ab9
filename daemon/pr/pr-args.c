// SPDX-License-Identifier: GPL-2.0-only
/* mpathpersist's command line (pr-args.h). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "conf/prkeys.h"
#include "pr/pr-args.h"
#include "pr/pr-scsi.h"

/* mpathpersist's options, the unsupported ones included, to name them. */
static const struct option options[] = {
	{ "verbose", required_argument, NULL, 'v' },
	{ "clear", no_argument, NULL, 'C' },
	{ "device", required_argument, NULL, 'd' },
	{ "batch-file", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "hex", no_argument, NULL, 'H' },
	{ "in", no_argument, NULL, 'i' },
	{ "out", no_argument, NULL, 'o' },
	{ "param-alltgpt", no_argument, NULL, 'Y' },
	{ "param-aptpl", no_argument, NULL, 'Z' },
	{ "param-rk", required_argument, NULL, 'K' },
	{ "param-sark", required_argument, NULL, 'S' },
	{ "preempt", no_argument, NULL, 'P' },
	{ "preempt-abort", no_argument, NULL, 'A' },
	{ "prout-type", required_argument, NULL, 'T' },
	{ "read-full-status", no_argument, NULL, 's' },
	{ "read-keys", no_argument, NULL, 'k' },
	{ "read-reservation", no_argument, NULL, 'r' },
	{ "register", no_argument, NULL, 'G' },
	{ "register-ignore", no_argument, NULL, 'I' },
	{ "release", no_argument, NULL, 'L' },
	{ "report-capabilities", no_argument, NULL, 'c' },
	{ "reserve", no_argument, NULL, 'R' },
	{ "transport-id", required_argument, NULL, 'X' },
	{ "alloc-length", required_argument, NULL, 'l' },
	{ NULL, 0, NULL, 0 },
};
static const char short_options[] = "v:Cd:hHioYZK:S:PAT:skrGILcRX:l:f:";

/* Options taken for a service action: which, and whether it is IN or OUT. */
static const struct {
	int opt;
	bool in;
	int sa;
} actions[] = {
	{ 'k', true, MPX_PRIN_READ_KEYS },
	{ 'r', true, MPX_PRIN_READ_RESERVATION },
	{ 'c', true, MPX_PRIN_REPORT_CAPABILITIES },
	{ 's', true, MPX_PRIN_READ_FULL_STATUS },
	{ 'G', false, MPX_PROUT_REGISTER },
	{ 'I', false, MPX_PROUT_REGISTER_IGNORE },
	{ 'R', false, MPX_PROUT_RESERVE },
	{ 'L', false, MPX_PROUT_RELEASE },
	{ 'C', false, MPX_PROUT_CLEAR },
	{ 'P', false, MPX_PROUT_PREEMPT },
	{ 'A', false, MPX_PROUT_PREEMPT_ABORT },
};

void mpx_pr_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [DEVICE]\n"
		"SCSI-3 persistent reservations on an mpx map, with mpathpersist's\n"
		"command line and output. DEVICE is /dev/mapper/NAME, /dev/dm-N or NAME.\n"
		"\n"
		"  -i, --in                     PERSISTENT RESERVE IN, with one of:\n"
		"  -k, --read-keys                the registered keys\n"
		"  -r, --read-reservation         the reservation\n"
		"  -s, --read-full-status         every registration, with its initiator\n"
		"  -c, --report-capabilities      what the device supports\n"
		"  -o, --out                    PERSISTENT RESERVE OUT, with one of:\n"
		"  -G, --register                 register SARK through every path (RK: the old key)\n"
		"  -I, --register-ignore          register SARK through every path, whatever is there\n"
		"  -R, --reserve                  take the reservation (RK, TYPE)\n"
		"  -L, --release                  release it (RK, TYPE)\n"
		"  -C, --clear                    remove every key and the reservation (RK)\n"
		"  -P, --preempt                  remove key SARK, take its reservation (RK, TYPE)\n"
		"  -A, --preempt-abort            as --preempt, and abort SARK's commands\n"
		"  -K, --param-rk=RK            the reservation key (hex, up to 16 digits)\n"
		"  -S, --param-sark=SARK        the service action key (hex)\n"
		"  -T, --prout-type=TYPE        1 write exclusive, 3 exclusive access, 5/6 the\n"
		"                               same for registrants only, 7/8 all registrants\n"
		"  -Z, --param-aptpl            persist through power loss (with a register)\n"
		"  -d, --device=DEVICE          the map\n"
		"  -v, --verbose=LEVEL          0 errors only, 1 and warnings (default), 2 every\n"
		"                               path's result\n"
		"  -h, --help                   this text\n",
		prog);
}

int mpx_pr_parse_key(const char *s, uint64_t *ret)
{
	struct mpx_prkey k;
	const char *why;

	/* the config's key syntax, without its "file" and ":aptpl" */
	if (mpx_prkey_parse(s, &k, &why) || k.from_file || k.aptpl)
		return -EINVAL;
	*ret = k.key;
	return 0;
}

bool mpx_pr_sa_typed(int sa)
{
	return sa == MPX_PROUT_RESERVE || sa == MPX_PROUT_RELEASE || sa == MPX_PROUT_PREEMPT ||
	       sa == MPX_PROUT_PREEMPT_ABORT;
}

static bool valid_type(unsigned int t)
{
	return t == 1 || t == 3 || (t >= 5 && t <= 8);
}

static int bad(FILE *err, const char *prog, const char *fmt, const char *arg)
{
	fprintf(err, "%s: ", prog);
	fprintf(err, fmt, arg);
	fprintf(err, "\n");
	return MPX_PR_SYNTAX;
}

/* --prout-type: hex, as mpathpersist reads it; the range is checked with the action. */
static int parse_type(const char *s, unsigned int *ret)
{
	uint64_t v;

	if (mpx_pr_parse_key(s, &v) || v > 0xff)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

static int parse_verbosity(const char *s, int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 9)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

static const char *unsupported(int o)
{
	switch (o) {
	case 'H':
		return "--hex";
	case 'Y':
		return "--param-alltgpt";
	case 'X':
		return "--transport-id";
	case 'l':
		return "--alloc-length";
	case 'f':
		return "--batch-file";
	default:
		return NULL;
	}
}

/* The options one by one; the checks that need all of them come after. */
static int take(int o, const char *arg, const char *prog, struct mpx_pr_req *q, int *n_in,
		int *n_out, FILE *err)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (actions[i].opt != o)
			continue;
		q->sa = actions[i].sa;
		(*(actions[i].in ? n_in : n_out))++;
		return 0;
	}
	switch (o) {
	case 'i':
		q->in = true;
		return 0;
	case 'o':
		return 0;
	case 'd':
		q->device = arg;
		return 0;
	case 'h':
		q->help = true;
		return 0;
	case 'Z':
		q->aptpl = true;
		return 0;
	case 'K':
		return mpx_pr_parse_key(arg, &q->rk) ?
			       bad(err, prog, "--param-rk \"%s\": not a hex key of 1 to 16 digits",
				   arg) :
			       0;
	case 'S':
		return mpx_pr_parse_key(arg, &q->sark) ?
			       bad(err, prog,
				   "--param-sark \"%s\": not a hex key of 1 to 16 digits", arg) :
			       0;
	case 'T':
		return parse_type(arg, &q->type) ?
			       bad(err, prog, "--prout-type \"%s\": not a number (hex)", arg) :
			       0;
	case 'v':
		return parse_verbosity(arg, &q->verbosity) ?
			       bad(err, prog, "--verbose \"%s\": expected a level from 0 to 9",
				   arg) :
			       0;
	default:
		if (unsupported(o))
			return bad(err, prog, "%s is not supported", unsupported(o));
		return bad(err, prog, "%s", "unknown option (see -h)");
	}
}

static int check_type(const struct mpx_pr_req *q, const char *prog, FILE *err)
{
	char t[8];

	snprintf(t, sizeof(t), "%x", q->type);
	if (mpx_pr_sa_typed(q->sa) && !q->type)
		return bad(err, prog, "%s",
			   "--prout-type is needed: 1 write exclusive, 3 exclusive access, "
			   "5 or 6 the same for registrants only, 7 or 8 for all registrants");
	if (mpx_pr_sa_typed(q->sa) ? !valid_type(q->type) : q->type > 8)
		return bad(err, prog,
			   "--prout-type %s: no reservation type (1 write exclusive, "
			   "3 exclusive access, 5 or 6 the same for registrants only, "
			   "7 or 8 for all registrants)",
			   t);
	return 0;
}

int mpx_pr_args_parse(int argc, char **argv, const char *prog, struct mpx_pr_req *ret, FILE *err)
{
	struct mpx_pr_req q = { .sa = -1, .verbosity = 1 };
	int o, n_in = 0, n_out = 0, r, idx;
	bool out = false;

	optind = 0; /* GNU getopt: start over (the tests parse many lines) */
	opterr = 0;
	while ((o = getopt_long(argc, argv, short_options, options, &idx)) != -1) {
		if (o == '?' || o == ':') {
			fprintf(err, "%s: unknown option or missing argument: \"%s\" (see -h)\n",
				prog, argv[optind - 1]);
			return MPX_PR_SYNTAX;
		}
		out |= o == 'o';
		r = take(o, optarg, prog, &q, &n_in, &n_out, err);
		if (r)
			return r;
	}
	if (q.help) {
		*ret = q;
		return 0;
	}
	if (optind < argc && !q.device)
		q.device = argv[optind++];
	if (optind < argc)
		return bad(err, prog, "unexpected argument \"%s\"", argv[optind]);
	if (q.in == out)
		return bad(err, prog, "%s", "choose either --in (-i) or --out (-o)");
	if (q.in && n_out)
		return bad(err, prog, "%s",
			   "--in takes --read-keys, --read-reservation, --read-full-status or "
			   "--report-capabilities");
	if (q.in && n_in != 1)
		return bad(err, prog, "%s",
			   n_in ? "give one service action only" :
				  "--in needs a service action: --read-keys, --read-reservation, "
				  "--read-full-status or --report-capabilities");
	if (!q.in && n_in)
		return bad(err, prog, "%s",
			   "--read-keys, --read-reservation, --read-full-status and "
			   "--report-capabilities go with --in (-i)");
	if (!q.in && n_out != 1)
		return bad(err, prog, "%s",
			   n_out ? "give one service action only" :
				   "--out needs a service action: --register, "
				   "--register-ignore, --reserve, --release, --clear, "
				   "--preempt or --preempt-abort");
	if (!q.in && (r = check_type(&q, prog, err)))
		return r;
	if (!q.device)
		return bad(err, prog, "%s", "no device given (-d /dev/mapper/NAME)");
	*ret = q;
	return 0;
}
