// SPDX-License-Identifier: GPL-2.0-only
#include "ps-grammar.h"

static int ignore_group_args(struct mpx_args *as, struct mpx_ps_conf *conf,
			     const char **reason)
{
	return 0;
}

/* repeat_count: any %u; above 1 it is deprecated and taken as 1. */
static int parse_repeat(const char *w, struct mpx_ps_conf *conf)
{
	unsigned int v;

	if (mpx_parse_uint(w, &v) < 0)
		return -EINVAL;
	if (v > 1) {
		v = 1;
		conf->clamped = true;
	}
	conf->val[0] = v;
	return 0;
}

/* round-robin and queue-length: [repeat_count] */
static int parse_repeat_only(struct mpx_args *as, struct mpx_ps_conf *conf,
			     const char **reason, const char *e_count,
			     const char *e_repeat)
{
	conf->val[0] = 1;
	if (as->argc > 1) {
		*reason = e_count;
		return -EINVAL;
	}
	if (as->argc == 1 && parse_repeat(mpx_args_shift(as), conf) < 0) {
		*reason = e_repeat;
		return -EINVAL;
	}
	return 0;
}

static int rr_parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
			 const char **reason)
{
	return parse_repeat_only(as, conf, reason,
				 "round-robin ps: incorrect number of arguments",
				 "round-robin ps: invalid repeat count");
}

static int ql_parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
			 const char **reason)
{
	return parse_repeat_only(as, conf, reason,
				 "queue-length ps: incorrect number of arguments",
				 "queue-length ps: invalid repeat count");
}

/* service-time: [repeat_count [relative_throughput]] */
static int st_parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
			 const char **reason)
{
	unsigned int rt;

	conf->val[0] = 1;
	conf->val[1] = 1;
	if (as->argc > 2) {
		*reason = "service-time ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (as->argc >= 1 && parse_repeat(mpx_args_shift(as), conf) < 0) {
		*reason = "service-time ps: invalid repeat count";
		return -EINVAL;
	}
	if (as->argc == 1) {
		if (mpx_parse_uint(mpx_args_shift(as), &rt) < 0 ||
		    rt > MPX_ST_MAX_RELATIVE_THROUGHPUT) {
			*reason = "service-time ps: invalid relative_throughput value";
			return -EINVAL;
		}
		conf->val[1] = rt;
	}
	return 0;
}

/* Built-ins print no group status: "0 " (no words follow). */
static void emit_no_group_status(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "0 ");
}

static void emit_repeat(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "%u ", conf->val[0]);
}

static void emit_repeat_rt(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "%u %u ", conf->val[0], conf->val[1]);
}

const struct mpx_ps_grammar mpx_ps_round_robin_grammar = {
	.name = "round-robin",
	.table_args = 1,
	.info_args = 0,
	.parse_group = ignore_group_args,
	.parse_path = rr_parse_path,
	.emit_group = emit_no_group_status,
	.emit_path = emit_repeat,
};

const struct mpx_ps_grammar mpx_ps_queue_length_grammar = {
	.name = "queue-length",
	.table_args = 1,
	.info_args = 1,
	.parse_group = ignore_group_args,
	.parse_path = ql_parse_path,
	.emit_group = emit_no_group_status,
	.emit_path = emit_repeat,
};

const struct mpx_ps_grammar mpx_ps_service_time_grammar = {
	.name = "service-time",
	.table_args = 2,
	.info_args = 2,
	.parse_group = ignore_group_args,
	.parse_path = st_parse_path,
	.emit_group = emit_no_group_status,
	.emit_path = emit_repeat_rt,
};

const struct mpx_ps_grammar *const mpx_ps_builtin_grammars[] = {
	&mpx_ps_round_robin_grammar,
	&mpx_ps_queue_length_grammar,
	&mpx_ps_service_time_grammar,
	NULL,
};
