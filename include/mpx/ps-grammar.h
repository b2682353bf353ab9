/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The table grammar of a path selector, and the small helpers it parses
 * and prints with. Plain C shared by dm-mpx.ko, selector modules, mpxd and
 * the unit tests: include it after the kernel's <linux/types.h> or libc's
 * <stdbool.h> and <stddef.h>.
 */
#ifndef MPX_PS_GRAMMAR_H
#define MPX_PS_GRAMMAR_H

/* A cursor over the words of a table line. */
struct mpx_args {
	unsigned int argc;
	char **argv;
};

/* Bounded text output with DMEMIT's behaviour (never overruns). */
struct mpx_buf {
	char *p;
	size_t len;	/* size of p, including the terminating NUL */
	size_t pos;	/* bytes written so far */
	bool overflow;
};

/* Values a selector parses from its own arguments (meaning is its own). */
struct mpx_ps_conf {
	unsigned int val[4];
	bool clamped;		/* an argument was out of range and clamped: warn */
};

/*
 * A selector's table grammar. The parse functions get exactly their
 * counted words and return 0, or -EINVAL with a reason naming the fault;
 * the emit functions print the group's and a path's words for
 * "dmsetup table" (and the group's for "dmsetup status"), each word
 * followed by a space.
 */
struct mpx_ps_grammar {
	const char *name;
	unsigned int table_args;	/* per-path words printed by "table" */
	unsigned int info_args;		/* per-path words printed by "status" */
	int (*parse_group)(struct mpx_args *as, struct mpx_ps_conf *conf,
			   const char **reason);
	int (*parse_path)(struct mpx_args *as, struct mpx_ps_conf *conf,
			  const char **reason);
	void (*emit_group)(struct mpx_buf *b, const struct mpx_ps_conf *conf);
	void (*emit_path)(struct mpx_buf *b, const struct mpx_ps_conf *conf);
};

/* Next word, or NULL at the end of the line. */
const char *mpx_args_shift(struct mpx_args *as);
/* Split off the next n words as their own cursor. */
void mpx_args_split(struct mpx_args *as, unsigned int n, struct mpx_args *group);
/* Parse "%u" strictly (digits only, no overflow): 0 or -EINVAL. */
int mpx_parse_uint(const char *s, unsigned int *ret);
/* Append printf-style text; marks overflow instead of overrunning. */
__attribute__((format(printf, 2, 3)))
void mpx_emit(struct mpx_buf *b, const char *fmt, ...);

static inline void mpx_buf_init(struct mpx_buf *b, char *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->pos = 0;
	b->overflow = false;
	if (len)
		p[0] = '\0';
}

#endif
